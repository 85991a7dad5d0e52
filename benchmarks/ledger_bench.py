"""Time the message ledger: record N messages (half requests, half answers) and link them.

Usage: python benchmarks/ledger_bench.py [--messages 10000] [--repeat 3] [--url URL]

Each answer is recorded with ``Ledger.add`` and linked to its request in the same transaction
(by alsAntwoordOp; every tenth answer by its payload reference, linked with ``Ledger.link``).
Default: a fresh SQLite file (WAL) in a temporary folder per run. ``--url postgresql://...``
measures a PostgreSQL ledger instead (its tables are dropped first). Prints the best of
``--repeat`` runs. Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

import attrs

from eistandaard.vecozo import build_answer, build_request, parse_payload
from eistandaard.vecozo.ledger import Record, open_ledger, record_for

ROOT = Path(__file__).resolve().parents[1]
WMO323 = ROOT / "fixtures/iwmo/3.2/WMO323/valid/basis.xml"
WMO325 = ROOT / "fixtures/iwmo/3.2/WMO325/valid/basis.xml"
DAY = dt.date(2026, 11, 2)


def _records(pairs: int) -> list[tuple[Record, Record, bool]]:
    request = parse_payload(WMO323.read_bytes())
    answer = parse_payload(WMO325.read_bytes())
    heen = build_request(request)
    base_request = record_for(request.spec, request.root, request.data, heen, sent_on=DAY)
    base_answer = record_for(
        answer.spec, answer.root, answer.data, build_answer(answer, heen), sent_on=DAY
    )
    made = []
    for number in range(pairs):
        trace, answer_trace = str(uuid.uuid4()), str(uuid.uuid4())
        by_reference = number % 10 == 0
        made.append(
            (
                attrs.evolve(
                    base_request,
                    traceer_id=trace,
                    conversatie_id=trace,
                    identificatie=f"B{number:07d}",
                    declaratienummer=f"D{number:07d}",
                ),
                attrs.evolve(
                    base_answer,
                    traceer_id=answer_trace,
                    conversatie_id=answer_trace if by_reference else trace,
                    als_antwoord_op=None if by_reference else trace,
                    identificatie=f"A{number:07d}",
                    answer_reference=f"B{number:07d}",
                ),
                by_reference,
            )
        )
    return made


def _drop(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS ledger_messages, ledger_schema CASCADE")


def run_once(messages: int, url: str | None) -> float:
    """Seconds to record ``messages`` messages and link every answer."""
    records = _records(messages // 2)
    with tempfile.TemporaryDirectory() as folder:
        target = url or f"sqlite:///{Path(folder) / 'ledger.db'}"
        if url is not None:
            _drop(url)
        ledger = open_ledger(target)
        started = time.perf_counter()
        for request, answer, by_reference in records:
            ledger.add(request)
            ledger.add(answer, link=not by_reference)
            if by_reference:
                ledger.link(answer.traceer_id)
        elapsed = time.perf_counter() - started
        linked = sum(1 for r in ledger.messages() if r.answer_to is not None)
        ledger.close()
    if linked != messages // 2:
        raise SystemExit(f"only {linked} of {messages // 2} answers were linked")
    return elapsed


def main() -> None:
    """Parse the options, run, print one Markdown row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", help="a PostgreSQL URL (default: a temporary SQLite file)")
    options = parser.parse_args()
    best = min(run_once(options.messages, options.url) for _ in range(options.repeat))
    backend = "PostgreSQL" if options.url else "SQLite (file, WAL)"
    print("| backend | messages | seconds | messages/s |")
    print("|---|---:|---:|---:|")
    print(f"| {backend} | {options.messages} | {best:.2f} | {options.messages / best:,.0f} |")


if __name__ == "__main__":
    main()
