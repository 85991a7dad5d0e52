"""Answers are checked like requests before they are written; decisions are strict; totals add up.

Issue 9 items 6 and 7 and field cases fc03, fc04 and fc12, for every family (iWmo/iJw 325,
BM802 of the CAK and of VECOZO, GDS802 of the insurer and of VECOZO), through ``ei return`` /
``ei diff`` and through the library. The cases are data: ``fixtures/answers/cases/*.expected.toml``
name a request, decisions, code lists and dates, and what ``ei return`` must do.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from lxml import etree
from tests.answer_helpers import answer_day
from tests.conftest import FIXTURES, need_shared

from eistandaard import build_return, diff, validate
from eistandaard.answers import explain
from eistandaard.cli.main import main
from eistandaard.conventions.istandaarden import Decisions
from eistandaard.conventions.vektis.bm import CakDecisions, build_bm802, diff_bm
from eistandaard.conventions.vektis.gds import (
    InsurerDecisions,
    PrestatieDecision,
    build_gds802,
    diff_gds,
)
from eistandaard.conventions.vektis.gds.decisions import decisions_from_data
from eistandaard.core.errors import AnswerCheckError, DecisionError, InputError
from eistandaard.render.explain import render_explanation
from eistandaard.standards.codelists import CodeLists

ANSWERS = FIXTURES / "answers"
CASES = sorted((ANSWERS / "cases").glob("*.expected.toml"))
WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"
JW323 = FIXTURES / "ijw" / "3.2" / "JW323" / "valid" / "two-clients-with-credit.xml"
GDS801 = FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
BM801 = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
SAME_REF = ANSWERS / "requests" / "gds801-debet-credit-same-reference.xml"
TOTAL_OFF = ANSWERS / "requests" / "wmo323-total-one-cent-off.xml"
WITHDRAWN = CodeLists(overrides={"WJ001": ANSWERS / "codelists" / "WJ001-withdrawn.csv"})
COD954 = CodeLists(overrides={"COD954-VEKT": ANSWERS / "codelists" / "COD954-VEKT.csv"})
DAY = dt.date(2026, 11, 23)


def _case(sidecar: Path) -> dict[str, object]:
    return tomllib.loads(sidecar.read_text(encoding="utf-8"))


def _argv(case: dict[str, object], out: Path) -> list[str]:
    argv = ["return", str(ANSWERS / str(case["request"])), "-o", str(out)]
    argv += ["--as-of", str(case["as_of"])]
    if "decisions" in case:
        argv += ["--decisions", str(ANSWERS / str(case["decisions"]))]
    for value in case.get("codelists", []):  # type: ignore[attr-defined]  # a TOML list
        name, _, file = str(value).partition("=")
        argv += ["--codelist", f"{name}={ANSWERS / file}"]
    if "dagtekening" in case:
        argv += ["--dagtekening", str(case["dagtekening"])]
    if "responder" in case:
        argv += ["--responder", str(case["responder"])]
    if "environment" in case:
        argv += ["--environment", str(case["environment"])]
    if "lang" in case:
        argv += ["--lang", str(case["lang"])]
    return argv


@pytest.mark.parametrize("sidecar", CASES, ids=lambda p: p.name.split(".")[0])
def test_return_case(sidecar: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei return` gives the sidecar's exit code and texts; nothing is written unless exit 0.

    A written answer passes `ei validate` with the same code lists and date, and `ei diff`
    calls it consistent and prints the sidecar's figures.
    """
    case = _case(sidecar)
    out = tmp_path / "answer.xml"
    code = main(_argv(case, out))
    captured = capsys.readouterr()
    assert code == case["exit"], captured.out + captured.err
    for fragment in case.get("stderr", []):  # type: ignore[attr-defined]  # a TOML list
        assert fragment in captured.err, captured.err
    for fragment in case.get("stdout", []):  # type: ignore[attr-defined]  # a TOML list
        assert fragment in captured.out, captured.out
    assert "Traceback" not in captured.err
    if code != 0:
        assert not out.exists()
        return
    assert out.is_file()
    lists = [
        f"{str(v).partition('=')[0]}={ANSWERS / str(v).partition('=')[2]}"
        for v in case.get("codelists", [])  # type: ignore[attr-defined]  # a TOML list
    ]
    check = ["validate", "--as-of", str(case["as_of"]), str(out)]
    check += ["--environment", str(case.get("environment", "P"))]
    for value in lists:
        check += ["--codelist", value]
    assert main(check) == 0, capsys.readouterr().out
    capsys.readouterr()
    assert main(["diff", str(ANSWERS / str(case["request"])), str(out)]) == 0
    printed = capsys.readouterr().out
    for fragment in case.get("diff", []):  # type: ignore[attr-defined]  # a TOML list
        assert fragment in printed, printed


# -- item 6: the library checks every answer ----------------------------------------------


def test_build_return_refuses_a_decision_code_withdrawn_on_the_answer_date() -> None:
    """build_return raises DecisionError naming key, code and dates; valid later, it builds."""
    report = validate(WMO323, as_of=dt.date(2024, 4, 10))
    decisions = Decisions(prestaties={"WMO-2024-0302": ["0611"]})
    with pytest.raises(DecisionError, match=r"0611 is expired.*2024-04-10.*until 2024-01-01"):
        build_return(WMO323, report, decisions=decisions, codelists=WITHDRAWN)
    report_jw = validate(JW323, as_of=dt.date(2024, 6, 10))
    jw_decisions = Decisions(prestaties={"JR-24-0503": ["9390"]})
    with pytest.raises(DecisionError, match="not yet valid"):
        build_return(JW323, report_jw, decisions=jw_decisions, codelists=WITHDRAWN)
    later = build_return(
        JW323, report_jw, decisions=jw_decisions, codelists=WITHDRAWN, as_of=dt.date(2025, 2, 3)
    )
    assert later.dagtekening == "2025-02-03"
    assert later.outcome.value == "partly-rejected"


def test_answer_is_dated_on_the_peildatum_by_default() -> None:
    """Without a Dagtekening the answer takes the report's peildatum, so its check holds."""
    report = validate(WMO323, as_of=dt.date(2024, 4, 10))
    result = build_return(WMO323, report)
    assert result.dagtekening == "2024-04-10"
    assert result.message is not None
    assert validate(result.message, as_of=dt.date(2024, 4, 10)).accepted


def test_an_answer_the_consistency_check_rejects_is_never_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 325 writer fault only `ei diff` sees (another client's Bsn) raises AnswerCheckError."""
    from eistandaard.conventions.istandaarden import build as build_module

    real = build_module._Writer._copy

    def other_bsn(self: object, source: etree._Element, name: str | None = None) -> object:
        copy = real(self, source, name)  # type: ignore[arg-type]  # the writer itself
        if etree.QName(copy).localname == "Bsn" and copy.text == "999900031":
            copy.text = "999900043"  # a valid Bsn, of the other client
        return copy

    monkeypatch.setattr(build_module._Writer, "_copy", other_bsn)
    report = validate(WMO323, as_of=dt.date(2024, 4, 10))
    with pytest.raises(AnswerCheckError, match="does not fit its request") as raised:
        build_return(WMO323, report, decisions=Decisions(prestaties={"WMO-2024-0302": ["0611"]}))
    assert any("is not in the request" in reason for reason in raised.value.reasons)
    assert not any("not-in-request" in reason for reason in raised.value.reasons)  # no slug
    assert "staat in het heenbericht niet onder" in raised.value.text("nl")
    unchecked = build_return(
        WMO323, report, decisions=Decisions(prestaties={"WMO-2024-0302": ["0611"]}), check=False
    )
    assert unchecked.message is not None


def test_gds802_is_checked_with_the_callers_code_lists() -> None:
    """build_gds802 refuses a decision code COD954-VEKT withdrew; the answer's level 4 too."""
    decisions = decisions_from_data({"prestatie": {"P0001": {"retourcodes": ["8002"]}}})
    with pytest.raises(DecisionError, match="8002 is expired"):
        build_gds802(
            GDS801,
            [],
            responder="receiver",
            verzenddatum=DAY,
            decisions=decisions,
            codelists=COD954,
        )
    unchecked = build_gds802(
        GDS801, [], responder="receiver", verzenddatum=DAY, decisions=decisions, check=False
    )
    report = validate(unchecked, as_of=DAY, codelists=COD954)
    assert "EI403" in report.codes


def test_bm802_is_checked_and_decided() -> None:
    """build_bm802 takes CAK decisions; a BM802 whose diff fails is refused (AnswerCheckError)."""
    decisions = CakDecisions({"BO-0002": ("P013",)})
    answer = build_bm802(BM801, [], responder="receiver", verzenddatum=DAY, decisions=decisions)
    explained = diff_bm(BM801.read_bytes(), answer)
    assert explained.consistent
    assert explained.totals() == (
        Decimal("-50.00"),
        Decimal("150.00"),
        Decimal("-200.00"),
        Decimal("0"),
    )
    with pytest.raises(DecisionError, match="BO-0009"):
        build_bm802(
            BM801,
            [],
            responder="receiver",
            verzenddatum=DAY,
            decisions=CakDecisions({"BO-0009": ("P013",)}),
        )
    with pytest.raises(InputError, match="lies after the peildatum"):  # the request's own date
        build_bm802(BM801, [], responder="receiver", verzenddatum=DAY, as_of=dt.date(2026, 11, 20))
    with pytest.raises(InputError, match="lies before the request's own date"):
        build_bm802(BM801, [], responder="receiver", verzenddatum=DAY, as_of=dt.date(2026, 1, 1))


# -- item 7: decisions are strict ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"prestaties": {"P0001": {"retourcodes": ["8001"]}}}, "prestaties"),
        ({"prestatie": {"P0001": {"retourcode": "8001"}}}, "retourcode"),
        ({"prestaties": {"P0001": ["8001"]}}, "prestaties"),
        ({"prestatie": {"P0001": {"retourcodes": ["801"]}}}, "801"),
        ({"prestatie": {"P0001": {"toegekend": "1.234"}}}, "prestatie.P0001.toegekend"),
        ({"prestatie": {"P0001": {"toegekend": "-1"}}}, "prestatie.P0001.toegekend"),
        ({"prestatie": {"P0001": {"toegekend": True}}}, "prestatie.P0001.toegekend"),
        ({"declaratienummer": 12}, "declaratienummer"),
    ],
)
def test_gds_decisions_refuse_what_they_do_not_know(data: dict[str, object], key: str) -> None:
    """Unknown keys, the iWmo shape, malformed codes and amounts: DecisionError naming the key."""
    with pytest.raises(DecisionError, match=key):
        decisions_from_data(data)


def test_gds_decisions_refuse_unknown_and_ambiguous_references() -> None:
    """A reference the GDS801 lacks, or names twice, or an amount above the declared one."""
    for decisions, message in (
        ({"NOPE": PrestatieDecision(retourcodes=("8001",))}, "prestatie.NOPE"),
        ({"P0001": PrestatieDecision(toegekend=Decimal("120.51"))}, "above the declared"),
    ):
        with pytest.raises(DecisionError, match=message):
            build_gds802(
                GDS801,
                [],
                responder="receiver",
                verzenddatum=DAY,
                decisions=InsurerDecisions(decisions),
            )
    with pytest.raises(DecisionError, match="CreditPrestatie/P0001"):
        build_gds802(
            SAME_REF,
            [],
            responder="receiver",
            verzenddatum=DAY,
            decisions=InsurerDecisions({"P0001": PrestatieDecision(retourcodes=("8001",))}),
        )


def test_iwmo_decision_errors_are_decision_errors() -> None:
    """iWmo/iJw decisions raise the same DecisionError type (an InputError) with the key."""
    report = validate(WMO323, as_of=dt.date(2024, 4, 10))
    with pytest.raises(DecisionError, match="clienten 999999999"):
        build_return(WMO323, report, decisions=Decisions(clienten={"999999999": ["8187"]}))
    with pytest.raises(DecisionError, match="unknown key"):
        Decisions.from_json({"prestatie": {}})


# -- fc12: identifying paths ------------------------------------------------------------------


def test_debet_and_credit_with_one_reference_are_told_apart_by_their_class() -> None:
    """diff_gds matches returned prestaties by class and Referentienummer: consistent."""
    decisions = InsurerDecisions({"DebetPrestatie/P0001": PrestatieDecision(retourcodes=("8001",))})
    answer = build_gds802(SAME_REF, [], responder="receiver", verzenddatum=DAY, decisions=decisions)
    explained = diff_gds(SAME_REF, answer)
    assert explained.consistent, explained.problems
    statuses = {(o.kind, o.referentienummer): o.status for o in explained.prestaties}
    assert statuses == {("debet", "P0001"): "rejected", ("credit", "P0001"): "accepted"}
    assert explained.granted_total == Decimal("-20.50")


def test_an_answer_that_cannot_say_which_prestatie_is_inconsistent() -> None:
    """Two DebetPrestaties P0001, only one returned: diff_gds names the ambiguous path."""
    request = ANSWERS / "requests" / "gds801-two-debets-same-reference.xml"
    answer = build_gds802(request, [], responder="receiver", verzenddatum=DAY)
    root = etree.fromstring(answer)
    verzekerde = next(root.iter("{*}Verzekerde"))
    verzekerde.remove(verzekerde.findall("{*}Prestatie")[1])
    problems = diff_gds(request, etree.tostring(root)).problems
    assert any("cannot say which" in p for p in problems), problems


def test_field_case_fc12_answer_is_consistent(tmp_path: Path) -> None:
    """fc12: the GDS802 of a GDS801 with a duplicate Referentienummer is consistent now."""
    request = next(need_shared("field-cases", "fc12-gds-answer-inconsistent").glob("*.xml"))
    out = tmp_path / "gds802.xml"
    assert main(["return", str(request), "-o", str(out), "--as-of", "2026-11-22"]) == 0
    assert main(["diff", str(request), str(out)]) == 0


def test_field_case_fc03_withdrawn_code_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fc03: each of the three WJ001 lists refuses the 0611 decision (exit 2), nothing written.

    The reason is in the run's language: Dutch by default.
    """
    folder = need_shared("field-cases", "fc03-answer-with-withdrawn-code")
    for listing, words in (
        ("wj001-0611-expired.csv", "verlopen"),
        ("wj001-0611-future.csv", "nog niet geldig"),
        ("wj001-no0611.csv", "staat niet in codelijst"),
    ):
        out = tmp_path / f"{listing}.xml"
        argv = ["return", str(folder / "WMO323-request.xml"), "-o", str(out)]
        argv += ["--decisions", str(folder / "decisions-0611.json"), "--as-of", "2024-04-10"]
        argv += ["--codelist", f"WJ001={folder / listing}"]
        assert main(argv) == 2
        assert words in capsys.readouterr().err
        assert not out.exists()


# -- fc04: totals reconcile --------------------------------------------------------------------


def test_technical_rejection_totals_reconcile_in_every_output(tmp_path: Path) -> None:
    """A 0001 answer: submitted = not assessed, nothing rejected or granted; led by the outcome.

    The outcome names the rule the request fails (found by validating it again).
    """
    report = validate(TOTAL_OFF, as_of=dt.date(2024, 4, 10))
    result = build_return(TOTAL_OFF, report)
    summary = result.summary
    assert summary is not None
    assert (summary.submitted, summary.granted, summary.rejected, summary.not_assessed) == (
        56201,
        0,
        0,
        56201,
    )
    explained = diff(TOTAL_OFF, result.message)
    assert explained.outcome == "technical-rejection"
    assert (explained.submitted, explained.granted, explained.rejected) == (56201, 0, 0)
    assert explained.not_assessed == 56201
    explanation = explain(TOTAL_OFF, result.message)
    data = json.loads(render_explanation(explanation, "json", "en"))
    assert data["outcome"] == "technical-rejection"
    assert data["totals"]["not_assessed"] == "562.01"
    assert explained.technical_reasons == ("TR358",)  # the request validated again
    assert data["technical_reasons"] == ["TR358"]
    lead_line = render_explanation(explanation, "text", "en").splitlines()[0]
    assert lead_line.startswith("WMO323 technically rejected (0001: TR358)")
    page = render_explanation(explanation, "html", "en")
    assert 'class="summary accepted"' not in page
    assert 'class="summary rejected" id="summary"><p><strong>WMO323 technically rejected' in page


@pytest.mark.parametrize(
    "decisions",
    [
        None,
        Decisions(header=["9056"]),
        Decisions(declaratie=["9333"]),
        Decisions(clienten={"999900031": ["8187"]}),
        Decisions(prestaties={"WMO-2024-0302": ["0611"], "WMO-2024-0303": ["9390"]}),
    ],
    ids=["accepted", "header", "declaratie", "client", "prestaties"],
)
def test_iwmo_totals_reconcile_and_agree_with_the_return_summary(
    decisions: Decisions | None,
) -> None:
    """Submitted = granted + rejected + not assessed, per client and overall; equal to ei return."""
    report = validate(WMO323, as_of=dt.date(2024, 4, 10))
    result = build_return(WMO323, report, decisions=decisions)
    s = result.summary
    assert s is not None
    explained = diff(WMO323, result.message)
    figures = (explained.submitted, explained.granted, explained.rejected, explained.not_assessed)
    assert figures == (s.submitted, s.granted, s.rejected, s.not_assessed)
    assert s.submitted == s.granted + s.rejected + s.not_assessed
    for client in explained.clients:
        submitted, granted, rejected, not_assessed = client.totals()
        assert submitted == granted + rejected + not_assessed


def test_an_answer_to_another_declaration_shows_only_the_mismatch(tmp_path: Path) -> None:
    """No statuses or totals for an answer that belongs to another declaration."""
    report = validate(WMO323, as_of=dt.date(2024, 4, 10))
    result = build_return(WMO323, report)
    assert result.message is not None
    other = result.message.replace(b"W323-2404-01", b"W323-OTHER")
    explained = diff(WMO323, other)
    assert explained.outcome == "not-answered"
    explanation = explain(WMO323, other)
    text = render_explanation(explanation, "text", "en")
    assert "DeclaratieIdentificatie of the answer does not match" in text
    assert "other-declaration" not in text  # an internal check slug, never shown
    assert "Totals" not in text
    assert "Client" not in text
    data = json.loads(render_explanation(explanation, "json"))
    assert data["totals"] is None
    assert data["groups"] == []
    assert "<table>" not in render_explanation(explanation, "html")


@pytest.mark.parametrize("responder", ["vecozo", "receiver"])
@pytest.mark.parametrize(
    "request_path",
    sorted((FIXTURES / "gds" / "1.0" / "GDS801").glob("*/*.xml")),
    ids=lambda p: p.stem,
)
def test_gds_totals_reconcile(request_path: Path, responder: str) -> None:
    """Every GDS802 the project writes: declared = granted + rejected + not assessed."""
    report = validate(request_path, as_of=DAY)
    if responder == "vecozo" and not any(f.severity == "error" for f in report.findings):
        # VECOZO forwards a GDS801 it does not reject: no GDS802 (as build_return's "forwarded")
        with pytest.raises(InputError, match="forwards"):
            build_gds802(request_path, report.findings, responder=responder, verzenddatum=DAY)
        return
    try:
        day = answer_day(report, DAY)
        answer = build_gds802(request_path, report.findings, responder=responder, verzenddatum=day)
    except AnswerCheckError:
        pytest.skip("no answer for this request and responder")
    explained = diff_gds(request_path, answer)
    submitted, granted, rejected, not_assessed = explained.totals()
    assert submitted == granted + rejected + not_assessed
    if explained.short_circuit or responder == "vecozo":
        assert granted == 0


@pytest.mark.parametrize("responder", ["vecozo", "receiver"])
@pytest.mark.parametrize(
    "request_path",
    sorted((FIXTURES / "bm" / "2.0" / "chain").glob("flow[357]*.xml")),
    ids=lambda p: p.stem,
)
def test_bm_totals_reconcile(request_path: Path, responder: str) -> None:
    """Every BM802 the project writes: requested = granted + rejected + not assessed."""
    report = validate(request_path, as_of=DAY)
    findings = [f for f in report.findings if f.severity == "error" and int(f.level) >= 3]
    if responder == "vecozo" and not findings:
        # VECOZO forwards an order it does not reject: no BM802 (as build_return's "forwarded")
        with pytest.raises(InputError, match="forwards"):
            build_bm802(request_path, findings, responder=responder, verzenddatum=DAY)
        return
    answer = build_bm802(request_path, findings, responder=responder, verzenddatum=DAY)
    explained = diff_bm(request_path.read_bytes(), answer)
    requested, granted, rejected, not_assessed = explained.totals()
    assert requested == granted + rejected + not_assessed
    assert explained.consistent, explained.problems


def test_field_case_fc04_diff_agrees_with_return(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fc04: ei return and ei diff print the same figures: 225.01 not assessed, 0.00 rejected."""
    folder = need_shared("field-cases", "fc04-diff-totals-technical-rejection")
    request = next(folder.glob("*.xml"))
    out = tmp_path / "wmo325.xml"
    assert main(["return", str(request), "-o", str(out), "--as-of", "2025-04-03"]) == 0
    assert "afgewezen 0,00 D + niet beoordeeld 225,01 D" in capsys.readouterr().out
    assert main(["diff", str(request), str(out), "--format", "json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert totals == {
        "submitted": "225.01",
        "granted": "0.00",
        "rejected": "0.00",
        "not_assessed": "225.01",
    }


# -- the same kinds elsewhere ------------------------------------------------------------------


def test_vecozo_makes_no_decisions_in_the_library() -> None:
    """Decisions given with responder vecozo are refused, never silently ignored (GDS and BM)."""
    gds = InsurerDecisions({"P0001": PrestatieDecision(retourcodes=("8001",))})
    with pytest.raises(DecisionError, match="VECOZO makes no receiver decisions"):
        build_gds802(GDS801, [], responder="vecozo", verzenddatum=DAY, decisions=gds)
    bm = CakDecisions({"BO-0002": ("P013",)})
    with pytest.raises(DecisionError, match="VECOZO makes no receiver decisions"):
        build_bm802(BM801, [], responder="vecozo", verzenddatum=DAY, decisions=bm)


@pytest.mark.parametrize(
    ("text", "loader"),
    [
        ('{"prestaties": {"R1": ["0611"], "R1": ["9390"]}}', "answer"),
        ('{"prestatie": {"P0001": {"retourcodes": ["8001"]}, "P0001": {}}}', "gds"),
        ('{"betaalopdracht": {"BO-1": {"retourcodes": ["P013"], "retourcodes": []}}}', "bm"),
    ],
    ids=["iwmo", "gds", "bm"],
)
def test_a_key_given_twice_in_json_decisions_is_refused(
    tmp_path: Path, text: str, loader: str
) -> None:
    """JSON allows a repeated key (the last one wins): decisions refuse it, naming the key."""
    from eistandaard import answer, bm, gds

    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    load = {"answer": answer.load_decisions, "gds": gds.load_decisions, "bm": bm.load_decisions}
    with pytest.raises(DecisionError, match="given twice"):
        load[loader](path)


def test_iwmo_answer_with_an_ambiguous_reference_is_inconsistent() -> None:
    """Two prestaties with one ReferentieNummer, one returned: diff says the answer is ambiguous."""
    report = validate(WMO323, as_of=dt.date(2024, 4, 10))
    decisions = Decisions(prestaties={"WMO-2024-0302": ["0611"]})
    result = build_return(WMO323, report, decisions=decisions)
    request = WMO323.read_bytes().replace(b"WMO-2024-0301", b"WMO-2024-0302")
    problems = diff(request, result.message).problems
    assert [p.check for p in problems if p.check == "ambiguous"] == ["ambiguous"]


def test_a_foutbericht_is_checked_against_its_schema() -> None:
    """A foutbericht that its own XSD refuses (line 0) is never returned."""
    from eistandaard.conventions.vektis.bm import build_foutbericht
    from eistandaard.core.findings import Finding, Level, Location

    report = validate(BM801, as_of=DAY)
    bad = Finding(
        level=Level.STRUCTURE,
        code="EI201",
        text_nl="x",
        text_en="x",
        locations=(Location(xpath="/Bericht", line=0),),
    )
    with pytest.raises(AnswerCheckError, match=r"Foutbericht\.xsd"):
        build_foutbericht(report, [bad], datum=DAY)
    good = attrs.evolve(bad, locations=(Location(xpath="/Bericht", line=1),))
    assert build_foutbericht(report, [good], datum=DAY).startswith(b"<?xml")


def test_ei_diff_uses_the_given_retourcode_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei diff --codelist WJ001=...` checks the answer's codes against that list, as ei return."""
    out = tmp_path / "answer.xml"
    decisions = ANSWERS / "decisions" / "wmo-client-8187.json"
    argv = ["return", str(WMO323), "-o", str(out), "--as-of", "2024-04-10"]
    assert main([*argv, "--decisions", str(decisions)]) == 0
    capsys.readouterr()
    assert main(["diff", str(WMO323), str(out)]) == 0
    capsys.readouterr()
    listing = f"WJ001={ANSWERS / 'codelists' / 'WJ001-withdrawn.csv'}"
    assert main(["diff", str(WMO323), str(out), "--codelist", listing]) == 1
    said = capsys.readouterr().out
    assert "staat niet in codelijst" in said
    assert "unknown-code" not in said  # an internal check slug, never shown


@pytest.mark.parametrize("family", ["gds", "bm"])
def test_vektis_answer_to_another_request_shows_only_the_mismatch(
    family: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A GDS802/BM802 with another Referentienummer: no per-line outcome, no totals (text, JSON)."""
    request = GDS801 if family == "gds" else BM801
    decisions = "gds-qualified-reference.toml" if family == "gds" else "bm-reject-bo-0002.toml"
    out = tmp_path / "answer.xml"
    argv = ["return", str(request), "-o", str(out), "--as-of", "2026-11-23"]
    assert main([*argv, "--decisions", str(ANSWERS / "decisions" / decisions)]) == 0
    capsys.readouterr()
    data = out.read_bytes()
    reference = etree.fromstring(data).findtext("{*}Header/{*}Referentienummer")
    assert reference
    other = tmp_path / "other.xml"
    other.write_bytes(data.replace(reference.encode(), b"OTHER-0001"))
    assert main(["diff", "--lang", "en", str(request), str(other)]) == 1
    text = capsys.readouterr().out
    assert "does not belong" in text
    assert "Totals" not in text
    assert "rejected" not in text.split("does not belong", 1)[1]
    assert main(["diff", str(request), str(other), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["state"] == "not-answered"
    assert document["groups"] == []
    assert document["totals"] is None
    assert any("Referentienummer" in p for p in document["problems"])
