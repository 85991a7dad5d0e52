"""Batch mode of ``ei validate`` as a user meets it: --quiet, progress bar, pre-commit, --jobs.

Issue 15 item 2: ``--quiet`` (only the files that are not accepted, and the summary), notes once
per batch, ``--jobs N`` (default: the number of cores), a progress bar on a terminal only, and a
``.pre-commit-hooks.yaml`` hook that runs ``ei validate`` on the staged ``*.xml`` files.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT

from eistandaard.cli import validate_cmd
from eistandaard.cli.main import main

WMO323 = FIXTURES / "iwmo/3.2/WMO323"
REJECTED_AT_LEVEL_3 = ("cs337-two-months.xml", "tr101-same-bsn.xml", "cd087-tarief-missing.xml")
"""Rejected after level 3 ran: each holds the same notes on the rules that did not run."""
ACCEPTED = "basis.xml"
NOTE = re.compile(
    r"^\s*(?:note|opmerking): (.*?)"
    r"(?: \[(?:all files|alle bestanden|\d+ (?:of|van) \d+ (?:files|bestanden))\])?$"
)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """Three rejected WMO323 messages that share notes, and one accepted one."""
    for name in REJECTED_AT_LEVEL_3:
        shutil.copyfile(WMO323 / "invalid" / name, tmp_path / name)
    shutil.copyfile(WMO323 / "valid" / ACCEPTED, tmp_path / ACCEPTED)
    return tmp_path


def _titles(out: str) -> list[str]:
    """The names of the files the text output gives a block (a title line at column 0)."""
    return [Path(line.split()[0]).name for line in out.splitlines() if line.startswith("/")]


def _notes(out: str) -> list[str]:
    return [match.group(1) for line in out.splitlines() if (match := NOTE.match(line))]


def test_quiet_prints_each_shared_note_once(
    batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--quiet keeps "notes once per batch": a note three rejected files share is printed once."""
    code = main(["validate", "--quiet", "--as-of", "2026-11-23", str(batch)])
    out = capsys.readouterr().out
    assert code == 1
    notes = _notes(out)
    assert notes, "the batch should hold notes: the test would prove nothing"
    assert len(notes) == len(set(notes)), "a note is repeated per file"
    assert "opmerkingen bij de batch (4 bestanden):" in out  # the default language, Dutch
    assert sorted(_titles(out)) == sorted(REJECTED_AT_LEVEL_3)  # not the accepted one
    assert out.rstrip().endswith("4 bestanden: 1 goedgekeurd, 3 afgekeurd, 0 fout")


def test_quiet_shows_the_same_notes_as_the_full_output(
    batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--quiet leaves out accepted files, not the notes of the rejected ones."""
    main(["validate", "--as-of", "2026-11-23", "--lang", "en", str(batch)])
    full = capsys.readouterr().out
    main(["validate", "--quiet", "--as-of", "2026-11-23", "--lang", "en", str(batch)])
    quiet = capsys.readouterr().out
    assert set(_notes(quiet)) == set(_notes(full))
    assert len(quiet.splitlines()) < len(full.splitlines())


def test_quiet_single_rejected_file_keeps_its_own_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One file under --quiet: its notes stay with it (no batch block) and the summary closes."""
    path = WMO323 / "invalid" / REJECTED_AT_LEVEL_3[0]
    assert main(["validate", "--quiet", "--as-of", "2026-11-23", str(path)]) == 1
    out = capsys.readouterr().out
    assert _notes(out)
    assert "opmerkingen bij de batch" not in out
    assert out.rstrip().endswith("1 bestand: 0 goedgekeurd, 1 afgekeurd, 0 fout")


def _stderr_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run ``python -m eistandaard`` with its standard error on a pseudo-terminal."""
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:  # the terminal closed: the process ended
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "src"), COLUMNS="100", TERM="xterm")
    environment.pop("NO_COLOR", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "eistandaard", *args],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            stdin=subprocess.DEVNULL,
            env=environment,
            check=False,
            timeout=300,
        )
    finally:
        os.close(follower)
    reader.join(timeout=30)
    os.close(leader)
    return done.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(batch: Path) -> None:
    """A terminal gets a progress bar (controleren N/M) on stderr; --quiet and a pipe get none."""
    code, terminal = _stderr_on_a_terminal("validate", "--jobs", "1", str(batch))
    assert code == 1
    assert "controleren" in terminal
    assert re.search(r"\d/4", terminal), terminal
    code, quiet = _stderr_on_a_terminal("validate", "--quiet", "--jobs", "1", str(batch))
    assert code == 1
    assert "controleren" not in quiet
    piped = subprocess.run(
        [sys.executable, "-m", "eistandaard", "validate", "--jobs", "1", str(batch)],
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
        check=False,
        timeout=300,
    )
    assert piped.returncode == 1
    assert b"controleren" not in piped.stderr
    assert b"controleren" not in piped.stdout


def test_jobs_default_to_the_number_of_cores(
    batch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --jobs the batch runs in as many workers as the machine has cores."""
    asked: list[int] = []
    real = validate_cmd.validate_many

    def spy(*args: object, **kwargs: object) -> object:
        asked.append(kwargs["jobs"])  # type: ignore[arg-type]  # recorded, passed on unchanged
        return real(*args, **kwargs)  # type: ignore[arg-type]  # the real signature

    monkeypatch.setattr(validate_cmd, "validate_many", spy)
    monkeypatch.setattr(validate_cmd, "default_jobs", lambda: 3)
    assert main(["validate", "--quiet", str(batch)]) == 1
    assert main(["validate", "--quiet", "--jobs", "2", str(batch)]) == 1
    capsys.readouterr()
    assert asked == [3, 2]


def _hook() -> dict[str, object]:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook: dict[str, object] = next(h for h in hooks if h["id"] == "ei-validate")
    return hook


def _as_pre_commit_runs_it(staged: list[Path]) -> tuple[int, list[Path]]:
    """The hook's entry with the staged files its ``files`` pattern selects appended."""
    hook = _hook()
    pattern = re.compile(str(hook["files"]))
    chosen = [path for path in staged if pattern.search(path.as_posix())]
    entry = str(hook["entry"]).split()
    assert entry[0] == "ei"
    return main([*entry[1:], *map(str, chosen)]), chosen


def test_pre_commit_hook_takes_a_staged_message_in_upper_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r"""A staged ``FOUT.XML`` is checked, as ``ei validate FOLDER`` finds it (any case).

    The hook's ``files`` was ``\.xml$``: pre-commit never passed ``FOUT.XML`` to the hook, so a
    rejected message in upper case passed the commit that the same folder's check rejects.
    """
    rejected = tmp_path / "FOUT.XML"
    shutil.copyfile(WMO323 / "invalid" / "missing-bsn.xml", rejected)
    code, chosen = _as_pre_commit_runs_it([rejected])
    assert chosen == [rejected]
    assert code == 1
    assert _titles(capsys.readouterr().out) == ["FOUT.XML"]
    assert main(["validate", "--quiet", str(tmp_path)]) == 1  # the folder's check agrees


def test_pre_commit_hook_fails_the_commit_on_a_rejected_staged_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hook checks staged *.xml only: a rejected one fails it (exit 1) and is named."""
    valid = tmp_path / "goed.xml"
    rejected = tmp_path / "fout.xml"
    notes = tmp_path / "README.txt"
    shutil.copyfile(WMO323 / "valid" / ACCEPTED, valid)
    shutil.copyfile(WMO323 / "invalid" / "missing-bsn.xml", rejected)
    notes.write_text("not a message", encoding="utf-8")
    code, chosen = _as_pre_commit_runs_it([valid, rejected, notes])
    out = capsys.readouterr().out
    assert chosen == [valid, rejected]
    assert code == 1
    assert "fout.xml" in out
    assert _titles(out) == ["fout.xml"]  # --quiet: accepted files are not listed
    code, _ = _as_pre_commit_runs_it([valid, notes])
    assert code == 0
    assert "1 bestand: 1 goedgekeurd" in capsys.readouterr().out


def test_batch_lines_speak_the_language_of_the_findings(
    batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shared-notes block and the summary follow --lang like the findings (no mixed output).

    Dutch output closed with "4 files: 1 accepted, 3 rejected, 0 error" and "[2 of 4 files]";
    each language now uses only its own words for the batch lines.
    """
    main(["validate", "--as-of", "2026-11-23", "--lang", "nl", str(batch)])
    dutch = capsys.readouterr().out
    main(["validate", "--as-of", "2026-11-23", "--lang", "en", str(batch)])
    english = capsys.readouterr().out
    assert dutch.rstrip().endswith("4 bestanden: 1 goedgekeurd, 3 afgekeurd, 0 fout")
    assert "opmerkingen bij de batch (4 bestanden):" in dutch
    assert not any(word in dutch for word in (" files", " accepted", " rejected"))
    assert english.rstrip().endswith("4 files: 1 accepted, 3 rejected, 0 error")
    assert "notes for the batch (4 files):" in english
    assert not any(word in english for word in ("bestand", "goedgekeurd", "afgekeurd"))
