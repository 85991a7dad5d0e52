"""Level-5 checks of the CAK (interne controles), as plug-ins.

The CAK checks a BM801 against its own systems; those checks are not public and not part of the
standard. These are examples an integrator can use or copy: each is a callable taking a
:class:`~eistandaard.levels.checks.ParsedMessage` and returning findings whose class is
``Betaalopdracht`` and whose retourcode is provisional (``rbc/bm/2.0/rules.toml``, CAK01/CAK02).
Pass them to ``ei chain --cak-checks
eistandaard.conventions.vektis.bm.cak:amount_over_one_million``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from lxml import etree

from eistandaard.conventions.vektis.amounts import format_amount, signed_amount
from eistandaard.core.findings import Finding, Location
from eistandaard.core.paths import PathCache
from eistandaard.core.xml import child, child_text, children, value_of
from eistandaard.levels.checks import Check, ParsedMessage
from eistandaard.standards.registry import load_registry

__all__ = ["amount_over_limit", "amount_over_one_million", "blocked_ibans"]


def _finding(rule: str, element: etree._Element, details: str, paths: PathCache) -> Finding:
    definition = load_registry("bm", "2.0")[rule]
    return definition.finding(locations=(Location(xpath=paths.path(element)),), details=details)


def _opdrachten(message: ParsedMessage) -> Iterator[etree._Element]:
    return children(message.root, "Betaalopdracht")


def amount_over_limit(limit: Decimal) -> Check:
    """A check rejecting every Betaalopdracht whose amount exceeds ``limit`` (CAK01)."""

    def check(message: ParsedMessage) -> Iterable[Finding]:
        paths = PathCache()  # one per message: every order's path in linear time
        for opdracht in _opdrachten(message):
            amount = child(opdracht, "BedragDC")
            if abs(signed_amount(amount)) > limit:
                bedrag = child_text(amount, "Bedrag")
                # Elementnaam=Elementwaarde pairs, the BM802's betrokken elementen: the values
                # as the message writes them (not an amount for people, so no Money.text).
                yield _finding(
                    "CAK01",
                    opdracht,
                    f"Bedrag={bedrag}; Limiet={format_amount(limit)}",
                    paths,
                )

    check.rules = ("CAK01",)  # type: ignore[attr-defined]  # declares its rule (notrun.covered_rules)
    return check


amount_over_one_million = amount_over_limit(Decimal("1000000.00"))
"""CAK01 with a limit of one million euro per payment order."""


def blocked_ibans(ibans: Iterable[str]) -> Check:
    """A check rejecting Bankgegevens whose IBAN is on the CAK's list ``ibans`` (CAK02)."""
    blocked = frozenset(i.replace(" ", "").upper() for i in ibans)

    def check(message: ParsedMessage) -> Iterable[Finding]:
        paths = PathCache()
        for opdracht in _opdrachten(message):
            for bank in children(opdracht, "Bankgegevens"):
                for iban in children(bank, "Iban"):
                    if value_of(iban) in blocked:
                        yield _finding("CAK02", bank, f"Iban={value_of(iban)}", paths)

    check.rules = ("CAK02",)  # type: ignore[attr-defined]  # declares its rule (notrun.covered_rules)
    return check
