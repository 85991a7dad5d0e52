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

from eistandaard.identifiers._digits import FixedDigits

__all__ = ["compact", "format", "is_valid", "validate"]

_UZOVI = FixedDigits(length=4)
compact = _UZOVI.compact
"""Strip spaces, dots and dashes and surrounding whitespace."""
validate = _UZOVI.validate
"""Check the form of a UZOVI-code (4 digits) and return its compact form."""
is_valid = _UZOVI.is_valid
"""Whether the UZOVI-code is well-formed."""


def format(number: str) -> str:
    """Return the compact form (UZOVI-codes have no separators)."""
    return compact(number)
