"""A `--schemas` folder whose XSD is broken is one usage line, before any message is read.

A newcomer's trial (stop 14): `ei validate --schemas badschemas FOLDER` read all 41 messages and
ended "0 goedgekeurd, 1 afgekeurd, 40 fout", one engine error per message.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT

FOLDER = FIXTURES / "iwmo/3.2/WMO323"


def _ei(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eistandaard", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("<broken", "is not XML"),
        ("<a/>", 'is no XML Schema (root "a", not xs:schema)'),
        ("", "is not XML"),
    ],
)
def test_a_broken_schema_is_refused_up_front(content: str, said: str, tmp_path: Path) -> None:
    """Exit 2, one line naming the file; no report of any message is written."""
    (tmp_path / "WMO323.xsd").write_text(content, encoding="utf-8")
    done = _ei("validate", "--lang", "en", "--schemas", str(tmp_path), str(FOLDER))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"schema {tmp_path / 'WMO323.xsd'} {said}" in lines[0]


def test_the_bundled_schemas_given_as_a_folder_still_pass() -> None:
    """The bundled release folder as `--schemas`: each file parses as an XSD; the message passes."""
    done = _ei(
        "validate",
        "--schemas",
        str(ROOT / "schemas/iwmo/3.2"),
        str(FOLDER / "valid/two-clients-with-credit.xml"),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_schema_that_does_not_compile_is_tried_once_per_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every message that needs it gets the same worded engine error; lxml compiles it once."""
    from lxml import etree

    from eistandaard.core.errors import EngineError
    from eistandaard.levels import structure

    path = tmp_path / "WMO323.xsd"
    path.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:element name="x" type="nope"/></xs:schema>',
        encoding="utf-8",
    )
    compiled: list[object] = []
    real = etree.XMLSchema

    def counting(*args: object, **kwargs: object) -> etree.XMLSchema:
        compiled.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]  # passed on as given

    monkeypatch.setattr(structure.etree, "XMLSchema", counting)
    said = []
    for _ in range(3):
        with pytest.raises(EngineError) as raised:
            structure.compile_schema(path)
        said.append((str(raised.value), raised.value.text("nl")))
    assert len(compiled) == 1
    assert len(set(said)) == 1
    assert "compileert niet" in said[0][1]
