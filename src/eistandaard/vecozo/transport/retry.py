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
    """Where a message stands after :func:`deliver` (each value its name in lower case)."""

    READY = enum.auto()
    """Nothing reached VECOZO yet (or VECOZO has no record): send again later."""
    UNKNOWN = enum.auto()
    """It may have arrived: ask berichtstatus before sending again."""
    SENT = enum.auto()
    """VECOZO has it (204, a status record, or CC08 after an unknown outcome)."""
    REJECTED = enum.auto()
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


def deliver(
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
    attempt = _Attempts(
        client,
        envelope,
        payload,
        policy or RetryPolicy(),
        clock or SystemClock(),
        rng or random.Random(),
        unknown=unknown,
    )
    return attempt.run()


class _Next(enum.Enum):
    """What an attempt that did not end the delivery leads to."""

    PUSH = "push"
    """VECOZO has no record of the message (berichtstatus): push it, in the same round."""
    AGAIN = "again"
    """The attempt failed and the wait before the next one is over."""
    STOP = "stop"
    """The attempt failed and no attempt or budget is left for another one."""


class _Attempts:
    """The retry state machine of one :func:`deliver` call: a method per step.

    A round reconciles first while the outcome is unknown (:meth:`reconcile`), then pushes
    (:meth:`push`); a failed step waits (:meth:`wait`) or stops; :meth:`later` says when the
    next run may try again.
    """

    def __init__(
        self,
        client: VecozoClient,
        envelope: Envelope,
        payload: bytes,
        policy: RetryPolicy,
        clock: Clock,
        rng: random.Random,
        *,
        unknown: bool,
    ) -> None:
        self.client = client
        self.envelope = envelope
        self.payload = payload
        self.policy = policy
        self.clock = clock
        self.rng = rng
        self.trace = envelope.referenties.traceer_id or ""
        self.attempts = 0
        self.pushes = 0
        self.waited = 0.0
        self.unknown = unknown
        """Whether the last outcome may have arrived: ask berichtstatus before pushing."""
        self.was_unknown = unknown
        """Whether any outcome of this call (or an earlier run) was unknown."""
        self.last_error: str | None = None
        self.retry_after: float | None = None

    def run(self) -> Delivery:
        """Rounds until VECOZO has the message, refuses it, or the attempts or budget are spent."""
        while self.attempts < self.policy.max_attempts:
            self.retry_after = None
            step = self.reconcile() if self.unknown else _Next.PUSH
            if step is _Next.PUSH:
                step = self.push()
            if isinstance(step, Delivery):
                return step
            if step is _Next.STOP:
                break
        return self.later()

    def reconcile(self) -> Delivery | _Next:
        """Ask berichtstatus for the traceerId: sent when VECOZO has a record, else push."""
        self.attempts += 1
        try:
            records = self.client.berichtstatus(traceer_id=self.trace)
        except (TransportError, UnexpectedResponse) as exc:
            self.last_error = reason_of(exc)
            self.retry_after = getattr(exc, "retry_after", None)
            return self.wait()
        mine = [r for r in records if r.traceer_id == self.trace]
        if mine:
            return Delivery(
                State.SENT, self.attempts, reconciled=True, pushes=self.pushes, status=mine[0]
            )
        self.unknown = False  # VECOZO has no record: the same message may go again
        return _Next.PUSH

    def push(self) -> Delivery | _Next:
        """Push the message; its answer, refusal or failure decides the next step."""
        self.attempts += 1
        self.pushes += 1
        try:
            result = self.client.push(self.envelope, self.payload)
        except TransportError as exc:
            return self.failed(exc)
        except UnexpectedResponse as exc:
            return self.refused(exc)
        if result.accepted:
            return Delivery(State.SENT, self.attempts, pushes=self.pushes)
        findings = result.problem.findings if result.problem else ()
        if self.was_unknown and codes_of(findings) & ARRIVED_CODES:
            return Delivery(State.SENT, self.attempts, reconciled=True, pushes=self.pushes)
        return Delivery(State.REJECTED, self.attempts, findings=tuple(findings), pushes=self.pushes)

    def failed(self, exc: TransportError) -> _Next:
        """A push that failed in transport: unknown (may have arrived) or not sent; wait."""
        self.last_error = reason_of(exc)
        if self.policy.outcome_of(exc) is Outcome.UNKNOWN:
            self.unknown = self.was_unknown = True
        return self.wait()

    def refused(self, exc: UnexpectedResponse) -> Delivery | _Next:
        """A push answered with a status other than 204: final (rejected), or wait."""
        self.last_error = reason_of(exc)
        kind = self.policy.outcome(exc.status)
        if kind is Outcome.FINAL:
            return Delivery(
                State.REJECTED, self.attempts, pushes=self.pushes, error=self.last_error
            )
        if kind is Outcome.UNKNOWN:
            self.unknown = self.was_unknown = True
        self.retry_after = exc.retry_after
        return self.wait()

    def wait(self) -> _Next:
        """Sleep the backoff before the next attempt, unless no attempt or budget is left."""
        delay = self.policy.delay(self.attempts - 1, self.rng, self.retry_after)
        if self.attempts >= self.policy.max_attempts or self.waited + delay > self.policy.budget:
            return _Next.STOP
        self.clock.sleep(delay)
        self.waited += delay
        return _Next.AGAIN

    def later(self) -> Delivery:
        """Not delivered in this call: ``unknown`` or ``ready``, and when to try again."""
        retry_at = self.clock.now() + dt.timedelta(
            seconds=max(self.policy.delay(self.attempts, self.rng, self.retry_after), 1.0)
        )
        return Delivery(
            State.UNKNOWN if self.unknown else State.READY,
            self.attempts,
            pushes=self.pushes,
            retry_at=retry_at,
            error=self.last_error,
        )
