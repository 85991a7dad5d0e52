"""The SQL ledger shared by the SQLite and PostgreSQL backends: one set of portable statements.

Statements use ``?`` placeholders; a backend whose driver wants another style rewrites them.
Migrations are the numbered files of ``migrations/`` (``0001_messages.sql`` ...), applied in
order once each and remembered in ``ledger_schema``.
"""

from __future__ import annotations

import abc
import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from importlib import resources
from typing import Any

import attrs

from eistandaard.core import clock
from eistandaard.core.errors import DataError
from eistandaard.core.text import error_text, quoted
from eistandaard.standards.wording import said_error
from eistandaard.vecozo.data import family_rules
from eistandaard.vecozo.ledger.model import (
    STATES,
    LedgerConflict,
    LedgerError,
    Link,
    Overdue,
    Record,
)
from eistandaard.vecozo.workdays import Calendar, dutch_calendar

__all__ = ["COLUMNS", "SqlLedger", "migrations"]

COLUMNS = tuple(field.name for field in attrs.fields(Record))
_SELECT = "SELECT " + ", ".join(COLUMNS) + " FROM ledger_messages"

CONSTRAINT_CODES = {
    "pk_ledger_traceer": "uuid",
    "ux_ledger_conversation": "uuid",
    "ux_ledger_identificatie": "BRS20",
    "ux_ledger_declaratienummer": "TR333",
    "ux_ledger_one_answer": "CC11",
}
"""Constraint name -> rule; ``uuid`` is CC08 for Wmo/Jw and BRS114 for the other families."""

COLUMN_CODES = {
    "traceer_id": "uuid",
    "conversatie_id": "uuid",
    "identificatie": "BRS20",
    "declaratienummer": "TR333",
    "answer_to": "CC11",
}
"""The same for a driver that names the columns of a violated constraint (SQLite)."""


def migrations() -> list[tuple[int, str]]:
    """The numbered migrations, in order: ``(number, SQL text)``.

    :raises DataError: when a file name does not start with its number.
    """
    folder = resources.files("eistandaard.vecozo.ledger") / "migrations"
    found: list[tuple[int, str]] = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        number, _, _ = entry.name.partition("_")
        if not number.isdigit():
            raise DataError(f"ledger migration {entry.name} does not start with its number")
        found.append((int(number), entry.read_text(encoding="utf-8")))
    return sorted(found)


def statements(script: str) -> list[str]:
    """The statements of a migration (``;``-separated, ``--`` comments dropped)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def uuid_code(family: str) -> str:
    """CC08 for Wmo/Jw, BRS114 for the other families."""
    try:
        return "CC08" if family_rules(family).wmojw else "BRS114"
    except DataError:
        return "BRS114"


class SqlLedger(abc.ABC):
    """A :class:`~eistandaard.vecozo.ledger.model.Ledger` on a DB-API connection."""

    def __init__(self, calendar: Calendar | None = None) -> None:
        self.calendar = calendar or dutch_calendar()

    # -- what a backend provides -------------------------------------------------------

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[Any]:
        """A write transaction (a cursor-like object), committed on success."""

    @abc.abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only statement and return its rows."""

    @abc.abstractmethod
    def _violation(self, exc: BaseException) -> str | None:
        """The rule of a unique-constraint violation (``uuid``, ``BRS20`` ...), else ``None``."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def _sql(self, sql: str) -> str:
        return sql

    # -- migrations ----------------------------------------------------------------------

    def _migrate(self, cursor: Any) -> None:
        cursor.execute(
            self._sql(
                "CREATE TABLE IF NOT EXISTS ledger_schema ("
                "version INTEGER NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)"
            )
        )
        cursor.execute(self._sql("SELECT version FROM ledger_schema"))
        done = {row[0] for row in cursor.fetchall()}
        for number, script in migrations():
            if number in done:
                continue
            for statement in statements(script):
                cursor.execute(self._sql(statement))
            cursor.execute(
                self._sql("INSERT INTO ledger_schema (version, applied_at) VALUES (?, ?)"),
                (number, _now()),
            )

    def schema_version(self) -> int:
        """The number of the last migration applied."""
        rows = self._query("SELECT MAX(version) FROM ledger_schema")
        return int(rows[0][0] or 0)

    # -- records -------------------------------------------------------------------------

    def add(self, record: Record, *, link: bool = True) -> Link | None:
        """Record a message; an answer is linked to its request in the same transaction.

        :raises LedgerConflict: CC08/BRS114, BRS20, TR333, CC11 or BRS24, from the database's
            unique constraints (a concurrent writer loses the same way).
        """
        if record.state not in STATES:
            raise LedgerError(
                said_error(
                    "ledger-unknown-record-state",
                    record_state=quoted(record.state),
                    states=", ".join(STATES),
                )
            )
        stored = attrs.evolve(record, recorded_at=record.recorded_at or _now())
        values = [_value(getattr(stored, column)) for column in COLUMNS]
        marks = ", ".join("?" for _ in COLUMNS)
        found: Link | None = None
        try:
            with self._transaction() as cursor:
                cursor.execute(
                    self._sql(
                        f"INSERT INTO ledger_messages ({', '.join(COLUMNS)}) VALUES ({marks})"
                    ),
                    values,
                )
                if link and stored.direction == "retour":
                    found = self._find_request(cursor, stored)
                    if found is not None:
                        self._store_link(cursor, found)
        except LedgerConflict:
            raise
        except Exception as exc:
            raise self._conflict(exc, stored) from exc
        return found

    def get(self, traceer_id: str) -> Record | None:
        """The message with this traceerId (``None`` when unknown)."""
        rows = self._query(_SELECT + " WHERE traceer_id = ?", (traceer_id,))
        return _record(rows[0]) if rows else None

    def messages(self) -> list[Record]:
        """Every message, in the order recorded."""
        return [_record(row) for row in self._query(_SELECT + " ORDER BY recorded_at, traceer_id")]

    def set_state(self, traceer_id: str, state: str) -> None:
        """Change a message's state.

        :raises LedgerError: for an unknown message or state; :raises LedgerConflict: CC11 when
            an answer leaves ``rejected`` while its request has another answer.
        """
        if state not in STATES:
            raise LedgerError(
                said_error("ledger-unknown-state", state=quoted(state), states=", ".join(STATES))
            )
        record = self.get(traceer_id)
        if record is None:
            raise LedgerError(said_error("ledger-no-message", traceer_id=traceer_id))
        try:
            with self._transaction() as cursor:
                cursor.execute(
                    self._sql("UPDATE ledger_messages SET state = ? WHERE traceer_id = ?"),
                    (state, traceer_id),
                )
        except Exception as exc:
            raise self._conflict(exc, attrs.evolve(record, state=state), new=False) from exc

    def link(self, traceer_id: str) -> Link:
        """Link a recorded answer to its request.

        The methods, in order: the envelope's alsAntwoordOp = the request's traceerId; the
        payload's reference (325 DeclaratieIdentificatie = 323 BerichtIdentificatie, GDS802/BM802
        Referentienummer) with the request's sender = the answer's receiver; the request's
        conversatieId.

        :raises LedgerError: for an unknown message, a request, or no request found.
        :raises LedgerConflict: CC11 (the request has an answer already), BRS24 (the answer is
            of another stream than its request expects).
        """
        record = self.get(traceer_id)
        if record is None:
            raise LedgerError(said_error("ledger-no-message", traceer_id=traceer_id))
        if record.direction != "retour":
            raise LedgerError(
                said_error(
                    "ledger-not-an-answer", traceer_id=traceer_id, record_message=record.message
                )
            )
        try:
            with self._transaction() as cursor:
                found = self._find_request(cursor, record)
                if found is None:
                    raise LedgerError(
                        said_error(
                            "ledger-no-request",
                            traceer_id=traceer_id,
                            record_message=record.message,
                        )
                    )
                self._store_link(cursor, found)
        except LedgerError:
            raise
        except Exception as exc:
            raise self._conflict(exc, record, new=False) from exc
        return found

    def _find_request(self, cursor: Any, answer: Record) -> Link | None:
        def first(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
            cursor.execute(self._sql(sql), params)
            rows = cursor.fetchall()
            return tuple(rows[0]) if rows else None

        if answer.als_antwoord_op:
            row = first(
                "SELECT traceer_id, message FROM ledger_messages"
                " WHERE traceer_id = ? AND direction = 'heen'",
                (answer.als_antwoord_op,),
            )
            if row is not None:
                if answer.request_message and row[1] != answer.request_message:
                    raise LedgerConflict.worded(
                        "BRS24",
                        {
                            "message": answer.message,
                            "traceer": answer.traceer_id,
                            "request_message": row[1],
                            "request": row[0],
                        },
                    )
                return Link(answer.traceer_id, str(row[0]), "alsAntwoordOp")
        if answer.answer_reference and answer.request_message:
            sql = (
                "SELECT traceer_id FROM ledger_messages WHERE message = ? AND identificatie = ?"
                " AND direction = 'heen'"
            )
            params: list[Any] = [answer.request_message, answer.answer_reference]
            if answer.receiver is not None:  # the request's sender is the answer's receiver
                sql += " AND sender = ?"
                params.append(answer.receiver)
            row = first(sql + " ORDER BY recorded_at", params)
            if row is not None:
                return Link(answer.traceer_id, str(row[0]), "reference")
        if answer.conversatie_id:
            row = first(
                "SELECT traceer_id FROM ledger_messages"
                " WHERE conversatie_id = ? AND direction = 'heen' AND traceer_id <> ?",
                (answer.conversatie_id, answer.traceer_id),
            )
            if row is not None:
                return Link(answer.traceer_id, str(row[0]), "conversatie")
        return None

    def _store_link(self, cursor: Any, found: Link) -> None:
        cursor.execute(
            self._sql(
                "UPDATE ledger_messages SET answer_to = ?, link_method = ? WHERE traceer_id = ?"
            ),
            (found.request, found.method, found.answer),
        )

    def _conflict(self, exc: BaseException, record: Record, *, new: bool = True) -> LedgerError:
        rule = self._violation(exc)
        if rule is None:
            return ledger_failed(exc, getattr(self, "path", ""))
        code = uuid_code(record.family) if rule == "uuid" else rule
        if not new:  # an update of a stored row: the violated constraint says it all
            return _explain(code, record)
        # A row can break several constraints and drivers name only the first they checked
        # (in their own order): report the most telling one that the data show, in the order
        # of VECOZO's checks. The refusal itself was the database's.
        try:
            present = {c.code: c for c in self.conflicts(record)}
        except Exception:  # the report falls back on the constraint the driver named
            present = {}
        for preferred in ("CC08", "BRS114", "BRS20", "TR333", "BRS24", "CC11"):
            if preferred in present:
                return present[preferred]
        return _explain(code, record)

    # -- read-only checks ----------------------------------------------------------------

    def conflicts(self, record: Record) -> list[LedgerConflict]:
        """What :meth:`add` would refuse, read without writing (``ei validate --ledger``)."""
        found: list[LedgerConflict] = []
        uuid = uuid_code(record.family)
        known = self._query(
            "SELECT 1 FROM ledger_messages WHERE traceer_id = ?", (record.traceer_id,)
        )
        if not known and record.direction == "heen":
            known = self._query(
                "SELECT 1 FROM ledger_messages WHERE conversatie_id = ? AND direction = 'heen'",
                (record.conversatie_id,),
            )
        if known:
            found.append(_explain(uuid, record))
        if record.identificatie is not None and self._query(
            "SELECT 1 FROM ledger_messages WHERE sender = ? AND message = ? AND identificatie = ?",
            (record.sender, record.message, record.identificatie),
        ):
            found.append(_explain("BRS20", record))
        if record.declaratienummer is not None and self._query(
            "SELECT 1 FROM ledger_messages"
            " WHERE sender = ? AND family = ? AND declaratienummer = ?",
            (record.sender, record.family, record.declaratienummer),
        ):
            found.append(_explain("TR333", record))
        if record.direction == "retour":
            try:
                with self._reader() as cursor:
                    link = self._find_request(cursor, record)
            except LedgerConflict as conflict:
                found.append(conflict)
                link = None
            if link is not None and self._query(
                "SELECT 1 FROM ledger_messages WHERE answer_to = ? AND state <> 'rejected'"
                " AND traceer_id <> ?",
                (link.request, record.traceer_id),
            ):
                found.append(_explain("CC11", attrs.evolve(record, answer_to=link.request)))
        return found

    def _reader(self) -> AbstractContextManager[Any]:
        return self._transaction()

    # -- deadlines -----------------------------------------------------------------------

    def unanswered(self, as_of: dt.date) -> list[Overdue]:
        """Requests (not rejected) without a (not rejected) answer, past their deadline.

        The deadline is the family's number of working days after ``sent_on``
        (``rbc/vecozo/streams.toml``; iWmo/iJw: 3, OP090), on the Dutch holiday calendar.

        :raises DataError: when a date lies outside the holiday calendar.
        """
        rows = self._query(
            _SELECT + " WHERE direction = 'heen' AND state <> 'rejected' AND NOT EXISTS ("
            "SELECT 1 FROM ledger_messages a WHERE a.answer_to = ledger_messages.traceer_id"
            " AND a.state <> 'rejected') ORDER BY sent_on, traceer_id"
        )
        overdue: list[Overdue] = []
        for row in rows:
            record = _record(row)
            if record.sent_on >= as_of:  # its deadline lies after its sending: not overdue yet
                continue  # (and a record dated past the holiday calendar does not block the list)
            days = family_rules(record.family).answer_deadline_working_days
            deadline = self.calendar.add_working_days(record.sent_on, days)
            if deadline < as_of:
                overdue.append(Overdue(record, deadline))
        return overdue


def _explain(code: str, record: Record) -> LedgerConflict:
    """The conflict ``code`` of ``record``, its details worded in ``rbc/vecozo/codes.toml``."""
    if code not in ("CC08", "BRS114", "BRS20", "TR333", "CC11"):
        return LedgerConflict(code, code)
    return LedgerConflict.worded(
        code,
        {
            "traceer": record.traceer_id,
            "conversatie": record.conversatie_id,
            "message": record.message,
            "identificatie": quoted(record.identificatie),
            "sender": record.sender,
            "declaratienummer": quoted(record.declaratienummer),
            "family": record.family,
            "request": record.answer_to or record.als_antwoord_op or record.answer_reference,
        },
    )


def _now() -> str:
    return clock.now().astimezone(dt.UTC).isoformat(timespec="microseconds")


def _value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(row: Sequence[Any]) -> Record:
    values = dict(zip(COLUMNS, row, strict=True))
    values["sent_on"] = dt.date.fromisoformat(str(values["sent_on"]))
    return Record(**values)


_SQLITE_STATES = (
    ("database is locked", "ledger-locked"),
    ("malformed", "ledger-damaged"),
    ("file is not a database", "ledger-damaged"),
    ("readonly database", "ledger-read-only"),
    ("database or disk is full", "ledger-disk-full"),
)
"""SQLite's English words for the state of a ledger file -> the key of its text (errors.toml)."""


def sqlite_state(exc: BaseException) -> str | None:
    """The text (its key in ``rbc/common/errors.toml``) of a SQLite error about the file.

    Busy, damaged, read-only or its disk full; ``None`` for another error.
    """
    if not isinstance(exc, sqlite3.Error):
        return None
    words = str(exc).lower()
    return next((key for found, key in _SQLITE_STATES if found in words), None)


def ledger_failed(exc: BaseException, path: object = "") -> LedgerError:
    """The :class:`LedgerError` of a database error: the file's state, or the driver's text."""
    state = sqlite_state(exc)
    if state is not None:
        return LedgerError(said_error(state, path=path or "-", exc=exc))
    return LedgerError(said_error("ledger-failed", error=error_text(exc)))


def rows(cursor: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a cursor as tuples."""
    for row in cursor.fetchall():
        yield tuple(row)
