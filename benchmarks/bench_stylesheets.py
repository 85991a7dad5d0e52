"""SaxonC's share of level 3 on the conformance corpus: parsing, and each stylesheet tree's run.

Usage: python benchmarks/bench_stylesheets.py [CORPUS] [--against DIR ...] [--rounds 7]

For each WMO323/JW323 message of CORPUS (default ../shared/conformance, the rapport files left
out), one SaxonC processor (eistandaard's worker engine, in this process) parses the message
once and then runs the bundled stylesheet (``xslt/`` of this checkout) and the same stylesheet
of every ``--against`` folder (another ``xslt/`` tree, e.g. ``git archive`` of an older commit),
taking turns per message, so that a busy machine favours none. The time is this thread's CPU
time (``time.thread_time``): SaxonC runs in the calling thread. Prints, per tree, the best and
the median of the rounds' sums (ms for the whole corpus), and whether its findings documents
are identical to this checkout's, message by message; the parse is timed once per message and
round (it does not depend on the stylesheets). Exits 1 when a tree's output differs.

Not part of the test suite: run it by hand, ideally as ``chrt -r 1 python ...`` on a shared
machine (docs/performance.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eistandaard.levels.relations._worker import _Engine, _parse  # noqa: E402  # after the path

STYLESHEETS = {"iwmo32": Path("iwmo/3.2/WMO323.xsl"), "ijw32": Path("ijw/3.2/JW323.xsl")}
PARAMETERS = [("peildatum", "date", "2026-12-01"), ("omgeving", "string", "P")]


def _key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _summary(seconds: list[float]) -> str:
    return f"best {min(seconds) * 1e3:.1f}, median {statistics.median(seconds) * 1e3:.1f}"


def main() -> int:
    """Run the benchmark; 0 when every tree gave this checkout's findings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "conformance"
    )
    parser.add_argument("--against", type=Path, action="append", default=[])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    trees = {"this checkout": ROOT / "xslt"} | {str(p): p for p in args.against}
    messages = [
        (path, STYLESHEETS[path.parent.name], path.read_bytes())
        for path in sorted(args.corpus.glob("*/*.xml"))
        if path.parent.name in STYLESHEETS and not path.name.endswith(".rapport.xml")
    ]
    if not messages:
        sys.exit(f"no WMO323/JW323 messages under {args.corpus}")
    engine = _Engine()
    engine.warm_up()
    sums: dict[str, list[float]] = {name: [] for name in trees}
    parses: list[float] = []
    outputs: dict[str, list[str]] = {name: [] for name in trees}
    for round_number in range(args.rounds):
        spent = dict.fromkeys(trees, 0.0)
        parsed = 0.0
        order = list(trees) if round_number % 2 == 0 else list(reversed(trees))
        for _path, stylesheet, payload in messages:
            began = time.thread_time()
            engine.last = (payload, _parse(engine.processor, payload))
            parsed += time.thread_time() - began
            for name in order:
                key = _key(trees[name] / stylesheet)
                began = time.thread_time()
                reply = engine.transform(key, payload, PARAMETERS)
                spent[name] += time.thread_time() - began
                if reply[0] != "ok":
                    sys.exit(f"{name}: {stylesheet}: {reply}")
                if round_number == 0:
                    outputs[name].append(reply[1])
        parses.append(parsed)
        for name in trees:
            sums[name].append(spent[name])
    print(f"{len(messages)} messages, {args.rounds} rounds; CPU ms for the whole corpus")
    print(f"parse (once per message): {_summary(parses)}")
    mine = outputs["this checkout"]
    same = True
    for name in trees:
        identical = outputs[name] == mine
        same = same and identical
        print(f"{name}: {_summary(sums[name])}, findings identical: {identical}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
