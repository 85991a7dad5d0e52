"""Start-up and batch speed (issue 15): imports, SaxonC workers started ahead, batch paths.

What ``ei validate`` imports, SaxonC workers started ahead of need and handed to the pool, and
the paths of the batch candidates.

The SaxonC tests run in a fresh interpreter: spares are started only by a process that has no
worker of its own, which this test process has after the first validation.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT

import eistandaard
from eistandaard.batch import _select, candidates
from eistandaard.core.paths import PathCache
from eistandaard.standards.catalog import default_catalog

FAILCLOSED = FIXTURES / "failclosed"


def _python(script: str, timeout: float = 120) -> dict[str, object]:
    """Run ``script`` in a fresh interpreter (``src`` on the path); its last output line as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_ei_validate_does_not_import_the_other_commands_or_jsonschema() -> None:
    """Importing the validate command leaves diff, answer, serve, the BM chain, jsonschema out."""
    result = _python(
        """
        import json, sys
        import eistandaard.cli.main
        import eistandaard.cli.validate_cmd
        heavy = ["jsonschema", "eistandaard.diff", "eistandaard.conventions.istandaarden",
                 "eistandaard.serve",
                 "eistandaard.cli.diff_cmd", "eistandaard.cli.serve_cmd",
                 "eistandaard.vecozo.chain"]
        print(json.dumps({"loaded": [name for name in heavy if name in sys.modules]}))
        """
    )
    assert result["loaded"] == []


def test_package_names_are_still_there_when_imported_lazily() -> None:
    """Every name in ``eistandaard.__all__`` resolves; an unknown name is an AttributeError."""
    for name in eistandaard.__all__:
        assert getattr(eistandaard, name) is not None
    assert set(eistandaard.__all__) <= set(dir(eistandaard))
    assert eistandaard.validate(b"<not xml").verdict.value == "rejected"
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = eistandaard.no_such_name  # type: ignore[attr-defined]  # the point of the test


def test_every_ei_command_is_listed_and_loads() -> None:
    """The lazily loaded subcommands are all listed by ``ei -h`` and resolve to commands."""
    from click.testing import CliRunner

    from eistandaard.cli.main import COMMANDS, cli

    done = CliRunner().invoke(cli, ["-h"])
    assert done.exit_code == 0
    for name in COMMANDS:
        assert name in done.output
        assert cli.get_command(cli.make_context("ei", ["-h"], resilient_parsing=True), name)


def test_forked_pool_workers_take_the_saxon_workers_started_ahead() -> None:
    """With two spares, ``jobs=2`` uses both: this process takes one, its forked child the other.

    The child's (adopted) ends with the child; this process keeps its own for later runs.
    """
    result = _python(
        """
        import json, os
        from pathlib import Path
        from eistandaard.levels.relations import saxon as _saxon
        _saxon.start_spares(2)
        _saxon.settle_spares()  # the second is started by a thread
        spares = sorted(w.process.pid for w in _saxon._SPARES)
        spare_processes = {w.process.pid: w for w in _saxon._SPARES}
        import eistandaard.parallel as parallel
        original = parallel._attempt

        def attempt(item, options, render=None):
            report, found, rendered = original(item, options, render)
            worker = _saxon._STATE["worker"]
            tagged = report.__class__(source=report.source, notes=(
                f"saxon={worker.process.pid} adopted={worker.adopted}",))
            return tagged, found, rendered

        parallel._attempt = attempt
        folder = Path("fixtures/iwmo/3.2/WMO323/valid")
        items = sorted(folder.glob("*.xml"))[:2] + sorted(
            Path("fixtures/ijw/3.2/JW323/valid").glob("*.xml"))[:2]
        reports = parallel.validate_many(items * 2, parallel.BatchOptions(), jobs=2)
        used = {n for r in reports for n in r.notes if n.startswith("saxon=")}
        own = _saxon._STATE["worker"].process.pid
        print(json.dumps({
            "spares": spares,
            "used": sorted(used),
            "own": own,
            "left": len(_saxon._SPARES) + len(_saxon._HANDED),
            "ended": {str(pid): not w.alive() for pid, w in spare_processes.items()},
        }))
        """
    )
    spares = result["spares"]
    assert isinstance(spares, list)
    assert len(spares) == 2
    own = result["own"]
    assert own in spares
    (adopted,) = [pid for pid in spares if pid != own]
    assert result["used"] == sorted([f"saxon={own} adopted=False", f"saxon={adopted} adopted=True"])
    assert result["left"] == 0
    assert result["ended"] == {str(adopted): True, str(own): False}


def test_an_adopted_saxon_worker_past_its_bound_is_stopped_and_replaced() -> None:
    """Fail closed with an adopted worker: the time bound kills it; the next run gets a new one."""
    result = _python(
        f"""
        import datetime as dt, json, os
        from pathlib import Path
        from eistandaard.levels.relations import saxon as _saxon
        from eistandaard.core.bounds import Bounds
        from eistandaard.core.errors import EngineError
        from eistandaard.levels.relations.external import run_rapport_stylesheet
        import eistandaard
        payload = Path("fixtures/iwmo/3.2/WMO323/valid").glob("*.xml").__next__().read_bytes()
        _saxon.start_spares(1)
        spare = _saxon._SPARES[0]
        with _saxon.spares_for_forks():
            pid = os.fork()
        if pid == 0:
            code = 10
            try:
                worker = _saxon._STATE["worker"]
                code = 11 if worker is not spare or not worker.adopted else 12
                try:
                    run_rapport_stylesheet(Path({str(FAILCLOSED / "endless-rapport.xsl")!r}),
                        payload, as_of=dt.date(2026, 11, 23), bounds=Bounds(seconds=1))
                except EngineError as exc:
                    if "time bound" in str(exc) and not _saxon._running(spare.process.pid):
                        code = 13
                if code == 13:
                    report = eistandaard.validate(payload, entry_points=False)
                    again = _saxon._STATE["worker"]
                    ok = report.engine_errors == () and not again.adopted
                    code = 0 if ok and again.process.pid != spare.process.pid else 14
                _saxon.shutdown()
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        _saxon.reap_spares()
        print(json.dumps({{"child": os.waitstatus_to_exitcode(status),
                           "spare_ended": spare.process.poll() is not None}}))
        """
    )
    assert result == {"child": 0, "spare_ended": True}


def test_spares_nobody_takes_are_ended() -> None:
    """Spares left over (one message, or a process that had its own worker) end with the run."""
    result = _python(
        """
        import json
        from eistandaard.levels.relations import saxon as _saxon
        _saxon.start_spares(2)
        _saxon.settle_spares()  # the second is started by a thread
        processes = [w.process for w in _saxon._SPARES]
        _saxon.reap_spares()
        print(json.dumps({"ended": [p.poll() is not None for p in processes],
                          "left": len(_saxon._SPARES)}))
        """
    )
    assert result == {"ended": [True, True], "left": 0}


def test_batch_candidate_paths_are_the_paths_of_their_elements() -> None:
    """The paths built while selecting equal PathCache's, repeated elements ([n]) included."""
    catalog = default_catalog()
    checked = repeated = 0
    for path in sorted(FIXTURES.rglob("*.xml")):
        try:
            tree = etree.parse(str(path))
        except (etree.XMLSyntaxError, OSError):  # the intake's broken fixtures
            continue
        spec = catalog.identify(tree.getroot())
        if spec is None:
            continue
        cache = PathCache()
        expected = [cache.path(element) for _, element in _select(spec, tree)]
        found = [candidate.xpath for candidate in candidates(spec, tree)]
        assert found == expected, path
        checked += len(found)
        repeated += sum("[" in xpath for xpath in found if xpath)
    assert checked > 100
    assert repeated > 10  # the fixtures exercise the [n] steps


def test_ei_validate_ends_its_spares_after_a_usage_error() -> None:
    """``ei validate`` with a bad option starts SaxonC workers ahead, and ends them at exit 2."""
    result = _python(
        """
        import json
        from eistandaard.cli.main import main
        from eistandaard.levels.relations import saxon as _saxon
        started = []
        original = _saxon.start_spares

        def spy(count, bounds=None):
            original(count, bounds)
            _saxon.settle_spares()
            started.extend(w.process for w in _saxon._SPARES)

        _saxon.start_spares = spy
        code = main(["validate", "--format", "no-such-format", "x.xml"])
        print(json.dumps({"code": code, "started": len(started), "left": len(_saxon._SPARES),
                          "ended": all(p.poll() is not None for p in started)}))
        """
    )
    assert result["code"] == 2
    assert isinstance(result["started"], int)
    assert result["started"] >= 1
    assert result["left"] == 0
    assert result["ended"] is True


def test_spares_past_the_first_do_not_hold_up_the_caller() -> None:
    """start_spares(2) returns once the first has started: a thread starts the second.

    The thread ends by settle_spares(); no thread is left, so workers can be forked, and
    ``validate_many`` settles by itself before it forks.
    """
    result = _python(
        """
        import json, threading
        from eistandaard.levels.relations import saxon as _saxon
        _saxon.start_spares(2)
        right_after = len(_saxon._SPARES)
        _saxon.settle_spares()
        settled = len(_saxon._SPARES)
        threads = threading.active_count()
        _saxon.reap_spares()
        print(json.dumps({"right_after": right_after, "settled": settled, "threads": threads}))
        """
    )
    assert result["right_after"] in (1, 2)  # the thread may have been quick
    assert result["settled"] == 2
    assert result["threads"] == 1


def test_a_stylesheet_compiled_ahead_fails_closed_when_it_does_not_compile(tmp_path: Path) -> None:
    """prepare() never raises; the run that needs a broken stylesheet still reports it.

    A good one prepared ahead runs as usual, and its worker is asked only once.
    """
    broken = tmp_path / "broken.xsl"
    broken.write_text(
        "<xsl:stylesheet version='3.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
    )
    good = ROOT / "xslt" / "iwmo" / "3.2" / "WMO323.xsl"
    payload = (FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml").as_posix()
    result = _python(
        f"""
        import datetime as dt, json
        from pathlib import Path
        from eistandaard.core.errors import EngineError
        from eistandaard.levels.relations import saxon as _saxon
        _saxon.prepare(Path({str(broken)!r}))
        _saxon.prepare(Path({str(good)!r}))
        _saxon.prepare(Path({str(good)!r}))  # asked once: the second is a no-op
        worker = _saxon._STATE["worker"]
        pending = worker.pending
        try:
            _saxon.transform(Path({str(broken)!r}), b"<a/>", {{}})
            broken = "ran"
        except EngineError as exc:
            broken = str(exc)
        data = Path({payload!r}).read_bytes()
        out = _saxon.transform(Path({str(good)!r}), data, {{"peildatum": dt.date(2026, 11, 23)}})
        print(json.dumps({{"pending": pending, "left": worker.pending, "broken": broken,
                           "good": "findings" in out}}))
        """
    )
    assert result["pending"] == 2
    assert result["left"] == 0
    assert "does not compile" in str(result["broken"])
    assert result["good"] is True
