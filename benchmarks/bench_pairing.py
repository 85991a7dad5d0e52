"""Time the request/answer pairing and the explain engine on a large GDS801 (docs/performance.md).

Usage: python benchmarks/bench_pairing.py [--sizes 20000] [--repeat 3]

For a generated GDS801 of N prestaties and the insurer's GDS802 that returns every prestatie
(built unchecked, no findings): the CPU time of the one pairing
(:func:`eistandaard.answers.pairing.pair`), of ``diff_gds`` (the GDS policy's view of it, what
``ei diff`` and the self-check of ``ei return`` compare) and of :func:`eistandaard.explain` (the
pair explained, without re-validating for reasons). The request is read with a raised size limit,
so 20,000 prestaties (about 37 MB) fit. Best of ``--repeat`` runs, seconds of CPU. To compare two
versions, run it with each one's ``src`` on ``PYTHONPATH``, alternating.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_gds801 import generate as generate_801

import eistandaard
from eistandaard.conventions.vektis.gds import build_gds802, diff_gds
from eistandaard.core import xml
from eistandaard.levels.intake import Limits, read_document

LIMITS = Limits(max_bytes=200_000_000, max_uncompressed=400_000_000)


def _best(repeat: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        action()
        best = min(best, time.process_time() - started)
    return best


def _pairing(request: object, answer: object) -> object:
    try:
        from eistandaard.answers.pairing import pair
        from eistandaard.standards.classmodel import class_model
    except ImportError:  # a version before the one pairing
        return None
    model = class_model("gds", "1.0").message("GDS801")
    return pair(request, answer, model, labels=("DebetPrestatie", "CreditPrestatie"))  # type: ignore[arg-type]  # why: roots of the trees read above


def _row(size: int, repeat: int) -> tuple[float, ...]:
    request = read_document(generate_801(size), limits=LIMITS)
    day = dt.date(2026, 11, 23)
    built = build_gds802(request.getroot(), [], responder="receiver", verzenddatum=day, check=False)
    answer = xml.parse(built, kind="data")
    req, ans = request.getroot(), answer.getroot()
    return (
        _best(repeat, lambda: _pairing(req, ans)),
        _best(repeat, lambda: diff_gds(req, ans)),
        _best(repeat, lambda: eistandaard.explain(request, answer, reasons=False)),
    )


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| prestaties | pair (CPU s) | diff_gds (CPU s) | explain (CPU s) |")
    print("|---:|---:|---:|---:|")
    for size in args.sizes:
        cells = _row(size, args.repeat)
        print(f"| {size} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
