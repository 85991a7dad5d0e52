"""End to end: 1,000 claims through the fake VECOZO with 10 % injected faults; several workers."""

from __future__ import annotations

import datetime as dt
import os
import random
import threading

import pytest
from tests.transport_helpers import gds801, message, world

from eistandaard.vecozo.ledger import open_ledger
from eistandaard.vecozo.ledger.sql import SqlLedger
from eistandaard.vecozo.testing import Fault
from eistandaard.vecozo.transport.http import Timeouts
from eistandaard.vecozo.transport.outbox import Outbox

DELIVERY_FAULTS = (
    Fault.REFUSE,
    Fault.STALL_BEFORE,
    Fault.STALL_AFTER,
    Fault.RESET_BEFORE,
    Fault.RESET_AFTER,
    Fault.SERVER_ERROR,
    Fault.SERVER_ERROR_AFTER,
    Fault.THROTTLE,
)


def test_thousand_claims_with_ten_percent_faults() -> None:
    """1,000 GDS801s, 10 % transport faults: each stored once, answered, fetched and linked.

    The run time is measured by benchmarks/transport_e2e.py (docs/performance.md), not here.
    """
    count = 1000
    # Short time-outs keep the stalls cheap; a push slower than that on a busy machine is one
    # more unknown outcome, which the client must (and does) resolve without a second copy.
    fast = Timeouts(connect=2, read=0.2, write=2, pool=2)
    with world(timeouts=fast, stall=0.25, check_answers=False) as w:
        w.fake.fault_rate(0.10, random.Random(2026), DELIVERY_FAULTS)
        w.outbox.batch = count
        w.poller.batch = count
        traces = [w.outbox.enqueue(*message(gds801(i))) for i in range(count)]
        for _ in range(20):  # bounded: each round gives every open message a new budget
            w.outbox.run_once()
            states = w.outbox.states()
            if set(states) == {"sent"}:
                break
            w.clock.advance(120)
        assert w.outbox.states() == {"sent": count}
        w.fake.fault_rate(0.0, random.Random(0))
        w.clock.advance(600)
        for _ in range(3):
            w.poller.run_once()
        for _ in range(3):
            w.inbox.run_once()
        assert w.requests_sent() == count
        assert sorted(t for t, m in w.fake.messages.items() if not m.is_answer) == sorted(traces)
        assert w.inbox.count() == count
        answers = [r for r in w.ledger.messages() if r.direction == "retour"]
        assert len(answers) == count
        assert {a.answer_to for a in answers} == set(traces)
        assert w.ledger.unanswered(w.clock.now().date() + dt.timedelta(days=90)) == []
        assert not w.fake.ready


def _postgres() -> str:
    url = os.environ.get("EISTANDAARD_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("EISTANDAARD_TEST_POSTGRES_URL is not set: no PostgreSQL server for this run")
    psycopg = pytest.importorskip("psycopg")
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(
                "DROP TABLE IF EXISTS ledger_messages, ledger_schema, transport_outbox,"
                " transport_inbox, transport_events, transport_alarms CASCADE"
            )
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    return url


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_several_workers_send_each_message_once(backend: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Three workers with leases on one database: every message pushed exactly once."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}" if backend == "sqlite" else _postgres()
    workers = 3 if backend == "postgresql" else 1
    first = open_ledger(url)
    assert isinstance(first, SqlLedger)
    with world(first) as w:
        traces = [w.outbox.enqueue(*message(gds801(i))) for i in range(30)]
        ledgers = [first] + [open_ledger(url) for _ in range(workers - 1)]
        boxes = [
            Outbox(led, w.client, clock=w.clock, rng=random.Random(n), worker=f"w{n}", batch=30)  # type: ignore[arg-type]
            for n, led in enumerate(ledgers)
        ]
        threads = [threading.Thread(target=box.run_once) for box in boxes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert all(not t.is_alive() for t in threads)
        assert w.outbox.states() == {"sent": 30}
        assert all(w.fake.pushes[t] == 1 for t in traces)
        for led in ledgers[1:]:
            led.close()


def test_lease_keeps_a_taken_message_from_a_second_worker() -> None:
    """A message leased by one worker is not taken by another until the lease runs out."""
    with world() as w:
        w.outbox.enqueue(*message(gds801(1)))
        other = Outbox(w.ledger, w.client, clock=w.clock, worker="other", lease=60)
        assert len(other._take()) == 1
        assert w.outbox._take() == []
        w.clock.advance(61)
        assert len(w.outbox._take()) == 1


def test_a_worker_that_stopped_while_sending_is_reconciled() -> None:
    """A lease that ran out unreleased means "maybe sent": the next worker asks first."""
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        crashed = Outbox(w.ledger, w.client, clock=w.clock, worker="crashed", lease=60)
        assert len(crashed._take()) == 1
        assert w.client.push(envelope, data).accepted  # it sent, then stopped
        w.clock.advance(61)
        summary = w.outbox.run_once()
        assert summary.count("reconciled") == 1
        assert w.outbox.state(trace) == "sent"
        assert w.fake.pushes[trace] == 1


def test_an_interrupted_push_is_asked_about_before_it_is_sent_again() -> None:
    """Ctrl-C after the bytes went out: the message is "unknown", and the next run asks first.

    Before, it stayed "ready" and was pushed again without asking berichtstatus: VECOZO, which
    had it, answered CC08 for its traceerId, and an arrived message was marked rejected.
    """
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        real_push = w.client.push

        def push_then_interrupt(*args: object, **kwargs: object) -> object:
            real_push(*args, **kwargs)  # type: ignore[arg-type]  # why: passed on as given
            raise KeyboardInterrupt

        w.client.push = push_then_interrupt  # type: ignore[method-assign]  # why: the interruption
        with pytest.raises(KeyboardInterrupt):
            w.outbox.run_once()
        assert w.outbox.state(trace) == "unknown"
        w.client.push = real_push  # type: ignore[method-assign]  # why: the next, quiet run
        summary = w.outbox.run_once()
        assert summary.count("reconciled") == 1
        assert w.outbox.state(trace) == "sent"
        assert w.fake.pushes[trace] == 1
