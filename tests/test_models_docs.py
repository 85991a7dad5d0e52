"""docs/models.md: two complete billing round trips, each under 25 lines, run as doctests.

tests/test_doctests.py runs every ``>>>`` example of docs/*.md; this checks that models.md has
the WMO323 and GDS801 round trips with every step, short enough to copy.
"""

from __future__ import annotations

import re

from tests.conftest import ROOT

STEPS = ("models.header(", "models.fill_totals(", "models.serialize(", "eistandaard.validate(")
STEPS_AFTER = ("models.parse(", "models.claim_statuses(")


def _blocks() -> dict[str, str]:
    text = (ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    found = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title = section.splitlines()[0]
        block = re.search(r"```python\n(.*?)```", section, re.S)
        if block:
            found[title] = block.group(1)
    return found


def test_both_round_trips_are_there_with_every_step() -> None:
    """WMO323 and GDS801 examples: build, totals, serialize, validate, answer, parse, statuses."""
    blocks = _blocks()
    assert set(blocks) == {"WMO323 -> WMO325 round trip", "GDS801 -> GDS802 round trip"}
    for title, block in blocks.items():
        for step in STEPS + STEPS_AFTER:
            assert step in block, (title, step)
    assert "build_return(" in blocks["WMO323 -> WMO325 round trip"]
    assert "build_gds802(" in blocks["GDS801 -> GDS802 round trip"]


def test_each_round_trip_is_under_25_lines() -> None:
    """Counting every input line (>>> and ...), each example stays under 25 lines."""
    for title, block in _blocks().items():
        lines = [line for line in block.splitlines() if line.startswith((">>>", "..."))]
        assert 10 < len(lines) < 25, title
