"""What the fixed-length, all-digit identifiers (AGB, UZOVI, gemeentecode) share."""

from __future__ import annotations

from collections.abc import Callable

import attrs
from stdnum.exceptions import InvalidFormat, InvalidLength, ValidationError
from stdnum.util import clean, isdigits

__all__ = ["FixedDigits", "check_digits", "passes"]


def check_digits(number: str, length: int) -> str:
    """Return ``number`` if it is ``length`` digits; raise python-stdnum's exceptions otherwise.

    :raises InvalidFormat: for anything but digits.
    :raises InvalidLength: for another number of digits.
    """
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) != length:
        raise InvalidLength()
    return number


def passes(validate: Callable[[str], str], number: str) -> bool:
    """True when ``validate(number)`` raises no validation error."""
    try:
        return bool(validate(number))
    except ValidationError:
        return False


@attrs.frozen
class FixedDigits:
    """An identifier of ``length`` digits without a check digit, in python-stdnum's protocol.

    Its module binds :meth:`compact`, :meth:`validate` and :meth:`is_valid` as its functions.

    :param length: how many digits.
    :param prefix: a prefix written before the digits that :meth:`compact` removes (``GM``).
    :param check: a further check of the compact digits (it raises python-stdnum's exceptions).
    """

    length: int
    prefix: str = ""
    check: Callable[[str], None] | None = None

    def compact(self, number: str) -> str:
        """Strip spaces, dots, dashes, surrounding whitespace and the prefix.

        :raises InvalidFormat: for anything but a ``str`` (as python-stdnum's ``clean`` does for
            a number or ``None``; a list of letters is no number either).
        """
        if not isinstance(number, str):
            raise InvalidFormat()
        number = str(clean(number, " -.")).strip()
        if self.prefix and number.upper().startswith(self.prefix):
            return number[len(self.prefix) :]
        return number

    def validate(self, number: str) -> str:
        """Check the form and return the compact form.

        :raises InvalidFormat: for anything but digits.
        :raises InvalidLength: for another number of digits than :attr:`length`.
        :raises InvalidComponent: (through :attr:`check`) for a part that is not issued.
        """
        number = check_digits(self.compact(number), self.length)
        if self.check is not None:
            self.check(number)
        return number

    def is_valid(self, number: str) -> bool:
        """Whether the identifier is well-formed."""
        return passes(self.validate, number)
