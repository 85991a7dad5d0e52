"""Every VECOZO envelope code has a failing and a passing fixture, run through the CLI.

Layout (written by fixtures/vecozo/generate.py): ``fixtures/vecozo/envelope/<CODE>/fails.json``
and ``passes.json`` (berichtMetadata), each with a sidecar naming the payload, the extra
options, the verdict and the exact set of codes of ``ei validate PAYLOAD --envelope META``.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import FIXTURES

from eistandaard.cli.main import cli

CASES = sorted((FIXTURES / "vecozo" / "envelope").glob("*/*.json"))
ENVELOPE_CODES = (
    "CC01",
    "CC03",
    "CC04",
    "CC05",
    "CC06",
    "CC12",
    "BRS24",
    "BRS26",
    "BRS30",
    "EV001",
    "BRS16",
    "BRS06",
    "BRS01",
    "BRS02",
    "BRS03",
    "BRS04",
    "BRS05",
    "BRS18",
    "BRS33",
)


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _resolved(value: str, folder: Path) -> str:
    return str((folder / value).resolve()) if value.startswith("../") else value


@pytest.mark.parametrize("meta", CASES, ids=_id)
def test_envelope_fixture_gives_its_codes(meta: Path) -> None:
    """``ei validate --envelope`` gives the sidecar's verdict, exit code and exact codes."""
    expected = tomllib.loads(meta.with_suffix(".expected.toml").read_text(encoding="utf-8"))
    folder = meta.parent
    args = [
        "validate",
        _resolved(expected["message"], folder),
        "--envelope",
        str(meta),
        "--as-of",
        expected["as_of"],
        "--format",
        "json",
        "--no-plugins",
        *(_resolved(option, folder) for option in expected["options"]),
    ]
    result = CliRunner().invoke(cli, args, standalone_mode=False, catch_exceptions=False)
    report = json.loads(result.stdout)["reports"][0]
    assert report["verdict"] == expected["verdict"], report["findings"]
    assert sorted({f["code"] for f in report["findings"]}) == sorted(set(expected["codes"]))
    assert result.return_value == (1 if expected["verdict"] == "rejected" else 0)


def test_every_envelope_code_has_a_pair() -> None:
    """Each code of the brief has a failing case that names it and a passing case beside it."""
    for code in ENVELOPE_CODES:
        folder = FIXTURES / "vecozo" / "envelope" / code
        fails = tomllib.loads((folder / "fails.expected.toml").read_text(encoding="utf-8"))
        passes = tomllib.loads((folder / "passes.expected.toml").read_text(encoding="utf-8"))
        assert code in fails["codes"], code
        assert passes["codes"] == [], code
        assert passes["verdict"] == "accepted", code


def test_registry_findings_say_they_are_a_simulation() -> None:
    """A registry finding says "would be refused by VECOZO" and names the registry and its date."""
    folder = FIXTURES / "vecozo" / "envelope" / "BRS04"
    expected = tomllib.loads((folder / "fails.expected.toml").read_text(encoding="utf-8"))
    args = [
        "validate",
        _resolved(expected["message"], folder),
        "--envelope",
        str(folder / "fails.json"),
        "--as-of",
        expected["as_of"],
        "--lang",
        "en",
        "--no-plugins",
        *(_resolved(option, folder) for option in expected["options"]),
    ]
    result = CliRunner().invoke(cli, args, standalone_mode=False, catch_exceptions=False)
    assert "Would be refused by VECOZO (BRS04)" in result.stdout
    assert "registry fixtures-disconnected of 2025-04-01" in result.stdout
