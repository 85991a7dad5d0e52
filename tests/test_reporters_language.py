"""The CI reporters speak the language asked for (issue 15 item 1: HTML "Dutch or English").

The notes on rules that did not run come in both languages (``rbc/common/not-run.toml``); the text
output already gave them in ``--lang``; the HTML page and the JUnit report must do the same, for
the notes of one file and for those several files share.
"""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.core.report import Report
from eistandaard.render import RenderOptions, reporter

AS_OF = dt.date(2026, 11, 23)
RUN = (
    "iwmo/3.2/WMO323/invalid/cs337-two-months.xml",
    "ijw/3.2/JW323/invalid/tr101-same-bsn.xml",
    "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
)
"""Two 323 messages that share not-run notes, and a GDS801 with not-run notes of its own."""
DUTCH, ENGLISH = "niet uitgevoerd", "not run:"


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    """The reports of the run, with their not-run rules."""
    found = [eistandaard.validate(FIXTURES / name, name=name, as_of=AS_OF) for name in RUN]
    assert all(report.not_run for report in found), "no not-run notes: the test proves nothing"
    return found


def _render(name: str, lang: str, reports: list[Report]) -> str:
    return reporter(name).render(reports, RenderOptions(lang=lang)).decode("utf-8")


@pytest.mark.parametrize(
    ("lang", "wanted", "unwanted"), [("nl", DUTCH, ENGLISH), ("en", ENGLISH, DUTCH)]
)
def test_html_notes_are_in_the_language_of_the_page(
    lang: str, wanted: str, unwanted: str, reports: list[Report]
) -> None:
    """A Dutch page has Dutch notes (shared and per file); an English page English ones."""
    page = _render("html", lang, reports)
    assert f'<html lang="{lang}">' in page
    shared = page[page.index('class="batch-notes"') : page.index('id="m1"')]
    assert wanted in shared
    assert unwanted not in shared
    own = page[page.index('id="m3"') :]
    assert wanted in own
    assert unwanted not in page


@pytest.mark.parametrize(
    ("lang", "wanted", "unwanted"), [("nl", DUTCH, ENGLISH), ("en", ENGLISH, DUTCH)]
)
def test_junit_notes_are_in_the_language_of_the_run(
    lang: str, wanted: str, unwanted: str, reports: list[Report]
) -> None:
    """The suite's shared notes and a testcase's own notes follow ``--lang``."""
    document = etree.fromstring(_render("junit", lang, reports).encode("utf-8"))
    suite_out = document.find("testsuite/system-out")
    assert suite_out is not None
    assert wanted in (suite_out.text or "")
    gds = document.findall("testsuite/testcase")[2].find("system-out")
    assert gds is not None
    assert wanted in (gds.text or "")
    outputs = "\n".join(element.text or "" for element in document.iter("system-out"))
    assert unwanted not in outputs


@pytest.mark.parametrize("name", ["text", "junit", "html"])
def test_short_circuit_note_follows_the_language(name: str, reports: list[Report]) -> None:
    """The Vektis short-circuit note is Dutch in Dutch output and English in English output.

    It was always English ("Header rejected: the level-3 and level-4 checks ..."), amid Dutch
    notes and findings; the report itself keeps the English sentence (the library's notes).
    """
    gds = reports[2]
    assert any(note.startswith("Header rejected: ") for note in gds.notes), "no short circuit"
    dutch, english = _render(name, "nl", reports), _render(name, "en", reports)
    assert "Header afgekeurd: de controles van niveau 3 en 4" in dutch
    assert "Header rejected" not in dutch
    assert "Header rejected: the level-3 and level-4 checks" in english
    assert "Header afgekeurd" not in english


def test_unknown_note_is_left_as_it_is() -> None:
    """A note that is no reason text of not-run.toml (a plug-in's own words) is never changed."""
    from eistandaard.core.notrun import localize_note

    assert localize_note("my own note", lang="nl") == "my own note"
    assert localize_note(
        "A, B rejected: the level-3 and level-4 checks of the classes below did"
        " not run (the Vektis short circuit, as at VECOZO)",
        lang="nl",
    ).startswith("A, B afgekeurd: ")


@pytest.mark.parametrize(
    ("lang", "one", "three"),
    [("nl", "1 bestand:", "3 bestanden:"), ("en", "1 file:", "3 files:")],
)
def test_html_totals_count_one_file_in_the_singular(
    lang: str, one: str, three: str, reports: list[Report]
) -> None:
    """The page's totals: "1 bestand" / "1 file" for one message, the plural for more."""
    single = _render("html", lang, reports[:1])
    assert f'<p class="totals">{one} ' in single
    assert f'<p class="totals">{three} ' in _render("html", lang, reports)
    assert "1 bestanden" not in single
    assert "1 files" not in single
