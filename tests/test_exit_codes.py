"""Exit codes: one table, on the verdict, that `ei` and library callers share."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eistandaard.cli import exitcodes
from eistandaard.core.report import Verdict
from eistandaard.pipeline import validate


def test_each_verdict_has_the_documented_exit_code() -> None:
    """0 accepted, 1 rejected, 3 engine error: the brief's codes, the same as `ei`'s constants."""
    assert Verdict.ACCEPTED.exit_code == exitcodes.ACCEPTED == 0
    assert Verdict.REJECTED.exit_code == exitcodes.REJECTED == 1
    assert Verdict.ERROR.exit_code == exitcodes.ENGINE_ERROR == 3


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ((), 0),
        ((Verdict.ACCEPTED, Verdict.ACCEPTED), 0),
        ((Verdict.ACCEPTED, Verdict.REJECTED), 1),
        ((Verdict.REJECTED, Verdict.ERROR, Verdict.ACCEPTED), 3),
        ((Verdict.ERROR,), 3),
    ],
)
def test_a_batch_ends_with_its_worst_verdict(verdicts: tuple[Verdict, ...], expected: int) -> None:
    """An engine error outranks a rejection, which outranks acceptance; an empty batch is 0."""
    reports = [SimpleNamespace(verdict=verdict) for verdict in verdicts]
    assert exitcodes.exit_code(reports) == expected  # type: ignore[arg-type]  # only .verdict is read


def test_a_real_rejection_exits_1() -> None:
    """A message that is no XML is rejected, and its report's exit code is 1."""
    assert validate(b"<not xml").verdict.exit_code == 1
