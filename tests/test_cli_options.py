"""Bad option values are one usage error before any file is read; output files are written safely.

Every case checks the exit code (2 usage, 3 engine error), that stderr is one line, and where it
matters that no message was validated (the pipeline is replaced by one that fails the test) and
that nothing the user gave was changed.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from tests.answer_helpers import WMO323
from tests.conftest import FIXTURES, ROOT

from eistandaard.cli import output as cli_output
from eistandaard.cli.main import main
from eistandaard.core.errors import InputError
from eistandaard.levels.structure import check_schema_folder, find_schema

WJ001 = ROOT / "rbc" / "istandaarden" / "3.2" / "codelists" / "WJ001.csv"
BM801 = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
SCHEMAS = ROOT / "schemas" / "iwmo" / "3.2"

_STYLESHEET = (
    '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    '<xsl:template match="/">{body}</xsl:template></xsl:stylesheet>'
)


@pytest.fixture
def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any message read by validate/return fails the test: options must be refused first."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a message was read before the options were checked")

    monkeypatch.setattr("eistandaard.cli.validate_cmd.validate_many", refuse)
    monkeypatch.setattr("eistandaard.cli.return_cmd.validate", refuse)


def _usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``ei``; it must exit 2 with one line on stderr; return that line."""
    code = main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.count("\n") == 0, err
    return err


# ----------------------------------------------------------------------------- --codelist


@pytest.mark.parametrize("command", ["validate", "return"])
def test_misspelled_codelist_name_is_refused(
    command: str, tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--codelist WJ01=FILE (no check uses WJ01) is a usage error suggesting WJ001."""
    argv = [command, str(WMO323), "--codelist", f"WJ01={WJ001}"]
    if command == "return":
        argv += ["-o", str(tmp_path / "out.xml")]
    line = _usage(argv, capsys)
    assert "WJ01" in line
    assert "bedoelt u WJ001" in line  # the reason in the run's language: Dutch by default


def test_codelist_of_unknown_release_is_refused(
    no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--codelist iwmo/9.9/WJ001=FILE names a release that does not exist."""
    line = _usage(["validate", str(WMO323), "--codelist", f"iwmo/9.9/WJ001={WJ001}"], capsys)
    assert "geen release iwmo/9.9" in line


@pytest.mark.parametrize(
    "content",
    [
        "not a code list at all\n",
        "# codelist: WJ001\n# publisher: x\n# source: x\n# version: x\n# retrieved: x\n"
        "code,ingangsdatum,expiratiedatum,omschrijving\n0001,2020-13-01,,bad date\n",
        "# codelist: WJ756\n# publisher: x\n# source: x\n# version: x\n# retrieved: x\n"
        "code,ingangsdatum,expiratiedatum,omschrijving\n0001,,,other list\n",
    ],
    ids=["no-header", "bad-date", "other-list"],
)
def test_codelist_file_that_does_not_parse_is_refused(
    content: str, tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --codelist file without header, with a bad date or of another list: one usage line."""
    bad = tmp_path / "wj001.csv"
    bad.write_text(content, encoding="utf-8")
    line = _usage(["validate", str(WMO323), "--codelist", f"WJ001={bad}"], capsys)
    assert "--codelist WJ001" in line


def test_known_codelist_with_release_scope_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A correct --codelist iwmo/3.2/WJ001=FILE passes the check and the message is accepted."""
    copy = tmp_path / "wj001.csv"
    shutil.copyfile(WJ001, copy)
    assert (
        main(
            [
                "validate",
                "--as-of",
                "2024-05-10",
                str(WMO323),
                "--codelist",
                f"iwmo/3.2/WJ001={copy}",
            ]
        )
        == 0
    )
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------------ --schemas


def test_missing_schema_folder_is_refused(
    tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--schemas naming no folder: one usage line."""
    line = _usage(["validate", str(WMO323), "--schemas", str(tmp_path / "nope")], capsys)
    assert "bestaat niet" in line


def test_schema_folder_without_schemas_is_refused(
    tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--schemas with no XSD of any supported message: one usage line."""
    (tmp_path / "readme.txt").write_text("no schemas here", encoding="utf-8")
    line = _usage(["validate", str(WMO323), "--schemas", str(tmp_path)], capsys)
    assert "geen schema van een ondersteund bericht" in line


def _two_releases(tmp_path: Path) -> Path:
    """Two copies of the WMO323 schema (with its basisschema) in sibling folders."""
    for release in ("a", "b"):
        shutil.copytree(
            SCHEMAS,
            tmp_path / "schemas" / release,
            ignore=lambda _, names: [n for n in names if n.startswith("WMO3") and "323" not in n],
        )
    return tmp_path / "schemas"


def test_ambiguous_schema_folder_is_refused_naming_every_candidate(
    tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two WMO323.xsd below --schemas: refused, both named; none is picked silently."""
    folder = _two_releases(tmp_path)
    line = _usage(["validate", str(WMO323), "--schemas", str(folder), "--lang", "en"], capsys)
    assert "several" in line
    assert str(folder / "a" / "WMO323.xsd") in line
    assert str(folder / "b" / "WMO323.xsd") in line


def test_library_refuses_an_ambiguous_schema_folder(tmp_path: Path) -> None:
    """find_schema and check_schema_folder raise InputError for two files of one name."""
    folder = _two_releases(tmp_path)
    with pytest.raises(InputError, match="several"):
        check_schema_folder(folder, ["WMO323.xsd"])
    from eistandaard.standards.catalog import default_catalog

    with pytest.raises(InputError, match="several"):
        find_schema(default_catalog().get("WMO323"), folder)


def test_the_schema_used_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --schemas, JSON names the XSD file used and the text output has a schema line."""
    folder = tmp_path / "release"
    shutil.copytree(SCHEMAS, folder)
    used = folder / "WMO323.xsd"
    assert (
        main(
            [
                "validate",
                "--as-of",
                "2024-05-10",
                "--format",
                "json",
                "--schemas",
                str(folder),
                str(WMO323),
            ]
        )
        == 0
    )
    assert f'"schema_version": "{used}"' in capsys.readouterr().out
    assert main(["validate", "--as-of", "2024-05-10", "--schemas", str(folder), str(WMO323)]) == 0
    assert f"schema: {used}" in capsys.readouterr().out


# -------------------------------------------------------------------------------- --rules


@pytest.mark.parametrize(
    "content",
    [
        "this is not XML",
        "<rapport/>",
        _STYLESHEET.format(body='<xsl:value-of select="(("/>'),
        _STYLESHEET.format(body='<xsl:call-template name="nowhere"/>'),
    ],
    ids=["not-xml", "no-stylesheet", "bad-xpath", "unknown-template"],
)
def test_rules_file_that_is_no_stylesheet_is_refused(
    content: str, tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--rules FILE that is not XML, not XSLT or does not compile: one usage line, exit 2."""
    rules = tmp_path / "rules.xsl"
    rules.write_text(content, encoding="utf-8")
    line = _usage(["validate", str(WMO323), "--rules", str(rules)], capsys)
    assert str(rules) in line


def test_missing_rules_file_is_refused(
    tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--rules naming no file: one usage line."""
    line = _usage(["validate", str(WMO323), "--rules", str(tmp_path / "none.xsl")], capsys)
    assert "regel-stylesheet" in line
    assert "bestaat niet" in line


# ----------------------------------------------------------------------------- outputs


def _commands(tmp_path: Path, target: Path) -> dict[str, list[str]]:
    answer = tmp_path / "answer.xml"
    assert main(["return", str(WMO323), "--as-of", "2024-05-10", "-o", str(answer)]) == 0
    return {
        "validate": ["validate", "--format", "json", "-o", str(target), str(WMO323)],
        "return": ["return", str(WMO323), "-o", str(target)],
        "diff": ["diff", str(WMO323), str(answer), "-o", str(target)],
    }


@pytest.mark.parametrize("command", ["validate", "return", "diff"])
def test_output_folder_that_does_not_exist_is_refused(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o into a folder that does not exist: usage error; the folder is not created."""
    target = tmp_path / "missing" / "out.xml"
    argv = _commands(tmp_path, target)[command]
    capsys.readouterr()
    assert "bestaat niet" in _usage(argv, capsys)
    assert not target.parent.exists()


def test_output_dirs_that_do_not_exist_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei validate --output-dir`` and ``ei chain -o DIR`` refuse a folder that does not exist."""
    missing = tmp_path / "missing"
    argv = ["validate", "--format", "rapport", "--output-dir", str(missing), str(WMO323)]
    assert "bestaat niet" in _usage(argv, capsys)
    assert "bestaat niet" in _usage(["chain", str(BM801), "-o", str(missing)], capsys)
    assert not missing.exists()


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
@pytest.mark.parametrize("command", ["validate", "return", "diff"])
def test_output_equal_to_an_input_is_refused(
    command: str, link: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output that is an input (itself, a symlink, a hard link) is refused, even with --force."""
    request = tmp_path / "request.xml"
    shutil.copyfile(WMO323, request)
    answer = tmp_path / "answer.xml"
    assert main(["return", str(request), "--as-of", "2024-05-10", "-o", str(answer)]) == 0
    capsys.readouterr()
    victim = request if command != "diff" else answer
    target = victim
    if link == "symlink":
        target = tmp_path / "link.xml"
        target.symlink_to(victim)
    elif link == "hardlink":
        target = tmp_path / "hard.xml"
        os.link(victim, target)
    before = victim.read_bytes()
    argv = {
        "validate": ["validate", "--format", "json", "--force", "-o", str(target), str(request)],
        "return": ["return", str(request), "--force", "-o", str(target)],
        "diff": ["diff", str(request), str(answer), "--force", "-o", str(target)],
    }[command]
    _usage(argv, capsys)
    assert victim.read_bytes() == before


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_output_files_get_the_users_umask(
    mask: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A written output has 0666 minus the umask, like any new file (not 0600)."""
    previous = os.umask(mask)
    try:
        targets = {name: tmp_path / f"{name}.out" for name in ("validate", "return")}
        assert main(
            ["validate", "--format", "json", "-o", str(targets["validate"]), str(WMO323)]
        ) in (0, 1)
        assert main(["return", str(WMO323), "-o", str(targets["return"])]) == 0
        rapports = tmp_path / "rapports"
        rapports.mkdir()
        argv = ["validate", "--format", "rapport", "--output-dir", str(rapports), str(WMO323)]
        assert main(argv) in (0, 1)
        written = [*targets.values(), *rapports.iterdir()]
    finally:
        os.umask(previous)
    capsys.readouterr()
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path.name


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe (nothing ever reads it: writing to it would hang the test)."""
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_force_never_replaces_a_fifo(fifo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o FIFO --force: refused (exit 2), the FIFO stays a FIFO."""
    line = _usage(["validate", "--format", "json", "--force", "-o", str(fifo), str(WMO323)], capsys)
    assert "geen gewoon bestand" in line
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_force_never_replaces_a_device(capsys: pytest.CaptureFixture[str]) -> None:
    """-o /dev/null --force: refused (exit 2)."""
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    line = _usage(["return", str(WMO323), "--force", "-o", "/dev/null"], capsys)
    assert "geen gewoon bestand" in line
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_force_never_writes_through_a_symlink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o LINK --force where LINK points elsewhere: refused; the link's target is unchanged."""
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    line = _usage(["validate", "--format", "json", "--force", "-o", str(link), str(WMO323)], capsys)
    assert "symbolische koppeling" in line
    assert target.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink()


def _disk_full(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """Make the (after+1)-th file write of cli/output.py fail with ENOSPC."""
    real = cli_output._write_temporary
    calls = {"n": 0}

    def failing(folder: Path, name: str, data: bytes) -> Path:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(28, "No space left on device")
        return real(folder, name, data)

    monkeypatch.setattr(cli_output, "_write_temporary", failing)


@pytest.mark.parametrize("command", ["validate", "return", "diff"])
def test_failed_write_is_exit_3(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A write that fails (disk full) is an engine error, exit 3, and leaves no file behind."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "result.out"
    argv = _commands(tmp_path, target)[command]
    capsys.readouterr()
    _disk_full(monkeypatch)
    assert main(argv) == 3
    assert "geen ruimte meer op het apparaat" in capsys.readouterr().err  # --lang nl: Dutch
    assert list(out_dir.iterdir()) == []


def test_batch_write_failure_leaves_no_partial_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei validate --output-dir``: the 2nd rapport fails, so none of the set is left."""
    out = tmp_path / "rapports"
    out.mkdir()
    inputs = [
        str(p) for p in sorted((FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid").glob("*.xml"))
    ]
    _disk_full(monkeypatch, after=1)
    assert main(["validate", "--format", "rapport", "--output-dir", str(out), *inputs]) == 3
    capsys.readouterr()
    assert list(out.iterdir()) == []


def test_interrupted_batch_leaves_no_partial_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the rapports are written: no rapport and no temporary folder is left."""
    out = tmp_path / "rapports"
    out.mkdir()
    inputs = [
        str(p) for p in sorted((FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid").glob("*.xml"))
    ]
    real = cli_output._write_temporary
    calls = {"n": 0}

    def interrupted(folder: Path, name: str, data: bytes) -> Path:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(folder, name, data)

    monkeypatch.setattr(cli_output, "_write_temporary", interrupted)
    assert main(["validate", "--format", "rapport", "--output-dir", str(out), *inputs]) != 0
    capsys.readouterr()
    assert calls["n"] == 3
    assert list(out.iterdir()) == []


def test_chain_write_failure_leaves_no_partial_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei chain -o DIR``: a failure on the 2nd message leaves no message of the run; exit 3."""
    accepted = FIXTURES / "bm" / "2.0" / "chain" / "flow7-accepted.xml"
    _disk_full(monkeypatch, after=1)
    assert main(["chain", str(accepted), "--as-of", "2026-11-23", "-o", str(tmp_path)]) == 3
    capsys.readouterr()
    assert sorted(tmp_path.iterdir()) == []


def test_existing_set_member_refuses_the_whole_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --force one existing rapport refuses the batch; no other file is written."""
    out = tmp_path / "rapports"
    out.mkdir()
    one = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
    two = FIXTURES / "ijw" / "3.2" / "JW323" / "valid" / "basis.xml"
    (out / f"{one.name}.rapport.xml").write_text("old", encoding="utf-8")
    argv = ["validate", "--format", "rapport", "--output-dir", str(out), str(one), str(two)]
    assert "bestaat al" in _usage(argv, capsys)
    assert sorted(p.name for p in out.iterdir()) == [f"{one.name}.rapport.xml"]


@pytest.mark.parametrize(
    "extra",
    [["--format", "json"], ["--format", "rapport", "-o", "x.xml"]],
    ids=["not-rapport", "with-o"],
)
def test_output_dir_that_would_be_unused_is_refused(
    extra: list[str], tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output-dir is only used by --format rapport without -o: otherwise a usage line."""
    argv = ["validate", *extra, "--output-dir", str(tmp_path), str(WMO323)]
    assert "--output-dir" in _usage(argv, capsys)
    assert list(tmp_path.iterdir()) == []


def test_missing_decisions_file_is_refused_first(
    tmp_path: Path, no_validation: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei return --decisions`` naming no file: a usage line before the request is read."""
    argv = ["return", str(WMO323), "--decisions", str(tmp_path / "d.json")]
    line = _usage([*argv, "-o", str(tmp_path / "out.xml")], capsys)
    assert "--decisions" in line


def test_usage_errors_are_one_line_but_bare_ei_shows_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A usage error is one stderr line naming the command; a bare ``ei`` still shows its help."""
    assert "ei validate: fout: argument 'PATHS...' ontbreekt" in _usage(["validate"], capsys)
    assert "ei validate: error: Missing argument" in _usage(["validate", "--lang", "en"], capsys)
    assert main([]) == 2
    assert "Opdrachten:" in capsys.readouterr().err  # its help, in Dutch (--lang nl)


# ----------------------------------------------------------------------------- message arguments


@pytest.mark.parametrize(
    ("argv", "role"),
    [
        (["return", "{thing}", "-o", "{out}"], ""),
        (["diff", "{thing}", str(WMO323)], "REQUEST: "),
        (["diff", str(WMO323), "{thing}"], "ANSWER: "),
    ],
)
def test_message_argument_that_is_a_folder_or_device_is_named_so(
    argv: list[str], role: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder or device given as the one message of return/diff is named as such.

    It exists, so "no such file" would send the user looking for a typo; a path that really is
    missing still says "no such file". Nothing is written.
    """
    out = tmp_path / "out.xml"
    folder = tmp_path / "berichten"
    folder.mkdir()
    cases = {
        str(folder): f"{role}{folder} is een map, geen bestand",
        os.devnull: f"{role}{os.devnull} is een tekenapparaat, geen bestand",
        str(tmp_path / "missing.xml"): f"{role}bestand bestaat niet: {tmp_path / 'missing.xml'}",
    }
    for thing, expected in cases.items():
        line = _usage([a.format(thing=thing, out=out) for a in argv], capsys)
        assert expected in line
    assert not out.exists()


def test_chain_refuses_an_existing_output_before_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei chain -o DIR` with a file of an earlier run: exit 2 before the chain runs or prints."""
    from eistandaard.cli import chain_cmd

    accepted = FIXTURES / "bm" / "2.0" / "chain" / "flow7-accepted.xml"
    (tmp_path / "flow7-BM802.xml").write_text("old", encoding="utf-8")
    ran: list[bool] = []
    monkeypatch.setattr(chain_cmd, "simulate_chain", lambda *a, **k: ran.append(True))
    for lang in ("nl", "en"):
        argv = ["chain", str(accepted), "--as-of", "2026-11-23", "-o", str(tmp_path)]
        assert main([*argv, "--lang", lang]) == 2
        captured = capsys.readouterr()
        assert ("bestaat al" if lang == "nl" else "exists") in captured.err
        assert captured.out == ""  # no path, no outcome printed
    assert ran == []
    assert (tmp_path / "flow7-BM802.xml").read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", ("pad: 1 -> 4 -> 5 -> 7", "stroom 7", "uitkomst: goedgekeurd", "geschreven: ")),
     ("en", ("path: 1 -> 4 -> 5 -> 7", "flow 7", "outcome: accepted", "wrote "))],
)  # fmt: skip
def test_chain_prints_in_the_language_of_the_run(
    lang: str, words: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei chain --lang`: the path, flows, outcome and written files in that language only."""
    accepted = FIXTURES / "bm" / "2.0" / "chain" / "flow7-accepted.xml"
    argv = ["chain", str(accepted), "--as-of", "2026-11-23", "-o", str(tmp_path), "--lang", lang]
    assert main(argv) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out
    other = "outcome:" if lang == "nl" else "uitkomst:"
    assert other not in out


def test_validate_output_dir_refuses_an_existing_rapport_before_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei validate --output-dir` refuses an existing NAME.rapport.xml before validating."""
    from eistandaard.cli import validate_cmd

    one = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
    two = FIXTURES / "ijw" / "3.2" / "JW323" / "valid" / "basis.xml"
    (tmp_path / "basis.xml.rapport.xml").write_text("old", encoding="utf-8")
    monkeypatch.setattr(validate_cmd, "BatchOptions", None)  # any run would fail with exit 3
    argv = ["validate", "--format", "rapport", "--output-dir", str(tmp_path), str(one), str(two)]
    assert main(argv) == 2
    assert "bestaat al" in capsys.readouterr().err
    assert (tmp_path / "basis.xml.rapport.xml").read_text(encoding="utf-8") == "old"


WMO325_GOLDEN = FIXTURES / "golden/two-clients-with-credit.WMO325.xml"


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(WMO323), "-o", "-"],
        ["validate", "--format", "rapport", "--output-dir", "-", str(WMO323), str(BM801)],
        ["return", str(WMO323), "-o", "-"],
        ["diff", str(WMO323), str(WMO325_GOLDEN), "-o", "-"],
        ["chain", str(BM801), "-o", "-"],
        ["envelope", "build", str(WMO323), "-o", "-"],
        ["envelope", "build", str(WMO323), "-o", "meta.json", "--zip", "-"],
    ],
    ids=["validate", "validate-output-dir", "return", "diff", "chain", "envelope", "envelope-zip"],
)
def test_dash_is_never_an_output_file(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_validation: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``-o -`` (``-`` is standard input to ei): one usage line; no file called ``-`` is written."""
    monkeypatch.chdir(tmp_path)
    assert "uitvoer - zou een bestand met de naam - zijn" in _usage(argv, capsys)
    assert list(tmp_path.iterdir()) == []
