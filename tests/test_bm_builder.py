"""BM802 generation as STB BM801-BM802 5.3-5.8 prescribes (build_bm802 with authored findings)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lxml import etree
from tests.conftest import FIXTURES, ROOT

from eistandaard.conventions.vektis.bm import build_bm802, parse_bm802
from eistandaard.conventions.vektis.views import feedback_of, money
from eistandaard.core.findings import Finding, Level, Location
from eistandaard.core.money import Money

REQUEST = (FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml").read_bytes()
DAY = dt.date(2026, 11, 23)
BM802_XSD = etree.XMLSchema(etree.parse(str(ROOT / "schemas/bm/2.0/BM802.xsd")))


def finding(
    code: str, retourcode: str, klass: str, *paths: str, details: str | None = None
) -> Finding:
    """An authored rejecting finding on the given locations."""
    return Finding(
        level=Level.RELATION,
        code=code,
        text_nl="test",
        text_en="test",
        retourcode=retourcode,
        locations=tuple(Location(xpath=p) for p in paths),
        message_class=klass,
        details=details,
    )


HEADER = finding(
    "VC001", "8028", "Header", "/Bericht/Header", details="Berichtsoort=T; OmgevingVecozo=P"
)
ORDER1 = finding("CAK01", "P013", "Betaalopdracht", "/Bericht/Betaalopdracht[1]")
BANK1 = finding("VC012", "P007", "Bankgegevens", "/Bericht/Betaalopdracht[1]/Bankgegevens/Iban")
SPEC2 = finding(
    "VC010",
    "P005",
    "Betaalopdrachtspecificatie",
    "/Bericht/Betaalopdracht[2]/Betaalopdrachtspecificatie[1]/Jaar",
)


def build(findings: list[Finding], responder: str) -> bytes:
    """The BM802 for the standard request, checked against the BM802 schema."""
    data = build_bm802(REQUEST, findings, responder=responder, verzenddatum=DAY)
    assert BM802_XSD.validate(etree.fromstring(data)), BM802_XSD.error_log
    return data


def test_fully_approved_gives_header_and_overzicht_without_codes() -> None:
    """No rejection at the CAK: Header + Overzicht only, granted equals requested (5.5, 5.8)."""
    answer = parse_bm802(build([], "receiver"))
    assert answer.header.feedback == []
    assert answer.overzicht.feedback == []
    assert answer.betaalopdracht == []
    granted = money(answer.overzicht.totaal_toegekend_bedrag_dc)
    requested = money(answer.overzicht.totaal_bedrag_dc)
    assert granted is not None
    assert requested is not None
    assert granted.signed == requested.signed == 1300
    assert answer.header.verzender == "9993"
    assert answer.header.verzender_rol == "7"
    assert answer.header.ontvanger == "5599"
    assert answer.header.ontvanger_rol == "5"
    assert answer.header.berichtcode == "538"
    assert answer.header.verzenddatum == DAY


def test_header_error_returns_only_header_and_overzicht_with_the_code() -> None:
    """A Header rejection short-circuits: lower findings are not returned (5.3, 5.5)."""
    answer = parse_bm802(build([HEADER, ORDER1, BANK1], "vecozo"))
    assert [f.retourcode for f in answer.header.feedback] == ["8028"]
    pairs = [(b.elementnaam, b.elementwaarde) for b in feedback_of(answer.header)[0].betrokken]
    assert pairs == [("Berichtsoort", "T"), ("OmgevingVecozo", "P")]
    assert answer.betaalopdracht == []


def test_vecozo_is_sender_role_6_without_verzender_and_grants_nothing() -> None:
    """VECOZO as sender only in its own return: no Verzender, role 6, 0.00 granted (5.3, 5.8)."""
    answer = parse_bm802(build([BANK1], "vecozo"))
    assert answer.header.verzender is None
    assert answer.header.verzender_rol == "6"
    assert answer.overzicht.totaal_toegekend_bedrag_dc.bedrag == 0


def test_vecozo_reports_every_rejection_nested_under_identifying_paths() -> None:
    """At VECOZO a rejected order and a rejected child of it are both returned (flow 3)."""
    answer = parse_bm802(build([ORDER1, BANK1, SPEC2], "vecozo"))
    first, second = answer.betaalopdracht
    assert first.betaalopdrachtnummer == "BO-0001"
    assert [f.retourcode for f in first.feedback] == ["P013"]
    assert first.betaalopdrachtspecificatie == []
    assert first.bankgegevens is not None
    assert [f.retourcode for f in first.bankgegevens.feedback] == ["P007"]
    assert second.betaalopdrachtnummer == "BO-0002"
    assert second.feedback == []
    assert second.bankgegevens is None
    assert [s.specificatienummer for s in second.betaalopdrachtspecificatie] == ["1"]


def test_cak_does_not_return_children_of_a_rejected_class_and_grants_the_rest() -> None:
    """At the CAK the rejected order's Bankgegevens is dropped; the other order is granted (5.3)."""
    answer = parse_bm802(build([ORDER1, BANK1], "receiver"))
    (only,) = answer.betaalopdracht
    assert only.betaalopdrachtnummer == "BO-0001"
    assert (only.betaalopdrachtspecificatie, only.bankgegevens) == ([], None)
    assert money(answer.overzicht.totaal_toegekend_bedrag_dc) == Money(Decimal(200), "C")


def test_return_changes_no_data_and_has_no_commentaar() -> None:
    """Only identifying elements and Feedback are written, no data or commentaar (5.5, 5.6)."""
    data = build([SPEC2], "receiver")
    root = etree.fromstring(data)
    names = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
    assert not names & {
        "Commentaar",
        "AanvullendKenmerk",
        "Iban",
        "Categorie",
        "Jaar",
        "Begunstigde",
    }
    (order,) = parse_bm802(data).betaalopdracht
    assert order.betaalopdrachtnummer == "BO-0002"
