"""Outbox, poller and inbox: the steps an integrator schedules (each a ``run_once()``).

State lives in the ledger's database (migration ``0002_transport``): the outbox keeps the
exact metadata and bytes of every message, so a retry re-sends the SAME message; the inbox
stores an answer before it is acknowledged; status changes are kept with their meldingen;
alarms are raised once per message and kind.

Several workers may run at once on PostgreSQL: a worker takes a message with a lease (one
atomic ``UPDATE ... WHERE lease expired``) and only the lease holder sends it. On SQLite run
one worker (the lease still holds, but SQLite serialises every writer).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import attrs

from eistandaard.core.errors import DataError, EIError, InputError
from eistandaard.standards.wording import reason_of, said_error
from eistandaard.vecozo.build import parse_payload
from eistandaard.vecozo.data import family_rules, pull_retention
from eistandaard.vecozo.envelope import Envelope
from eistandaard.vecozo.ledger.model import LedgerConflict, LedgerError, record_of
from eistandaard.vecozo.ledger.sql import SqlLedger
from eistandaard.vecozo.transport.client import (
    Berichtstatus,
    ChecksumMismatch,
    PayloadGone,
    PullMessage,
    StatusValue,
    UnexpectedResponse,
    VecozoClient,
)
from eistandaard.vecozo.transport.http import TransportError
from eistandaard.vecozo.transport.retry import (
    Clock,
    RetryPolicy,
    State,
    SystemClock,
    deliver,
)

__all__ = ["Alarm", "Inbox", "Outbox", "Poller", "RunSummary"]

EXPIRY_MARGIN = dt.timedelta(days=7)
"""Alarm when a message not yet stored expires within this margin."""


@attrs.frozen
class Alarm:
    """Something a person must look at.

    ``kind``: ``rejected``, ``no-answer``, ``expiring``, ``expired``, ``checksum``, ``ledger``
    or ``unreadable``.
    """

    kind: str
    traceer_id: str
    text: str


@attrs.frozen
class RunSummary:
    """What one ``run_once`` did (counts per outcome, alarms raised now).

    ``failures``: why a call to VECOZO failed in this run (unreachable, a time-out, an
    unexpected answer), one reason per failed call, or why deadlines could not be judged (a
    request outside the holiday calendar), in both languages; the work waits for the next run.
    """

    counts: dict[str, int] = attrs.field(factory=dict)
    alarms: tuple[Alarm, ...] = ()
    failures: tuple[str, ...] = ()

    def count(self, key: str) -> int:
        """A count (0 when absent)."""
        return self.counts.get(key, 0)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class _Store:
    """SQL on the ledger's connection (the ledger's own transaction helpers)."""

    def __init__(self, ledger: SqlLedger) -> None:
        if not isinstance(ledger, SqlLedger):
            raise InputError(said_error("transport-needs-sql-ledger"))
        self.ledger = ledger

    @contextmanager
    def write(self) -> Iterator[Any]:
        with self.ledger._transaction() as cursor:  # the ledger's own write transaction
            yield _Cursor(cursor, self.ledger)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.ledger._query(self.ledger._sql(sql), params)

    def alarm(self, alarm: Alarm, now: dt.datetime) -> bool:
        """Record an alarm once; ``True`` when it is new."""
        if self.query(
            "SELECT 1 FROM transport_alarms WHERE kind = ? AND traceer_id = ?",
            (alarm.kind, alarm.traceer_id),
        ):
            return False
        try:
            with self.write() as cur:
                cur.execute(
                    "INSERT INTO transport_alarms (kind, traceer_id, raised_at, text)"
                    " VALUES (?, ?, ?, ?)",
                    (alarm.kind, alarm.traceer_id, _iso(now), str(alarm.text)),
                )
        except Exception:  # a concurrent worker raised it first (primary key)
            return False
        return True

    def alarms(self) -> list[Alarm]:
        return [
            Alarm(str(k), str(t), str(x))
            for k, t, x in self.query(
                "SELECT kind, traceer_id, text FROM transport_alarms ORDER BY raised_at, kind"
            )
        ]


class _Cursor:
    def __init__(self, cursor: Any, ledger: SqlLedger) -> None:
        self.cursor = cursor
        self.ledger = ledger

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self.cursor.execute(self.ledger._sql(sql), tuple(params))
        return int(self.cursor.rowcount)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.cursor.fetchall()]


class _LedgerWorker:
    """What the outbox, the poller and the inbox share: the ledger's tables, client and clock."""

    def __init__(self, ledger: SqlLedger, client: VecozoClient, clock: Clock | None) -> None:
        self.store = _Store(ledger)
        self.ledger = ledger
        self.client = client
        self.clock = clock or SystemClock()


class Outbox(_LedgerWorker):
    """Messages to send: :meth:`enqueue` records them, :meth:`run_once` delivers the ready ones.

    :param ledger: the SQL ledger (SQLite or PostgreSQL) that holds the state.
    :param client: the VECOZO client.
    :param worker: this worker's name (leases).
    :param lease: seconds a taken message stays this worker's.
    """

    def __init__(
        self,
        ledger: SqlLedger,
        client: VecozoClient,
        *,
        policy: RetryPolicy | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        worker: str | None = None,
        lease: float = 600.0,
        batch: int = 100,
    ) -> None:
        super().__init__(ledger, client, clock)
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()
        self.worker = worker or uuid.uuid4().hex
        self.lease = lease
        self.batch = batch

    def enqueue(self, envelope: Envelope, payload: bytes, *, sent_on: dt.date | None = None) -> str:
        """Record a message in the ledger and the outbox (state ``ready``).

        :param payload: the exact bytes to push (for Wmo/Jw the one-file ZIP).
        :raises LedgerConflict: CC08/BRS114, BRS20, TR333 ... (the ledger refuses it).
        :raises InputError: the payload is no readable message.
        """
        trace = envelope.referenties.traceer_id
        if not trace:
            raise InputError(said_error("transport-no-traceerid"))
        parsed = parse_payload(payload)
        now = self.clock.now()
        record = record_of(parsed, envelope, sent_on=sent_on or now.date())
        try:
            self.ledger.add(record)
        except LedgerConflict as conflict:
            # Recorded by an enqueue that stopped before its outbox row: resume it, once.
            known = self.ledger.get(trace)
            resumable = (
                conflict.code in ("CC08", "BRS114")
                and known is not None
                and known.payload_sha256 == record.payload_sha256
                and not self.store.query(
                    "SELECT 1 FROM transport_outbox WHERE traceer_id = ?", (trace,)
                )
            )
            if not resumable:
                raise
        with self.store.write() as cur:
            cur.execute(
                "INSERT INTO transport_outbox (traceer_id, metadata, payload, state, attempts,"
                " next_attempt_at, updated_at) VALUES (?, ?, ?, 'ready', 0, ?, ?)",
                (
                    trace,
                    envelope.dumps(),
                    base64.b64encode(payload).decode("ascii"),
                    _iso(now),
                    _iso(now),
                ),
            )
        return trace

    def _interrupted(self, trace: str) -> None:
        """Mark a message whose delivery was cut off as ``unknown`` and release it.

        Whether VECOZO received it cannot be known here; the next run asks its berichtstatus
        before it pushes again (:func:`deliver` with ``unknown``), so an arrived message is not
        taken for a duplicate (CC08/BRS114) and rejected. Never raises: the interruption itself
        is what the caller must see.
        """
        with contextlib.suppress(Exception), self.store.write() as cur:
            cur.execute(
                "UPDATE transport_outbox SET state = 'unknown', lease_owner = NULL,"
                " lease_until = NULL, updated_at = ? WHERE traceer_id = ? AND lease_owner = ?",
                (_iso(self.clock.now()), trace, self.worker),
            )

    def _take(self) -> list[tuple[str, str, str, str, int]]:
        now = _iso(self.clock.now())
        until = _iso(self.clock.now() + dt.timedelta(seconds=self.lease))
        rows = self.store.query(
            "SELECT traceer_id FROM transport_outbox WHERE state IN ('ready', 'unknown')"
            " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
            " ORDER BY next_attempt_at, traceer_id",
            (now, now),
        )
        taken: list[tuple[str, str, str, str, int]] = []
        for (trace,) in rows[: self.batch]:
            with self.store.write() as cur:
                # A lease that ran out without being released is a worker that stopped while
                # sending: what it sent is unknown, so the message is reconciled first.
                won = cur.execute(
                    "UPDATE transport_outbox SET lease_owner = ?, lease_until = ?,"
                    " state = CASE WHEN lease_owner IS NULL THEN state ELSE 'unknown' END"
                    " WHERE traceer_id = ? AND state IN ('ready', 'unknown')"
                    " AND (lease_until IS NULL OR lease_until < ?)",
                    (self.worker, until, trace, now),
                )
                if won != 1:
                    continue  # another worker holds it
                cur.execute(
                    "SELECT traceer_id, metadata, payload, state, attempts FROM transport_outbox"
                    " WHERE traceer_id = ?",
                    (trace,),
                )
                row = cur.fetchall()[0]
            taken.append((str(row[0]), str(row[1]), str(row[2]), str(row[3]), int(row[4])))
        return taken

    def run_once(self, progress: Callable[[str, str], None] | None = None) -> RunSummary:
        """Deliver every ready message once (with retries inside the policy's budget).

        :param progress: called with ``(traceerId, state)`` after each message.
        """
        counts: dict[str, int] = {}
        raised: list[Alarm] = []
        failures: list[str] = []
        for trace, metadata, payload, state, attempts in self._take():
            envelope = Envelope.loads(metadata)
            try:
                delivery = deliver(
                    self.client,
                    envelope,
                    base64.b64decode(payload),
                    policy=self.policy,
                    clock=self.clock,
                    rng=self.rng,
                    unknown=state == State.UNKNOWN,
                )
            except BaseException:  # Ctrl-C, a kill, a crash while sending: the bytes may be out
                self._interrupted(trace)
                raise
            now = self.clock.now()
            next_at = _iso(delivery.retry_at or now)
            findings = json.dumps(
                [
                    {
                        "code": f.code,
                        "text_nl": f.text_nl,
                        "text_en": f.text_en,
                        "details": f.details,
                    }
                    for f in delivery.findings
                ],
                ensure_ascii=False,
            )
            with self.store.write() as cur:
                cur.execute(
                    "UPDATE transport_outbox SET state = ?, attempts = ?, next_attempt_at = ?,"
                    " findings = ?, sent_at = ?, lease_owner = NULL, lease_until = NULL,"
                    " updated_at = ? WHERE traceer_id = ? AND lease_owner = ?",
                    (
                        str(delivery.state),
                        attempts + delivery.attempts,
                        next_at,
                        findings,
                        _iso(now) if delivery.state is State.SENT else None,
                        _iso(now),
                        trace,
                        self.worker,
                    ),
                )
            counts[str(delivery.state)] = counts.get(str(delivery.state), 0) + 1
            if progress is not None:
                progress(trace, str(delivery.state))
            if delivery.reconciled:
                counts["reconciled"] = counts.get("reconciled", 0) + 1
            if delivery.error and delivery.state in (State.READY, State.UNKNOWN):
                failures.append(
                    said_error("transport-push-failed", trace=trace, error=delivery.error)
                )
            if delivery.state is State.SENT:
                self.ledger.set_state(trace, "sent")
            elif delivery.state is State.REJECTED:
                self.ledger.set_state(trace, "rejected")
                codes = ", ".join(f.code for f in delivery.findings) or (delivery.error or "")
                alarm = Alarm(
                    "rejected",
                    trace,
                    said_error("alarm-refused-at-reception", trace=trace, codes=codes),
                )
                if self.store.alarm(alarm, now):
                    raised.append(alarm)
        return RunSummary(counts, tuple(raised), tuple(failures))

    def state(self, traceer_id: str) -> str | None:
        """A message's outbox state (``ready``, ``unknown``, ``sent``, ``rejected``)."""
        rows = self.store.query(
            "SELECT state FROM transport_outbox WHERE traceer_id = ?", (traceer_id,)
        )
        return str(rows[0][0]) if rows else None

    def states(self) -> dict[str, int]:
        """Messages per outbox state."""
        return {
            str(s): int(n)
            for s, n in self.store.query(
                "SELECT state, COUNT(*) FROM transport_outbox GROUP BY state"
            )
        }


class Poller(_LedgerWorker):
    """Follows the status of sent messages: records every change with its meldingen."""

    def __init__(
        self,
        ledger: SqlLedger,
        client: VecozoClient,
        *,
        clock: Clock | None = None,
        batch: int = 250,
    ) -> None:
        super().__init__(ledger, client, clock)
        self.batch = batch

    def run_once(self, progress: Callable[[str, str], None] | None = None) -> RunSummary:
        """Ask berichtstatus for each sent message whose status is not final.

        :param progress: called with ``(traceerId, "asked")`` after each question to VECOZO.
        """
        counts: dict[str, int] = {}
        raised: list[Alarm] = []
        failures: list[str] = []
        rows = self.store.query(
            "SELECT traceer_id, vecozo_status FROM transport_outbox WHERE state = 'sent'"
            " ORDER BY sent_at, traceer_id"
        )
        for trace, current in rows:
            if current is not None and (StatusValue.parse(current).known or _NONE).terminal:
                continue
            if counts.get("asked", 0) >= self.batch:
                break
            counts["asked"] = counts.get("asked", 0) + 1
            try:
                records = self.client.berichtstatus(traceer_id=str(trace))
            except (TransportError, UnexpectedResponse) as exc:
                counts["failed"] = counts.get("failed", 0) + 1
                failures.append(
                    said_error("transport-berichtstatus-failed", trace=str(trace), error=exc)
                )
                continue
            finally:
                if progress is not None:
                    progress(str(trace), "asked")
            mine = [r for r in records if r.traceer_id == trace]
            if not mine:
                continue
            record = mine[0]
            if record.status.raw == current:
                continue
            now = self.clock.now()
            meldingen = json.dumps([attrs.asdict(m) for m in record.meldingen], ensure_ascii=False)
            try:
                self._record(
                    str(trace), record.status.raw, record.changed_at or _iso(now), meldingen, now
                )
            except Exception:  # another worker recorded this change first (unique event)
                counts["raced"] = counts.get("raced", 0) + 1
                continue
            counts["changed"] = counts.get("changed", 0) + 1
            if record.status.known is not None and record.status.known.rejected:
                self.ledger.set_state(str(trace), "rejected")
                codes = ", ".join(m.code for m in record.meldingen)
                alarm = Alarm(
                    "rejected", str(trace), said_error("alarm-rejected-by-service", codes=codes)
                )
                if self.store.alarm(alarm, now):
                    raised.append(alarm)
            elif record.status.known is None:
                counts["unknown-status"] = counts.get("unknown-status", 0) + 1
        try:
            overdue_now = self.ledger.unanswered(self.clock.now().date())
        except DataError as exc:  # a request outside the holiday calendar: no deadline guessed
            counts["no-deadline"] = counts.get("no-deadline", 0) + 1
            failures.append(reason_of(exc))
            overdue_now = []
        for overdue in overdue_now:
            alarm = Alarm(
                "no-answer",
                overdue.record.traceer_id,
                said_error(
                    "alarm-no-answer",
                    message=overdue.record.message,
                    trace=overdue.record.traceer_id,
                    deadline=overdue.deadline.isoformat(),
                ),
            )
            if self.store.alarm(alarm, self.clock.now()):
                raised.append(alarm)
        return RunSummary(counts, tuple(raised), tuple(failures))

    def _record(
        self, trace: str, status: str, changed_at: str, meldingen: str, now: dt.datetime
    ) -> None:
        with self.store.write() as cur:
            cur.execute(
                "UPDATE transport_outbox SET vecozo_status = ?, status_changed_at = ?,"
                " updated_at = ? WHERE traceer_id = ?",
                (status, changed_at, _iso(now), trace),
            )
            cur.execute(
                "DELETE FROM transport_events WHERE traceer_id = ? AND status = ?",
                (trace, status),
            )
            cur.execute(
                "INSERT INTO transport_events (traceer_id, at, status, meldingen)"
                " VALUES (?, ?, ?, ?)",
                (trace, changed_at, status, meldingen),
            )

    def events(self, traceer_id: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
        """The recorded status changes of a message: ``(at, status, meldingen)``."""
        return [
            (str(at), str(status), json.loads(str(meldingen)))
            for at, status, meldingen in self.store.query(
                "SELECT at, status, meldingen FROM transport_events WHERE traceer_id = ?"
                " ORDER BY at",
                (traceer_id,),
            )
        ]


class _NoStatus:
    terminal = False


_NONE: Any = _NoStatus()


class Inbox(_LedgerWorker):
    """Fetches what is ready: download (size + SHA-256), store, link, then acknowledge.

    A message listed twice is stored once (the inbox's primary key); it is acknowledged
    only after it is stored.

    :param max_pages: list calls per run (each up to 250 messages): a bound, not a target.
    """

    def __init__(
        self,
        ledger: SqlLedger,
        client: VecozoClient,
        *,
        clock: Clock | None = None,
        max_pages: int = 20,
        limit: int = 250,
    ) -> None:
        super().__init__(ledger, client, clock)
        self.max_pages = max_pages
        self.limit = limit

    def run_once(self, progress: Callable[[str, str], None] | None = None) -> RunSummary:
        """Fetch, store, link and acknowledge the ready messages (bounded pages).

        :param progress: called with ``(traceerId, outcome)`` after each listed message.
        """
        counts: dict[str, int] = {}
        raised: list[Alarm] = []
        failures: list[str] = []

        def bump(key: str) -> None:
            counts[key] = counts.get(key, 0) + 1

        for _ in range(self.max_pages):
            try:
                listed = self.client.pull_list(self.limit)
            except (TransportError, UnexpectedResponse) as exc:
                bump("list-failed")
                failures.append(said_error("transport-pull-failed", error=exc))
                break
            progressed = False
            for message in listed:
                outcome = self._one(message, raised, failures)
                bump(outcome)
                if progress is not None:
                    progress(message.traceer_id or "?", outcome)
                progressed = progressed or outcome in ("stored", "duplicate")
            if len(listed) < self.limit or not progressed:
                break
        return RunSummary(counts, tuple(raised), tuple(failures))

    def _one(self, message: PullMessage, raised: list[Alarm], failures: list[str]) -> str:
        trace = message.traceer_id
        now = self.clock.now()
        if message.problem is not None:
            self._raise(Alarm("unreadable", trace or "?", message.problem), now, raised)
            return "unreadable"
        if self.store.query("SELECT 1 FROM transport_inbox WHERE traceer_id = ?", (trace,)):
            self._ack(trace, now)
            return "duplicate"
        try:
            data = self.client.download(message)
        except ChecksumMismatch as exc:
            self._raise(Alarm("checksum", trace, reason_of(exc)), now, raised)
            self._expiring(message, now, raised)  # downloaded: VECOZO's 24 h have started
            return "checksum"
        except PayloadGone as exc:
            self._raise(Alarm("expired", trace, reason_of(exc)), now, raised)
            return "expired"
        except (TransportError, UnexpectedResponse) as exc:
            failures.append(said_error("transport-download-failed", trace=trace, error=exc))
            self._expiring(message, now, raised)
            return "failed"
        linked: str | None = None
        try:
            parsed = parse_payload(data)
            record = record_of(
                parsed,
                message.envelope,
                sent_on=now.date(),
                state="received",
            )
            link = self.ledger.add(record)
            linked = link.request if link else None
        except LedgerConflict as conflict:
            if conflict.code not in ("CC08", "BRS114"):  # known already: stored before
                self._raise(Alarm("ledger", trace, str(conflict)), now, raised)
        except (EIError, LedgerError) as exc:
            self._raise(Alarm("unreadable", trace, reason_of(exc)), now, raised)
        try:
            with self.store.write() as cur:
                cur.execute(
                    "INSERT INTO transport_inbox (traceer_id, metadata, payload, received_at,"
                    " stored_at, answer_to) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        trace,
                        message.envelope.dumps(),
                        base64.b64encode(data).decode("ascii"),
                        message.received_at,
                        _iso(now),
                        linked,
                    ),
                )
        except Exception:  # a concurrent worker stored it (primary key): acknowledge only
            self._ack(trace, now)
            return "duplicate"
        self._ack(trace, now)
        return "stored"

    def _ack(self, trace: str, now: dt.datetime) -> None:
        try:
            self.client.acknowledge(trace)
        except (TransportError, UnexpectedResponse):
            return  # listed again next time; stored once
        with self.store.write() as cur:
            cur.execute(
                "UPDATE transport_inbox SET acknowledged_at = ? WHERE traceer_id = ?",
                (_iso(now), trace),
            )

    def _raise(self, alarm: Alarm, now: dt.datetime, raised: list[Alarm]) -> None:
        if self.store.alarm(alarm, now):
            raised.append(alarm)

    def _expiring(self, message: PullMessage, now: dt.datetime, raised: list[Alarm]) -> None:
        if message.received_at is None:
            return
        try:
            received = dt.datetime.fromisoformat(message.received_at.replace("Z", "+00:00"))
        except ValueError:
            return
        keep, after_download = pull_retention(_family(message.envelope))
        expires = received + keep
        why: str = ""
        downloaded = self._first_download(message.traceer_id)
        if downloaded is not None and downloaded + after_download < expires:
            expires = downloaded + after_download
            why = said_error("alarm-expiring-why", downloaded=_iso(downloaded))
        if expires - EXPIRY_MARGIN <= now:
            self._raise(
                Alarm(
                    "expiring",
                    message.traceer_id,
                    said_error(
                        "alarm-expiring", trace=message.traceer_id, expires=_iso(expires), why=why
                    ),
                ),
                now,
                raised,
            )

    def _first_download(self, traceer_id: str | None) -> dt.datetime | None:
        """When the payload was first downloaded but not stored (its ``checksum`` alarm)."""
        rows = self.store.query(
            "SELECT raised_at FROM transport_alarms WHERE kind = 'checksum' AND traceer_id = ?",
            (traceer_id,),
        )
        try:
            return dt.datetime.fromisoformat(str(rows[0][0])) if rows else None
        except ValueError:
            return None

    def payload(self, traceer_id: str) -> bytes | None:
        """A stored answer's payload."""
        rows = self.store.query(
            "SELECT payload FROM transport_inbox WHERE traceer_id = ?", (traceer_id,)
        )
        return base64.b64decode(str(rows[0][0])) if rows else None

    def count(self) -> int:
        """Messages stored."""
        return int(self.store.query("SELECT COUNT(*) FROM transport_inbox")[0][0])


def _family(envelope: Envelope) -> str | None:
    subtype = (envelope.berichtstroom.berichtsubtype or "").upper()
    for prefix, family in (("WMO", "iwmo"), ("JW", "ijw"), ("GDS", "gds"), ("BM", "bm")):
        if subtype.startswith(prefix):
            try:
                family_rules(family)
            except EIError:
                return None
            return family
    return None


def alarms(ledger: SqlLedger) -> list[Alarm]:
    """Every alarm raised so far."""
    return _Store(ledger).alarms()


_ = Berichtstatus
