r"""File names with controls or bytes that are no UTF-8, in the CI and HTML reporters.

docs/cli-output.md: a control character or a byte of a file name that is not UTF-8 is shown
escaped (backslash, ``x1b``; backslash, ``xff``) in every output, JUnit, SARIF, GitHub and HTML
included. These four replaced both with U+FFFD instead: the name was lost, two files whose names
differ in that byte only got one name, and a SARIF URI named a file that does not exist. A
newline or tab in a name showed as a space in HTML and broke the JUnit test name over two lines.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eistandaard.core.findings import Finding, Location, Severity
from eistandaard.core.report import Report
from eistandaard.render import RenderOptions, reporter


def _report(source: str) -> Report:
    finding = Finding(
        level=2,
        code="EI202",
        text_nl="fout",
        text_en="error",
        severity=Severity.ERROR,
        locations=(Location(xpath="/Bericht", line=3),),
    )
    return Report(source=source, findings=(finding,))


NOT_UTF8 = "in/a\udcffb.xml"  # the byte 0xff, as Python gets it from the file system
NOT_UTF8_TOO = "in/a\udcfeb.xml"  # the byte 0xfe
ESCAPE = "in/e\x1b[31mx.xml"


@pytest.mark.parametrize("fmt", ["junit", "html", "github", "sarif"])
def test_a_byte_that_is_no_utf8_is_escaped_never_replaced(fmt: str) -> None:
    r"""``a\xffb.xml`` and ``a\xfeb.xml`` stay two names; neither is ``a\ufffdb.xml``."""
    options = RenderOptions(root=".")
    out = reporter(fmt).render([_report(NOT_UTF8), _report(NOT_UTF8_TOO)], options).decode()
    assert "\ufffd" not in out
    if fmt == "sarif":  # a URI: the byte percent-encoded, as the file system has it
        assert "in/a%FFb.xml" in out
        assert "in/a%FEb.xml" in out
    else:
        assert "in/a\\xffb.xml" in out
        assert "in/a\\xfeb.xml" in out


@pytest.mark.parametrize("fmt", ["junit", "html", "github", "sarif"])
def test_a_control_in_a_name_is_escaped_never_replaced(fmt: str) -> None:
    """An ESC in a name is the text backslash, x1b (``%1B`` in a SARIF URI), never U+FFFD."""
    out = reporter(fmt).render([_report(ESCAPE)], RenderOptions(root=".")).decode()
    assert "\ufffd" not in out
    assert "\x1b" not in out
    assert ("in/e%1B%5B31mx.xml" if fmt == "sarif" else "in/e\\x1b[31mx.xml") in out


@pytest.mark.parametrize("fmt", ["junit", "html"])
def test_a_newline_in_a_name_is_shown_escaped(fmt: str) -> None:
    r"""JUnit's test name and the HTML headings show ``a\x0ab.xml``, as the text output does."""
    out = reporter(fmt).render([_report("in/a\nb.xml")], RenderOptions(root=".")).decode()
    assert "in/a\\x0ab.xml" in out
    assert "in/a\nb.xml" not in out
    assert "in/a&#10;b.xml" not in out


def test_sarif_uri_of_a_name_that_is_no_utf8_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SARIF URI, resolved against its root, is the file's own bytes (it was another file)."""
    folder = tmp_path / os.fsdecode(b"r\xffoot")
    folder.mkdir()
    (folder / os.fsdecode(b"a\xffb.xml")).write_bytes(b"")
    monkeypatch.chdir(folder)
    name = os.fsdecode(b"a\xffb.xml")
    log = json.loads(reporter("sarif").render([_report(name)], RenderOptions()))
    run = log["runs"][0]
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "a%FFb.xml"
    from urllib.parse import unquote_to_bytes, urlsplit

    whole = unquote_to_bytes(urlsplit(root + uri).path)
    assert Path(os.fsdecode(whole)).is_file()
