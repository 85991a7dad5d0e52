"""Time the whole ``ei return`` command on large generated requests (docs/performance.md).

Usage: python benchmarks/bench_ei_return.py [--gds 12000] [--wmo 10000] [--repeat 3]

Runs ``ei return`` in this process (validation, the answer, its self-check, the explanation it
prints) on a generated GDS801 (the insurer's answer, every prestatie returned; 12,000
prestaties stay below the 25 MB default size limit) and a generated WMO323 (nothing rejected),
and counts the parses of each kind (``eistandaard.core.xml.count_parses``). Best of
``--repeat`` runs, seconds. To compare two versions, run it with each one's ``src`` on
``PYTHONPATH``, alternating, on a quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_declaratie import generate as generate_323
from generate_gds801 import generate as generate_801

from eistandaard.cli.main import main as ei


def _run(request: Path, as_of: str, repeat: int) -> tuple[float, dict[str, int]]:
    try:
        from eistandaard.core.xml import count_parses
    except ImportError:  # an older version without the parse counter
        count_parses = None
    best, parses = float("inf"), {}
    for _ in range(repeat):
        out = request.with_suffix(".answer.xml")
        out.unlink(missing_ok=True)
        counter = count_parses() if count_parses else contextlib.nullcontext({})
        started = time.perf_counter()
        with counter as counted, contextlib.redirect_stdout(io.StringIO()):
            code = ei(["return", str(request), "-o", str(out), "--as-of", as_of])
        best = min(best, time.perf_counter() - started)
        parses = dict(counted)
        if code != 0:
            raise SystemExit(f"ei return exited {code} on {request}")
    return best, parses


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--gds", type=int, default=12000)
    parser.add_argument("--wmo", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| request | prestaties | MB | ei return (s) | parses |")
    print("|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        cases = (
            ("GDS801", args.gds, generate_801(args.gds), "2026-11-23"),
            ("WMO323", args.wmo, generate_323(args.wmo).encode("utf-8"), "2026-04-10"),
        )
        for name, size, data, as_of in cases:
            request = Path(folder) / f"{name}.xml"
            request.write_bytes(data)
            seconds, parses = _run(request, as_of, args.repeat)
            counted = ", ".join(f"{k} {v}" for k, v in sorted(parses.items())) or "-"
            print(f"| {name} | {size} | {len(data) / 1e6:.1f} | {seconds:.2f} | {counted} |")


if __name__ == "__main__":
    main()
