"""``core.arguments.expect``: the one check of a public argument's kind, bool included."""

from __future__ import annotations

import datetime as dt

import pytest

from eistandaard.core.arguments import expect
from eistandaard.core.errors import InputError
from eistandaard.vecozo.cov import Zoekopdracht


@pytest.mark.parametrize("value", [True, False])
def test_a_bool_is_no_whole_number(value: bool) -> None:
    """Python's ``bool`` is an ``int``; as an argument that takes a number it is a mistake.

    A newcomer's trial gave ``volgnummer=True`` to a COV search and it was taken as 1.
    """
    with pytest.raises(InputError, match="volgnummer"):
        expect("volgnummer", value, int, "whole-number", optional=False)
    with pytest.raises(InputError, match=r"Zoekopdracht\.volgnummer"):
        Zoekopdracht(value, dt.date(1980, 1, 1), dt.date(2026, 1, 5), bsn="999990019")


def test_a_bool_is_taken_where_a_bool_is_asked() -> None:
    """Where the kinds include ``bool`` (or anything), ``True`` passes; numbers still pass."""
    expect("check", True, bool, "bool", optional=False)
    expect("anything", False, object, "bool", optional=False)
    expect("volgnummer", 3, int, "whole-number", optional=False)
    expect("amount", 2.5, (int, float), "whole-number", optional=False)


def test_a_bool_is_no_number_of_seconds() -> None:
    """A transport time-out of ``True`` was one second; it is refused as any non-number is."""
    from eistandaard.vecozo.transport.http import Timeouts

    with pytest.raises(InputError, match="connect"):
        Timeouts(connect=True)  # type: ignore[arg-type]
