"""Time the overlap rules (TR302, TR386, TR410) on many identical product rows.

Usage: python benchmarks/bench_overlap.py [--rows 100 1000 5000] [--messages 301 315 317]
       [--family iwmo ijw] [--repeat 1]

One client with N product rows of the same product and the same period (only their
ToewijzingNummer / ReferentieAanbieder differ, so TR101 stays quiet): every pair overlaps.
Prints a Markdown table for docs/performance.md: the level-3 time (wall clock, best of
``--repeat``), the number of overlap findings and the rows they name. Not part of the test
suite: run it by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_messages import generate

import eistandaard

AS_OF = dt.date(2026, 11, 23)
RULES = {"301": "TR302", "315": "TR386", "317": "TR410"}
_PERIOD = re.compile(r"(\d{4}-\d{2}-\d{2})")


def identical(message: str, rows: int, family: str, *, code: bool = True) -> bytes:
    """``generate(message, rows)`` with every row's product and dates those of the first row.

    ``code=False`` leaves the Product Code out (a row matched on its Categorie alone).
    """
    text = generate(message, rows, family)
    text = re.sub(r"<b:Code>P\d{4}</b:Code>", "<b:Code>P0000</b:Code>" if code else "", text)
    first = {"301": "2000-01", "315": "2000-01", "317": "2027-01"}[message]
    text = re.sub(r"(\d{4})-(\d{2})-01<", f"{first}-01<", text)
    text = re.sub(r"(\d{4})-(\d{2})-(28|30|31)<", f"{first}-31<", text)
    return text.encode("utf-8")


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--messages", nargs="+", default=["301", "315", "317"])
    parser.add_argument("--family", nargs="+", default=["iwmo"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--without-code", action="store_true", help="rows without Product Code")
    args = parser.parse_args()
    print("| message | rows | level 3 (s) | whole call (s) | overlap findings | rows named |")
    print("|---|---:|---:|---:|---:|---:|")
    for family in args.family:
        for message in args.messages:
            for rows in args.rows:
                data = identical(message, rows, family, code=not args.without_code)
                best: tuple[float, float] | None = None
                report = None
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    report = eistandaard.validate(data, as_of=AS_OF, timeout=600)
                    whole = time.perf_counter() - started
                    level3 = report.timings.get("level3", float("nan"))
                    best = (level3, whole) if best is None else min(best, (level3, whole))
                assert report is not None
                assert best is not None
                found = [f for f in report.findings if f.code == RULES[message]]
                named = {loc.xpath for f in found for loc in f.locations}
                name = f"{'WMO' if family == 'iwmo' else 'JW'}{message}"
                print(
                    f"| {name} | {rows} | {best[0]:.2f} | {best[1]:.2f} | {len(found)} "
                    f"| {len(named)} |"
                )


if __name__ == "__main__":
    main()
