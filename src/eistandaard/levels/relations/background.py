"""Level 3 beside level 4: a stylesheet run waits in a thread while this process works on.

The relation rules run in the SaxonC worker process (:mod:`eistandaard.levels.relations.saxon`);
the thread that asked for them only waits on a pipe, which releases the GIL. So the pipeline
starts level 3 in a :class:`Background` thread and runs level 4 (lxml and Python, in this
process) meanwhile: on two cores the wall-clock time of levels 3 and 4 is the longer of the
two instead of their sum (docs/performance.md). The result is replayed in the pipeline in the
usual order, so findings, engine errors and ``levels_run`` are those of a run one after the
other.

When every core already has a worker process (``ei validate --jobs`` with as many workers as
cores), a thread beside level 4 gains nothing, the other workers keep the cores busy, and
starting one per message costs time: :func:`one_after_the_other` then runs level 3 in the
calling thread, before level 4 (the same findings, in the same order).

Fail closed: whatever the thread raises is raised again by :meth:`Background.result`; when
the waiting thread is interrupted (Ctrl-C) the worker is stopped, so no thread is left behind
holding the worker.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from eistandaard.levels.relations import saxon

__all__ = ["Background", "one_after_the_other"]

T = TypeVar("T")

_BESIDE = True
"""Whether a :class:`Background` runs in a thread of its own (see :func:`one_after_the_other`)."""


@contextlib.contextmanager
def one_after_the_other() -> Iterator[None]:
    """Within it (and in processes forked within it), a :class:`Background` runs in its caller.

    For a process that is one of as many workers as there are cores (``eistandaard.parallel``).
    """
    global _BESIDE  # one setting per process, restored on exit
    before, _BESIDE = _BESIDE, False
    try:
        yield
    finally:
        _BESIDE = before


class Background(Generic[T]):
    """``action()`` running in a daemon thread; :meth:`result` waits for it.

    :param action: what to run (a level-3 run: it waits on the SaxonC worker).
    """

    def __init__(self, action: Callable[[], T], *, thread: bool = True) -> None:
        self._action = action
        self._value: T | None = None
        self._error: BaseException | None = None
        self.seconds = 0.0
        """Wall-clock seconds ``action`` took (set when it ended)."""
        self._done = threading.Event()
        """Set when ``action`` ended (not ``Thread.is_alive``: an interrupted join spoils it)."""
        self._thread: threading.Thread | None = None
        if thread and _BESIDE:
            self._thread = threading.Thread(
                target=self._run, name="eistandaard-level3", daemon=True
            )
            self._thread.start()
        else:
            self._run()

    @classmethod
    def here(cls, action: Callable[[], T]) -> Background[T]:
        """Run ``action`` now, in this thread, kept for :meth:`result` the same way."""
        return cls(action, thread=False)

    def _run(self) -> None:
        began = time.perf_counter()
        try:
            self._value = self._action()
        except BaseException as exc:  # handed to the caller by result(): fail closed
            if self._thread is None and not isinstance(exc, Exception):
                raise  # Ctrl-C in this thread stops the caller now
            self._error = exc
        finally:
            self.seconds = time.perf_counter() - began
            self._done.set()

    def cancel(self) -> None:
        """Stop waiting: the worker is stopped, so that the thread ends (never raises)."""
        if self._thread is not None and not self._done.is_set():
            saxon.abort()
            self._done.wait(10)

    def result(self) -> T:
        """Wait for ``action`` and return its value, or raise what it raised.

        :raises BaseException: whatever ``action`` raised; an interruption of the wait
            (``KeyboardInterrupt``) stops the SaxonC worker first, then propagates.
        """
        if self._thread is not None:
            try:
                self._done.wait()
            except BaseException:
                self.cancel()  # the thread's wait ends (the worker is gone); never leave it busy
                raise
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error was raised
