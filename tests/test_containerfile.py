"""The Containerfile: linted by hadolint when it is installed, else parsed and checked here."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import ROOT

FILE = ROOT / "Containerfile"
INSTRUCTIONS = {
    "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
    "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}  # fmt: skip


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        keyword, _, rest = whole.partition(" ")
        result.append((keyword, rest.strip()))
    assert not pending, "a line continuation runs off the end of the file"
    return result


def test_hadolint_finds_no_error() -> None:
    """The Containerfile passes hadolint (the test extra installs it on Linux x86-64) cleanly."""
    beside = Path(sys.executable).parent  # the test extra installs it into the venv's bin/
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(beside))
    if hadolint is None:
        pytest.skip("hadolint is not installed (the parse check below still runs)")
    done = subprocess.run(
        [hadolint, "--failure-threshold", "warning", str(FILE)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout.decode()


def test_containerfile_parses_and_runs_ei_serve_unprivileged() -> None:
    """Known instructions only, valid exec forms, stages that exist, a non-root user."""
    steps = _instructions()
    assert steps[0][0] == "FROM"
    stages = set()
    for keyword, rest in steps:
        assert keyword in INSTRUCTIONS, keyword
        assert rest, f"{keyword} without arguments"
        if keyword == "FROM" and " AS " in rest.upper():
            stages.add(rest.split()[-1])
        if keyword == "COPY" and rest.startswith("--from="):
            assert rest.split()[0].removeprefix("--from=") in stages
        elif keyword == "COPY":
            for source in rest.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY of a missing path: {source}"
        if keyword in ("ENTRYPOINT", "CMD"):
            json.loads(rest)
        if keyword == "EXPOSE":
            assert all(port.split("/")[0].isdigit() for port in rest.split())
    entry = json.loads(next(rest for keyword, rest in steps if keyword == "ENTRYPOINT"))
    assert entry[:2] == ["ei", "serve"]
    users = [rest for keyword, rest in steps if keyword == "USER"]
    assert users, "no USER: the service would run as root"
    assert users[-1] not in ("root", "0")
    health = next(rest for keyword, rest in steps if keyword == "HEALTHCHECK")
    assert "/health" in health
    assert json.loads(health[health.index("CMD") + 3 :].strip())[0] == "python"
