"""Batch mode of ``ei validate``: --jobs, --quiet, --exclude, hidden folders, entry points."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from tests.conftest import FIXTURES, ROOT

from eistandaard.cli.inputs import collect, excluded
from eistandaard.cli.main import main
from eistandaard.core.errors import SourceNotFoundError
from eistandaard.parallel import BatchOptions, validate_many

BATCH = (
    "iwmo/3.2/WMO323/valid/basis.xml",
    "iwmo/3.2/WMO323/invalid/cs337-two-months.xml",
    "iwmo/3.2/WMO323/invalid/missing-bsn.xml",
    "ijw/3.2/JW323/invalid/tr101-same-bsn.xml",
    "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
    "bm/2.0/BM801/valid/net-credit-total.xml",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of six messages of four families, plus the noise a real folder holds."""
    for number, name in enumerate(BATCH):
        target = tmp_path / "out" / f"{number:02d}-{Path(name).name}"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(FIXTURES / name, target)
    for hidden in (".venv/lib/site.xml", ".git/x.xml", "out/.~lock.xml"):
        (tmp_path / hidden).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / hidden).write_bytes(b"<not a message/>")
    (tmp_path / "archief").mkdir()
    (tmp_path / "archief" / "old.xml").write_bytes(b"<not a message/>")
    return tmp_path


def _json(args: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> tuple[int, dict]:
    code = main(["validate", "--format", "json", "--as-of", "2026-11-23", *args])
    document = json.loads(capsysbinary.readouterr().out)
    for report in document["reports"]:
        report.pop("timings")
    return code, document


def test_jobs_give_the_same_reports_in_the_same_order(
    folder: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """--jobs 2 and --jobs 3 write the JSON of --jobs 1 (measured timings aside), same exit code."""
    args = ["--exclude", "archief", str(folder)]
    code1, one = _json(["--jobs", "1", *args], capsysbinary)
    code2, two = _json(["--jobs", "2", *args], capsysbinary)
    code3, three = _json(["--jobs", "3", *args], capsysbinary)
    assert code1 == code2 == code3 == 1
    assert one == two == three
    assert [Path(r["source"]).name[:2] for r in one["reports"]] == [
        "00",
        "01",
        "02",
        "03",
        "04",
        "05",
    ]
    assert one["summary"] == {"files": 6, "accepted": 2, "rejected": 4, "error": 0}


def test_no_timings_makes_jobs_byte_identical(
    folder: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """With --no-timings the JSON of --jobs 2 is byte for byte that of --jobs 1."""
    args = ["validate", "--format", "json", "--no-timings", "--as-of", "2026-11-23", str(folder)]
    assert main([*args, "--jobs", "1"]) == 1
    one = capsysbinary.readouterr().out
    assert main([*args, "--jobs", "2"]) == 1
    two = capsysbinary.readouterr().out
    assert one == two
    assert all(r["timings"] == {} for r in json.loads(one)["reports"])


def test_hidden_folders_are_skipped_unless_asked(folder: Path) -> None:
    """.venv, .git and hidden files are not walked into by default; --hidden takes them."""
    names = {p.name for p in collect([str(folder)]) if isinstance(p, Path)}
    assert "site.xml" not in names
    assert "x.xml" not in names
    assert ".~lock.xml" not in names
    assert "old.xml" in names
    with_hidden = {p.name for p in collect([str(folder)], hidden=True) if isinstance(p, Path)}
    assert {"site.xml", "x.xml", ".~lock.xml"} <= with_hidden


def test_exclude_matches_paths_names_and_folders(folder: Path) -> None:
    """A glob drops a folder by name, files by pattern, and a file named on the command line."""
    assert all("archief" not in p.parts for p in collect([str(folder)], exclude=["archief"]))  # type: ignore[union-attr]
    kept = collect([str(folder)], exclude=["*-cs337-*", "out/0[45]-*"])
    names = sorted(p.name for p in kept if isinstance(p, Path))
    assert names == ["00-basis.xml", "02-missing-bsn.xml", "03-tr101-same-bsn.xml", "old.xml"]
    one, other = folder / "out" / "00-basis.xml", folder / "out" / "02-missing-bsn.xml"
    assert collect([str(one), str(other)], exclude=["*basis*"]) == [other]
    assert excluded(Path("a/b/c.xml"), ["b"])
    assert not excluded(Path("a/bb/c.xml"), ["b"])


def test_exclude_matches_the_path_the_report_shows(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A glob of the path as the report shows it (below the working directory) excludes too.

    ``ei validate uitbox/`` names its files ``uitbox/archief/old.xml``; before, ``--exclude
    'uitbox/archief/*'`` (that path, copied from the report) matched nothing, as only the path
    below the folder was tried, and the archive was checked. A folder above the one given is
    still not matched by its name: ``--exclude uitbox`` does not empty ``uitbox/``.
    """
    (folder / "uitbox").mkdir()
    for name in ("out", "archief"):
        shutil.move(folder / name, folder / "uitbox" / name)
    monkeypatch.chdir(folder)

    def names(*globs: str) -> list[str]:
        found = collect(["uitbox/"], exclude=globs)
        return sorted(Path(p).relative_to("uitbox").as_posix() for p in found)

    everything = names()
    assert "archief/old.xml" in everything
    assert names("uitbox/archief/*") == [n for n in everything if not n.startswith("archief/")]
    assert names("uitbox/archief") == names("archief") == names("uitbox/archief/*")
    assert names("uitbox/out/0[1-5]-*") == ["archief/old.xml", "out/00-basis.xml"]
    assert names("uitbox") == everything
    absolute = collect([str(folder / "uitbox")], exclude=["uitbox/archief/*"])
    assert all("archief" not in Path(p).parts for p in absolute)


def test_a_folder_whose_every_message_is_excluded_says_so(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2 naming the globs, not "no *.xml files" for a folder that holds six messages.

    Before, ``--exclude '*.xml' out`` said there were no files to check in ``out``, which sent
    the user looking for missing files instead of at the glob.
    """
    for lang, words in (("nl", "sluit elk *.xml- en *.zip-bestand erin uit"),
                        ("en", "excludes every *.xml and *.zip file in it")):  # fmt: skip
        code = main(["validate", "--lang", lang, "--exclude", "0*", str(folder / "out")])
        err = capsys.readouterr().err
        assert code == 2
        assert words in err
        assert "0*" in err
    (folder / "empty").mkdir()
    assert main(["validate", "--lang", "en", "--exclude", "0*", str(folder / "empty")]) == 2
    assert "no *.xml or *.zip files to check" in capsys.readouterr().err


def test_quiet_shows_only_what_is_not_accepted(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--quiet: the rejected files and the summary line, no accepted file."""
    code = main(["validate", "--quiet", "--lang", "en", "--exclude", "archief", str(folder)])
    out = capsys.readouterr().out
    assert code == 1
    titles = [line.split()[0] for line in out.splitlines() if line and not line[0].isspace()]
    reported = [Path(t).name for t in titles if t.endswith(".xml")]
    assert "01-cs337-two-months.xml" in reported
    assert "00-basis.xml" not in reported
    assert "05-net-credit-total.xml" not in reported
    assert "6 files: 2 accepted, 4 rejected, 0 error" in out


def test_a_dead_worker_makes_the_verdict_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process that dies mid-run gives engine errors and exit 3, never a pass.

    This process checks the first item itself (the check spares it and fails instead); the
    forked child that checks the second is killed.
    """
    monkeypatch.setenv("EI_CRASH_SPARE_PID", str(os.getpid()))
    options = BatchOptions(checks=("tests.crash_check:die",), entry_points=False)
    items = sorted((folder / "out").glob("0[01]-*.xml"))
    reports = validate_many(items, options, jobs=2)
    assert [r.source for r in reports] == [str(p) for p in items]
    assert all(r.verdict.value == "error" for r in reports)
    assert reports[1].engine_errors == ("worker process died: was killed by signal SIGKILL",)
    code = main(["validate", "--jobs", "2", "--check", "tests.crash_check:die", *map(str, items)])
    assert code == 3


def test_a_worker_dying_mid_batch_fails_only_what_it_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child killed mid-batch: the items it held are errors, all others are still checked.

    The check kills the child on the message named ``kill-*.xml``, the first of the child's run
    (this process steals from the back of a run, so that item is always the child's); the items
    after it in the child's run are taken over by this process (work stealing), with their normal
    verdicts.
    """
    monkeypatch.setenv("EI_CRASH_SPARE_PID", str(os.getpid()))
    monkeypatch.setenv("EI_CRASH_ONLY", "kill-")
    names = [f"{n:02d}-basis.xml" for n in range(12)]
    names[6] = "06-kill-basis.xml"
    for name in names:
        shutil.copyfile(FIXTURES / BATCH[0], tmp_path / name)
    items = sorted(tmp_path.glob("*.xml"))
    options = BatchOptions(checks=("tests.crash_check:die_on",), entry_points=False)
    reports = validate_many(items, options, jobs=2)
    assert [r.source for r in reports] == [str(p) for p in items]
    died = [n for n, r in enumerate(reports) if r.engine_errors]
    assert 6 in died
    assert all(reports[n].engine_errors[0].startswith("worker process died") for n in died)
    assert set(died) <= set(range(6, 12))  # the child's run; it held at most two chunks
    checked = [r for n, r in enumerate(reports) if n not in died]
    assert len(checked) >= 6
    assert checked[0].verdict.value == "accepted"
    # the same message repeated: from the second on, a duplicate of the first (batch kept)
    assert all(r.verdict.value == "rejected" for r in checked[1:])


def test_jobs_below_one_is_a_usage_error(folder: Path) -> None:
    """--jobs 0 is refused with exit 2; the library refuses it too."""
    assert main(["validate", "--jobs", "0", str(folder)]) == 2
    with pytest.raises(ValueError, match="at least 1"):
        validate_many([], BatchOptions(), jobs=0)


def _ei(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "src"), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "eistandaard", *args],
        capture_output=True,
        env=environment,
        check=False,
        timeout=120,
    )


def test_python_m_eistandaard_and_version() -> None:
    """``python -m eistandaard --version`` names the program and the version, in ``--lang``."""
    import eistandaard

    done = _ei("--version")
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"ei, versie {eistandaard.__version__}"
    english = _ei("--lang", "en", "--version")
    assert english.stdout.decode().strip() == f"ei, version {eistandaard.__version__}"


def test_no_color_is_honoured() -> None:
    """With FORCE_COLOR the verdict is red; NO_COLOR removes every colour code."""
    path = str(FIXTURES / BATCH[2])
    coloured = _ei("validate", path, env={"FORCE_COLOR": "1"})
    plain = _ei("validate", path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert coloured.returncode == plain.returncode == 1
    assert b"\x1b[1;31m" in coloured.stdout
    assert b"31m" not in plain.stdout
    assert b"36m" not in plain.stdout
    assert b"afgekeurd" in plain.stdout


def test_pre_commit_hook_definition() -> None:
    """.pre-commit-hooks.yaml defines an ``ei validate`` hook over XML files."""
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "ei-validate")
    assert hook["entry"].split()[:2] == ["ei", "validate"]
    assert hook["language"] == "python"
    assert hook["files"] == r"(?i)\.xml$"
    assert "--quiet" in hook["entry"]


def test_uniqueness_across_the_batch_is_the_same_with_jobs(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A message repeated in a batch is a duplicate of the first whatever --jobs says."""
    names = [BATCH[0], BATCH[3], BATCH[0], BATCH[5], BATCH[3], BATCH[5]]
    for number, name in enumerate(names):
        shutil.copyfile(FIXTURES / name, tmp_path / f"{number:02d}-{Path(name).name}")
    args = ["validate", "--format", "json", "--no-timings", "--as-of", "2026-11-23", str(tmp_path)]
    assert main([*args, "--jobs", "1"]) == 1
    one = capsysbinary.readouterr().out
    assert main([*args, "--jobs", "3"]) == 1
    three = capsysbinary.readouterr().out
    assert one == three
    reports = json.loads(one)["reports"]
    first, again = reports[0], reports[2]
    assert first["verdict"] == "accepted"
    assert again["verdict"] == "rejected"
    assert any("00-basis.xml" in (f["details"] or "") for f in again["findings"])


def test_the_first_input_error_in_order_is_raised_whatever_the_jobs() -> None:
    """Two missing files: ``jobs=2`` raises the error of the first, as one process does.

    The second is checked by the forked child, possibly before the first.
    """
    good = FIXTURES / BATCH[0]
    items = [good, Path("/nonexistent/a.xml"), good, good, good, Path("/nonexistent/b.xml")]
    for jobs in (1, 2):
        with pytest.raises(SourceNotFoundError, match=r"a\.xml"):
            validate_many(items, BatchOptions(entry_points=False), jobs=jobs)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fifo_first_in_a_run_does_not_hang_the_head_start(tmp_path: Path, jobs: str) -> None:
    """A FIFO as the first item of this process's run or of a child's: EI109, no hang.

    The SaxonC head start reads the first message of each run ahead; it must leave anything
    but a regular file to level 1 (a FIFO would block the read for ever).
    """
    os.mkfifo(tmp_path / "00-pijp.xml")
    shutil.copyfile(FIXTURES / BATCH[0], tmp_path / "01-basis.xml")
    os.mkfifo(tmp_path / "02-pijp.xml")
    shutil.copyfile(FIXTURES / BATCH[0], tmp_path / "03-basis.xml")
    done = _ei("validate", "--jobs", jobs, "--format", "json", "--no-plugins", str(tmp_path))
    assert done.returncode == 1, done.stderr
    reports = json.loads(done.stdout)["reports"]
    assert [r["verdict"] for r in reports] == ["rejected", "accepted", "rejected", "rejected"]
    assert [f["code"] for f in reports[0]["findings"]] == ["EI109"]


def test_with_another_thread_running_a_process_pool_gives_the_same_reports(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thread in this process rules out forking: a pool from a fork server does the work.

    The reports (timings aside) and their order are those of one process.
    """
    import eistandaard.parallel as parallel

    pooled: list[int] = []
    real = parallel._pooled

    def spy(*args: Any) -> Any:
        pooled.append(args[2])
        return real(*args)

    monkeypatch.setattr(parallel, "_pooled", spy)
    items = sorted((folder / "out").glob("*.xml"))
    options = BatchOptions(entry_points=False)
    one = [attrs.evolve(r, timings={}, message=None) for r in validate_many(items, options)]
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait, daemon=True)
    waiting.start()
    try:
        assert threading.active_count() > 1
        two = [attrs.evolve(r, timings={}) for r in validate_many(items, options, jobs=2)]
    finally:
        stop.set()
        waiting.join()
    assert pooled == [2]
    assert two == one
