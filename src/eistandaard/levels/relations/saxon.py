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
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

from eistandaard.core.bounds import Bounds, describe_end
from eistandaard.core.errors import EngineError, MessageParseError
from eistandaard.core.xml import note_parse
from eistandaard.levels.relations import _worker

__all__ = ["compile_stylesheet", "shutdown", "transform", "warm_up"]

_LOCK = threading.RLock()
_STARTUP_SECONDS = 60.0
_WORKER_SCRIPT = Path(_worker.__file__).resolve()


class _Worker:
    """A running worker process and the two pipes to it."""

    def __init__(self, memory: int) -> None:
        self.memory = memory
        if not sys.executable:
            raise EngineError("the rule engine cannot start: no Python interpreter is known")
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        # Kept open for the worker's life (closed in _close): not a with-block.
        self.stderr: IO[bytes] = tempfile.TemporaryFile(prefix="eistandaard-saxon-")  # noqa: SIM115
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
            raise EngineError(f"the rule engine cannot start: {exc}") from exc
        finally:
            if hasattr(self, "process"):
                os.close(request_read)
                os.close(reply_write)
        self.requests = Connection(request_write, readable=False)
        self.replies = Connection(reply_read, writable=False)
        self.ready = False

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
                reason = str(reply[1])
            else:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=1)
                reason = f"its process {describe_end(self.process.poll())}{self.stderr_tail()}"
            self.stop()
            raise EngineError(f"the rule engine cannot start: {reason}")
        self.ready = True

    def alive(self) -> bool:
        return self.process.poll() is None

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
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL does not fail
            self.process.wait(timeout=10)
        self._close()

    def close(self) -> None:
        """Let an idle worker end by closing its request pipe (kill it if it does not)."""
        try:
            self.requests.close()
            self.process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.stop()

    def forget(self) -> None:
        """Close this process's ends of the pipes without touching the process (after a fork)."""
        self._close()

    def _close(self) -> None:
        for handle in (self.requests, self.replies, self.stderr):
            with contextlib.suppress(OSError):
                handle.close()


_STATE: dict[str, _Worker] = {}


def _running_worker(memory: int) -> _Worker:
    worker = _STATE.get("worker")
    if worker is not None and (worker.memory != memory or not worker.alive()):
        worker.stop()
        worker = None
    if worker is None:
        worker = _Worker(memory)
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
        with contextlib.suppress(EngineError):
            _STATE["worker"] = _Worker(memory)


def _discard(worker: _Worker) -> None:
    worker.stop()
    if _STATE.get("worker") is worker:
        del _STATE["worker"]


def _forget_after_fork() -> None:
    """In a forked child: the worker belongs to the parent; drop it, never stop it.

    The child gets a fresh lock (another thread may have held it at the fork) and starts its
    own worker when it needs one; closing the child's copies of the pipes leaves the parent's
    worker untouched.
    """
    global _LOCK
    _LOCK = threading.RLock()
    worker = _STATE.pop("worker", None)
    if worker is not None:
        worker.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


@atexit.register
def shutdown() -> None:
    """End the worker process, if one runs (called at interpreter exit)."""
    with _LOCK:
        worker = _STATE.pop("worker", None)
        if worker is not None:
            worker.close()


def _key(stylesheet: Path) -> tuple[str, int, int]:
    try:
        stat = stylesheet.stat()
    except OSError as exc:
        raise EngineError(
            f"rule stylesheet {stylesheet} cannot be read: {exc.strerror or exc}"
        ) from exc
    return (str(stylesheet.resolve()), stat.st_mtime_ns, stat.st_size)


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
            worker.requests.send(request)
            if not worker.replies.poll(bounds.seconds):
                _discard(worker)
                raise EngineError(
                    f"rule stylesheet {stylesheet.name} was stopped: it ran longer than"
                    f" {bounds.describe_time()}"
                )
            return worker.replies.recv()
        except (EOFError, OSError) as exc:
            with contextlib.suppress(subprocess.TimeoutExpired):  # its pipe closed: it ends
                worker.process.wait(timeout=10)
            if worker.ran_out_of_memory():
                reason = f"it needed more than {bounds.describe_memory()}"
            else:
                reason = f"the rule engine process {describe_end(worker.process.returncode)}"
                reason += worker.stderr_tail()
            _discard(worker)
            raise EngineError(f"rule stylesheet {stylesheet.name} was stopped: {reason}") from exc
        except EngineError:
            raise
        except BaseException:  # Ctrl-C while waiting: never leave a busy worker behind
            _discard(worker)
            raise


def _result(stylesheet: Path, reply: object, bounds: Bounds) -> str:
    if not isinstance(reply, tuple) or not reply:
        raise EngineError(f"rule stylesheet {stylesheet.name}: the rule engine gave no answer")
    if reply[0] == "ok":
        return str(reply[1])
    stage, detail = str(reply[1]), str(reply[2])
    suffix = f": {detail}" if detail else ""
    if stage == "compile":
        raise EngineError(f"rule stylesheet {stylesheet} does not compile{suffix}")
    if stage == "parse":
        raise MessageParseError(f"the message cannot be parsed for {stylesheet.name}{suffix}")
    if stage == "output":
        raise EngineError(f"rule stylesheet {stylesheet.name} produced no output")
    if stage == _worker.MEMORY_STAGE:
        raise EngineError(
            f"rule stylesheet {stylesheet.name} was stopped: it needed more than"
            f" {bounds.describe_memory()}"
        )
    raise EngineError(f"rule stylesheet {stylesheet.name} failed{suffix}")
