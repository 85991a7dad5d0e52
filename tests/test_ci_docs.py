"""docs/ci.md: the CI examples parse as YAML, have the right shape, and use real options."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT

from eistandaard.cli.main import main
from eistandaard.cli.validate_cmd import FORMATS, validate_command

DOC = ROOT / "docs" / "ci.md"
VALID = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
RAPPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Rapport xmlns="http://www.istandaarden.nl/validatie/1_1/rapport/schema"><Fouten/></Rapport>
"""
"""An (authored) rapport of the official tool, kept next to the message it is about."""


def _blocks() -> list[dict]:
    yaml = pytest.importorskip("yaml")
    text = DOC.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def _commands(node: object) -> list[str]:
    if isinstance(node, str):
        return [line for line in node.splitlines() if line.strip().startswith("ei ")]
    if isinstance(node, dict):
        return [c for value in node.values() for c in _commands(value)]
    if isinstance(node, list):
        return [c for value in node for c in _commands(value)]
    return []


def test_github_actions_example_is_a_workflow() -> None:
    """The GitHub example is a workflow whose steps run ei and upload the SARIF it wrote."""
    workflow = next(b for b in _blocks() if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert any("--format github" in r for r in runs)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload"))
    assert upload["with"]["sarif_file"] == "eistandaard.sarif"
    assert any("-o eistandaard.sarif" in r for r in runs)
    assert workflow["permissions"]["security-events"] == "write"


def test_gitlab_example_publishes_the_junit_report() -> None:
    """The GitLab job writes ei-junit.xml and declares it as its JUnit report."""
    job = next(b["ei-validate"] for b in _blocks() if isinstance(b, dict) and "ei-validate" in b)
    assert job["artifacts"]["reports"]["junit"] == "ei-junit.xml"
    assert any("--format junit -o ei-junit.xml" in line for line in job["script"])
    assert job["stage"] in next(b for b in _blocks() if "stages" in b)["stages"]


def test_every_documented_command_uses_known_options() -> None:
    """Each ``ei validate`` line in the examples names only options and formats that exist."""
    known = {opt for param in validate_command.params for opt in param.opts}
    commands = [c for block in _blocks() for c in _commands(block)]
    assert len(commands) >= 4
    for command in commands:
        words = shlex.split(command.split("||")[0])
        assert words[:2] == ["ei", "validate"], command
        for number, word in enumerate(words):
            if word.startswith("-") and len(word) > 1:
                assert word in known, (word, command)
            if word == "--format":
                assert words[number + 1] in FORMATS, command


def test_pre_commit_example_names_the_published_hook() -> None:
    """The pre-commit example uses the hook id that .pre-commit-hooks.yaml defines."""
    yaml = pytest.importorskip("yaml")
    config = next(b for b in _blocks() if isinstance(b, dict) and "repos" in b)
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert config["repos"][0]["hooks"][0]["id"] in {h["id"] for h in published}


def test_shell_completion_as_documented_completes_formats() -> None:
    """``_EI_COMPLETE=bash_complete`` (the documented mechanism) completes ``--format j``."""
    import os
    import subprocess
    import sys

    assert "_EI_COMPLETE=bash_source ei" in DOC.read_text(encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "src"),
        COMP_WORDS="ei validate --format j",
        COMP_CWORD="3",
        _EI_COMPLETE="bash_complete",
    )
    done = subprocess.run(
        [sys.executable, "-m", "eistandaard"], capture_output=True, env=env, check=False, timeout=60
    )
    assert sorted(done.stdout.decode().split()) == ["plain,json", "plain,junit"]


def test_every_documented_command_runs_and_judges_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each example ``ei validate`` runs as written on a berichten/ folder and passes it.

    The folder holds a valid message and, next to it, the official tool's rapport of it (as
    /work/shared/conformance keeps them): the first GitHub step excludes ``*.rapport.xml``, and
    every other step must judge the same files. Before, the SARIF and GitLab steps checked the
    rapport as a message (EI120): code scanning and the merge request showed a rejection that
    the annotations did not.
    """
    for name in ("berichten", "uitbox"):  # the folders the examples name
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(VALID, folder / "declaratie.xml")
        (folder / "declaratie.rapport.xml").write_bytes(RAPPORT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    console = re.findall(r"^\$ (ei validate .*)$", DOC.read_text(encoding="utf-8"), re.M)
    commands = [c for block in _blocks() for c in _commands(block)] + console
    assert len(commands) >= 5
    for command in commands:
        words = shlex.split(command.split("||")[0])
        code = main([*words[1:], "--as-of", "2026-11-01"])
        err = capsys.readouterr().err
        assert code == 0, (command, err)
