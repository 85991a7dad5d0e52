"""Gemeentecode: the CBS number of a Dutch municipality (gemeentelijke indeling).

A gemeentecode has 4 digits (``0363``); CBS also writes it with the prefix ``GM`` (``GM0363``),
which :func:`compact` removes. There is no check digit. Whether a code belongs to a municipality
on a given date depends on the CBS list of that year (municipalities merge every year), so this
module checks the form only; level 4 checks existence against a CBS list the integrator
supplies (see ``docs/referential.md``).

>>> validate('GM0363')
'0363'
>>> validate('363')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('03A3')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> format('0363')
'GM0363'
"""

from __future__ import annotations

from eistandaard.identifiers._digits import FixedDigits

__all__ = ["compact", "format", "is_valid", "validate"]

_GEMEENTECODE = FixedDigits(length=4, prefix="GM")
compact = _GEMEENTECODE.compact
"""Strip spaces, dashes and a leading ``GM`` prefix."""
validate = _GEMEENTECODE.validate
"""Check the form of a gemeentecode (4 digits) and return its compact form."""
is_valid = _GEMEENTECODE.is_valid
"""Whether the gemeentecode is well-formed."""


def format(number: str) -> str:
    """Write the code the way CBS does (``GM0363``)."""
    return "GM" + compact(number)
