"""Retries that never deliver twice.

VECOZO's push has no idempotency header; the traceerId is the only handle and a repeated one
is refused (CC08/BRS114). So after an *unknown* outcome (a time-out after sending, a reset, a
5xx) :func:`deliver` first asks berichtstatus for the traceerId and re-sends the SAME message
(same metadata, same bytes) only when VECOZO has no record of it; a CC08/BRS114 refusal after
an unknown outcome means the first attempt arrived. 422 is never retried ("indiener probeert
hetzelfde request niet opnieuw", push contract).

Time comes from a :class:`Clock` (tests use :class:`VirtualClock`: no real waiting).
"""

from __future__ import annotations

import datetime as dt
import enum
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import Protocol

import attrs

from eistandaard.core import clock as nl_clock
from eistandaard.core.arguments import expect
from eistandaard.core.findings import Finding
from eistandaard.standards.wording import reason_of
from eistandaard.vecozo.envelope import Envelope
from eistandaard.vecozo.transport.client import (
    StatusRecord,
    UnexpectedResponse,
    VecozoClient,
    codes_of,
)
from eistandaard.vecozo.transport.http import NotSent, TransportError

__all__ = [
    "Clock",
    "Delivery",
    "Outcome",
    "RetryPolicy",
    "State",
    "SystemClock",
    "VirtualClock",
    "deliver",
]

ARRIVED_CODES = frozenset({"CC08", "BRS114"})
"""Refusals that, after an unknown outcome, mean "your first attempt arrived"."""


class Clock(Protocol):
    """Time for the transport: a UTC wall clock and a sleep (virtual in tests)."""

    def now(self) -> dt.datetime:
        """The current moment (aware, UTC)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> dt.datetime:
        """The current moment (UTC), from :func:`eistandaard.core.clock.now` (injectable there)."""
        return nl_clock.now().astimezone(dt.UTC)

    def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        time.sleep(max(0.0, seconds))


class VirtualClock:
    """A clock that only moves when slept on or advanced (thread-safe)."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._now = start or dt.datetime(2025, 4, 1, 8, 0, tzinfo=dt.UTC)
        self._lock = threading.Lock()
        self.slept = 0.0
        self._listeners: list[Callable[[dt.datetime], None]] = []

    def on_advance(self, listener: Callable[[dt.datetime], None]) -> None:
        """Call ``listener(now)`` after every move (the fake VECOZO reopens a refused port)."""
        self._listeners.append(listener)

    def now(self) -> dt.datetime:
        """The virtual moment."""
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Advance without waiting."""
        self.advance(seconds)
        self.slept += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        with self._lock:
            self._now += dt.timedelta(seconds=max(0.0, seconds))
            now = self._now
        for listener in list(self._listeners):
            listener(now)


class Outcome(enum.StrEnum):
    """How one attempt ended, as the policy table sorts statuses and exceptions."""

    RETRY = "retry"
    """Not processed (refused connection, 429): send again after a wait."""
    UNKNOWN = "unknown"
    """Maybe processed (time-out after sending, reset, 5xx): ask berichtstatus first."""
    FINAL = "final"
    """Never retried (400, 422, other 4xx)."""


DEFAULT_STATUSES: Mapping[int, Outcome] = {
    429: Outcome.RETRY,
    500: Outcome.UNKNOWN,
    502: Outcome.UNKNOWN,
    503: Outcome.UNKNOWN,
    504: Outcome.UNKNOWN,
    400: Outcome.FINAL,
    401: Outcome.FINAL,
    403: Outcome.FINAL,
    404: Outcome.FINAL,
    422: Outcome.FINAL,
}


@attrs.frozen
class RetryPolicy:
    """Which failures are retried and how long: a table, backoff with jitter, a budget.

    :param statuses: HTTP status -> :class:`Outcome` (absent: 5xx unknown, the rest final).
    :param max_attempts: attempts (push or status query) per :func:`deliver` call.
    :param base_delay: first backoff in seconds; doubled per attempt, capped at ``max_delay``.
    :param budget: seconds of waiting per call; past it the message waits for the next run.
    :param jitter: fraction of each delay drawn at random (0 = none, 1 = full jitter).
    """

    statuses: Mapping[int, Outcome] = attrs.field(factory=lambda: dict(DEFAULT_STATUSES))
    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 60.0
    budget: float = 300.0
    jitter: float = 0.5

    def outcome(self, status: int) -> Outcome:
        """The outcome of an HTTP status."""
        if status in self.statuses:
            return self.statuses[status]
        return Outcome.UNKNOWN if status >= 500 else Outcome.FINAL

    @staticmethod
    def outcome_of(exc: BaseException) -> Outcome:
        """The outcome of an exception from the HTTP layer."""
        if isinstance(exc, NotSent):
            return Outcome.RETRY
        return Outcome.UNKNOWN

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (at least ``Retry-After``)."""
        raw = min(float(self.max_delay), float(self.base_delay) * 2.0 ** min(attempt, 60))
        wait = raw * (1 - self.jitter) + rng.uniform(0, raw * self.jitter)
        return float(max(wait, retry_after or 0.0))


class State(enum.StrEnum):
    """Where a message stands after :func:`deliver`."""

    READY = "ready"
    """Nothing reached VECOZO yet (or VECOZO has no record): send again later."""
    UNKNOWN = "unknown"
    """It may have arrived: ask berichtstatus before sending again."""
    SENT = "sent"
    """VECOZO has it (204, a status record, or CC08 after an unknown outcome)."""
    REJECTED = "rejected"
    """VECOZO refused it at reception (400/422): never retried as it is."""


@attrs.frozen
class Delivery:
    """The result of :func:`deliver`.

    :param state: a :class:`State` value.
    :param attempts: HTTP calls made (pushes and status queries).
    :param findings: the refusal's findings (``rejected``).
    :param reconciled: ``True`` when berichtstatus or CC08 (not a 204) proved the arrival.
    :param retry_at: when to try again (``ready``/``unknown``).
    """

    state: State
    attempts: int
    findings: tuple[Finding, ...] = ()
    reconciled: bool = False
    pushes: int = 0
    status: StatusRecord | None = None
    retry_at: dt.datetime | None = None
    error: str | None = None


def deliver(  # noqa: C901  # the retry state machine in one place; transport's follow-up
    client: VecozoClient,
    envelope: Envelope,
    payload: bytes,
    *,
    policy: RetryPolicy | None = None,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    unknown: bool = False,
) -> Delivery:
    """Push one message until VECOZO has it, refuses it, or the budget is spent.

    :param unknown: an earlier run ended with an unknown outcome: reconcile first.
    :returns: a :class:`Delivery`; never raises for transport failures (they are states).
    :raises InputError: an argument of the wrong kind.
    """
    expect("client", client, VecozoClient, "vecozo-client", optional=False)
    expect("envelope", envelope, Envelope, "envelope", optional=False)
    expect("payload", payload, (bytes, bytearray), "bytes", optional=False)
    expect("policy", policy, RetryPolicy, "retry-policy")
    expect("rng", rng, random.Random, "random")
    policy = policy or RetryPolicy()
    clock = clock or SystemClock()
    rng = rng or random.Random()
    trace = envelope.referenties.traceer_id or ""
    attempts = pushes = 0
    waited = 0.0
    was_unknown = unknown
    last_error: str | None = None
    retry_after: float | None = None

    def wait() -> bool:
        nonlocal waited
        delay = policy.delay(attempts - 1, rng, retry_after)
        if attempts >= policy.max_attempts or waited + delay > policy.budget:
            return False
        clock.sleep(delay)
        waited += delay
        return True

    while attempts < policy.max_attempts:
        retry_after = None
        if unknown:
            attempts += 1
            try:
                records = client.berichtstatus(traceer_id=trace)
            except (TransportError, UnexpectedResponse) as exc:
                last_error = reason_of(exc)
                retry_after = getattr(exc, "retry_after", None)
                if not wait():
                    break
                continue
            mine = [r for r in records if r.traceer_id == trace]
            if mine:
                return Delivery(
                    State.SENT, attempts, reconciled=True, pushes=pushes, status=mine[0]
                )
            unknown = False  # VECOZO has no record: the same message may go again
        attempts += 1
        pushes += 1
        try:
            result = client.push(envelope, payload)
        except TransportError as exc:
            last_error = reason_of(exc)
            if policy.outcome_of(exc) is Outcome.UNKNOWN:
                unknown = was_unknown = True
            if not wait():
                break
            continue
        except UnexpectedResponse as exc:
            last_error = reason_of(exc)
            kind = policy.outcome(exc.status)
            if kind is Outcome.FINAL:
                return Delivery(State.REJECTED, attempts, pushes=pushes, error=last_error)
            if kind is Outcome.UNKNOWN:
                unknown = was_unknown = True
            retry_after = exc.retry_after
            if not wait():
                break
            continue
        if result.accepted:
            return Delivery(State.SENT, attempts, pushes=pushes)
        findings = result.problem.findings if result.problem else ()
        if was_unknown and codes_of(findings) & ARRIVED_CODES:
            return Delivery(State.SENT, attempts, reconciled=True, pushes=pushes)
        return Delivery(State.REJECTED, attempts, findings=tuple(findings), pushes=pushes)
    retry_at = clock.now() + dt.timedelta(
        seconds=max(policy.delay(attempts, rng, retry_after), 1.0)
    )
    return Delivery(
        State.UNKNOWN if unknown else State.READY,
        attempts,
        pushes=pushes,
        retry_at=retry_at,
        error=last_error,
    )
