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

Decisions are strict: an unknown key (``[prestaties.X]``, ``retourcode``, the iWmo/iJw JSON
shape), a malformed code or amount, a Referentienummer the GDS801 lacks (or that names more than
one prestatie: write ``DebetPrestatie/P0001`` or ``CreditPrestatie/P0001`` then), a granted amount
above the declared one, and a retourcode that COD954-VEKT (when a list is given) lacks or does not
hold on the answer's Verzenddatum are
:class:`~eistandaard.core.errors.DecisionError` (``ei return``:
exit 2), each naming its key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from eistandaard.conventions.vektis.decisions import DocumentShape, load_with, retourcodes
from eistandaard.core.errors import DecisionError
from eistandaard.core.text import quoted
from eistandaard.standards.wording import said_error

__all__ = [
    "InsurerDecisions",
    "PrestatieDecision",
    "decisions_from_data",
    "load_decisions",
]


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

    @property
    def decides(self) -> bool:
        """True when it decides a prestatie or numbers the declaration (only the insurer does)."""
        return bool(self.prestaties or self.declaratienummer)


_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
"""An amount written as text: ASCII digits, optionally a point and one or two decimals."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""Characters no XML 1.0 text may hold (and the C1 controls, which it should not)."""
_SHAPE = DocumentShape(
    "prestatie",
    "Referentienummers",
    entry_keys=("retourcodes", "toegekend", "niet_financieel", "berekend"),
    other_keys=("declaratienummer",),
)


def _amount(where: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise DecisionError(said_error("decisions-not-amount", where=where, value=quoted(value)))
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise DecisionError(
            said_error("decisions-not-amount", where=where, value=quoted(value))
        ) from exc
    if not amount.is_finite():
        raise DecisionError(said_error("decisions-not-amount", where=where, value=quoted(value)))
    if amount < 0:
        raise DecisionError(said_error("decisions-negative-amount", where=where))
    if amount != amount.quantize(Decimal("0.01")):
        raise DecisionError(
            said_error("decisions-amount-decimals", where=where, value=quoted(value))
        )
    if isinstance(value, str) and not _AMOUNT.fullmatch(value):
        # Decimal also reads "1e2", "1_0.00", "+10.00", " 10.00" and non-ASCII digits.
        raise DecisionError(said_error("decisions-amount-form", where=where, value=quoted(value)))
    return amount


def decisions_from_data(data: Any, where: str = "decisions") -> InsurerDecisions:
    """Insurer decisions from parsed TOML or JSON (the format of the module docstring).

    Strict: an unknown key anywhere (``[prestaties.X]``, ``retourcode``, the iWmo/iJw JSON
    shape), a malformed COD954 code or amount is refused.

    :raises DecisionError: naming the key.
    """
    prestaties: dict[str, PrestatieDecision] = {}
    for reference, key, entry in _SHAPE.entries(data, where):
        codes = retourcodes(entry.get("retourcodes", []), f"{key}.retourcodes")
        decision = PrestatieDecision(
            retourcodes=codes,
            toegekend=_amount(f"{key}.toegekend", entry.get("toegekend")),
            niet_financieel=_amount(f"{key}.niet_financieel", entry.get("niet_financieel"))
            or Decimal(0),
            berekend=_amount(f"{key}.berekend", entry.get("berekend")),
        )
        if decision.rejected and (decision.toegekend or decision.niet_financieel):
            raise DecisionError(said_error("decisions-rejected-granted", key=key))
        prestaties[reference] = decision
    nummer = data.get("declaratienummer")
    if nummer is not None and (not isinstance(nummer, str) or not nummer.strip()):
        raise DecisionError(said_error("decisions-declaratienummer-empty"))
    if nummer is not None and _CONTROL.search(nummer):
        # lxml refuses them in the answer (it ended as an internal error, exit 3).
        raise DecisionError(said_error("decisions-declaratienummer-control", nummer=quoted(nummer)))
    return InsurerDecisions(prestaties, nummer)


def load_decisions(path: Path) -> InsurerDecisions:
    """Read a decisions file: TOML or JSON of the same structure (``read_decisions``' syntax rule).

    :raises DecisionError: when it is unreadable, malformed, or has an unknown key.
    """
    return load_with(path, decisions_from_data)
