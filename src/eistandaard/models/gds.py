"""The public names of the hand-written ``eistandaard.gds.model``, over the generated models.

For replacing the hand-written GDS bindings: ``from eistandaard.models.gds import *`` gives the
same names, now the xsdata classes of GDS 1.0 (``eistandaard.models.gds10``; GDS 2.0 is
``eistandaard.models.gds20``). The classes are shaped like the schema rather than flattened:
a Header has ``verzender``/``verzender_rol`` as before but ``berichtcode`` is an enum, dates are
``XmlDate`` (they may carry a time zone), amounts ``Decimal`` with ``BedragDC`` where the
schema has one. The hand-written Zorgaanbieder covered two schema types: here it is
``ZorgaanbiederUitgebreid`` (Zorgaanbieder, Verwijzer, Diagnosesteller), and
``ZorgaanbiederBeperkt`` is the Declarant's. ``ReturnedClass`` (a reader's view of a class with
its Feedback) has no schema counterpart: in a parsed GDS802 each class carries its own
``feedback`` list.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from eistandaard.core.errors import InputError
from eistandaard.models import gds10, gds20
from eistandaard.models.api import message_name, parse, parse_tree, serialize
from eistandaard.models.gds10 import GDS801, GDS802, gds801, gds802
from eistandaard.models.gds10.gds801 import (
    AanvullendPrestatieKenmerk,
    BedragDC,
    CreditPrestatie,
    DebetPrestatie,
    DeclaratieContext,
    Diagnose,
    Header,
    Plaatsingsbesluit,
    Verwijzing,
    Verzekerde,
    ZorgaanbiederBeperkt,
    ZorgaanbiederUitgebreid as Zorgaanbieder,
    Zorgtraject,
)
from eistandaard.standards.wording import said_error

__all__ = [
    "GDS801",
    "GDS801_NAMESPACE",
    "GDS802",
    "GDS802_NAMESPACE",
    "AanvullendPrestatieKenmerk",
    "BedragDC",
    "CreditPrestatie",
    "DebetPrestatie",
    "DeclaratieContext",
    "Diagnose",
    "Header",
    "Plaatsingsbesluit",
    "Verwijzing",
    "Verzekerde",
    "Zorgaanbieder",
    "ZorgaanbiederBeperkt",
    "Zorgtraject",
    "parse_gds802",
    "serialize_gds801",
]

GDS801_NAMESPACE: str = gds801.__NAMESPACE__
GDS802_NAMESPACE: str = gds802.__NAMESPACE__


def parse_gds802(
    source: bytes | Path | str | etree._Element, *, check_schema: bool = True
) -> gds10.GDS802 | gds20.GDS802:
    """A GDS802 (release 1.0 or 2.0, by its Berichtversie) read into its model.

    Bytes and paths pass level 1 (:func:`eistandaard.levels.intake.read_document`); a parsed
    root (a reader that ran level 1 already) is read as it is. Either is checked against its
    XSD (level 2) first, unless ``check_schema`` is false: then a value that breaks a facet
    (a pattern, a length) is read as it is, and only what does not fit the model's types
    (an unknown or missing element, a value of another type) raises.

    :raises UnreadableError: bytes or a path that level 1 refuses.
    :raises InputError: when it is not XSD-valid or no GDS802.
    """
    if isinstance(source, etree._Element):
        model = parse_tree(source, name="the answer", check_schema=check_schema)
    else:
        model = parse(source, check_schema=check_schema)
    if not isinstance(model, gds10.GDS802 | gds20.GDS802):
        raise InputError(said_error("model-not-gds802", message_name=message_name(model)))
    return model


def serialize_gds801(message: gds10.GDS801 | gds20.GDS801) -> bytes:
    """The GDS801 as UTF-8 bytes in the layout of the Vektis examples (see ``models.serialize``)."""
    return serialize(message)
