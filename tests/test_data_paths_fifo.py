"""Every data path a user names refuses a FIFO, a device or a folder: one line, never a hang.

Each command runs in a subprocess with a time-out: a reader that opens a FIFO blocking waits
for a writer that never comes, so a hang fails the test instead of stopping the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT

WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
SCHEMAS = ROOT / "schemas" / "iwmo" / "3.2"
HTTP = ["--environment", "tst", "--url", "http://127.0.0.1:9/tst", "--ledger", "sqlite:///l.db"]

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _ei(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``ei ARGS`` in ``cwd``, standard input empty; a hang past 60 s fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "eistandaard", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A message, its META.json and payload ZIP, a FIFO ``fifo``, and ``schemas/``.

    ``schemas/`` is the bundled iWmo 3.2 folder with a FIFO in the place of ``WMO323.xsd``.
    """
    shutil.copyfile(WMO323, tmp_path / "msg.xml")
    built = _ei(["envelope", "build", "msg.xml", "-o", "meta.json", "--zip", "p.zip"], tmp_path)
    assert built.returncode == 0, built.stderr
    os.mkfifo(tmp_path / "fifo")
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    (tmp_path / "schemas" / "WMO323.xsd").unlink()
    os.mkfifo(tmp_path / "schemas" / "WMO323.xsd")
    return tmp_path


CASES = {
    "codelist": ["validate", "--codelist", "WJ001=fifo", "msg.xml"],
    "rules": ["validate", "--rules", "fifo", "msg.xml"],
    "schemas": ["validate", "--schemas", "schemas", "msg.xml"],
    "decisions": ["return", "msg.xml", "--decisions", "fifo", "-o", "out.xml"],
    "diff answer": ["diff", "msg.xml", "fifo"],
    "return request": ["return", "fifo", "-o", "out.xml"],
    "envelope": ["validate", "--envelope", "fifo", "msg.xml"],
    "registry": ["validate", "--envelope", "meta.json", "--registry", "fifo", "msg.xml"],
    "validate ledger": [
        "validate",
        "--envelope",
        "meta.json",
        "--ledger",
        "sqlite:///fifo",
        "msg.xml",
    ],
    "ledger": ["ledger", "--ledger", "sqlite:///fifo", "show"],
    "ledger add metadata": ["ledger", "--ledger", "sqlite:///l.db", "add", "msg.xml", "fifo"],
    "envelope check": ["envelope", "check", "p.zip", "fifo"],
    "answer-to": ["envelope", "build", "msg.xml", "--answer-to", "fifo"],
    "certificate": ["send", "msg.xml", *HTTP, "--certificate", "fifo"],
    "key": ["send", "msg.xml", *HTTP, "--certificate", "meta.json", "--key", "fifo"],
    "pkcs12": ["send", "msg.xml", *HTTP, "--pkcs12", "fifo"],
    "cafile": ["status", *HTTP, "--cafile", "fifo"],
    "tls-cert": ["fake-vecozo", "--tls-cert", "fifo", "--seconds", "1"],
    "send envelope": ["send", "msg.xml", *HTTP, "--envelope", "fifo"],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("args", list(CASES.values()), ids=list(CASES))
def test_a_fifo_as_data_path_is_one_usage_line(args: list[str], lang: str, folder: Path) -> None:
    """Exit 2 and one line naming the FIFO as such, in the run's language; nothing opened.

    Before, ``--rules FIFO`` said the stylesheet did not exist and ``--schemas`` with a FIFO
    ``WMO323.xsd`` said the folder held no schema (or failed at level 2, exit 3).
    """
    done = _ei([*args, "--lang", lang], folder)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert ("een FIFO, geen bestand" if lang == "nl" else "a FIFO, not a file") in done.stderr


def test_a_schema_that_includes_a_fifo_is_an_engine_error_not_a_hang(folder: Path) -> None:
    """``basisschema.xsd`` a FIFO: the schema does not compile (exit 3); libxml2 never opens it."""
    schemas = folder / "schemas"
    (schemas / "WMO323.xsd").unlink()
    shutil.copyfile(SCHEMAS / "WMO323.xsd", schemas / "WMO323.xsd")
    (schemas / "basisschema.xsd").unlink()
    os.mkfifo(schemas / "basisschema.xsd")
    done = _ei(["validate", "--schemas", "schemas", "msg.xml"], folder)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "basisschema.xsd" in done.stdout


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "call",
    [
        "from eistandaard.standards.resources import load_toml; load_toml(Path('fifo'))",
        "from eistandaard.standards.resources import read_text; read_text(Path('fifo'))",
        "from eistandaard.vecozo.transport.http import client_context;"
        " client_context(certificate='fifo')",
        "from eistandaard.vecozo.transport.http import client_context;"
        " client_context(cafile='fifo')",
        "from eistandaard.vecozo.registry import Registry; Registry.load(Path('fifo'))",
        "from eistandaard.levels.structure import compile_schema; compile_schema(Path('fifo'))",
        "from eistandaard.standards.codelists import load_codelist; load_codelist(Path('fifo'))",
        "from eistandaard.standards.codelists import CodeLists;"
        " CodeLists(overrides={'WJ001': Path('fifo')}).get('WJ001', family='ijw', release='3.2')",
        "from eistandaard.core.files import file_version;"
        " file_version(Path('fifo'), EIError, 'codelist-unreadable', path='fifo')",
        "from eistandaard.levels.structure import find_schema;"
        " from eistandaard.standards.catalog import default_catalog;"
        " find_schema(default_catalog().get('WMO323'), Path('schemas'))",
    ],
)
def test_the_library_refuses_a_fifo_in_both_languages(call: str, folder: Path) -> None:
    """``load_toml(FIFO)``, ``client_context(certificate=FIFO)`` ...: an error, never a hang."""
    code = (
        "from pathlib import Path\n"
        "from eistandaard.core.errors import EIError\n"
        f"try:\n    {call}\nexcept EIError as exc:\n"
        "    print(exc.text('nl'))\n    print(exc.text('en'))\n"
    )
    done = _python(code, folder)
    assert done.returncode == 0, done.stderr
    assert "een FIFO, geen bestand" in done.stdout
    assert "a FIFO, not a file" in done.stdout


def test_validate_with_a_fifo_rule_stylesheet_is_an_engine_error_at_once(folder: Path) -> None:
    """``validate(rules=[FIFO])``: level 3 says the stylesheet is a FIFO; the engine never waits."""
    code = (
        "import eistandaard, time\nfrom pathlib import Path\n"
        "start = time.monotonic()\n"
        "r = eistandaard.validate(Path('msg.xml'), rules=[Path('fifo')], as_of='2026-11-23',"
        " levels=[1, 2, 3], timeout=30)\n"
        "print(r.verdict, time.monotonic() - start < 20)\n"
        "print([e.text('nl') for e in r.engine_errors])\n"
    )
    done = _python(code, folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("error True")
    assert "een FIFO, geen bestand" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["chain", "msg.xml", "-o", "fifo"],
        ["validate", "msg.xml", "--format", "json", "-o", "fifo/out.json"],
    ],
)
def test_an_output_folder_that_is_a_fifo_is_not_said_missing(args: list[str], folder: Path) -> None:
    """``-o FIFO`` as a folder: "is geen map", not "bestaat niet" (it is there); exit 2."""
    done = _ei(args, folder)
    assert done.returncode == 2, done.stderr
    assert "uitvoermap fifo is geen map" in done.stderr
    assert done.stderr.count("\n") == 1
