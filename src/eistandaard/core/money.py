"""THE money type of eistandaard: a Decimal amount with a debit/credit sign; cents as a view.

EI messages write an amount as a non-negative number and a separate debit/credit code: Vektis
``Bedrag`` (``1300.00``, two decimals) with ``DebetCreditCode`` ``D``/``C``, iStandaarden
``Bedrag`` (whole eurocents, ``130000``) with ``DebetCredit`` ``D``/``C``. :class:`Money` holds
the magnitude as a :class:`~decimal.Decimal` in euros and the code; :attr:`Money.signed` is the
signed value (credit negative) and :attr:`Money.cents` the signed eurocents.

>>> Money.parse("1300.00", "C")
Money(bedrag=Decimal('1300.00'), debet_credit='C')
>>> Money.from_cents(-123456).dutch()
'1.234,56 C'
>>> (Money.of(Decimal("10")) + Money.of(Decimal("-2.5"))).signed
Decimal('7.5')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Literal

import attrs

__all__ = ["CENT", "DebetCredit", "Money", "format_decimal"]

DebetCredit = Literal["D", "C"]
"""The debit/credit code: ``D`` debit (positive), ``C`` credit (negative)."""

CENT = Decimal("0.01")
"""One eurocent."""


def format_decimal(value: Decimal) -> str:
    """A non-negative euro amount with exactly two decimals (``1300.00``), as Vektis writes it."""
    return f"{value.quantize(CENT):f}"


@attrs.frozen
class Money:
    """An amount in euros: ``bedrag`` (0 or more) and ``debet_credit`` (``D`` or ``C``).

    A message under check may carry another code or a negative Bedrag, and an answer echoes
    what its request said: the type holds such values as given (only ``C`` counts as credit);
    :meth:`parse` is the strict reader.
    """

    bedrag: Decimal
    debet_credit: str = "D"

    @classmethod
    def of(cls, value: Decimal) -> Money:
        """The Money of a signed euro value (0 is D)."""
        return cls(abs(value), "C" if value < 0 else "D")

    @classmethod
    def from_cents(cls, cents: int) -> Money:
        """The Money of signed eurocents (the iStandaarden ``Bedrag``)."""
        return cls.of(Decimal(cents) / 100)

    @classmethod
    def parse(
        cls, bedrag: str | None, code: str | None, *, debit: str = "D", credit: str = "C"
    ) -> Money | None:
        """Read a ``Bedrag`` in euros and its code; ``None`` when either is unreadable.

        :param debit: how the message writes debit (``D``), ``credit`` likewise.
        """
        if bedrag is None or code not in (debit, credit):
            return None
        try:
            value = Decimal(bedrag.strip())
        except InvalidOperation:
            return None
        if not value.is_finite() or value < 0:
            return None
        return cls(value, "C" if code == credit else "D")

    @classmethod
    def parse_cents(
        cls, bedrag: str | None, code: str | None, *, debit: str = "D", credit: str = "C"
    ) -> Money | None:
        """Read a ``Bedrag`` in whole eurocents (iStandaarden) and its code (None: unreadable)."""
        if bedrag is None or not bedrag.strip().isdigit() or code not in (debit, credit):
            return None
        cents = int(bedrag.strip())
        return cls.from_cents(-cents if code == credit else cents)

    @property
    def signed(self) -> Decimal:
        """The amount with its sign: credit is negative."""
        return -self.bedrag if self.debet_credit == "C" else self.bedrag

    @property
    def cents(self) -> int:
        """The signed amount in eurocents (rounded half-even to a cent)."""
        return int((self.signed * 100).to_integral_value())

    def __add__(self, other: Money) -> Money:
        """The sum of two amounts, signs taken into account."""
        return Money.of(self.signed + other.signed)

    def __neg__(self) -> Money:
        """The same amount on the other side (D becomes C and back; 0 stays D)."""
        return Money.of(-self.signed)

    def __str__(self) -> str:
        """``1234.56 D``."""
        return f"{format_decimal(self.bedrag)} {self.debet_credit}"

    def dutch(self) -> str:
        """The amount in Dutch notation with its code: ``1.234,56 D``."""
        whole, _, fraction = format_decimal(self.bedrag).partition(".")
        grouped = f"{int(whole):,}".replace(",", ".")
        return f"{grouped},{fraction} {self.debet_credit}"

    def text(self, lang: str = "nl") -> str:
        """The amount as people of ``lang`` read it, with its code: the one formatter of texts.

        Dutch (``nl``, and any language but ``en``) ``1.234,56 D``; English ``1,234.56 D``.
        Every text that shows an amount (problems of an answer, finding details, explain,
        ``ei return``) uses this; the messages themselves keep ``1234.56`` (``str``).

        >>> Money.of(Decimal("-1234.5")).text(), Money.of(Decimal("1234.5")).text("en")
        ('1.234,50 C', '1,234.50 D')
        """
        if lang != "en":
            return self.dutch()
        return f"{self.bedrag.quantize(CENT):,.2f} {self.debet_credit}"
