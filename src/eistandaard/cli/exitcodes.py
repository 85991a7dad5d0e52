"""Exit codes of ``ei``: fixed, never a count."""

from __future__ import annotations

from collections.abc import Iterable

import click

from eistandaard.core.report import Report

ACCEPTED = 0
REJECTED = 1
USAGE = 2
ENGINE_ERROR = 3
INTERRUPTED = 130
"""The user pressed Ctrl-C (128 + SIGINT, as shells report it)."""


def exit_code(reports: Iterable[Report]) -> int:
    """3 if any report is an engine error, else 1 if any is rejected, else 0 (none: 0).

    The highest :attr:`Verdict.exit_code <eistandaard.core.report.Verdict.exit_code>` of the
    reports: error (3) above rejected (1) above accepted (0).
    """
    return max((report.verdict.exit_code for report in reports), default=ACCEPTED)


class CommandFailed(click.ClickException):
    """A command that could not finish (a failed write, a failing database): exit 3, one line.

    ``ei`` prints it framed by the command that failed (:attr:`where`, "ei ledger add: fout:
    ..."), in the run's ``--lang`` when its message is worded in both languages.
    """

    exit_code = ENGINE_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        ctx = click.get_current_context(silent=True)
        self.where = ctx.command_path if ctx is not None else "ei"
