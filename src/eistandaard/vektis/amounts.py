"""Vektis amounts: a decimal ``Bedrag`` with two places and a ``DebetCreditCode`` (D or C)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import attrs
from lxml import etree

from eistandaard.core.paths import local_name

__all__ = ["format_amount", "signed_amount", "split_amount"]


def _child_text(element: etree._Element | None, name: str) -> str:
    if element is None:
        return ""
    for child in element:
        if isinstance(child.tag, str) and local_name(child) == name:
            return (child.text or "").strip()
    return ""


def signed_amount(element: etree._Element | None) -> Decimal:
    """The value of a ``{Bedrag, DebetCreditCode}`` element, negative for C; 0 when unreadable."""
    try:
        value = Decimal(_child_text(element, "Bedrag") or "0")
    except InvalidOperation:
        value = Decimal(0)
    return -value if _child_text(element, "DebetCreditCode") == "C" else value


def split_amount(value: Decimal) -> tuple[str, str]:
    """``(Bedrag, DebetCreditCode)`` for a signed value: 0 and more is D, less than 0 is C."""
    return format_amount(abs(value)), ("C" if value < 0 else "D")


def format_amount(value: Decimal) -> str:
    """A Bedrag with exactly two decimals (``1300.00``)."""
    return f"{value.quantize(Decimal('0.01')):f}"


@attrs.frozen
class BedragDC:
    """A Vektis amount: ``Bedrag`` (two decimals, never negative) and ``DebetCreditCode`` D/C."""

    bedrag: Decimal
    debet_credit: str = "D"

    @property
    def signed(self) -> Decimal:
        """The amount with its sign: C is negative."""
        return -self.bedrag if self.debet_credit == "C" else self.bedrag

    @classmethod
    def of(cls, value: Decimal) -> BedragDC:
        """The BedragDC of a signed value (0 is D)."""
        return cls(abs(value), "C" if value < 0 else "D")
