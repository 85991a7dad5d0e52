"""An answer whose own total differs: the totals shown are the lines', never a false equation.

`ei diff` printed "Totals: submitted 562.00 D = granted 1,234.56 D + rejected 150.00 D + ..."
for a WMO325 whose TotaalToegekendBedrag is off (and the same for a BM802's
TotaalToegekendBedragDC), and the JSON totals did not reconcile (trial 2, item 3).
"""

from __future__ import annotations

import importlib
import json
import tomllib
from decimal import Decimal

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.answers.explanation import Amounts, Code
from eistandaard.render.explain import render_explanation

CASES = FIXTURES / "answers" / "problems"
engine = importlib.import_module("eistandaard.answers.explain")  # the module, not the function


def _explained(stem: str) -> eistandaard.answers.Explanation:
    expected = tomllib.loads((CASES / f"{stem}.expected.toml").read_text(encoding="utf-8"))
    (answer,) = CASES.glob(f"{stem}.*.xml")
    return eistandaard.explain(FIXTURES / expected["request"], answer)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("stem", ["wmo-granted-total-off", "bm-granted-total-off"])
def test_the_totals_are_the_lines_and_the_answers_total_is_the_problem(
    stem: str, lang: str
) -> None:
    """Totals reconcile and are the sums of the groups; the differing total stays a problem."""
    explained = _explained(stem)
    assert explained.totals is not None
    assert explained.totals.reconciles
    assert explained.reconciles()
    summed = Amounts()
    for group in explained.groups:
        summed = summed + group.amounts
    assert explained.totals == summed
    assert not explained.consistent
    assert any("1234" in p.replace(",", "").replace(".", "") for p in explained.problems)
    document = json.loads(render_explanation(explained, "json", lang))
    totals = {k: Decimal(v) for k, v in document["totals"].items()}
    assert totals["submitted"] == totals["granted"] + totals["rejected"] + totals["not_assessed"]
    text = render_explanation(explained, "text", lang)
    (line,) = [row for row in text.splitlines() if row.startswith(("Totals:", "Totalen:"))]
    assert "1,234.56" not in line
    assert "1.234,56" not in line


def test_a_convention_total_that_does_not_reconcile_without_a_problem_gets_one() -> None:
    """The walk itself never shows a false equation; without a problem it says why it summed."""
    line = engine.Fact("G", "Prestatie", "P1", "accepted", (), (Decimal("10.00"), 0, 0))
    found = engine.Comparison(
        {
            "family": "iwmo",
            "convention": "istandaarden",
            "request_message": "WMO323",
            "answer_message": "WMO325",
            "responder": "receiver",
            "problems": (),
        },
        (Code("0200", "Header", rejects=False),),
        answered=True,
        facts=(line,),
        groups=("G",),
        totals=Amounts(Decimal("10.00"), Decimal("99.00"), 0, 0),
        verdict=lambda _groups: ("fully-accepted", engine.State.ACCEPTED),
    )
    view = engine.LineView("Client", ("Bsn",), ("Prestatie",), "ReferentieNummer", None, ())
    explained = engine._walk(view, found)
    assert explained.totals == Amounts(Decimal("10.00"), Decimal("10.00"), 0, 0)
    assert len(explained.problems) == 1
    assert "99,00 D" in explained.problems[0].text("nl")
    assert "sums of its lines" in explained.problems[0]
