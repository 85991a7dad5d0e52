"""Engine failures speak the language of the run (issue 10, item 6).

Why a check could not run (a plug-in that raises, exits, is killed, runs out of memory or passes
its time bound, a rules stylesheet whose output is no rapport, a schema that does not compile, a
worker process that died) is a text of ``rbc/common/errors.toml``: ``Report.engine_errors`` stays
English for library callers, every reporter shows the reason wholly in Dutch under ``--lang nl``
(the default) and wholly in English under ``--lang en``, and JSON gives both
(``engine_error_texts``). What each provoked failure must say is in
``fixtures/failclosed/engine-wording.expected.toml``.
"""

from __future__ import annotations

import json
import pickle
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES
from tests.messages import valid_fixture

from eistandaard.cli.main import main
from eistandaard.core.report import Report, Verdict
from eistandaard.render import RenderOptions, reporter
from eistandaard.render.rapport import report_to_rapport
from eistandaard.standards.wording import Worded, said_error

HERE = FIXTURES / "failclosed"
CASES = tomllib.loads((HERE / "engine-wording.expected.toml").read_text(encoding="utf-8"))["cases"]
WMO323 = valid_fixture("iwmo", "WMO323")

ENGLISH_WORDS = (
    "engine error",
    "level 5",
    "level 3",
    "level 2",
    "level-5 check",
    " failed",
    "was stopped",
    "ran longer",
    "exited with",
    "killed by",
    "without an answer",
    "output root",
    "does not compile",
    "worker process",
)
"""English sentence parts of engine failures that a Dutch run must not show."""

DUTCH_WORDS = ("engine-fout", "De controle", "niveau", "controle ", "faalde", "gestopt", "proces ")
"""Dutch sentence parts of engine failures that an English run must not show."""


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``hostile_checks`` importable for ``--check hostile_checks:NAME``."""
    monkeypatch.syspath_prepend(str(HERE))


def _argv(case: dict[str, list[str]]) -> list[str]:
    args = [str(HERE / a) if a.endswith(".xsl") else a for a in case["args"]]
    return ["validate", "--no-plugins", "--timeout", "1", "--max-memory", "256", *args]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out + captured.err


def _engine_lines(output: str) -> str:
    """The output without the notes of rules that did not run (they have their own test)."""
    return "\n".join(
        line for line in output.splitlines() if "opmerking:" not in line and "note:" not in line
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_engine_failure_is_said_in_the_language_of_the_run(
    name: str, hostile: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text output: the Dutch run has the Dutch reason and no English sentence; en the reverse.

    Both exit 3.
    """
    case = CASES[name]
    argv = [*_argv(case), str(WMO323)]
    code, dutch = _run([*argv, "--lang", "nl"], capsys)
    assert code == 3
    assert case["nl"] in dutch, _engine_lines(dutch)  # the whole reason shown when it differs
    assert "De controle kon niet volledig draaien (engine-fout): " + case["nl"] in dutch
    for word in ENGLISH_WORDS:
        assert word not in _engine_lines(dutch), word
    code, english = _run([*argv, "--lang", "en"], capsys)
    assert code == 3
    assert "engine error: " + case["en"] in english
    for word in DUTCH_WORDS:
        assert word not in _engine_lines(english), word


@pytest.mark.parametrize("name", ["raises", "exits-hard", "no-rapport"])
def test_json_keeps_english_engine_errors_and_gives_both_texts(
    name: str, hostile: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON: verdict error, exit 3, ``engine_errors`` English, ``engine_error_texts`` nl and en.

    The JSON document is the same whatever ``--lang`` says.
    """
    case = CASES[name]
    documents = []
    for lang in ("nl", "en"):
        code, out = _run([*_argv(case), "--format", "json", "--lang", lang, str(WMO323)], capsys)
        assert code == 3
        documents.append(json.loads(out)["reports"][0])
    report = documents[0]
    assert report["verdict"] == "error"
    assert report["engine_errors"] == [case["en"]]
    assert report["engine_error_texts"] == [{"nl": case["nl"], "en": case["en"]}]
    assert documents[1]["engine_error_texts"] == report["engine_error_texts"]


def test_a_schema_that_does_not_compile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--schemas with a WMO323.xsd that is no schema: level 2 says so in the run's language.

    The parser's own message is kept as it is.
    """
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "WMO323.xsd").write_text(
        # well-formed (a broken file is refused up front, test_schemas_folder_checked.py), but
        # the type it names does not exist: only compiling finds that
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:element name="x" type="nope"/></xs:schema>',
        encoding="utf-8",
    )
    argv = ["validate", "--no-plugins", "--schemas", str(folder), str(WMO323)]
    code, dutch = _run([*argv, "--lang", "nl"], capsys)
    assert code == 3
    assert f"niveau 2: schema {folder / 'WMO323.xsd'} compileert niet: " in dutch
    assert "does not compile" not in dutch
    code, english = _run([*argv, "--lang", "en"], capsys)
    assert code == 3
    assert f"engine error: level 2: schema {folder / 'WMO323.xsd'} does not compile: " in english
    assert "compileert" not in english


# --- every reporter, on a report whose worker process died (as --jobs N records it) -------------

DIED = Report(
    source="a.xml",
    engine_errors=(
        said_error("engine-worker-died", reason=said_error("end-signal", signal="SIGKILL")),
    ),
)
"""A report of ``--jobs``: the worker process that checked ``a.xml`` was killed."""

DIED_NL = "het werkproces is gestopt: is gestopt door signaal SIGKILL"
DIED_EN = "worker process died: was killed by signal SIGKILL"


def test_a_worded_engine_error_is_english_to_library_callers() -> None:
    """``Report.engine_errors`` compares and prints English; the verdict is error."""
    assert DIED.engine_errors == (DIED_EN,)
    assert str(DIED.engine_errors[0]) == DIED_EN
    assert DIED.verdict is Verdict.ERROR
    assert isinstance(DIED.engine_errors[0], Worded)
    assert DIED.engine_errors[0].text("nl") == DIED_NL


def test_a_worded_engine_error_survives_pickling() -> None:
    """Reports cross process boundaries (--jobs, ei serve): both languages come along."""
    back = pickle.loads(pickle.dumps(DIED))
    assert back == DIED
    assert isinstance(back.engine_errors[0], Worded)
    assert back.engine_errors[0].text("nl") == DIED_NL


@pytest.mark.parametrize("name", ["text", "junit", "github", "sarif", "html"])
def test_every_reporter_shows_the_reason_in_the_language_of_the_run(name: str) -> None:
    """Under nl the whole engine line is Dutch, under en English; no mix of the two."""
    dutch = reporter(name).render([DIED], RenderOptions(lang="nl")).decode("utf-8")
    english = reporter(name).render([DIED], RenderOptions(lang="en")).decode("utf-8")
    assert DIED_NL in dutch
    assert "worker process died" not in dutch
    assert "killed by" not in dutch
    assert DIED_EN in english
    assert "werkproces" not in english
    assert "De controle" not in english


def test_the_rapport_gives_the_reason_in_dutch() -> None:
    """The iStandaarden rapport is Dutch: its engine line is Dutch through and through."""
    rapport = report_to_rapport(DIED).decode("utf-8")
    assert f"De controle kon niet volledig draaien (engine-fout): {DIED_NL}" in rapport
    assert "worker process died" not in rapport


def test_json_gives_both_texts_and_keeps_engine_errors_english() -> None:
    """``engine_errors``: English strings, unchanged; ``engine_error_texts``: nl and en."""
    document = json.loads(reporter("json").render([DIED], RenderOptions(lang="nl")))
    report = document["reports"][0]
    assert report["engine_errors"] == [DIED_EN]
    assert report["engine_error_texts"] == [{"nl": DIED_NL, "en": DIED_EN}]


def test_a_plain_engine_error_is_shown_as_it_is() -> None:
    """An engine error a caller made (a plain ``str``) is shown unchanged in both texts."""
    plain = Report(source="b.xml", engine_errors=("stylesheet failed",))
    document = json.loads(reporter("json").render([plain], RenderOptions(lang="nl")))
    assert document["reports"][0]["engine_error_texts"] == [
        {"nl": "stylesheet failed", "en": "stylesheet failed"}
    ]


# --- the VECOZO commands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "unwanted"),
    [
        ("nl", 'heeft Berichtsoort "T" (test): niet naar productie', "not to production"),
        ("en", 'has Berichtsoort "T" (test): not to production', "niet naar productie"),
    ],
)
def test_send_refuses_a_test_claim_to_production_in_the_language_of_the_run(
    lang: str, said: str, unwanted: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei send` of a test claim to prod: exit 2, the refusal worded in the run's language."""
    from tests.transport_helpers import gds801

    claim = tmp_path / "gds801-test.xml"
    claim.write_bytes(gds801(1).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    argv = ["send", str(claim), "--environment", "prod", "--ledger", ledger, "--lang", lang]
    code, output = _run(argv, capsys)
    assert code == 2
    assert said in output
    assert unwanted not in output


@pytest.mark.parametrize(
    ("lang", "said", "unwanted"),
    [
        ("nl", "niveau-5-controle sleeps is gestopt: hij liep langer dan", "was stopped"),
        ("en", "level-5 check sleeps was stopped: it ran longer than", "gestopt"),
    ],
)
def test_chain_says_an_engine_failure_in_the_language_of_the_run(
    lang: str, said: str, unwanted: str, hostile: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei chain` with a CAK plug-in that passes its time bound: exit 3, one language."""
    message = FIXTURES / "bm" / "2.0" / "chain" / "flow7-accepted.xml"
    argv = ["chain", str(message), "--as-of", "2026-11-23", "--timeout", "1", "--lang", lang]
    code, output = _run([*argv, "--cak-checks", "hostile_checks:sleeps"], capsys)
    assert code == 3
    assert said in output
    assert unwanted not in output
