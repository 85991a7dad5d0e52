"""A fake VECOZO, a client on it and a ledger with outbox/poller/inbox, for the transport tests."""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from eistandaard.vecozo import build_request, parse_payload, payload_zip
from eistandaard.vecozo.envelope import Envelope
from eistandaard.vecozo.ledger import SqliteLedger
from eistandaard.vecozo.ledger.sql import SqlLedger
from eistandaard.vecozo.testing import FakeVecozo
from eistandaard.vecozo.transport.client import VecozoClient
from eistandaard.vecozo.transport.http import HttpxClient, Timeouts
from eistandaard.vecozo.transport.outbox import Inbox, Outbox, Poller
from eistandaard.vecozo.transport.retry import RetryPolicy, VirtualClock
from tests.conftest import FIXTURES

GDS801 = FIXTURES / "gds/2.0/GDS801/valid/paramedisch.xml"
WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
"""The virtual clock's start: after the fixtures' Verzenddatum/Dagtekening."""

STALL = 0.6
"""Seconds a stalled request hangs (real time); the client's read time-out is shorter."""

FAST = Timeouts(connect=2.0, read=0.3, write=2.0, pool=2.0)


def gds801(number: int, source: Path = GDS801) -> bytes:
    """A GDS801 with its own Referentienummer (BRS20: unique per sender)."""
    text = source.read_text(encoding="utf-8")
    return re.sub(
        r"<Referentienummer>[^<]*</Referentienummer>",
        f"<Referentienummer>E2E-{number:06d}</Referentienummer>",
        text,
        count=1,
    ).encode("utf-8")


def message(xml: bytes) -> tuple[Envelope, bytes]:
    """The request envelope and the payload ZIP of a message."""
    envelope = build_request(parse_payload(xml))
    _, data = payload_zip(xml)
    return envelope, data


@attrs.define
class World:
    """Everything a transport test needs, on one virtual clock."""

    clock: VirtualClock
    fake: FakeVecozo
    http: HttpxClient
    client: VecozoClient
    ledger: SqlLedger
    outbox: Outbox
    poller: Poller
    inbox: Inbox

    def requests_sent(self) -> int:
        """Requests (not answers) the fake stored."""
        return sum(1 for m in self.fake.messages.values() if not m.is_answer)


@functools.cache
def _warm() -> None:
    """Load the validators once, so a first push is not slower than the read time-out."""
    from eistandaard import validate

    validate(gds801(0))
    validate(WMO323.read_bytes())


@contextmanager
def world(
    ledger: SqlLedger | None = None,
    *,
    policy: RetryPolicy | None = None,
    status_version: int = 3,
    seed: int = 7,
    **fake_options: object,
) -> Iterator[World]:
    """A started fake VECOZO with a client, a ledger and the three run-once steps."""
    _warm()
    clock = VirtualClock(START)
    fake = FakeVecozo(clock=clock, stall_seconds=STALL, **fake_options)  # type: ignore[arg-type]
    fake.start()
    http = HttpxClient(timeouts=FAST)
    client = VecozoClient(http, base_url=fake.base_url, status_version=status_version)
    led = ledger or SqliteLedger()
    rng = random.Random(seed)
    try:
        yield World(
            clock,
            fake,
            http,
            client,
            led,
            Outbox(led, client, clock=clock, rng=rng, policy=policy),
            Poller(led, client, clock=clock),
            Inbox(led, client, clock=clock),
        )
    finally:
        http.close()
        fake.close()
        led.close()
