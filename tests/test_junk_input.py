"""Garbage thrown at every public entry point: findings or clear errors, never a traceback."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

import eistandaard
from eistandaard import Verdict
from eistandaard.cli.main import main
from eistandaard.core.errors import SourceNotFoundError
from eistandaard.render import render_text, report_to_rapport, reports_to_json

SEED = 20261123


def _junk() -> list[bytes]:
    rng = random.Random(SEED)
    samples = [
        b"",
        b"\x00" * 64,
        b"\xff\xfe<\x00a\x00/\x00>\x00",
        b"<?xml version='1.0'?>",
        b"<a>" * 2000,
        b"<Bericht xmlns='http://www.istandaarden.nl/iwmo/3_2/wmo323/schema'/>",
        b"<Bericht xmlns='http://www.istandaarden.nl/ijw/3_2/jw325/schema'><Header/></Bericht>",
        b"PK\x03\x04" + b"\x00" * 40,
        "<a>caf\u00e9</a>".encode("latin-1"),
        b"<!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>",
    ]
    samples += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(40)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", b"<a/>")
    samples.append(buffer.getvalue())
    return samples


@pytest.mark.parametrize("data", _junk(), ids=lambda d: f"{len(d)}b")
def test_validate_turns_junk_into_a_report(data: bytes) -> None:
    """validate() on junk bytes returns a rejected report that every renderer can show."""
    report = eistandaard.validate(data)
    assert report.verdict is Verdict.REJECTED, report.engine_errors
    assert report.findings
    assert report_to_rapport(report).startswith(b"<?xml")
    assert '"rejected"' in reports_to_json([report])
    assert render_text(report) is not None


def test_cli_on_junk_files_never_shows_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI over a directory of junk exits 1 and prints no traceback."""
    for number, data in enumerate(_junk()):
        (tmp_path / f"junk{number}.{'zip' if number % 3 == 0 else 'xml'}").write_bytes(data)
    assert main(["validate", "--format", "json", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "root:x:" not in captured.out  # the XXE sample never leaks a file


def test_missing_file_is_misuse(tmp_path: Path) -> None:
    """A path that names no file is misuse of the API: a typed EIError naming it, no report."""
    with pytest.raises(SourceNotFoundError, match=r"gone\.xml"):
        eistandaard.validate(tmp_path / "gone.xml")


@pytest.mark.parametrize("command", ["chain", "return", "diff"])
def test_other_commands_on_junk_never_show_a_traceback(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei chain`, `ei return` and `ei diff` answer junk with exit 1 or 2 and a message."""
    for number, data in enumerate(_junk()[:12]):
        path = tmp_path / f"junk{number}.xml"
        path.write_bytes(data)
        argv = {
            "chain": ["chain", str(path)],
            "return": ["return", str(path), "-o", str(tmp_path / f"out{number}.xml")],
            "diff": ["diff", str(path), str(path)],
        }[command]
        assert main(argv) in (1, 2), data
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        assert (captured.out + captured.err).strip()
        assert not (tmp_path / f"out{number}.xml").exists()
