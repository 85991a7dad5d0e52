"""The examples in docstrings and in docs/*.md run and give what they show."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest
from tests.conftest import ROOT

MODULES = [
    "eistandaard",
    "eistandaard.pipeline",
    "eistandaard.conventions.istandaarden",
    "eistandaard.conventions.istandaarden.decisions",
    "eistandaard.answers.explain",
    "eistandaard.answers.pairing",
    "eistandaard.answers.returns",
    "eistandaard.render.explain",
    "eistandaard.serve.negotiation",
    "eistandaard.batch",
    "eistandaard.core.clock",
    "eistandaard.core.lazy",
    "eistandaard.core.xml",
    "eistandaard.core.paths",
    "eistandaard.core.money",
    "eistandaard.standards.wording",
    "eistandaard.vecozo.workdays",
]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``>>>`` example in the module's docstrings passes (run from the repository root)."""
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, verbose=False)
    assert result.attempted > 0, f"{name} has no examples any more: update MODULES"
    assert result.failed == 0


def _documents() -> list[Path]:
    return sorted(p for p in (ROOT / "docs").rglob("*.md") if ">>>" in p.read_text("utf-8"))


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_documentation_examples(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``>>>`` example in the documentation passes (run from the repository root)."""
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0


def test_some_documentation_has_examples() -> None:
    """The glob above finds at least the returns guide (else the test would pass vacuously)."""
    assert any(p.name == "returns.md" for p in _documents())
