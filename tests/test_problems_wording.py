"""The consistency problems of explain / ``ei diff`` are data in Dutch and English (``--lang``).

Texts: ``rbc/common/problems.toml`` (:mod:`eistandaard.standards.wording`). The cases are answers
authored from golden answers, each with a sidecar ``fixtures/answers/problems/*.expected.toml``
naming its request, the state and the problems in both languages.
"""

from __future__ import annotations

import html
import json
import pickle
import re
import string
import tomllib
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES, ROOT

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.errors import DataError
from eistandaard.render.explain import render_html, render_json, render_text
from eistandaard.standards.wording import LANGUAGES, Worded, in_lang, worded

PROBLEMS = ROOT / "rbc" / "common" / "problems.toml"
CASES = FIXTURES / "answers" / "problems"
SIDECARS = sorted(CASES.glob("*.expected.toml"))


def _texts() -> dict[str, dict[str, str]]:
    return tomllib.loads(PROBLEMS.read_text(encoding="utf-8"))


def _case(sidecar: Path) -> tuple[Path, Path, dict[str, Any]]:
    expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    stem = sidecar.name.removesuffix(".expected.toml")
    (answer,) = CASES.glob(f"{stem}.*.xml")
    return FIXTURES / expected["request"], answer, expected


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_problem_has_a_dutch_and_an_english_text() -> None:
    """Each problem has both texts, they differ, and they name the same fields."""
    texts = _texts()
    assert len(texts) >= 60
    for key, entry in texts.items():
        assert set(entry) == set(LANGUAGES), key
        assert entry["nl"], key
        assert entry["en"], key
        assert entry["nl"] != entry["en"], key
        assert _fields(entry["nl"]) == _fields(entry["en"]), key


def test_the_code_uses_exactly_the_problems_of_the_file() -> None:
    """Every key the engines word is in the file, and every key of the file is used."""
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "src").rglob("*.py"))
    used = set(re.findall(r'worded\(\s*"([a-z0-9-]+)"', source))
    # _ambiguous in conventions/istandaarden/compare.py builds f"ist-ambiguous-{what}"
    used |= {f"ist-ambiguous-{what}" for what in re.findall(r'_ambiguous\([^)]*?"(\w+)"', source)}
    used |= set(re.findall(r'c\.problem\(\s*"[a-z0-9-]+",\s*"([a-z0-9-]+)"', source))
    used |= set(re.findall(r'problem\(\s*(?:check|"[a-z0-9-]+"),\s*"([a-z0-9-]+)"', source))
    # conventions/vektis/amounts.unreconciled words the totals problem it is given (GDS, BM)
    used |= set(re.findall(r'unreconciled\(\s*"([a-z0-9-]+)"', source))
    # retour_comparison in conventions/istandaarden/explain.py: tell("key", instance, ...)
    used |= set(re.findall(r'\btell\(\s*"([a-z0-9-]+)"', source))
    assert set(_texts()) == used


def test_a_worded_text_is_its_english_text_and_pickles_with_both() -> None:
    """A Worded compares and searches as English, has Dutch, and keeps both through pickle."""
    text = worded("bm-unknown-order", number="BO-7")
    assert text == "Betaalopdracht BO-7 is returned but not requested"
    assert text.text("nl") == "Betaalopdracht BO-7 is teruggegeven maar niet gevraagd"
    copy = pickle.loads(pickle.dumps(text))
    assert isinstance(copy, Worded)
    assert copy.text("nl") == text.text("nl")
    assert json.dumps([text]) == '["Betaalopdracht BO-7 is returned but not requested"]'
    assert in_lang("not worded", "nl") == "not worded"


def test_an_unknown_problem_or_a_missing_field_is_a_data_error() -> None:
    """A key not in the file, or a text field the caller did not give, raises DataError."""
    with pytest.raises(DataError, match=r"not in rbc/common/problems\.toml"):
        worded("no-such-problem")
    with pytest.raises(DataError, match="bm-unknown-order"):
        worded("bm-unknown-order")


def test_there_are_cases_for_every_convention() -> None:
    """The cases cover the 325, an IV032 retour, GDS and BM (a glob that finds nothing fails)."""
    names = {_case(s)[1].name.split(".")[-2] for s in SIDECARS}
    assert {"WMO325", "WMO302", "GDS802", "BM802"} <= names


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.toml"))
def test_explain_gives_the_problems_in_both_languages(sidecar: Path) -> None:
    """The Explanation's problems are the English texts; each knows its Dutch one."""
    request, answer, expected = _case(sidecar)
    explained = eistandaard.explain(request, answer)
    assert explained.state.value == expected["state"]
    assert not explained.consistent
    for lang in LANGUAGES:
        assert [in_lang(p, lang) for p in explained.problems] == expected["problems"][lang]
    assert list(explained.problems) == expected["problems"]["en"]


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.toml"))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_renderer_shows_the_problems_in_the_language_of_the_run(
    sidecar: Path, lang: str
) -> None:
    """Text, JSON and HTML show each problem in --lang only, never in the other language."""
    request, answer, expected = _case(sidecar)
    explained = eistandaard.explain(request, answer)
    other = "en" if lang == "nl" else "nl"
    text = render_text(explained, lang)
    page = render_html(explained, lang)
    document = json.loads(render_json(explained, lang))
    assert document["problems"] == expected["problems"][lang]
    pairs = zip(expected["problems"][lang], expected["problems"][other], strict=True)
    for wanted, unwanted in pairs:
        assert f"  - {wanted}\n" in text
        assert unwanted not in text
        assert html_escape(wanted) in page
        assert html_escape(unwanted) not in page


def html_escape(value: str) -> str:
    """Escaped as the HTML renderer escapes text (quotes included)."""
    return html.escape(value, quote=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ei_diff_prints_the_problems_in_lang(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei diff --lang` prints the problems of an inconsistent pair in that language, exit 1."""
    sidecar = CASES / "bm-other-referentienummer.expected.toml"
    request, answer, expected = _case(sidecar)
    assert main(["diff", str(request), str(answer), "--lang", lang]) == 1
    printed = capsys.readouterr().out
    assert expected["problems"][lang][0] in printed
    other = "en" if lang == "nl" else "nl"
    assert expected["problems"][other][0] not in printed
