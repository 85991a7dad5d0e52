"""Time 1,000 claims through the fake VECOZO with 10 % injected transport faults.

Usage: python benchmarks/transport_e2e.py [--count 1000] [--rate 0.10] [--seed 2026]

The same scenario as tests/test_vecozo_transport_e2e.py: enqueue (validate-free, the ledger
records each claim), send with retries (refused ports, stalls, resets, 5xx, 429), follow the
statuses, pull and link every GDS802. Prints one Markdown row per phase with wall-clock
seconds. Not part of the test suite: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import time
from pathlib import Path

from eistandaard import validate
from eistandaard.vecozo import build_request, parse_payload, payload_zip
from eistandaard.vecozo.ledger import SqliteLedger
from eistandaard.vecozo.testing import FakeVecozo, Fault
from eistandaard.vecozo.transport.client import VecozoClient
from eistandaard.vecozo.transport.http import HttpxClient, Timeouts
from eistandaard.vecozo.transport.outbox import Inbox, Outbox, Poller
from eistandaard.vecozo.transport.retry import VirtualClock

ROOT = Path(__file__).resolve().parents[1]
CLAIM = ROOT / "fixtures/gds/2.0/GDS801/valid/paramedisch.xml"
FAULTS = (
    Fault.REFUSE,
    Fault.STALL_BEFORE,
    Fault.STALL_AFTER,
    Fault.RESET_BEFORE,
    Fault.RESET_AFTER,
    Fault.SERVER_ERROR,
    Fault.SERVER_ERROR_AFTER,
    Fault.THROTTLE,
)


def claim(number: int) -> bytes:
    """A GDS801 with its own Referentienummer."""
    text = CLAIM.read_text(encoding="utf-8")
    return re.sub(
        r"<Referentienummer>[^<]*</Referentienummer>",
        f"<Referentienummer>B-{number:06d}</Referentienummer>",
        text,
        count=1,
    ).encode()


def main() -> None:
    """Run the scenario and print the timings."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    validate(claim(0))  # load the validators once
    clock = VirtualClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    fake = FakeVecozo(clock=clock, stall_seconds=0.25, check_answers=False).start()
    http = HttpxClient(timeouts=Timeouts(connect=2, read=0.2, write=2, pool=2))
    client = VecozoClient(http, base_url=fake.base_url)
    ledger = SqliteLedger()
    outbox = Outbox(ledger, client, clock=clock, rng=random.Random(args.seed), batch=args.count)
    poller = Poller(ledger, client, clock=clock, batch=args.count)
    inbox = Inbox(ledger, client, clock=clock)
    fake.fault_rate(args.rate, random.Random(args.seed), FAULTS)
    rows = []
    start = time.perf_counter()
    for i in range(args.count):
        xml = claim(i)
        outbox.enqueue(build_request(parse_payload(xml)), payload_zip(xml)[1])
    rows.append(("enqueue (ledger)", time.perf_counter() - start))
    mark = time.perf_counter()
    rounds = 0
    while set(outbox.states()) != {"sent"} and rounds < 20:
        outbox.run_once()
        clock.advance(120)
        rounds += 1
    rows.append((f"send with retries ({rounds} rounds)", time.perf_counter() - mark))
    fake.fault_rate(0.0, random.Random(0))
    clock.advance(600)
    mark = time.perf_counter()
    poller.run_once()
    rows.append(("follow statuses", time.perf_counter() - mark))
    mark = time.perf_counter()
    inbox.run_once()
    rows.append(("pull, store, link", time.perf_counter() - mark))
    total = time.perf_counter() - start
    stored = sum(1 for m in fake.messages.values() if not m.is_answer)
    print(
        f"{args.count} claims, {args.rate:.0%} faults: {stored} stored at the fake, "
        f"{inbox.count()} answers stored, most pushes of one claim "
        f"{max(fake.pushes.values())}"
    )
    print("| phase | seconds |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} |")
    print(f"| total | {total:.1f} |")
    http.close()
    fake.close()
    ledger.close()


if __name__ == "__main__":
    main()
