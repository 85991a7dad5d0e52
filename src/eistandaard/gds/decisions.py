"""What an insurer decides per prestatie, for the GDS802 it writes.

Per Referentienummer of a DebetPrestatie or CreditPrestatie: the retourcodes it rejects the
prestatie with (COD954), and the amounts it grants. A prestatie without a decision is granted in
full: ToegekendBedragInclBtwFinancieel = DeclaratieBedragInclBtw (credit: the credited amount),
BerekendBedragVerzekeraarInclBtw = BerekendBedragInclBtw. A rejected prestatie is granted 0.00.

A decisions file (``--decisions FILE``) is TOML::

    declaratienummer = "VZ-2026-000123"      # optional: DeclaratienummerVerzekeraar

    [prestatie.P0001]
    toegekend = "100.00"                     # ToegekendBedragInclBtwFinancieel
    niet_financieel = "0.00"                 # ToegekendBedragInclBtwNietFinancieel
    berekend = "110.00"                      # BerekendBedragVerzekeraarInclBtw

    [prestatie.P0002]
    retourcodes = ["8001"]                   # rejected with these codes
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from eistandaard.errors import InputError
from eistandaard.intake import read_regular_file
from eistandaard.resources import load_toml

__all__ = ["InsurerDecisions", "PrestatieDecision", "load_decisions"]

_COD954_FORM = re.compile(r"[0-9A-Z]{4}")
"""The form of a COD954-VEKT retourcode, as the GDS802 schema's Retourcode type has it."""


@attrs.frozen
class PrestatieDecision:
    """The insurer's decision on one prestatie (``None`` amounts: the default described above)."""

    retourcodes: tuple[str, ...] = ()
    toegekend: Decimal | None = None
    niet_financieel: Decimal = Decimal(0)
    berekend: Decimal | None = None

    @property
    def rejected(self) -> bool:
        """Whether the insurer rejects the prestatie."""
        return bool(self.retourcodes)


@attrs.frozen
class InsurerDecisions:
    """All decisions of one GDS802, by Referentienummer."""

    prestaties: Mapping[str, PrestatieDecision] = attrs.field(factory=dict)
    declaratienummer: str | None = None


def _amount(where: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise InputError(f"{where}: {value!r} is no amount") from exc
    if amount < 0:
        raise InputError(f"{where}: amounts are never negative")
    return amount


def load_decisions(path: Path) -> InsurerDecisions:
    """Read a decisions file: TOML, or the same structure as JSON for a ``.json`` file.

    :raises InputError: when it is unreadable or malformed.
    """
    try:
        raw = read_regular_file(path)  # a FIFO or device is refused, never read blocking
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise InputError("the file must hold one JSON object")
        else:
            data = load_toml(path)
    except Exception as exc:
        raise InputError(f"{path}: cannot read decisions: {exc}") from exc
    prestaties: dict[str, PrestatieDecision] = {}
    for reference, entry in dict(data.get("prestatie", {})).items():
        if not isinstance(entry, dict):
            raise InputError(f"{path}: prestatie {reference} must be a table")
        codes = entry.get("retourcodes", [])
        if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
            raise InputError(f"{path}: prestatie {reference}: retourcodes must be strings")
        malformed = [c for c in codes if not _COD954_FORM.fullmatch(c)]
        if malformed:
            raise InputError(
                f"{path}: prestatie {reference}: {', '.join(malformed)} is no COD954 retourcode"
                " (four digits or capitals)"
            )
        prestaties[str(reference)] = PrestatieDecision(
            retourcodes=tuple(codes),
            toegekend=_amount(f"{path} {reference}", entry.get("toegekend")),
            niet_financieel=_amount(f"{path} {reference}", entry.get("niet_financieel"))
            or Decimal(0),
            berekend=_amount(f"{path} {reference}", entry.get("berekend")),
        )
    nummer = data.get("declaratienummer")
    return InsurerDecisions(prestaties, None if nummer is None else str(nummer))
