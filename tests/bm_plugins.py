"""Level-5 plug-ins used by the chain fixtures (fixtures/bm/2.0/chain/*.chain.toml)."""

from __future__ import annotations

from collections.abc import Iterable

from eistandaard.conventions.vektis.bm.cak import blocked_ibans
from eistandaard.core.findings import Finding, Level, Location
from eistandaard.levels.checks import ParsedMessage

blocked = blocked_ibans(["NL57RABO0111222333", "NL20INGB0001234567"])
"""The CAK blocks two fictitious accounts."""


def bad_retourcode(message: ParsedMessage) -> Iterable[Finding]:
    """A faulty CAK system: rejects the first Betaalopdracht with a five-digit retourcode."""
    yield Finding(
        level=Level.INTERNAL,
        code="CAKX",
        text_nl="Fout in het systeem van het CAK.",
        text_en="Fault in the CAK's system.",
        retourcode="12345",
        locations=(Location(xpath="/Bericht/Betaalopdracht[1]"),),
        message_class="Betaalopdracht",
    )
