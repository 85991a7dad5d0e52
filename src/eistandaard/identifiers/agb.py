"""AGB-code (Algemeen GegevensBeheer code of a healthcare provider, Vektis AGB register).

An AGB-code has 8 digits. The first two digits are the zorgsoort (the kind of provider, e.g.
``01`` for a huisarts); the remaining six number the provider within that zorgsoort. The register
publishes no check digit, so only the form can be checked offline: 8 digits, and a zorgsoort in
``01``-``99`` (``00`` is not issued as a zorgsoort). Whether a code is actually issued, and
whether its zorgsoort is one the register currently knows, needs the register itself.

>>> validate('99 00 00 01')
'99000001'
>>> zorgsoort('01012345')
'01'
>>> validate('9900001')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('9900000A')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('00123456')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> is_valid('99000001')
True
>>> format('99000001')
'99-000001'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent

from eistandaard.identifiers._digits import FixedDigits

__all__ = ["compact", "format", "is_valid", "validate", "zorgsoort"]


def _zorgsoort_issued(number: str) -> None:
    if number[:2] == "00":  # 00 is not issued as a zorgsoort
        raise InvalidComponent()


_AGB = FixedDigits(length=8, check=_zorgsoort_issued)
compact = _AGB.compact
"""Strip spaces, dots and dashes and surrounding whitespace."""
validate = _AGB.validate
"""Check the form of an AGB-code (8 digits, zorgsoort not ``00``); return its compact form."""
is_valid = _AGB.is_valid
"""Whether the AGB-code is well-formed."""


def zorgsoort(number: str) -> str:
    """Return the two-digit zorgsoort of an AGB-code (the form is not validated)."""
    return compact(number)[:2]


def format(number: str) -> str:
    """Write the code as zorgsoort, dash, number (``99-000001``)."""
    number = compact(number)
    return f"{number[:2]}-{number[2:]}"
