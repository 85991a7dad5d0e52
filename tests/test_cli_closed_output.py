"""A reader that quits early (``ei ... | head -1``): one clear line, exit 3, no "internal error".

Kind: click turns an EPIPE on standard output into ``sys.exit(1)``; ``ei`` reported that as
``ei: internal error: SystemExit(1)``, an internal token, for every command that prints. A cut
output is a failed write (exit 3, README), said in words.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
REQUEST = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
RETOUR_REQUEST = FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml"


def _run_with_closed_stdout(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``ei ARGS`` with a standard output whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader quit: every write is EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "eistandaard.cli.main", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
            timeout=300,
            check=False,
        )
    finally:
        os.close(write_end)
    return done.returncode, done.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(REQUEST)],
        ["validate", "--format", "json", str(REQUEST)],
        ["return", str(RETOUR_REQUEST), "-o", "retour.xml", "--as-of", "2026-11-30"],
        ["return", str(REQUEST), "-o", "antwoord.xml", "--as-of", "2024-04-10"],
        ["diff", str(REQUEST), str(FIXTURES / "golden/two-clients-with-credit.WMO325.xml")],
    ],
    ids=["validate-text", "validate-json", "return-302", "return-325", "diff"],
)
def test_closed_standard_output_is_one_line_and_exit_3(args: list[str], tmp_path: Path) -> None:
    """Exit 3 (a failed write), one line naming the broken pipe, no traceback or internal token."""
    code, err = _run_with_closed_stdout(args, tmp_path)
    assert code == 3, err
    assert "broken pipe" in err.lower()
    assert "internal error" not in err
    assert "SystemExit" not in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
