"""What the CAK decides per payment order, for the BM802 it writes (``--decisions FILE``).

The CAK's own rejections (level 5, against its own systems) per Betaalopdrachtnummer, with the
COD954 retourcodes it gives; a payment order without a decision is granted (STB 5.3-5.8: the
BM802 then leaves it out and TotaalToegekendBedragDC counts it). A decisions file is TOML, or
the same structure as JSON for a ``.json`` file::

    [betaalopdracht.BO-2026-0001]
    retourcodes = ["P010"]

Strict, like every family's decisions: an unknown key, a malformed code, a
Betaalopdrachtnummer the BM801 lacks (or has twice: the BM802's identifying path cannot tell
them apart) and a code that COD954-VEKT (when a list is given) lacks or does not hold on the
answer's Verzenddatum are a :class:`~eistandaard.core.errors.DecisionError` naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from eistandaard.conventions.vektis.decisions import (
    CAK,
    DocumentShape,
    load_with,
    only_match,
    rejection_findings,
    retourcodes,
)
from eistandaard.core.errors import DecisionError
from eistandaard.core.findings import Finding
from eistandaard.core.paths import PathCache
from eistandaard.core.xml import child_text, children
from eistandaard.standards.wording import said_error

__all__ = [
    "CakDecisions",
    "decided_orders",
    "decision_findings",
    "decisions_from_data",
    "load_decisions",
]

_SHAPE = DocumentShape("betaalopdracht", "Betaalopdrachtnummers", entry_keys=("retourcodes",))


@attrs.frozen
class CakDecisions:
    """The CAK's rejections: Betaalopdrachtnummer -> COD954 retourcodes."""

    betaalopdrachten: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    @property
    def decides(self) -> bool:
        """True when a payment order is rejected (only the CAK does that, never VECOZO)."""
        return bool(self.betaalopdrachten)

    def keyed_codes(self) -> list[tuple[str, str]]:
        """Every (code, key) pair, the key as written (``betaalopdracht.BO-1.retourcodes``)."""
        return [
            (code, f"betaalopdracht.{number}.retourcodes")
            for number, codes in self.betaalopdrachten.items()
            for code in codes
        ]


def decisions_from_data(data: Any, where: str = "decisions") -> CakDecisions:
    """CAK decisions from parsed TOML or JSON (see the module docstring).

    :raises DecisionError: naming the key that does not fit.
    """
    found: dict[str, tuple[str, ...]] = {}
    for number, key, entry in _SHAPE.entries(data, where):
        if "retourcodes" not in entry:
            raise DecisionError(said_error("decisions-no-codes", key=key))
        codes = retourcodes(entry["retourcodes"], f"{key}.retourcodes")
        if not codes:
            raise DecisionError(said_error("decisions-codes-empty", key=key))
        found[number] = codes
    return CakDecisions(found)


def load_decisions(path: Path) -> CakDecisions:
    """Read a CAK decisions file (TOML or JSON: ``read_decisions``' syntax rule).

    :raises DecisionError: when it is unreadable, malformed or has an unknown key.
    """
    return load_with(path, decisions_from_data)


def decision_findings(root: etree._Element, decisions: CakDecisions) -> list[Finding]:
    """Level-5 findings on the Betaalopdrachten the CAK rejects.

    :raises DecisionError: a Betaalopdrachtnummer the BM801 lacks or holds more than once.
    """
    findings: list[Finding] = []
    paths = PathCache()
    for opdracht, number in decided_orders(root, decisions).items():
        details = f"Betaalopdrachtnummer={number}"
        codes = decisions.betaalopdrachten[number]
        findings += rejection_findings(opdracht, codes, CAK, details, paths)
    return findings


def decided_orders(root: etree._Element, decisions: CakDecisions) -> dict[etree._Element, str]:
    """The Betaalopdracht each decision names -> its Betaalopdrachtnummer.

    :raises DecisionError: a Betaalopdrachtnummer the BM801 lacks or holds more than once.
    """
    by_number: dict[str, list[etree._Element]] = {}
    for opdracht in children(root, "Betaalopdracht"):
        by_number.setdefault(child_text(opdracht, "Betaalopdrachtnummer"), []).append(opdracht)
    found: dict[etree._Element, str] = {}
    for number in decisions.betaalopdrachten:
        opdracht = only_match(
            by_number.get(number, []),
            said_error("decisions-at", key=f"betaalopdracht.{number}"),
            missing=said_error("decisions-bm-no-order"),
            many=said_error("decisions-bm-many-orders"),
        )
        found[opdracht] = number
    return found
