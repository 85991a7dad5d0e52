"""Whether an answer belongs to its request, every family, every reader, in nl and en.

The kinds a newcomer found: an answer of ANOTHER request shown with the other request's lines
(BM802 with the same Referentienummer), a mismatch text quoting the wrong message or id, a code
not in WJ001 or a missing class called "not answered" / "data differ", internal check tokens
in human output, "no return message of the catalog" for two requests, a group whose own codes
reject nothing called "rejected", and the answer's self-check in English under nl. The answers
are in fixtures/answers/problems (each with its sidecar); these tests say what each must show.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.answers.explain import Comparison, Fact, LineView, _walk
from eistandaard.answers.explanation import Code, State
from eistandaard.cli.main import main
from eistandaard.core.errors import AnswerCheckError, InputError
from eistandaard.render.explain import render_html, render_json, render_text
from eistandaard.standards.wording import worded

CASES = FIXTURES / "answers" / "problems"
BM801 = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
WMO305 = FIXTURES / "iwmo" / "3.2" / "WMO305" / "valid" / "basis.xml"
WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"
JW301 = FIXTURES / "ijw" / "3.2" / "JW301" / "valid" / "basis.xml"
GDS801 = FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
SLUG = re.compile(r"^\s*- [a-z0-9]+(?:-[a-z0-9]+)+: ", re.MULTILINE)
"""A problem line that starts with an internal check token (``wrong-message: ``)."""

OTHER_REQUEST = [
    (BM801, "bm-other-bm801-same-reference.BM802.xml", "TotaalBedragDC"),
    (GDS801, "gds-other-gds801-same-reference.GDS802.xml", "TotaalDeclaratiebedragInclBtw"),
    (GDS801, "gds-answer-of-another-release.GDS802.xml", "release 2.0"),
    (
        WMO323,
        "wmo325-other-declaration-same-identification.WMO325.xml",
        "TotaalIngediendBedrag",
    ),
    (WMO305, "wmo305-answered-by-wmo302.WMO302.xml", "WMO301 EI301-0001"),
    (WMO305, "wmo305-answered-by-wmo325.WMO325.xml", "WMO323 W323-2404-01"),
    (WMO323, "wmo323-answered-by-gds802.GDS802.xml", "GDS801 GDS-2026-0001"),
    (FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml", "wmo301-other-request.WMO302.xml", "EI301-0002"),
]


@pytest.mark.parametrize(
    ("request_path", "answer_name", "named"),
    OTHER_REQUEST,
    ids=[name.split(".")[0] for _, name, _ in OTHER_REQUEST],
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_answer_of_another_request_shows_only_the_mismatch(
    request_path: Path, answer_name: str, named: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every family: not answered, no statuses, no totals, the mismatch named; `ei diff` exit 1."""
    answer = CASES / answer_name
    explained = eistandaard.explain(request_path, answer)
    assert explained.state is State.NOT_ANSWERED
    assert explained.groups == ()
    assert explained.totals is None
    assert any(named in problem for problem in explained.problems)
    assert main(["diff", str(request_path), str(answer), "--lang", lang]) == 1
    printed = capsys.readouterr().out
    first = printed.splitlines()[0]
    assert ("hoort niet bij" if lang == "nl" else "does not belong to") in first
    assert ("Totalen" if lang == "nl" else "Totals") not in printed
    assert "toegekend:" not in first
    assert "granted:" not in first
    assert named in printed


def test_the_bm802_of_another_bm801_of_the_brief() -> None:
    """net-credit-total vs the BM802 of foreign-iban-with-bic: never "geheel toegekend ..."."""
    explained = eistandaard.explain(BM801, CASES / "bm-other-bm801-same-reference.BM802.xml")
    text = render_text(explained, "nl")
    assert "geheel toegekend" not in text
    shown = [line for line in text.splitlines() if "1.300,00 D" in line]
    assert all("TotaalBedragDC van de BM802 (1.300,00 D)" in line for line in shown)  # no totals
    assert "BO-0001" not in text  # the other request's lines are not shown
    assert text.startswith("Dit antwoord (BM802) hoort niet bij dit verzoek (BM801)")
    assert not explained.consistent


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_mismatch_names_what_the_answer_refers_to_and_what_the_request_is(lang: str) -> None:
    """A WMO302 for a WMO305: it names WMO301 EI301-0001, the request is WMO305 EI305-0001.

    Before: "Header names WMO305 EI301-0001" (the request's message with the answer's id); a
    WMO325 quoted its own BerichtIdentificatie (GOLD1) instead of its DeclaratieIdentificatie.
    """
    explained = eistandaard.explain(WMO305, CASES / "wmo305-answered-by-wmo302.WMO302.xml")
    said = render_text(explained, lang)
    assert "WMO301 EI301-0001" in said
    assert "WMO305 EI305-0001" in said
    assert "WMO305 EI301-0001" not in said
    explained = eistandaard.explain(WMO305, CASES / "wmo305-answered-by-wmo325.WMO325.xml")
    said = render_text(explained, lang)
    assert "WMO323 W323-2404-01" in said
    assert "GOLD1 " not in said.split("\n", 2)[2]  # only its own reference line names GOLD1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_code_not_in_wj001_on_the_header_answers_this_request(lang: str) -> None:
    """JW302 with Header 9999: consistent false, 'not in WJ001', not 'not answered'."""
    explained = eistandaard.explain(JW301, CASES / "jw301-header-9999.JW302.xml")
    assert explained.state is not State.NOT_ANSWERED
    assert explained.answers_request
    assert not explained.consistent
    said = render_text(explained, lang)
    assert ("9999 staat niet in WJ001" if lang == "nl" else "9999 is not in WJ001") in said
    assert ("hoort niet bij" if lang == "nl" else "does not belong") not in said


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_missing_class_instance_is_called_missing(lang: str) -> None:
    """JW302 without ToegewezenProduct 5001: 'missing', never 'data differ'; not assessed."""
    explained = eistandaard.explain(JW301, CASES / "jw301-toegewezenproduct-missing.JW302.xml")
    said = render_text(explained, lang)
    assert (
        "5001 van het heenbericht ontbreekt" if lang == "nl" else "5001 of the request is missing"
    ) in said
    assert "gegevens wijken af" not in said
    assert "data differ" not in said
    lines = {(line.kind, line.key): line.state for line in explained.lines()}
    assert lines[("ToegewezenProduct", "5001")] is State.NOT_ASSESSED
    assert lines[("ToegewezenProduct", "5002")] is State.ACCEPTED


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_internal_check_token_in_human_output(lang: str) -> None:
    """WMO323 with a GDS802 (and every problem case): no "wrong-message:" in text/JSON/HTML."""
    for sidecar in sorted(CASES.glob("*.expected.toml")):
        stem = sidecar.name.removesuffix(".expected.toml")
        (answer,) = CASES.glob(f"{stem}.*.xml")
        request = FIXTURES / re.search(r'request = "([^"]+)"', sidecar.read_text("utf-8"))[1]  # type: ignore[index]  # every sidecar names it
        explained = eistandaard.explain(request, answer)
        text = render_text(explained, lang)
        assert not SLUG.search(text), (stem, text)
        for problem in json.loads(render_json(explained, lang))["problems"]:
            assert not re.match(r"[a-z0-9]+(?:-[a-z0-9]+)+: ", problem), (stem, problem)
        page = render_html(explained, lang)
        for token in (
            "wrong-message:",
            "header:",
            "no-code:",
            "data-changed:",
            "other-declaration:",
        ):
            assert token not in page
            assert token not in text


@pytest.mark.parametrize(
    ("request_path", "answer_path", "words"),
    [
        (
            WMO323,
            FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml",
            "is a WMO301, a request, not an answer (a WMO323 is answered by a WMO325)",
        ),
        (
            FIXTURES / "golden/answers/wmo-partly-rejected.answer.xml",
            FIXTURES / "answers/retour/wmo301-accepted.answer.xml",
            "is a WMO325, an answer, not a request (a WMO325 answers a WMO323)",
        ),
        (BM801, GDS801, "is a GDS801, a request, not an answer (a BM801 is answered by a BM802)"),
    ],
    ids=["two-requests", "two-answers", "bm-gds-requests"],
)
def test_the_library_names_two_requests_or_two_answers(
    request_path: Path, answer_path: Path, words: str
) -> None:
    """`eistandaard.explain` and `eistandaard.diff`: the file and what it is, never "catalog"."""
    with pytest.raises(InputError) as raised:
        eistandaard.explain(request_path, answer_path)
    said = str(raised.value)
    assert words in said
    assert (str(answer_path) if "request, not" in words else str(request_path)) in said
    assert "catalog" not in said
    with pytest.raises(InputError) as raised:  # bytes: no file name, the same words
        eistandaard.explain(request_path.read_bytes(), answer_path.read_bytes())
    assert words in str(raised.value)
    if words.startswith("is a WMO301"):
        with pytest.raises(InputError, match="a request, not an answer") as raised:
            eistandaard.diff(request_path, answer_path)
        assert "catalog" not in str(raised.value)


def test_post_explain_names_two_requests() -> None:
    """`POST /explain` (the service's task) answers 400 with the same words, not "catalog"."""
    from eistandaard.serve.tasks import ExplainTask, run_task

    request, answer = (
        WMO323.read_bytes(),
        (FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml").read_bytes(),
    )
    outcome = run_task(ExplainTask(request, answer, lang="en"))
    assert outcome.status == 400
    body = outcome.body.decode("utf-8")
    assert "the answer is a WMO301, a request, not an answer" in body
    assert "catalog" not in body
    dutch = run_task(ExplainTask(request, answer))  # the service's default language: Dutch
    assert dutch.status == 400
    assert "het antwoord is een WMO301, een heenbericht en geen antwoord" in dutch.body.decode()


def _split(status: str) -> tuple[Decimal, Decimal, Decimal]:
    one, zero = Decimal(1), Decimal(0)
    return (zero, one, zero) if status == "rejected" else (one, zero, zero)


def _code(rejects: bool) -> Code:
    return Code("0200" if not rejects else "8187", "Client", rejects=rejects)


@pytest.mark.parametrize(
    ("own", "lines", "state"),
    [
        ((), ("rejected", "rejected"), State.PARTLY_REJECTED),
        ((False,), ("rejected",), State.PARTLY_REJECTED),
        ((False,), ("rejected", "accepted"), State.PARTLY_REJECTED),
        ((True,), ("rejected",), State.REJECTED),
        ((), ("accepted",), State.ACCEPTED),
    ],
    ids=["all-lines-no-code", "all-lines-0200", "some-lines", "own-rejection", "none"],
)
def test_a_group_is_rejected_only_by_a_code_of_its_own(
    own: tuple[bool, ...], lines: tuple[str, ...], state: State
) -> None:
    """Issue 10 item 5: all lines rejected but no rejection code of its own is partly rejected."""
    view = LineView("Client", ("Bsn",), ("Prestatie",), "ReferentieNummer", None, ())
    facts = tuple(
        Fact("999900006", "Prestatie", f"R{n}", status, (), _split(status))
        for n, status in enumerate(lines)
    )
    found = Comparison(
        {
            "family": "iwmo",
            "convention": "istandaarden",
            "request_message": "WMO323",
            "answer_message": "WMO325",
            "responder": "receiver",
        },
        (),
        answered=True,
        facts=facts,
        groups=("999900006",),
        group_codes={"999900006": tuple(_code(r) for r in own)},
        verdict=lambda _groups: ("partly-rejected", State.PARTLY_REJECTED),
    )
    (group,) = _walk(view, found).groups
    assert group.state is state


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_client_with_every_prestatie_rejected_is_partly_rejected(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 325 end to end: Client 0200, both prestaties rejected; ei return and ei diff say so."""
    decisions = tmp_path / "d.toml"
    decisions.write_text(
        '[prestatie."WMO-2024-0301"]\nretourcodes = ["0611"]\n'
        '[prestatie."WMO-2024-0302"]\nretourcodes = ["0611"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "a.xml"
    argv = ["return", str(WMO323), "-o", str(out), "--as-of", "2024-04-10", "--lang", lang]
    assert main([*argv, "--decisions", str(decisions)]) == 0
    words = "gedeeltelijk afgewezen" if lang == "nl" else "partly rejected"
    assert f"Client 999900031: {words}" in capsys.readouterr().out  # ei return's summary
    explained = eistandaard.explain(WMO323, out)
    states = {group.key: group.state for group in explained.groups}
    assert states["999900031"] is State.PARTLY_REJECTED
    assert main(["diff", str(WMO323), str(out), "--lang", lang]) == 0
    assert f"Client 999900031: {words}" in capsys.readouterr().out


def test_the_answer_self_check_error_speaks_both_languages() -> None:
    """AnswerCheckError: its lead and worded reasons in nl and en; English as its str."""
    error = AnswerCheckError(
        worded("selfcheck-inconsistent"), (worded("bm-unknown-order", number="BO-9"), "TR101")
    )
    assert str(error).startswith("the answer does not fit its request")
    dutch = error.text("nl")
    assert dutch.startswith("het antwoord past niet bij zijn verzoek")
    assert "Betaalopdracht BO-9 is teruggegeven maar niet gevraagd" in dutch
    assert "returned but not requested" not in dutch
    assert "TR101" in dutch
    assert error.text("en") == str(error)


def test_eistandaard_diff_of_another_message_gives_only_the_mismatch() -> None:
    """`eistandaard.diff(WMO323, GDS802)`: not answered, one problem; not every Header element."""
    found = eistandaard.diff(WMO323, CASES / "wmo323-answered-by-gds802.GDS802.xml")
    assert found.outcome == "not-answered"
    assert [p.check for p in found.problems] == ["wrong-message"]
    assert found.problems[0].said().text("nl") == (
        "een WMO323 wordt beantwoord met een WMO325, niet met een GDS802"
    )
    assert found.clients == ()
