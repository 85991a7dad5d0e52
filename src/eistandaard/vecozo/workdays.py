"""Working days for deadlines (OP090: an iWmo/iJw answer within 3 working days).

Saturdays, Sundays and the Dutch public holidays of ``rbc/vecozo/holidays.toml`` (Algemene
termijnenwet) are no working days. A date outside the years the file covers raises
:class:`~eistandaard.core.errors.DataError`: a deadline is never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from eistandaard.core.errors import DataError
from eistandaard.standards.resources import data_dir, load_toml
from eistandaard.standards.wording import said_error

__all__ = ["Calendar", "dutch_calendar"]


@attrs.frozen
class Calendar:
    """A working-day calendar: weekends plus ``holidays``, for ``first_year``-``last_year``."""

    holidays: frozenset[dt.date]
    first_year: int
    last_year: int

    def is_working_day(self, day: dt.date) -> bool:
        """True for Monday-Friday that is no holiday.

        :raises DataError: for a year the calendar does not cover.
        """
        self._covers(day)
        return day.weekday() < 5 and day not in self.holidays

    def _covers(self, day: dt.date) -> None:
        """:raises DataError: for a year the calendar does not cover (both languages)."""
        if not self.first_year <= day.year <= self.last_year:
            raise DataError(
                said_error(
                    "calendar-years", first=self.first_year, last=self.last_year, year=day.year
                )
            )

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted).

        >>> cal = dutch_calendar()
        >>> cal.add_working_days(dt.date(2026, 12, 24), 3)  # Christmas and a weekend between
        datetime.date(2026, 12, 30)
        """
        self._covers(start)  # also before 9999-12-31 + 1 day could overflow
        day = start
        left = days
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day


@functools.cache
def dutch_calendar() -> Calendar:
    """The Dutch calendar of ``rbc/vecozo/holidays.toml``.

    :raises DataError: when the file is malformed.
    """
    data = load_toml(data_dir("rbc") / "vecozo" / "holidays.toml")
    try:
        days = frozenset(
            dt.date.fromisoformat(day) for year in data["holidays"].values() for day in year
        )
        return Calendar(days, int(data["first_year"]), int(data["last_year"]))
    except (KeyError, ValueError, TypeError) as exc:
        raise DataError(f"rbc/vecozo/holidays.toml is malformed: {exc}") from exc
