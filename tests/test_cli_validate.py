"""`ei validate`: inputs, formats, exit codes, output files, stdin, no tracebacks."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import need_shared
from tests.messages import valid_fixture

from eistandaard.cli.main import main

RAPPORT_NS = "http://www.istandaarden.nl/validatie/1_1/rapport/schema"


def test_valid_file_exits_0_and_says_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    """A valid message: exit 0, the text output names the message and the verdict."""
    code = main(["validate", "--lang", "en", str(valid_fixture("iwmo", "WMO323"))])
    out = capsys.readouterr().out
    assert code == 0
    assert "WMO323" in out
    assert "accepted" in out


def test_invalid_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A truncated message: exit 1 and its level-1 code in the output."""
    broken = tmp_path / "broken.xml"
    broken.write_bytes(valid_fixture("ijw", "JW323").read_bytes()[:200])
    assert main(["validate", str(broken)]) == 1
    assert "EI108" in capsys.readouterr().out


def test_directory_is_walked_and_summarised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory is searched recursively for *.xml and *.zip; a summary line follows."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.xml").write_bytes(valid_fixture("iwmo", "WMO323").read_bytes())
    (tmp_path / "b.XML").write_bytes(b"<truncated")
    (tmp_path / "notes.txt").write_text("not a message", encoding="utf-8")
    code = main(["validate", "--format", "json", str(tmp_path)])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert document["format"] == "eistandaard-report"
    assert document["version"] == 2
    assert document["summary"] == {"files": 2, "accepted": 1, "rejected": 1, "error": 0}
    assert sorted(Path(r["source"]).name for r in document["reports"]) == ["a.xml", "b.XML"]


def test_stdin_is_read_with_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-` reads the message from standard input."""
    data = valid_fixture("ijw", "JW323").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "--format", "json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["reports"][0]["source"] == "<stdin>"


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["validate"], id="no-path"),
        pytest.param(["validate", "/no/such/file.xml"], id="missing-file"),
        pytest.param(["validate", "--format", "yaml", "x.xml"], id="unknown-format"),
        pytest.param(["validate", "--as-of", "2024-13-01", "x.xml"], id="bad-date"),
        pytest.param(["validate", "--check", "nomodule", "x.xml"], id="bad-check"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Wrong arguments: exit 2 with a message, no traceback."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip()


def test_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    """A directory without messages is reported, not silently accepted."""
    assert main(["validate", str(tmp_path)]) == 2


def test_engine_error_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An external schema that does not compile: verdict error, exit 3.

    (One that is not even XML is refused up front: tests/test_schemas_folder_checked.py.)
    """
    (tmp_path / "WMO323.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:element name="x" type="nope"/></xs:schema>',
        encoding="utf-8",
    )
    code = main(["validate", "--schemas", str(tmp_path), str(valid_fixture("iwmo", "WMO323"))])
    assert code == 3
    assert "De controle kon niet volledig draaien (engine-fout): " in capsys.readouterr().out
    argv = ["validate", "--lang", "en", "--schemas", str(tmp_path)]
    assert main([*argv, str(valid_fixture("iwmo", "WMO323"))]) == 3
    out = capsys.readouterr().out
    assert "engine error: level 2: schema" in out
    assert "De controle" not in out


def test_rapport_output_is_valid_against_the_official_schema(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    """--format rapport writes XML that the official rapport.xsd accepts."""
    xsd = need_shared(
        "reference", "istandaarden", "iWlz-Xslt", "xslt-validatie", "schema", "1_1", "rapport.xsd"
    )
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    for path in (valid_fixture("ijw", "JW323"), Path(__file__)):
        main(["validate", "--format", "rapport", str(path)])
        document = etree.fromstring(capsysbinary.readouterr().out)
        assert document.tag == f"{{{RAPPORT_NS}}}Rapport"
        assert schema.validate(document), schema.error_log


def test_rapport_for_several_inputs_needs_an_output_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several rapports go to distinct files in --output-dir (never over existing ones)."""
    one, two = valid_fixture("iwmo", "WMO323"), valid_fixture("ijw", "JW323")
    assert main(["validate", "--format", "rapport", str(one), str(two)]) == 2
    out = tmp_path / "out"
    argv = ["validate", "--format", "rapport", "--output-dir", str(out), str(one), str(two)]
    assert main(argv) == 2  # a folder that does not exist is refused, not created
    assert not out.exists()
    out.mkdir()
    assert (
        main(["validate", "--format", "rapport", "--output-dir", str(out), str(one), str(two)]) == 0
    )
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2
    assert all(n.endswith(".rapport.xml") for n in names)
    assert f"{one.name}.rapport.xml" in names
    assert main(["validate", "--format", "rapport", "--output-dir", str(out), str(one)]) == 2


def test_output_file_is_never_overwritten_without_force(tmp_path: Path) -> None:
    """-o onto an existing file refuses (exit 2) and leaves it as it was; --force replaces it."""
    target = tmp_path / "report.json"
    target.write_bytes(b"keep me")
    source = str(valid_fixture("iwmo", "WMO323"))
    assert main(["validate", "--format", "json", "-o", str(target), source]) == 2
    assert target.read_bytes() == b"keep me"
    assert main(["validate", "--format", "json", "-o", str(target), "--force", source]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["accepted"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary files left


def test_text_output_to_a_file(tmp_path: Path) -> None:
    """Text output can go to a file too, without terminal escape codes."""
    target = tmp_path / "report.txt"
    assert main(["validate", "-o", str(target), str(valid_fixture("ijw", "JW323"))]) == 0
    text = target.read_text(encoding="utf-8")
    assert "JW323" in text
    assert "\x1b[" not in text
