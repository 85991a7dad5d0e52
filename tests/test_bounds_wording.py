"""Errors of bounds and other arguments that reach users are worded in Dutch and English.

``core/bounds`` raised English ``ValueError`` texts; a Dutch run showed them in English. They
are texts of ``rbc/common/errors.toml`` now, raised as ``InputError`` (still a ``ValueError``).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from tests.conftest import ROOT
from tests.messages import valid_fixture

import eistandaard
from eistandaard.core.bounds import Bounds
from eistandaard.core.errors import InputError
from eistandaard.core.findings import Finding
from eistandaard.levels.checks import ParsedMessage

AS_OF = "2026-11-23"


@pytest.mark.parametrize(
    ("arguments", "dutch"),
    [
        ({"seconds": 0}, "de tijdgrens moet een aantal seconden boven 0"),
        ({"seconds": 2e6}, "ten hoogste 1e+06"),
        ({"seconds": "soon"}, 'niet "soon"'),
        ({"seconds": None}, "de tijdgrens moet"),
        ({"memory": 0}, "de geheugengrens moet een positief aantal bytes zijn"),
        ({"memory": True}, "de geheugengrens moet"),
    ],
)
def test_a_bound_that_cannot_be_used_is_worded_in_both_languages(
    arguments: dict[str, object], dutch: str
) -> None:
    """``Bounds(seconds=0)``: an ``InputError`` (a ``ValueError``) whose Dutch text is Dutch."""
    with pytest.raises(InputError) as caught:
        Bounds(**arguments)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert dutch in caught.value.text("nl")
    assert "bound" in str(caught.value)


def test_validate_passes_the_dutch_of_a_bad_bound_on() -> None:
    """``validate(timeout=-1)``: the reason knows its Dutch (before: English in a Dutch line)."""
    with pytest.raises(InputError) as caught:
        eistandaard.validate(b"<a/>", timeout=-1)
    assert caught.value.text("nl").startswith("de tijdgrens moet")


def test_the_rapport_of_two_reports_is_refused_in_both_languages() -> None:
    """``render("rapport", [a, b])``: one reason in Dutch and English, not an English literal."""
    from eistandaard.render.rapport import render_rapport
    from eistandaard.render.registry import RenderOptions

    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF, levels=[1, 2])
    with pytest.raises(InputError) as caught:
        render_rapport([report, report], RenderOptions())
    assert "precies één bericht, niet 2" in caught.value.text("nl")


def test_jobs_below_one_is_refused_in_both_languages() -> None:
    """``validate_many(..., jobs=0)``: ``jobs moet minstens 1 zijn``."""
    from eistandaard.parallel import BatchOptions, validate_many

    with pytest.raises(InputError) as caught:
        validate_many([valid_fixture("iwmo", "WMO323")], BatchOptions(), jobs=0)
    assert caught.value.text("nl") == "jobs moet minstens 1 zijn, niet 0"


def _code_a_number(_message: ParsedMessage) -> list[Finding]:
    """A plug-in whose finding's code is a number: not plain data."""
    return [Finding(level=5, code=5, text_nl="een", text_en="one")]  # type: ignore[arg-type]


def test_a_finding_of_a_plug_in_that_is_not_plain_is_said_in_dutch() -> None:
    """A plug-in's finding with ``code=5``: the engine error's reason is Dutch under nl too."""
    report = eistandaard.validate(
        valid_fixture("iwmo", "WMO323"), checks=[_code_a_number], entry_points=False, as_of=AS_OF
    )
    assert str(report.verdict) == "error"
    said = [e.text("nl") for e in report.engine_errors]  # type: ignore[attr-defined]
    assert any("zijn code is int, geen tekst" in text for text in said), said


@pytest.mark.parametrize("option", ["--timeout", "--queue-timeout"])
def test_serve_refuses_a_time_out_past_the_largest_bound(option: str) -> None:
    """``ei serve --timeout 1e300``: one usage line, exit 2 (before: the service started)."""
    done = subprocess.run(
        [sys.executable, "-m", "eistandaard", "serve", "--port", "0", option, "1e300"],
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "1e+300" in done.stderr
