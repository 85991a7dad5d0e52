"""Golden files of every answer and every explanation, per family (the safety net of issue 10).

Each case runs ``ei return`` (the answer written and what the command prints) and ``ei diff`` /
``ei explain`` in text, JSON and HTML through the command line, so the files survive any move
of the code behind it. A golden file may change only where the output was wrong before;
regenerate with ``EI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_answers.py`` and review
the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard.cli.main import main

GOLDEN = FIXTURES / "golden" / "answers"
ANSWERS = FIXTURES / "answers"


# name -> (request, as-of, extra ``ei return`` arguments)
CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "wmo-partly-rejected": (
        "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
        "2024-05-10",
        ("--id", "GOLD1", "--decisions", str(ANSWERS / "decisions" / "wmo-0611.json")),
    ),
    "wmo-client-rejected": (
        "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
        "2024-05-10",
        ("--id", "GOLD2", "--decisions", str(ANSWERS / "decisions" / "wmo-client-8187.json")),
    ),
    "wmo-technical-0001": (
        "iwmo/3.2/WMO323/invalid/cs337-two-months.xml",
        "2026-11-23",
        ("--id", "GOLD3"),
    ),
    "jw-accepted": (
        "ijw/3.2/JW323/valid/two-clients-with-credit.xml",
        "2025-02-03",
        ("--id", "GOLD4"),
    ),
    "gds-insurer": (
        "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml",
        "2026-11-23",
        ("--decisions", str(FIXTURES / "gds/1.0/decisions/ggz-partly-granted.toml")),
    ),
    "gds-vecozo": (
        "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
        "2026-11-23",
        ("--responder", "vecozo"),
    ),
    "bm-cak": (
        "bm/2.0/BM801/valid/net-credit-total.xml",
        "2026-11-23",
        ("--decisions", str(ANSWERS / "decisions" / "bm-reject-bo-0002.toml")),
    ),
    "bm-vecozo": (
        "bm/2.0/chain/flow3-every-rejection.xml",
        "2026-11-23",
        ("--responder", "vecozo"),
    ),
}

FORMATS = ("text", "json", "html")


def _compare(name: str, produced: str) -> None:
    target = GOLDEN / name
    if os.environ.get("EI_UPDATE_GOLDEN") == "1":
        target.write_text(produced, encoding="utf-8")
    assert target.is_file(), f"no golden file {name}: run with EI_UPDATE_GOLDEN=1"
    assert produced == target.read_text(encoding="utf-8")


def _answer(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    source, as_of, extra = CASES[case]
    out = tmp_path / f"{case}.xml"
    code = main(["return", str(FIXTURES / source), "--as-of", as_of, "-o", str(out), *extra])
    printed = capsys.readouterr().out
    assert code == 0, printed
    return out, printed.replace(str(out), "ANSWER.xml")


@pytest.mark.parametrize("case", sorted(CASES))
def test_answer_and_return_summary_equal_their_golden_files(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The answer ``ei return`` writes and the summary it prints are the committed bytes."""
    out, printed = _answer(case, tmp_path, capsys)
    _compare(f"{case}.answer.xml", out.read_text(encoding="utf-8"))
    _compare(f"{case}.return.txt", printed)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_explanation_equals_its_golden_file(
    case: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei diff`` of the written answer against its request, per format, is the committed text."""
    out, _ = _answer(case, tmp_path, capsys)
    request = FIXTURES / CASES[case][0]
    code = main(["diff", "--format", fmt, str(request), str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    _compare(f"{case}.explain.{fmt}", printed)


def test_foutbericht_equals_its_golden_file() -> None:
    """VECOZO's foutbericht for a not well-formed message (STB flow 2) is the committed XML."""
    import eistandaard
    from eistandaard.conventions.vektis.bm import build_foutbericht

    request = FIXTURES / "bm/2.0/chain/flow2-not-well-formed.xml"
    # named as a user names it, so the golden file holds no path of this checkout
    report = eistandaard.validate(
        request.read_bytes(), name=request.name, as_of=dt.date(2026, 11, 23)
    )
    errors = [f for f in report.findings if f.severity.value == "error"]
    assert errors, "the fixture must fail level 1"
    data = build_foutbericht(report, errors, datum=dt.date(2026, 11, 23))
    _compare("flow2-not-well-formed.foutbericht.xml", data.decode("utf-8"))
