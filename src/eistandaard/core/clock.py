"""The Dutch "today": the calendar date in Europe/Amsterdam.

Rules that compare with today (TR135 / 8848, Vektis 8986 ...) and the dates of answers use the
Dutch calendar date, whatever the time zone of the machine: at 2026-11-30T23:30Z it is already
1 December in the Netherlands (UTC+1 in winter, UTC+2 in summer). Every default "today" of the
library and the ``ei`` commands comes from :func:`today`; a command resolves it once and passes
it down, so one run never straddles midnight.

The zone comes from :mod:`zoneinfo`; the ``tzdata`` package supplies it where the operating
system has no zone database. The time source is injectable (:func:`using`) for tests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eistandaard.core.errors import DataError, InputError
from eistandaard.core.text import quoted
from eistandaard.standards.wording import said_error

__all__ = [
    "ZONE",
    "answer_date",
    "in_period",
    "iso_date",
    "netherlands",
    "not_before_request",
    "now",
    "peildatum",
    "today",
    "using",
]

ZONE = "Europe/Amsterdam"
"""The time zone whose calendar date is "today"."""

Now = Callable[[], dt.datetime]
"""A time source: returns an aware :class:`~datetime.datetime` (any zone)."""


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_source: Now = _system_now


@functools.cache
def netherlands() -> ZoneInfo:
    """The Europe/Amsterdam zone.

    :raises DataError: when neither the system nor the ``tzdata`` package has the zone.
    """
    try:
        return ZoneInfo(ZONE)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise DataError(f"time zone {ZONE} is not available (install tzdata): {exc}") from exc


def now() -> dt.datetime:
    """The current moment in Europe/Amsterdam (from the injected source, if any).

    :raises InputError: when an injected source returns a naive datetime (no zone: ambiguous).
    """
    moment = _source()
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(said_error("date-naive-clock", moment=moment.isoformat()))
    return moment.astimezone(netherlands())


def today() -> dt.date:
    """Today's calendar date in the Netherlands (Europe/Amsterdam)."""
    return now().date()


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` text as a date: that form only, as every usage and error text says.

    ``date.fromisoformat`` also takes ``20261101`` and ISO week dates (``2026-W45-1``), which
    nobody means as a peildatum or Dagtekening; they are refused like any other non-date.

    >>> iso_date("2026-11-01")
    datetime.date(2026, 11, 1)

    :raises ValueError: ``text`` is not a calendar date written ``YYYY-MM-DD``.
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError("not a YYYY-MM-DD date")  # callers word it with the text given
    return dt.date.fromisoformat(text)


def peildatum(value: object, what: str = "as_of") -> dt.date | None:
    """A peildatum given to a public function, checked: a date, ``YYYY-MM-DD`` text, or ``None``.

    A date that reaches the rules as text or as a ``datetime`` would make every comparison with
    it fail (an engine error, a ``TypeError``): misuse of the API raises here instead.
    A ``datetime`` is refused rather than cut to its date: without a zone, its calendar date in
    the Netherlands is unknown.

    >>> peildatum("2024-05-01")
    datetime.date(2024, 5, 1)

    :raises InputError: any other value, named with ``what``.
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return iso_date(value)
    raise InputError(
        said_error("date-not-a-date", what=what, type=type(value).__name__, value=quoted(value))
    )


@contextlib.contextmanager
def using(source: Now | dt.datetime) -> Iterator[None]:
    """Use ``source`` (a callable or a fixed aware datetime) as the clock inside the block.

    >>> with using(dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)):
    ...     today()
    datetime.date(2026, 12, 1)
    """
    global _source
    previous = _source
    _source = (lambda: source) if isinstance(source, dt.datetime) else source
    try:
        yield
    finally:
        _source = previous


def _as_date(value: str | dt.date | None) -> dt.date | None:
    """A request's date (``YYYY-MM-DD``, a zone suffix ignored) or ``None`` when unreadable."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def answer_date(
    request_date: str | dt.date | None,
    explicit: dt.date | None = None,
    *,
    on: dt.date | None = None,
    refuse_earlier: bool = False,
) -> dt.date:
    """The date of an answer to a request dated ``request_date``.

    The default is never before the request: a request dated "today in the Netherlands" on a
    machine whose own date is still yesterday gets an answer of that same day.

    :param request_date: the request's Dagtekening / Verzenddatum (text as in the message, or a
        date); ``None`` or unreadable: no lower bound.
    :param explicit: a date the caller chose; returned as given (see ``refuse_earlier``).
    :param on: "today" as resolved by the caller (default: :func:`today`).
    :param refuse_earlier: refuse an ``explicit`` date before the request's (the ``ei`` commands).
    :returns: ``explicit``, else the later of today and the request's date.
    :raises InputError: with ``refuse_earlier``, when ``explicit`` lies before the request's date.
    """
    earliest = _as_date(request_date)
    if explicit is not None:
        if refuse_earlier:
            _in_order(earliest, explicit, "date-before-request", ("earliest", "explicit"))
        return explicit
    day = on or today()
    return max(day, earliest) if earliest is not None else day


def not_after_peildatum(day: dt.date, peildatum: dt.date, name: str = "dagtekening") -> dt.date:
    """Refuse an answer dated after the peildatum: its own check (TR135 / 8986) would fail.

    :param day: the answer's date (Dagtekening, Verzenddatum); ``name`` says which.
    :returns: ``day``.

    :raises InputError: naming both dates.
    """
    _in_order(day, peildatum, "date-after-peildatum", ("day", "peildatum"), name=name)
    return day


def not_before_request(peildatum: dt.date, request_date: str | dt.date | None) -> dt.date:
    """Refuse a peildatum chosen before the request's own date (``ei return --as-of``, ``as_of=``).

    An answer is never dated before its request, so on such a peildatum it would be dated after
    it (the request's date) and checked on another day than the one asked for.

    :param request_date: the request's Dagtekening / Verzenddatum; ``None`` or unreadable: no
        bound.
    :returns: ``peildatum``.
    :raises InputError: naming both dates, in both languages.
    """
    _in_order(_as_date(request_date), peildatum, "as-of-before-request", ("created", "peildatum"))
    return peildatum


def _in_order(
    first: dt.date | None, then: dt.date, refusal: str, fields: tuple[str, str], **more: str
) -> None:
    """Refuse ``then`` before ``first`` (no bound when ``first`` is ``None``); the same day is fine.

    :param refusal: the reason in ``rbc/common/errors.toml``; ``fields`` name the fields that get
        ``first`` and ``then`` (ISO dates), ``more`` fills the others.
    :raises InputError: naming both dates, in both languages.
    """
    if first is not None and then < first:
        dates = dict(zip(fields, (first.isoformat(), then.isoformat()), strict=True))
        raise InputError(said_error(refusal, **dates, **more))


def in_period(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether ``day`` lies in the period from ``start`` to ``end``, both days included.

    ``None`` is an open end (a policy without an end date, a party valid since always).

    >>> in_period(dt.date(2026, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    True
    >>> in_period(dt.date(2025, 12, 31), dt.date(2026, 1, 1), None)
    False
    """
    return (start is None or start <= day) and (end is None or day <= end)
