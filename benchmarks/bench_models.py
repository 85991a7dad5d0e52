"""Time the typed models: parse and serialize a large GDS801 and WMO323.

Usage: python benchmarks/bench_models.py [--gds 20000] [--wmo 10000] [--repeat 3]

The messages come from the generators beside this script (generate_gds801.py,
generate_declaratie.py). Prints a Markdown table, best of ``--repeat`` runs per cell:

* parse: ``eistandaard.models.parse`` (level 1, level 2 against the XSD, xsdata's lxml handler);
* parse, no XSD: the same with ``check_schema=False``;
* serialize: ``eistandaard.models.serialize`` (the examples' layout);
* with ``--xsdata``: also xsdata's own generic parser (lxml event handler) and serializer on the
  same models, which the compiled plans of ``eistandaard.models._fast`` replace.

Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_declaratie import generate as generate_wmo323
from generate_gds801 import generate as generate_gds801

from eistandaard.levels.intake import Limits, read_bytes
from eistandaard.models import parse, serialize, spec_of
from eistandaard.models.api import _bind, _render

LIMITS = Limits(max_bytes=200_000_000, max_uncompressed=200_000_000)
"""A 20,000-prestatie GDS801 is larger than the 25 MB default."""


def _best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def _xsdata_parse(data: bytes, cls: type[Any]) -> float:
    """Seconds xsdata's own parser takes on a fresh tree (it empties the tree as it reads)."""
    tree = read_bytes(data, limits=LIMITS).tree
    assert tree is not None
    start = time.perf_counter()
    _bind(tree, cls, fast=False)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--gds", type=int, default=20000, help="prestaties of the GDS801")
    parser.add_argument("--wmo", type=int, default=10000, help="prestaties of the WMO323")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xsdata", action="store_true", help="also time xsdata's generic way")
    args = parser.parse_args()
    messages = [
        ("GDS801", args.gds, generate_gds801(args.gds)),
        ("WMO323", args.wmo, generate_wmo323(args.wmo).encode("utf-8")),
    ]
    extra = " xsdata parse | xsdata serialize |" if args.xsdata else ""
    print(f"| message | prestaties | MB | parse | parse, no XSD | serialize | output MB |{extra}")
    print("|---|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if args.xsdata else ""))
    for name, size, data in messages:
        parsed, model = _best(args.repeat, lambda d=data: parse(d, limits=LIMITS))
        unchecked, _ = _best(
            args.repeat, lambda d=data: parse(d, limits=LIMITS, check_schema=False)
        )
        written, out = _best(args.repeat, lambda m=model: serialize(m))
        row = (
            f"| {name} | {size} | {len(data) / 1e6:.1f} | {parsed:.2f} s | {unchecked:.2f} s "
            f"| {written:.2f} s | {len(out) / 1e6:.1f} |"
        )
        if args.xsdata:
            slow_parse = min(_xsdata_parse(data, type(model)) for _ in range(args.repeat))
            spec = spec_of(model)
            slow_write, _ = _best(args.repeat, lambda m=model, s=spec: _render(m, s, fast=False))
            row += f" {slow_parse:.2f} s | {slow_write:.2f} s |"
        print(row)


if __name__ == "__main__":
    main()
