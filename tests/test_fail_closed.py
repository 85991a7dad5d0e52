"""Fail closed means every way out: plug-ins, stylesheets and odd input files (issue 9, item 2).

Every hostile level-5 check of ``fixtures/failclosed/hostile_checks.py`` and every endless or
memory-hungry stylesheet ends as verdict ``error`` / exit 3 within a (test-shortened) bound;
the user's own Ctrl-C ends ``ei`` with exit 130; a FIFO, socket or device given as input is a
level-1 finding, never a hang. What each fixture must give is in its ``*.expected.toml``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT, need_shared
from tests.messages import valid_fixture

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.bounds import Bounds
from eistandaard.core.errors import EngineError, InputError
from eistandaard.core.findings import Finding
from eistandaard.core.report import Verdict
from eistandaard.levels.checks import ParsedMessage, run_checks
from eistandaard.levels.relations import saxon as _saxon
from eistandaard.levels.relations.external import run_rapport_stylesheet
from eistandaard.levels.relations.runner import check_relations
from eistandaard.standards.catalog import default_catalog

HERE = FIXTURES / "failclosed"
EXPECTED = tomllib.loads((HERE / "hostile_checks.expected.toml").read_text(encoding="utf-8"))
AS_OF = dt.date(2026, 11, 23)
MIB = 1024 * 1024
SLACK = 30.0
"""Seconds a bounded run may take beyond its bound before the test calls it a hang."""

REJECTED_AT_LEVEL_3 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "invalid" / "tr101-same-bsn.xml"


def _expected(name: str) -> dict[str, object]:
    return tomllib.loads((HERE / f"{name}.expected.toml").read_text(encoding="utf-8"))


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``hostile_checks`` importable for ``--check hostile_checks:NAME``."""
    monkeypatch.syspath_prepend(str(HERE))


def _json_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, float]:
    began = time.monotonic()
    code = main(["validate", "--format", "json", "--no-plugins", *argv])
    elapsed = time.monotonic() - began
    document = json.loads(capsys.readouterr().out)
    return code, document["reports"][0], elapsed


@pytest.mark.parametrize("name", sorted(EXPECTED["checks"]))
def test_hostile_check_ends_as_its_sidecar_says(
    name: str, hostile: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each hostile plug-in: the verdict, exit code and engine error of its sidecar, in bound."""
    expected = EXPECTED["checks"][name]
    argv = ["--timeout", "2", "--max-memory", "256", "--check", f"hostile_checks:{name}"]
    code, report, elapsed = _json_run([*argv, str(valid_fixture("iwmo", "WMO323"))], capsys)
    assert code == expected["exit"]
    assert report["verdict"] == expected["verdict"]
    errors = " | ".join(report["engine_errors"])
    if expected["error"]:
        assert expected["error"] in errors
        assert f"level-5 check {name}" in errors
    else:
        assert errors == ""
    assert elapsed < 2 + SLACK


@pytest.mark.parametrize(
    "name", ["calls_sys_exit_zero", "raises_system_exit", "raises_keyboard_interrupt", "exits_hard"]
)
def test_exit_from_a_plugin_never_turns_a_rejection_into_a_pass(
    name: str, hostile: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A message rejected at level 3 plus a plug-in that exits: exit 3, never 0 (fc07)."""
    argv = ["--timeout", "2", "--check", f"hostile_checks:{name}", str(REJECTED_AT_LEVEL_3)]
    code, report, _ = _json_run(argv, capsys)
    assert code == 3
    assert report["verdict"] == "error"
    assert "TR101" in {finding["code"] for finding in report["findings"]}


def test_field_case_plugins_fail_closed(capsys: pytest.CaptureFixture[str]) -> None:
    """The plug-ins of field case fc07 all end as exit 3 (or exit 1 for the one that rejects)."""
    folder = need_shared("field-cases", "fc07-plugin-exits")
    sys.path.insert(0, str(folder))
    try:
        names = ["raises", "garbage", "none", "exits0", "exits_int", "kbint", "hard_exit"]
        names += ["hangs", "infinite", "recursion", "memory_error", "gen_raises"]
        for name in names:
            argv = ["--timeout", "2", "--check", f"f02_badplug:{name}", str(REJECTED_AT_LEVEL_3)]
            code, report, elapsed = _json_run(argv, capsys)
            assert (name, code, report["verdict"]) == (name, 3, "error")
            assert elapsed < 2 + SLACK
    finally:
        sys.path.remove(str(folder))


FORKING = tomllib.loads((HERE / "forking_checks.expected.toml").read_text(encoding="utf-8"))


def _gone(pid: int) -> bool:
    """True when process ``pid`` no longer runs (absent, or a zombie nobody reaped yet)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except FileNotFoundError:
        return True
    return "State:\tZ" in status


@pytest.mark.parametrize("name", sorted(FORKING["checks"]))
def test_forking_check_answers_once_and_leaves_nothing_behind(
    name: str,
    hostile: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A check that forks or starts a thread: only the check's own answer counts.

    Never the forked copy's "no findings"; a forked process is stopped with the check's process.
    """
    expected = FORKING["checks"][name]
    pid_file = tmp_path / "forked.pid"
    monkeypatch.setenv("EI_TEST_FORKED_PID", str(pid_file))
    argv = ["--timeout", "5", "--check", f"forking_checks:{name}"]
    code, report, elapsed = _json_run([*argv, str(valid_fixture("iwmo", "WMO323"))], capsys)
    assert (code, report["verdict"]) == (expected["exit"], expected["verdict"])
    assert [finding["code"] for finding in report["findings"]] == expected["codes"]
    assert elapsed < 5 + SLACK
    if pid_file.exists():
        pid = int(pid_file.read_text(encoding="ascii"))
        deadline = time.monotonic() + 10
        while not _gone(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(pid), f"the process {pid} a check forked outlived the call"


def test_api_plugin_exit_is_an_error_and_the_message_is_not_changed() -> None:
    """validate(checks=...): sys.exit(0) is verdict error; a check's edits stay in its process."""
    sys.path.insert(0, str(HERE))
    try:
        import hostile_checks
    finally:
        sys.path.remove(str(HERE))
    report = eistandaard.validate(
        REJECTED_AT_LEVEL_3,
        checks=[hostile_checks.calls_sys_exit_zero],
        entry_points=False,
        timeout=2,
        as_of=AS_OF,
    )
    assert report.verdict is Verdict.ERROR
    assert "SystemExit: 0" in report.engine_errors[0]

    data = valid_fixture("iwmo", "WMO323").read_bytes()
    tree = etree.ElementTree(etree.fromstring(data))
    spec = default_catalog().identify(tree.getroot())
    assert spec is not None
    message = ParsedMessage(spec, spec.identity(tree.getroot()), tree, data, AS_OF)
    before = etree.tostring(tree)
    assert run_checks(message, [hostile_checks.changes_the_message], bounds=Bounds(2)) == []
    assert etree.tostring(tree) == before


def test_later_checks_still_run_after_a_good_one() -> None:
    """Several checks in one child: each one's findings come back, in order, at level 5."""

    def first(message: ParsedMessage) -> list[Finding]:
        return [Finding(level=5, code="GEM01", text_nl="een", text_en="one")]

    def second(message: ParsedMessage) -> list[Finding]:
        return [Finding(level=3, code="GEM02", text_nl="twee", text_en="two")]

    report = eistandaard.validate(
        valid_fixture("iwmo", "WMO323"), checks=[first, second], entry_points=False, as_of=AS_OF
    )
    assert [(f.code, int(f.level)) for f in report.findings] == [("GEM01", 5), ("GEM02", 5)]


@pytest.mark.parametrize(
    ("timeout", "max_memory"),
    [(0, MIB), (-1, MIB), (float("nan"), MIB), (float("inf"), MIB), (2e6, MIB), (1, 0), (1, -5)],
)
def test_bounds_that_are_not_positive_are_refused(timeout: float, max_memory: int) -> None:
    """validate(timeout=..., max_memory=...) outside (0, inf): InputError, nothing runs."""
    with pytest.raises(InputError, match="bound"):
        eistandaard.validate(b"<a/>", timeout=timeout, max_memory=max_memory)


@pytest.mark.parametrize(
    "option",
    [["--timeout", "0"], ["--timeout", "soon"], ["--timeout", "1e9"], ["--max-memory", "0"]],
)
def test_bad_bound_options_are_usage_errors(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """--timeout 0, --timeout soon, --max-memory 0: exit 2 with a usage line, no traceback."""
    assert main(["validate", *option, str(valid_fixture("iwmo", "WMO323"))]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert option[0] in err


def test_endless_rapport_stylesheet_is_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    """An external --rules stylesheet that never ends: exit 3 naming it, within the bound."""
    expected = _expected("endless-rapport")
    argv = ["--timeout", "2", "--rules", str(HERE / "endless-rapport.xsl")]
    code, report, elapsed = _json_run([*argv, str(valid_fixture("iwmo", "WMO323"))], capsys)
    assert code == expected["exit"]
    assert report["verdict"] == expected["verdict"]
    assert any(str(expected["error"]) in error for error in report["engine_errors"])
    assert elapsed < 2 + SLACK


def test_field_case_endless_stylesheet_is_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    """fc11: the field case's endless rapport stylesheet ends as exit 3 within the bound."""
    stylesheet = need_shared("field-cases", "fc11-endless-stylesheet", "f06-endless-rapport.xsl")
    argv = ["--timeout", "2", "--rules", str(stylesheet), str(valid_fixture("ijw", "JW323"))]
    code, report, elapsed = _json_run(argv, capsys)
    assert code == 3
    assert "time bound of 2 s" in " ".join(report["engine_errors"])
    assert elapsed < 2 + SLACK


def test_memory_hungry_stylesheet_is_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    """A stylesheet that allocates without end: exit 3 naming the memory bound."""
    expected = _expected("hungry-rapport")
    argv = ["--timeout", "120", "--max-memory", "256", "--rules", str(HERE / "hungry-rapport.xsl")]
    code, report, _ = _json_run([*argv, str(valid_fixture("iwmo", "WMO323"))], capsys)
    assert code == expected["exit"]
    assert report["verdict"] == expected["verdict"]
    assert any(str(expected["error"]) in error for error in report["engine_errors"])


BUNDLED = {
    "WMO323": valid_fixture("iwmo", "WMO323"),
    "JW323": valid_fixture("ijw", "JW323"),
    "GDS801": FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml",
    "BM801": sorted((FIXTURES / "bm" / "2.0" / "BM801" / "valid").glob("*.xml"))[0],
}


@pytest.mark.parametrize("message", sorted(BUNDLED))
def test_bundled_rules_of_every_family_are_bounded_too(message: str) -> None:
    """Every family's bundled level-3 stylesheet runs under the bound: a tiny bound stops it."""
    report = eistandaard.validate(BUNDLED[message], timeout=1e-6, entry_points=False, as_of=AS_OF)
    assert report.verdict is Verdict.ERROR
    assert report.identity is not None
    assert report.identity.message == message
    assert "was stopped: it ran longer than the time bound" in report.engine_errors[0]
    again = eistandaard.validate(BUNDLED[message], as_of=AS_OF, entry_points=False)
    assert again.engine_errors == ()  # a fresh worker took over


def test_relation_stylesheet_contract_is_bounded() -> None:
    """check_relations with an endless findings stylesheet raises EngineError within the bound."""
    expected = _expected("endless-findings")
    data = valid_fixture("iwmo", "WMO323").read_bytes()
    spec = default_catalog().identify(etree.fromstring(data))
    assert spec is not None
    began = time.monotonic()
    with pytest.raises(EngineError) as raised:
        check_relations(
            spec, data, as_of=AS_OF, stylesheet=HERE / "endless-findings.xsl", bounds=Bounds(2)
        )
    assert str(expected["error"]) in str(raised.value)
    assert time.monotonic() - began < 2 + SLACK


def test_worker_is_kept_between_messages_and_replaced_after_a_stop() -> None:
    """One SaxonC worker serves message after message; a stopped run gets a new worker."""
    payload = valid_fixture("iwmo", "WMO323").read_bytes()
    eistandaard.validate(payload, as_of=AS_OF, entry_points=False)
    first = _saxon._STATE["worker"].process.pid
    eistandaard.validate(payload, as_of=AS_OF, entry_points=False)
    assert _saxon._STATE["worker"].process.pid == first
    with pytest.raises(EngineError, match="time bound"):
        run_rapport_stylesheet(
            HERE / "endless-rapport.xsl", payload, as_of=AS_OF, bounds=Bounds(seconds=1)
        )
    assert "worker" not in _saxon._STATE
    assert eistandaard.validate(payload, as_of=AS_OF, entry_points=False).verdict is (
        Verdict.ACCEPTED
    )
    assert _saxon._STATE["worker"].process.pid != first


# --- non-regular files -------------------------------------------------------------------------


def _ei109(report: eistandaard.Report) -> str:
    assert report.verdict is Verdict.REJECTED
    assert report.codes == ["EI109"]
    return report.findings[0].details or ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_a_level_1_finding_not_a_hang(tmp_path: Path) -> None:
    """A FIFO without a writer: EI109 'a FIFO' from the API (opening it would block forever)."""
    fifo = tmp_path / "bericht.xml"
    os.mkfifo(fifo)
    assert "a FIFO" in _ei109(eistandaard.validate(fifo))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_in_a_scanned_directory_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory scan lists a FIFO named *.xml as EI109 (exit 1), next to the good file."""
    (tmp_path / "goed.xml").write_bytes(valid_fixture("iwmo", "WMO323").read_bytes())
    os.mkfifo(tmp_path / "pijp.xml")
    assert main(["validate", "--format", "json", "--no-plugins", str(tmp_path)]) == 1
    reports = json.loads(capsys.readouterr().out)["reports"]
    verdicts = {Path(r["source"]).name: r["verdict"] for r in reports}
    assert verdicts == {"goed.xml": "accepted", "pijp.xml": "rejected"}


def test_socket_and_directory_and_device_are_level_1_findings(tmp_path: Path) -> None:
    """A Unix socket, a directory and a character device each give EI109 naming the kind."""
    assert "a directory" in _ei109(eistandaard.validate(tmp_path))
    if hasattr(socket, "AF_UNIX"):
        path = tmp_path / "s.xml"
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
            assert "a socket" in _ei109(eistandaard.validate(path))
    if Path("/dev/zero").exists():
        assert "a character device" in _ei109(eistandaard.validate(Path("/dev/zero")))


# --- the user's Ctrl-C -------------------------------------------------------------------------


def _cli(argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environment = dict(os.environ)
    paths = [str(ROOT / "src"), str(HERE), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    environment.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "eistandaard.cli.main", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def _wait_for(condition: object, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_during_a_slow_plugin_exits_130(tmp_path: Path) -> None:
    """SIGINT to `ei validate` while a plug-in sleeps: exit 130, one line, no traceback."""
    marker = tmp_path / "started"
    argv = ["validate", "--no-plugins", "--check", "hostile_checks:sleeps"]
    process = _cli(
        [*argv, str(valid_fixture("iwmo", "WMO323"))], {"EI_TEST_PLUGIN_STARTED": str(marker)}
    )
    try:
        assert _wait_for(marker.exists), "the plug-in never started"
        child = int(marker.read_text(encoding="ascii"))
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()] == ["ei: onderbroken"]  # nl default
    assert out == ""
    assert _wait_for(lambda: not _running(child), 10), "the plug-in process outlived ei"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(part) for part in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_during_an_endless_stylesheet_exits_130_and_ends_the_worker() -> None:
    """SIGINT while the SaxonC worker runs an endless stylesheet: exit 130, worker gone."""
    argv = ["validate", "--no-plugins", "--rules", str(HERE / "endless-rapport.xsl")]
    process = _cli([*argv, str(valid_fixture("iwmo", "WMO323"))])
    try:
        if not _wait_for(lambda: bool(_children(process.pid))):
            pytest.skip("cannot see the worker process (/proc children not available)")
        worker = _children(process.pid)[0]
        time.sleep(1.0)  # let the worker start the endless run
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err
    assert _wait_for(lambda: not _running(worker), 10), "the SaxonC worker outlived ei"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_worker_ends_when_ei_is_killed() -> None:
    """SIGKILL to `ei` in the middle of an endless stylesheet: its worker does not spin on."""
    argv = ["validate", "--no-plugins", "--rules", str(HERE / "endless-rapport.xsl")]
    process = _cli([*argv, str(valid_fixture("iwmo", "WMO323"))])
    try:
        if not _wait_for(lambda: bool(_children(process.pid))):
            pytest.skip("cannot see the worker process (/proc children not available)")
        worker = _children(process.pid)[0]
        time.sleep(1.0)
        process.kill()
        process.communicate(timeout=60)
    finally:
        process.kill()
    assert _wait_for(lambda: not _running(worker), 10), "the SaxonC worker outlived ei"


def test_a_rule_engine_that_cannot_start_is_an_engine_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process that dies before SaxonC runs: verdict error naming the cause, no hang."""
    broken = tmp_path / "broken_worker.py"
    broken.write_text("import sys\nsys.stderr.write('no SaxonC here\\n')\nsys.exit(5)\n")
    _saxon.shutdown()
    monkeypatch.setattr(_saxon, "_WORKER_SCRIPT", broken)
    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), entry_points=False)
    assert report.verdict is Verdict.ERROR
    assert "the rule engine cannot start" in report.engine_errors[0]
    assert "exited with status 5" in report.engine_errors[0]
    assert "no SaxonC here" in report.engine_errors[0]
    monkeypatch.undo()
    assert eistandaard.validate(valid_fixture("iwmo", "WMO323"), entry_points=False).accepted


@pytest.mark.parametrize("name", ["calls_sys_exit_zero", "sleeps"])
def test_return_command_with_a_hostile_check_writes_no_answer(
    name: str, hostile: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return --check` with a plug-in that exits or sleeps: exit 3 and no answer file.

    The reason names the plug-in in the run's language (Dutch by default).
    """
    out = tmp_path / "antwoord.xml"
    argv = ["return", str(valid_fixture("iwmo", "WMO323")), "-o", str(out), "--timeout", "2"]
    assert main([*argv, "--check", f"hostile_checks:{name}"]) == 3
    assert not out.exists()
    assert f"niveau-5-controle {name}" in capsys.readouterr().err


def test_chain_command_with_a_sleeping_cak_check_is_an_engine_error(
    hostile: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei chain --cak-checks` with a CAK plug-in that sleeps: outcome error, exit 3, in bound."""
    message = FIXTURES / "bm" / "2.0" / "chain" / "flow7-accepted.xml"
    argv = ["chain", str(message), "--as-of", "2026-11-23", "--timeout", "2"]
    began = time.monotonic()
    assert main([*argv, "--cak-checks", "hostile_checks:sleeps"]) == 3
    assert time.monotonic() - began < 2 + SLACK
    assert "niveau-5-controle sleeps is gestopt" in capsys.readouterr().out  # nl by default


def test_check_module_that_exits_while_imported_is_a_usage_error(
    hostile: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--check` naming a module that calls sys.exit(0) on import: exit 2 naming it, not 0."""
    argv = ["validate", "--check", "exits_at_import:check", str(valid_fixture("iwmo", "WMO323"))]
    assert main(argv) == 2
    assert "exits_at_import:check" in capsys.readouterr().err


def test_entry_point_that_exits_while_loaded_is_an_engine_error(
    hostile: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A published check whose module calls sys.exit(0) on import: verdict error, not a pass."""
    from importlib import metadata

    from eistandaard import pipeline
    from eistandaard.levels import checks

    entry = metadata.EntryPoint("afsluiter", "exits_at_import:check", checks.ENTRY_POINT_GROUP)
    monkeypatch.setattr(checks.metadata, "entry_points", lambda group: [entry])
    pipeline._published_checks.cache_clear()
    try:
        report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF)
    finally:
        pipeline._published_checks.cache_clear()
    assert report.verdict is Verdict.ERROR
    assert '"afsluiter" cannot be loaded: SystemExit: 0' in report.engine_errors[0]


def test_cli_turns_a_stray_system_exit_into_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SystemExit(0) from anywhere inside a command: exit 3 with one line, never exit 0."""
    from eistandaard.cli import validate_cmd

    def leave(*_args: object, **_kwargs: object) -> None:
        sys.exit(0)

    monkeypatch.setattr(validate_cmd, "validate_many", leave)
    assert main(["validate", str(valid_fixture("iwmo", "WMO323"))]) == 3
    assert "SystemExit: 0" in capsys.readouterr().err


def _command_on_a_fifo(kind: str, fifo: Path, tmp_path: Path) -> list[str]:
    wmo = str(valid_fixture("iwmo", "WMO323"))
    gds = str(FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml")
    out = str(tmp_path / "antwoord.xml")
    return {
        "chain": ["chain", str(fifo), "--as-of", "2026-11-23"],
        "diff": ["diff", str(fifo), wmo],
        "return-request": ["return", str(fifo), "-o", out],
        "return-decisions-json": ["return", wmo, "--decisions", str(fifo), "-o", out],
        "return-decisions-toml": ["return", gds, "--decisions", str(fifo), "-o", out],
    }[kind]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize(
    "kind",
    ["chain", "diff", "return-request", "return-decisions-json", "return-decisions-toml"],
)
def test_every_command_refuses_a_fifo_without_hanging(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO as message or decisions file of chain/diff/return: usage error (exit 2), no hang."""
    suffix = ".toml" if kind.endswith("toml") else ".json" if "decisions" in kind else ".xml"
    fifo = tmp_path / f"pijp{suffix}"
    os.mkfifo(fifo)
    assert main(_command_on_a_fifo(kind, fifo, tmp_path)) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "antwoord.xml").exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_caller_gets_its_own_worker_and_leaves_the_parents_alone() -> None:
    """validate() in a forked child (a multiprocessing pool, say): own worker, parent's intact."""
    payload = valid_fixture("iwmo", "WMO323").read_bytes()
    assert eistandaard.validate(payload, as_of=AS_OF, entry_points=False).accepted
    parent_worker = _saxon._STATE["worker"].process.pid
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            report = eistandaard.validate(payload, as_of=AS_OF, entry_points=False)
            mine = _saxon._STATE["worker"].process.pid
            code = 0 if report.accepted and mine != parent_worker else 2
            _saxon.shutdown()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert _saxon._STATE["worker"].process.pid == parent_worker
    assert _saxon._STATE["worker"].alive()
    assert eistandaard.validate(payload, as_of=AS_OF, entry_points=False).accepted


def test_what_a_check_prints_never_corrupts_the_report_on_standard_output() -> None:
    """A check's print() goes to standard error: `--format json` on stdout stays one JSON report."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(HERE)])}
    argv = [sys.executable, "-m", "eistandaard.cli.main", "validate", "--format", "json"]
    argv += ["--no-plugins", "--check", "hostile_checks:prints_while_checking"]
    argv += [str(valid_fixture("iwmo", "WMO323"))]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)["reports"][0]
    assert [finding["code"] for finding in report["findings"]] == ["GEM91"]
    assert "debug: checking the message" in done.stderr
