"""Run XSLT stylesheets in a SaxonC worker process, bounded in time and memory (internal).

SaxonC runs native code that a thread cannot interrupt, so every transformation runs in a
separate worker process (:mod:`eistandaard.levels.relations._worker`) that holds one SaxonC
processor and
the compiled stylesheets, and lives on between messages (one compilation per stylesheet per
worker). Past the time bound the worker is killed and the run is an
:class:`~eistandaard.core.errors.EngineError` naming the stylesheet; the next run starts a new
worker.
The worker's data memory is limited (``RLIMIT_DATA``) to what it holds at start plus the memory
bound; SaxonC ends past it, which is reported the same way. Calls are serialised with a lock:
one worker per process, one transformation at a time (processes scale, threads do not).

Starting a worker takes about 50 ms of CPU (Python, SaxonC). :func:`start_spares` starts workers
ahead of need, so that this start overlaps other work (the command's own imports); this
process takes a spare as its worker when it needs one, and inside :func:`spares_for_forks`
each forked child (a worker of a process pool) takes one as its own. A child owns the spare it
took (it sends the requests, stops it past a bound); the process that started the spares
only reaps them when they end (:func:`reap_spares`).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import fcntl
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

from eistandaard.core.bounds import Bounds, describe_end
from eistandaard.core.errors import EngineError, MessageParseError
from eistandaard.core.files import file_version
from eistandaard.core.xml import note_parse
from eistandaard.levels.relations import _worker
from eistandaard.standards.wording import said_error

__all__ = [
    "abort",
    "compile_stylesheet",
    "prepare",
    "reap_spares",
    "settle_spares",
    "shutdown",
    "spares_for_forks",
    "start_spares",
    "transform",
    "warm_up",
]

_LOCK = threading.RLock()
_STARTUP_SECONDS = 60.0
_WORKER_SCRIPT = Path(_worker.__file__).resolve()


def _above_standard(*descriptors: int) -> tuple[int, ...]:
    """``descriptors`` moved to numbers above 2 where one is 0, 1 or 2 (still not inherited).

    A process started with standard error closed (``2>&-``) gets a pipe as descriptor 2; the
    worker's standard error (its log) would replace that pipe in the worker, which then waits
    for requests that never come (and ends: "status 0").
    """
    moved = []
    for descriptor in descriptors:
        if descriptor <= 2:
            above = fcntl.fcntl(descriptor, fcntl.F_DUPFD_CLOEXEC, 3)
            os.close(descriptor)
            descriptor = above
        moved.append(descriptor)
    return tuple(moved)


class _Worker:
    """A running worker process and the two pipes to it."""

    def __init__(self, memory: int) -> None:
        self.memory = memory
        if not sys.executable:
            raise EngineError(said_error("xslt-no-python"))
        request_read, request_write = _above_standard(*os.pipe())
        reply_read, reply_write = _above_standard(*os.pipe())
        self.stderr: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115  # open until _close: no with
            prefix="eistandaard-saxon-"
        )
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(entry for entry in sys.path if entry)
        main_thread = threading.current_thread() is threading.main_thread()
        arguments = [str(request_read), str(reply_write), str(memory), str(os.getpid())]
        try:
            self.process = subprocess.Popen(
                [sys.executable, str(_WORKER_SCRIPT), *arguments, "1" if main_thread else "0"],
                stdin=subprocess.DEVNULL,
                stdout=self.stderr,
                stderr=self.stderr,
                pass_fds=(request_read, reply_write),
                start_new_session=True,  # the user's Ctrl-C goes to the parent, which stops it
                env=environment,
            )
        except OSError as exc:
            for descriptor in (request_read, request_write, reply_read, reply_write):
                os.close(descriptor)
            self.stderr.close()
            raise EngineError(said_error("xslt-cannot-start", reason=exc)) from exc
        finally:
            if hasattr(self, "process"):
                os.close(request_read)
                os.close(reply_write)
        self.requests = Connection(request_write, readable=False)
        self.replies = Connection(reply_read, writable=False)
        self.ready = False
        self.adopted = False
        """Started by the parent of this (forked) process: signalled by pid, never waited for."""
        self.pending = 0
        """Answers owed to compilations asked for ahead (:func:`prepare`), read before the next."""
        self.prepared: set[tuple[str, int, int, int]] = set()
        """Stylesheets this worker was asked to compile or run (no need to ask ahead again)."""

    def handshake(self) -> None:
        """Wait (once) until the worker runs SaxonC.

        :raises EngineError: when it does not start.
        """
        if self.ready:
            return
        try:
            ready = self.replies.poll(_STARTUP_SECONDS)
            reply = self.replies.recv() if ready else None
        except (EOFError, OSError):
            reply = None
        except BaseException:
            self.stop()
            raise
        if not (isinstance(reply, tuple) and reply and reply[0] == "ready"):
            if isinstance(reply, tuple) and len(reply) == 2 and reply[0] == "failed":
                reason: str = str(reply[1])
            else:
                self.wait(1)
                reason = said_error(
                    "xslt-its-process", end=describe_end(self.returncode()), tail=self.stderr_tail()
                )
            self.stop()
            raise EngineError(said_error("xslt-cannot-start", reason=reason))
        self.ready = True

    def alive(self) -> bool:
        if self.adopted:
            return _running(self.process.pid)
        return self.process.poll() is None

    def returncode(self) -> int | None:
        """Its exit status once it ended (``None`` while it runs, or when it was adopted)."""
        return None if self.adopted else self.process.poll()

    def wait(self, seconds: float) -> None:
        """Wait at most ``seconds`` for the process to end (never raises on a timeout)."""
        if not self.adopted:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=seconds)
            return
        deadline = time.monotonic() + seconds
        while _running(self.process.pid) and time.monotonic() < deadline:
            time.sleep(0.005)

    def stderr_tail(self) -> str:
        """The last line the worker wrote to standard error, as `` (SaxonC: ...)``."""
        try:
            size = os.fstat(self.stderr.fileno()).st_size
            text = os.pread(self.stderr.fileno(), 4096, max(0, size - 4096))
        except (OSError, ValueError):
            return ""
        for line in reversed(text.decode("utf-8", "replace").splitlines()):
            if line.strip() and not line.lstrip().startswith(("|", "0x")):
                return f" ({' '.join(line.split())[:300]})"
        return ""

    def ran_out_of_memory(self) -> bool:
        try:
            size = os.fstat(self.stderr.fileno()).st_size
            text = os.pread(self.stderr.fileno(), 1 << 20, 0) if size else b""
        except (OSError, ValueError):
            return False
        return b"OutOfMemoryError" in text or b"MemoryError" in text

    def stop(self) -> None:
        """Kill the worker (it may be in the middle of a run) and release its pipes."""
        if self.alive():
            if self.adopted:  # Popen would not signal a process it did not start
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
        self.wait(10)  # SIGKILL does not fail
        self._close()

    def close(self) -> None:
        """Let an idle worker end by closing its request pipe (kill it if it does not)."""
        with contextlib.suppress(OSError):
            self.requests.close()
        self.wait(2)
        self.stop()

    def forget(self) -> None:
        """Close this process's ends of the pipes without touching the process (after a fork)."""
        self._close()

    def _close(self) -> None:
        for handle in (self.requests, self.replies, self.stderr):
            with contextlib.suppress(OSError):
                handle.close()


def _running(pid: int) -> bool:
    """Whether process ``pid`` (not a child of this process) still runs: not gone, no zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


_STATE: dict[str, _Worker] = {}
_SPARES: list[_Worker] = []
"""Workers started ahead of need, not yet taken."""
_HANDED: list[_Worker] = []
"""Spares this process gave to forked children: only reaped here."""
_FORKS: dict[str, _Worker | None] = {}
"""``"giving"`` is set inside :func:`spares_for_forks`; ``"given"`` is the spare the child of the
fork under way takes."""


_STARTERS: list[threading.Thread] = []
"""Threads starting spares (:func:`start_spares`); joined by :func:`settle_spares`."""


def start_spares(count: int, bounds: Bounds | None = None) -> None:
    """Start workers until ``count`` spares wait, without waiting for them (never raises).

    Only in a process without a worker of its own (the first run of a command): a process
    that already has one reuses it. Spares nobody takes are ended by :func:`reap_spares` (or
    at exit).

    The first is started here, the others by a thread: starting a process waits until the
    new one runs, and the one started first, busy starting SaxonC, can hold the other core
    for tens of milliseconds, which this process would otherwise spend waiting. The thread
    ends once the processes exist; :func:`settle_spares` waits for that (this module does
    before a spare is taken or handed to a fork), so that a process forking workers has no
    thread left. Those spares end by their watchdog, not with this process's thread
    (``PR_SET_PDEATHSIG`` follows the thread that started a process).
    """
    memory = (bounds or Bounds()).memory
    settle_spares()
    with _LOCK:
        if "worker" in _STATE:
            return
        if len(_SPARES) < count:
            try:
                _SPARES.append(_Worker(memory))
            except EngineError:
                return
        more = count - len(_SPARES)
    if more > 0:
        starter = threading.Thread(
            target=_start_more, args=(more, memory), name="eistandaard-spares", daemon=True
        )
        _STARTERS.append(starter)
        starter.start()


def _start_more(count: int, memory: int) -> None:
    """In a thread: start ``count`` more spares (no lock: a list append is atomic)."""
    for _ in range(count):
        try:
            _SPARES.append(_Worker(memory))
        except EngineError:
            return


def settle_spares() -> None:
    """Wait until the spares :func:`start_spares` asked for were started.

    Their processes then exist (SaxonC may still be starting in them), and the thread that
    started them has ended.
    """
    while _STARTERS:
        _STARTERS.pop().join()


def _take_spare(memory: int) -> _Worker | None:
    settle_spares()
    while _SPARES:
        worker = _SPARES.pop(0)
        if worker.memory == memory and worker.alive():
            return worker
        worker.stop()
    return None


@contextlib.contextmanager
def spares_for_forks() -> Iterator[None]:
    """Inside this block, each forked child takes one spare as its worker (while any are left).

    At the end this process closes its ends of the pipes of the spares it gave away, so that
    a spare ends with the child that took it.
    """
    settle_spares()
    with _LOCK:
        _FORKS["giving"] = None
        try:
            yield
        finally:
            _FORKS.clear()
            for worker in _HANDED:
                worker.forget()


def reap_spares(seconds: float = 2.0) -> None:
    """End the spares nobody took, and wait (at most ``seconds``) for those given away to end."""
    settle_spares()
    with _LOCK:
        for worker in _SPARES:  # idle or still starting: nothing to lose
            worker.stop()
        _SPARES.clear()
        deadline = time.monotonic() + seconds
        for worker in _HANDED:
            worker.wait(max(0.0, deadline - time.monotonic()))
            if worker.alive():
                with contextlib.suppress(ProcessLookupError):
                    worker.process.kill()
                worker.wait(1)
        _HANDED.clear()


def _running_worker(memory: int) -> _Worker:
    worker = _STATE.get("worker")
    if worker is not None and (worker.memory != memory or not worker.alive()):
        worker.stop()
        worker = None
    if worker is None:
        worker = _take_spare(memory) or _Worker(memory)
        _STATE["worker"] = worker
    try:
        worker.handshake()
    except EngineError:
        _STATE.pop("worker", None)
        raise
    return worker


def warm_up(bounds: Bounds | None = None) -> None:
    """Start the worker now, without waiting for it, so that its start overlaps other work.

    Never raises: a worker that cannot start is reported by the first :func:`transform`.
    """
    memory = (bounds or Bounds()).memory
    with _LOCK:
        worker = _STATE.get("worker")
        if worker is not None and worker.memory == memory and worker.alive():
            return
        if worker is not None:
            _discard(worker)
        spare = _take_spare(memory)
        if spare is not None:
            _STATE["worker"] = spare
            return
        with contextlib.suppress(EngineError):
            _STATE["worker"] = _Worker(memory)


def abort() -> None:
    """Kill the worker now, without waiting for the lock (never raises).

    For a caller whose wait for a run in another thread was interrupted: the thread waiting on
    the worker sees it end, reports an :class:`EngineError` and releases the lock; the next
    run starts a new worker.
    """
    worker = _STATE.get("worker")
    if worker is not None and not worker.adopted:
        with contextlib.suppress(OSError):
            worker.process.kill()
    elif worker is not None:
        with contextlib.suppress(OSError):
            os.kill(worker.process.pid, signal.SIGKILL)


def prepare(stylesheet: Path, bounds: Bounds | None = None, *, spare: int | None = None) -> None:
    """Have a worker compile ``stylesheet`` now, without waiting for it (never raises).

    The worker is this process's own (taken from the spares or started, as :func:`warm_up`
    does) or, with ``spare=n``, the spare the (n+1)-th child forked inside
    :func:`spares_for_forks` will take. The compilation then overlaps what the process does
    before its first run (reading and checking the message at levels 1-2); its answer is read
    before the worker's next request. A stylesheet that does not compile is reported by the
    run that needs it: the worker keeps only what compiled.
    """
    try:
        key = _key(stylesheet)
    except EngineError:
        return
    memory = (bounds or Bounds()).memory
    if spare is not None:
        settle_spares()
    with _LOCK:
        if spare is None:
            warm_up(bounds)
            worker = _STATE.get("worker")
        else:
            worker = _SPARES[spare] if 0 <= spare < len(_SPARES) else None
        if worker is None or worker.memory != memory or key in worker.prepared:
            return
        try:
            worker.requests.send(("compile", key))
        except OSError:  # it ended: the next run starts another
            return
        worker.pending += 1
        worker.prepared.add(key)


def _discard(worker: _Worker) -> None:
    worker.stop()
    if _STATE.get("worker") is worker:
        del _STATE["worker"]


_PROC = Path("/proc/self/stat").is_file()
"""Whether a child can tell that an adopted worker ended (``/proc``: a zombie is not running);
elsewhere spares are not handed to forked children (they start their own workers)."""


def _before_fork() -> None:
    """In the parent, inside :func:`spares_for_forks`: pick the spare the next child takes."""
    if "giving" in _FORKS and _PROC:
        given = _SPARES.pop(0) if _SPARES else None
        _FORKS["given"] = given
        if given is not None:
            _HANDED.append(given)


def _forget_after_fork() -> None:
    """In a forked child: the workers belong to the parent; drop them, never stop them.

    The child gets a fresh lock (another thread may have held it at the fork) and starts its
    own worker when it needs one, unless it was given a spare (:func:`spares_for_forks`);
    closing the child's copies of the other pipes leaves the parent's workers untouched.
    """
    global _LOCK
    _LOCK = threading.RLock()
    _STARTERS.clear()  # threads do not survive a fork
    given = _FORKS.get("given")
    others = [_STATE.pop("worker", None), *_SPARES, *_HANDED]
    _SPARES.clear()
    _HANDED.clear()
    _FORKS.clear()
    for worker in others:
        if worker is not None and worker is not given:
            worker.forget()
    if given is not None:
        given.adopted = True
        _STATE["worker"] = given


def _after_fork_in_parent() -> None:
    _FORKS.pop("given", None)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_before_fork,
        after_in_parent=_after_fork_in_parent,
        after_in_child=_forget_after_fork,
    )


@atexit.register
def shutdown() -> None:
    """End the worker process, if one runs (called at interpreter exit)."""
    with _LOCK:
        worker = _STATE.pop("worker", None)
        if worker is not None:
            worker.close()
    reap_spares()


def _key(stylesheet: Path) -> tuple[str, int, int, int]:
    """The worker's key of ``stylesheet``: its real path and its version on disk.

    The real path is what ``xsl:import`` resolves from; the version is
    :func:`~eistandaard.core.files.file_version`.

    :raises EngineError: when the file cannot be read (``xslt-unreadable``).
    """
    version = file_version(stylesheet, EngineError, "xslt-unreadable", stylesheet=stylesheet)
    return (str(stylesheet.resolve()), *version)


def transform(
    stylesheet: Path,
    payload: bytes,
    parameters: Mapping[str, dt.date | str],
    bounds: Bounds | None = None,
) -> str:
    """Run ``stylesheet`` on ``payload`` with typed parameters; the serialised result.

    Dates are passed as ``xs:date``, strings as ``xs:string``. Parameters the stylesheet does
    not declare are ignored by Saxon. The run takes at most ``bounds.seconds`` (default 60 s)
    and ``bounds.memory`` bytes (default 2 GiB) beyond the worker's start size.

    :raises MessageParseError: when Saxon's parser refuses the message (the pipeline reports
        it at level 1).
    :raises EngineError: when the stylesheet is missing, does not compile, the transformation
        fails, or it passed its time or memory bound (the message names the stylesheet and the
        bound).
    """
    bounds = bounds or Bounds()
    key = _key(stylesheet)
    typed = [
        (name, "date", value.isoformat()) if isinstance(value, dt.date) else (name, "string", value)
        for name, value in parameters.items()
    ]
    reply = _exchange(("transform", key, payload, typed), stylesheet, bounds)
    if isinstance(reply, tuple) and reply[2:3] == ("parsed",):
        note_parse("saxon")  # the worker keeps the last message: one parse per message
    return _result(stylesheet, reply, bounds)


def compile_stylesheet(stylesheet: Path, bounds: Bounds | None = None) -> None:
    """Compile ``stylesheet`` in the worker (kept for later runs), without running it.

    :raises EngineError: when it is missing or does not compile (within the bounds).
    """
    bounds = bounds or Bounds()
    _result(stylesheet, _exchange(("compile", _key(stylesheet)), stylesheet, bounds), bounds)


def _exchange(request: tuple[object, ...], stylesheet: Path, bounds: Bounds) -> object:
    """Send ``request`` to the worker and wait for its reply, within the bounds.

    :raises EngineError: when the worker passed a bound or died (it is then replaced).
    """
    with _LOCK:
        worker = _running_worker(bounds.memory)
        try:
            while worker.pending:  # answers to compilations asked for ahead come first
                if not worker.replies.poll(bounds.seconds):
                    _discard(worker)
                    raise EngineError(
                        said_error(
                            "xslt-timeout", name=stylesheet.name, bound=bounds.describe_time()
                        )
                    )
                worker.replies.recv()  # a failure shows again when the stylesheet runs
                worker.pending -= 1
            worker.requests.send(request)
            if isinstance(request[1], tuple):
                worker.prepared.add(request[1])
            if not worker.replies.poll(bounds.seconds):
                _discard(worker)
                raise EngineError(
                    said_error("xslt-timeout", name=stylesheet.name, bound=bounds.describe_time())
                )
            return worker.replies.recv()
        except (EOFError, OSError) as exc:
            worker.wait(10)  # its pipe closed: it ends
            if worker.ran_out_of_memory():
                reason = said_error("xslt-needed-more", bound=bounds.describe_memory())
            else:
                reason = said_error(
                    "xslt-engine-process",
                    end=describe_end(worker.returncode()),
                    tail=worker.stderr_tail(),
                )
            _discard(worker)
            raise EngineError(
                said_error("xslt-stopped", name=stylesheet.name, reason=reason)
            ) from exc
        except EngineError:
            raise
        except BaseException:  # Ctrl-C while waiting: never leave a busy worker behind
            _discard(worker)
            raise


def _result(stylesheet: Path, reply: object, bounds: Bounds) -> str:
    if not isinstance(reply, tuple) or not reply:
        raise EngineError(said_error("xslt-no-answer", name=stylesheet.name))
    if reply[0] == "ok":
        return str(reply[1])
    stage, detail = str(reply[1]), str(reply[2])
    suffix = f": {detail}" if detail else ""
    if stage == "compile":
        raise EngineError(said_error("xslt-no-compile", stylesheet=stylesheet, detail=suffix))
    if stage == "parse":
        raise MessageParseError(
            said_error("xslt-message-unparsable", name=stylesheet.name, detail=suffix)
        )
    if stage == "output":
        raise EngineError(said_error("xslt-no-output", name=stylesheet.name))
    if stage == _worker.MEMORY_STAGE:
        raise EngineError(
            said_error("xslt-out-of-memory", name=stylesheet.name, bound=bounds.describe_memory())
        )
    raise EngineError(said_error("xslt-failed", name=stylesheet.name, detail=suffix))
