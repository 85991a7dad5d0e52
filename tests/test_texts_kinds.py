"""Kinds of text faults, each fixed at its root, and ``ei return --format json``.

Faults: repr in texts, CLI options named by the library, amounts outside their language's
notation, and ``ei return`` without a JSON document.

- Values from the input are quoted by one helper (``core/text.py``), never by ``repr``.
- The library never names an option of the command line; the CLI adds its own name.
- Every amount in a text goes through ``Money.text(lang)`` (``1.234,56 D`` / ``1,234.56 D``).
- ``ei return --format json`` prints one versioned ``eistandaard-return`` document.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.money import Money
from eistandaard.core.text import error_text, quoted
from eistandaard.levels.structure import SCHEMA_FOLDER_ENTRIES
from eistandaard.standards.wording import worded

SRC = ROOT / "src" / "eistandaard"
WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"
INVALID_323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "invalid" / "bsn-eight-digits.xml"
GDS801 = FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def _strings(tree: ast.AST) -> list[ast.Constant]:
    """The string literals of a module that are not docstrings (texts the code builds)."""
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


# -- 1. no repr in a text ------------------------------------------------------------------


def test_no_text_of_the_package_is_built_with_repr() -> None:
    """No ``!r}`` conversion and no ``repr`` (called or passed, ``map(repr, ...)``) in src.

    A module ``__getattr__`` aside.

    A module's ``__getattr__`` raises Python's own AttributeError, in Python's own words.
    """
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = {
            id(inner)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in exempt:
                continue
            if isinstance(node, ast.FormattedValue) and node.conversion == ord("r"):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
            if isinstance(node, ast.Name) and node.id == "repr":  # a call, or map(repr, ...)
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_values_are_quoted_the_same_way_in_every_language() -> None:
    """One quoting for every value: double quotes, controls escaped, absent is "-"."""
    assert quoted("0233") == '"0233"'
    assert quoted("it's") == '"it\'s"'  # repr would switch to double quotes here
    assert quoted("a\x1b[31mb") == '"a\\x1b[31mb"'
    assert quoted(None) == "-"
    assert quoted(["1", "2"]) == '"1", "2"'
    assert error_text(SystemExit(0)) == "SystemExit: 0"
    assert error_text(KeyboardInterrupt()) == "KeyboardInterrupt"


def test_no_template_of_rbc_quotes_a_value_with_single_quotes() -> None:
    """rbc/*.toml texts put values between double quotes when they quote them at all."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "rbc").rglob("*.toml")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if not line.lstrip().startswith("#") and re.search(r"'\{[a-z_]+\}'", line)
    ]
    assert found == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_zip_member_name_in_a_detail_is_quoted_not_repr(lang: str, tmp_path: Path) -> None:
    """EI112 names the members "a.xml", "b.xml" in either language, never 'a.xml'."""
    import zipfile

    bundle = tmp_path / "two.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("a.xml", WMO323.read_bytes())
        archive.writestr("b.xml", WMO323.read_bytes())
    report = eistandaard.validate(bundle)
    detail = report.findings[0].detail(lang) or ""
    assert '"a.xml", "b.xml"' in detail
    assert "'a.xml'" not in detail


def test_a_plugin_failure_names_the_exception_without_repr() -> None:
    """A level-5 check that raises: ``RuntimeError: boom`` in the engine error, no quotes."""

    def boom(_message: object) -> list[object]:
        raise RuntimeError("boom")

    report = eistandaard.validate(WMO323, as_of=dt.date(2024, 5, 10), checks=[boom])
    assert report.verdict is eistandaard.Verdict.ERROR
    assert "RuntimeError: boom" in report.engine_errors[0]
    assert "RuntimeError('boom')" not in report.engine_errors[0]


# -- 2. the library names no option of the command line -----------------------------------


def test_no_text_outside_the_cli_names_an_option() -> None:
    """Outside cli/, no string literal (docstrings aside) names a ``--option``."""
    found = []
    for path in SRC.rglob("*.py"):
        if "cli" in path.relative_to(SRC).parts:
            continue
        for node in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if OPTION.search(node.value):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value[:60]}")
    assert found == []


def _crowded(tmp_path: Path) -> Path:
    folder = tmp_path / "crowded"
    folder.mkdir()
    for number in range(SCHEMA_FOLDER_ENTRIES + 1):
        (folder / f"f{number}").touch()
    return folder


@pytest.mark.parametrize("kind", ["crowded", "missing", "empty"])
def test_the_api_with_a_wrong_schema_folder_names_no_option(kind: str, tmp_path: Path) -> None:
    """validate(schemas=...) as str or Path: an engine error that says why, without "--schemas"."""
    folder = {
        "crowded": lambda: _crowded(tmp_path),
        "missing": lambda: tmp_path / "missing",
        "empty": lambda: tmp_path,
    }[kind]()
    for given in (folder, str(folder)):
        report = eistandaard.validate(WMO323, as_of=dt.date(2024, 5, 10), schemas=given)
        assert report.verdict is eistandaard.Verdict.ERROR
        assert str(folder) in report.engine_errors[0]
        assert "--" not in report.engine_errors[0]


def test_the_cli_adds_its_option_name_to_a_bad_schema_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei validate --schemas CROWDED`: one usage line that names --schemas and the reason."""
    folder = _crowded(tmp_path)
    assert main(["validate", "--schemas", str(folder), str(WMO323)]) == 2
    err = capsys.readouterr().err
    assert "--schemas" in err
    assert "dat is geen schemamap" in err  # Dutch by default


def test_the_cli_adds_its_option_name_to_a_misspelled_code_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The library says "WJ01: no check uses ..."; `ei validate` says "--codelist WJ01: ..."."""
    from eistandaard.core.errors import InputError
    from eistandaard.standards.codelist_names import check_overrides

    listing = tmp_path / "wj.csv"
    listing.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        check_overrides({"WJ01": listing})
    assert str(raised.value).startswith("WJ01: no check uses")
    assert main(["validate", str(WMO323), "--codelist", f"WJ01={listing}"]) == 2
    assert "--codelist WJ01: geen controle gebruikt" in capsys.readouterr().err  # Dutch by default
    assert main(["validate", str(WMO323), "--codelist", f"WJ01={listing}", "--lang", "en"]) == 2
    assert "--codelist WJ01: no check uses" in capsys.readouterr().err


# -- 3. amounts in the notation of the language ---------------------------------------------


def test_money_text_is_the_one_notation_of_amounts_in_texts() -> None:
    """Dutch 1.234.567,80 C, English 1,234,567.80 C; zero is 0,00 D / 0.00 D."""
    amount = Money.of(Decimal("-1234567.8"))
    assert amount.text("nl") == "1.234.567,80 C"
    assert amount.text("en") == "1,234,567.80 C"
    assert Money.of(Decimal(0)).text("nl") == "0,00 D"
    assert str(amount) == "1234567.80 C"  # the message notation stays as it is


def test_a_problem_shows_an_amount_in_each_language() -> None:
    """worded() fills a Money field per language: 1.300,00 D in Dutch, 1,300.00 D in English."""
    text = worded(
        "bm-totals-reconcile",
        submitted=Money.of(Decimal("1300")),
        granted=Money.of(Decimal("1234.56")),
        rejected=Money.of(Decimal("-200")),
        not_assessed=Money.of(Decimal(0)),
    )
    assert "gevraagd 1.300,00 D is niet toegekend 1.234,56 D" in text.text("nl")
    assert "requested 1,300.00 D is not granted 1,234.56 D" in text.text("en")


# -- 4. ei return --format json ------------------------------------------------------------


def _return_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["return", "--format", "json", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_return_json_gives_outcome_counts_and_the_file_written(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 325 with one rejected prestatie: outcome, counts, totals and the path, versioned."""
    out = tmp_path / "answer.xml"
    decisions = FIXTURES / "answers" / "decisions" / "wmo-0611.json"
    argv = [str(WMO323), "-o", str(out), "--as-of", "2024-04-10", "--lang", lang]
    code, document = _return_json([*argv, "--decisions", str(decisions)], capsys)
    assert code == 0
    assert (document["format"], document["version"], document["lang"]) == (
        "eistandaard-return",
        1,
        lang,
    )
    assert document["written"] == str(out)
    assert out.is_file()
    assert document["outcome"] == "partly-rejected"
    assert document["outcome_text"] == (
        "gedeeltelijk toegekend" if lang == "nl" else "partly granted"
    )
    assert document["answer"]["message"] == "WMO325"
    assert document["answer"]["identificatie_generated"] is True
    assert document["totals"]["rejected"] != "0.00"
    assert document["counts"]["lines"]
    assert document["explanation"]["format"] == "eistandaard-explanation"
    assert document["report"] is None
    assert document["request"]["message"] == "WMO323"


def test_return_json_without_an_answer_holds_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A request failing level 2: exit 1, outcome no-answer, nothing written, the report why."""
    out = tmp_path / "answer.xml"
    code, document = _return_json([str(INVALID_323), "-o", str(out), "--lang", "en"], capsys)
    assert code == 1
    assert document["outcome"] == "no-answer"
    assert document["outcome_text"] == "no answer"
    assert document["written"] is None
    assert document["answer"] is None
    assert document["report"]["verdict"] == "rejected"
    assert document["report"]["findings"]
    assert not out.exists()


def test_return_json_when_vecozo_forwards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A GDS801 VECOZO finds nothing wrong in: exit 0, outcome forwarded, nothing written."""
    out = tmp_path / "answer.xml"
    argv = [str(GDS801), "-o", str(out), "--responder", "vecozo", "--as-of", "2026-11-23"]
    code, document = _return_json(argv, capsys)
    assert code == 0
    assert document["outcome"] == "forwarded"
    assert document["written"] is None
    assert not out.exists()


def test_return_json_is_documented() -> None:
    """docs/json-format.md describes the eistandaard-return document and its outcomes."""
    text = (ROOT / "docs" / "json-format.md").read_text(encoding="utf-8")
    assert '"format": "eistandaard-return"' in text
    for outcome in ("forwarded", "no-answer", "error"):
        assert f"`{outcome}`" in text


def test_return_json_of_a_retour_message_has_counts_but_no_totals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A WMO302 (IV032, no amounts): totals null, counts given, the plain outcome words."""
    request = ROOT / "fixtures/iwmo/3.2/WMO301/valid/basis.xml"
    out = tmp_path / "wmo302.xml"
    argv = [str(request), "-o", str(out), "--as-of", "2026-11-30", "--lang", "en"]
    code, document = _return_json(argv, capsys)
    assert code == 0
    assert document["answer"]["message"] == "WMO302"
    assert (document["outcome"], document["outcome_text"]) == ("fully-accepted", "accepted")
    assert document["totals"] is None
    assert document["counts"]["lines"]["accepted"] >= 1
    assert out.is_file()


def test_an_absent_value_in_a_text_is_a_dash_never_none() -> None:
    """A field that is absent (a client without Bsn, a prestatie without reference) shows ``-``.

    ``ei diff`` printed "cliënt met Bsn None" and "prestatie None" (a newcomer's trial).
    """
    from eistandaard.standards.wording import said_error, worded

    client = worded("ist-client-not-in-request", bsn=None)
    prestatie = worded("ist-prestatie-not-in-request", referentie=None, bsn="999990019")
    for text in (client, prestatie, said_error("decisions-at", key=None)):
        for lang in ("nl", "en"):
            assert "None" not in text.text(lang)
    assert client.text("nl") == "cliënt met Bsn - staat niet in het heenbericht"
