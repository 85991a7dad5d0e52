"""Time the intake (level 1) on generated WMO323 declarations: parse, cleaning, parser limits.

Usage: python benchmarks/bench_intake.py [--sizes 10000 30000] [--repeat 3]

Prints one Markdown row per size (best of ``--repeat`` runs, seconds) for docs/performance.md:
the hardened lxml parse, removing comments and processing instructions, the check of Saxon's
parser limits, the serialisation a message with comments costs, and ``read_bytes`` in all.
Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_declaratie import generate

from eistandaard.levels.intake import Limits, read_bytes
from eistandaard.levels.intake.reading import check_parser_limits, clean_tree, serialize
from eistandaard.levels.intake.wellformed import parse_document


def best(action: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` runs of ``action``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    """Print the table rows."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    limits = Limits(max_bytes=200 * 1024 * 1024, max_uncompressed=200 * 1024 * 1024)
    print("| prestaties | MB | lxml parse | clean | limits | serialize | level 1 in all |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        print(row(size, args.repeat, limits))


def row(size: int, repeat: int, limits: Limits) -> str:
    """One table row for a message of ``size`` prestaties."""
    data = generate(size).encode("utf-8")
    tree = parse_document(data).tree
    assert tree is not None
    cells = [
        best(lambda: parse_document(data), repeat),
        best(lambda: clean_tree(tree), repeat),
        best(lambda: check_parser_limits(tree, data), repeat),
        best(lambda: serialize(tree), repeat),
        best(lambda: read_bytes(data, limits=limits), repeat),
    ]
    timings = " | ".join(f"{cell:.3f}" for cell in cells)
    return f"| {size} | {len(data) / 1e6:.1f} | {timings} |"


if __name__ == "__main__":
    main()
