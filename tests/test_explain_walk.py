"""One explain walk for every family; the conventions supply only policy.

``eistandaard.answers.explain._walk`` decides every state (message -> group -> line) from the
facts a convention's policy returns (``conventions/istandaarden/explain.py`` for the 325 and the
IV032 retour messages, ``conventions/vektis/explain.py`` for GDS and BM). The pairs are the golden
answers of ``fixtures/golden/answers`` with their requests (tests/test_golden_answers.py).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES, ROOT

import eistandaard
from eistandaard.answers.explain import Comparison

GOLDEN = FIXTURES / "golden" / "answers"
PAIRS = {
    "wmo-partly-rejected": ("iwmo/3.2/WMO323/valid/two-clients-with-credit.xml", "iwmo"),
    "wmo-technical-0001": ("iwmo/3.2/WMO323/invalid/cs337-two-months.xml", "iwmo"),
    "jw-accepted": ("ijw/3.2/JW323/valid/two-clients-with-credit.xml", "ijw"),
    "gds-insurer": ("gds/1.0/GDS801/valid/ggz-debet-and-credit.xml", "gds"),
    "gds-vecozo": ("gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml", "gds"),
    "bm-cak": ("bm/2.0/BM801/valid/net-credit-total.xml", "bm"),
    "bm-vecozo": ("bm/2.0/chain/flow3-every-rejection.xml", "bm"),
}
POLICIES = ROOT / "src" / "eistandaard" / "conventions"
engine = importlib.import_module("eistandaard.answers.explain")  # the module, not the function


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_every_family_is_explained_by_the_one_walk(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Explaining a golden pair runs the walk once, on the comparison of the family's policy."""
    request, family = PAIRS[case]
    seen: list[Comparison] = []
    walk = engine._walk

    def counting(view: Any, found: Comparison) -> Any:
        seen.append(found)
        return walk(view, found)

    monkeypatch.setattr(engine, "_walk", counting)
    explained = eistandaard.explain(FIXTURES / request, GOLDEN / f"{case}.answer.xml")
    assert len(seen) == 1
    assert explained.family == family
    assert seen[0].answered
    lines = [line for group in explained.groups for line in group.lines]
    assert len(lines) == len(seen[0].facts)
    totals = explained.totals
    assert totals is not None
    assert totals.submitted == totals.granted + totals.rejected + totals.not_assessed


def test_a_rejected_top_leaves_every_line_not_assessed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk, not the policy, puts every line below a rejected top in 'not assessed'."""
    request, _ = PAIRS["wmo-technical-0001"]
    explained = eistandaard.explain(
        FIXTURES / request, GOLDEN / "wmo-technical-0001.answer.xml", reasons=False
    )
    states = {line.state for group in explained.groups for line in group.lines}
    assert states == {eistandaard.answers.State.NOT_ASSESSED}


@pytest.mark.parametrize(
    "policy", [POLICIES / "istandaarden" / "explain.py", POLICIES / "vektis" / "explain.py"]
)
def test_policies_build_no_explanation_of_their_own(policy: Path) -> None:
    """A convention's explain policy returns facts: it builds no Explanation, Group or Line."""
    source = policy.read_text(encoding="utf-8")
    assert "Comparison(" in source
    for made in ("Explanation(", "Group(", "Line(", "_walk("):
        assert made not in source, made


@pytest.mark.parametrize("case", ["wmo301-accepted", "jw301-reject-toegewezenproduct"])
def test_the_retour_messages_are_explained_by_the_same_walk(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An IV032 retour runs the one walk too; its class tree decides the states, no amounts."""
    family = case.partition("-")[0][:-3]
    name = {"wmo": "WMO301", "jw": "JW301"}[family]
    folder = {"wmo": "iwmo", "jw": "ijw"}[family]
    request = FIXTURES / folder / "3.2" / name / "valid" / "basis.xml"
    seen: list[Comparison] = []
    walk = engine._walk

    def counting(view: Any, found: Comparison) -> Any:
        seen.append(found)
        return walk(view, found)

    monkeypatch.setattr(engine, "_walk", counting)
    answer = FIXTURES / "answers" / "retour" / f"{case}.answer.xml"
    explained = eistandaard.explain(request, answer)
    assert len(seen) == 1
    assert explained.totals is None
    assert explained.consistent, explained.problems
    facts = seen[0].facts
    assert facts
    assert all(fact.state is not None for fact in facts)
    lines = [line for group in explained.groups for line in group.lines]
    assert [line.state for line in lines] == [fact.state for fact in facts]
    assert [group.kind for group in explained.groups] == list(seen[0].group_kinds.values())
