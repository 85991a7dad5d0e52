"""What the fixed-length, all-digit identifiers (AGB, UZOVI, gemeentecode) share."""

from __future__ import annotations

from collections.abc import Callable

from stdnum.exceptions import InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits


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
