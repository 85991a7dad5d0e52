"""Level 3 beside level 4 (levels/relations/background.py): same results as one after the other."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from tests.messages import valid_fixture

import eistandaard
from eistandaard import pipeline
from eistandaard.core.errors import EngineError
from eistandaard.levels.relations import saxon
from eistandaard.levels.relations.background import Background, one_after_the_other

AS_OF = dt.date(2026, 11, 23)


def test_result_is_the_value_of_the_action_run_in_another_thread() -> None:
    """The action runs in a thread of its own; result() returns its value and its time."""
    seen: list[threading.Thread] = []

    def action() -> int:
        seen.append(threading.current_thread())
        return 42

    job = Background(action)
    assert job.result() == 42
    assert len(seen) == 1
    assert seen[0] is not threading.current_thread()
    assert job.seconds >= 0.0


def test_result_raises_what_the_action_raised() -> None:
    """Fail closed: an exception of the thread reaches the caller, never a silent empty list."""

    def action() -> list[int]:
        raise EngineError("the stylesheet broke")

    job = Background(action)
    with pytest.raises(EngineError, match="the stylesheet broke"):
        job.result()


def test_here_runs_in_the_calling_thread_and_keeps_the_exception() -> None:
    """Background.here runs at once in this thread; an ordinary exception waits for result()."""
    seen: list[threading.Thread] = []

    def action() -> None:
        seen.append(threading.current_thread())
        raise ValueError("level 4 broke")

    job = Background.here(action)
    assert seen == [threading.current_thread()]
    with pytest.raises(ValueError, match="level 4 broke"):
        job.result()


def test_cancel_after_the_end_leaves_the_worker_alone() -> None:
    """cancel() of a finished run does not stop the SaxonC worker (its compiled sheets stay)."""
    assert eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF).accepted
    worker = saxon._STATE.get("worker")
    assert worker is not None
    job = Background(lambda: 1)
    job.result()
    job.cancel()
    assert worker.alive()
    assert saxon._STATE.get("worker") is worker


def test_engine_errors_and_levels_keep_their_order_when_3_and_4_both_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Level 3 and level 4 failing together: errors listed level 3 first, as run in sequence."""

    def broken3(*_args: object, **_kwargs: object) -> list[object]:
        raise EngineError("level three failed")

    def broken4(*_args: object, **_kwargs: object) -> list[object]:
        raise EngineError("level four failed")

    monkeypatch.setattr(pipeline, "check_relations", broken3)
    monkeypatch.setattr(pipeline, "check_references", broken4)
    report = eistandaard.validate(valid_fixture("iwmo", "WMO301"), as_of=AS_OF)
    assert report.verdict is eistandaard.Verdict.ERROR
    assert report.engine_errors[:2] == (
        "level 3: level three failed",
        "level 4: level four failed",
    )
    assert 3 not in report.levels_run
    assert 4 not in report.levels_run


def test_levels_run_in_order_and_timings_are_those_of_each_level() -> None:
    """A valid 301: levels 1-5 listed in order, level 3 and 4 each with their own time."""
    report = eistandaard.validate(valid_fixture("ijw", "JW301"), as_of=AS_OF)
    assert report.accepted
    assert report.levels_run == (1, 2, 3, 4, 5)
    assert report.timings["level3"] > 0.0
    assert report.timings["level4"] > 0.0


def test_one_after_the_other_runs_the_action_in_the_caller_and_then_threads_again() -> None:
    """With every core busy (parallel workers), no thread is started; outside, one is again."""
    seen: list[threading.Thread] = []

    def action() -> int:
        seen.append(threading.current_thread())
        return 7

    with one_after_the_other():
        assert Background(action).result() == 7
    assert seen == [threading.current_thread()]
    assert Background(action).result() == 7
    assert seen[1] is not threading.current_thread()


def test_one_after_the_other_still_raises_what_the_action_raised() -> None:
    """Fail closed in the caller's thread too: the error is kept and raised by result()."""

    def action() -> int:
        raise EngineError("the stylesheet broke")

    with one_after_the_other():
        job = Background(action)
    with pytest.raises(EngineError, match="broke"):
        job.result()
