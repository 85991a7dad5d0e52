"""GDS801/GDS802: moved to :mod:`eistandaard.conventions.vektis.gds`; kept for plug-ins and callers.

Only the public names stay here (the Vektis GDS policy lives under ``conventions/vektis/gds/``).
"""

from __future__ import annotations

from eistandaard.conventions.vektis.gds import (
    GDS801,
    GDS802,
    GDSDiff,
    InsurerDecisions,
    PrestatieDecision,
    PrestatieOutcome,
    build_gds802,
    diff_gds,
    load_decisions,
    parse_gds802,
    serialize_gds801,
)

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
