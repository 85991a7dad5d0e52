"""Identifier modules for the numbers that EI messages carry.

Each module follows python-stdnum's protocol: ``compact(number)``, ``validate(number)`` (returns
the compact form or raises one of :mod:`stdnum.exceptions`), ``is_valid(number)`` and
``format(number)``. The BSN is python-stdnum's own :mod:`stdnum.nl.bsn`, re-exported here as
:data:`bsn` so callers find every identifier in one place.

========================  ==========================  ==========================================
module                    identifier                  what can be checked offline
========================  ==========================  ==========================================
:mod:`.agb`               AGB-code (Vektis register)  8 digits, zorgsoort prefix 01-99; no checksum
:mod:`.uzovi`             UZOVI-code (insurer)        4 digits; no checksum
:mod:`.gemeentecode`      CBS gemeentecode            4 digits (``GM`` prefix accepted); no checksum
``bsn``                   Burgerservicenummer         9 digits and the 11-proef (python-stdnum)
========================  ==========================  ==========================================

Anything but a ``str`` (a number, ``None``, bytes, a list) is no identifier: ``validate``,
``compact`` and ``format`` raise :class:`stdnum.exceptions.InvalidFormat` for it and
``is_valid`` says ``False``, never another exception (tests/test_api_robustness.py).

Whether a well-formed code is actually issued can only be told by its register (the AGB register,
the UZOVI register, the CBS gemeentelijke indeling); level 4 checks that through code lists an
integrator supplies (see :mod:`eistandaard.standards.codelists`).
"""

from __future__ import annotations

from stdnum.nl import bsn

from eistandaard.identifiers import agb, gemeentecode, uzovi

__all__ = ["agb", "bsn", "gemeentecode", "uzovi"]
