"""``ei validate --jobs N`` on the conformance corpus: wall time per N, and identical output.

Usage: python benchmarks/bench_jobs.py [CORPUS] [--jobs 1,2] [--rounds 5]

CORPUS defaults to ../shared/conformance (300 WMO323/JW323 messages; the official rapport files
beside them are excluded). Each round runs every N once, alternating, in a fresh process, so
other load on the machine hits each N alike; the best and the median wall time per N are
printed, with the ratio to N=1, and the CPU time of the run (``ei`` and every process it
waited for: pool workers and SaxonC workers); and the median of each round's ratio, which
the load of a shared machine moves less than the bests taken apart. The runs use
``--no-timings``, so their JSON outputs must be byte-identical; the script exits 1 when they
are not.

The sources are compiled to bytecode first (``compileall``, into the git-ignored
``__pycache__`` folders), as installing the package does: otherwise a run with
``PYTHONDONTWRITEBYTECODE`` set compiles every module again and measures that.

``ei validate`` ends at once when its output is written (``os._exit``); its forked worker and
the SaxonC workers end a moment later, no longer its children. The benchmark makes itself their
"subreaper" (Linux ``PR_SET_CHILD_SUBREAPER``), so that they become its children then: it waits
for them after each run (the next run starts on a quiet machine) and their CPU time is counted.

On a machine shared with other work, ``chrt -r 1 python benchmarks/bench_jobs.py`` (root, or
``CAP_SYS_NICE``) runs the benchmark at real-time priority, so that the other processes'
load does not count: the closest this gets to an idle machine (docs/performance.md).
"""

from __future__ import annotations

import argparse
import compileall
import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _subreaper() -> bool:
    """Adopt the orphaned descendants of the runs (Linux; elsewhere: False, not counted)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(36, 1, 0, 0, 0) == 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap() -> None:
    """Wait for every adopted process of the last run to end."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _run(corpus: Path, jobs: int) -> tuple[float, float, bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [
        sys.executable, "-m", "eistandaard", "validate", "--jobs", str(jobs), "--format", "json",
        "--exclude", "*.rapport.xml", "--no-timings", str(corpus),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    _reap()  # its worker and SaxonC workers, ended after it
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"jobs {jobs}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, done.stdout


def main() -> int:
    """Run the benchmark; 0 when every N gave the same reports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "conformance"
    )
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    counts = [int(n) for n in args.jobs.split(",")]
    compileall.compile_dir(ROOT / "src", quiet=1)  # as an installed package has it
    if not _subreaper():
        print("(no subreaper here: the CPU column misses the workers that outlive ei)")
    times: dict[int, list[float]] = {n: [] for n in counts}
    cpus: dict[int, list[float]] = {n: [] for n in counts}
    outputs: dict[int, bytes] = {}
    for _ in range(args.rounds):
        for n in counts:
            elapsed, cpu, data = _run(args.corpus, n)
            times[n].append(elapsed)
            cpus[n].append(cpu)
            outputs[n] = data
    files = len(json.loads(outputs[counts[0]])["reports"])
    print(f"corpus {args.corpus} ({files} messages), {args.rounds} rounds, {os.cpu_count()} cores")
    base = min(times[counts[0]])
    for n in counts:
        best, median = min(times[n]), statistics.median(times[n])
        print(
            f"--jobs {n}: best {best:.2f} s, median {median:.2f} s, best/base {best / base:.0%},"
            f" CPU best {min(cpus[n]):.2f} s, median {statistics.median(cpus[n]):.2f} s"
        )
    for n in counts[1:]:  # each round's ratio: the load of the machine drifts between rounds
        ratios = [t / b for t, b in zip(times[n], times[counts[0]], strict=True)]
        print(
            f"--jobs {n} / --jobs {counts[0]} per round: median {statistics.median(ratios):.0%},"
            f" best {min(ratios):.0%}"
        )
    same = all(outputs[n] == outputs[counts[0]] for n in counts)
    print("byte-identical JSON:", same)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
