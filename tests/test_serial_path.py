"""The serial part of ``ei validate --jobs N`` (issue 15): imports, JSON made by the workers, exit.

What ``ei validate --format json`` no longer imports (the other reporters, ``rich``, the VECOZO
envelope checks, the Vektis conventions), the JSON that each worker writes for its reports and
this process joins (byte for byte the document of one process), and the exit at once after
``ei validate``. Import checks run in a fresh interpreter.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES, ROOT

from eistandaard.cli.main import main
from eistandaard.core.bounds import Bounds
from eistandaard.core.findings import Finding, Location, Severity
from eistandaard.core.report import NotRun, Report
from eistandaard.parallel import BatchOptions, validate_many, validate_many_rendered
from eistandaard.render.json_report import (
    _dumps,
    report_json,
    report_to_dict,
    reports_to_json,
)
from eistandaard.render.registry import REPORTERS, RenderOptions, clean_text
from eistandaard.render.safe import json_safe

WMO = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
JW = FIXTURES / "ijw/3.2/JW323/invalid/tr101-same-bsn.xml"
VALID = (("iwmo", "WMO"), ("ijw", "JW"))
RENDERERS = [f"eistandaard.render.{name}" for name in ("text", "github", "html", "junit", "sarif")]


def _python(script: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``script`` in a fresh interpreter (``src`` on the path); its last output line as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", **(env or {})},
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- imports --------------------------------------------------------------------------------


def test_the_reporter_table_imports_a_reporter_only_when_it_renders() -> None:
    """Reading the table (names, descriptions) imports no reporter; rendering imports its own."""
    result = _python(
        f"""
        import json, sys
        from eistandaard.render import REPORTERS, RenderOptions
        listed = [(r.name, r.description, r.suffix) for r in REPORTERS.values()]
        before = sorted(m for m in {[*RENDERERS, "eistandaard.render.json_report", "rich"]!r}
                        if m in sys.modules)
        REPORTERS["sarif"].render([], RenderOptions())
        after = sorted(m for m in {RENDERERS!r} if m in sys.modules)
        print(json.dumps({{"listed": listed, "before": before, "after": after}}))
        """
    )
    assert [name for name, _, _ in result["listed"]] == [
        "text",
        "github",
        "html",
        "junit",
        "sarif",
        "json",
        "rapport",
    ]
    assert all(description for _, description, _ in result["listed"])
    assert result["before"] == []
    assert result["after"] == ["eistandaard.render.sarif"]


def test_ei_validate_json_imports_neither_other_reporters_nor_rich_nor_vecozo() -> None:
    """A JSON run of two families loads no other reporter, no rich, no envelope nor Vektis code."""
    result = _python(
        f"""
        import io, json, sys
        from eistandaard.cli.main import main
        sys.stdout = io.TextIOWrapper(io.BytesIO())
        code = main(["validate", "--format", "json", "--jobs", "1", {str(WMO)!r}, {str(JW)!r}])
        sys.stdout = sys.__stdout__
        heavy = {RENDERERS!r} + ["rich", "eistandaard.vecozo.checks", "eistandaard.vecozo.envelope",
                 "eistandaard.vecozo.build", "eistandaard.conventions.vektis",
                 "concurrent.futures"]
        print(json.dumps({{"code": code, "loaded": [m for m in heavy if m in sys.modules]}}))
        """
    )
    assert result["code"] == 1
    assert result["loaded"] == []


def test_the_package_names_of_render_and_vecozo_are_still_there() -> None:
    """``eistandaard.render`` and ``eistandaard.vecozo`` give every public name, lazily."""
    import eistandaard.render as render
    import eistandaard.vecozo as vecozo

    for package in (render, vecozo):
        for name in package.__all__:
            assert getattr(package, name) is not None, name
        assert set(package.__all__) <= set(dir(package))
        with pytest.raises(AttributeError):
            _ = package.no_such_name
    assert vecozo.DEFAULT_PAYLOAD_LIMIT == 25_000_000


def test_help_still_lists_every_format_with_its_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``ei validate --lang en -h`` names every format of the table and says what it is."""
    assert main(["validate", "--lang", "en", "-h"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    for item in REPORTERS.values():
        assert item.name in shown
        assert " ".join(item.description.split())[:30] in shown


def test_stderr_is_no_terminal_without_importing_rich() -> None:
    """Standard error not a TTY and nothing in the environment: no progress bar, no rich import.

    ``FORCE_COLOR`` makes it a terminal, as rich decides it.
    """
    script = """
        import json, sys
        from eistandaard.cli.validate_cmd import _stderr_is_terminal
        print(json.dumps({"terminal": _stderr_is_terminal(), "rich": "rich" in sys.modules}))
        """
    assert _python(script) == {"terminal": False, "rich": False}
    assert _python(script, {"FORCE_COLOR": "1"}) == {"terminal": True, "rich": True}


def test_cheaper_import_time_forms_mean_the_same() -> None:
    """The XML-character class, the name-start test and the bounds converter are unchanged."""
    from eistandaard.levels.structure import _name_start

    old_xml = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    old_name = re.compile(r"[A-Za-z_\u00c0-\ufffd]")
    codes = [*range(0x10000), *range(0x10000, 0x110000, 0x3FF), 0x10FFFF]
    for code in codes:
        char = chr(code)
        assert (clean_text(char) != char) == bool(old_xml.match(char)), hex(code)
        assert _name_start(char + "x") == bool(old_name.match(char + "x")), hex(code)
    assert not _name_start("")
    assert Bounds(seconds="1.5").seconds == 1.5  # type: ignore[arg-type]  # a string converts
    assert Bounds(seconds=2).seconds == 2.0
    with pytest.raises(ValueError, match="the time bound must be"):
        Bounds(seconds="soon")  # type: ignore[arg-type]  # refused, worded (an InputError)


# --- the JSON, in parts -----------------------------------------------------------------------


class _Code(enum.IntEnum):
    ONE = 1


class _Text(str):
    """A string subclass, as json.dumps writes it."""


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -17,
        10**30,
        1.5,
        -0.0,
        1e300,
        math.inf,
        -math.inf,
        math.nan,
        "",
        'ä \u2028 \x7f \x1b "quoted" back\\slash\nline',
        _Text("sub"),
        _Code.ONE,
        [],
        {},
        (),
        [[], {}, [1, 2, 3], [True, 1], ["a", None]],
        {"a": {"b": {"c": [1, {"d": []}]}}, "e": (1, "x")},
        {1: "int key", None: "none key", False: "bool key", 2.5: "float key"},
        {"mixed": {"x": 1, 3: 4}},
    ],
)
def test_the_fast_encoder_writes_what_json_dumps_writes(value: Any) -> None:
    """``_dumps`` gives ``json.dumps(indent=2, ensure_ascii=False)`` byte for byte, nested too."""
    expected = json.dumps(value, indent=2, ensure_ascii=False)
    assert _dumps(value) == expected
    nested = json.dumps({"k": [value]}, indent=2, ensure_ascii=False)
    assert "{\n  " + '"k": [\n    ' + _dumps(value, " " * 4) + "\n  ]\n}" == nested


def test_the_fast_encoder_refuses_what_json_refuses() -> None:
    """A value JSON has no form for raises TypeError, as json.dumps does."""
    with pytest.raises(TypeError):
        _dumps({"set": {1, 2}})
    with pytest.raises(TypeError):
        _dumps([object()])


def _finding(code: str, text: str, details: str | None = None) -> Finding:
    return Finding(
        level=3,
        code=code,
        retourcode=code[-4:],
        severity=Severity.ERROR,
        message_class="Client",
        text_nl=text,
        text_en=text,
        details=details,
        locations=(Location(xpath="/Bericht/Client[1]", line=7, column=3),),
    )


def _reports() -> list[Report]:
    """Reports with shared and own notes and not-run rules, odd characters and details."""
    history = NotRun("TR318", 3, "history", "needs earlier messages")
    contract = NotRun("TR418", 3, "contract", "needs the contract")
    codelist = NotRun("CL1", 4, "codelist", "list missing", codelist="AGB")
    return [
        Report(
            source="a.xml",
            as_of=dt.date(2026, 11, 23),
            notes=("shared note", "own note \u202e with a bidi override"),
            not_run=(history, contract),
            findings=(_finding("TR001", "tekst ä \x1b", "detail \u2029 \x7f"),),
            timings={"level1": 0.0012345678},
        ),
        Report(source="b.xml", notes=("shared note",), not_run=(history, codelist)),
        Report(
            source="c\u2028.xml",
            notes=("shared note", "shared note"),
            not_run=(contract, history),
            engine_errors=("level 3: boom",),
            findings=(_finding("TR002", "x"), _finding("TR003", "")),
        ),
        Report(source="d.xml"),
    ]


def _reference(reports: list[Report]) -> str:
    """The document as one ``json.dumps`` of the whole writes it (the form before the parts)."""
    from eistandaard.core.report import shared_not_run, shared_notes
    from eistandaard.render.json_report import JSON_FORMAT_VERSION, _not_run

    notes, not_run = shared_notes(reports), shared_not_run(reports)
    verdicts = [r.verdict.value for r in reports]
    document = {
        "format": "eistandaard-report",
        "version": JSON_FORMAT_VERSION,
        "summary": {
            "files": len(reports),
            "accepted": verdicts.count("accepted"),
            "rejected": verdicts.count("rejected"),
            "error": verdicts.count("error"),
        },
        "shared": {
            "notes": [{"text": n, "reports": list(w)} for n, w in notes.items()],
            "not_run": [{**_not_run(i), "reports": list(w)} for i, w in not_run.items()],
        },
        "reports": [report_to_dict(r, omit_notes=notes, omit_not_run=not_run) for r in reports],
    }
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False))


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4])
def test_joined_parts_are_the_document_of_one_dumps(count: int) -> None:
    """With or without parts made beforehand, the document is the one json.dumps writes."""
    reports = _reports()[:count]
    expected = _reference(reports)
    assert reports_to_json(reports) == expected
    assert reports_to_json(reports, parts=[report_json(r) for r in reports]) == expected
    some = [report_json(r) if n % 2 else None for n, r in enumerate(reports)]
    assert reports_to_json(reports, parts=some) == expected
    assert reports_to_json(reports, indent=None) == json_safe(
        json.dumps(json.loads(expected), ensure_ascii=False)
    )


def test_parts_without_timings_match_reports_without_timings() -> None:
    """``report_json(timings=False)`` is the part of the report with its timings left out."""
    import attrs

    reports = _reports()
    bare = [attrs.evolve(r, timings={}) for r in reports]
    parts = [report_json(r, timings=False) for r in reports]
    assert reports_to_json(bare, parts=parts) == _reference(bare)
    assert '"timings": {}' in reports_to_json(bare, parts=parts)


def test_more_parts_than_reports_are_refused() -> None:
    """A part without its report is a programming error, not a silent document."""
    with pytest.raises(ValueError, match="2 JSON parts for 1 reports"):
        reports_to_json(_reports()[:1], parts=[None, None])


def _pid_and_findings(report: Report) -> tuple[int, int]:
    """A render function for the tests: where it ran, and what it saw."""
    return os.getpid(), len(report.findings)


def test_the_workers_render_their_own_reports(tmp_path: Path) -> None:
    """With jobs=2 the forked child renders the reports it checked; the reports are unchanged."""
    valid = [FIXTURES / f"{family}/3.2/{kind}323/valid" for family, kind in VALID]
    items = [path for folder in valid for path in sorted(folder.glob("*.xml"))[:3]]
    options = BatchOptions(entry_points=False)
    pairs = validate_many_rendered(items, options, _pid_and_findings, jobs=2)
    plain = validate_many(items, options, jobs=1)
    assert [r.source for r, _ in pairs] == [r.source for r in plain]
    assert [r.verdict for r, _ in pairs] == [r.verdict for r in plain]
    pids = {pid for _, (pid, _) in pairs}
    assert os.getpid() in pids
    assert len(pids) == 2  # this process and its child
    assert all(seen == len(r.findings) for r, (_, seen) in pairs)


def test_a_report_the_batch_changes_is_rendered_again_here(tmp_path: Path) -> None:
    """A duplicate found across the batch (in this process) is rendered with its new finding."""
    items = []
    for number in range(4):
        target = tmp_path / f"{number:02d}.xml"
        shutil.copyfile(WMO, target)  # the same message four times: the 2nd on are duplicates
        items.append(target)
    options = BatchOptions(entry_points=False)
    pairs = validate_many_rendered(items, options, _pid_and_findings, jobs=2)
    assert pairs[0][0].verdict.value == "accepted"
    for report, (pid, seen) in pairs[1:]:
        assert report.verdict.value == "rejected"
        assert seen == len(report.findings) > 0
        assert pid == os.getpid()  # rendered here, after the batch added the duplicate


def test_the_json_of_jobs_2_is_that_of_jobs_1_with_duplicates_and_errors(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Duplicates, broken input and two families: --jobs 2 writes the bytes of --jobs 1."""
    names = [WMO, JW, WMO, JW, WMO]
    for number, source in enumerate(names):
        shutil.copyfile(source, tmp_path / f"{number:02d}.xml")
    (tmp_path / "05-broken.xml").write_bytes(b"<Bericht><nope")
    args = ["validate", "--format", "json", "--no-timings", "--as-of", "2026-11-23", str(tmp_path)]
    assert main([*args, "--jobs", "1"]) == 1
    one = capsysbinary.readouterr().out
    assert main([*args, "--jobs", "2"]) == 1
    two = capsysbinary.readouterr().out
    assert one == two
    assert one.decode() == _reference_of(one) + "\n"


def _reference_of(document: bytes) -> str:
    """The document re-encoded by json.dumps: the same text when it was written as json does."""
    return json_safe(json.dumps(json.loads(document), indent=2, ensure_ascii=False))


# --- the exit ---------------------------------------------------------------------------------

_RUN = """
    import atexit, json, os, sys, threading
    real = os._exit
    def ended(code):
        sys.stdout.flush()
        sys.stderr.write("ENDED AT ONCE %d\\n" % code)
        sys.stderr.flush()
        real(code)
    os._exit = ended
    {setup}
    from eistandaard.cli.main import run
    sys.argv = ["ei", *{args!r}]
    run()
"""


def _run(args: list[str], setup: str = "") -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(_RUN).format(setup=setup, args=args)
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_ei_validate_ends_at_once_with_its_output_and_exit_code() -> None:
    """After ``ei validate`` the process ends at once, its whole output written, exit code kept."""
    done = _run(["validate", "--format", "json", "--jobs", "2", str(WMO), str(JW)])
    assert done.returncode == 1
    assert "ENDED AT ONCE 1" in done.stderr
    assert json.loads(done.stdout)["summary"]["files"] == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_still_fails_with_exit_3() -> None:
    """Standard output on a full device: exit 3, never the exit code of the verdict."""
    script = textwrap.dedent(_RUN).format(
        setup="", args=["validate", "--format", "json", "--jobs", "2", str(WMO), str(JW)]
    )
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-c", script],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
            check=False,
        )
    assert done.returncode == 3
    assert "kan de uitvoer niet schrijven" in done.stderr  # --lang nl (the default): Dutch


def test_other_commands_and_runs_that_register_exit_work_exit_normally(tmp_path: Path) -> None:
    """``ei --version``, a run with a non-daemon thread or a new exit handler: the normal exit.

    The exit handler registered during the run (as a plug-in could) still runs.
    """
    version = _run(["--version"])
    assert version.returncode == 0
    assert "ENDED AT ONCE" not in version.stderr
    marker = tmp_path / "handler-ran"
    setup = (
        "import eistandaard.parallel as p\n"
        "real_many = p._validate_many\n"
        "def many(*a, **k):\n"
        f"    atexit.register(lambda: open({str(marker)!r}, 'w').close())\n"
        "    return real_many(*a, **k)\n"
        "p._validate_many = many\n"
    )
    handler = _run(["validate", "--format", "json", str(WMO)], setup)
    assert handler.returncode == 0
    assert "ENDED AT ONCE" not in handler.stderr
    assert marker.exists()
    thread = _run(
        ["validate", "--format", "json", str(WMO)],
        "t = threading.Thread(target=threading.Event().wait, args=(4,)); t.start()",
    )
    assert thread.returncode == 0
    assert "ENDED AT ONCE" not in thread.stderr
    assert json.loads(thread.stdout)["summary"] == {
        "files": 1,
        "accepted": 1,
        "rejected": 0,
        "error": 0,
    }


def test_the_render_options_of_the_json_reporter_are_unchanged() -> None:
    """The json reporter of the table writes the same document as reports_to_json."""
    reports = _reports()
    data = REPORTERS["json"].render(reports, RenderOptions(lang="en"))
    assert data == (_reference(reports) + "\n").encode("utf-8")


def test_shell_completion_answers_without_an_internal_error() -> None:
    """Completing ``--format j``: the two formats, exit 0, nothing on standard error."""
    done = subprocess.run(
        [sys.executable, "-m", "eistandaard"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={
            "PYTHONPATH": str(ROOT / "src"),
            "PATH": "/usr/bin:/bin",
            "COMP_WORDS": "ei validate --format j",
            "COMP_CWORD": "3",
            "_EI_COMPLETE": "bash_complete",
        },
        check=False,
    )
    assert sorted(done.stdout.split()) == ["plain,json", "plain,junit"]
    assert done.returncode == 0
    assert done.stderr == ""


def test_every_lazy_package_exports_each_name_it_lists() -> None:
    """`eistandaard`, `.answers`, `.render`, `.vecozo`: every `__all__` name resolves.

    One helper (`core.lazy.lazy_exports`) serves the four and derives `__all__` from their
    tables; a name it does not list is an AttributeError in Python's own words, and `dir()`
    lists every public name.
    """
    import importlib

    for name in ("eistandaard", "eistandaard.answers", "eistandaard.render", "eistandaard.vecozo"):
        package = importlib.import_module(name)
        for public in package.__all__:
            assert getattr(package, public) is not None, (name, public)
            assert public in dir(package)
        with pytest.raises(AttributeError, match=f"module '{name}' has no attribute 'nope'"):
            package.nope  # noqa: B018 - the look-up itself is the test


def test_lazy_exports_refuses_a_name_claimed_by_two_modules() -> None:
    """A table that lists one name under two modules is a mistake, said at import, not a guess."""
    import types

    from eistandaard.core.lazy import lazy_exports

    package = types.ModuleType("demo")
    with pytest.raises(ValueError, match="demo: sqrt listed for math and cmath"):
        lazy_exports(package.__dict__, {"math": "sqrt", "cmath": "sqrt"})
    _, _, public = lazy_exports(package.__dict__, {"math": "pi"}, eager=("__version__",))
    assert public == ["__version__", "pi"]
