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

from stdnum.util import clean

from eistandaard.identifiers._digits import check_digits, passes

__all__ = ["compact", "format", "is_valid", "validate"]


def compact(number: str) -> str:
    """Strip spaces, dashes and a leading ``GM`` prefix."""
    number = str(clean(number, " -.")).strip().upper()
    return number[2:] if number.startswith("GM") else number


def validate(number: str) -> str:
    """Check the form of a gemeentecode and return its compact form.

    Raises :class:`~stdnum.exceptions.InvalidFormat` for non-digits and
    :class:`~stdnum.exceptions.InvalidLength` for anything but 4 digits.
    """
    number = check_digits(compact(number), 4)
    return number


def is_valid(number: str) -> bool:
    """Whether the gemeentecode is well-formed."""
    return passes(validate, number)


def format(number: str) -> str:
    """Write the code the way CBS does (``GM0363``)."""
    return "GM" + compact(number)
