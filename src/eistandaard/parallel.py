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

import contextlib
import datetime as dt
import gc
import multiprocessing
import os
import pickle
import stat
import threading
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from lxml import etree

from eistandaard.batch import BatchContext, Candidate, candidates
from eistandaard.core.bounds import DEFAULT_MEMORY, DEFAULT_SECONDS, Bounds, describe_end
from eistandaard.core.errors import EIError, EngineError, InputError
from eistandaard.core.findings import Finding
from eistandaard.core.report import Report
from eistandaard.core.text import error_text
from eistandaard.core.xml import parse
from eistandaard.levels.checks import Check, load_check
from eistandaard.levels.intake import Limits
from eistandaard.levels.intake.reading import parser_limits
from eistandaard.levels.relations import background, saxon as _saxon
from eistandaard.levels.relations.runner import stylesheet_path
from eistandaard.pipeline import _published_checks, validate
from eistandaard.standards.catalog import MessageSpec, default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import said_error

if TYPE_CHECKING:  # a process pool is used only where no worker can be forked (_pooled)
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = [
    "BatchOptions",
    "Item",
    "default_jobs",
    "validate_many",
    "validate_many_rendered",
    "validate_one",
    "worker_pool",
]

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


Render = Callable[[Report], Any] | None
"""What a worker makes of each report besides it (``ei validate``: its JSON text), or nothing."""


def _validate_recorded(item: Item, options: BatchOptions, render: Render = None) -> _Done:
    recorder = _Recorder()
    report = validate_one(item, options, recorder)
    # The parsed Message (an lxml tree) stays in the worker: it cannot cross a process boundary,
    # and a batch in the main process needs only the report.
    report = attrs.evolve(report, message=None)
    return report, recorder.found, None if render is None else render(report)


def _join(batch: BatchContext, report: Report, found: list[Candidate] | None) -> Report:
    """Add what the batch finds for one message, as a run in one process would have."""
    if found is None:
        return report
    try:
        duplicates = batch.merge(found, report.source)
    except (EIError, OSError) as exc:  # fail closed, as the pipeline's level-5 guard does
        levels = tuple(level for level in report.levels_run if level != 5)
        errors = (*report.engine_errors, said_error("engine-level", level=5, error=exc))
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
    from concurrent.futures import ProcessPoolExecutor

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


def _died(item: Item, problem: BaseException | str) -> Report:
    name = item[0] if isinstance(item, tuple) else str(item)
    reason = problem or said_error("engine-worker-no-reason")
    return Report(source=name, engine_errors=(said_error("engine-worker-died", reason=reason),))


def validate_many(
    items: Sequence[Item],
    options: BatchOptions,
    *,
    jobs: int = 1,
    done: Callable[[int], None] | None = None,
    reap: bool = True,
) -> list[Report]:
    """Validate every item; the reports are in the order of ``items``.

    :param jobs: processes that validate (at most :data:`MAX_JOBS_PER_CORE` per core); 1
        validates in this process (as does a single item). Where workers can be forked (POSIX,
        no other thread running), this process is one of the ``jobs`` and ``jobs - 1`` forked
        children are the others (:class:`_Shared`); elsewhere a process pool of ``jobs``
        workers gets the items in chunks of at most :data:`CHUNK`.
    :param done: called with a number of finished items (a progress bar), in this process.
    :param reap: wait for the forked children and the SaxonC workers they took to end before
        returning; ``False`` leaves that to :func:`eistandaard.levels.relations.saxon.reap_spares`
        and ``multiprocessing.active_children()`` (a command that writes its output first,
        while they end).
    :raises eistandaard.core.errors.InputError: the first input error, as a run in one process
        would.
    :raises ValueError: when ``jobs`` is below 1.
    """
    return [
        report
        for report, _ in _validate_many(items, options, None, jobs=jobs, done=done, reap=reap)
    ]


_R = TypeVar("_R")


def validate_many_rendered(
    items: Sequence[Item],
    options: BatchOptions,
    render: Callable[[Report], _R],
    *,
    jobs: int = 1,
    done: Callable[[int], None] | None = None,
    reap: bool = True,
) -> list[tuple[Report, _R]]:
    """:func:`validate_many`, each report with ``render(report)``, made where it was checked.

    The workers then share the rendering too (``ei validate``: each report's JSON text). A
    report that the batch changes in this process (a duplicate across messages, found only
    here) or that a dying worker left is rendered here. ``render`` must be sendable to a pool
    worker where workers cannot be forked (a module-level function, or a ``functools.partial``
    of one), and must not depend on the report's ``message`` (workers send it without).

    :raises eistandaard.core.errors.InputError: as :func:`validate_many`.
    :raises ValueError: as :func:`validate_many`.
    """
    return [
        (report, rendered)
        for report, rendered in _validate_many(
            items, options, render, jobs=jobs, done=done, reap=reap
        )
    ]


def _validate_many(
    items: Sequence[Item],
    options: BatchOptions,
    render: Render,
    *,
    jobs: int,
    done: Callable[[int], None] | None,
    reap: bool,
) -> list[tuple[Report, Any]]:
    if jobs < 1:
        raise InputError(said_error("jobs-too-few", jobs=jobs))
    batch = BatchContext()  # the inputs are one batch: uniqueness rules run across them
    if jobs == 1 or len(items) < 2:
        if items:
            _head_start(items[0], options)
        results: list[tuple[Report, Any]] = []
        for item in items:
            report = validate_one(item, options, batch)
            results.append((report, None if render is None else render(report)))
            if done is not None:
                done(1)
        return results
    workers = min(jobs, len(items), MAX_JOBS_PER_CORE * default_jobs())
    _saxon.settle_spares()  # its thread, if any, ends: workers can then be forked
    if _can_fork():
        outcomes = _Shared(items, options, workers, done, reap, render).run()
    else:
        outcomes = _pooled(items, options, workers, done, render)
    if reap:
        _saxon.reap_spares()  # the SaxonC workers the children took end with them
    results = []
    for outcome in outcomes:  # in input order: the batch sees the messages as one process would
        if isinstance(outcome, BaseException):
            raise outcome
        if isinstance(outcome, Report):  # a worker died with it
            report, rendered = outcome, None
        else:
            checked, found, rendered = outcome
            report = _join(batch, checked, found)
            if report is not checked:  # the batch added to it: what the worker made is stale
                rendered = None
        if rendered is None and render is not None:
            rendered = render(report)
        results.append((report, rendered))
    return results


_Done = tuple[Report, list[Candidate] | None, Any]
"""A checked item: its report, the values the batch rules select, and what ``render`` made."""

_Outcome = _Done | Report | BaseException
"""What became of one item: its report, batch values and rendering, the report of a dead worker
(final), or the exception its validation raised."""


PEEK_BYTES = 4 * 1024 * 1024
"""Larger messages are not read ahead for :func:`_head_start`."""


def _head_start(item: Item, options: BatchOptions, spare: int | None = None) -> None:
    """Have a SaxonC worker compile the relation rules of ``item``'s message ahead.

    The worker compiles while the process (or, with ``spare``, the child about to be forked)
    reads the message and checks levels 1-2. Best effort: a message this cannot read or
    identify (a ZIP, a broken or unknown one, a large one, anything but a regular file) gets
    no head start, and the pipeline reports on it as it would have.
    """
    try:
        if isinstance(item, tuple):
            data = item[1]
        else:
            found = item.stat()
            # a regular file only: a FIFO or device would block the read (level 1 refuses it)
            if not stat.S_ISREG(found.st_mode) or found.st_size > PEEK_BYTES:
                return
            data = item.read_bytes()
        spec = default_catalog().identify(parse(data, kind="data").getroot())
        if spec is None or not spec.rules:
            return
        bounds = Bounds(seconds=options.timeout, memory=options.max_memory)
    except (OSError, ValueError, TypeError, etree.LxmlError, EIError):
        return
    _saxon.prepare(stylesheet_path(spec), bounds, spare=spare)


def _load_shared(options: BatchOptions) -> None:
    """Load what every message needs, whatever its kind, once: the forked children inherit it.

    The parser limits (their XML name pattern takes milliseconds to compile) and the checks
    published as entry points (a scan of the installed distributions). Best effort: what fails
    here fails again, and is reported, where a message needs it.
    """
    try:
        parser_limits()
        if options.entry_points:
            _published_checks()  # cached per process: a forked child inherits it
    except Exception:  # reported per message by the pipeline (fail closed)
        pass


def _can_fork() -> bool:
    """Whether children can be forked here: POSIX, and no other thread (it would not be copied)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _pooled(
    items: Sequence[Item],
    options: BatchOptions,
    workers: int,
    done: Callable[[int], None] | None,
    render: Render = None,
) -> list[_Outcome]:
    """The items in chunks over a process pool (fork server or spawn: no fork possible here)."""
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(CHUNK, len(items) // (workers * 4)))
    chunks = [list(items[start : start + size]) for start in range(0, len(items), size)]
    outcomes: list[_Outcome] = []
    pool = worker_pool(workers)
    futures: list[Future[list[_Done]]]
    try:
        futures = [pool.submit(_validate_chunk, chunk, options, render) for chunk in chunks]
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    with pool:
        if done is not None:
            for chunk, future in zip(chunks, futures, strict=True):
                future.add_done_callback(_Advance(done, len(chunk)))
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                outcomes.extend(future.result())
            except BrokenProcessPool as problem:
                outcomes.extend(_died(item, problem) for item in chunk)
            except BaseException:
                for rest in futures:
                    rest.cancel()
                raise
    return outcomes


class _Shared:
    """The items shared by this process and ``workers - 1`` forked children.

    Each worker (this process is worker 0) owns a contiguous run of the items and works
    through it from the front, so that a worker meets few kinds of message and compiles only
    their schemas and stylesheets; a worker whose run is done takes items from the back of
    the largest run left (work stealing), so that all finish together. This process checks
    its items one by one and, between them, hands each child its next chunk: at most
    :data:`CHUNK` items, a quarter of its share of what is left as the work runs out (guided
    self-scheduling: at the end a child holds one or two items), and two chunks
    ahead, so that a child never waits for this process.

    The children are forked with everything they need (the items, the options, the imports):
    a chunk is a list of item numbers, and a child answers with the outcome of each. A child
    that dies (its pipe ends) gets an engine-error report for every item it held; the items it
    had not been given are checked by the others.
    """

    AHEAD = 2
    """Chunks a child holds at once: the one it checks and the next."""

    def __init__(
        self,
        items: Sequence[Item],
        options: BatchOptions,
        workers: int,
        done: Callable[[int], None] | None,
        reap: bool = True,
        render: Render = None,
    ) -> None:
        self.items = items
        self.render = render
        self.options = options
        self.done = done
        count = len(items)
        self.runs = [[count * w // workers, count * (w + 1) // workers] for w in range(workers)]
        """Per worker: the half-open range ``[start, stop)`` of the items nobody took yet."""
        self.left = count
        self.outcomes: list[_Outcome | None] = [None] * count
        self.children: list[_Child] = []
        self.workers = workers
        self.reap = reap
        """Wait for the children to end (else ``multiprocessing.active_children()`` reaps them)."""

    def run(self) -> list[_Outcome]:
        """Check every item; the outcomes in input order.

        With a worker per core (or more), each worker runs level 3 before level 4 rather than
        beside it in a thread: the cores are busy anyway (``background.one_after_the_other``).
        """
        saturated = self.workers >= default_jobs()
        with background.one_after_the_other() if saturated else contextlib.nullcontext():
            return self._run()

    def _run(self) -> list[_Outcome]:
        try:
            for worker in range(1, self.workers):  # each child's spare compiles ahead
                _head_start(self.items[self.runs[worker][0]], self.options, worker - 1)
            _load_shared(self.options)
            self._start_children()
            _head_start(self.items[0], self.options)  # and this process's own
            while True:
                for child in self.children:
                    self._feed(child)
                number = self._take(0, 1)
                if number:
                    index = number[0]
                    self.outcomes[index] = _attempt(self.items[index], self.options, self.render)
                    self._advance(1)
                    self._collect(0)
                elif any(child.held for child in self.children):
                    self._collect(None)
                else:
                    break
        except BaseException:
            for child in self.children:
                child.kill()
            raise
        finally:
            for child in self.children:  # each sees its pipe end, and ends
                with contextlib.suppress(OSError):
                    child.connection.close()
            if self.reap:
                for child in self.children:
                    child.close()
        return [
            _died(self.items[i], said_error("engine-worker-no-answer")) if o is None else o
            for i, o in enumerate(self.outcomes)
        ]

    def _start_children(self) -> None:
        context = multiprocessing.get_context("fork")
        gc.freeze()  # children inherit these objects; their collector leaves them alone
        try:
            with _saxon.spares_for_forks():  # each child takes a SaxonC worker started ahead
                for worker in range(1, self.workers):
                    mine, theirs = context.Pipe()
                    process = context.Process(
                        target=_serve_chunks,
                        args=(
                            theirs,
                            [mine, *(c.connection for c in self.children)],
                            self.items,
                            self.options,
                            self.render,
                        ),
                        name=f"eistandaard-worker-{worker}",
                        daemon=True,
                    )
                    process.start()
                    theirs.close()
                    self.children.append(_Child(worker, process, mine))
        finally:
            gc.unfreeze()

    def _take(self, worker: int, size: int, keep: int = 0) -> list[int]:
        """Up to ``size`` item numbers for ``worker``: from the front of its run, else stolen.

        A steal takes from the back of the largest run, provided more than ``keep`` items are
        left there.
        """
        run = self.runs[worker]
        if run[0] < run[1]:
            start = run[0]
            run[0] = min(run[1], start + size)
            taken = list(range(start, run[0]))
        else:
            largest = max(self.runs, key=lambda r: r[1] - r[0])
            if largest[1] - largest[0] <= keep:
                return []
            stop = largest[1]
            largest[1] = max(largest[0], stop - size)
            taken = list(range(largest[1], stop))
        self.left -= len(taken)
        return taken

    def _feed(self, child: _Child) -> None:
        while child.alive and len(child.held) < self.AHEAD and self.left:
            size = max(1, min(CHUNK, self.left // (4 * self.workers)))
            # the chunk ahead is not stolen from a run about to end: its owner does it
            chunk = self._take(child.worker, size, 2 * size if child.held else 0)
            if not chunk:
                return
            child.held.append(chunk)
            try:
                child.connection.send(chunk)
            except OSError:  # its pipe ended: it died
                self._lost(child)

    def _collect(self, timeout: float | None) -> None:
        """Take the answers that came in (wait up to ``timeout`` s for one; ``None``: for ever)."""
        waiting = {child.connection: child for child in self.children if child.held}
        if not waiting:
            return
        for connection in wait(list(waiting), timeout):
            child = waiting[connection]  # type: ignore[index]  # wait() returns what it was given
            try:
                answer = child.connection.recv()
            except (EOFError, OSError):
                self._lost(child)
                continue
            except Exception as exc:  # an answer that does not unpickle: fail closed
                chunk = child.held.pop(0)
                for index in chunk:
                    self.outcomes[index] = _died(
                        self.items[index], said_error("engine-worker-unreadable", error=exc)
                    )
                self._advance(len(chunk))
                continue
            chunk = child.held.pop(0)
            for index, outcome in zip(chunk, answer, strict=True):
                self.outcomes[index] = outcome
            self._advance(len(chunk))
            self._feed(child)

    def _lost(self, child: _Child) -> None:
        """``child`` died: every item it held gets an engine error."""
        reason = child.end()
        for chunk in child.held:
            for index in chunk:
                self.outcomes[index] = _died(self.items[index], reason)
            self._advance(len(chunk))
        child.held.clear()

    def _advance(self, count: int) -> None:
        if self.done is not None:
            self.done(count)


class _Child:
    """A forked worker of :class:`_Shared`: its process, its pipe and the chunks it holds."""

    def __init__(self, worker: int, process: BaseProcess, connection: Connection) -> None:
        self.worker = worker
        self.process = process
        self.connection = connection
        self.held: list[list[int]] = []
        self.alive = True

    def end(self) -> str:
        """Mark it dead; how its process ended."""
        self.alive = False
        with contextlib.suppress(OSError):
            self.connection.close()
        self.process.join(5)
        return describe_end(self.process.exitcode)

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()

    def close(self) -> None:
        """Let it end (its pipe closes), and reap it."""
        with contextlib.suppress(OSError):
            self.connection.close()
        self.process.join(5)
        if self.process.exitcode is None:  # it does not end: no longer worth waiting for
            self.kill()
            self.process.join(1)


def _attempt(item: Item, options: BatchOptions, render: Render = None) -> _Outcome:
    try:
        return _validate_recorded(item, options, render)
    except Exception as exc:  # raised in input order by validate_many
        return exc


def _serve_chunks(
    connection: Connection,
    others: list[Connection],
    items: Sequence[Item],
    options: BatchOptions,
    render: Render = None,
) -> None:
    """In a forked child: check the chunks this pipe brings until it ends."""
    for other in others:  # this process's ends of its own and its older siblings' pipes:
        other.close()  # the parent's ends must be the parent's alone, or no pipe would end
    try:
        while True:
            try:
                chunk = connection.recv()
            except (EOFError, OSError):
                return
            answer = [_attempt(items[index], options, render) for index in chunk]
            try:
                connection.send(answer)
            except (
                pickle.PicklingError,
                TypeError,
                AttributeError,
            ):  # an exception that does not travel
                connection.send([_portable(outcome) for outcome in answer])
    except KeyboardInterrupt:  # the user's Ctrl-C reaches the whole process group
        return


def _portable(outcome: _Outcome) -> _Outcome:
    if isinstance(outcome, BaseException) and not isinstance(outcome, EIError):
        return EngineError(said_error("engine-unexpected", error=error_text(outcome)))
    return outcome


@attrs.frozen
class _Advance:
    """A done-callback that reports ``count`` finished items."""

    done: Callable[[int], None]
    count: int

    def __call__(self, _future: Future[list[_Done]]) -> None:
        self.done(self.count)


def _validate_chunk(chunk: list[Item], options: BatchOptions, render: Render = None) -> list[_Done]:
    return [_validate_recorded(item, options, render) for item in chunk]
