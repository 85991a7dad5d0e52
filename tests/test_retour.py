"""The IV032 retour messages (302, 306, 308, 316, 318, 320) of iWmo and iJw 3.2.

Every case in fixtures/answers/retour/ (a sidecar ``*.expected.toml`` per case: the request, the
receiver's decisions, the expected outcome, the codes per class instance and the golden answer)
is run through ``ei return``; the answer must be the golden one, valid against our retour XSD
and (iJw, with ../shared) the official one, and `ei diff` must call it consistent.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.answer_helpers import finding, official_schema_errors, own_schema_errors, report_for
from tests.conftest import FIXTURES, JAAPJUNIOR, ROOT, SHARED, need_shared

import eistandaard
from eistandaard.answers.explanation import State
from eistandaard.cli.main import main
from eistandaard.conventions.istandaarden.decisions import ClassDecisions
from eistandaard.conventions.istandaarden.retour import class_instances, retour_model
from eistandaard.core.errors import DataError, DecisionError, EngineError
from eistandaard.render.explain import explanation_to_dict, render_text
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.classmodel import class_model, parse_class_model

CASES = FIXTURES / "answers" / "retour"
SIDECARS = sorted(CASES.glob("*.expected.toml"))
PAIRS = [
    (family, prefix, number)
    for family, prefix in (("iwmo", "WMO"), ("ijw", "JW"))
    for number in (301, 305, 307, 315, 317, 319)
]


def _case(sidecar: Path) -> dict[str, Any]:
    return tomllib.loads(sidecar.read_text("utf-8"))


def _answer_name(request: Path) -> str:
    spec = default_catalog().identify(etree.parse(str(request)).getroot())
    assert spec is not None
    assert spec.answer is not None
    return spec.answer


_EN_WORDS = {
    "fully-accepted": "accepted",
    "rejected": "rejected",
    "technical-rejection": "technically rejected",
    "header-rejected": "rejected on its Header",
}


def _run_return(case: dict[str, Any], out: Path) -> int:
    argv = [
        "return",
        str(CASES / case["request"]),
        "-o",
        str(out),
        "--as-of",
        case["as_of"],
        "--dagtekening",
        case["dagtekening"],
        "--id",
        case["id"],
        "--lang",
        "en",
    ]
    if "decisions" in case:
        argv += ["--decisions", str(CASES / case["decisions"])]
    return main(argv)


def _codes_by_instance(request: Path, answer: bytes) -> dict[str, list[str]]:
    """'Label key' -> the retourcodes of that class instance in the answer."""
    spec = default_catalog().identify(etree.parse(str(request)).getroot())
    assert spec is not None
    model = retour_model(spec)
    assert model is not None
    found: dict[str, list[str]] = {}
    for instance in class_instances(etree.fromstring(answer), model):
        holder = [c for c in instance.element if etree.QName(c).localname == "RetourCodes"]
        codes = [(c.text or "") for c in holder[0]] if holder else []
        label = instance.label if instance.spec.always else f"{instance.label} {instance.name}"
        found[label] = codes
    return found


def test_every_pair_has_its_three_cases() -> None:
    """Each of the 12 pairs has an accepted, a decision-rejected and a 0001 case."""
    names = {p.name for p in SIDECARS}
    for _family, prefix, number in PAIRS:
        stem = f"{prefix.lower()}{number}"
        assert f"{stem}-accepted.expected.toml" in names
        assert f"{stem}-technical.expected.toml" in names
        assert any(n.startswith(f"{stem}-reject-") for n in names), stem
    assert len(SIDECARS) == 36


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.toml"))
def test_retour_case(sidecar: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei return` writes the golden retour of each case.

    It is XSD-valid, carries the expected codes, and `ei diff` calls it consistent with the
    expected outcome.
    """
    case = _case(sidecar)
    request = CASES / case["request"]
    out = tmp_path / "answer.xml"
    code = _run_return(case, out)
    printed = capsys.readouterr().out
    assert code == case["exit"], printed
    written = out.read_bytes()
    assert written == (CASES / case["answer"]).read_bytes(), "the golden answer changed"
    # the outcome in English words (`--lang en`), never its token; a retour has no amounts
    assert f": {_EN_WORDS[case['outcome']]}\n" in printed, printed
    name = _answer_name(request)
    family = "iwmo" if name.startswith("WMO") else "ijw"
    assert own_schema_errors(written, family, name) == []
    codes = _codes_by_instance(request, written)
    for where, expected in case["codes"].items():
        assert codes.get(where) == expected, (where, codes)
    if case["outcome"] == "technical-rejection":
        assert list(codes) == ["Header"]  # the Header only
        assert b"XsltVersie" in written
    else:
        assert b"XsltVersie" not in written
        # every class instance of the request comes back with its RetourCodes
        assert all(codes.values()), codes
    explained = eistandaard.explain(request, written)
    assert explained.consistent, explained.problems
    assert explained.outcome == case["outcome"]
    assert explained.totals is None  # these messages have no amounts
    for where, state in case.get("states", {}).items():
        label, _, key = where.partition(" ")
        states = [
            line.state.value
            for group in explained.groups
            for line in (*group.lines, group)
            if line.kind == label and line.key == key
        ]
        assert states == [state], (where, states)
    if "reasons" in case:
        assert list(explained.technical_reasons) == case["reasons"]
    assert main(["diff", str(request), str(out)]) == 0


@pytest.mark.parametrize(
    "sidecar",
    [p for p in SIDECARS if p.name.startswith("jw")],
    ids=lambda p: p.name.removesuffix(".expected.toml"),
)
def test_ijw_golden_answers_are_valid_against_the_official_xsd(sidecar: Path) -> None:
    """Every golden JW retour is valid against the official JW retour XSD (skips without it).

    No official iWmo retour XSD is public; the iWmo answers are checked against ours above.
    """
    case = _case(sidecar)
    name = _answer_name(CASES / case["request"])
    assert official_schema_errors((CASES / case["answer"]).read_bytes(), name) == []


def _validated(path: Path) -> eistandaard.Report:
    return eistandaard.validate(path, as_of=dt.date(2026, 11, 30))


def test_a_level4_finding_goes_on_the_class_where_it_was_found() -> None:
    """A level-4 finding in the second ToegewezenProduct rejects that product only (IV032)."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO301" / "valid" / "basis.xml"
    xpath = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Product/Code"
    report = report_for(request, finding(4, xpath, retourcode="9340", code="TR999"))
    result = eistandaard.build_return(
        request, report, date="2026-11-30", as_of=dt.date(2026, 11, 30), check=False
    )
    assert result.outcome.value == "rejected"
    assert result.message is not None
    codes = _codes_by_instance(request, result.message)
    assert codes["ToegewezenProduct 5002"] == ["9340"]
    assert codes["ToegewezenProduct 5001"] == ["0200"]
    assert codes["Client 999900018"] == ["0200"]
    assert codes["Header"] == ["0200"]


def test_a_header_decision_returns_the_header_only() -> None:
    """A code on the Header rejects the message as a whole: the Header only, no XsltVersie."""
    request = FIXTURES / "ijw" / "3.2" / "JW305" / "valid" / "complete.xml"
    report = _validated(request)
    decisions = ClassDecisions({"Header": {"": ("9056",)}})
    result = eistandaard.build_return(request, report, decisions=decisions, date="2026-11-30")
    assert result.outcome.value == "header-rejected"
    assert result.message is not None
    assert list(_codes_by_instance(request, result.message)) == ["Header"]
    assert result.header_codes == ("9056",)
    assert result.explanation is not None
    assert all(g.state is State.NOT_ASSESSED for g in result.explanation.groups)
    assert b"XsltVersie" not in result.message


def test_a_decision_for_an_unknown_instance_is_refused(tmp_path: Path) -> None:
    """A decision naming no instance of the message is a DecisionError, never ignored."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO315" / "valid" / "complete.xml"
    report = _validated(request)
    decisions = ClassDecisions({"AangevraagdProduct": {"NO-SUCH-REF": ("9359",)}})
    with pytest.raises(DecisionError, match="NO-SUCH-REF"):
        eistandaard.build_return(request, report, decisions=decisions, date="2026-11-30")


@pytest.mark.parametrize("code", ["0001", "0200"])
def test_a_decision_cannot_give_a_reserved_code(code: str) -> None:
    """0001 and 0200 have a fixed role in the retour: a decision cannot give them."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO315" / "valid" / "complete.xml"
    report = _validated(request)
    decisions = ClassDecisions({"AangevraagdProduct": {"EIREF315": (code,)}})
    with pytest.raises(DecisionError, match="fixed role"):
        eistandaard.build_return(request, report, decisions=decisions, date="2026-11-30")


def test_a_decisions_file_with_an_unknown_class_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return --decisions` naming a class the message lacks: exit 2, no file written."""
    decisions = tmp_path / "d.toml"
    decisions.write_text('[Prestatie."X"]\nretourcodes = ["9359"]\n', "utf-8")
    out = tmp_path / "answer.xml"
    request = FIXTURES / "ijw" / "3.2" / "JW315" / "valid" / "complete.xml"
    argv = ["return", str(request), "-o", str(out), "--as-of", "2026-11-30"]
    code = main([*argv, "--decisions", str(decisions)])
    assert code == 2
    assert "onbekende klasse(n) Prestatie" in capsys.readouterr().err  # Dutch by default
    assert not out.exists()


def test_an_xsd_invalid_heen_message_gets_no_retour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An XSD failure gives no retour message (IV032 controleniveau 1): exit 1, nothing written."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO301" / "invalid" / "bsn-too-long.xml"
    out = tmp_path / "answer.xml"
    assert main(["return", str(request), "-o", str(out), "--as-of", "2026-11-30"]) == 1
    assert not out.exists()
    assert "EI2" in capsys.readouterr().out


def test_explain_finds_a_tampered_retour() -> None:
    """A retour whose class lacks RetourCodes, or whose data differ, is not consistent."""
    request = CASES / "../../iwmo/3.2/WMO301/valid/basis.xml"
    golden = (CASES / "wmo301-accepted.answer.xml").read_bytes()
    no_codes = golden.replace(
        b"<wmo302:RetourCodes>\n          <wmo302:RetourCode>0200</wmo302:RetourCode>\n"
        b"        </wmo302:RetourCodes>\n      </wmo302:ToegewezenProduct>",
        b"</wmo302:ToegewezenProduct>",
        1,
    )
    assert no_codes != golden
    assert any("no RetourCodes" in p for p in eistandaard.explain(request, no_codes).problems)
    changed = golden.replace(b"<wmo302:ToewijzingNummer>5002<", b"<wmo302:ToewijzingNummer>5003<")
    assert changed != golden
    assert not eistandaard.explain(request, changed).consistent


def test_explain_of_a_retour_of_another_request_is_not_answered() -> None:
    """A retour naming another heen message: "not answered", no states at all."""
    request = FIXTURES / "ijw" / "3.2" / "JW305" / "valid" / "complete.xml"
    other = (CASES / "jw305-accepted.answer.xml").read_bytes()
    identificatie = etree.fromstring(other).xpath("//*[local-name()='Identificatie']")[0].text
    assert identificatie is not None
    changed = other.replace(identificatie.encode(), b"OTHER-1", 1)
    explained = eistandaard.explain(request, changed)
    assert explained.state is State.NOT_ANSWERED
    assert explained.groups == ()
    assert not explained.consistent


def test_the_json_shape_has_null_amounts_for_a_message_without_amounts() -> None:
    """JSON v1: totals and every group's and line's amounts are null for a 302-320."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO317" / "valid" / "complete.xml"
    answer = CASES / "wmo317-reject-tewijzigenproduct.answer.xml"
    data = explanation_to_dict(eistandaard.explain(request, answer), "en")
    assert data["version"] == 1
    assert data["totals"] is None
    assert data["outcome"] == "rejected"
    assert [g["amounts"] for g in data["groups"]] == [None]
    lines = data["groups"][0]["lines"]
    assert {line["kind"]: line["state"] for line in lines} == {
        "Verzoek": "partly-rejected",
        "TeWijzigenProduct": "rejected",
        "NieuwProduct": "accepted",
    }
    assert all(line["amounts"] is None for line in lines)
    json.dumps(data)  # plain data


def test_the_text_summary_leads_and_names_the_code() -> None:
    """The text explanation opens with the outcome sentence naming the rejecting code."""
    request = FIXTURES / "ijw" / "3.2" / "JW317" / "valid" / "complete.xml"
    answer = CASES / "jw317-reject-tewijzigenproduct.answer.xml"
    text = render_text(eistandaard.explain(request, answer), "nl")
    first = text.splitlines()[0]
    assert first.startswith("JW317 afgewezen (9351)")
    assert "Totalen" not in text
    assert "geen opmerking" in text


def test_the_class_model_of_ijw_and_iwmo_differ_only_in_the_jw319_woonplaatsbeginsel() -> None:
    """One model in rbc/istandaarden/3.2 with the prefix as a variable; iJw adds one class."""
    wmo, jw = class_model("iwmo", "3.2"), class_model("ijw", "3.2")
    for number in (301, 305, 307, 315, 317, 323):
        assert wmo.message(f"WMO{number}").labels == jw.message(f"JW{number}").labels
    assert jw.message("JW319").labels == (*wmo.message("WMO319").labels, "Woonplaatsbeginsel")
    assert wmo.message("WMO301").answer == "WMO302"
    own = (ROOT / "rbc" / "ijw" / "3.2" / "classes.toml").read_text("utf-8")
    assert own.count("[[class]]") == 1


def test_the_class_model_refuses_malformed_data() -> None:
    """Another format, an unknown field or parent: a DataError naming the file."""
    base: dict[str, Any] = {"format": 2, "messages": {"X1": {"answer": "X2"}}}
    with pytest.raises(DataError, match="format"):
        parse_class_model({**base, "format": 1}, "t.toml")
    with pytest.raises(DataError, match="unknown class field"):
        parse_class_model({**base, "class": [{"name": "A", "colour": "red"}]}, "t.toml")
    with pytest.raises(DataError, match="unknown parent"):
        parse_class_model({**base, "class": [{"name": "A", "parent": "B"}]}, "t.toml")
    with pytest.raises(DataError, match="unknown message"):
        parse_class_model({**base, "class": [{"name": "A", "message": "Y1"}]}, "t.toml")


def test_every_heen_message_of_the_catalog_has_an_answer_layout() -> None:
    """Adding a message is data only: every iStandaarden heen message is in the class model."""
    for spec in default_catalog():
        if spec.release.convention != "istandaarden" or spec.direction != "heen":
            continue
        if spec.answer is None:
            continue
        message = class_model(spec.family, spec.release.release).message(spec.name)
        assert message.answer == spec.answer
        assert message.layout in {"iv028", "iv032"}


def test_a_finding_outside_every_class_is_an_engine_error() -> None:
    """A level-4 finding whose location names no class instance fails closed."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO319" / "valid" / "complete.xml"
    report = report_for(request, finding(4, None, retourcode="9355", message_class="Onbekend"))
    with pytest.raises(EngineError, match="no class"):
        eistandaard.build_return(request, report, date="2026-11-30", check=False)


def test_a_dagtekening_in_the_future_gives_the_header_only_with_8848() -> None:
    """A real level-4 finding on the Header (8848, dagtekening after the system date).

    The retour is the Header only with 8848, as the official JW302 example shows.
    """
    request = FIXTURES / "ijw" / "3.2" / "JW305" / "valid" / "complete.xml"
    report = eistandaard.validate(request, as_of=dt.date(2025, 1, 1))
    result = eistandaard.build_return(request, report, identificatie="R-8848")
    assert result.outcome.value == "header-rejected"
    assert result.header_codes == ("8848",)
    assert result.message is not None
    assert list(_codes_by_instance(request, result.message)) == ["Header"]
    assert own_schema_errors(result.message, "ijw", "JW306") == []


@pytest.mark.parametrize("number", [301, 305, 307, 317, 319])
def test_the_retour_of_an_official_example_is_valid_against_the_official_xsd(number: int) -> None:
    """The retour of each official JW example (../shared; skips without it) is officially valid.

    And consistent; JW317's example fails CS003, so its retour is 0001.
    """
    request = need_shared(*JAAPJUNIOR.relative_to(SHARED).parts, "jw", "bronnen", "berichten")
    request = request / f"JW{number}.xml"
    report = eistandaard.validate(request, as_of=dt.date(2026, 11, 30))
    result = eistandaard.build_return(request, report, identificatie=f"R{number}")
    assert result.message is not None
    assert official_schema_errors(result.message, f"JW{number + 1}") == []
    assert result.explanation is not None
    assert result.explanation.consistent
    expected = "technical-rejection" if number == 317 else "fully-accepted"
    assert result.outcome.value == expected


def test_json_decisions_by_position_and_by_parent_key(tmp_path: Path) -> None:
    """JSON holds the same tables; ``#n`` names a class without a key, ``PARENT/KEY`` a repeat."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO317" / "valid" / "complete.xml"
    decisions = tmp_path / "d.json"
    decisions.write_text(
        json.dumps(
            {
                "NieuwProduct": {"#1": {"retourcodes": ["9357"]}},
                "TeWijzigenProduct": {"EIREF317/431701": {"retourcodes": ["9351"]}},
            }
        ),
        "utf-8",
    )
    report = _validated(request)
    result = eistandaard.build_return(request, report, decisions=decisions, date="2026-11-30")
    assert result.message is not None
    codes = _codes_by_instance(request, result.message)
    assert codes["NieuwProduct #1"] == ["9357"]
    assert codes["TeWijzigenProduct 431701"] == ["9351"]
    assert codes["Verzoek EIREF317"] == ["0200"]


def test_the_html_page_of_a_retour_shows_no_amounts() -> None:
    """The HTML explanation of a 302-320 leads with its summary and prints no euro amounts."""
    from eistandaard.render.explain import render_html

    request = FIXTURES / "iwmo" / "3.2" / "WMO301" / "valid" / "basis.xml"
    answer = CASES / "wmo301-reject-toegewezenproduct.answer.xml"
    page = render_html(eistandaard.explain(request, answer), "nl")
    assert page.index('id="summary"') < page.index("<table")
    assert "WMO301 afgewezen (9332)" in page
    assert "0,00 D" not in page
    assert "Totalen" not in page


def test_class_decisions_for_a_323_are_refused() -> None:
    """The per-class decisions of a 301-319 given for a 323: a DecisionError, no traceback."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"
    report = eistandaard.validate(request, as_of=dt.date(2024, 5, 10))
    decisions = ClassDecisions({"Client": {"999900031": ("8187",)}})
    with pytest.raises(DecisionError, match="header, declaratie, client, prestatie"):
        eistandaard.build_return(request, report, decisions=decisions, date="2024-05-10")
