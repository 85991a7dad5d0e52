"""Time levels 1-4 of eistandaard.validate on large generated GDS801 declarations.

Usage: python benchmarks/bench_gds801.py [--sizes 1000 20000] [--repeat 3]

Prints a Markdown table (best of ``--repeat`` runs per cell): message size, then levels 1-4 and
the total of ``eistandaard.validate(levels=(3, 4))``, and the GDS802 VECOZO would write.
Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_gds801 import generate

import eistandaard
from eistandaard.conventions.vektis.gds import build_gds802
from eistandaard.levels.intake import Limits

AS_OF = dt.date(2026, 11, 23)
LIMITS = Limits(max_bytes=200_000_000, max_uncompressed=200_000_000)
"""The generated messages exceed the 25 MB default (a rich GGZ prestatie is about 1.9 kB)."""


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| prestaties | MB | level1 | level2 | level3 | level4 | validate | GDS802 |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        data = generate(size)
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = eistandaard.validate(
                data, as_of=AS_OF, levels=(3, 4), entry_points=False, limits=LIMITS
            )
            total = time.perf_counter() - started
            if report.verdict.value != "accepted":
                raise SystemExit(f"generated message not accepted: {report.codes[:5]}")
            began = time.perf_counter()
            build_gds802(data, report.findings, responder="vecozo", verzenddatum=AS_OF, check=False)
            timings = {**report.timings, "validate": total, "gds802": time.perf_counter() - began}
            for key, value in timings.items():
                best[key] = min(best.get(key, value), value)
        cells = [f"{best.get(k, 0):.2f}" for k in ("level1", "level2", "level3", "level4")]
        print(
            f"| {size} | {len(data) / 1e6:.1f} | "
            + " | ".join(cells)
            + f" | {best['validate']:.2f} | {best['gds802']:.2f} |"
        )


if __name__ == "__main__":
    main()
