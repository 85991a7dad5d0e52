"""Time messages written on one line with many findings, against the same message on many lines.

Usage: python benchmarks/bench_oneline.py [--prestaties 3000] [--findings 10 100 1000] [--repeat 3]

Messages that machines generate are often a single line. Each finding must still be placed on
its element (path and line) in time linear in the message and the number of findings, whatever
the number of elements that share a line. A generated WMO323 (``generate_declaratie.py``, about
0.7 MB per 1,000 prestaties) is spoiled ``N`` times in one of three ways:

- ``level 2``: ``N`` Prestaties with an Eenheid (99) the XSD does not list (EI202);
- ``level 3``: ``N`` Prestaties with an Eenheid (83) that the relation rules refuse (CD087,
  CS339);
- ``level 4``: ``N`` Prestaties with a ProductCode missing from a supplied ``productcodes`` list
  (TR381).

Each is validated as written (one Prestatie a line) and with every newline removed (one line),
and the report is rendered with every reporter that shows lines (text, rapport, junit, sarif,
github, html, json). One Markdown row per kind and ``N`` (best of ``--repeat``, seconds) for
docs/performance.md. Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_declaratie import generate

import eistandaard
from eistandaard.core.report import Report
from eistandaard.render.registry import RenderOptions, reporter
from eistandaard.standards.codelists import CodeLists

AS_OF = dt.date(2026, 11, 23)
REPORTERS = ("text", "rapport", "junit", "sarif", "github", "html", "json")
SPOILS = {
    "level 2": ("<wmo323:Eenheid>04<", "<wmo323:Eenheid>99<"),
    "level 3": ("<wmo323:Eenheid>04<", "<wmo323:Eenheid>83<"),
    "level 4": ("<wmo323:ProductCode>07A01<", "<wmo323:ProductCode>07A02<"),
}
"""Per kind: the text of a Prestatie replaced, and by what."""
KINDS = tuple(SPOILS)


def best(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The shortest of ``repeat`` runs of ``action`` (seconds) and what the last run returned."""
    times = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def spoiled(text: str, kind: str, count: int) -> str:
    """``text`` with the first ``count`` places of ``kind`` spoiled."""
    old, new = SPOILS[kind]
    return text.replace(old, new, count)


def products(folder: Path) -> CodeLists:
    """Code lists with a ``productcodes`` list that holds 07A01 only."""
    path = folder / "productcodes.csv"
    path.write_text(
        "# codelist: productcodes\n# publisher: bench\n# source: bench\n# version: 1\n"
        "# retrieved: 2026-11-23\n# complete: yes\ncode,ingangsdatum,expiratiedatum,omschrijving\n"
        "07/07A01,,,dagbesteding\n",
        encoding="utf-8",
    )
    return CodeLists(overrides={"productcodes": path})


def render_all(report: Report, data: bytes) -> None:
    """Render ``report`` with every reporter that shows lines (the source quoted where shown)."""
    options = RenderOptions(lang="nl", sources={report.source: data})
    for name in REPORTERS:
        reporter(name).render([report], options)


def row(text: str, kind: str, count: int, lists: CodeLists, repeat: int) -> str:
    """One Markdown row: findings, then validate and render, many lines and one line."""
    cells: list[str] = []
    found = 0
    for data in (text.encode(), text.replace("\n", "").encode()):
        seconds, report = best(
            lambda data=data: eistandaard.validate(data, as_of=AS_OF, codelists=lists), repeat
        )
        assert isinstance(report, Report)
        found = len(report.findings)
        rendered, _ = best(lambda r=report, d=data: render_all(r, d), repeat)
        cells += [f"{seconds:.3f}", f"{rendered:.3f}"]
    return f"| {kind} | {count} | {found} | " + " | ".join(cells) + " |"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prestaties", type=int, default=3000)
    parser.add_argument("--findings", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = generate(args.prestaties)
    print(
        f"WMO323, {args.prestaties} prestaties, {len(base) / 1e6:.1f} MB; "
        "validate / render (every reporter), seconds"
    )
    print(
        "| spoiled | N | findings | many lines: validate | render | one line: validate | render |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        lists = products(Path(folder))
        for kind in args.kinds:
            for count in args.findings:
                text = spoiled(base, kind, count)
                print(row(text, kind, count, lists, args.repeat), flush=True)


if __name__ == "__main__":
    main()
