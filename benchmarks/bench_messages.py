"""Time levels 1-4 on the largest realistic iWmo/iJw 3.2 messages 301-320 (one client, many rows).

Usage: python benchmarks/bench_messages.py [--rows 1000 10000 40000] [--mb 25]
       [--messages 301 302 305 ...] [--family iwmo ijw] [--repeat 3]

``--mb 25`` adds, per message type, the most rows that keep the message within 25 MiB (the
level-1 size limit of a message): the largest realistic message of that type.

Prints a Markdown table (best of ``--repeat`` runs per cell, seconds) for docs/performance.md:
the timings ``eistandaard.validate`` records per level (wall clock), and the CPU time of the
whole call, this process plus its SaxonC worker (a busy shared machine does not inflate it).
The messages come from ``generate_messages.py`` and pass every level, so each rule runs over
every row. Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_messages import generate

import eistandaard

AS_OF = dt.date(2026, 11, 23)
MIB = 1024 * 1024
LEVELS = ("level1", "level2", "level3", "level4")


def children_cpu() -> float:
    """CPU seconds of this process's children so far (the SaxonC worker runs level 3), Linux."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # ppid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def rows_within(message: str, family: str, megabytes: float) -> int:
    """The most rows that keep the generated message within ``megabytes`` MiB."""
    small, large = (len(generate(message, n, family).encode("utf-8")) for n in (1000, 2000))
    per_row = max(1, large - small) / 1000
    rows = int((megabytes * MIB - (small - 1000 * per_row)) / per_row)
    while rows > 1 and len(generate(message, rows, family).encode("utf-8")) > megabytes * MIB:
        rows -= max(1, rows // 1000)
    return rows


def measure(message: str, rows: int, family: str, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds per level for one generated message."""
    data = generate(message, rows, family).encode("utf-8")
    best: dict[str, float] = {"bytes": float(len(data))}
    eistandaard.validate(data, as_of=AS_OF)  # warm up: compile schema and stylesheet once
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time() + children_cpu()
        report = eistandaard.validate(data, as_of=AS_OF)
        total = time.perf_counter() - started
        cpu = time.process_time() + children_cpu() - cpu_started
        if not report.accepted:
            raise SystemExit(f"{family} {message} x{rows} not accepted: {report.codes[:5]}")
        cells = {"total": total, "cpu": cpu, **{k: report.timings.get(k, 0.0) for k in LEVELS}}
        for key, value in cells.items():
            best[key] = min(best.get(key, value), value)
    return best


def main() -> None:
    """Run the measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000, 40000])
    parser.add_argument("--mb", type=float, help="also the largest message within this size")
    parser.add_argument(
        "--messages",
        nargs="+",
        default=["301", "302", "305", "306", "307", "308", "315", "316", "317", "318"],
    )
    parser.add_argument("--family", nargs="+", default=["iwmo", "ijw"], choices=["iwmo", "ijw"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| message | rows | MB | level 1 | level 2 | level 3 | level 4 | levels 1-4 | CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for family in args.family:
        for message in args.messages:
            sizes = list(args.rows)
            if args.mb:
                sizes.append(rows_within(message, family, args.mb))
            for rows in sizes:
                cells = measure(message, rows, family, args.repeat)
                name = ("WMO" if family == "iwmo" else "JW") + message
                row = [name, str(rows), f"{cells['bytes'] / 1e6:.1f}"]
                row += [f"{cells[k]:.3f}" for k in LEVELS]
                row += [f"{cells['total']:.3f}", f"{cells['cpu']:.3f}"]
                print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
