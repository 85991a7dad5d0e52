"""`--format github` and `--format sarif` name files as the CI checkout does.

GitHub places an annotation or a code-scanning result by its path relative to the checkout
($GITHUB_WORKSPACE), also when the step runs in a subfolder or is given absolute paths. Without
$GITHUB_WORKSPACE the paths are relative to the current directory. SARIF says so with
``uriBaseId`` ``%SRCROOT%`` and ``originalUriBaseIds``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard.cli.main import main

MESSAGE = FIXTURES / "iwmo" / "3.2" / "WMO323" / "invalid" / "missing-bsn.xml"
"""A WMO323 that fails its XSD: one EI201 finding to annotate."""


def _checkout(tmp_path: Path) -> tuple[Path, Path]:
    """A checkout with the message in ``sub/missing-bsn.xml``; returns (checkout, message)."""
    workspace = tmp_path / "checkout"
    (workspace / "sub").mkdir(parents=True)
    message = workspace / "sub" / "missing-bsn.xml"
    shutil.copyfile(MESSAGE, message)
    return workspace, message


def _github(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", "--format", "github", *argv]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=")
    return first.split("file=", 1)[1].split(",", 1)[0]


def _sarif(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, str], str]:
    assert main(["validate", "--format", "sarif", *argv]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    return location, run["originalUriBaseIds"]["%SRCROOT%"]["uri"]


@pytest.mark.parametrize("given", ["relative", "absolute"])
def test_paths_relative_to_github_workspace(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    given: str,
) -> None:
    """Run in checkout/sub with $GITHUB_WORKSPACE=checkout: the file is sub/missing-bsn.xml."""
    workspace, message = _checkout(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    monkeypatch.chdir(workspace / "sub")
    argv = [message.name if given == "relative" else str(message)]
    assert _github(argv, capsys) == "sub/missing-bsn.xml"
    location, root = _sarif(argv, capsys)
    assert location == {"uri": "sub/missing-bsn.xml", "uriBaseId": "%SRCROOT%"}
    assert root == workspace.as_uri() + "/"


def test_paths_relative_to_the_current_directory_without_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No $GITHUB_WORKSPACE: an absolute path under the current directory becomes relative."""
    workspace, message = _checkout(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(workspace)
    assert _github([str(message)], capsys) == "sub/missing-bsn.xml"
    location, root = _sarif([str(message)], capsys)
    assert location == {"uri": "sub/missing-bsn.xml", "uriBaseId": "%SRCROOT%"}
    assert root == workspace.as_uri() + "/"


def test_file_outside_the_workspace_keeps_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file outside the checkout is not given a ../ path: absolute, and no uriBaseId in SARIF."""
    workspace, _ = _checkout(tmp_path)
    outside = tmp_path / "elsewhere.xml"
    shutil.copyfile(MESSAGE, outside)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    monkeypatch.chdir(workspace)
    assert _github([str(outside)], capsys) == str(outside)
    location, _ = _sarif([str(outside)], capsys)
    assert location == {"uri": outside.as_uri()}


@pytest.mark.parametrize("linked", ["workspace", "current-directory"])
def test_a_workspace_reached_through_a_symbolic_link_still_holds_the_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    linked: str,
) -> None:
    """$GITHUB_WORKSPACE (or the folder the step runs in) through a link: still sub/missing-bsn.xml.

    A relative name is taken from the current directory, which the system gives resolved; the
    root was not resolved, so a workspace given through a link (a self-hosted runner's work
    folder on another disk) made every file "outside" it: an absolute path GitHub cannot place.
    """
    workspace, message = _checkout(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(workspace, target_is_directory=True)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(link if linked == "workspace" else workspace))
    monkeypatch.chdir(workspace / "sub" if linked == "workspace" else link / "sub")
    assert _github([message.name], capsys) == "sub/missing-bsn.xml"
    location, _ = _sarif([message.name], capsys)
    assert location == {"uri": "sub/missing-bsn.xml", "uriBaseId": "%SRCROOT%"}


def test_a_link_in_the_workspace_to_a_file_elsewhere_is_annotated_where_it_lies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file's own link is not followed: ``sub/link.xml`` stays the path in the checkout."""
    workspace, _ = _checkout(tmp_path)
    outside = tmp_path / "elsewhere.xml"
    shutil.copyfile(MESSAGE, outside)
    (workspace / "sub" / "link.xml").symlink_to(outside)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    monkeypatch.chdir(workspace)
    assert _github(["sub/link.xml"], capsys) == "sub/link.xml"
