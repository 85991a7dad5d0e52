"""Every fixture message under fixtures/ gives exactly the findings its sidecar names.

Layout: ``fixtures/<family>/<release>/<MESSAGE>/valid/*.xml`` must be accepted with no findings;
``.../invalid/*.xml`` (or ``*.zip``) has a sidecar ``<name>.expected.toml`` with the verdict, the
exact set of distinct finding codes, optionally the line of a code's first finding, and optionally
``codelists``: a folder (below ``fixtures/<family>/<release>/``) of code lists to use instead of
the bundled ones.
``fixtures/intake/`` holds level-1 inputs with sidecars too. Other folders (``pairs/``: request and
return messages that belong together) are used by their own tests.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.standards.codelists import CodeLists

AS_OF = dt.date(2026, 11, 23)
SUFFIXES = (".xml", ".zip", ".bin", ".txt")


def _inputs(kind: str) -> list[Path]:
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        if not path.is_file() or path.name.endswith(".expected.toml"):
            continue
        if path.suffix.lower() not in SUFFIXES:
            continue
        parts = path.relative_to(FIXTURES).parts
        is_invalid = "invalid" in parts or parts[0] == "intake"
        if (kind == "valid" and "valid" in parts) or (kind == "invalid" and is_invalid):
            found.append(path)
    return found


def _sidecar(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.toml")


def _id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@pytest.mark.parametrize("path", _inputs("valid"), ids=_id)
def test_valid_fixture_is_accepted(path: Path) -> None:
    """A valid fixture passes every level with no finding at all."""
    report = eistandaard.validate(path, as_of=AS_OF)
    assert report.engine_errors == ()
    assert [(f.code, f.xpath, f.details) for f in report.findings] == []
    assert report.verdict is eistandaard.Verdict.ACCEPTED


@pytest.mark.parametrize("path", _inputs("invalid"), ids=_id)
def test_invalid_fixture_gives_its_findings(path: Path) -> None:
    """An invalid fixture gives its verdict and exactly the distinct codes its sidecar lists."""
    sidecar = _sidecar(path)
    assert sidecar.is_file(), f"{path.name} has no sidecar {sidecar.name}"
    expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    as_of = expected.get("as_of", AS_OF)
    lists = None
    if "codelists" in expected:  # code-list files (folder below fixtures/<family>/<release>/)
        folder = path.parents[2] / expected["codelists"]
        lists = CodeLists(overrides={p.stem: p for p in folder.glob("*.csv")})
    report = eistandaard.validate(path, as_of=as_of, codelists=lists)
    assert report.verdict.value == expected["verdict"], report.findings
    assert sorted({f.code for f in report.findings}) == sorted(set(expected["codes"]))
    for code, line in expected.get("lines", {}).items():
        first = next(f for f in report.findings if f.code == code)
        assert first.line == line, f"{code} reported on line {first.line}, expected {line}"


def test_there_are_fixtures_of_both_kinds() -> None:
    """The fixture folders are not empty (a glob that finds nothing would pass silently)."""
    assert len(_inputs("valid")) >= 4
    assert len(_inputs("invalid")) >= 8
    assert all(_sidecar(p).is_file() for p in _inputs("invalid"))
