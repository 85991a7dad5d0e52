"""``ei`` started with a standard stream closed (``2>&-``, ``>&-``, ``<&-``): no wrong verdict.

Kind: with descriptor 0, 1 or 2 closed, the first pipe ``ei`` opens takes its number. A closed
standard error gave the rule engine's worker a pipe as its log (the verdict became "error",
and the exit code 1 from an exit that could not print); a closed standard output or input was
an ``AttributeError`` on ``None``. Each is run as a shell would start it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
VALID = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
TWO = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
REQUEST = FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml"


def _ei(args: list[str], closed: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``ei ARGS`` through ``sh`` with the redirection ``closed`` (``2>&-`` and the like).

    Standard output and error that are not closed go to files, read back as text.
    """
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    words = " ".join(f"'{arg}'" for arg in args)
    redirect = " ".join(
        part
        for part, fd in ((f">'{out}'", ">&-"), (f"2>'{err}'", "2>&-"))
        if fd not in closed.split()
    )
    script = f"exec '{sys.executable}' -m eistandaard {words} {redirect} {closed}"
    done = subprocess.run(
        ["sh", "-c", script],
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    return subprocess.CompletedProcess(args, done.returncode, _text(out), _text(err))


def _text(path: Path) -> str:
    """The text of ``path``, or nothing when the run did not create it."""
    return path.read_text("utf-8", "replace") if path.exists() else ""


def test_closed_stderr_keeps_a_valid_message_accepted(tmp_path: Path) -> None:
    """``ei validate valid.xml 2>&-``: accepted, exit 0 (was "fout", the engine's worker gone)."""
    done = _ei(["validate", str(VALID)], "2>&-", tmp_path)
    assert done.returncode == 0, done.stdout
    assert "goedgekeurd" in done.stdout
    assert "fout" not in done.stdout.split("\n")[0]


def test_closed_stderr_return_writes_the_answer(tmp_path: Path) -> None:
    """``ei return -o`` with standard error closed writes the answer and exits 0."""
    done = _ei(["return", str(REQUEST), "-o", "cl.xml", "--as-of", "2026-11-30"], "2>&-", tmp_path)
    assert done.returncode == 0, done.stdout
    assert (tmp_path / "cl.xml").is_file()


def test_library_with_closed_stderr_runs_its_rules(tmp_path: Path) -> None:
    """The library itself (no ``ei`` start-up) keeps the rule engine's pipes off descriptor 2."""
    script = (
        "import sys; from eistandaard import validate; "
        f"print(validate({str(VALID)!r}).verdict.value)"
    )
    done = subprocess.run(
        ["sh", "-c", f"exec '{sys.executable}' -c \"{script}\" 2>&-"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stdout.strip() == "accepted", done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(VALID)],
        ["validate", "--format", "json", str(VALID)],
        ["diff", str(TWO), str(FIXTURES / "golden/two-clients-with-credit.WMO325.xml")],
        ["--lang", "en", "validate", str(VALID)],
    ],
    ids=["validate", "validate-json", "diff", "validate-en"],
)
def test_closed_stdout_is_one_line_and_exit_3(args: list[str], tmp_path: Path) -> None:
    """``ei validate x >&-``: the output cannot be written: one line on stderr, exit 3."""
    done = _ei(args, ">&-", tmp_path)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    word = "standard output is closed" if "en" in args else "standaarduitvoer is gesloten"
    assert word in lines[0]


def test_closed_stdout_with_output_file_writes_it(tmp_path: Path) -> None:
    """``ei return X -o cl.xml >&-``: answer written, exit 0 as usual (was an engine error)."""
    args = ["return", str(REQUEST), "-o", "cl.xml", "--as-of", "2026-11-30"]
    done = _ei(args, ">&-", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "cl.xml").is_file()


def test_closed_stdout_validate_to_file(tmp_path: Path) -> None:
    """``ei validate --format junit -o j.xml x >&-`` writes the report, exit by verdict."""
    done = _ei(["validate", "--format", "junit", "-o", "j.xml", str(VALID)], ">&-", tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "j.xml").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "-"],
        ["return", "-", "-o", "x.xml"],
        ["diff", "-", str(VALID)],
        ["chain", "-"],
        ["envelope", "build", "-"],
    ],
    ids=["validate", "return", "diff", "chain", "envelope"],
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_closed_stdin_is_a_usage_line(args: list[str], lang: str, tmp_path: Path) -> None:
    """Reading ``-`` with standard input closed: one usage line in --lang, exit 2."""
    done = _ei([*args, "--lang", lang], "<&-", tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    expected = "standard input is closed" if lang == "en" else "standaardinvoer is gesloten"
    assert expected in lines[0]
    assert not (tmp_path / "x.xml").exists()
