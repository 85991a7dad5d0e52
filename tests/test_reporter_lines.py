"""Every reporter points at a line when the finding has one (issue 15 item 1: "file, line, column").

A rule may name the class element first (``/Bericht/Header``, no line) and the element it is about
second (with its line): GDS rule RC003-9302 does. The line of that later location must reach the
text, GitHub, SARIF, JUnit and HTML output, not be dropped because the first location lacks one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eistandaard.core.report import Report
from eistandaard.findings import Finding, Location
from eistandaard.render import RenderOptions, reporter
from eistandaard.render.registry import line_location

SOURCE = "bericht.xml"
LINES = b"".join(f"<regel{n}/>\n".encode() for n in range(1, 21))
FINDING = Finding(
    level=4,
    code="RC003-9302",
    text_nl="VerzenderRol komt niet voor in codelijst CL0002-VEKT.",
    text_en="VerzenderRol is not in code list CL0002-VEKT.",
    retourcode="9302",
    locations=(
        Location(xpath="/Bericht/Header"),
        Location(xpath="/Bericht/Header/VerzenderRol", line=11, column=5),
        Location(xpath="/Bericht/Header/Ontvanger", line=12),
    ),
)
REPORT = Report(source=SOURCE, findings=(FINDING,))


def _render(name: str) -> str:
    options = RenderOptions(lang="en", sources={SOURCE: LINES})
    return reporter(name).render([REPORT], options).decode("utf-8")


def test_line_location_is_the_first_location_with_a_line() -> None:
    """The helper skips a location without a line, and falls back to the main one."""
    assert line_location(FINDING).line == 11
    assert line_location(FINDING).column == 5
    bare = Finding(level=1, code="X", text_nl="x", text_en="x")
    assert line_location(bare) == Location()


def test_github_annotates_the_line_and_column() -> None:
    """The workflow command carries line=11,col=5 and the XPath of that element."""
    line = _render("github").splitlines()[0]
    assert "line=11,col=5," in line
    assert "at /Bericht/Header/VerzenderRol" in line


def test_sarif_region_has_the_line_and_column() -> None:
    """The SARIF result's region is line 11, column 5."""
    log = json.loads(_render("sarif"))
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 11, "startColumn": 5}


def test_junit_failure_message_names_the_line() -> None:
    """The failure's message says (line 11)."""
    assert 'message="RC003-9302 [9302] (line 11):' in _render("junit")


def test_html_quotes_the_line() -> None:
    """The HTML page quotes line 11 of the message as the offending line."""
    page = _render("html")
    assert '<span class="hit"><span class="no">11</span>  &lt;regel11/&gt;</span>' in page


def test_text_names_the_line() -> None:
    """The text output's finding line says line 11."""
    assert "RC003-9302 [9302] line 11" in _render("text")


def _zip(member: str, data: bytes) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(member, data)
    return buffer.getvalue()


def test_html_quotes_the_lines_of_a_zip_given_as_bytes() -> None:
    """A ZIP read from stdin (or posted to ei serve) shows its member's lines: ``<stdin>!m.xml``."""
    report = Report(source="<stdin>!m.xml", findings=(FINDING,))
    options = RenderOptions(lang="en", sources={"<stdin>": _zip("m.xml", LINES)})
    page = reporter("html").render([report], options).decode("utf-8")
    assert '<span class="hit"><span class="no">11</span>  &lt;regel11/&gt;</span>' in page


def test_html_quotes_the_lines_of_a_zip_file_and_a_name_with_an_exclamation_mark(
    tmp_path: Path,
) -> None:
    """``a!b/x.zip!m.xml`` is member m.xml of that ZIP; ``c!d.xml`` is a plain file."""
    folder = tmp_path / "a!b"
    folder.mkdir()
    (folder / "x.zip").write_bytes(_zip("m.xml", LINES))
    plain = tmp_path / "c!d.xml"
    plain.write_bytes(LINES)
    reports = [
        Report(source=f"{folder / 'x.zip'}!m.xml", findings=(FINDING,)),
        Report(source=str(plain), findings=(FINDING,)),
    ]
    page = reporter("html").render(reports, RenderOptions(lang="en")).decode("utf-8")
    assert page.count('<span class="hit"><span class="no">11</span>  &lt;regel11/&gt;</span>') == 2


def test_cli_html_of_a_zip_on_standard_input_quotes_its_lines(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """``ei validate --format html - < bericht.zip`` shows the offending line of the member."""
    import io
    import sys

    from tests.conftest import FIXTURES

    from eistandaard.cli.main import main

    message = (FIXTURES / "iwmo/3.2/WMO323/invalid/cs337-two-months.xml").read_bytes()
    stdin = io.TextIOWrapper(io.BytesIO(_zip("bericht.xml", message)))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["validate", "--format", "html", "-"]) == 1
    page = capsysbinary.readouterr().out.decode()
    assert "&lt;stdin&gt;!bericht.xml" in page
    assert '<span class="hit"><span class="no">60</span>' in page


def test_github_and_sarif_name_a_file_with_an_exclamation_mark_whole(tmp_path: Path) -> None:
    """``c!d.xml`` is a file, not member d.xml of archive c: annotations and SARIF name it whole."""
    from eistandaard.render.registry import source_file

    plain = tmp_path / "c!d.xml"
    plain.write_bytes(LINES)
    report = Report(source=str(plain), findings=(FINDING,))
    github = reporter("github").render([report], RenderOptions()).decode()
    assert github.startswith(f"::error file={str(plain).replace(':', '%3A')},line=11")
    log = json.loads(reporter("sarif").render([report], RenderOptions()))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].endswith("/c!d.xml")
    assert source_file(str(tmp_path / "x.zip!m.xml")) == str(tmp_path / "x.zip")
    assert source_file("<stdin>!m.xml") == "<stdin>"
    assert source_file("a.xml") == "a.xml"
