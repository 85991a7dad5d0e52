"""The message ledger: every message sent or received, uniqueness, answer-to-request links.

:func:`open_ledger` takes a URL: ``sqlite:///relative.db``, ``sqlite:////absolute.db``,
``sqlite://:memory:`` (SQLite, stdlib) or ``postgresql://...`` (psycopg 3, extra
``eistandaard[postgres]``). The database enforces CC08/BRS114 (traceerId; a request's
conversatieId), BRS20/TR056 (Identificatie per sender and message), TR333 (DeclaratieNummer)
and CC11 (one answer per request; rejected answers do not count) with unique constraints.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from eistandaard.core.arguments import expect
from eistandaard.core.errors import InputError
from eistandaard.core.findings import Finding, Level
from eistandaard.core.text import quoted
from eistandaard.levels.checks import ParsedMessage
from eistandaard.levels.intake import refuse_not_regular
from eistandaard.standards.wording import os_reason, said_error
from eistandaard.vecozo.data import vecozo_finding
from eistandaard.vecozo.envelope import Envelope
from eistandaard.vecozo.ledger.model import (
    STATES,
    Ledger,
    LedgerConflict,
    LedgerError,
    Link,
    Overdue,
    Record,
    record_for,
    record_of,
)
from eistandaard.vecozo.ledger.sql import ledger_failed, sqlite_state
from eistandaard.vecozo.ledger.sqlite import SqliteLedger

__all__ = [
    "STATES",
    "Ledger",
    "LedgerCheck",
    "LedgerConflict",
    "LedgerError",
    "Link",
    "Overdue",
    "Record",
    "SqliteLedger",
    "in_memory",
    "open_ledger",
    "record_for",
    "record_of",
]


def open_ledger(url: str, *, create: bool = True) -> Ledger:
    """Open (and migrate) the ledger at ``url``.

    :param create: create a missing SQLite file (``False``: a missing file is an
        :class:`~eistandaard.core.errors.InputError`, for commands that only read).

    :raises InputError: for a URL of another scheme, psycopg missing for PostgreSQL, a SQLite
        URL with a query or fragment (``?mode=ro``: never a file of that name), or a
        SQLite path that names a folder, a file that is no SQLite database, or (``create``
        false) an empty file.
    :raises LedgerError: when the database cannot be opened or reached.
    """
    expect("url", url, str, "text", optional=False)
    if url.startswith("sqlite://"):
        _refuse_query(url)
        path = _sqlite_path(url)
        if not path:
            raise InputError(said_error("ledger-url-no-file", url=quoted(url)))
        if path != ":memory:":
            _sqlite_file(Path(path), create=create)
        try:
            return SqliteLedger(path)
        except Exception as exc:  # sqlite3.Error, OSError: say which file, no traceback
            if sqlite_state(exc) is not None:  # busy, damaged, read-only: said in both languages
                raise ledger_failed(exc, path) from exc
            raise LedgerError(said_error("ledger-cannot-open", path=path, exc=exc)) from exc
    if url.startswith(("postgresql://", "postgres://")):
        from eistandaard.vecozo.ledger.postgres import PostgresLedger

        try:
            return PostgresLedger(url)
        except InputError:
            raise
        except Exception as exc:  # psycopg.OperationalError and the like
            raise LedgerError(said_error("ledger-cannot-open-postgresql", exc=exc)) from exc
    raise InputError(said_error("ledger-url-form", url=quoted(url)))


def _refuse_query(url: str) -> None:
    """Refuse a ``sqlite://`` URL with a query or fragment (``sqlite:///x.db?mode=ro``).

    The rest of the URL is the file's path as it is: taken as a name, ``?mode=ro`` would make
    a new database ``x.db?mode=ro`` beside the one meant (writable, and empty).

    :raises InputError: for a ``?`` or ``#`` in the URL.
    """
    for mark, part in (("?", "ledger-url-part-query"), ("#", "ledger-url-part-fragment")):
        if mark in url:
            raise InputError(said_error("ledger-url-query", url=quoted(url), part=said_error(part)))


def _sqlite_path(url: str) -> str:
    """The SQLite file a ``sqlite://`` URL names, or ``:memory:``."""
    rest = url[len("sqlite://") :]
    return ":memory:" if rest in ("", ":memory:", "/:memory:") else rest.removeprefix("/")


def in_memory(url: str) -> bool:
    """True when ``url`` names a SQLite ledger in memory (``sqlite://`` or ``sqlite://:memory:``).

    Such a ledger lives as long as its process: a program that runs once per command (the CLI)
    would forget every record at its end.
    """
    return url.startswith("sqlite://") and _sqlite_path(url) == ":memory:"


_SQLITE_HEADER = b"SQLite format 3\x00"


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path()


def _sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse a ``--ledger`` file that is no SQLite database: a wrong option value.

    A message or META.json named by mistake is a usage error, not a failing database (exit 3).

    :raises InputError: a folder; a file that is neither empty nor SQLite; or (``create``
        false) no file at all, or an empty one (a command that only reads never turns a file of
        the user's into a database).
    """
    try:
        path.stat()
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:  # a name too long, a loop of links: a wrong value
        raise InputError(said_error("ledger-unusable", path=path, reason=os_reason(exc))) from exc
    if path.is_dir():
        raise InputError(said_error("ledger-folder", path=path))
    if not path.exists():
        if not create:
            raise InputError(said_error("ledger-missing", path=path))
        if not _folder(path).is_dir():  # a new ledger needs its folder: never made for it
            raise InputError(said_error("ledger-no-folder", path=path, folder=_folder(path)))
        return
    try:  # a FIFO or device: refused before SQLite (or we) open it, which could block
        refuse_not_regular(path)
    except OSError:
        return  # unreadable: SQLite says why (a failing database, LedgerError)
    try:
        with path.open("rb") as opened:
            head = opened.read(len(_SQLITE_HEADER))
    except OSError:
        return  # unreadable: SQLite says why (a failing database, LedgerError)
    if head and head != _SQLITE_HEADER:
        raise InputError(said_error("ledger-not-sqlite", path=path))
    if not head and not create:
        raise InputError(said_error("ledger-empty", path=path))


@attrs.frozen
class LedgerCheck:
    """The ledger as a level-5 :class:`~eistandaard.pipeline.VecozoCheck` (read-only).

    It reports what recording the message would break: CC08/BRS114, BRS20, TR333, CC11, BRS24.
    """

    ledger: Ledger
    level: int = 5

    def __call__(self, message: ParsedMessage, envelope: Envelope, /) -> list[Finding]:
        """The conflicts of ``message`` in ``envelope`` with the ledger, as findings."""
        if not envelope.referenties.traceer_id:
            return []  # CC04 has said so at level 1; there is no key to look up
        record = record_of(message, envelope, sent_on=message.as_of)
        return [
            attrs.evolve(
                vecozo_finding(conflict.code, details=conflict.details),
                level=Level.INTERNAL,
                details_nl=conflict.details_nl,
            )
            for conflict in self.ledger.conflicts(record)
        ]
