"""Attrs models of BM801 (Betaalopdracht Wlz) and BM802 (its return), with parse and serialize.

The element names and order are those of the bundled schemas ``schemas/bm/2.0/BM801.xsd`` and
``BM802.xsd`` (eistandaard's provisional modelling; docs/standards/bm801.md). Parsing matches
elements by local name, so a message in another namespace parses as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
from lxml import etree

from eistandaard.core.errors import InputError
from eistandaard.core.paths import local_name, value_of
from eistandaard.levels.intake import read_document
from eistandaard.vektis.amounts import BedragDC, format_amount
from eistandaard.vektis.feedback import BetrokkenElement, Feedback
from eistandaard.vektis.header import HEADER_ELEMENTS

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
    "ReturnedOpdracht",
    "ReturnedPart",
    "parse_bm801",
    "parse_bm802",
    "serialize_bm801",
]

BM801_NAMESPACE = "http://ei.vektis.nl/betaalopdracht537"
"""Provisional namespace of BM801 (the official XSD is not public)."""
BM802_NAMESPACE = "http://ei.vektis.nl/betaalopdracht538"
"""Provisional namespace of BM802."""


@attrs.frozen
class Header:
    """The Vektis Header. ``verzender`` is ``None`` when VECOZO sends a BM802."""

    berichtcode: str
    berichtversie: str
    berichtsubversie: str
    berichtsoort: str
    verzender: str | None
    verzender_rol: str
    ontvanger: str
    ontvanger_rol: str
    verzenddatum: str
    referentienummer: str


@attrs.frozen
class Begunstigde:
    """The beneficiary the CAK pays or collects from."""

    naam: str
    zorgaanbiedercode: str | None = None


@attrs.frozen
class Betaalopdrachtspecificatie:
    """What a part of the payment order's amount concerns, per year."""

    specificatienummer: str
    jaar: str
    bedrag: BedragDC
    omschrijving: str | None = None


@attrs.frozen
class Bankgegevens:
    """The beneficiary's bank account."""

    iban: str
    naam_rekeninghouder: str
    bic: str | None = None


@attrs.frozen
class Betaalopdracht:
    """One payment order: one category, one beneficiary, one amount."""

    betaalopdrachtnummer: str
    categorie: str
    begunstigde: Begunstigde
    bedrag: BedragDC
    specificaties: tuple[Betaalopdrachtspecificatie, ...]
    bankgegevens: Bankgegevens
    omschrijving: str | None = None


@attrs.frozen
class BM801:
    """A Betaalopdracht Wlz message: Header, Overzicht (TotaalBedragDC), payment orders."""

    header: Header
    totaal: BedragDC
    opdrachten: tuple[Betaalopdracht, ...]


@attrs.frozen
class ReturnedPart:
    """A returned Betaalopdrachtspecificatie (``nummer`` set) or Bankgegevens (``nummer`` None)."""

    klasse: str
    nummer: str | None
    feedback: tuple[Feedback, ...]


@attrs.frozen
class ReturnedOpdracht:
    """A Betaalopdracht in a BM802: its number, returned parts, and its own Feedback."""

    betaalopdrachtnummer: str
    parts: tuple[ReturnedPart, ...]
    feedback: tuple[Feedback, ...]


@attrs.frozen
class BM802:
    """A return: Header and Overzicht (with their Feedback) and the rejected payment orders."""

    header: Header
    totaal: BedragDC
    toegekend: BedragDC
    header_feedback: tuple[Feedback, ...]
    overzicht_feedback: tuple[Feedback, ...]
    opdrachten: tuple[ReturnedOpdracht, ...]


# ------------------------------------------------------------------------------ parsing


def _kids(element: etree._Element, name: str) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str) and local_name(child) == name:
            yield child


def _one(element: etree._Element, name: str) -> etree._Element:
    found = next(_kids(element, name), None)
    if found is None:
        raise InputError(f"{local_name(element)} has no {name}")
    return found


def _text(element: etree._Element, name: str) -> str:
    return value_of(_one(element, name))


def _opt(element: etree._Element, name: str) -> str | None:
    found = next(_kids(element, name), None)
    return None if found is None else value_of(found)


def _amount(element: etree._Element) -> BedragDC:
    try:
        return BedragDC(Decimal(_text(element, "Bedrag")), _text(element, "DebetCreditCode"))
    except ArithmeticError as exc:
        raise InputError(f"{local_name(element)}: Bedrag is no number") from exc


def _header(element: etree._Element) -> Header:
    return Header(
        berichtcode=_text(element, "Berichtcode"),
        berichtversie=_text(element, "Berichtversie"),
        berichtsubversie=_text(element, "Berichtsubversie"),
        berichtsoort=_text(element, "Berichtsoort"),
        verzender=_opt(element, "Verzender"),
        verzender_rol=_text(element, "VerzenderRol"),
        ontvanger=_text(element, "Ontvanger"),
        ontvanger_rol=_text(element, "OntvangerRol"),
        verzenddatum=_text(element, "Verzenddatum"),
        referentienummer=_text(element, "Referentienummer"),
    )


def _root(source: bytes | Path | etree._Element, what: str) -> etree._Element:
    if isinstance(source, etree._Element):
        return source
    return read_document(source, what=f"the {what}").getroot()


def parse_bm801(source: bytes | Path | etree._Element) -> BM801:
    """A BM801 model from its XML (bytes, a file path or a parsed root).

    Bytes and paths pass the level-1 intake first (:func:`eistandaard.levels.intake.read_document`).

    :raises UnreadableError: the XML does not pass level 1.
    :raises InputError: a mandatory element is missing (validate the message first).
    """
    root = _root(source, "BM801")
    opdrachten = []
    for item in _kids(root, "Betaalopdracht"):
        begunstigde = _one(item, "Begunstigde")
        bank = _one(item, "Bankgegevens")
        opdrachten.append(
            Betaalopdracht(
                betaalopdrachtnummer=_text(item, "Betaalopdrachtnummer"),
                categorie=_text(item, "Categorie"),
                begunstigde=Begunstigde(
                    _text(begunstigde, "Naam"), _opt(begunstigde, "Zorgaanbiedercode")
                ),
                bedrag=_amount(_one(item, "BedragDC")),
                omschrijving=_opt(item, "Omschrijving"),
                specificaties=tuple(
                    Betaalopdrachtspecificatie(
                        specificatienummer=_text(spec, "Specificatienummer"),
                        jaar=_text(spec, "Jaar"),
                        bedrag=_amount(_one(spec, "BedragDC")),
                        omschrijving=_opt(spec, "Omschrijving"),
                    )
                    for spec in _kids(item, "Betaalopdrachtspecificatie")
                ),
                bankgegevens=Bankgegevens(
                    iban=_text(bank, "Iban"),
                    bic=_opt(bank, "Bic"),
                    naam_rekeninghouder=_text(bank, "NaamRekeninghouder"),
                ),
            )
        )
    overzicht = _one(root, "Overzicht")
    return BM801(
        header=_header(_one(root, "Header")),
        totaal=_amount(_one(overzicht, "TotaalBedragDC")),
        opdrachten=tuple(opdrachten),
    )


def _feedback(element: etree._Element) -> tuple[Feedback, ...]:
    return tuple(
        Feedback(
            _text(item, "Retourcode"),
            tuple(
                BetrokkenElement(_text(pair, "Elementnaam"), _opt(pair, "Elementwaarde") or "")
                for pair in _kids(item, "BetrokkenElement")
            ),
        )
        for item in _kids(element, "Feedback")
    )


def parse_bm802(source: bytes | Path | etree._Element) -> BM802:
    """A BM802 model from its XML (bytes, a file path or a parsed root).

    Bytes and paths pass the level-1 intake first (:func:`eistandaard.levels.intake.read_document`).

    :raises UnreadableError: the XML does not pass level 1.
    :raises InputError: a mandatory element is missing (validate the message first).
    """
    root = _root(source, "BM802")
    header = _one(root, "Header")
    overzicht = _one(root, "Overzicht")
    opdrachten = []
    for item in _kids(root, "Betaalopdracht"):
        parts = [
            ReturnedPart(
                "Betaalopdrachtspecificatie", _text(spec, "Specificatienummer"), _feedback(spec)
            )
            for spec in _kids(item, "Betaalopdrachtspecificatie")
        ]
        parts += [
            ReturnedPart("Bankgegevens", None, _feedback(b)) for b in _kids(item, "Bankgegevens")
        ]
        opdrachten.append(
            ReturnedOpdracht(_text(item, "Betaalopdrachtnummer"), tuple(parts), _feedback(item))
        )
    return BM802(
        header=_header(header),
        totaal=_amount(_one(overzicht, "TotaalBedragDC")),
        toegekend=_amount(_one(overzicht, "TotaalToegekendBedragDC")),
        header_feedback=_feedback(header),
        overzicht_feedback=_feedback(overzicht),
        opdrachten=tuple(opdrachten),
    )


# ---------------------------------------------------------------------------- serializing


def serialize_bm801(message: BM801, *, namespace: str = BM801_NAMESPACE) -> bytes:
    """The XML of a BM801 model (UTF-8, with declaration, indented)."""
    ns = namespace

    def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{ns}}}{name}")
        if text is not None:
            element.text = text
        return element

    def amount(parent: etree._Element, name: str, value: BedragDC) -> None:
        node = add(parent, name)
        add(node, "Bedrag", format_amount(value.bedrag))
        add(node, "DebetCreditCode", value.debet_credit)

    root = etree.Element(f"{{{ns}}}Bericht", nsmap={None: ns})  # type: ignore[dict-item]  # lxml-stubs want str keys
    header = add(root, "Header")
    h = message.header
    values = (
        h.berichtcode, h.berichtversie, h.berichtsubversie, h.berichtsoort, h.verzender,
        h.verzender_rol, h.ontvanger, h.ontvanger_rol, h.verzenddatum, h.referentienummer,
    )  # fmt: skip
    for name, value in zip(HEADER_ELEMENTS, values, strict=True):
        if value is not None:
            add(header, name, value)
    amount(add(root, "Overzicht"), "TotaalBedragDC", message.totaal)
    for opdracht in message.opdrachten:
        node = add(root, "Betaalopdracht")
        add(node, "Betaalopdrachtnummer", opdracht.betaalopdrachtnummer)
        add(node, "Categorie", opdracht.categorie)
        begunstigde = add(node, "Begunstigde")
        add(begunstigde, "Naam", opdracht.begunstigde.naam)
        if opdracht.begunstigde.zorgaanbiedercode is not None:
            add(begunstigde, "Zorgaanbiedercode", opdracht.begunstigde.zorgaanbiedercode)
        amount(node, "BedragDC", opdracht.bedrag)
        if opdracht.omschrijving is not None:
            add(node, "Omschrijving", opdracht.omschrijving)
        for spec in opdracht.specificaties:
            item = add(node, "Betaalopdrachtspecificatie")
            add(item, "Specificatienummer", spec.specificatienummer)
            add(item, "Jaar", spec.jaar)
            amount(item, "BedragDC", spec.bedrag)
            if spec.omschrijving is not None:
                add(item, "Omschrijving", spec.omschrijving)
        bank = add(node, "Bankgegevens")
        add(bank, "Iban", opdracht.bankgegevens.iban)
        if opdracht.bankgegevens.bic is not None:
            add(bank, "Bic", opdracht.bankgegevens.bic)
        add(bank, "NaamRekeninghouder", opdracht.bankgegevens.naam_rekeninghouder)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
