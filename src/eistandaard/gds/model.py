"""Attrs models of GDS801 (declaratie, 573) with a serializer, and a reader of GDS802 (574).

Billing software builds a :class:`GDS801` from its own data and calls :func:`serialize_gds801`;
it reads the answer with :func:`parse_gds802`. Element names and order are those of the bundled
schemas ``schemas/gds/1.0/GDS801.xsd`` and ``GDS802.xsd`` (eistandaard's modelling of the facts,
docs/standards/gds.md). The models cover the classes a care provider declares to an insurer;
AanvullendeVerzekerdegegevens (only for a service bureau) is not modelled. Reading matches
elements by local name, so a message in another namespace reads as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs
from lxml import etree

from eistandaard.core.errors import InputError
from eistandaard.core.paths import local_name, string_value, value_of
from eistandaard.levels.intake import read_document
from eistandaard.vektis.amounts import BedragDC, format_amount
from eistandaard.vektis.feedback import BetrokkenElement, Feedback

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
    "ReturnedClass",
    "Verwijzing",
    "Verzekerde",
    "Zorgaanbieder",
    "Zorgtraject",
    "parse_gds802",
    "serialize_gds801",
]

GDS801_NAMESPACE = "http://ei.vektis.nl/declaratiebericht573"
GDS802_NAMESPACE = "http://ei.vektis.nl/declaratiebericht574"


@attrs.frozen
class Header:
    """The Vektis Header. ``verzender`` is ``None`` in a GDS802 that VECOZO sends."""

    verzender: str | None
    verzender_rol: str
    ontvanger: str
    ontvanger_rol: str
    verzenddatum: dt.date
    referentienummer: str
    berichtcode: str = "573"
    berichtversie: str = "1"
    berichtsubversie: str = "0"
    berichtsoort: str = "P"


@attrs.frozen
class Zorgaanbieder:
    """A care provider: Declarant, Zorgaanbieder, Verwijzer or Diagnosesteller."""

    zorgaanbiedercode: str | None = None
    soort: str | None = None
    specificatie: str | None = None
    initialen: str | None = None
    voorvoegsels: str | None = None
    achternaam: str | None = None
    beroep: str | None = None
    rol: str | None = None


@attrs.frozen
class DeclaratieContext:
    """Who declares, the invoice and the declaration period."""

    declarant: Zorgaanbieder
    factuurnummer: str
    factuurdatum: dt.date
    betaling_aan_servicebureau: bool = False
    zorgaanbieder: Zorgaanbieder | None = None
    btw_identificatienummer: str | None = None
    valutacode: str | None = None
    informatiesysteem_code: str | None = None
    informatiesysteem_versie: str | None = None
    begindatum_periode: dt.date | None = None
    einddatum_periode: dt.date | None = None


@attrs.frozen
class AanvullendPrestatieKenmerk:
    """An additional prestatie characteristic (APK): code list and code."""

    codelijst: str
    code: str


@attrs.frozen
class Verwijzing:
    """A referral."""

    type_verwijzingcode: str
    verwijsdatum: dt.date | None = None
    verwijzer: Zorgaanbieder | None = None


@attrs.frozen
class Diagnose:
    """A diagnosis."""

    codelijst: str | None = None
    code: str | None = None
    datum: dt.date | None = None
    diagnosesteller: Zorgaanbieder | None = None


@attrs.frozen
class Zorgtraject:
    """The care trajectory of a prestatie."""

    nummer: str | None = None
    startdatum: dt.date | None = None


@attrs.frozen
class Plaatsingsbesluit:
    """A placement decision (forensic care)."""

    nummer: str
    begindatum: dt.date
    einddatum: dt.date | None = None


@attrs.frozen
class DebetPrestatie:
    """A declared prestatie."""

    referentienummer: str
    begindatum: dt.date
    prestatiecodelijst: str | None = None
    prestatiecode: str | None = None
    einddatum: dt.date | None = None
    begintijd: str | None = None
    eindtijd: str | None = None
    aantal: int | None = None
    soort_kosten: str | None = None
    herdeclaratiecode: str | None = None
    informatiecode: str | None = None
    tarief: Decimal | None = None
    berekend_bedrag: Decimal | None = None
    declaratiebedrag: Decimal | None = None
    doorsturen_toegestaan: bool | None = None
    privacy: bool | None = None
    kenmerken: tuple[AanvullendPrestatieKenmerk, ...] = ()
    verwijzingen: tuple[Verwijzing, ...] = ()
    zorgaanbieders: tuple[Zorgaanbieder, ...] = ()
    diagnoses: tuple[Diagnose, ...] = ()
    zorgtraject: Zorgtraject | None = None
    plaatsingsbesluit: Plaatsingsbesluit | None = None


@attrs.frozen
class CreditPrestatie:
    """A credit of a prestatie declared earlier (``bedrag``: ToegekendBedragInclBtwFinancieel)."""

    referentienummer: str
    gerelateerd_referentienummer: str
    begindatum: dt.date
    bedrag: Decimal
    prestatiecodelijst: str | None = None


@attrs.frozen
class Verzekerde:
    """An insured person with the prestaties declared for them."""

    prestaties: tuple[DebetPrestatie | CreditPrestatie, ...]
    bsn: str | None = None
    uzovi_nummer: str | None = None
    verzekerdennummer: str | None = None
    patient_identificatienummer: str | None = None
    geboortedatum: dt.date | None = None
    buitenlandse_zorgverzekeraarscode: str | None = None


@attrs.frozen
class GDS801:
    """A declaration. ``totaal`` defaults to the debit amounts minus the credit amounts."""

    header: Header
    context: DeclaratieContext
    verzekerden: tuple[Verzekerde, ...]
    totaal: BedragDC | None = None

    @property
    def computed_total(self) -> Decimal:
        """Sum of DeclaratieBedragInclBtw minus sum of credit amounts."""
        total = Decimal(0)
        for verzekerde in self.verzekerden:
            for prestatie in verzekerde.prestaties:
                if isinstance(prestatie, DebetPrestatie):
                    total += prestatie.declaratiebedrag or Decimal(0)
                else:
                    total -= prestatie.bedrag
        return total


# ---------------------------------------------------------------- serialize


class _Writer:
    def __init__(self, namespace: str) -> None:
        self.ns = namespace

    def add(
        self, parent: etree._Element, name: str, value: object = None, *, always: bool = False
    ) -> etree._Element | None:
        if value is None and not always:
            return None
        element = etree.SubElement(parent, f"{{{self.ns}}}{name}")
        if value is not None:
            element.text = _text(value)
        return element

    def node(self, parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{self.ns}}}{name}")

    def zorgaanbieder(self, parent: etree._Element, name: str, z: Zorgaanbieder | None) -> None:
        if z is None:
            return
        node = self.node(parent, name)
        self.add(node, "Zorgaanbiedercode", z.zorgaanbiedercode)
        self.add(node, "ZorgaanbiederSoort", z.soort)
        self.add(node, "ZorgaanbiederSpecificatie", z.specificatie)
        if z.initialen or z.achternaam:
            naam = self.node(node, "NaamZorgverlener")
            self.add(naam, "Initialen", z.initialen)
            if z.achternaam:
                geslachtsnaam = self.node(naam, "Geslachtsnaam")
                self.add(geslachtsnaam, "Voorvoegsels", z.voorvoegsels)
                self.add(geslachtsnaam, "Achternaam", z.achternaam)
        self.add(node, "BeroepZorgverlener", z.beroep)
        self.add(node, "ZorgaanbiederRol", z.rol)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def serialize_gds801(message: GDS801, *, namespace: str = GDS801_NAMESPACE) -> bytes:
    """The GDS801 as UTF-8 XML, elements in the order of the bundled schema."""
    w = _Writer(namespace)
    root = etree.Element(f"{{{namespace}}}Bericht", nsmap={None: namespace})  # type: ignore[dict-item]  # lxml-stubs want str keys
    h = message.header
    header = w.node(root, "Header")
    for name, value in (
        ("Berichtcode", h.berichtcode),
        ("Berichtversie", h.berichtversie),
        ("Berichtsubversie", h.berichtsubversie),
        ("Berichtsoort", h.berichtsoort),
        ("Verzender", h.verzender),
        ("VerzenderRol", h.verzender_rol),
        ("Ontvanger", h.ontvanger),
        ("OntvangerRol", h.ontvanger_rol),
        ("Verzenddatum", h.verzenddatum),
        ("Referentienummer", h.referentienummer),
    ):
        w.add(header, name, value)
    c = message.context
    context = w.node(root, "DeclaratieContext")
    w.zorgaanbieder(context, "Declarant", c.declarant)
    w.zorgaanbieder(context, "Zorgaanbieder", c.zorgaanbieder)
    fields: tuple[tuple[str, object], ...] = (
        ("BetalingAanServicebureau", c.betaling_aan_servicebureau),
        ("Factuurnummer", c.factuurnummer),
        ("Factuurdatum", c.factuurdatum),
        ("BtwIdentificatienummer", c.btw_identificatienummer),
        ("Valutacode", c.valutacode),
        ("InformatiesysteemCode", c.informatiesysteem_code),
        ("InformatiesysteemVersie", c.informatiesysteem_versie),
        ("BegindatumDeclaratieperiode", c.begindatum_periode),
        ("EinddatumDeclaratieperiode", c.einddatum_periode),
    )
    for field_name, field_value in fields:
        w.add(context, field_name, field_value)
    totaal = message.totaal or BedragDC.of(message.computed_total)
    amount = w.node(w.node(root, "Overzicht"), "TotaalDeclaratiebedragInclBtw")
    w.add(amount, "Bedrag", totaal.bedrag)
    w.add(amount, "DebetCreditCode", totaal.debet_credit)
    for verzekerde in message.verzekerden:
        _verzekerde(w, root, verzekerde)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _verzekerde(w: _Writer, root: etree._Element, v: Verzekerde) -> None:
    node = w.node(root, "Verzekerde")
    w.add(node, "BSN", v.bsn)
    w.add(node, "UzoviNummer", v.uzovi_nummer)
    w.add(node, "Verzekerdennummer", v.verzekerdennummer)
    w.add(node, "PatientIdentificatienummer", v.patient_identificatienummer)
    w.add(node, "Geboortedatum", v.geboortedatum)
    if v.buitenlandse_zorgverzekeraarscode:
        buitenland = w.node(node, "BuitenlandVerzekerde")
        w.add(buitenland, "BuitenlandseZorgverzekeraarsCode", v.buitenlandse_zorgverzekeraarscode)
    for prestatie in v.prestaties:
        holder = w.node(node, "Prestatie")
        if isinstance(prestatie, DebetPrestatie):
            _debet(w, holder, prestatie)
        else:
            credit = w.node(holder, "CreditPrestatie")
            w.add(credit, "Referentienummer", prestatie.referentienummer)
            w.add(credit, "GerelateerdReferentienummer", prestatie.gerelateerd_referentienummer)
            w.add(credit, "PrestatieCodelijstCode", prestatie.prestatiecodelijst)
            w.add(credit, "Begindatum", prestatie.begindatum)
            w.add(credit, "ToegekendBedragInclBtwFinancieel", prestatie.bedrag)


def _debet(w: _Writer, holder: etree._Element, p: DebetPrestatie) -> None:
    node = w.node(holder, "DebetPrestatie")
    for name, value in (
        ("Referentienummer", p.referentienummer),
        ("PrestatieCodelijstCode", p.prestatiecodelijst),
        ("Prestatiecode", p.prestatiecode),
        ("Begindatum", p.begindatum),
        ("Einddatum", p.einddatum),
        ("Begintijd", p.begintijd),
        ("Eindtijd", p.eindtijd),
        ("Aantal", p.aantal),
        ("SoortKosten", p.soort_kosten),
        ("Herdeclaratiecode", p.herdeclaratiecode),
        ("InformatieCode", p.informatiecode),
        ("TariefInclBtw", p.tarief),
        ("BerekendBedragInclBtw", p.berekend_bedrag),
        ("DeclaratieBedragInclBtw", p.declaratiebedrag),
        ("DoorsturenToegestaan", p.doorsturen_toegestaan),
        ("PrivacyCode", p.privacy),
    ):
        w.add(node, name, value)
    for kenmerk in p.kenmerken:
        apk = w.node(node, "AanvullendPrestatieKenmerk")
        w.add(apk, "ApkCodelijstCode", kenmerk.codelijst)
        w.add(apk, "ApkCode", kenmerk.code)
    for verwijzing in p.verwijzingen:
        vw = w.node(node, "Verwijzing")
        w.add(vw, "TypeVerwijzingcode", verwijzing.type_verwijzingcode)
        w.add(vw, "Verwijsdatum", verwijzing.verwijsdatum)
        w.zorgaanbieder(vw, "Verwijzer", verwijzing.verwijzer)
    for zorgaanbieder in p.zorgaanbieders:
        w.zorgaanbieder(node, "Zorgaanbieder", zorgaanbieder)
    if p.diagnoses or p.zorgtraject or p.plaatsingsbesluit:
        extra = w.node(node, "AanvullendePrestatiegegevens")
        for diagnose in p.diagnoses:
            dg = w.node(extra, "Diagnose")
            w.add(dg, "DiagnoseCodelijstCode", diagnose.codelijst)
            w.add(dg, "Diagnosecode", diagnose.code)
            w.add(dg, "Diagnosedatum", diagnose.datum)
            w.zorgaanbieder(dg, "Diagnosesteller", diagnose.diagnosesteller)
        if p.zorgtraject is not None:
            zt = w.node(extra, "Zorgtraject")
            w.add(zt, "Zorgtrajectnummer", p.zorgtraject.nummer)
            w.add(zt, "ZorgtrajectStartdatum", p.zorgtraject.startdatum)
        if p.plaatsingsbesluit is not None:
            pb = w.node(extra, "Plaatsingsbesluit")
            w.add(pb, "PlaatsingsbesluitNummer", p.plaatsingsbesluit.nummer)
            w.add(pb, "BegindatumForensischeZorgtitel", p.plaatsingsbesluit.begindatum)
            w.add(pb, "EinddatumForensischeZorgtitel", p.plaatsingsbesluit.einddatum)


# ---------------------------------------------------------------- GDS802


@attrs.frozen
class ReturnedClass:
    """A class of a GDS802 below Verzekerde: its name, identifying values, amounts, Feedback."""

    name: str
    identifying: tuple[tuple[str, str], ...] = ()
    amounts: tuple[tuple[str, Decimal], ...] = ()
    feedback: tuple[Feedback, ...] = ()
    children: tuple[ReturnedClass, ...] = ()

    def value(self, name: str) -> str | None:
        """The identifying element ``name``, if returned."""
        return next((v for n, v in self.identifying if n == name), None)

    def amount(self, name: str) -> Decimal | None:
        """The return amount ``name``, if present."""
        return next((v for n, v in self.amounts if n == name), None)

    def walk(self, path: str = "") -> Iterator[tuple[str, ReturnedClass]]:
        """This class and its descendants with a readable path (``Verwijzing/Verwijzer``)."""
        here = f"{path}/{self.name}" if path else self.name
        yield here, self
        for child in self.children:
            yield from child.walk(here)


@attrs.frozen
class GDS802:
    """A read GDS802.

    Header, DeclaratieContext and Overzicht with their Feedback, and the returned Verzekerden
    as :class:`ReturnedClass` trees.
    """

    header: Header
    header_feedback: tuple[Feedback, ...]
    context_feedback: tuple[tuple[str, Feedback], ...]
    """(class, Feedback) for DeclaratieContext, Declarant and its Zorgaanbieder."""
    factuurnummer: str
    declaratienummer_verzekeraar: str | None
    totaal: BedragDC
    toegekend_financieel: BedragDC | None
    toegekend_niet_financieel: BedragDC | None
    overzicht_feedback: tuple[tuple[str, Feedback], ...]
    """(class, Feedback) for Overzicht and TotaalDeclaratiebedragInclBtw."""
    verzekerden: tuple[ReturnedClass, ...]


_AMOUNTS = frozenset(
    {
        "BerekendBedragVerzekeraarInclBtw",
        "ToegekendBedragInclBtwFinancieel",
        "ToegekendBedragInclBtwNietFinancieel",
        "ToegekendCreditBedragInclBtwFinancieel",
        "ToegekendCreditBedragInclBtwNietFinancieel",
    }
)
_LOWER_CLASSES = frozenset(
    {
        "AanvullendeVerzekerdegegevens",
        "Naamgegevens",
        "Adresgegevens",
        "Debiteur",
        "Prestatie",
        "DebetPrestatie",
        "CreditPrestatie",
        "AanvullendPrestatieKenmerk",
        "Verwijzing",
        "Verwijzer",
        "Zorgaanbieder",
        "AanvullendePrestatiegegevens",
        "Diagnose",
        "Diagnosesteller",
        "Zorgtraject",
        "Plaatsingsbesluit",
        "InternationaalVerzekeringsbewijs",  # GDS 2.0
    }
)


def _kids(element: etree._Element, name: str | None = None) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str) and (name is None or local_name(child) == name):
            yield child


def _opt(element: etree._Element | None, name: str) -> str | None:
    if element is None:
        return None
    found = next(_kids(element, name), None)
    return None if found is None else value_of(found)


def _req(element: etree._Element, name: str) -> str:
    value = _opt(element, name)
    if value is None:
        raise InputError(f"{local_name(element)} has no {name}")
    return value


def _decimal(text: str | None) -> Decimal:
    try:
        return Decimal(text or "")
    except InvalidOperation as exc:
        raise InputError(f"{text!r} is no amount") from exc


def _bedrag(element: etree._Element | None) -> BedragDC | None:
    if element is None:
        return None
    return BedragDC(_decimal(_opt(element, "Bedrag")), _opt(element, "DebetCreditCode") or "D")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{text!r} is no date") from exc


def _feedback(element: etree._Element) -> tuple[Feedback, ...]:
    found: list[Feedback] = []
    for node in _kids(element, "Feedback"):
        pairs = tuple(
            BetrokkenElement(_opt(b, "Elementnaam") or "", _opt(b, "Elementwaarde") or "")
            for b in _kids(node, "BetrokkenElement")
        )
        found.append(Feedback(_opt(node, "Retourcode") or "", pairs))
    return tuple(found)


def _header(element: etree._Element) -> Header:
    return Header(
        berichtcode=_req(element, "Berichtcode"),
        berichtversie=_req(element, "Berichtversie"),
        berichtsubversie=_req(element, "Berichtsubversie"),
        berichtsoort=_req(element, "Berichtsoort"),
        verzender=_opt(element, "Verzender"),
        verzender_rol=_req(element, "VerzenderRol"),
        ontvanger=_req(element, "Ontvanger"),
        ontvanger_rol=_req(element, "OntvangerRol"),
        verzenddatum=_date(_req(element, "Verzenddatum")),
        referentienummer=_req(element, "Referentienummer"),
    )


def _returned(element: etree._Element) -> ReturnedClass:
    identifying: list[tuple[str, str]] = []
    amounts: list[tuple[str, Decimal]] = []
    children: list[ReturnedClass] = []
    for child in _kids(element):
        name = local_name(child)
        if name == "Feedback":
            continue
        if name in _AMOUNTS:
            amounts.append((name, _decimal(string_value(child))))
        elif name in _LOWER_CLASSES:
            children.append(_returned(child))
        else:
            text = " ".join(str(t).strip() for t in child.itertext() if str(t).strip())
            identifying.append((name, text))
    return ReturnedClass(
        local_name(element), tuple(identifying), tuple(amounts), _feedback(element), tuple(children)
    )


def _root(source: bytes | Path | etree._Element) -> etree._Element:
    if isinstance(source, etree._Element):
        return source
    return read_document(source, what="the GDS802").getroot()


def parse_gds802(source: bytes | Path | etree._Element) -> GDS802:
    """Read a GDS802 (XSD-valid against the bundled or the official schema).

    Bytes and paths pass the level-1 intake first (:func:`eistandaard.levels.intake.read_document`).

    :raises UnreadableError: the XML does not pass level 1.
    :raises InputError: when a required element is missing or a value is unreadable.
    """
    root = _root(source)
    header = next(_kids(root, "Header"), None)
    context = next(_kids(root, "DeclaratieContext"), None)
    overzicht = next(_kids(root, "Overzicht"), None)
    if header is None or context is None or overzicht is None:
        raise InputError("a GDS802 needs Header, DeclaratieContext and Overzicht")
    context_feedback = [("DeclaratieContext", f) for f in _feedback(context)]
    for name in ("Declarant", "Zorgaanbieder"):
        for sub in _kids(context, name):
            context_feedback += [(name, f) for f in _feedback(sub)]
    totaal_element = next(_kids(overzicht, "TotaalDeclaratiebedragInclBtw"), None)
    totaal = _bedrag(totaal_element)
    if totaal is None or totaal_element is None:
        raise InputError("Overzicht has no TotaalDeclaratiebedragInclBtw")
    overzicht_feedback = [("Overzicht", f) for f in _feedback(overzicht)]
    overzicht_feedback += [("TotaalDeclaratiebedragInclBtw", f) for f in _feedback(totaal_element)]
    return GDS802(
        header=_header(header),
        header_feedback=_feedback(header),
        context_feedback=tuple(context_feedback),
        factuurnummer=_req(context, "Factuurnummer"),
        declaratienummer_verzekeraar=_opt(context, "DeclaratienummerVerzekeraar"),
        totaal=totaal,
        toegekend_financieel=_bedrag(
            next(_kids(overzicht, "TotaalToegekendBedragInclBtwFinancieel"), None)
        ),
        toegekend_niet_financieel=_bedrag(
            next(_kids(overzicht, "TotaalToegekendBedragInclBtwNietFinancieel"), None)
        ),
        overzicht_feedback=tuple(overzicht_feedback),
        verzekerden=tuple(_returned(v) for v in _kids(root, "Verzekerde")),
    )
