"""A 0001 answer to a request that no rule of eistandaard rejects: the summary says so.

``ei diff`` validates the request again to name the rules behind a technical rejection (0001);
when it finds none, the summary says "no rule of eistandaard rejects the request" instead of
naming nothing (the receiver may run rules eistandaard does not have, so the answer is not called
inconsistent for it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard import explain
from eistandaard.render.explain import render_text, summary_sentence

CD005 = FIXTURES / "ijw/3.2/JW301/invalid/cd005-postcode-without-landcode.xml"
ANSWER = FIXTURES / "answers/retour/jw301-technical.answer.xml"


def _valid_request(tmp_path: Path) -> Path:
    """The CD005 request with its LandCode back: the same message, now passing every rule."""
    text = CD005.read_text(encoding="utf-8")
    fixed = text.replace(
        "<b:Plaatsnaam>Utrecht</b:Plaatsnaam>\n",
        "<b:Plaatsnaam>Utrecht</b:Plaatsnaam>\n          <b:LandCode>NL</b:LandCode>\n",
        1,
    )
    assert fixed != text
    path = tmp_path / "jw301.xml"
    path.write_text(fixed, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", "geen regel van eistandaard keurt het verzoek af"), ("en", "no rule of eistandaard")],
)
def test_no_reason_is_said(tmp_path: Path, lang: str, words: str) -> None:
    """A valid request with a 0001 answer: no reasons found, and the summary says that."""
    explained = explain(_valid_request(tmp_path), ANSWER)
    assert explained.outcome == "technical-rejection"
    assert explained.reasons_sought
    assert explained.technical_reasons == ()
    assert words in summary_sentence(explained, lang)
    assert words in render_text(explained, lang=lang)


def test_a_reason_is_named_instead() -> None:
    """The request failing CD005 with the same answer: the rule is named, not the no-reason text."""
    explained = explain(CD005, ANSWER)
    assert explained.technical_reasons == ("CD005",)
    sentence = summary_sentence(explained, "en")
    assert "CD005" in sentence
    assert "no rule of eistandaard" not in sentence
