"""Load test of ``ei serve`` on loopback: throughput, latency, errors, worker memory, starvation.

Usage: python benchmarks/load_serve.py [CORPUS] [--clients 16] [--seconds 60] [--workers N]

Starts ``python -m eistandaard serve`` on 127.0.0.1 (a free port), then:

1. ``--clients`` concurrent clients post a mix of the corpus messages (default
   ../shared/conformance, the 300 WMO323/JW323 messages) to ``POST /validatie`` for
   ``--seconds`` seconds (at most 300); prints messages per second, p50/p99 latency, errors
   (any answer other than 200), and the peak resident memory of each worker process.
2. Starvation: one message of just under 25 MB and 15 small ones are posted at once; prints the
   time of the big one and the slowest small one. The bound checked: every small message is
   answered before the big one, within ``--small-bound`` seconds (default 10).

Loopback only, bounded in time and count; exits 1 when there were errors or the bound failed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_declaratie import generate  # noqa: E402 - a sibling script, not a package


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, "-m", "eistandaard", "serve", "--port", str(port),
               "--workers", str(workers), "--timeout", "120", "--queue-timeout", "120"]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the server did not start")


class _Memory(threading.Thread):
    """Samples the resident memory of the server's child processes (the workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.parent = psutil.Process(pid)
        self.peak: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for child in self.parent.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
            time.sleep(0.25)


async def _load(url: str, messages: list[bytes], clients: int, seconds: float) -> int:
    latencies: list[float] = []
    errors = 0
    stop_at = time.monotonic() + seconds
    counter = itertools.count()

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < stop_at:
            body = messages[next(counter) % len(messages)]
            began = time.perf_counter()
            response = await http.post(url + "/validatie", content=body)
            latencies.append(time.perf_counter() - began)
            if response.status_code != 200:
                errors += 1

    began = time.monotonic()
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    elapsed = time.monotonic() - began
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"load: {clients} clients, {elapsed:.1f} s, {len(latencies)} messages, "
          f"{len(latencies) / elapsed:.1f} messages/s")  # fmt: skip
    print(f"latency: p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; "
          f"errors: {errors}")  # fmt: skip
    return errors


async def _starvation(url: str, big: bytes, small: list[bytes]) -> tuple[float, float]:
    async with httpx.AsyncClient(timeout=300) as http:

        async def post(body: bytes) -> float:
            began = time.perf_counter()
            response = await http.post(url + "/validatie", content=body)
            if response.status_code != 200:
                raise SystemExit(f"starvation run: HTTP {response.status_code}")
            return time.perf_counter() - began

        big_task = asyncio.create_task(post(big))
        await asyncio.sleep(0.05)  # the big one first, so that it holds a worker
        small_times = await asyncio.gather(*(post(body) for body in small))
        return await big_task, max(small_times)


def main() -> int:
    """Run the load test; 0 when it met its bounds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "conformance"
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--small-bound", type=float, default=10.0)
    args = parser.parse_args()
    seconds = min(args.seconds, 300.0)
    files = sorted(p for p in args.corpus.rglob("*.xml") if not p.name.endswith(".rapport.xml"))
    if not files:
        sys.exit(f"no messages in {args.corpus}")
    messages = [p.read_bytes() for p in files]
    port = _free_port()
    server = _start(port, args.workers)
    memory = _Memory(server.pid)
    memory.start()
    url = f"http://127.0.0.1:{port}"
    try:
        print(f"corpus {args.corpus}: {len(messages)} messages; {args.workers} workers, "
              f"{os.cpu_count()} cores")  # fmt: skip
        errors = asyncio.run(_load(url, messages, args.clients, seconds))
        prestaties = 35000
        big = generate(prestaties).encode("utf-8")
        while len(big) >= 25 * 1024 * 1024:
            prestaties -= 1000
            big = generate(prestaties).encode("utf-8")
        big_time, small_worst = asyncio.run(_starvation(url, big, messages[:15]))
        print(f"starvation: 1 message of {len(big) / 1024 / 1024:.1f} MB took {big_time:.1f} s; "
              f"the slowest of 15 small ones at the same time {small_worst:.2f} s "
              f"(bound {args.small_bound:g} s)")  # fmt: skip
    finally:
        memory.stop.set()
        memory.join()
        server.terminate()
        server.wait(timeout=30)
    peaks = sorted(memory.peak.values(), reverse=True)
    print("peak memory per process below the server, largest first (MB):",
          ", ".join(f"{rss / 1024 / 1024:.0f}" for rss in peaks))  # fmt: skip
    ok = errors == 0 and small_worst <= args.small_bound and small_worst < big_time
    print("bounds met:", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
