"""Every command given something that is not a message: one clear line or a finding, no traceback.

The kinds of bad argument a user meets: a directory where a file is needed, a PDF, an empty file,
a text file that is not XML, a JSON file. Each command x each kind x each language: exit 2 with
exactly one usage line in the run's language that names the argument, or (where the argument is
a message that can be checked) a level-1 finding with exit 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.answer_helpers import WMO323

from eistandaard.cli.main import main

KINDS = ("directory", "pdf", "empty", "text", "json")


def _bad(tmp_path: Path, kind: str) -> Path:
    """The bad argument of ``kind``, authored here."""
    if kind == "directory":
        folder = tmp_path / "folder.xml"
        folder.mkdir()
        return folder
    name, content = {
        "pdf": ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        "empty": ("empty.xml", b""),
        "text": ("notes.txt", b"hello, this is not XML\n"),
        "json": ("data.json", b'{"a": 1}\n'),
    }[kind]
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _meta(out: Path) -> str:
    """The envelope metadata of the WMO323, written next to ``out`` (``ei envelope build``)."""
    meta = out.parent / "meta.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    return str(meta)


# (name, argv builder, exit code per kind: 2 = one usage line, 1 = a finding)
_USAGE = dict.fromkeys(KINDS, 2)
_FINDING = {"directory": 2, "pdf": 1, "empty": 1, "text": 1, "json": 1}
COMMANDS = {
    "validate": (lambda bad, out: ["validate", str(bad)], _FINDING),
    "return": (lambda bad, out: ["return", str(bad), "-o", str(out)], _FINDING),
    "return --decisions": (
        lambda bad, out: ["return", str(WMO323), "--decisions", str(bad), "-o", str(out)],
        _USAGE,
    ),
    "diff REQUEST": (lambda bad, out: ["diff", str(bad), str(WMO323)], _USAGE),
    "diff ANSWER": (lambda bad, out: ["diff", str(WMO323), str(bad)], _USAGE),
    "validate --codelist": (
        lambda bad, out: ["validate", str(WMO323), "--codelist", f"WJ001={bad}"],
        _USAGE,
    ),
    "chain": (lambda bad, out: ["chain", str(bad)], _FINDING),
    "envelope build": (lambda bad, out: ["envelope", "build", str(bad), "-o", str(out)], _USAGE),
    "envelope check PAYLOAD": (
        lambda bad, out: ["envelope", "check", str(bad), _meta(out)],
        _FINDING,
    ),
    "envelope check METADATA": (  # JSON metadata without the fields VECOZO needs: findings
        lambda bad, out: ["envelope", "check", str(WMO323), str(bad)],
        {**_USAGE, "json": 1},
    ),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_argument_gives_one_line_or_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str, lang: str
) -> None:
    """Exit 2 with one framed line naming the argument in the run's language, or 1 (a finding)."""
    build, codes = COMMANDS[command]
    bad = _bad(tmp_path, kind)
    out = tmp_path / "out" / "answer.xml"
    out.parent.mkdir()
    code = main([*build(bad, out), "--lang", lang])
    printed = capsys.readouterr()
    both = printed.out + printed.err
    assert "Traceback" not in both
    assert code == codes[kind], both
    assert not out.exists()  # nothing written for input that is not a message
    if code == 2:
        lines = printed.err.splitlines()
        assert len(lines) == 1, printed.err
        where = "ei " + " ".join(command.split()[:2]).split(" -")[0].replace(" REQUEST", "")
        where = where.replace(" ANSWER", "").replace(" METADATA", "").replace(" PAYLOAD", "")
        frame = f"{where}: fout: " if lang == "nl" else f"{where}: error: "
        assert lines[0].startswith(frame), lines[0]
        assert bad.name in lines[0]
        # one language per line: no English parser words under nl, no Dutch frame under en
        for foreign in ("codec", "Expecting value", "not JSON") if lang == "nl" else ("fout:",):
            assert foreign not in lines[0], lines[0]
        if kind == "empty" and command != "envelope build":  # said so (build: its code, EI100)
            assert ("leeg" if lang == "nl" else "empty") in lines[0], lines[0]
    else:
        assert "EI1" in both or "BRS" in both, both  # a level-1 finding says what is wrong
