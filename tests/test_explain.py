"""The one explain engine (`eistandaard.explain`, `ei diff`): every family, one shape.

The answers are the golden answers of tests/test_golden_answers.py (fixtures/golden/answers),
each next to what `ei return` printed when it wrote them (``*.return.txt``).
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES
from tests.test_golden_answers import CASES

import eistandaard
from eistandaard.answers import Explanation, State
from eistandaard.cli.main import main
from eistandaard.core.errors import InputError
from eistandaard.render.explain import EXPLAIN_RENDERERS, euro, render_explanation
from eistandaard.standards.catalog import default_catalog

GOLDEN = FIXTURES / "golden" / "answers"


def _pair(case: str) -> tuple[Path, Path]:
    return FIXTURES / CASES[case][0], GOLDEN / f"{case}.answer.xml"


def _explained(case: str) -> Explanation:
    request, answer = _pair(case)
    return eistandaard.explain(request, answer)


def _printed_totals(case: str) -> tuple[Decimal, ...]:
    """The four figures `ei return` printed for the answer it wrote (signed, Dutch notation)."""
    text = (GOLDEN / f"{case}.return.txt").read_text(encoding="utf-8")
    line = next(
        ln for ln in text.splitlines() if ln.startswith(("amounts:", "totals:", "Totalen:"))
    )
    figures = re.findall(r"(\d[\d.,]*) ([DC])", line)
    assert len(figures) == 4, line
    return tuple(
        Decimal(value.replace(".", "").replace(",", ".")) * (-1 if sign == "C" else 1)
        for value, sign in figures
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_totals_reconcile_and_equal_what_ei_return_printed(case: str) -> None:
    """Submitted = granted + rejected + not assessed, overall and per line; as `ei return` said."""
    explained = _explained(case)
    assert explained.consistent, explained.problems
    assert explained.totals is not None
    assert explained.reconciles()
    for group in explained.groups:
        assert group.amounts.reconciles, group
    t = explained.totals
    submitted, granted, rejected, not_assessed = _printed_totals(case)
    assert (t.submitted, t.granted) == (submitted, granted)
    assert (t.rejected, t.not_assessed) == (rejected, not_assessed)


@pytest.mark.parametrize("case", sorted(CASES))
def test_line_amounts_add_up_to_the_totals_unless_a_top_class_decided(case: str) -> None:
    """The lines' granted amounts sum to the message's granted total for every family."""
    explained = _explained(case)
    assert explained.totals is not None
    granted = sum((line.amounts.granted for line in explained.lines()), Decimal(0))
    assert granted == explained.totals.granted


def test_states_are_decided_top_down() -> None:
    """A rejected client: its lines are not assessed (0233), the message is partly rejected."""
    explained = _explained("wmo-client-rejected")
    assert explained.state is State.PARTLY_REJECTED
    rejected = [g for g in explained.groups if g.state is State.REJECTED]
    assert [g.key for g in rejected] == ["999900031"]
    assert {line.state for line in rejected[0].lines} == {State.NOT_ASSESSED}


def test_a_client_with_one_rejected_prestatie_is_partly_rejected_not_rejected() -> None:
    """0200 on a client is no rejection of its own: the client is partly rejected (issue 10)."""
    explained = _explained("wmo-partly-rejected")
    client = next(g for g in explained.groups if g.key == "999900031")
    assert client.state is State.PARTLY_REJECTED
    assert [c.code for c in client.codes] == ["0200"]
    assert not client.codes[0].rejects


def test_a_technical_rejection_leads_with_its_reason_and_assesses_nothing() -> None:
    """0001: the message is rejected, every line not assessed, the rule named in the summary."""
    explained = _explained("wmo-technical-0001")
    assert explained.outcome == "technical-rejection"
    assert explained.technical_reasons
    assert {line.state for line in explained.lines()} == {State.NOT_ASSESSED}
    text = render_explanation(explained, "text", "en")
    first = text.splitlines()[0]
    assert first.startswith("WMO323 technically rejected (0001: ")
    assert explained.technical_reasons[0] in first


def test_every_family_gives_the_same_shape() -> None:
    """GDS, BM and iStandaarden explanations have the same JSON keys at every level."""
    shapes = set()
    for case in ("wmo-partly-rejected", "gds-insurer", "bm-cak"):
        document = json.loads(render_explanation(_explained(case), "json"))
        group = document["groups"][0]
        shapes.add(
            (tuple(document), tuple(group), tuple(group["lines"][0]), tuple(document["totals"]))
        )
    assert len(shapes) == 1


def test_json_amounts_are_signed_decimal_strings() -> None:
    """JSON v1: amounts are strings with two decimals, credit negative."""
    document = json.loads(render_explanation(_explained("bm-cak"), "json"))
    assert document["format"] == "eistandaard-explanation"
    assert document["version"] == 1
    assert document["totals"]["submitted"] == "-50.00"
    lines = document["groups"][0]["lines"]
    assert [line["amounts"]["submitted"] for line in lines] == ["150.00", "-200.00"]


def test_line_shows_product_and_period() -> None:
    """Each line carries its product code and period, read from the request."""
    line = _explained("wmo-partly-rejected").lines()[1]
    assert (line.key, line.product, line.period) == (
        "WMO-2024-0302",
        "01A01",
        ("2024-03-04", "2024-03-22"),
    )
    gds = _explained("gds-insurer").lines()[0]
    assert (gds.kind, gds.product) == ("DebetPrestatie", "CO0001")


def test_explain_reads_bytes_through_level_1(tmp_path: Path) -> None:
    """explain() reads bytes or a path through level 1, as validate does.

    A comment inside a value is left out (the string value); a DOCTYPE is refused, never parsed.
    """
    request, answer = _pair("wmo-partly-rejected")
    data = request.read_bytes()
    assert data.count(b">01A01<") == 1  # the fixture as the test expects it
    commented = data.replace(b">01A01<", b">01<!--x-->A<?pi y?>01<", 1)
    split = tmp_path / "commented.xml"
    split.write_bytes(commented)
    line = eistandaard.explain(split, answer).lines()[1]
    assert (line.key, line.product) == ("WMO-2024-0302", "01A01")
    doctype = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "e">]>', 1)
    with pytest.raises(InputError, match="EI1"):
        eistandaard.explain(doctype, answer)


def test_tally_counts_each_retourcode_with_its_meaning() -> None:
    """The tally names each code once with its meaning and how often it occurs."""
    tally = {code.code: (code.meaning("en"), n) for code, n in _explained("bm-vecozo").tally()}
    assert tally["P004"][1] == 2
    assert tally["P005"][0]


def test_rejected_only_keeps_the_rejected_lines() -> None:
    """--rejected-only: only rejected and partly rejected lines, the summary unchanged."""
    explained = _explained("wmo-partly-rejected")
    document = json.loads(render_explanation(explained, "json", rejected_only=True))
    keys = [line["key"] for group in document["groups"] for line in group["lines"]]
    assert keys == ["WMO-2024-0302"]
    assert document["totals"]["submitted"] == "562.00"


@pytest.mark.parametrize("fmt", sorted(EXPLAIN_RENDERERS))
def test_every_text_follows_lang(fmt: str) -> None:
    """Dutch and English give different words; no English words in the Dutch output."""
    explained = _explained("wmo-partly-rejected")
    dutch = render_explanation(explained, fmt, "nl")
    english = render_explanation(explained, fmt, "en")
    assert dutch != english
    assert "gedeeltelijk" in dutch
    assert "partly granted" in english
    assert "partly granted" not in dutch
    assert " granted " not in dutch  # JSON keys stay English; its texts do not


def test_html_opens_with_the_summary_and_repeats_table_headers_in_print() -> None:
    """The summary comes before the first table; print CSS repeats thead, hides grand totals."""
    page = render_explanation(_explained("gds-insurer"), "html", "nl")
    assert page.index('id="summary"') < page.index("<table>")
    assert "thead{display:table-header-group}" in page
    assert ".grand{display:none}" in page
    assert "79,50 D" in page
    assert 'class="partly-rejected"' in page


def test_dutch_and_english_amounts() -> None:
    """1.234,56 D in Dutch, 1,234.56 C in English."""
    assert euro(Decimal("1234.56"), "nl") == "1.234,56 D"
    assert euro(Decimal("-1234.56"), "en") == "1,234.56 C"
    assert euro(None) == "-"


def test_every_catalog_request_with_an_answer_has_an_explain_engine() -> None:
    """Every family of the catalog with a request/answer pair gets a line view."""
    from eistandaard.answers.explain import line_view

    specs = [s for s in default_catalog() if s.direction == "heen" and s.answer]
    assert specs
    for spec in specs:
        assert line_view(spec).line


def test_swapped_arguments_get_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei diff ANSWER REQUEST`: exit 2, the hint names the file and its message."""
    request, answer = _pair("wmo-partly-rejected")
    assert main(["diff", str(answer), str(request), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"{answer} is a WMO325, an answer: did you swap REQUEST and ANSWER?" in err
    assert main(["diff", str(answer), str(request)]) == 2  # Dutch by default
    err = capsys.readouterr().err
    assert f"{answer} is een WMO325, een antwoord: zijn REQUEST en ANSWER verwisseld?" in err
    with pytest.raises(InputError, match="did you swap"):
        eistandaard.explain(answer, request)


def test_diff_reads_a_zip_and_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The request from a ZIP with one message, the answer from standard input."""
    request, answer = _pair("gds-insurer")
    archive = tmp_path / "request.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(request, "GDS801.xml")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(answer.read_bytes())))
    assert main(["diff", "--format", "json", str(archive), "-"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["granted"] == "79.50"


def test_diff_refuses_two_stdins_and_unreadable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both from stdin, or a file that is no XML: exit 2, one line, no traceback."""
    assert main(["diff", "-", "-"]) == 2
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"<not xml")
    request, _ = _pair("wmo-partly-rejected")
    assert main(["diff", str(request), str(junk)]) == 2
    err = capsys.readouterr().err
    assert "ANSWER" in err
    assert "Traceback" not in err


def test_an_answer_to_another_request_shows_only_the_mismatch(tmp_path: Path) -> None:
    """Not answered: no groups, no totals, no counts; the problem is named."""
    request, answer = _pair("wmo-partly-rejected")
    other = tmp_path / "other.xml"
    data = answer.read_text(encoding="utf-8")
    other.write_text(data.replace("D2024030017", "D2024030099"), "utf-8")
    explained = eistandaard.explain(request, other)
    assert explained.state is State.NOT_ANSWERED
    document = json.loads(render_explanation(explained, "json"))
    assert document["groups"] == []
    assert document["totals"] is None
    assert document["counts"] is None
    assert document["problems"]


def test_return_of_an_answer_gets_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return ANSWER`: exit 2, nothing written, the file named as an answer."""
    _, answer = _pair("gds-vecozo")
    out = tmp_path / "out.xml"
    argv = ["return", str(answer), "-o", str(out), "--as-of", "2026-11-23"]
    assert main([*argv, "--lang", "en"]) == 2
    assert f"{answer} is a GDS802, an answer" in capsys.readouterr().err
    assert main(argv) == 2  # Dutch by default: the file named in the Dutch words too
    assert f"{answer} is een GDS802, een antwoord" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("case", ["wmo-partly-rejected", "gds-insurer", "bm-cak", "bm-vecozo"])
def test_build_return_serves_every_family_with_one_result_type(case: str) -> None:
    """eistandaard.build_return: one ReturnResult with its Explanation for every family."""
    import datetime as dt

    source, as_of, extra = CASES[case]
    request = FIXTURES / source
    report = eistandaard.validate(request, as_of=dt.date.fromisoformat(as_of))
    options = dict(zip(extra[::2], extra[1::2], strict=True))
    result = eistandaard.build_return(
        request,
        report,
        responder=options.get("--responder", "receiver"),
        decisions=options.get("--decisions"),
        date=as_of,
        identificatie=options.get("--id"),
    )
    assert isinstance(result, eistandaard.ReturnResult)
    assert result.message is not None
    assert result.explanation is not None
    assert result.explanation.reconciles()
    assert result.message.decode("utf-8") == (GOLDEN / f"{case}.answer.xml").read_text("utf-8")


def test_vecozo_forwards_what_it_does_not_reject(tmp_path: Path) -> None:
    """VECOZO finds nothing in a valid BM801: outcome forwarded, no message, exit 0 and no file."""
    import datetime as dt

    request = FIXTURES / "bm/2.0/BM801/valid/net-credit-total.xml"
    report = eistandaard.validate(request, as_of=dt.date(2026, 11, 23))
    result = eistandaard.build_return(request, report, responder="vecozo", date="2026-11-23")
    assert result.outcome.value == "forwarded"
    assert result.message is None
    out = tmp_path / "bm802.xml"
    argv = [
        "return",
        str(request),
        "-o",
        str(out),
        "--responder",
        "vecozo",
        "--as-of",
        "2026-11-23",
    ]
    assert main(argv) == 0
    assert not out.exists()


def test_istandaarden_have_no_vecozo_answer() -> None:
    """A WMO323 is answered by the municipality only: responder vecozo is refused."""
    import datetime as dt

    request, _ = _pair("wmo-partly-rejected")
    report = eistandaard.validate(request, as_of=dt.date(2024, 5, 10))
    with pytest.raises(InputError, match="VECOZO sends no WMO325"):
        eistandaard.build_return(request, report, responder="vecozo")


@pytest.mark.parametrize(
    "module",
    [
        "eistandaard.cli.main",
        "eistandaard.vecozo.chain",
        "eistandaard.conventions.vektis.bm",
        "eistandaard.answers",
    ],
)
def test_each_entry_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """No import cycle: each module imports on its own (as `python -m` and plug-ins do)."""
    import subprocess

    done = subprocess.run(  # our own interpreter and a fixed module name
        [sys.executable, "-c", f"import {module}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(Path(eistandaard.__file__).parents[1])},
    )
    assert done.returncode == 0, done.stderr[-800:]


JUNK = [
    b"",
    b"<not xml",
    b"<a/>",
    b"\xff\xfe<x/>",
    b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>",
]


@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
@pytest.mark.parametrize("case", ["wmo-partly-rejected", "gds-insurer", "bm-cak"])
def test_explain_refuses_junk_with_an_input_error(case: str, junk: bytes) -> None:
    """Junk as request or answer, for every family: an InputError, never another exception."""
    request, answer = _pair(case)
    with pytest.raises(InputError):
        eistandaard.explain(request, junk)
    with pytest.raises(InputError):
        eistandaard.explain(junk, answer)


@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_build_return_of_junk_is_no_answer(junk: bytes) -> None:
    """A report of junk (level 1): outcome no-answer, no message, no exception."""
    import datetime as dt

    report = eistandaard.validate(junk, as_of=dt.date(2026, 11, 23))
    result = eistandaard.build_return(junk, report)
    assert result.outcome.value == "no-answer"
    assert result.message is None


@pytest.mark.parametrize("case", ["wmo-partly-rejected", "gds-insurer", "bm-cak"])
def test_an_answer_of_another_family_is_no_answer_to_this_request(case: str) -> None:
    """A GDS802 against a WMO323 (and so on): not answered or refused, never a traceback."""
    request, _ = _pair(case)
    others = [c for c in ("wmo-partly-rejected", "gds-insurer", "bm-cak") if c != case]
    for other in others:
        _, answer = _pair(other)
        try:
            explained = eistandaard.explain(request, answer)
        except InputError:
            continue
        assert not explained.consistent
        assert explained.state is State.NOT_ANSWERED or explained.problems


@pytest.mark.parametrize("unknown_side", ["request", "answer"])
def test_a_message_the_catalog_does_not_check_is_refused_by_its_label(unknown_side: str) -> None:
    """Either side unknown to the catalog: one refusal that names that side, in both languages."""
    request, answer = _pair("wmo-partly-rejected")
    unknown = b'<?xml version="1.0" encoding="UTF-8"?><Bericht xmlns="urn:example:unknown"/>'
    pair = (unknown, answer) if unknown_side == "request" else (request, unknown)
    with pytest.raises(InputError) as caught:
        eistandaard.explain(*pair)
    assert str(caught.value).startswith(f"the {unknown_side} is not checked: ")
    dutch = {"request": "het heenbericht", "answer": "het antwoord"}[unknown_side]
    assert caught.value.text("nl").startswith(f"{dutch} wordt niet gecontroleerd: ")
