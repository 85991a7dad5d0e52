"""A code that a newer code list (``--codelist``) no longer holds: no answer, never an engine error.

In the iStandaarden the code lists are enumerations of the schema, so such a code fails the
receiver's schema and no class of the 325 or of a retour (IV028 / IV032) can carry it. The
command says so (exit 1) instead of stopping with an engine error (exit 3).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard import build_return, validate
from eistandaard.cli.main import main
from eistandaard.core.findings import Finding, Level, Severity
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.resources import data_dir

CASES = [
    # request, code list, the code the request uses that the newer list drops
    ("iwmo/3.2/WMO301/valid/complete.xml", "WMO757", "2"),
    ("iwmo/3.2/WMO323/valid/two-clients-with-credit.xml", "WJ756", "04"),
]


def _newer_list(tmp_path: Path, name: str, dropped: str) -> Path:
    """The bundled list ``name`` without the row of ``dropped``: a newer list of the receiver."""
    source = data_dir("rbc") / "istandaarden" / "3.2" / "codelists" / f"{name}.csv"
    rows = source.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [row for row in rows if not row.startswith(f"{dropped},")]
    assert len(kept) == len(rows) - 1, f"{dropped} is not a code of the bundled {name}"
    target = tmp_path / f"{name}.csv"
    target.write_text("".join(kept), encoding="utf-8")
    return target


@pytest.mark.parametrize(("request_path", "name", "dropped"), CASES)
def test_cli_writes_no_answer(tmp_path: Path, request_path: str, name: str, dropped: str) -> None:
    """``ei return`` with the newer list: exit 1, the finding shown, nothing written."""
    newer = _newer_list(tmp_path, name, dropped)
    out = tmp_path / "answer.xml"
    code = main(
        ["return", str(FIXTURES / request_path), "-o", str(out), "--codelist", f"{name}={newer}"]
    )
    assert code == 1
    assert not out.exists()


@pytest.mark.parametrize(("request_path", "name", "dropped"), CASES)
def test_api_gives_no_answer(tmp_path: Path, request_path: str, name: str, dropped: str) -> None:
    """``build_return`` on the report made with the newer list: outcome ``no-answer``, no bytes."""
    newer = _newer_list(tmp_path, name, dropped)
    lists = CodeLists(overrides={name: newer})
    source = FIXTURES / request_path
    report = validate(source, codelists=lists, as_of=dt.date(2026, 3, 1))
    assert any(f.code == "EI401" for f in report.findings), report.findings
    result = build_return(source, report, codelists=lists, date="2026-03-01")
    assert result.outcome.value == "no-answer"
    assert result.message is None


def test_stops_answer() -> None:
    """Levels 1-2 stop an answer; an own code-list finding without retourcode too; others not."""

    def make(level: Level, code: str, retourcode: str | None = None) -> Finding:
        return Finding(level=level, code=code, text_nl="t", text_en="t", retourcode=retourcode)

    assert make(Level.STRUCTURE, "EI201").stops_answer
    assert make(Level.REFERENTIAL, "EI401").stops_answer
    assert not make(Level.REFERENTIAL, "EI401", "1234").stops_answer  # carried by its class
    assert not make(Level.REFERENTIAL, "TR381").stops_answer
    assert not make(Level.RELATION, "TR101").stops_answer
    warning = Finding(
        level=Level.STRUCTURE, code="EI201", text_nl="t", text_en="t", severity=Severity.WARNING
    )
    assert not warning.stops_answer
