"""Errors users meet follow --lang: their reasons are data in both languages (issue 10).

A library error a user of ``ei`` can meet (an ``InputError`` and its kin) is raised with a text
of ``rbc/common/errors.toml`` (``said_error``): its ``str`` stays English for library callers,
and ``ei`` prints the whole line in the language of the run. The guard below scans the source
(AST) so a new ``raise InputError(f"...")`` in English only cannot slip in.
"""

from __future__ import annotations

import ast
import io
import string
import zipfile
from pathlib import Path

import pytest

from eistandaard.cli.main import main
from eistandaard.core.errors import DecisionError, EIError, InputError
from eistandaard.standards.wording import (
    LANGUAGES,
    Worded,
    bilingual_texts,
    reason_of,
    said_error,
)

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "eistandaard"
FIXTURES = ROOT / "fixtures"
WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
WMO325 = FIXTURES / "golden/two-clients-with-credit.WMO325.xml"

USER_FACING = {
    "InputError",
    "SourceError",
    "SourceTypeError",
    "SourceNotFoundError",
    "UnreadableError",
    "DecisionError",
    "OutputExistsError",
    "CatalogError",
    "LedgerError",
    "CovPreconditionError",
}
"""The error classes whose message a user of ``ei`` can read (``DataError`` of the package's own
data and ``EngineError`` are the engine's: exit 3, English)."""

WORDED_MAKERS = {"said_error", "reason_of", "joined", "prefixed", "worded", "Worded", "_said"}
"""Calls that give a text in both languages (or pass on the one an error was raised with)."""

USER_FILES = {"standards/codelists.py", "standards/resources.py"}
"""Modules that read files a user gives (--codelist, a decisions file in TOML): their
``DataError`` is user-facing too."""

ALLOWED = {
    # (file below src/eistandaard, class or function): why its messages need no errors.toml
    ("vecozo/cov.py", "CovPreconditionError"): "built from a list of worded problems (joined)",
    ("vecozo/ledger/sql.py", "LedgerConflict"): "a VECOZO code with its own texts (detail(lang))",
    ("standards/resources.py", "data_dir"): "the package's own data folders: a broken install",
}


def _class_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _unworded() -> list[str]:
    """Every construction of a user-facing error whose message is not worded, as file:line."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        within = {
            id(inner): outer.name
            for outer in ast.walk(tree)
            if isinstance(outer, ast.FunctionDef | ast.AsyncFunctionDef)
            for inner in ast.walk(outer)
        }  # the innermost function wins: inner definitions are walked later
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _class_name(node)
            # error: type[...], the class a caller asks for
            dynamic = name == "error" and rel in ("levels/intake/__init__.py", "core/files.py")
            user_file = name == "DataError" and rel in USER_FILES
            if name not in USER_FACING and not dynamic and not user_file:
                continue
            if (rel, name) in ALLOWED or (rel, within.get(id(node))) in ALLOWED:
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Call) and _class_name(first) in WORDED_MAKERS:
                continue
            found.append(f"{rel}:{node.lineno} {name}")
    return found


def test_every_user_facing_error_is_raised_with_a_worded_message() -> None:
    """AST scan of src/: each InputError/DecisionError/LedgerError/... gets said_error(...).

    (or passes on a worded reason with reason_of, or joins worded texts); the allow-list is
    short and says why.
    """
    assert _unworded() == []


def test_the_guard_finds_an_english_only_raise(tmp_path: Path) -> None:
    """The scan's test of a call: an f-string message is flagged, said_error(...) is not."""
    english = ast.parse('raise InputError(f"no such file: {path}")').body[0]
    worded = ast.parse('raise InputError(said_error("source-no-such-file", fspath=p))').body[0]
    assert isinstance(english, ast.Raise)
    assert isinstance(worded, ast.Raise)
    assert isinstance(english.exc, ast.Call)
    assert isinstance(worded.exc, ast.Call)
    first_english, first_worded = english.exc.args[0], worded.exc.args[0]
    assert not (isinstance(first_english, ast.Call) and _class_name(first_english) in WORDED_MAKERS)
    assert isinstance(first_worded, ast.Call)
    assert _class_name(first_worded) in WORDED_MAKERS


ENGINE_ERRORS = {"EngineError", "MessageParseError"}
"""The errors whose message becomes an engine error of a report (verdict error, exit 3)."""

ENGINE_ALLOWED = {
    # (file below src/eistandaard, function): why its engine error needs no errors.toml key
    ("levels/checks.py", "_collect"): "the plug-in's child sent the reason in both languages",
}


def _is_worded(node: ast.expr | None) -> bool:
    """``node`` is a call that gives a text in both languages (or a name holding one)."""
    if isinstance(node, ast.Name | ast.Attribute | ast.Starred):
        return True  # a value made elsewhere: its making is scanned where it is made
    return isinstance(node, ast.Call) and _class_name(node) in WORDED_MAKERS


def _engine_unworded(source: str, rel: str = "<test>") -> list[str]:
    """Every engine-failure reason in ``source`` that is not worded, as file:line.

    Caught: ``EngineError(...)``/``MessageParseError(...)`` without a worded message, and a
    text that is not worded put into engine errors (``engine_errors=(...)``,
    ``engine_errors.append(...)``): an f-string, a literal, a ``"; ".join(...)``.
    """
    tree = ast.parse(source)
    within = {
        id(inner): outer.name
        for outer in ast.walk(tree)
        if isinstance(outer, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(outer)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _class_name(node)
        reasons: list[ast.expr] = []
        if name in ENGINE_ERRORS:
            if (rel, within.get(id(node))) in ENGINE_ALLOWED:
                continue
            reasons = [node.args[0]] if node.args else []
        elif (
            name == "append"
            and isinstance(node.func, ast.Attribute)
            and _class_name_of(node.func.value) == "engine_errors"
        ):
            reasons = list(node.args)
        for keyword in node.keywords:
            if keyword.arg == "engine_errors" and isinstance(keyword.value, ast.Tuple | ast.List):
                reasons.extend(keyword.value.elts)
        found.extend(f"{rel}:{node.lineno} {name}" for r in reasons if not _is_worded(r))
    return found


def _class_name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def test_every_engine_failure_is_worded() -> None:
    """AST scan of src/: each reason a report's engine errors can hold is worded (issue 10).

    ``EngineError``/``MessageParseError`` are raised with ``said_error(...)`` and what goes into
    ``engine_errors`` is such a text, so every reporter can show it in the run's language.
    """
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        found.extend(_engine_unworded(path.read_text(encoding="utf-8"), rel))
    assert found == []


@pytest.mark.parametrize(
    "code",
    [
        'raise EngineError(f"rule stylesheet {name} failed")',
        'errors.engine_errors.append(f"level {level}: {exc}")',
        'engine_errors.append("worker process died")',
        'Report(source=name, engine_errors=(f"worker process died: {why}",))',
        'attrs.evolve(report, engine_errors=(*report.engine_errors, "level 5: " + str(exc)))',
        'raise EngineError("; ".join(report.engine_errors))',
    ],
)
def test_the_engine_guard_finds_an_english_only_reason(code: str) -> None:
    """A new English-only engine-failure reason is flagged by the scan."""
    assert _engine_unworded(code) != []


@pytest.mark.parametrize(
    "code",
    [
        'raise EngineError(said_error("xslt-failed", name=name, detail=""))',
        'run.engine_errors.append(said_error("engine-level", level=3, error=exc))',
        'Report(source=name, engine_errors=(*failed, said_error("engine-catalog", error=e)))',
        "attrs.evolve(report, engine_errors=errors)",
    ],
)
def test_the_engine_guard_passes_worded_reasons(code: str) -> None:
    """Worded reasons (and values made elsewhere) pass the scan."""
    assert _engine_unworded(code) == []


def _keys_used() -> set[str]:
    """Every literal key passed to said_error in src/."""
    keys = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and _class_name(node) == "said_error"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(str(node.args[0].value))
    return keys


def test_every_key_used_is_in_the_table_with_the_same_fields_in_both_languages() -> None:
    """errors.toml has each key src/ names; its nl and en texts name the same {fields}."""
    texts = bilingual_texts("errors.toml")
    used = _keys_used()
    assert used - set(texts) == set()
    for key, entry in texts.items():
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name}
            for lang in LANGUAGES
        ]
        assert fields[0] == fields[1], key
        assert entry["nl"].strip(), key
        assert entry["en"].strip(), key


def test_a_worded_error_is_english_as_str_and_dutch_as_text() -> None:
    """str(error) is the English text (callers match it); .text("nl") the Dutch one."""
    error = DecisionError(said_error("decisions-key-twice", key='"X"'))
    assert str(error) == 'decisions: key "X" is given twice'
    assert error.text("nl") == 'beslissingen: sleutel "X" komt twee keer voor'
    assert error.text("en") == str(error)
    assert isinstance(error, ValueError)
    plain = InputError("only English")
    assert plain.text("nl") == "only English"
    assert reason_of(plain) == "only English"


def test_a_reason_inside_a_reason_is_shown_in_each_language() -> None:
    """An error given as a field value keeps its words: Dutch in Dutch, English in English."""
    inner = InputError(said_error("decisions-not-table"))
    outer = said_error("decisions-in-file", path="d.toml", exc=inner)
    assert outer == "d.toml: decisions: the document must be a table"
    assert outer.text("nl") == "d.toml: beslissingen: het document moet een tabel zijn"
    assert said_error("decisions-in-file", path="d.toml", exc=ValueError("bad")).text("nl") == (
        "d.toml: bad"
    )


def test_a_worded_error_survives_pickling() -> None:
    """Errors cross process boundaries (--jobs, ei serve): both languages come along."""
    import pickle

    error = InputError(said_error("ledger-no-message", traceer_id="T"))
    back = pickle.loads(pickle.dumps(error))
    assert isinstance(back, EIError)
    assert isinstance(back.reason, Worded)
    assert back.text("nl") == error.text("nl")


# --- the command line: one language per line, exit 2, never a traceback -------------------------


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.err.strip()


def _both(argv: list[str], capsys: pytest.CaptureFixture[str], where: str) -> tuple[str, str]:
    """The usage line of ``argv`` under --lang nl and --lang en; each one line, exit 2."""
    lines = []
    for lang in ("nl", "en"):
        code, err = _run([*argv, "--lang", lang], capsys)
        assert code == 2, err
        assert err.count("\n") == 0, err
        frame = "fout" if lang == "nl" else "error"
        assert err.startswith(f"{where}: {frame}: "), err
        lines.append(err)
    return lines[0], lines[1]


def test_diff_with_swapped_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei diff ANSWER REQUEST`: the hint in Dutch under nl, in English under en."""
    nl, en = _both(["diff", str(WMO325), str(WMO323)], capsys, "ei diff")
    assert "is een WMO325, een antwoord: zijn REQUEST en ANSWER verwisseld?" in nl
    assert "(zie ei diff -h)" in nl
    assert "is a WMO325, an answer: did you swap REQUEST and ANSWER?" in en
    assert "(see ei diff -h)" in en


def test_diff_of_a_request_with_itself(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei diff REQUEST REQUEST`: the brief's example, all Dutch under the default language."""
    code, err = _run(["diff", str(WMO323), str(WMO323)], capsys)
    assert code == 2
    assert "een heenbericht en geen antwoord (een WMO323 wordt beantwoord met een WMO325)" in err
    assert "a request" not in err


def test_decisions_that_are_not_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A decisions file that is no TOML: the reason in the run's language; nothing written.

    The parser's place is worded like JSON's (its English message would mix the languages).
    """
    decisions = tmp_path / "d.toml"
    decisions.write_text("x = = 1", encoding="utf-8")
    out = tmp_path / "x.xml"
    argv = ["return", str(WMO323), "--decisions", str(decisions), "-o", str(out)]
    nl, en = _both(argv, capsys, "ei return")
    assert (
        f"{decisions}: kan de beslissingen niet lezen: geen geldige TOML (regel 1, kolom 5)" in nl
    )
    assert f"{decisions}: cannot read decisions: not valid TOML (line 1, column 5)" in en
    assert "Expected" not in nl
    assert not out.exists()


def test_decisions_with_an_unknown_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Decisions for a WMO323 with a key it does not know: the key and the known ones, worded."""
    decisions = FIXTURES / "answers/decisions/wmo-unknown-key.json"
    out = tmp_path / "x.xml"
    argv = ["return", str(WMO323), "--decisions", str(decisions), "-o", str(out)]
    argv += ["--as-of", "2024-04-10"]
    nl, en = _both(argv, capsys, "ei return")
    known = "header, declaratie, client, prestatie"
    assert f"beslissingen: onbekende sleutel(s) prestaties; verwacht: {known}" in nl
    assert f"decisions: unknown key(s) prestaties; expected {known}" in en
    assert not out.exists()


def test_return_on_an_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei return` given another message's answer: named by its file, in the run's language."""
    out = tmp_path / "x.xml"
    argv = ["return", str(WMO325), "-o", str(out), "--as-of", "2024-04-10"]
    nl, en = _both(argv, capsys, "ei return")
    assert f"{WMO325} is een WMO325, een antwoord: beantwoord in plaats daarvan" in nl
    assert f"{WMO325} is a WMO325, an answer: answer its request (WMO323) instead" in en
    assert not out.exists()


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei diff` of a file that does not exist: said in the run's language."""
    missing = tmp_path / "nope.xml"
    nl, en = _both(["diff", str(WMO323), str(missing)], capsys, "ei diff")
    assert f"ANSWER: bestand bestaat niet: {missing}" in nl
    assert f"ANSWER: no such file: {missing}" in en


def test_a_zip_without_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ZIP holding no XML: the level-1 finding's text in the run's language, exit 2.

    The parser's own message stays as it is inside the Dutch text.
    """
    archive = tmp_path / "leeg.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("readme.txt", "no message here")
    archive.write_bytes(buffer.getvalue())
    nl, en = _both(["diff", str(archive), str(WMO325)], capsys, "ei diff")
    assert f"REQUEST {archive}!readme.txt: EI108 Het bestand bevat geen well-formed XML." in nl
    assert f"REQUEST {archive}!readme.txt: EI108 The file does not hold well-formed XML." in en
    assert "Start tag expected" in nl
    assert "Start tag expected" in en


def test_a_path_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A decisions path with bytes that are no UTF-8: shown escaped, worded, exit 2."""
    import os

    folder = os.fsencode(tmp_path)
    name = folder + b"/beslis\xff.toml"
    Path(os.fsdecode(name)).write_bytes(b"[x")
    shown = os.fsdecode(name)
    out = tmp_path / "x.xml"
    argv = ["return", str(WMO323), "--decisions", shown, "-o", str(out)]
    nl, en = _both(argv, capsys, "ei return")
    assert "beslis\\xff.toml" in nl
    assert "beslis\\xff.toml" in en
    assert "geen geldige TOML" in nl
    assert "not valid TOML" in en
    assert not out.exists()


def test_a_ledger_that_is_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei ledger --ledger sqlite:///MESSAGE show`: the ledger's reason in the run's language."""
    message = tmp_path / "declaratie.xml"
    message.write_bytes(WMO323.read_bytes())
    for lang, words in (("nl", "is geen SQLite-database"), ("en", "is no SQLite database")):
        argv = ["ledger", "--lang", lang, "--ledger", f"sqlite:///{message}", "show"]
        code, err = _run(argv, capsys)
        assert code == 2, err
        assert words in err
        assert err.startswith("ei ledger show: " + ("fout: " if lang == "nl" else "error: "))


def test_a_misspelled_code_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--codelist WJ01=FILE`: the library's reason and its suggestion, in the run's language."""
    listing = tmp_path / "wj.csv"
    listing.write_text("x", encoding="utf-8")
    nl, en = _both(
        ["validate", str(WMO323), "--codelist", f"WJ01={listing}"], capsys, "ei validate"
    )
    assert (
        "--codelist WJ01: geen controle gebruikt een codelijst met die naam; bedoelt u WJ001" in nl
    )
    assert "--codelist WJ01: no check uses a code list of that name; did you mean WJ001" in en


def test_serve_explain_says_a_bad_pair_in_the_requests_language() -> None:
    """POST /explain of two requests: a 400 problem whose detail follows ?lang= (default nl)."""
    httpx = pytest.importorskip("httpx")
    from tests.serve_helpers import running_server

    files = {"request": WMO323.read_bytes(), "answer": WMO323.read_bytes()}
    with running_server(workers=1) as base:
        details = {
            lang: httpx.post(f"{base}/explain?lang={lang}", files=files, timeout=60).json()
            for lang in ("nl", "en")
        }
    assert details["nl"]["status"] == details["en"]["status"] == 400
    assert "een heenbericht en geen antwoord" in details["nl"]["detail"]
    assert "a request, not an answer" in details["en"]["detail"]
