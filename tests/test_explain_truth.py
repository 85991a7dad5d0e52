"""An explanation tells the truth first: an answer that does not fit its request says so first.

A retour message (IV032) that names the request but repeats its classes with other data is not
consistent; the summary sentence leads with that (text, JSON and HTML share it), and every class
whose data differ is named once, not only the first.
"""

from __future__ import annotations

import json
import tomllib

import pytest
from lxml import etree
from tests.conftest import FIXTURES

from eistandaard.answers.pairing import differences
from eistandaard.cli.main import main

CASE = FIXTURES / "explain-truth"
EXPECTED = tomllib.loads((CASE / "wmo302-two-classes-changed.expected.toml").read_text("utf-8"))
REQUEST = FIXTURES / EXPECTED["request"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_summary_leads_with_the_mismatch(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The first line says the answer does not fit, then what the answer says."""
    answer = CASE / "wmo302-two-classes-changed.xml"
    code = main(["diff", str(REQUEST), str(answer), "--lang", lang])
    out = capsys.readouterr().out
    assert code == EXPECTED["exit"]
    assert out.splitlines()[0].startswith(EXPECTED[f"lead_{lang}"])


def test_every_class_whose_data_differ_is_named_once(capsys: pytest.CaptureFixture[str]) -> None:
    """Both changed classes are problems (before: only the first difference of the message)."""
    answer = CASE / "wmo302-two-classes-changed.xml"
    main(["diff", str(REQUEST), str(answer), "--format", "json", "--lang", "en"])
    document = json.loads(capsys.readouterr().out)
    problems = [str(p) for p in document["problems"]]
    assert len(problems) == EXPECTED["problems"]
    for label in EXPECTED["differ"]:
        assert sum(label in p for p in problems) == 1, (label, problems)
    assert document["summary"].startswith(EXPECTED["lead_en"])


def test_an_answer_that_mirrors_the_request_leads_with_its_outcome(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same answer as `ei return` wrote it: no lead, consistent, exit 0."""
    code = main(["diff", str(REQUEST), str(CASE / "wmo302-mirrors.xml"), "--lang", "en"])
    first = capsys.readouterr().out.splitlines()[0]
    assert code == 0
    assert not first.startswith(EXPECTED["lead_en"])
    assert "accepted" in first


def test_differences_goes_on_after_a_value_and_stops_a_misaligned_element() -> None:
    """Another value: the walk goes on; another name: the rest of that element is skipped."""
    request = etree.fromstring("<M><H/><K><A>1</A><B>2</B><C>3</C></K><K><A>5</A></K></M>")
    answer = etree.fromstring("<M><H/><K><A>1</A><X>2</X><C>9</C></K><K><A>6</A></K></M>")
    found = [f"{e.tag}={e.text}" for e in differences(request, answer, answer[0], "R")]
    assert found == ["B=2", "A=5"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_rejection_without_a_rejecting_code_names_no_empty_code(lang: str) -> None:
    """A summary whose answer has no rejecting code says so without "(-)" (was: "afgewezen (-)")."""
    import attrs

    from eistandaard import explain
    from eistandaard.render.explain import summary_sentence

    request = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
    answer = FIXTURES / "gds/1.0/GDS802/valid/insurer-partly-granted.xml"
    explained = attrs.evolve(
        explain(request, answer), outcome="declaration-rejected", top_codes=(), groups=()
    )
    sentence = summary_sentence(explained, lang)
    assert "(-)" not in sentence
    assert sentence.startswith("GDS801 " + ("afgewezen:" if lang == "nl" else "rejected:"))


def test_a_value_with_a_comment_inside_is_compared_whole() -> None:
    """Trees given as they are (no intake): `<B>2<!--x-->9</B>` is "29", not "2" nor skipped.

    The same value split by a comment is no difference; another value after the comment is.
    """
    from eistandaard.answers.pairing import same_data
    from eistandaard.core.xml import parse

    def tree(text: bytes) -> etree._Element:
        return parse(text, kind="data").getroot()

    request = tree(b"<M><H/><K><A>1</A><B>29</B></K></M>")
    split = etree.fromstring(b"<M><H/><K><A>1</A><B>2<!--x-->9</B></K></M>")  # kept as given
    other = etree.fromstring(b"<M><H/><K><A>1</A><B>2<!--x-->8</B></K></M>")  # kept as given
    assert list(differences(request, split, split[0], "R")) == []
    assert same_data(request[1], split[1], "R") is None
    (found,) = differences(request, other, other[0], "R")
    assert found.tag == "B"
    assert same_data(request[1], other[1], "R") is not None
