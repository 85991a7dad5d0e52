"""Paths ``ei`` is given that name nothing usable: one usage line in the run's language.

Kinds: an empty path (an empty ``$FILES`` in CI) was the working directory (``ei validate ""``
checked every file below it); a name too long was "interne fout: OSError" (exit 3); a link loop
was "does not exist"; and the rapports of ``--output-dir`` inside the folder checked were read
back as messages on the next run.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES

from eistandaard.cli.main import main
from eistandaard.levels.intake import read_path

VALID = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
REQUEST = FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml"
LONG = "x" * 300
EMPTY = {"nl": 'een leeg pad ("")', "en": 'an empty path ("")'}
TOO_LONG = {"nl": "bestandsnaam te lang", "en": "File name too long"}


def _one_usage_line(args: list[str], lang: str, capsys: Any) -> str:
    """Run ``ei ARGS --lang LANG``: exit 2, one line on stderr, nothing on stdout; the line."""
    code = main([*args, "--lang", lang])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "interne fout" not in err
    assert "internal error" not in err
    return lines[0]


EMPTY_CASES = [
    ["validate", ""],
    ["validate", str(VALID), ""],
    ["validate", "-o", "", str(VALID)],
    ["validate", "--format", "rapport", "--output-dir", "", str(VALID)],
    ["validate", "--rules", "", str(VALID)],
    ["validate", "--schemas", "", str(VALID)],
    ["return", "", "-o", "x.xml"],
    ["return", str(REQUEST), "-o", ""],
    ["return", str(REQUEST), "-o", "x.xml", "--decisions", ""],
    ["diff", "", str(VALID)],
    ["diff", str(VALID), ""],
    ["chain", ""],
    ["envelope", "build", "", "-o", "m.json"],
    ["envelope", "build", str(VALID), "-o", ""],
]


@pytest.mark.parametrize("args", EMPTY_CASES, ids=[" ".join(a) or "-" for a in EMPTY_CASES])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_empty_path_is_one_usage_line(
    args: list[str], lang: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``""`` wherever a path is taken: exit 2 in --lang, never the working directory."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(VALID, tmp_path / "here.xml")  # what ``ei validate ""`` used to check
    line = _one_usage_line(args, lang, capsys)
    assert EMPTY[lang] in line
    assert not (tmp_path / "x.xml").exists()


TOO_LONG_CASES = [
    ["validate", LONG],
    ["validate", "--codelist", f"WJ001={LONG}", str(VALID)],
    ["validate", "--rules", LONG, str(VALID)],
    ["validate", "--schemas", LONG, str(VALID)],
    ["validate", "-o", LONG, str(VALID)],
    ["return", LONG, "-o", "x.xml"],
    ["return", str(REQUEST), "-o", "x.xml", "--decisions", LONG],
    ["diff", LONG, str(VALID)],
    ["diff", str(VALID), LONG],
    ["chain", LONG],
]


@pytest.mark.parametrize("args", TOO_LONG_CASES, ids=range(len(TOO_LONG_CASES)))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_name_too_long_is_one_usage_line(
    args: list[str], lang: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file name past the system's limit: exit 2 with the system's reason (was exit 3)."""
    monkeypatch.chdir(tmp_path)
    line = _one_usage_line(args, lang, capsys)
    assert TOO_LONG[lang] in line
    assert LONG not in line  # the name is cut short on the line


@pytest.mark.parametrize(
    ("lang", "said"),
    [("nl", "een NUL-teken (\\x00) in de naam"), ("en", "a NUL character (\\x00) in the name")],
)
def test_a_nul_byte_in_a_name_is_worded(lang: str, said: str, capsys: Any) -> None:
    """A name with a NUL byte (possible through the API or a script, not a shell): worded."""
    line = _one_usage_line(["validate", "a\x00b.xml"], lang, capsys)
    assert said in line
    assert "embedded null byte" not in line


@pytest.fixture
def links(tmp_path: Path) -> Path:
    """A folder with a valid message, a link loop and a link to nothing."""
    folder = tmp_path / "links"
    folder.mkdir()
    shutil.copy(VALID, folder / "basis.xml")
    (folder / "loop.xml").symlink_to("loop1")
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    (folder / "dangling.xml").symlink_to(tmp_path / "nowhere.xml")
    return folder


LOOP = {"nl": "te veel niveaus van symbolische koppelingen", "en": "too many levels of symbolic"}
DANGLING = {"nl": "is een symbolische koppeling naar", "en": "is a symbolic link to"}


@pytest.mark.parametrize("command", [["validate"], ["return", "{}", "-o", "x.xml"], ["diff"]])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_broken_link_named_says_why(
    command: list[str], lang: str, links: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link loop named is "too many levels of links", not "does not exist" (exit 2).

    A dangling link says where it points; every command words them alike.
    """
    monkeypatch.chdir(links)
    for name, words in (("loop.xml", LOOP), ("dangling.xml", DANGLING)):
        if command[0] == "return":
            args = ["return", name, "-o", "x.xml"]
        elif command[0] == "diff":
            args = ["diff", name, str(VALID)]
        else:
            args = ["validate", name]
        line = _one_usage_line(args, lang, capsys)
        assert words[lang] in line
        assert "bestaat niet:" not in line
        assert "no such file" not in line


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_broken_link_in_a_folder_says_the_same_reason(
    lang: str, links: Path, capsys: Any
) -> None:
    """Inside a folder each broken link is EI109 (rejected) with the reason named on its own."""
    code = main(["validate", "--lang", lang, str(links)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("EI109") == 2
    assert LOOP[lang] in out
    assert DANGLING[lang] in out
    assert "OSError" not in out
    assert "FileNotFoundError" not in out


def test_the_library_gives_a_dangling_link_its_target(links: Path) -> None:
    """read_path: EI109 of a link to nothing names the link and its target, in both languages."""
    (found,) = read_path(links / "dangling.xml").findings
    assert found.code == "EI109"
    assert "nowhere.xml, dat niet bestaat" in found.detail("nl")
    assert "nowhere.xml, which does not exist" in found.detail("en")


def test_the_output_dir_inside_the_folder_checked_is_left_out(tmp_path: Path, capsys: Any) -> None:
    """``ei validate --format rapport --output-dir scan/out --force scan`` twice: both exit 0.

    Before, the second run took ``scan/out/basis.xml.rapport.xml`` as an input and refused
    to overwrite it ("is de invoer", exit 2).
    """
    scan = tmp_path / "scan"
    (scan / "out").mkdir(parents=True)
    shutil.copy(VALID, scan / "basis.xml")
    args = ["validate", "--format", "rapport", "--output-dir", str(scan / "out"), "--force"]
    for _ in range(2):
        assert main([*args, str(scan)]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in (scan / "out").iterdir()) == ["basis.xml.rapport.xml"]


def test_rapports_in_a_folder_are_not_read_back(tmp_path: Path, capsys: Any) -> None:
    """Plain ``ei validate scan`` after a rapport run: one message, accepted (was EI120, exit 1).

    A rapport named on the command line is still checked (and rejected, EI120).
    """
    scan = tmp_path / "scan"
    (scan / "out").mkdir(parents=True)
    shutil.copy(VALID, scan / "basis.xml")
    out = scan / "out"
    assert main(["validate", "--format", "rapport", "--output-dir", str(out), str(scan)]) == 0
    capsys.readouterr()
    assert main(["validate", str(scan)]) == 0
    printed = capsys.readouterr().out
    assert "rapport.xml" not in printed
    assert main(["validate", str(out / "basis.xml.rapport.xml")]) == 1
    assert "EI120" in capsys.readouterr().out


def test_a_message_named_like_a_rapport_is_still_checked(tmp_path: Path, capsys: Any) -> None:
    """Outside the run's --output-dir, only a file that starts as a rapport is left out."""
    folder = tmp_path / "berichten"
    folder.mkdir()
    shutil.copy(VALID, folder / "odd.rapport.xml")
    assert main(["validate", str(folder)]) == 0
    assert "odd.rapport.xml" in capsys.readouterr().out
