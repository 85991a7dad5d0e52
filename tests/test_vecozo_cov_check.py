"""``ei cov check`` uses an answer only for the person asked, and says what the answer warns of.

A newcomer trial against the fake VECOZO: ``--bsn 111222333`` printed "VerzoekAkkoord:
Gevonden" with the policies of BSN 999990020 and exit 0; "Gevonden" without a person exit 0;
a deceased person and double insurance were not shown; a 503 read "COV: COV: VECOZO
antwoordde 503".
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.transport_helpers import world

from eistandaard.cli.main import main
from eistandaard.vecozo.cov import Verzekerde, Verzekering, Zoekresultaat
from eistandaard.vecozo.testing import Fault

ASKED = "111222333"
OTHER = "999990020"
POLICY = Verzekering("Actief", "3311", "123456789", "Basis")
OTHERS = Zoekresultaat(
    1, "Gevonden", None, Verzekerde("ActieveVerzekeringen", OTHER, verzekeringen=[POLICY])
)
DECEASED_TWICE = Zoekresultaat(
    1,
    "Gevonden",
    None,
    Verzekerde(
        "DubbeleActieveVerzekeringenGevonden", ASKED, overleden=True, verzekeringen=[POLICY]
    ),
)


def _check(fake_url: str, *options: str) -> list[str]:
    return ["cov", "check", "--environment", "tst", "--url", fake_url, "--agb", "01234567",
            "--birth-date", "1980-01-01", "--bsn", ASKED, *options]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("nl", "niet gebruikt: het antwoord gaat over een andere persoon dan BSN 111222333"),
        ("en", "not used: the answer is of another person than BSN 111222333"),
    ],
)
def test_an_answer_of_another_person_is_said_and_not_a_success(
    lang: str, line: str, capsys: Any
) -> None:
    """Found, but another BSN: exit 1, said in the run's language; the other's policies unshown."""
    with world() as w:
        w.fake.cov_answers[ASKED] = OTHERS
        assert main(_check(w.fake.base_url, "--lang", lang)) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == ["VerzoekAkkoord: Gevonden", f"  {line}"]
    assert "UZOVI" not in out


def test_found_without_a_person_is_said_and_not_a_success(capsys: Any) -> None:
    """A "Gevonden" with no Verzekerde in it: exit 1 and the reason, not a bare success."""
    with world() as w:
        w.fake.cov_answers[ASKED] = Zoekresultaat(1, "Gevonden")
        assert main(_check(w.fake.base_url, "--lang", "en")) == 1
    assert "  not used: the answer names no person" in capsys.readouterr().out


def test_deceased_and_double_insurance_are_shown_as_warnings(capsys: Any) -> None:
    """The answer's warnings (the merge's) are lines of the text; the person asked: exit 0."""
    with world() as w:
        w.fake.cov_answers[ASKED] = DECEASED_TWICE
        assert main(_check(w.fake.base_url)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "VerzoekAkkoord: Gevonden",
        "  waarschuwing: DubbeleActieveVerzekeringenGevonden: dubbel verzekerd, beide blijven"
        " actief",
        "  waarschuwing: Overleden: COV meldt dat de persoon is overleden",
        "  UZOVI 3311 Basis 123456789 Actief ..",
    ]


def test_json_says_why_an_answer_is_not_used_and_its_warnings(capsys: Any) -> None:
    """``--format json``: ``not_verified`` and ``warnings``; no insurances of another person."""
    with world() as w:
        w.fake.cov_answers[ASKED] = OTHERS
        assert main(_check(w.fake.base_url, "--format", "json")) == 1
        other = json.loads(capsys.readouterr().out)
        w.fake.cov_answers[ASKED] = DECEASED_TWICE
        assert main(_check(w.fake.base_url, "--format", "json", "--lang", "en")) == 0
        asked = json.loads(capsys.readouterr().out)
    assert (other["not_verified"], other["warnings"], other["verzekeringen"]) == (
        "other-person",
        [],
        [],
    )
    assert asked["not_verified"] is None
    assert asked["warnings"][1] == "Overleden: COV reports the person deceased"
    assert [p["uzovi"] for p in asked["verzekeringen"]] == ["3311"]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("nl", "ei cov check: fout: COV: VECOZO antwoordde 503"),
        ("en", "ei cov check: error: COV: VECOZO answered 503"),
    ],
)
def test_a_refusing_cov_is_named_once(lang: str, line: str, capsys: Any) -> None:
    """A 503 of COV: exit 3, the line names COV once (before: "COV: COV: VECOZO antwoordde 503")."""
    with world() as w:
        w.fake.inject(Fault.SERVER_ERROR, op="cov")
        assert main(_check(w.fake.base_url, "--lang", lang)) == 3
    assert capsys.readouterr().err.strip() == line


def test_an_unreachable_cov_still_says_cov(capsys: Any) -> None:
    """A connection failure names the URL, not COV: the line keeps its ``COV:`` lead."""
    with world() as w:
        w.fake.refuse(60)
        assert main(_check(w.fake.base_url, "--lang", "en", "--timeout", "2")) == 3
    err = capsys.readouterr().err
    assert "error: COV: POST " in err
    assert "COV: COV:" not in err
