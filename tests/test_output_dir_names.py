"""`ei validate --format rapport --output-dir DIR`: one rapport per input, none overwrites another.

Names follow the input order; an input whose rapport name an earlier input already has (the same
file name from another folder, or one that differs only in case) gets ``-2``, ``-3`` ..., and the
run says which names it changed. An existing file is never replaced without --force.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard.cli.main import main
from eistandaard.cli.validate_cmd import rapport_names

WMO323 = FIXTURES / "answers" / "requests" / "wmo323-total-one-cent-off.xml"
GDS801 = FIXTURES / "answers" / "requests" / "gds801-to-vecozo.xml"


def _inputs(tmp_path: Path, names: list[str]) -> list[Path]:
    """The WMO323 at the first name, the GDS801 at the others (each in its own folder)."""
    made = []
    for number, name in enumerate(names):
        path = tmp_path / f"in{number}" / name
        path.parent.mkdir()
        shutil.copyfile(WMO323 if number == 0 else GDS801, path)
        made.append(path)
    return made


def test_names_unique_ignoring_case_in_input_order() -> None:
    """x.xml, X.xml, X.XML, x.xml: the first keeps its name, the others -2, -3, -4."""
    assert rapport_names(["a/x.xml", "b/X.xml", "c/X.XML", "d/x.xml"]) == [
        ("x.xml.rapport.xml", None),
        ("X.xml-2.rapport.xml", "X.xml.rapport.xml"),
        ("X.XML-3.rapport.xml", "X.XML.rapport.xml"),
        ("x.xml-4.rapport.xml", "x.xml.rapport.xml"),
    ]
    # input order decides who keeps the name, not the alphabet
    assert rapport_names(["b/X.xml", "a/x.xml"])[0] == ("X.xml.rapport.xml", None)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", "hoort al bij een eerdere invoer"), ("en", "already belongs to an earlier input")],
)
def test_case_twins_both_written_and_the_change_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, words: str
) -> None:
    """a/x.xml and b/X.xml: two rapports, each of its own input; stderr names the changed one."""
    first, second = _inputs(tmp_path, ["x.xml", "X.xml"])
    out = tmp_path / "out"
    out.mkdir()
    argv = ["validate", "--format", "rapport", "--output-dir", str(out), str(first), str(second)]
    code = main([*argv, "--lang", lang])
    err = capsys.readouterr().err
    assert code == 1  # both messages are rejected
    assert sorted(p.name for p in out.iterdir()) == ["X.xml-2.rapport.xml", "x.xml.rapport.xml"]
    assert b"<r:BerichtCode>484<" in (out / "x.xml.rapport.xml").read_bytes()  # the WMO323
    assert b"<r:BerichtCode>573<" in (out / "X.xml-2.rapport.xml").read_bytes()  # the GDS801
    (line,) = err.splitlines()
    assert str(second) in line
    assert "X.xml-2.rapport.xml" in line
    assert words in line


def test_existing_rapport_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A renamed target that exists is refused (exit 2, nothing written); --force replaces it."""
    first, second = _inputs(tmp_path, ["x.xml", "x.xml"])
    out = tmp_path / "out"
    out.mkdir()
    kept = out / "x.xml-2.rapport.xml"
    kept.write_bytes(b"mine")
    argv = ["validate", "--format", "rapport", "--output-dir", str(out), str(first), str(second)]
    assert main(argv) == 2
    capsys.readouterr()
    assert kept.read_bytes() == b"mine"
    assert sorted(p.name for p in out.iterdir()) == ["x.xml-2.rapport.xml"]  # all or nothing
    assert main([*argv, "--force"]) == 1
    assert b"<r:BerichtCode>573<" in kept.read_bytes()
