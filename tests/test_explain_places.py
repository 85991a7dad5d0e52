"""The explanation says where each retourcode is, and an empty --rejected-only list in words.

The pairs are the golden answers of tests/test_golden_answers.py; what they must say is written
out here (the codes of the decisions files the answers were built with).
"""

from __future__ import annotations

import json

import pytest
from tests.conftest import FIXTURES
from tests.test_golden_answers import CASES

import eistandaard
from eistandaard.answers import Explanation, State
from eistandaard.render.explain import render_explanation

GOLDEN = FIXTURES / "golden" / "answers"


def _explained(case: str) -> Explanation:
    return eistandaard.explain(FIXTURES / CASES[case][0], GOLDEN / f"{case}.answer.xml")


def test_tally_places_name_every_class_instance_of_a_code() -> None:
    """0200 sits on Header, DeclaratieAntwoord and client 999900031; 0611 on one prestatie."""
    document = json.loads(render_explanation(_explained("wmo-partly-rejected"), "json"))
    places = {entry["code"]: entry["places"] for entry in document["tally"]}
    assert places["0200"] == [
        {"class": "Header", "key": None, "group": None},
        {"class": "DeclaratieAntwoord", "key": None, "group": None},
        {"class": "Client", "key": "999900031", "group": None},
    ]
    assert places["0611"] == [{"class": "Prestatie", "key": "WMO-2024-0302", "group": "999900031"}]


@pytest.mark.parametrize("case", sorted(CASES))
def test_places_and_count_agree(case: str) -> None:
    """Every tally entry lists as many places as its count says it occurs."""
    document = json.loads(render_explanation(_explained(case), "json"))
    for entry in document["tally"]:
        assert len(entry["places"]) == entry["count"], entry


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rejected_only_without_rejected_lines_says_so(lang: str) -> None:
    """An accepted JW323: --rejected-only says there are none, in text and HTML, no empty table."""
    explained = _explained("jw-accepted")
    words = "geen afgewezen regels" if lang == "nl" else "no rejected lines"
    text = render_explanation(explained, "text", lang, rejected_only=True)
    assert words in text.splitlines()
    html = render_explanation(explained, "html", lang, rejected_only=True)
    assert f"<p><em>{words}</em></p>" in html
    assert "<table>" not in html.split(words)[1]  # no table of lines after it (the tally is one)
    label = (
        "alleen afgewezen groepen en regels" if lang == "nl" else "rejected groups and lines only"
    )
    assert label not in text
    assert label not in html


def test_rejected_only_with_rejected_lines_keeps_its_label() -> None:
    """With a rejected line the label stays and the words of an empty list do not appear."""
    text = render_explanation(_explained("wmo-partly-rejected"), "text", "en", rejected_only=True)
    assert "(rejected groups and lines only)" in text
    assert "no rejected lines" not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rejected_only_shows_a_rejected_client_with_its_lines(lang: str) -> None:
    """A client rejected by 8187 (lines not assessed, IV028): shown with its lines.

    Never after "no rejected lines" (trial 2, item 5: the output contradicted itself).
    """
    request = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
    decisions = FIXTURES / "answers/decisions/wmo-client-8187.json"
    report = eistandaard.validate(request, as_of="2024-05-10")
    answer = eistandaard.build_return(
        request, report, dagtekening="2024-05-10", decisions=decisions
    ).message
    explained = eistandaard.explain(request, answer)
    (rejected,) = [g for g in explained.groups if g.state is State.REJECTED]
    text = render_explanation(explained, "text", lang, rejected_only=True)
    html = render_explanation(explained, "html", lang, rejected_only=True)
    none = "geen afgewezen regels" if lang == "nl" else "no rejected lines"
    assert none not in text
    assert none not in html
    assert f"Client {rejected.key}" in text
    for line in rejected.lines:
        assert line.key is not None
        assert line.key in text
        assert line.key in html
    document = json.loads(render_explanation(explained, "json", lang, rejected_only=True))
    (group,) = document["groups"]
    assert [line["key"] for line in group["lines"]] == [line.key for line in rejected.lines]
    assert {line["state"] for line in group["lines"]} == {"not-assessed"}
