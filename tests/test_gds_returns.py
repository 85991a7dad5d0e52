"""GDS802: written for every GDS801 fixture (VECOZO and insurer), valid, well shaped, consistent."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from tests.answer_helpers import answer_day, finding
from tests.conftest import FIXTURES

from eistandaard import explain, validate
from eistandaard.conventions.vektis.bm import build_bm802
from eistandaard.conventions.vektis.gds import (
    InsurerDecisions,
    PrestatieDecision,
    build_gds802,
    diff_gds,
    load_decisions,
    parse_gds802,
)
from eistandaard.core.errors import DecisionError, InputError
from eistandaard.core.report import Report
from eistandaard.render.explain import render_explanation

RELEASE = FIXTURES / "gds" / "1.0"
DAY = dt.date(2026, 11, 23)
REQUESTS = sorted((RELEASE / "GDS801").glob("*/*.xml"))
TOP = {"Header", "DeclaratieContext", "Overzicht", "Declarant", "Zorgaanbieder",
       "TotaalDeclaratiebedragInclBtw"}  # fmt: skip
B1 = RELEASE / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
BM1 = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "two-orders-debet-and-credit.xml"


@cache
def _report(path: Path) -> Report:
    sidecar = path.with_name(path.stem + ".expected.toml")
    as_of = DAY
    if sidecar.is_file():
        as_of = tomllib.loads(sidecar.read_text(encoding="utf-8")).get("as_of", DAY)
    return validate(path, as_of=as_of)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _top_rejected(report: Report) -> bool:
    return any(
        f.message_class in TOP and "/Verzekerde" not in (f.xpath or "") for f in report.findings
    )


@pytest.mark.parametrize("responder", ["vecozo", "receiver"])
@pytest.mark.parametrize("request_path", REQUESTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gds802_for_every_fixture_is_valid_shaped_and_consistent(
    request_path: Path, responder: str
) -> None:
    """The GDS802 passes our schema and 802 rules, has the return shape and is consistent.

    Consistent: diff_gds finds no problem with it against its GDS801.
    """
    report = _report(request_path)
    if responder == "vecozo" and not any(f.severity == "error" for f in report.findings):
        with pytest.raises(InputError, match="forwards"):  # VECOZO forwards it: no GDS802
            build_gds802(request_path, report.findings, responder=responder, verzenddatum=DAY)
        return
    day = answer_day(report, DAY)
    answer = build_gds802(request_path, report.findings, responder=responder, verzenddatum=day)
    checked = validate(answer, as_of=day)
    assert checked.identity is not None
    assert checked.identity.message == "GDS802"
    request_header = {_local(c): c.text for c in etree.parse(str(request_path)).getroot()[0]}
    roles = set()  # a request from or to a role a 574 may not have carries over to its return
    if request_header["VerzenderRol"] not in ("1", "2"):
        roles.add("VC005-9263")
    if responder == "receiver" and request_header["OntvangerRol"] not in tuple("234567"):
        roles.add("VC003-9262")
    assert set(checked.codes) == roles
    assert 2 in checked.levels_run
    root = etree.fromstring(answer)
    names = [_local(c) for c in root]
    assert names[:3] == ["Header", "DeclaratieContext", "Overzicht"]
    header = {_local(c): c.text for c in root[0]}
    assert header["Berichtcode"] == "574"
    assert header["Berichtversie"] == "1"
    assert header["Verzenddatum"] == day.isoformat()
    if responder == "vecozo":
        assert header["VerzenderRol"] == "6"
        assert "Verzender" not in header
    for feedback in root.iter("{*}Feedback"):
        assert all(_local(s) == "Feedback" for s in feedback.itersiblings()), "Feedback not last"
    returned_codes = {e.text for e in root.iter("{*}Retourcode")}
    if _top_rejected(report):
        assert "Verzekerde" not in names
        top_codes = {f.retourcode for f in report.findings if f.message_class in TOP}
        assert returned_codes == top_codes
    else:
        assert returned_codes == {f.retourcode for f in report.findings}
    if responder == "vecozo":
        for verzekerde in root.iter("{*}Verzekerde"):
            assert next(verzekerde.iter("{*}Feedback"), None) is not None
        amounts = [e.text for e in root.iter() if _local(e).startswith(("Toegekend", "Berekend"))]
        assert set(amounts) <= {"0.00", None}
    diff = diff_gds(request_path, answer)
    assert diff.consistent, diff.problems


def test_vecozo_writes_no_answer_to_a_request_it_does_not_reject() -> None:
    """A GDS801 or BM801 without a rejecting finding: VECOZO forwards it, no GDS802 or BM802.

    The same as ``eistandaard.build_return``'s outcome ``forwarded``. The insurer answers the
    same GDS801 with Header, DeclaratieContext and Overzicht, without Feedback.
    """
    with pytest.raises(InputError, match="forwards the message to the receiver"):
        build_gds802(B1, [], responder="vecozo", verzenddatum=DAY)
    with pytest.raises(InputError, match="no BM802"):
        build_bm802(BM1, [], responder="vecozo", verzenddatum=DAY)
    root = etree.fromstring(build_gds802(B1, [], responder="receiver", verzenddatum=DAY))
    assert [_local(c) for c in root][:3] == ["Header", "DeclaratieContext", "Overzicht"]
    assert next(root.iter("{*}Feedback"), None) is None


def test_insurer_decisions_give_amounts_and_totals() -> None:
    """The insurer's granted amounts per prestatie and the totals follow its decisions."""
    decisions = load_decisions(RELEASE / "decisions" / "ggz-partly-granted.toml")
    answer = build_gds802(B1, [], responder="receiver", verzenddatum=DAY, decisions=decisions)
    back = parse_gds802(answer)
    assert back.declaratie_context.declaratienummer_verzekeraar == "VZ-2026-000123"
    assert back.header.verzender == "4499"
    assert back.header.verzender_rol == "3"
    toegekend = back.overzicht.totaal_toegekend_bedrag_incl_btw_financieel
    assert toegekend is not None
    assert (toegekend.bedrag, toegekend.debet_credit_code) == (Decimal("79.50"), "D")
    diff = diff_gds(B1, answer)
    debet = next(o for o in diff.prestaties if o.referentienummer == "P0001")
    assert (debet.status, debet.declared, debet.granted) == (
        "accepted",
        Decimal("120.50"),
        Decimal("100.00"),
    )
    assert diff.consistent
    assert "granted 79.50 D" in render_explanation(explain(B1, answer), "text", "en")


def test_insurer_rejection_by_decision_grants_nothing_for_that_prestatie() -> None:
    """A decision with a retourcode puts it on the prestatie, which is then granted 0.00."""
    decisions = InsurerDecisions({"P0001": PrestatieDecision(retourcodes=("8001",))})
    answer = build_gds802(B1, [], responder="receiver", verzenddatum=DAY, decisions=decisions)
    diff = diff_gds(B1, answer)
    debet = next(o for o in diff.prestaties if o.referentienummer == "P0001")
    assert debet.status == "rejected"
    assert debet.granted == 0
    assert [f.retourcode for _, f in debet.feedback] == ["8001"]
    assert diff.granted_total == Decimal("-20.50")
    assert diff.consistent


def test_both_amounts_granted_is_caught_by_the_802_rules() -> None:
    """Granting a financial and a non-financial amount together gives 9459 and 9507.

    The builder's self-check refuses such an answer (naming both); unchecked, the 802 rules
    give those codes.
    """
    from eistandaard.core.errors import AnswerCheckError

    decisions = InsurerDecisions(
        {"P0001": PrestatieDecision(toegekend=Decimal("50.00"), niet_financieel=Decimal("5.00"))}
    )
    with pytest.raises(AnswerCheckError, match="VC9459-9459") as raised:
        build_gds802(B1, [], responder="receiver", verzenddatum=DAY, decisions=decisions)
    assert "VC112-9507" in str(raised.value)
    answer = build_gds802(
        B1, [], responder="receiver", verzenddatum=DAY, decisions=decisions, check=False
    )
    assert set(validate(answer, as_of=DAY).codes) == {"VC9459-9459", "VC112-9507"}


def test_decision_for_unknown_prestatie_is_an_input_error() -> None:
    """A decision naming a Referentienummer the GDS801 lacks is refused."""
    from eistandaard.core.errors import InputError

    decisions = InsurerDecisions({"NOPE": PrestatieDecision(retourcodes=("8001",))})
    with pytest.raises(InputError):
        build_gds802(B1, [], responder="receiver", verzenddatum=DAY, decisions=decisions)


def test_diff_flags_a_return_that_does_not_fit() -> None:
    """diff_gds reports a changed Referentienummer and a VECOZO amount as problems."""
    report = _report(RELEASE / "GDS801" / "invalid" / "vc093-8049-ggz-aantal-2.xml")
    request = RELEASE / "GDS801" / "invalid" / "vc093-8049-ggz-aantal-2.xml"
    answer = build_gds802(request, report.findings, responder="vecozo", verzenddatum=DAY)
    tampered = answer.replace(b"GDS-2026-0001", b"GDS-2026-9999").replace(
        b"<ToegekendBedragInclBtwFinancieel>0.00", b"<ToegekendBedragInclBtwFinancieel>5.00"
    )
    problems = diff_gds(request, tampered).problems
    assert any("Referentienummer" in p for p in problems)
    assert any("VECOZO grants" in p for p in problems)


GDS802_SIDECARS = sorted((RELEASE / "GDS802" / "invalid").glob("*.expected.toml"))


@pytest.mark.parametrize("sidecar", GDS802_SIDECARS, ids=lambda p: p.name.split(".")[0])
def test_invalid_gds802_fixture_gives_its_codes(sidecar: Path) -> None:
    """Each invalid GDS802 fixture gives exactly the codes of its sidecar."""
    expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    message = sidecar.with_name(sidecar.name.removesuffix(".expected.toml") + ".xml")
    report = validate(message, as_of=DAY)
    assert report.verdict.value == expected["verdict"]
    assert sorted(set(report.codes)) == sorted(expected["codes"])


@pytest.mark.parametrize(
    "message", sorted((RELEASE / "GDS802" / "valid").glob("*.xml")), ids=lambda p: p.stem
)
def test_valid_gds802_fixture_is_accepted(message: Path) -> None:
    """Valid GDS802 fixtures give no finding."""
    assert validate(message, as_of=DAY).findings == ()


def test_an_answer_is_of_its_requests_release_and_message() -> None:
    """A release other than the request's, or a request of another message, is refused.

    Before, ``build_gds802(<a 1.0 GDS801>, release="2.0")`` wrote a 2.0 answer that ``ei diff``
    then refused, and ``build_bm802(<a GDS801>)`` failed its own check (an engine error).
    """
    with pytest.raises(
        InputError, match=r"is of release 1\.0, the answer would be of release 2\.0"
    ):
        build_gds802(B1, [], responder="receiver", verzenddatum=DAY, release="2.0")
    assert build_gds802(B1, [], responder="receiver", verzenddatum=DAY, release="1.0")
    with pytest.raises(InputError, match="no BM801 of a supported release \\(but GDS801\\)"):
        build_bm802(B1, [], responder="receiver", verzenddatum=DAY)
    with pytest.raises(InputError, match="no GDS801 of a supported release \\(but BM801\\)"):
        build_gds802(BM1, [], responder="receiver", verzenddatum=DAY)


@pytest.mark.parametrize(
    ("decisions", "said"),
    [
        ({"declaratienummer": "1" * 21}, "decisions: declaratienummer: 21 characters, a Declar"),
        (
            {"prestatie": {"P0001": {"berekend": "99999999999.00"}}},
            "decisions: prestatie.P0001: 99,999,999,999.00 D does not fit a BerekendBedrag",
        ),
    ],
)
def test_a_decision_value_the_answer_cannot_hold_is_the_users_mistake(
    decisions: dict[str, object], said: str
) -> None:
    """A value longer or larger than its GDS802 element's XSD facets allow is a DecisionError.

    Before, the answer was built and failed its own check: an engine error (exit 3) quoting
    lxml's English schema message in a Dutch run.
    """
    with pytest.raises(DecisionError, match=said):
        build_gds802(B1, [], responder="receiver", verzenddatum=DAY, decisions=decisions)
    fits = {"declaratienummer": "1" * 20, "prestatie": {"P0001": {"berekend": "9999999999.99"}}}
    assert build_gds802(B1, [], responder="receiver", verzenddatum=DAY, decisions=fits)


def test_an_answer_is_never_dated_before_its_request() -> None:
    """Field case fc02, for the Vektis builders too: never an answer before its request.

    A Verzenddatum before the request's own is refused unless a finding rejects the request (a
    post-dated request, rejected for it, is answered on the day it was checked).
    """
    early = dt.date(2026, 11, 19)  # the GDS801 and BM801 are of 2026-11-20
    with pytest.raises(InputError, match="before its request's 2026-11-20"):
        build_gds802(B1, [], responder="receiver", verzenddatum=early)
    with pytest.raises(InputError, match="before its request's 2026-11-20"):
        build_bm802(BM1, [], responder="receiver", verzenddatum=early)
    rejected = finding(3, "/Bericht/Header/Verzenddatum", retourcode="8986")
    assert build_gds802(B1, [rejected], responder="vecozo", verzenddatum=early)
    assert build_gds802(B1, [], responder="receiver", verzenddatum=dt.date(2026, 11, 20))
