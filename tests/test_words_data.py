"""Every fixed word of the renderers and the command line is data, read by one reader.

Issue 10: every text follows ``--lang`` (``nl`` default, ``en``), and texts are data. The words of
each output live in ``rbc/common/words/*.toml`` (with ``usage.toml``, ``problems.toml`` and
``not-run.toml`` beside them), each key with a Dutch and an English text, read through
``standards.wording.bilingual_texts``; ``standards.wording.texts_in`` is the one lookup of a
table in the run's language. No Python module holds a table of its own.
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tests.conftest import ROOT

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Severity
from eistandaard.core.report import Verdict
from eistandaard.render.return_json import return_to_dict
from eistandaard.render.words import verdict_word, words
from eistandaard.standards import wording
from eistandaard.standards.wording import LANGUAGES, bilingual_texts, texts_in

SRC = ROOT / "src" / "eistandaard"
COMMON = ROOT / "rbc" / "common"
WORDS = sorted((COMMON / "words").glob("*.toml"))
TABLES = [
    *(f"words/{path.name}" for path in WORDS),
    "usage.toml",
    "problems.toml",
    "not-run.toml",
]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _language_keys(node: ast.AST) -> list[str]:
    """The language names a dict literal or a ``dict(...)`` call of ``node`` uses as keys."""
    if isinstance(node, ast.Dict):
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        keys = [k.arg for k in node.keywords if k.arg]
    else:
        return []
    return [k for k in keys if k in LANGUAGES]


def test_no_module_holds_a_table_of_its_own_in_both_languages() -> None:
    """No ``{"nl": ..., "en": ...}`` literal (nor ``dict(nl=..., en=...)``) is left in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if _language_keys(node):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_the_scan_finds_such_a_table() -> None:
    """The scan of the guard above does see the shapes it forbids (it can fail)."""
    samples = ('{"nl": {"a": "b"}, "en": {"a": "c"}}', 'dict(nl="regel", en="line")')
    assert all(_language_keys(ast.parse(s, mode="eval").body) for s in samples)
    assert not _language_keys(ast.parse('{"text": 1, "lang": "nl"}', mode="eval").body)


def test_there_is_a_words_file_for_every_output() -> None:
    """The renderers' and the commands' words files are all there (a glob finding none fails)."""
    names = {path.stem for path in WORDS}
    assert {"report", "html", "explain", "return", "chain", "vecozo", "batch"} <= names


@pytest.mark.parametrize("name", TABLES)
def test_every_key_has_both_texts_with_the_same_fields(name: str) -> None:
    """The reader accepts the table; each key has a non-empty ``nl`` and ``en`` text.

    Both texts name the same ``{fields}``: a value is put in both languages.
    """
    table = bilingual_texts(name)
    assert table, name
    for key, entry in table.items():
        assert set(LANGUAGES) <= set(entry), (name, key)
        assert entry["nl"], (name, key)
        assert entry["en"], (name, key)
        assert _fields(entry["nl"]) == _fields(entry["en"]), (name, key)


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('[line]\nnl = "regel"\n', "line"),  # no English
        ('line = { en = "line" }\n', "line"),  # no Dutch
        ('line = { nl = "regel", en = 3 }\n', "line"),  # not a text
        ('note = "opmerking"\n', "note"),  # not a table of two texts
    ],
)
def test_the_reader_refuses_a_key_without_both_texts(
    content: str, key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key that lacks its Dutch or English text is a DataError naming the file and the key."""
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "broken-words.toml").write_text(content, encoding="utf-8")
    monkeypatch.setattr(wording, "data_dir", lambda _name: tmp_path)
    bilingual_texts.cache_clear()
    try:
        with pytest.raises(DataError, match=rf"broken-words\.toml: {key} needs texts nl and en"):
            bilingual_texts("broken-words.toml")
    finally:
        bilingual_texts.cache_clear()


def test_the_reader_refuses_a_file_that_is_not_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A words file that is not TOML is a DataError, not a traceback of tomllib."""
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "bad.toml").write_text("line = { nl = ", encoding="utf-8")
    monkeypatch.setattr(wording, "data_dir", lambda _name: tmp_path)
    bilingual_texts.cache_clear()
    try:
        with pytest.raises(DataError, match="not valid TOML"):
            bilingual_texts("bad.toml")
    finally:
        bilingual_texts.cache_clear()


def test_texts_in_gives_one_language_dutch_for_any_but_english() -> None:
    """``texts_in`` is the table in ``en``, or ``nl`` for every other language; read-only."""
    english = texts_in("words/report.toml", "en")
    assert english["line"] == "line"
    assert texts_in("words/report.toml", "nl")["line"] == "regel"
    assert texts_in("words/report.toml", "de") == texts_in("words/report.toml", "nl")
    with pytest.raises(TypeError):
        english["line"] = "row"  # type: ignore[index]  # why: the mapping must refuse it


def test_words_and_verdicts_read_the_report_file() -> None:
    """Severity and verdict words of every reporter come from ``words/report.toml``."""
    data = tomllib.loads((COMMON / "words" / "report.toml").read_text(encoding="utf-8"))
    for severity in Severity:
        assert words("nl")[severity.value] == data[severity.value]["nl"]
    assert verdict_word(Verdict.ERROR, "en") == data["verdict_error"]["en"]
    assert verdict_word(Verdict.REJECTED, "nl") == "afgekeurd"


@pytest.mark.parametrize(("lang", "said"), [("nl", "fout in de controle"), ("en", "engine error")])
def test_a_return_run_that_failed_has_its_outcome_in_words(lang: str, said: str) -> None:
    """``ei return --format json``: outcome ``error`` reads ``word:error`` of explain.toml."""
    from eistandaard.core.report import Report

    document = return_to_dict(Report(source="x.xml"), outcome="error", lang=lang, error="boom")
    assert document["outcome_text"] == said
    assert return_to_dict(Report(source="x.xml"), outcome="no-answer", lang=lang)[
        "outcome_text"
    ] == ("geen antwoord" if lang == "nl" else "no answer")


# Keys a module builds from a value rather than writes out: the values of these enumerations,
# and the prefixes it puts before one (f"outcome:{...}", f"word:{...}", f"state:{...}").
_DYNAMIC = {
    "report.toml": {s.value for s in Severity} | {v.value for v in Verdict},
    "explain.toml": {
        "accepted",
        "accepted:plain",
        "partly-rejected",
        "rejected",
        "not-assessed",
        "not-answered",
        "receiver",
        "vecozo",
        "groups",
        "lines",
    },
    "chain.toml": {"accepted", "rejected", "error"},
}
_PREFIXES = ("outcome:", "word:", "state:", "problem_count:")
# tokens of the ledger, the transport and the chain said as words (tests/test_vecozo_words.py)
_PREFIXES += ("ledger-state:", "link:", "count:", "alarm:", "kind:", "party:")


def test_every_key_of_a_words_file_is_used() -> None:
    """A key no module names (nor builds from a value) is dead text: none is left."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    named = set(re.findall(r"""["']([a-z][a-z0-9_:-]*)["']""", source))
    dead = []
    # help.toml is keyed by the command tree: tests/test_cli_help_lang.py checks every key of it
    for path in (path for path in WORDS if path.name != "help.toml"):
        for key in bilingual_texts(f"words/{path.name}"):
            if key in named or key in _DYNAMIC.get(path.name, ()) or key.startswith(_PREFIXES):
                continue
            dead.append(f"{path.name}: {key}")
    assert dead == []


def test_the_words_are_read_on_first_use_not_at_import() -> None:
    """Importing ``ei validate`` and the renderers reads no words file (start-up stays cheap)."""
    code = (
        "import eistandaard.cli.validate_cmd, eistandaard.render.html, eistandaard.render.explain\n"
        "from eistandaard.standards.wording import bilingual_texts\n"
        "print(bilingual_texts.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert done.stdout.strip() == "0"


def test_the_words_files_ship_with_the_package() -> None:
    """The wheel maps all of ``rbc/`` into the package and the sdist holds it, words included."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build = project["tool"]["hatch"]["build"]["targets"]
    assert build["wheel"]["force-include"]["rbc"] == "eistandaard/_data/rbc"
    assert "rbc" in build["sdist"]["include"]
    assert all(path.is_relative_to(ROOT / "rbc") for path in WORDS)
