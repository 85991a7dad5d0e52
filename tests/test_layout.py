"""The layout of issue 10 item 8: convention policies live under ``conventions/``.

The ground floor names none of them, and the old import paths stay as thin re-exports for
plug-ins and callers.
"""

from __future__ import annotations

import ast
import importlib
import re

import pytest
from tests.conftest import ROOT

SRC = ROOT / "src" / "eistandaard"
GROUND = ("core", "standards", "levels", "render", "cli")
MOVED = {
    "eistandaard.gds": "eistandaard.conventions.vektis.gds",
    "eistandaard.bm": "eistandaard.conventions.vektis.bm",
    "eistandaard.bm.cak": "eistandaard.conventions.vektis.bm.cak",
    "eistandaard.answer": "eistandaard.conventions.istandaarden",
}


def _imports(path: str) -> set[str]:
    found: set[str] = set()
    for file in (SRC / path).rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("floor", GROUND)
def test_the_ground_floor_imports_no_convention(floor: str) -> None:
    """core/, standards/, levels/, render/ and cli/ import no convention (nor the old paths)."""
    family = ("eistandaard.conventions", "eistandaard.gds", "eistandaard.bm", "eistandaard.answer.")
    named = sorted(m for m in _imports(floor) if m.startswith(family) or m == "eistandaard.answer")
    assert named == []


def test_no_policy_is_left_in_the_old_packages() -> None:
    """gds/, bm/, answer/ and diff/ hold only their re-export modules."""
    left = sorted(
        str(p.relative_to(SRC))
        for name in ("gds", "bm", "answer", "diff", "vektis")
        for p in (SRC / name).glob("*.py")
    )
    assert left == [
        "answer/__init__.py",
        "bm/__init__.py",
        "bm/cak.py",
        "diff/__init__.py",
        "gds/__init__.py",
    ]


@pytest.mark.parametrize("old", sorted(MOVED))
def test_the_old_import_paths_give_the_same_objects(old: str) -> None:
    """Every public name of an old path is the very object of its new home."""
    before, after = importlib.import_module(old), importlib.import_module(MOVED[old])
    names = before.__all__
    assert names
    for name in names:
        assert getattr(before, name) is getattr(after, name), name


def test_eistandaard_diff_is_still_the_callable_alias() -> None:
    """``eistandaard.diff(request, answer)`` calls the iStandaarden comparison, as before."""
    import eistandaard
    from eistandaard.conventions.istandaarden.compare import DiffResult

    request = (
        ROOT / "fixtures" / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"
    )
    answer = ROOT / "fixtures" / "golden" / "answers" / "wmo-partly-rejected.answer.xml"
    assert isinstance(eistandaard.diff(request, answer), DiffResult)


def test_cli_names_no_family_nor_message() -> None:
    """cli/ holds no family, publisher or message name, not even in a help text (issue 10).

    What the commands serve is data (the catalog): a help that lists messages reads them from it
    (``PairsCommand``), so a message added as data needs no edit here.
    """
    name = re.compile(
        r"iwmo|ijw|\bgds|\bbm\d|\bbm\b|\bwmo\d|\bjw\d|vektis|istandaarden", re.IGNORECASE
    )
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted((SRC / "cli").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if name.search(line)
    ]
    assert found == []


def test_return_and_diff_help_list_every_pair_of_the_catalog(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``ei return --help`` and ``ei diff --help`` name each request with its answer, from data."""
    from eistandaard.cli.main import main
    from eistandaard.standards.catalog import default_catalog

    pairs = default_catalog().pairs()
    assert ("GDS801", "GDS802") in pairs
    assert ("JW301", "JW302") in pairs
    for command in ("return", "diff"):
        assert main([command, "--help"]) == 0
        shown = capsys.readouterr().out
        for request, answer in pairs:
            assert re.search(rf"^\s+{request}\s+{answer}$", shown, re.MULTILINE), (command, request)
