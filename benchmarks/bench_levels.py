"""Time each control level on large generated WMO323/JW323 declarations.

Usage: python benchmarks/bench_levels.py [--sizes 1000 10000 30000] [--repeat 3] [--family iwmo ijw]

Prints a Markdown table (best of ``--repeat`` runs per cell) for docs/performance.md: the bare
XSD check (lxml parse + validate, the baseline), then levels 1-5 and the total of
``eistandaard.validate``. Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_declaratie import generate

import eistandaard
from eistandaard.levels.structure import compile_schema
from eistandaard.standards.catalog import default_catalog

AS_OF = dt.date(2026, 11, 23)
LEVELS = ("level1", "level2", "level3", "level4", "level5")


def bare_xsd(data: bytes, family: str) -> float:
    """Seconds for lxml to parse ``data`` and validate it against our schema."""
    spec = default_catalog().get("WMO323" if family == "iwmo" else "JW323")
    schema = compile_schema(spec.schema_path)
    started = time.perf_counter()
    tree = etree.fromstring(data).getroottree()
    if not schema.validate(tree):
        raise SystemExit(f"generated {family} message is not XSD-valid: {schema.error_log}")
    return time.perf_counter() - started


def measure(size: int, family: str, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds per level for one generated message."""
    data = generate(size, family).encode("utf-8")
    best: dict[str, float] = {"bytes": float(len(data))}
    eistandaard.validate(data[:2000])  # warm up: compile schemas and stylesheets once
    for _ in range(repeat):
        xsd = bare_xsd(data, family)
        started = time.perf_counter()
        report = eistandaard.validate(data, as_of=AS_OF, entry_points=False)
        total = time.perf_counter() - started
        if not report.accepted:
            raise SystemExit(
                f"generated message not accepted: {report.codes[:5]} {report.engine_errors}"
            )
        cells = {"xsd": xsd, "total": total, **{k: report.timings.get(k, 0.0) for k in LEVELS}}
        for key, value in cells.items():
            best[key] = min(best.get(key, value), value)
    return best


def main() -> None:
    """Run the measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--family", nargs="+", default=["iwmo", "ijw"], choices=["iwmo", "ijw"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    levels = " | ".join(f"level {n}" for n in range(1, 6))
    print(f"| message | prestaties | MB | bare XSD | {levels} | total |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for family in args.family:
        for size in args.sizes:
            cells = measure(size, family, args.repeat)
            name = "WMO323" if family == "iwmo" else "JW323"
            row = [name, str(size), f"{cells['bytes'] / 1e6:.1f}", f"{cells['xsd']:.3f}"]
            row += [f"{cells[k]:.3f}" for k in LEVELS] + [f"{cells['total']:.3f}"]
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
