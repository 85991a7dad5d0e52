"""GDS802 for GDS 2.0 requests: valid against the 2.0 schema, version 2, and consistent."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from tests.answer_helpers import answer_day
from tests.conftest import FIXTURES, ROOT

from eistandaard import validate
from eistandaard.answers import answer_findings, explain
from eistandaard.conventions.vektis.gds import build_gds802, diff_gds
from eistandaard.conventions.vektis.gds.returns import release_of
from eistandaard.core.errors import InputError
from eistandaard.core.report import Report
from eistandaard.render.explain import render_explanation

RELEASE = FIXTURES / "gds" / "2.0" / "GDS801"
REQUESTS = sorted(RELEASE.glob("*/*.xml"))
DAY = dt.date(2026, 11, 23)
SCHEMA = etree.XMLSchema(etree.parse(str(ROOT / "schemas" / "gds" / "2.0" / "GDS802.xsd")))


@cache
def _report(path: Path) -> Report:
    sidecar = path.with_name(path.stem + ".expected.toml")
    as_of = DAY
    if sidecar.is_file():
        as_of = tomllib.loads(sidecar.read_text(encoding="utf-8")).get("as_of", DAY)
    return validate(path, as_of=as_of)


# An insurer answers every fixture but the one addressed to VECOZO's own role 6.
CASES = [
    (path, responder)
    for path in REQUESTS
    for responder in ("vecozo", "receiver")
    if not (responder == "receiver" and "ontvangerrol-6" in path.name)
]


@pytest.mark.parametrize(
    ("request_path", "responder"),
    CASES,
    ids=[f"{p.parent.name}/{p.stem}-{r}" for p, r in CASES],
)
def test_gds802_for_every_2_0_fixture_is_valid_and_consistent(
    request_path: Path, responder: str
) -> None:
    """The GDS802 of each 2.0 fixture passes the 2.0 schema, says version 2, and diffs clean."""
    report = _report(request_path)
    findings = answer_findings(report, responder)
    if responder == "vecozo" and not findings:  # VECOZO forwards what it does not reject
        with pytest.raises(InputError, match="forwards"):
            build_gds802(request_path, findings, responder=responder, verzenddatum=DAY)
        return
    day = answer_day(report, DAY)
    answer = build_gds802(request_path, findings, responder=responder, verzenddatum=day)
    root = etree.fromstring(answer)
    assert SCHEMA.validate(root), SCHEMA.error_log.last_error
    assert root.findtext("{*}Header/{*}Berichtversie") == "2"
    assert validate(answer, as_of=DAY).verdict.value == "accepted"
    diff = diff_gds(request_path, answer)
    assert diff.release == "2.0"
    assert diff.consistent, diff.problems
    codes = {f.retourcode for f in findings}
    returned = {e.text for e in root.iter("{*}Retourcode")}
    assert returned == codes


def test_release_is_taken_from_the_request() -> None:
    """release_of picks 2.0 for Berichtversie 2 and 1.0 for a 1.0 fixture."""
    assert release_of(RELEASE / "valid" / "ggz-071.xml") == "2.0"
    one = FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    assert release_of(one) == "1.0"
    answer = etree.fromstring(build_gds802(one, [], responder="receiver", verzenddatum=DAY))
    assert answer.findtext("{*}Header/{*}Berichtversie") == "1"


def test_verzekeringsbewijs_feedback_comes_back_with_its_nummer() -> None:
    """A 9554 on InternationaalVerzekeringsbewijs is returned there, with its Nummer."""
    path = RELEASE / "invalid" / "vc9554-verzekeraarscode-and-naam.xml"
    findings = answer_findings(_report(path), "vecozo")
    root = etree.fromstring(build_gds802(path, findings, responder="vecozo", verzenddatum=DAY))
    (bewijs,) = root.iter("{*}InternationaalVerzekeringsbewijs")
    assert bewijs.findtext("{*}Nummer") == "EHIC-0001"
    assert bewijs.findtext("{*}Feedback/{*}Retourcode") == "9554"
    text = render_explanation(explain(path, etree.tostring(root)), "text", "nl")
    assert "9554 Naast de zorgverzekeraarscode" in text


def test_literal_elementnaam_is_returned() -> None:
    """Rule 9674 returns the literal Elementnaam 'Aantal Diagnoses' with the count."""
    path = RELEASE / "invalid" / "vc9674-ergo-two-diagnoses.xml"
    findings = answer_findings(_report(path), "vecozo")
    root = etree.fromstring(build_gds802(path, findings, responder="vecozo", verzenddatum=DAY))
    pairs = [
        (b.findtext("{*}Elementnaam"), b.findtext("{*}Elementwaarde"))
        for b in root.iter("{*}BetrokkenElement")
    ]
    assert ("Aantal Diagnoses", "2") in pairs
