"""The shared ledger: PostgreSQL through psycopg 3 (extra ``eistandaard[postgres]``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eistandaard.core.errors import InputError
from eistandaard.standards.wording import said_error
from eistandaard.vecozo.ledger.sql import CONSTRAINT_CODES, SqlLedger
from eistandaard.vecozo.workdays import Calendar

__all__ = ["PostgresLedger"]

MIGRATION_LOCK = 0x65695F6C
"""The advisory lock that serialises migrations of several processes (``ei_l``)."""


class PostgresLedger(SqlLedger):
    """A ledger in a PostgreSQL database, for several machines.

    :param url: a libpq URL (``postgresql://user@host:port/db``).
    :raises InputError: when psycopg is not installed.
    :raises psycopg.Error: when the server cannot be reached.
    """

    def __init__(self, url: str, *, calendar: Calendar | None = None) -> None:
        super().__init__(calendar)
        try:
            import psycopg
        except ImportError as exc:  # the optional extra is missing
            raise InputError(said_error("ledger-needs-psycopg")) from exc
        self._psycopg = psycopg
        self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        with self._transaction() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self._migrate(cursor)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._conn.transaction(), self._conn.cursor() as cursor:
            yield cursor

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        with self._conn.cursor() as cursor:
            yield cursor

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._conn.cursor() as cursor:
            cursor.execute(self._sql(sql), tuple(params))
            return [tuple(row) for row in cursor.fetchall()]

    def _violation(self, exc: BaseException) -> str | None:
        if not isinstance(exc, self._psycopg.errors.UniqueViolation):
            return None
        name = getattr(exc.diag, "constraint_name", None)
        return CONSTRAINT_CODES.get(name or "")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
