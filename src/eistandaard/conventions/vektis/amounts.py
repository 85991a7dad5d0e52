"""Vektis amounts: a decimal ``Bedrag`` with two places and a ``DebetCreditCode`` (D or C).

The type is the library's one money type, :class:`~eistandaard.core.money.Money` (``BedragDC`` is
its Vektis name); this module reads and writes it at the element level.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from eistandaard.core.money import Money, format_decimal
from eistandaard.core.xml import child_text
from eistandaard.standards.wording import worded

__all__ = [
    "BedragDC",
    "amount_text",
    "format_amount",
    "signed_amount",
    "split_amount",
    "unreconciled",
]

BedragDC = Money
"""A Vektis amount: ``Bedrag`` (two decimals, never negative) and ``DebetCreditCode`` D/C."""


def signed_amount(element: etree._Element | None) -> Decimal:
    """The value of a ``{Bedrag, DebetCreditCode}`` element, negative for C; 0 when unreadable."""
    code = child_text(element, "DebetCreditCode")
    money = Money.parse(child_text(element, "Bedrag") or "0", "C" if code == "C" else "D")
    return money.signed if money is not None else Decimal(0)


def split_amount(value: Decimal) -> tuple[str, str]:
    """``(Bedrag, DebetCreditCode)`` for a signed value: 0 and more is D, less than 0 is C."""
    money = Money.of(value)
    return format_decimal(money.bedrag), money.debet_credit


def format_amount(value: Decimal) -> str:
    """A Bedrag with exactly two decimals (``1300.00``)."""
    return format_decimal(value)


def amount_text(value: Decimal | None) -> Money | str:
    """A signed amount as a problem names it, ``-`` for none.

    A :class:`~eistandaard.core.money.Money`: :func:`~eistandaard.standards.wording.worded` shows
    it in each language (``1.300,00 D`` in Dutch, ``1,300.00 D`` in English).
    """
    return "-" if value is None else Money.of(value)


def unreconciled(key: str, totals: tuple[Decimal, Decimal, Decimal, Decimal]) -> str | None:
    """The problem ``key`` when submitted is not granted + rejected + not assessed, else ``None``.

    :param totals: (submitted, granted, rejected, not assessed), signed (the GDS and BM views'
        ``totals()``); the problem's words are ``rbc/common/problems.toml``'s ``key``.
    """
    submitted, granted, rejected, not_assessed = totals
    if submitted == granted + rejected + not_assessed:
        return None
    return worded(
        key,
        submitted=amount_text(submitted),
        granted=amount_text(granted),
        rejected=amount_text(rejected),
        not_assessed=amount_text(not_assessed),
    )
