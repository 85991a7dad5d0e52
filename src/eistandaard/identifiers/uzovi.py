"""UZOVI-code (Unieke ZorgOrganisatie Verzekeraars Identificatie, Vektis UZOVI register).

A UZOVI-code identifies a health insurer (or a zorgkantoor acting for one) and has 4 digits.
There is no check digit, so only the form can be checked offline; whether a code is issued
needs the UZOVI register.

>>> validate(' 9999 ')
'9999'
>>> validate('999')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('99X9')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> is_valid('9999')
True
"""

from __future__ import annotations

from stdnum.util import clean

from eistandaard.identifiers._digits import check_digits, passes

__all__ = ["compact", "format", "is_valid", "validate"]


def compact(number: str) -> str:
    """Strip spaces, dots and dashes and surrounding whitespace."""
    return str(clean(number, " -.")).strip()


def validate(number: str) -> str:
    """Check the form of a UZOVI-code and return its compact form.

    Raises :class:`~stdnum.exceptions.InvalidFormat` for non-digits and
    :class:`~stdnum.exceptions.InvalidLength` for anything but 4 digits.
    """
    number = check_digits(compact(number), 4)
    return number


def is_valid(number: str) -> bool:
    """Whether the UZOVI-code is well-formed."""
    return passes(validate, number)


def format(number: str) -> str:
    """Return the compact form (UZOVI-codes have no separators)."""
    return compact(number)
