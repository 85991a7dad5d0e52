"""A SQLite ledger URL with a query or fragment is refused, never a file named after it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import ROOT

from eistandaard.core.errors import InputError
from eistandaard.vecozo.ledger import open_ledger


@pytest.mark.parametrize("rest", ["x.db?mode=ro", "x.db?mode=rwc&cache=shared", "x.db#part"])
def test_open_ledger_refuses_a_query_and_creates_nothing(
    rest: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sqlite:///x.db?mode=ro``: an ``InputError`` in both languages, no file ``x.db?mode=ro``.

    Before, the whole rest was taken as the file's name and a new, writable database was made.
    """
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        open_ledger(f"sqlite:///{rest}")
    assert "takes no" in str(caught.value)
    assert "neemt geen" in caught.value.text("nl")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("lang", "words"), [("nl", "neemt geen query-deel"), ("en", "takes no query part")]
)
@pytest.mark.parametrize("command", [["ledger", "show"], ["validate", "--envelope", "{meta}"]])
def test_the_cli_says_one_usage_line_exit_2(
    lang: str, words: str, command: list[str], tmp_path: Path
) -> None:
    """``ei ledger show`` / ``ei validate --ledger`` with ``?mode=ro``: one line, exit 2, no db."""
    meta = tmp_path / "meta.json"
    meta.write_text("{}", encoding="utf-8")
    args = [part.format(meta=meta) for part in command]
    if args[0] == "validate":
        message = ROOT / "fixtures/iwmo/3.2/WMO323/valid/basis.xml"
        args += [str(message)]
    argv = [*args, "--lang", lang, "--ledger", "sqlite:///x.db?mode=ro"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "eistandaard", *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert words in done.stderr
    assert done.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.json"]
