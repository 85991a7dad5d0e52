"""One language per run: every fixed word, level-1 detail and engine-error line follows ``--lang``.

Kinds (issue 10 item 6, the "left over" of stop 16): the outcome token after "geschreven naar",
"note:" under ``--lang nl``, level-1 details in English, engine errors without a Dutch lead.
The intake fixtures (``fixtures/intake/*``, each with its sidecar) give a level-1 finding of
every kind the intake makes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.findings import Level
from eistandaard.core.report import Report
from eistandaard.render import RenderOptions, reporter
from eistandaard.render.rapport import report_to_rapport
from eistandaard.standards.codes import code_table
from eistandaard.vecozo.data import vecozo_codes

AS_OF = dt.date(2026, 11, 23)
INTAKE = FIXTURES / "intake"


def _level1_fixtures() -> list[Path]:
    """The intake fixtures whose sidecar expects a level-1 code (EI1nn)."""
    found = []
    for sidecar in sorted(INTAKE.glob("*.expected.toml")):
        expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        if any(code.startswith("EI1") for code in expected.get("codes", [])):
            stem = sidecar.name.removesuffix(".expected.toml")
            found.extend(p for p in INTAKE.glob(f"{stem}.*") if not p.name.endswith(".toml"))
    return found


LEVEL1 = _level1_fixtures()


def test_every_wording_has_both_languages_with_the_same_values() -> None:
    """Each details wording (level1.toml, codes.toml) has both languages, the same {values}."""
    wordings = 0
    tables = [*code_table().values(), *vecozo_codes().values()]
    for definition in tables:
        for key, (dutch, english) in definition.details.items():
            wordings += 1
            names = {f for _, f, _, _ in string.Formatter().parse(dutch) if f}
            assert names == {f for _, f, _, _ in string.Formatter().parse(english) if f}, key
            assert dutch != english or not re.search("[a-z]{4}", dutch), (definition.code, key)
    assert wordings > 60


@pytest.mark.parametrize("path", LEVEL1, ids=[p.name for p in LEVEL1])
def test_level1_details_are_dutch_under_nl_and_english_under_en(path: Path) -> None:
    """Every level-1 finding with details has a Dutch wording; each reporter shows the run's."""
    report = eistandaard.validate(path, as_of=AS_OF)
    level1 = [f for f in report.findings if f.level is Level.UNREADABLE and f.details]
    assert level1, "the fixture gives no level-1 finding with details"
    for finding in level1:
        assert finding.details_nl, f"{finding.code}: details without a Dutch wording"
        assert finding.detail("nl") == finding.details_nl
        assert finding.detail("en") == finding.details
    dutch = _text(report, "nl")
    english = _text(report, "en")
    for finding in level1:
        assert finding.details_nl in dutch
        assert finding.details in english
        if finding.details not in finding.details_nl:  # EI108: the parser's own words in both
            assert finding.details not in dutch
            assert finding.details_nl not in english


def _text(report: Report, lang: str) -> str:
    return reporter("text").render([report], RenderOptions(lang=lang)).decode("utf-8")


@pytest.mark.parametrize(
    ("lang", "wanted", "unwanted"),
    [
        ("nl", ("opmerking: ", " regel ", "      op /"), ("note: ", " line ", "      at /")),
        ("en", ("note: ", " line ", "      at /"), ("opmerking: ", " regel ", "      op /")),
    ],
)
def test_text_labels_follow_the_language(
    lang: str, wanted: tuple[str, ...], unwanted: tuple[str, ...]
) -> None:
    """Notes, line numbers and paths of the text output are labelled in the run's language."""
    path = FIXTURES / "iwmo/3.2/WMO323/invalid/cs337-two-months.xml"
    text = _text(eistandaard.validate(path, as_of=AS_OF), lang)
    for word in wanted:
        assert word in text
    for word in unwanted:
        assert word not in text


ENGINE = Report(source="x.xml", engine_errors=("level 3: worker process died",))
"""A report whose check could not finish."""


@pytest.mark.parametrize("name", ["text", "junit", "github", "sarif", "html"])
def test_engine_errors_have_a_lead_in_the_language_and_keep_the_detail(name: str) -> None:
    """Under nl a Dutch lead sentence, under en an English one; the engine's words stay."""
    dutch = reporter(name).render([ENGINE], RenderOptions(lang="nl")).decode("utf-8")
    english = reporter(name).render([ENGINE], RenderOptions(lang="en")).decode("utf-8")
    for output in (dutch, english):
        assert "level 3: worker process died" in output
    lead = "De controle kon niet volledig draaien" if name != "html" else "De controle kon niet"
    assert lead in dutch
    assert "engine error" not in dutch
    assert "De controle" not in english
    if name != "html":
        assert "engine error" in english


def test_the_rapport_is_dutch_in_its_engine_lines_and_level1_details() -> None:
    """The iStandaarden rapport (Dutch) carries Dutch level-1 details and engine lines."""
    rapport = report_to_rapport(ENGINE).decode("utf-8")
    assert "De controle kon niet volledig draaien (engine-fout): level 3" in rapport
    empty = eistandaard.validate(b"", name="leeg.xml", as_of=AS_OF)
    assert "0 bytes" in report_to_rapport(empty).decode("utf-8")
    ws = eistandaard.validate(b"   ", name="ws.xml", as_of=AS_OF)
    assert "3 bytes, alleen witruimte" in report_to_rapport(ws).decode("utf-8")


def test_html_severity_is_a_word_of_the_page() -> None:
    """The HTML page names a finding's weight in its language (fout / error), not the token."""
    report = eistandaard.validate(b"", name="leeg.xml", as_of=AS_OF)
    dutch = reporter("html").render([report], RenderOptions(lang="nl")).decode("utf-8")
    english = reporter("html").render([report], RenderOptions(lang="en")).decode("utf-8")
    assert "niveau 1 · fout" in dutch
    assert "level 1 · error" in english


@pytest.mark.parametrize(
    ("lang", "word", "other"),
    [("nl", "gedeeltelijk toegekend", "partly"), ("en", "partly granted", "gedeeltelijk")],
)
def test_return_names_its_outcome_in_words(
    lang: str, word: str, other: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return`: "geschreven naar X: <words>", never the token ``partly-rejected``."""
    request = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
    decisions = FIXTURES / "answers/decisions/wmo-0611.json"
    out = tmp_path / "answer.xml"
    argv = ["return", str(request), "-o", str(out), "--decisions", str(decisions)]
    assert main([*argv, "--as-of", "2024-04-10", "--lang", lang, "--id", "T1"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(f"{out}: {word}")
    assert "partly-rejected" not in first
    assert other not in first


RETOUR = FIXTURES / "answers/retour"
_RETOUR_WORDS = {
    ("fully-accepted", "nl"): "geaccepteerd",
    ("fully-accepted", "en"): "accepted",
    ("rejected", "nl"): "afgewezen",
    ("rejected", "en"): "rejected",
    ("technical-rejection", "nl"): "technisch afgekeurd",
    ("technical-rejection", "en"): "technically rejected",
}
_RETOUR_CASES = [
    (sidecar, lang)
    for sidecar in sorted(RETOUR.glob("wmo30[15]-*.expected.toml"))
    for lang in ("nl", "en")
]


@pytest.mark.parametrize(
    ("sidecar", "lang"),
    _RETOUR_CASES,
    ids=[f"{s.name.removesuffix('.expected.toml')}-{lang}" for s, lang in _RETOUR_CASES],
)
def test_return_names_a_retour_outcome_in_words_of_the_language(
    sidecar: Path, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return` on a 301/305 (IV032): the first line ends in the outcome's words in ``--lang``.

    Not the token (``rejected`` under nl, ``fully-accepted``) and not "geheel toegekend": a
    retour has no amounts, nothing in it is granted.
    """
    expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    out = tmp_path / "retour.xml"
    argv = ["return", str(RETOUR / expected["request"]), "-o", str(out)]
    argv += ["--as-of", expected["as_of"], "--lang", lang, "--id", expected["id"]]
    if (RETOUR / sidecar.name.replace(".expected.toml", ".toml")).exists():
        argv += ["--decisions", str(RETOUR / sidecar.name.replace(".expected.toml", ".toml"))]
    assert main(argv) == expected["exit"]
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(f"{out}: {_RETOUR_WORDS[expected['outcome'], lang]}"), first
    assert "toegekend" not in first
    assert "granted" not in first


@pytest.mark.parametrize(("lang", "word"), [("nl", "leeg"), ("en", "empty")])
def test_diff_names_an_unreadable_request_in_the_language(
    lang: str, word: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei diff` refusing an empty REQUEST: the level-1 text and details in ``--lang``."""
    empty = tmp_path / "leeg.xml"
    empty.write_bytes(b"")
    answer = FIXTURES / "golden/two-clients-with-credit.WMO325.xml"
    assert main(["diff", "--lang", lang, str(empty), str(answer)]) == 2
    assert word in capsys.readouterr().err


def test_json_keeps_details_and_adds_nothing_to_its_shape() -> None:
    """The JSON report keeps ``details`` (the values, in English) for machines: shape unchanged."""
    report = eistandaard.validate(b"  ", name="ws.xml", as_of=AS_OF)
    document = json.loads(reporter("json").render([report], RenderOptions(lang="nl")))
    finding = document["reports"][0]["findings"][0]
    assert finding["details"] == "2 bytes of white space only"
    assert "details_nl" not in finding


ENVELOPE = FIXTURES / "vecozo" / "envelope"
WORDED = (
    "CC01",
    "CC03",
    "CC04",
    "CC05",
    "CC06",
    "CC12",
    "BRS06",
    "BRS16",
    "BRS24",
    "BRS26",
    "EV001",
)
"""VECOZO's reception checks (level 1) whose details a check words (rbc/vecozo/codes.toml)."""


def _resolved(value: str, folder: Path) -> str:
    return str((folder / value).resolve()) if value.startswith("../") else value


@pytest.mark.parametrize("code", WORDED)
def test_envelope_details_follow_the_language(
    code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei validate --envelope`: reception details in Dutch under nl, in English under en."""
    folder = ENVELOPE / code
    expected = tomllib.loads((folder / "fails.expected.toml").read_text(encoding="utf-8"))
    message = _resolved(expected["message"], folder)
    argv = ["validate", message, "--envelope", str(folder / "fails.json")]
    argv += ["--as-of", expected["as_of"], "--no-plugins"]
    argv += [_resolved(option, folder) for option in expected["options"]]
    main([*argv, "--format", "json"])
    report = json.loads(capsys.readouterr().out)["reports"][0]
    found = [f for f in report["findings"] if f["code"] == code]
    assert found, f"{code}: not found"
    english = found[0]["details"]
    assert english, f"{code}: no details to word"
    text = {}
    for lang in ("nl", "en"):
        main([*argv, "--lang", lang])
        text[lang] = capsys.readouterr().out
    assert english in text["en"]
    assert english not in text["nl"]


def test_schema_messages_keep_their_words_behind_a_lead_in_the_language() -> None:
    """Level 2: libxml2's message is kept; under nl a Dutch lead says whose message it is."""
    path = FIXTURES / "iwmo/3.2/WMO323/invalid/missing-bsn.xml"
    report = eistandaard.validate(path, as_of=AS_OF)
    schema = [f for f in report.findings if f.level is Level.STRUCTURE]
    assert schema, "the fixture gives no level-2 finding"
    message = schema[0].details
    assert message
    assert "melding van de schemavalidatie" not in message
    assert f"melding van de schemavalidatie: {message}" in _text(report, "nl")
    assert "melding van de schemavalidatie" not in _text(report, "en")
    assert message in _text(report, "en")
