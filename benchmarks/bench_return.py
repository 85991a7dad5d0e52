"""Time the answer self-check: building an answer with and without its checks (docs/performance.md).

Usage: python benchmarks/bench_return.py [--sizes 1000 10000] [--repeat 3]

For a generated WMO323 (every prestatie accepted but one rejected by decision, so the answer has a
client) and a generated GDS801 (the insurer's answer returns every prestatie): the time to validate
the request, to build the answer unchecked (``check=False``) and checked (validation of the answer
at levels 1-4 plus the ``ei diff`` consistency check). Best of ``--repeat`` runs, seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_declaratie import generate as generate_323
from generate_gds801 import generate as generate_801

import eistandaard
from eistandaard.conventions.istandaarden import Decisions
from eistandaard.conventions.vektis.gds import build_gds802
from eistandaard.levels.intake import Limits

LIMITS = Limits(max_bytes=200_000_000, max_uncompressed=400_000_000)


def _best(repeat: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def _wmo(size: int, repeat: int) -> tuple[float, ...]:
    data = generate_323(size).encode("utf-8")
    as_of = dt.date(2024, 5, 10)
    report = eistandaard.validate(data, as_of=as_of, entry_points=False, limits=LIMITS)
    reference = data.split(b"<iwmo:ReferentieNummer>", 1)[1].split(b"<", 1)[0].decode()
    decisions = Decisions(prestaties={reference: ["0611"]})
    return (
        len(data) / 1e6,
        _best(repeat, lambda: eistandaard.validate(data, as_of=as_of, limits=LIMITS)),
        _best(
            repeat, lambda: eistandaard.build_return(data, report, decisions=decisions, check=False)
        ),
        _best(repeat, lambda: eistandaard.build_return(data, report, decisions=decisions)),
    )


def _gds(size: int, repeat: int) -> tuple[float, ...]:
    data = generate_801(size)
    day = dt.date(2026, 11, 23)
    found = eistandaard.validate(data, as_of=day, entry_points=False, limits=LIMITS).findings
    return (
        len(data) / 1e6,
        _best(repeat, lambda: eistandaard.validate(data, as_of=day, limits=LIMITS)),
        _best(
            repeat,
            lambda: build_gds802(data, found, responder="receiver", verzenddatum=day, check=False),
        ),
        _best(repeat, lambda: build_gds802(data, found, responder="receiver", verzenddatum=day)),
    )


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| message | prestaties | request MB | validate request | build | build + check |")
    print("|---|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        for name, run in (("WMO325", _wmo), ("GDS802", _gds)):
            mb, *cells = run(size, args.repeat)
            print(f"| {name} | {size} | {mb:.1f} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
