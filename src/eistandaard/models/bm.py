"""The public names of the hand-written ``eistandaard.bm.model``, over the generated models.

For replacing the hand-written Betaalopdracht Wlz bindings: ``from eistandaard.models.bm import
*`` gives the same names, now the xsdata classes of BM 2.0 (``eistandaard.models.bm20``),
shaped like the schema: dates are :class:`datetime.date`, amounts ``BedragDC`` with a
``Decimal`` and a ``DebetCreditCode`` enum. ``ReturnedOpdracht``/``ReturnedPart`` (a reader's
view of a returned class with its Feedback) have no schema counterpart: in a parsed BM802
each class carries its own ``feedback`` list.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from lxml import etree

from eistandaard.core.errors import InputError
from eistandaard.models.api import message_name, parse, parse_tree, serialize
from eistandaard.models.bm20 import BM801, BM802, bm801, bm802
from eistandaard.models.bm20.bm801 import (
    Bankgegevens,
    BedragDC,
    Begunstigde,
    Betaalopdracht,
    Betaalopdrachtspecificatie,
    Header,
)
from eistandaard.standards.wording import said_error

__all__ = [
    "BM801",
    "BM801_NAMESPACE",
    "BM802",
    "BM802_NAMESPACE",
    "Bankgegevens",
    "BedragDC",
    "Begunstigde",
    "Betaalopdracht",
    "Betaalopdrachtspecificatie",
    "Header",
    "parse_bm801",
    "parse_bm802",
    "serialize_bm801",
]

BM801_NAMESPACE: str = bm801.__NAMESPACE__
BM802_NAMESPACE: str = bm802.__NAMESPACE__

T = TypeVar("T")


def _parse_as(
    source: bytes | Path | str | etree._Element, model: type[T], name: str, check_schema: bool
) -> T:
    """``source`` read into ``model``: bytes and paths through level 1, a parsed root as it is."""
    if isinstance(source, etree._Element):
        return parse_tree(source, model, name=name, check_schema=check_schema)
    return parse(source, model, check_schema=check_schema)


def parse_bm801(source: bytes | Path | str | etree._Element, *, check_schema: bool = True) -> BM801:
    """A BM801 read into its model (bytes and paths through level 1, a parsed root as it is).

    ``check_schema=False`` skips level 2 (see :func:`eistandaard.models.gds.parse_gds802`).

    :raises InputError: when it is unreadable, not XSD-valid, or another message.
    """
    return _parse_as(source, BM801, "the BM801", check_schema)


def parse_bm802(source: bytes | Path | str | etree._Element, *, check_schema: bool = True) -> BM802:
    """A BM802 read into its model (bytes and paths through level 1, a parsed root as it is).

    ``check_schema=False`` skips level 2 (see :func:`eistandaard.models.gds.parse_gds802`).

    :raises InputError: when it is unreadable, not XSD-valid, or another message.
    """
    return _parse_as(source, BM802, "the answer", check_schema)


def serialize_bm801(message: BM801) -> bytes:
    """The BM801 as UTF-8 bytes in the layout of the Vektis examples (see ``models.serialize``)."""
    if not isinstance(message, BM801):
        raise InputError(said_error("model-not-bm801", message_name=message_name(message)))
    return serialize(message)
