"""The embedded ledger: SQLite from the standard library, WAL mode, a file or in memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eistandaard.vecozo.ledger.sql import COLUMN_CODES, CONSTRAINT_CODES, SqlLedger
from eistandaard.vecozo.workdays import Calendar

__all__ = ["SqliteLedger"]

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another writer's lock before giving up."""


class SqliteLedger(SqlLedger):
    """A ledger in one SQLite file (``path``) or in memory (``":memory:"``).

    Files use write-ahead logging, so readers never block the writer; each write is one
    ``BEGIN IMMEDIATE`` transaction, so concurrent processes serialise on the database lock and
    the unique constraints decide who wins.

    :raises sqlite3.Error: when the file cannot be opened (the CLI reports it as a usage error).
    """

    def __init__(self, path: str | Path = ":memory:", *, calendar: Calendar | None = None) -> None:
        super().__init__(calendar)
        self.path = str(path)
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        with self._transaction() as cursor:
            self._migrate(cursor)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        cursor = self._conn.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        else:
            cursor.execute("COMMIT")
        finally:
            cursor.close()

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Cursor]:
        cursor = self._conn.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._conn.execute(sql, tuple(params)).fetchall()]

    def _violation(self, exc: BaseException) -> str | None:
        if not isinstance(exc, sqlite3.IntegrityError):
            return None
        text = str(exc)
        if "UNIQUE constraint failed" not in text:
            return None
        columns = [part.strip().rpartition(".")[2] for part in text.partition(":")[2].split(",")]
        if "traceer_id" in columns and len(columns) == 1:
            return "uuid"
        for column in ("answer_to", "declaratienummer", "identificatie", "conversatie_id"):
            if column in columns:
                return COLUMN_CODES[column]
        return CONSTRAINT_CODES.get(text, None)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
