"""Validating many messages: in this process or in a pool of worker processes.

Saxon executables cannot be shared across threads, so parallel validation uses processes: each
worker compiles the schemas and stylesheets once and keeps them for every message it is given.
The reports come back in the order of the inputs whatever the number of workers, so a run with
``jobs=4`` writes the same output (up to the measured ``timings``) as ``jobs=1``. The inputs are
one batch (:mod:`eistandaard.batch`): workers take the values the uniqueness rules select, and
this process checks them across the batch in input order, as one process would.

A worker that dies (a crash of the native engine, the out-of-memory killer) does not make a
message pass: every message it had not answered gets a report with an engine error, verdict
``error``.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from eistandaard.batch import BatchContext, Candidate, candidates
from eistandaard.core.bounds import DEFAULT_MEMORY, DEFAULT_SECONDS
from eistandaard.core.errors import EIError
from eistandaard.core.findings import Finding
from eistandaard.core.report import Report
from eistandaard.levels.checks import Check, load_check
from eistandaard.levels.intake import Limits
from eistandaard.levels.relations import saxon as _saxon
from eistandaard.pipeline import validate
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.codelists import CodeLists

__all__ = ["BatchOptions", "Item", "default_jobs", "validate_many", "validate_one", "worker_pool"]

Item = Path | tuple[str, bytes]
"""One input: a file, or a name with the bytes of a message (standard input, an upload)."""


def _paths(value: Sequence[Path | str]) -> tuple[Path, ...]:
    return tuple(Path(v) for v in value)


def _strings(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


def _overrides(value: Mapping[str, Path | str] | None) -> tuple[tuple[str, Path], ...]:
    return tuple((k, Path(v)) for k, v in sorted((value or {}).items()))


@attrs.frozen
class BatchOptions:
    """Everything :func:`eistandaard.validate` takes besides the message, sendable to a worker.

    Check functions travel by ``module:function`` name, code lists by file.

    :param as_of: the peildatum (``None``: today, resolved by each validation).
    :param environment: ``P`` or ``T``.
    :param schemas: an external schema release folder, or ``None`` for the bundled XSDs.
    :param rules: extra rapport stylesheets.
    :param checks: level-5 checks as ``module:function`` (imported in each worker).
    :param entry_points: also run the checks published as entry points.
    :param codelists: code-list overrides, list name -> file.
    :param limits: size limits of level 1.
    :param timeout: seconds one stylesheet run or plug-in may take (:mod:`eistandaard.core.bounds`).
    :param max_memory: bytes of memory the rule engine may use.
    """

    as_of: dt.date | None = None
    environment: str = "P"
    schemas: Path | None = None
    rules: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    checks: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    entry_points: bool = True
    codelists: tuple[tuple[str, Path], ...] = attrs.field(default=(), converter=_overrides)
    limits: Limits = attrs.field(factory=Limits)
    timeout: float = DEFAULT_SECONDS
    max_memory: int = DEFAULT_MEMORY


MAX_JOBS_PER_CORE = 4
"""More worker processes than this per core are not started, whatever ``jobs`` says."""

CHUNK = 8
"""The most items sent to a worker at once."""

_LOADED: dict[tuple[str, ...], list[Check]] = {}


def _checks(specs: tuple[str, ...]) -> list[Check]:
    if specs not in _LOADED:
        _LOADED[specs] = [load_check(spec) for spec in specs]
    return _LOADED[specs]


def validate_one(
    item: Item, options: BatchOptions, batch: BatchContext | None = None, **extra: Any
) -> Report:
    """Validate one input with ``options`` as a message of ``batch``.

    :param extra: further keyword arguments of :func:`eistandaard.validate` for a run in this
        process (``envelope``, ``vecozo_checks`` ...: they need not be sendable to a worker).
    :raises eistandaard.core.errors.InputError: as :func:`eistandaard.validate` does.
    """
    source: Path | bytes
    if isinstance(item, tuple):
        name, source = item
    else:
        name, source = None, item
    return validate(
        source,
        name=name,
        as_of=options.as_of,
        schemas=options.schemas,
        rules=options.rules,
        checks=_checks(options.checks),
        entry_points=options.entry_points,
        environment=options.environment,
        codelists=CodeLists(dict(options.codelists)) if options.codelists else None,
        limits=options.limits,
        timeout=options.timeout,
        max_memory=options.max_memory,
        batch=batch,
        **extra,
    )


class _Recorder(BatchContext):
    """In a worker: takes the uniqueness values of a message for the batch in the main process."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Candidate] | None = None

    def check(  # the BatchContext.check signature the pipeline calls
        self,
        spec: MessageSpec,
        tree: etree._ElementTree,
        source: str,  # noqa: ARG002  # only the values are collected here; the parent names sources
    ) -> list[Finding]:
        self.found = candidates(spec, tree)
        return []


def _validate_recorded(item: Item, options: BatchOptions) -> tuple[Report, list[Candidate] | None]:
    recorder = _Recorder()
    return validate_one(item, options, recorder), recorder.found


def _join(batch: BatchContext, report: Report, found: list[Candidate] | None) -> Report:
    """Add what the batch finds for one message, as a run in one process would have."""
    if found is None:
        return report
    try:
        duplicates = batch.merge(found, report.source)
    except (EIError, OSError) as exc:  # fail closed, as the pipeline's level-5 guard does
        levels = tuple(level for level in report.levels_run if level != 5)
        errors = (*report.engine_errors, f"level 5: {exc}")
        return attrs.evolve(report, engine_errors=errors, levels_run=levels)
    if not duplicates:
        return report
    # the pipeline runs the batch step first at level 5, before the plug-ins (which give
    # level-5 findings only), and sorts the findings by level, keeping their order otherwise
    before = [f for f in report.findings if f.level < 5]
    after = [f for f in report.findings if f.level >= 5]
    findings = sorted([*before, *duplicates, *after], key=lambda f: f.level)
    return attrs.evolve(report, findings=tuple(findings))


def default_jobs() -> int:
    """The number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not every platform has affinity
        return max(1, os.cpu_count() or 1)


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes, each compiling its own schemas and stylesheets.

    Workers are forked (fastest: the imports are inherited) only from a process that runs no
    other threads (a forked child never shares its parent's SaxonC worker: ``rules/_saxon.py``
    drops it after a fork); otherwise they come from a clean fork server that preloads the
    pipeline (or are spawned where there is no fork server).
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    elif "forkserver" in methods:
        method = "forkserver"
    else:
        method = "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["eistandaard.pipeline", "eistandaard.parallel"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def _died(item: Item, problem: BaseException) -> Report:
    name = item[0] if isinstance(item, tuple) else str(item)
    return Report(source=name, engine_errors=(f"worker process died: {problem or 'no reason'}",))


def validate_many(
    items: Sequence[Item],
    options: BatchOptions,
    *,
    jobs: int = 1,
    done: Callable[[int], None] | None = None,
) -> list[Report]:
    """Validate every item; the reports are in the order of ``items``.

    :param jobs: worker processes (at most :data:`MAX_JOBS_PER_CORE` per core); 1 validates in
        this process (as does a single item).
        Items go to the workers in small chunks, so a run of many small messages is not
        dominated by the cost of sending them.
    :param done: called with a number of finished items (a progress bar), in this process.
    :raises eistandaard.core.errors.InputError: the first input error, as a run in one process
    would.
    :raises ValueError: when ``jobs`` is below 1.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    batch = BatchContext()  # the inputs are one batch: uniqueness rules run across them
    if jobs == 1 or len(items) < 2:
        reports = []
        for item in items:
            reports.append(validate_one(item, options, batch))
            if done is not None:
                done(1)
        return reports
    workers = min(jobs, len(items), MAX_JOBS_PER_CORE * default_jobs())
    size = max(1, min(CHUNK, len(items) // (workers * 4)))
    chunks = [list(items[start : start + size]) for start in range(0, len(items), size)]
    reports = []
    pool = worker_pool(workers)
    gc.freeze()  # forked workers inherit these objects; their collector leaves them alone
    try:
        with _saxon.spares_for_forks():  # each forked worker takes a SaxonC worker started ahead
            futures: list[Future[list[tuple[Report, list[Candidate] | None]]]] = [
                pool.submit(_validate_chunk, chunk, options) for chunk in chunks
            ]
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()
    with pool:
        if done is not None:
            for chunk, future in zip(chunks, futures, strict=True):
                future.add_done_callback(_Advance(done, len(chunk)))
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                reports.extend(_join(batch, *done_item) for done_item in future.result())
            except BrokenProcessPool as problem:
                reports.extend(_died(item, problem) for item in chunk)
            except BaseException:
                for rest in futures:
                    rest.cancel()
                raise
    _saxon.reap_spares()  # the SaxonC workers the pool's workers took end with them
    return reports


@attrs.frozen
class _Advance:
    """A done-callback that reports ``count`` finished items."""

    done: Callable[[int], None]
    count: int

    def __call__(self, _future: Future[list[tuple[Report, list[Candidate] | None]]]) -> None:
        self.done(self.count)


def _validate_chunk(
    chunk: list[Item], options: BatchOptions
) -> list[tuple[Report, list[Candidate] | None]]:
    return [_validate_recorded(item, options) for item in chunk]
