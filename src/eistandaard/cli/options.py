"""Options that several ``ei`` commands share, defined once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["as_of_option", "check_option", "date_value", "environment_option"]

F = TypeVar("F", bound=Callable[..., Any])


def date_value(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: ``YYYY-MM-DD`` -> :class:`datetime.date` (a usage error otherwise)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def as_of_option(function: F) -> F:
    """``--as-of DATE``: the peildatum for rules that compare with today."""
    return click.option(
        "--as-of",
        "as_of",
        callback=date_value,
        metavar="DATE",
        help="Peildatum for rules that compare with today (default: today).",
    )(function)


def environment_option(function: F) -> F:
    """``--environment P|T``: the VECOZO environment (Vektis rule 8028)."""
    return click.option(
        "--environment",
        type=click.Choice(["P", "T"]),
        default="P",
        show_default=True,
        help="VECOZO environment: P production, T test (Vektis rule 8028 checks the Berichtsoort).",
    )(function)


def check_option(function: F) -> F:
    """``--check MODULE:FUNCTION`` (repeatable): level-5 plug-ins."""
    return click.option(
        "--check",
        "checks",
        multiple=True,
        metavar="MODULE:FUNCTION",
        help="Level-5 check to run (repeatable).",
    )(function)
