"""Time the IV032 retour (302-320) of large 301-317 messages: build, explain, self-check.

Usage: python benchmarks/bench_retour.py [--rows 1000 10000] [--messages 301 317] [--repeat 2]

Each message is written by ``generate_messages.py`` (one client, ROWS product rows), validated
once (levels 1-4, not timed here: see bench_messages.py), then answered: the retour built
without its self-check (``build``), the retour explained against its request (``explain``, the
``ei diff`` of the pair), and the whole ``build_return`` with its self-check (``return``: the
retour validated at levels 1-4 and explained; its SaxonC worker's CPU is not in the CPU
column). Best of ``--repeat`` runs, seconds, wall clock and (in brackets) this process's CPU
(docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_messages import generate

import eistandaard


def _best(repeat: int, run: object) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (this process) of ``repeat`` runs."""
    best, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return best, cpu


def main() -> None:
    """Print one table row per message and size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--messages", nargs="+", default=["301", "317"])
    parser.add_argument("--family", default="iwmo")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    prefix = "WMO" if args.family == "iwmo" else "JW"
    print("| message | rows | build (CPU) | explain (CPU) | return with self-check (CPU) |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for message in args.messages:
            for rows in args.rows:
                path = Path(folder) / f"{message}-{rows}.xml"
                path.write_text(generate(message, rows, args.family), "utf-8")
                report = eistandaard.validate(path, as_of=dt.date(2026, 11, 30))
                request = report.message
                assert request is not None, report.findings

                def build(request: object = request, report: object = report) -> None:
                    eistandaard.build_return(request, report, date="2026-11-30", check=False)

                answer = eistandaard.build_return(
                    request, report, date="2026-11-30", check=False
                ).message
                assert answer is not None

                def explain(request: object = request, answer: bytes = answer) -> None:
                    assert eistandaard.explain(request, answer, reasons=False).consistent

                def full(request: object = request, report: object = report) -> None:
                    eistandaard.build_return(request, report, date="2026-11-30")

                times = [_best(args.repeat, run) for run in (build, explain, full)]
                print(
                    f"| {prefix}{message} | {rows} | "
                    + " | ".join(f"{wall:.3f} ({cpu:.3f})" for wall, cpu in times)
                    + " |"
                )


if __name__ == "__main__":
    main()
