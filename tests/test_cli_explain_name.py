"""`ei explain` is `ei diff` under the library's name (eistandaard.explain): the same output."""

from __future__ import annotations

from pathlib import Path

import pytest

from eistandaard.cli.main import main

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "breaker"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_ei_explain_answers_as_ei_diff(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 325 that `ei return` writes for a 323, explained by both names: byte for byte alike."""
    request = HERE / "wmo323-answered.xml"
    answer = tmp_path / "WMO325.xml"
    assert main(["return", str(request), "-o", str(answer), "--as-of", "2026-11-23"]) == 0
    capsys.readouterr()
    by_name = {}
    for command in ("diff", "explain"):
        code = main([command, str(request), str(answer), "--format", fmt])
        by_name[command] = (code, capsys.readouterr().out)
    assert by_name["diff"][0] == 0
    assert by_name["explain"] == by_name["diff"]
    assert by_name["explain"][1]  # something was said
