"""Every word ``ei`` prints follows ``--lang``: usage errors of our own and how a run ends.

Usage errors are one line on standard error, exit 2, in the run's language (``nl`` default):
``ei return: fout: bestand bestaat niet: x.xml (zie ei return -h)``. Their texts are data
(``rbc/common/usage.toml``). Click's own errors (a missing argument) keep click's words.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT

from eistandaard.cli.main import main

CLI = ROOT / "src" / "eistandaard" / "cli"
USAGE = ROOT / "rbc" / "common" / "usage.toml"
WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"
BM801 = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "foreign-iban-with-bic.xml"


def _line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``ei``; it must exit 2 with one line on stderr; return that line."""
    code = main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert "\n" not in err, err
    return err


CASES = {
    "return-missing-file": (
        ["return", "missing.xml", "-o", "{tmp}/out.xml"],
        "bestand bestaat niet: missing.xml",
        "no such file: missing.xml",
    ),
    "diff-stdin-twice": (
        ["diff", "-", "-"],
        "maar één van REQUEST en ANSWER kan van standaardinvoer komen",
        "only one of REQUEST and ANSWER can be read from standard input",
    ),
    "validate-rapport-several": (
        ["validate", "--format", "rapport", str(WMO323), str(BM801)],
        "--format rapport met meer invoer vraagt --output-dir DIR",
        "--format rapport with several inputs needs --output-dir DIR",
    ),
    "validate-bad-date": (
        ["validate", "--as-of", "2024-13-01", str(WMO323)],
        '"2024-13-01" is geen datum (JJJJ-MM-DD)',
        '"2024-13-01" is not a date (YYYY-MM-DD)',
    ),
    "envelope-version": (
        ["envelope", "build", str(BM801), "--application-version", "x"],
        '--application-version "x" is niet van de vorm N.N',
        '--application-version "x" is not N.N',
    ),
    "output-folder-missing": (
        ["return", str(WMO323), "-o", "{tmp}/nowhere/out.xml"],
        "uitvoermap {tmp}/nowhere bestaat niet",
        "output folder {tmp}/nowhere does not exist",
    ),
    "decisions-for-vecozo": (
        ["return", str(BM801), "-o", "{tmp}/out.xml", "--responder", "vecozo", "--decisions",
         str(FIXTURES / "answers" / "decisions" / "bm-reject-bo-0002.toml")],
        "--decisions wordt niet gebruikt als VECOZO antwoordt",
        "--decisions is not used when VECOZO answers",
    ),
    "click-option-takes-no-value": (
        ["validate", "--force=1", str(WMO323)],
        "optie '--force' neemt geen waarde",
        "Option '--force' does not take a value",
    ),
    "checks-for-vecozo": (
        ["return", str(BM801), "-o", "{tmp}/out.xml", "--responder", "vecozo", "--check",
         "json:loads"],
        "--check wordt niet gebruikt als VECOZO antwoordt",
        "--check is not used when VECOZO answers: it runs no level-5 checks",
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_usage_error_of_our_own_is_in_the_language_of_the_run(
    case: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dutch by default and with --lang nl (frame "fout: ... (zie ... -h)"), English with en."""
    argv, dutch, english = CASES[case]
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    line = _line([*argv, "--lang", lang], capsys)
    expected = (dutch if lang == "nl" else english).replace("{tmp}", str(tmp_path))
    assert expected in line
    assert (": fout: " in line and "(zie ei " in line) if lang == "nl" else ": error: " in line
    if lang == "nl":  # --lang nl is also the default
        assert _line(argv, capsys) == line


def test_the_existing_output_of_ei_chain_is_refused_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei chain -o DIR` over an earlier run's file: "bestaat al" / "exists", nothing printed."""
    (tmp_path / "flow4-BM801.xml").write_text("old", encoding="utf-8")
    argv = ["chain", str(BM801), "-o", str(tmp_path), "--as-of", "2026-11-23"]
    assert "bestaat al; gebruik --force" in _line(argv, capsys)
    assert "exists; use --force" in _line([*argv, "--lang", "en"], capsys)


def test_the_end_of_a_run_is_in_the_language_of_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An internal error: "ei: interne fout: ..." by default, "ei: internal error: ..." in en."""
    from eistandaard.cli import validate_cmd

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(validate_cmd, "validate_many", fail)
    assert main(["validate", str(WMO323)]) == 3
    assert capsys.readouterr().err.strip() == "ei: interne fout: RuntimeError: kapot"
    assert main(["validate", "--lang", "en", str(WMO323)]) == 3
    assert capsys.readouterr().err.strip() == "ei: internal error: RuntimeError: kapot"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_fake_vecozo_speaks_the_language_of_the_run(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei fake-vecozo --lang`: its one line in Dutch or English."""
    assert main(["fake-vecozo", "--seconds", "0.1", "--lang", lang]) in (0, None)
    out = capsys.readouterr().out
    assert out.startswith("nagebootste VECOZO op " if lang == "nl" else "fake VECOZO on ")


def test_every_usage_text_has_both_languages_and_the_same_fields() -> None:
    """Each text of rbc/common/usage.toml: Dutch and English, differing, naming the same fields."""
    texts = tomllib.loads(USAGE.read_text(encoding="utf-8"))
    assert len(texts) >= 30
    for key, entry in texts.items():
        assert set(entry) - {"pattern"} == {"nl", "en"}, key
        fields = [
            {n for _, n, _, _ in string.Formatter().parse(entry[lang]) if n}
            for lang in ("nl", "en")
        ]
        assert fields[0] == fields[1], key
        if "pattern" in entry:  # click's English text: its named groups are the fields
            assert set(re.compile(entry["pattern"]).groupindex) == fields[0], key
        if key != "option-reason":
            assert entry["nl"] != entry["en"], key


def test_every_usage_text_is_used_and_every_key_used_exists() -> None:
    """The keys the CLI words are exactly the keys of the file (none dead, none missing)."""
    entries = tomllib.loads(USAGE.read_text(encoding="utf-8"))
    texts = set(entries)
    # Words of click's own texts (matched by their pattern) are used without their key in the
    # code (the operating system's reasons live in errors.toml: standards/wording.os_reason).
    used: set[str] = {k for k, e in entries.items() if "pattern" in e}
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("said", "usage", "_said")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(str(node.args[0].value))
    assert used | {"frame"} == texts


def test_no_usage_error_of_the_cli_is_a_fixed_english_text() -> None:
    """No UsageError, BadParameter or RefusedOutput in cli/ is built from a literal text.

    Our own words go through ``usage``/``said`` (both languages); a library's reason may be
    passed on as a value (``str(exc)``).
    """
    found = []
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            literal = isinstance(node.args[0], ast.Constant | ast.JoinedStr)
            if name in ("UsageError", "BadParameter", "RefusedOutput") and literal:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
