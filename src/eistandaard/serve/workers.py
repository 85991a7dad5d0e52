"""A fixed set of worker processes for ``ei serve``, used from asyncio.

Each worker is a process with a pipe; it runs one task at a time, so the number of workers is
the number of messages checked at once. A request waits for an idle worker (at most
``queue_timeout`` seconds, then the service is busy: 503). A task that runs past ``timeout``
has its worker killed and replaced (504): a message that makes the engine hang cannot hold a
worker. A worker that dies is replaced too, and its request gets a 500 problem, never a pass.
A worker that died while idle is replaced when a request takes it, and that request waits for
the next idle worker instead of failing.
Workers come from a clean fork server (or are spawned), never forked from the server process.

Each worker has a private temporary folder (``TMPDIR`` of the worker and of the rule engine it
starts): a message that passes through a file (``/return``, a message Saxon reads from a file)
is written there only. The folder is removed when the worker stops or is replaced, so that a
worker killed mid-task (504, a crash) leaves no part of a message on disk.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from eistandaard.serve.tasks import Outcome, Task, run_task, warm_up

__all__ = ["Busy", "TaskTimeout", "WorkerDied", "WorkerPool"]


WARM_UP_SECONDS = 300
"""How long a new worker may take to start and compile the bundled rule sets."""


class Busy(Exception):
    """No worker became free within the queue timeout."""


class TaskTimeout(Exception):
    """The task ran longer than the time limit; its worker was replaced."""


class WorkerDied(Exception):
    """The worker process ended while it ran the task; it was replaced."""


def _serve(connection: multiprocessing.connection.Connection, scratch: str) -> None:
    """The loop of one worker process: receive a task, send its outcome, until the pipe closes.

    :param scratch: the worker's private temporary folder (its rule engine inherits it).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    os.environ["TMPDIR"] = scratch
    tempfile.tempdir = scratch
    warm_up()
    connection.send("ready")
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(run_task(task))


class _Worker:
    def __init__(self, context: Any) -> None:
        parent, child = context.Pipe()
        self.scratch = tempfile.mkdtemp(prefix="eistandaard-serve-worker-")
        self.process = context.Process(target=_serve, args=(child, self.scratch), daemon=True)
        self.process.start()
        child.close()
        self.connection: multiprocessing.connection.Connection = parent
        if not parent.poll(WARM_UP_SECONDS) or parent.recv() != "ready":
            self.stop()
            raise RuntimeError("a worker process did not start")

    def call(self, task: Task) -> Outcome:
        self.connection.send(task)
        outcome: Outcome = self.connection.recv()
        return outcome

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.connection.close()
        shutil.rmtree(self.scratch, ignore_errors=True)  # what a killed task left behind


class WorkerPool:
    """``size`` worker processes behind an asyncio queue.

    :param size: worker processes (messages checked at once).
    :param timeout: seconds one task may run.
    :param queue_timeout: seconds a request may wait for a free worker.
    """

    def __init__(self, size: int, *, timeout: float, queue_timeout: float) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload(["eistandaard.serve.tasks"])
        self.size = size
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self._threads = ThreadPoolExecutor(max_workers=2 * size + 2, thread_name_prefix="ei-worker")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._pending: set[asyncio.Future[_Worker]] = set()
        self.replaced = 0
        """Workers replaced after a timeout or a crash, since the start."""

    async def start(self) -> None:
        """Start the workers (call inside the running event loop)."""
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            worker = await loop.run_in_executor(self._threads, _Worker, self._context)
            self._all.add(worker)
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        """Stop every worker."""
        loop = asyncio.get_running_loop()
        for worker in list(self._all):
            await loop.run_in_executor(self._threads, worker.stop)
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def alive(self) -> int:
        """How many workers are running."""
        return sum(1 for worker in self._all if worker.process.is_alive())

    def busy(self) -> int:
        """How many workers are running a task now."""
        return 0 if self._idle is None else max(0, self.size - self._idle.qsize())

    async def _replace(self, worker: _Worker) -> _Worker:
        loop = asyncio.get_running_loop()
        self._all.discard(worker)
        await loop.run_in_executor(self._threads, worker.stop)
        fresh = await loop.run_in_executor(self._threads, _Worker, self._context)
        self._all.add(fresh)
        self.replaced += 1
        return fresh

    async def run(self, task: Task) -> Outcome:
        """Run ``task`` in a free worker.

        :raises Busy: no worker was free within ``queue_timeout``.
        :raises TaskTimeout: the task took longer than ``timeout``.
        :raises WorkerDied: the worker ended during the task.
        """
        if self._idle is None:
            raise RuntimeError("the pool is not started")
        worker = await self._take(self._idle)
        while not worker.process.is_alive():  # died while idle (the OOM killer, a signal)
            self._replace_later(worker)  # the fresh one joins the idle queue when ready
            worker = await self._take(self._idle)
        loop = asyncio.get_running_loop()
        call = loop.run_in_executor(self._threads, worker.call, task)
        try:
            outcome = await asyncio.wait_for(asyncio.shield(call), self.timeout)
        except TimeoutError:
            call.add_done_callback(_consume)
            self._replace_later(worker)
            raise TaskTimeout from None
        except (EOFError, OSError):
            self._replace_later(worker)
            raise WorkerDied from None
        except asyncio.CancelledError:
            # the client went away: the worker is free only once its task has finished
            call.add_done_callback(lambda done: self._release(worker, done))
            raise
        self._idle.put_nowait(worker)
        return outcome

    async def _take(self, idle: asyncio.Queue[_Worker]) -> _Worker:
        """An idle worker, waiting at most ``queue_timeout``; a worker is never lost on the way.

        (``asyncio.wait_for`` around ``Queue.get`` can drop an item that arrives just as the
        time runs out, on the Python versions this supports.)
        """
        getter = asyncio.ensure_future(idle.get())
        try:
            done, _ = await asyncio.wait({getter}, timeout=self.queue_timeout)
        except asyncio.CancelledError:
            getter.cancel()
            getter.add_done_callback(self._give_back)
            raise
        if getter in done:
            return getter.result()
        getter.cancel()
        getter.add_done_callback(self._give_back)
        raise Busy

    def _give_back(self, getter: asyncio.Future[_Worker]) -> None:
        if self._idle is not None and not getter.cancelled() and getter.exception() is None:
            self._idle.put_nowait(getter.result())

    def _release(self, worker: _Worker, done: asyncio.Future[Outcome]) -> None:
        if self._idle is None:
            return
        if done.cancelled() or done.exception() is not None:
            self._replace_later(worker)
        else:
            self._idle.put_nowait(worker)

    def _replace_later(self, worker: _Worker) -> None:
        """Replace ``worker`` in the background; the fresh one joins the idle queue when ready."""
        replacing = asyncio.ensure_future(self._replace(worker))
        self._pending.add(replacing)
        replacing.add_done_callback(self._requeue)

    def _requeue(self, replacing: asyncio.Future[_Worker]) -> None:
        self._pending.discard(replacing)
        if self._idle is not None and not replacing.cancelled() and not replacing.exception():
            self._idle.put_nowait(replacing.result())


def _consume(done: asyncio.Future[Outcome]) -> None:
    """Read the outcome of an abandoned call, so that asyncio does not warn about it."""
    if not done.cancelled():
        done.exception()
