"""Dated code lists for the referential checks (control level 4).

A code list is a CSV file with a header of ``#`` comment lines that says where the list came
from, then one row per code and validity period::

    # codelist: WJ001
    # name: Retourcode
    # publisher: Zorginstituut Nederland
    # source: https://...
    # version: iWmo 3.2
    # retrieved: 2026-11-23
    # complete: yes
    code,ingangsdatum,expiratiedatum,omschrijving
    0001,,,Technische afkeur van het hele bericht
    8848,2020-01-01,2027-01-01,Dagtekening ligt in de toekomst

``ingangsdatum`` is the first day a code is valid (inclusive), ``expiratiedatum`` the first day
it is no longer valid (exclusive); an empty date is open. A code may have several rows for
separate periods. ``complete: no`` marks a list known to be incomplete: the level-4 runner then
never rejects a code merely for being absent from it.

The bundled lists live in ``rbc/<family>/<release>/codelists/`` and ``rbc/common/codelists/``.
:class:`CodeLists` finds them by name, loads each file once, and lets an integrator put a newer
file in place of any list (``CodeLists(overrides={"WJ001": Path("WJ001-2027.csv")})``).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import io
import itertools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from eistandaard.core.clock import iso_date
from eistandaard.core.errors import DataError
from eistandaard.core.files import file_version, read_regular
from eistandaard.core.text import quoted
from eistandaard.standards.inheritance import release_file
from eistandaard.standards.resources import data_dir
from eistandaard.standards.wording import os_reason, parse_problem, said_error

__all__ = [
    "REQUIRED_HEADER",
    "CodeList",
    "CodeListEntry",
    "CodeLists",
    "CodeStatus",
    "load_codelist",
]

REQUIRED_HEADER = ("codelist", "publisher", "source", "version", "retrieved")
"""Header keys every code-list file must have."""

_COLUMNS = ("code", "ingangsdatum", "expiratiedatum", "omschrijving")

RETOURCODE_FORM = re.compile(r"[0-9A-Z]{4}")
"""The form of a retourcode (use ``fullmatch``): four digits or capitals. The Vektis return
schemas' Retourcode type (COD954-VEKT) has it, and every code of the iStandaarden' WJ001 does;
decisions files of every family are held to it."""


class CodeStatus(enum.StrEnum):
    """What a code list says about one code on one peildatum."""

    VALID = "valid"
    UNKNOWN = "unknown"
    """The code is not in the list at all."""
    NOT_YET_VALID = "not-yet-valid"
    """Every period of the code starts after the peildatum."""
    EXPIRED = "expired"
    """Every period of the code ended on or before the peildatum."""


@attrs.frozen
class CodeListEntry:
    """One row of a code list: a code and the period in which it is valid."""

    code: str
    ingangsdatum: dt.date | None
    """First valid day (inclusive); ``None`` when the list gives no start."""
    expiratiedatum: dt.date | None
    """First day no longer valid (exclusive); ``None`` when open."""
    omschrijving: str = ""

    def valid_on(self, peildatum: dt.date) -> bool:
        """Whether this row covers ``peildatum``."""
        if self.ingangsdatum is not None and peildatum < self.ingangsdatum:
            return False
        return self.expiratiedatum is None or peildatum < self.expiratiedatum


@attrs.frozen
class CodeList:
    """A loaded code list: its header (provenance) and its rows, indexed by code."""

    name: str
    header: Mapping[str, str]
    entries: tuple[CodeListEntry, ...]
    path: Path | None = None
    _index: Mapping[str, tuple[CodeListEntry, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, list[CodeListEntry]] = {}
        for entry in self.entries:
            index.setdefault(entry.code, []).append(entry)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})

    @property
    def complete(self) -> bool:
        """False when the header says ``complete: no`` (absent codes may still be valid)."""
        words = self.header.get("complete", "yes").lower().split()
        return not words or words[0].strip(",;.") not in {"no", "false", "nee"}

    @property
    def version(self) -> str:
        """The version the header names."""
        return self.header.get("version", "")

    @property
    def source(self) -> str:
        """Where the list came from."""
        return self.header.get("source", "")

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._index

    def __iter__(self) -> Iterator[CodeListEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def codes(self) -> frozenset[str]:
        """Every code of the list, whatever its dates."""
        return frozenset(self._index)

    def entries_for(self, code: str) -> tuple[CodeListEntry, ...]:
        """All rows of ``code`` (empty when unknown)."""
        return self._index.get(code, ())

    def entry(self, code: str, peildatum: dt.date | None = None) -> CodeListEntry | None:
        """Return the row of ``code`` valid on ``peildatum``, or its last row without a date.

        ``None`` when the code is unknown or (with a date) not valid on that date.
        """
        rows = self._index.get(code, ())
        if peildatum is None:
            return rows[-1] if rows else None
        return next((row for row in rows if row.valid_on(peildatum)), None)

    def status(self, code: str, peildatum: dt.date | None) -> CodeStatus:
        """Whether ``code`` is valid on ``peildatum`` (``None``: existence only)."""
        rows = self._index.get(code, ())
        if not rows:
            return CodeStatus.UNKNOWN
        if peildatum is None or any(row.valid_on(peildatum) for row in rows):
            return CodeStatus.VALID
        if all(row.ingangsdatum is not None and peildatum < row.ingangsdatum for row in rows):
            return CodeStatus.NOT_YET_VALID
        return CodeStatus.EXPIRED

    def existed_by(self, code: str, peildatum: dt.date) -> bool:
        """Whether ``code`` was valid on some day up to and including ``peildatum``."""
        return any(
            row.ingangsdatum is None or row.ingangsdatum <= peildatum
            for row in self._index.get(code, ())
        )

    def is_valid(self, code: str, peildatum: dt.date) -> bool:
        """Whether ``code`` is in the list and valid on ``peildatum``."""
        return self.status(code, peildatum) is CodeStatus.VALID


def load_codelist(path: Path | str, *, name: str | None = None) -> CodeList:
    """Read one code-list file; every problem with it raises :class:`DataError`.

    :param name: the name the caller expects; a file whose header names another list is refused.
    """
    path = Path(path)
    try:  # a FIFO or device is refused, never opened blocking
        text = read_regular(path, DataError).decode("utf-8-sig")
    except OSError as exc:
        raise DataError(
            said_error("codelist-unreadable", path=path, reason=os_reason(exc))
        ) from exc
    except UnicodeDecodeError as exc:
        raise DataError(said_error("codelist-not-utf8", path=path, exc=parse_problem(exc))) from exc
    if not text.strip():  # said as such, not as a header that lacks every field
        raise DataError(said_error("codelist-empty", path=path))
    return parse_codelist(text, path=path, name=name)


def parse_codelist(text: str, *, path: Path | None = None, name: str | None = None) -> CodeList:
    """Parse the text of a code-list file (see the module docstring for the format)."""
    where = str(path) if path is not None else "<code list>"
    header: dict[str, str] = {}
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not body and stripped.startswith("#"):
            key, sep, value = stripped[1:].partition(":")
            if sep and key.strip():
                header[key.strip().lower()] = value.strip()
            continue
        if not body and not stripped:
            continue
        if stripped.startswith("#"):
            raise DataError(said_error("codelist-late-comment", where=where, line=number))
        body.append(line)
    missing = [key for key in REQUIRED_HEADER if not header.get(key)]
    if missing:
        raise DataError(said_error("codelist-header-lacks", where=where, missing=missing))
    if name is not None and header["codelist"] != name:
        raise DataError(
            said_error(
                "codelist-other-list",
                where=where,
                found=quoted(header["codelist"]),
                expected=quoted(name),
            )
        )
    rows = list(csv.reader(io.StringIO("\n".join(body))))
    if not rows or tuple(cell.strip().lower() for cell in rows[0]) != _COLUMNS:
        raise DataError(said_error("codelist-columns", where=where, columns=",".join(_COLUMNS)))
    entries: list[CodeListEntry] = []
    for offset, row in enumerate(rows[1:], start=2):
        entry = _entry(row, where, offset)
        if entry is not None:
            entries.append(entry)
    _check_overlaps(entries, where)
    return CodeList(name=header["codelist"], header=header, entries=tuple(entries), path=path)


def _entry(row: list[str], where: str, offset: int) -> CodeListEntry | None:
    if not any(cell.strip() for cell in row):
        return None
    if len(row) != len(_COLUMNS):
        raise DataError(said_error("codelist-row-width", where=where, row=offset, count=len(row)))
    code, start, end, text = (cell.strip() for cell in row)
    if not code:
        raise DataError(said_error("codelist-row-no-code", where=where, row=offset))
    entry = CodeListEntry(
        code=code,
        ingangsdatum=_date(start, where, offset),
        expiratiedatum=_date(end, where, offset),
        omschrijving=text,
    )
    if (
        entry.ingangsdatum is not None
        and entry.expiratiedatum is not None
        and entry.expiratiedatum <= entry.ingangsdatum
    ):
        raise DataError(said_error("codelist-row-backwards", where=where, row=offset, code=code))
    return entry


def _date(value: str, where: str, offset: int) -> dt.date | None:
    if not value:
        return None
    try:
        return iso_date(value)  # YYYY-MM-DD only: not 20261101 nor a week date
    except ValueError as exc:
        raise DataError(
            said_error("codelist-row-date", where=where, row=offset, value=quoted(value))
        ) from exc


def _check_overlaps(entries: list[CodeListEntry], where: str) -> None:
    by_code: dict[str, list[CodeListEntry]] = {}
    for entry in entries:
        by_code.setdefault(entry.code, []).append(entry)
    for code, rows in by_code.items():
        ordered = sorted(rows, key=lambda r: r.ingangsdatum or dt.date.min)
        for before, after in itertools.pairwise(ordered):
            end = before.expiratiedatum or dt.date.max
            if (after.ingangsdatum or dt.date.min) < end:
                raise DataError(said_error("codelist-overlap", where=where, code=code))


@functools.lru_cache(maxsize=64)
def _cached(path: Path, identity: tuple[int, int, int], name: str | None) -> CodeList:
    del identity  # part of the cache key only: another or an edited file is read again
    return load_codelist(path, name=name)


def _load_cached(path: Path, name: str | None) -> CodeList:
    """The list in ``path``, read once per file: same device, inode and modification time.

    The key is what ``stat`` says of the file the path leads to (no ``resolve``: that costs a
    lookup per path component), so a re-pointed link or an edited file is read again.
    """
    version = file_version(path, DataError, "codelist-unreadable", path=path)
    return _cached(path.absolute(), version, name)


class CodeLists:
    """The code lists one validation may use: the bundled ones plus integrator overrides.

    :param overrides: list name -> file that replaces the bundled list. The name is either a
        bare list name (``WJ001``: every family) or ``family/release/NAME`` (``iwmo/3.2/WJ001``)
        for one release only. A name that nothing bundles adds a list (the product codes of a
        municipality, say, which this package does not ship).
    :param root: the ``rbc`` folder to search (default: the bundled one).

    Lists are found in this order: an override for ``family/release/NAME``, an override for
    ``NAME``, ``rbc/<family>/<release>/codelists/NAME.csv`` (or its base release's, see
    :mod:`eistandaard.standards.inheritance`), ``rbc/common/codelists/NAME.csv``.
    Each file is read once per process (and again only when it changes).
    """

    def __init__(
        self, overrides: Mapping[str, Path | str] | None = None, *, root: Path | None = None
    ) -> None:
        self.overrides = {key: Path(value) for key, value in (overrides or {}).items()}
        self._root = root
        self.missing: set[str] = set()
        """Names of lists asked for that neither the package nor an override holds."""

    def path(
        self, name: str, *, family: str | None = None, release: str | None = None
    ) -> Path | None:
        """Return the file that holds list ``name`` for a release (``None``: there is none)."""
        if family and release and f"{family}/{release}/{name}" in self.overrides:
            return self.overrides[f"{family}/{release}/{name}"]
        if name in self.overrides:
            return self.overrides[name]
        root = self._root or data_dir("rbc")
        if family and release and (root / family / release).is_dir():
            found = release_file(family, release, f"codelists/{name}.csv", self._root)
            if found is not None:
                return found
        common = root / "common" / "codelists" / f"{name}.csv"
        return common if common.is_file() else None

    def get(
        self, name: str, *, family: str | None = None, release: str | None = None
    ) -> CodeList | None:
        """List ``name`` for a release, or ``None`` when neither bundled nor supplied.

        An override that names a missing or malformed file raises :class:`DataError`.
        """
        path = self.path(name, family=family, release=release)
        if path is None:
            self.missing.add(name)
            return None
        return _load_cached(path, name)

    def fresh(self) -> CodeLists:
        """A copy with the same overrides and an empty :attr:`missing` (one per validation)."""
        return CodeLists(self.overrides, root=self._root)

    def require(
        self, name: str, *, family: str | None = None, release: str | None = None
    ) -> CodeList:
        """Like :meth:`get`, but a missing list raises :class:`DataError`."""
        found = self.get(name, family=family, release=release)
        if found is None:
            raise DataError(
                said_error("codelist-not-available", name=name, family=family, release=release)
            )
        return found
