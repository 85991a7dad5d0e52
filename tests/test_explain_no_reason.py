"""A 0001 answer to a request that no rule of eistandaard rejects: the summary says so.

``ei diff`` validates the request again to name the rules behind a technical rejection (0001);
when it finds none, the summary says "no rule of eistandaard rejects the request" instead of
naming nothing. Such a 0001 is a problem (trial 2, item 4): a technical rejection needs a
technical ground, and eistandaard's level-3 rules on the answer's date are that ground here.
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
    assert not explained.consistent


def test_a_reason_is_named_instead() -> None:
    """The request failing CD005 with the same answer: the rule is named, not the no-reason text."""
    explained = explain(CD005, ANSWER)
    assert explained.technical_reasons == ("CD005",)
    sentence = summary_sentence(explained, "en")
    assert "CD005" in sentence
    assert "no rule of eistandaard" not in sentence


CS002 = FIXTURES / "iwmo/3.2/WMO323/invalid/cs002-bsn-elfproef.xml"


def _wmo_pair(tmp_path: Path) -> tuple[Path, bytes]:
    """The CS002 request's own 0001 answer, and the request with a Bsn that passes the elfproef."""
    import eistandaard

    report = eistandaard.validate(CS002, as_of="2025-04-10")
    answer = eistandaard.build_return(CS002, report, dagtekening="2025-04-10").message
    fixed = CS002.read_text(encoding="utf-8").replace("999900000", "999900018")
    path = tmp_path / "wmo323.xml"
    path.write_text(fixed, encoding="utf-8")
    return path, bytes(answer)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_unfounded_0001_is_a_problem(tmp_path: Path, lang: str) -> None:
    """A valid WMO323 with a 0001 answer: not consistent, the problem worded in the language."""
    request, answer = _wmo_pair(tmp_path)
    assert explain(CS002, answer).consistent  # the answer is right for the failing request
    explained = explain(request, answer)
    assert explained.outcome == "technical-rejection"
    (problem,) = explained.problems
    said = problem.text(lang)
    assert said.startswith(
        "het antwoord keurt de WMO323 technisch af (0001)"
        if lang == "nl"
        else "the answer rejects the WMO323 technically (0001)"
    )
    assert f"  - {said}\n" in render_text(explained, lang=lang)


def test_the_cli_exits_1_for_an_unfounded_0001(tmp_path: Path) -> None:
    """`ei diff` on that pair: exit 1, no longer "Consistent"."""
    from eistandaard.cli.main import main

    request, answer = _wmo_pair(tmp_path)
    (tmp_path / "wmo325.xml").write_bytes(answer)
    assert main(["diff", str(request), str(tmp_path / "wmo325.xml"), "--lang", "en"]) == 1


def test_a_request_that_cannot_be_checked_again_is_no_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When validating the request again fails (no reasons known), nothing is claimed either way."""
    from eistandaard.conventions.istandaarden import compare

    request, answer = _wmo_pair(tmp_path)
    monkeypatch.setattr(compare, "_technical_reasons", lambda *_args: None)
    explained = explain(request, answer)
    assert not explained.reasons_sought
    assert explained.consistent
