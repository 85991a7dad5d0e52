"""``--exclude`` and the hidden check see only what lies below each path given (``ei validate``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from tests.conftest import FIXTURES

from eistandaard.cli.inputs import collect
from eistandaard.cli.main import main

MESSAGE = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
REJECTED = FIXTURES / "iwmo" / "3.2" / "WMO323" / "invalid" / "missing-bsn.xml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project below a hidden folder (``.cache/proj``): a message, one in ``sub/``, noise."""
    root = tmp_path / "home" / ".cache" / "proj"
    (root / "sub").mkdir(parents=True)
    (root / ".venv").mkdir()
    shutil.copyfile(MESSAGE, root / "a.xml")
    shutil.copyfile(MESSAGE, root / "sub" / "b.xml")
    (root / ".venv" / "site.xml").write_bytes(b"<not a message/>")
    return root


def _names(found: list[str | Path], root: Path) -> list[str]:
    return sorted(Path(p).absolute().relative_to(root).as_posix() for p in found)


@pytest.mark.parametrize("glob", ["tmp", "*cache*", "t*/*", "*home*", "*proj*", "proj"])
def test_a_glob_never_matches_the_folders_of_the_folder_given(
    glob: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from ``/``: a glob that matches only the folder's own path excludes nothing.

    Before, the path as the report shows it (below the working directory, so the whole path
    with ``/`` as working directory) was tried with ``fnmatch``, whose ``*`` crosses ``/``:
    ``--exclude 't*/*'`` emptied every folder below ``/tmp`` (exit 2, nothing to check).
    """
    monkeypatch.chdir("/")
    assert _names(collect([str(project)], exclude=[glob]), project) == ["a.xml", "sub/b.xml"]


def test_a_glob_below_the_folder_still_excludes_from_slash(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from ``/``: the path below the folder, and the path the report shows, still exclude."""
    monkeypatch.chdir("/")
    shown = str(project).lstrip("/")
    for glob in ("sub", "sub/*", "*/b.xml", f"{shown}/sub/*", f"{project}/sub", f"{project}/s*"):
        assert _names(collect([str(project)], exclude=[glob]), project) == ["a.xml"], glob


def test_the_hidden_check_sees_only_what_lies_below_the_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder given inside ``.cache`` is searched; its own ``.venv`` is still skipped."""
    for here in ("/", str(project.parent)):
        monkeypatch.chdir(here)
        assert _names(collect([str(project)]), project) == ["a.xml", "sub/b.xml"]
    monkeypatch.chdir(project.parent)
    assert _names(collect(["proj"]), project) == ["a.xml", "sub/b.xml"]
    assert _names(collect(["proj"], hidden=True), project) == [
        ".venv/site.xml",
        "a.xml",
        "sub/b.xml",
    ]


def test_a_file_named_is_never_skipped_as_hidden(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``.venv/site.xml`` or ``.x.xml`` named on the command line is checked, no ``--hidden``."""
    shutil.copyfile(MESSAGE, project / ".x.xml")
    monkeypatch.chdir(project)
    assert collect([".venv/site.xml", ".x.xml"]) == [Path(".venv/site.xml"), Path(".x.xml")]


def test_a_file_named_absolutely_from_slash_is_matched_by_its_name(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """From ``/``, ``--exclude tmp /tmp/.../x.xml`` checks the file (exit 1), never skips it.

    Before, its path below ``/`` (every folder of it) was matched, and the rejected message
    was excluded: exit 2, "nothing to check".
    """
    message = project / "rejected.xml"
    shutil.copyfile(REJECTED, message)
    monkeypatch.chdir("/")
    assert (
        main(["validate", "--lang", "en", "--exclude", "tmp", "--exclude", "*cache*", str(message)])
        == 1
    )
    assert "rejected" in capsys.readouterr().out
    with pytest.raises(click.UsageError):  # its name still excludes it: nothing left to check
        collect([str(message)], exclude=["rejected.*"])
