"""The Vektis short circuit across control levels (GDS801 and BM801, Vektis STB).

VECOZO's Vektis stylesheets (GDS801 stap1) check the Header, DeclaratieContext and Overzicht
first; when one of them is rejected, no class below them is checked at all. Level 3 (relation
rules) and level 4 (code lists) are separate stages here, so each applies the short circuit to
its own findings, and :func:`apply_short_circuit` applies it across them: a rejected top class
at either level removes the findings of both levels on the classes below.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eistandaard.conventions.vektis.classes import ClassModel
from eistandaard.core.findings import Finding, Severity

__all__ = ["VEKTIS_LEVELS", "apply_short_circuit", "rejected_top_classes", "top_class"]

VEKTIS_LEVELS = (3, 4)
"""The levels the Vektis stylesheets cover (relation rules and code-list rules)."""

_STEP = re.compile(r"^/[^/]+/([^/\[]+)")


def top_class(finding: Finding) -> str | None:
    """The name of the child of the root a finding lies in (``Header``, ``Verzekerde`` ...).

    Read from the first location (``/Bericht/Header/...`` gives ``Header``); ``None`` for a
    finding on the root itself or without a location.
    """
    for location in finding.locations:
        if location.xpath:
            match = _STEP.match(location.xpath)
            return match.group(1) if match else None
    return None


def rejected_top_classes(findings: Sequence[Finding], model: ClassModel) -> list[str]:
    """The ``always`` classes of ``model`` with an error finding at level 3 or 4, sorted.

    (Header, DeclaratieContext, Overzicht for GDS; Header, Overzicht for BM.)
    """
    always = {c.name for c in model.always}
    return sorted(
        {
            name
            for f in findings
            if f.level in VEKTIS_LEVELS
            and f.severity is Severity.ERROR
            and (name := top_class(f)) in always
        }
    )


def apply_short_circuit(findings: Sequence[Finding], model: ClassModel) -> list[Finding]:
    """``findings`` without the level-3/4 findings below the top, when a top class is rejected.

    The top classes are the ``always`` classes of ``model``; a rejected top class is one with an
    error finding at level 3 or 4 (:func:`rejected_top_classes`). Findings of other levels and
    findings without a location stay.
    """
    if not rejected_top_classes(findings, model):
        return list(findings)
    always = {c.name for c in model.always}
    return [
        f
        for f in findings
        if f.level not in VEKTIS_LEVELS or top_class(f) is None or top_class(f) in always
    ]
