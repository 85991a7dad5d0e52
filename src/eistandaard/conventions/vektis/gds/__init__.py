"""Vektis Generieke DeclaratieStandaard: GDS801 declarations (573) and GDS802 returns (574).

* the generated models (:mod:`eistandaard.models.gds10`, ``gds20``; re-exported by
  :mod:`~eistandaard.conventions.vektis.gds.model`): :func:`serialize_gds801` writes a 573 from the
  billing
  software's data, :func:`parse_gds802` reads a 574 (either release);
* :func:`build_gds802`: the return as VECOZO or as the insurer (with :class:`InsurerDecisions`);
* :func:`diff_gds`: a GDS802 explained against its GDS801, with a consistency check.

The level-4 code-list rules are data (``rbc/gds/1.0/referential.toml``) run by the one level-4
engine, :mod:`eistandaard.levels.references`.

Validation itself is :func:`eistandaard.validate` (the catalog knows GDS801/GDS802 1.0 and 2.0).
What is modelled and why: docs/standards/gds.md.
"""

from __future__ import annotations

from eistandaard.conventions.vektis.gds.decisions import (
    InsurerDecisions,
    PrestatieDecision,
    load_decisions,
)
from eistandaard.conventions.vektis.gds.diff import GDSDiff, PrestatieOutcome, diff_gds
from eistandaard.conventions.vektis.gds.returns import build_gds802
from eistandaard.models.gds import GDS801, GDS802, parse_gds802, serialize_gds801

__all__ = [
    "GDS801",
    "GDS802",
    "GDSDiff",
    "InsurerDecisions",
    "PrestatieDecision",
    "PrestatieOutcome",
    "build_gds802",
    "diff_gds",
    "load_decisions",
    "parse_gds802",
    "serialize_gds801",
]
