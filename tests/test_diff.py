"""diff explains an answer against its request and reports every inconsistency with a reason."""

from __future__ import annotations

import pytest
from lxml import etree
from tests.answer_helpers import CLIENT1, PAIR_JW323, WMO323, finding, report_for
from tests.conftest import JAAPJUNIOR, SHARED, need_shared

import eistandaard.errors as eistandaard_errors
from eistandaard.answers import explain
from eistandaard.conventions.istandaarden import Decisions, build_return
from eistandaard.diff import Status, diff
from eistandaard.render.explain import render_explanation


def _answer(*findings, decisions=None) -> bytes:  # type: ignore[no-untyped-def]
    result = build_return(
        WMO323,
        report_for(WMO323, *findings),
        decisions=decisions,
        identificatie="R-1",
        dagtekening="2024-05-10",
    )
    assert result.message is not None
    return result.message


def _edit(message: bytes, path: str, text: str) -> bytes:
    root = etree.fromstring(message)
    steps = "/".join(f"*[local-name()='{s}']" for s in path.strip("/").split("/"))
    for element in root.xpath("/" + steps):
        element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(
    "decisions",
    [
        None,
        Decisions(header=["9056"]),
        Decisions(declaratie=["9333"]),
        Decisions(clienten={"999900043": ["8187"]}),
        Decisions(prestaties={"WMO-2024-0302": ["0611"], "WMO-2024-0303": ["9390"]}),
    ],
    ids=["accepted", "header", "declaratie", "client", "prestaties"],
)
def test_built_answers_are_consistent(decisions: Decisions | None) -> None:
    """Every answer build_return makes is consistent with its request."""
    result = diff(WMO323, _answer(decisions=decisions))
    assert result.problems == ()
    assert result.consistent


def test_technical_rejection_is_consistent_and_not_assessed() -> None:
    """A Header-only 0001 answer is consistent; every prestatie is 'not assessed'."""
    result = diff(WMO323, _answer(finding(3, f"{CLIENT1}/Bsn", code="CS002")))
    assert result.consistent
    assert {p.status for c in result.clients for p in c.prestaties} == {Status.NOT_ASSESSED}
    assert result.granted == 0


def test_statuses_and_amounts_per_prestatie() -> None:
    """A rejected prestatie shows its codes and 0 granted; the others are granted in full."""
    result = diff(WMO323, _answer(decisions=Decisions(prestaties={"WMO-2024-0302": ["0611"]})))
    first, second = result.clients
    assert first.status is Status.REJECTED
    assert first.codes == ("0200",)
    statuses = [(p.referentie, p.status, p.codes, p.submitted, p.granted) for p in first.prestaties]
    assert statuses == [
        ("WMO-2024-0301", Status.ACCEPTED, (), 61800, 61800),
        ("WMO-2024-0302", Status.REJECTED, ("0611",), 15000, 0),
    ]
    assert second.status is Status.ACCEPTED
    assert (result.submitted, result.rejected, result.granted) == (56200, 15000, 41200)
    assert result.meaning("0611") == "Tarief wijkt af van het contract"
    assert result.meaning("0611", "en") == "Rate differs from the contract"


def test_changed_data_is_inconsistent() -> None:
    """A returned prestatie whose data differ from the request is reported."""
    answer = _answer(decisions=Decisions(prestaties={"WMO-2024-0302": ["0611"]}))
    changed = _edit(
        answer,
        "Bericht/DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie/GeleverdVolume",
        "99",
    )
    result = diff(WMO323, changed)
    assert not result.consistent
    assert [p.check for p in result.problems] == ["data-changed"]
    assert "WMO-2024-0302 differs from the request" in result.problems[0].reason


def test_0001_next_to_client_codes_is_inconsistent() -> None:
    """0001 in the Header while a DeclaratieAntwoord with client codes is returned."""
    answer = _answer(decisions=Decisions(clienten={"999900043": ["8187"]}))
    broken = _edit(answer, "Bericht/Header/RetourCodes/RetourCode", "0001")
    result = diff(WMO323, broken)
    assert not result.consistent
    assert "0001-not-alone" in [p.check for p in result.problems]
    assert any("nothing else may be returned" in p.reason for p in result.problems)


def test_answer_to_another_declaration_is_inconsistent() -> None:
    """An answer whose DeclaratieIdentificatie and DeclaratieNummer are another's."""
    answer = _edit(_answer(), "Bericht/Header/DeclaratieIdentificatie/Identificatie", "OTHER-1")
    answer = _edit(answer, "Bericht/DeclaratieAntwoord/DeclaratieNummer", "D-OTHER")
    result = diff(WMO323, answer)
    checks = [p.check for p in result.problems]
    assert checks.count("other-declaration") == 2
    assert any("DeclaratieIdentificatie" in p.reason for p in result.problems)


def test_unknown_code_and_wrong_total_are_inconsistent() -> None:
    """A code outside WJ001 and a TotaalToegekendBedrag that does not add up are reported.

    The code is outside the answer's XSD too (its RetourCode type enumerates WJ001), which
    ``diff`` says first, as ``explain`` does.
    """
    answer = _answer(decisions=Decisions(prestaties={"WMO-2024-0302": ["0611"]}))
    answer = _edit(
        answer,
        "Bericht/DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie/RetourCodes/RetourCode",
        "1234",
    )
    answer = _edit(answer, "Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "41201")
    checks = [p.check for p in diff(WMO323, answer).problems]
    assert checks[0] == "answer-xsd"
    assert set(checks) == {"answer-xsd", "unknown-code", "totals"}
    unchecked = {p.check for p in diff(WMO323, answer, check_schemas=False).problems}
    assert unchecked == {"unknown-code", "totals"}


def test_diff_says_what_explain_says_of_a_schema_invalid_request() -> None:
    """A request that fails its XSD was refused by VECOZO: nothing answers it.

    ``eistandaard.diff`` is ``not-answered`` with that one problem, no statuses or amounts,
    the same verdict as ``eistandaard.explain`` (before, it compared the two line by line and
    could call them consistent).
    """
    root = etree.fromstring(WMO323.read_bytes())
    etree.SubElement(root, f"{{{etree.QName(root).namespace}}}Onbekend").text = "x"
    broken = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    answer = _answer()
    assert diff(WMO323, answer).consistent
    result = diff(broken, answer)
    assert not result.consistent
    assert result.outcome == "not-answered"
    assert [p.check for p in result.problems] == ["request-xsd"]
    assert "foutbericht" in result.problems[0].reason
    assert result.clients == ()
    explained = explain(broken, answer)
    assert explained.outcome == result.outcome
    assert [str(p) for p in explained.problems] == [p.reason for p in result.problems]
    with pytest.raises(eistandaard_errors.EIError, match="check_schemas"):
        diff(WMO323, answer, check_schemas="no")  # type: ignore[arg-type]


def test_prestatie_not_in_request_is_inconsistent() -> None:
    """A returned prestatie the request does not have is reported."""
    answer = _answer(decisions=Decisions(prestaties={"WMO-2024-0302": ["0611"]}))
    answer = _edit(
        answer,
        "Bericht/DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie/ProductReferentie/ReferentieNummer",
        "NOPE",
    )
    assert "not-in-request" in {p.check for p in diff(WMO323, answer).problems}


def test_example_jw325_diffs_cleanly_against_its_jw323() -> None:
    """The published example JW325 answers our pair JW323 and is consistent with it."""
    example = need_shared(
        *JAAPJUNIOR.relative_to(SHARED).parts, "jw", "bronnen", "berichten", "JW325.xml"
    )
    result = diff(PAIR_JW323, example)
    assert result.problems == ()
    codes = {p.referentie: p.codes for c in result.clients for p in c.prestaties}
    assert codes == {
        "RN001": ("0611",),
        "RN002": ("9339", "9340", "9341"),
        "RN003": ("9307",),
        "RN004": (),
    }
    assert (result.submitted, result.granted) == (-58000, -34000)


def test_renderers_escape_and_are_self_contained() -> None:
    """Text, JSON and HTML carry the verdict; HTML escapes data and loads nothing external."""
    answer = _edit(_answer(), "Bericht/DeclaratieAntwoord/DeclaratieNummer", "<script>x</script>")
    explanation = explain(WMO323, answer)
    page = render_explanation(explanation, "html", "en")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<style>" in page
    assert "src=" not in page
    assert "href=" not in page
    assert "NOT consistent" in render_explanation(explanation, "text", "en")
    assert '"consistent": false' in render_explanation(explanation, "json")


@pytest.mark.parametrize("as_of", [5, "x", "2024-13-01", 1.5])
def test_diff_refuses_a_peildatum_of_the_wrong_kind(as_of: object) -> None:
    """``as_of`` that is no date is an ``InputError`` naming it, as ``explain`` gives.

    Before, a 0001 answer raised ``AttributeError`` and any other answer ignored the value.
    """
    with pytest.raises(eistandaard_errors.InputError, match="as_of"):
        diff(WMO323, _answer(), as_of=as_of)  # type: ignore[arg-type]
    assert diff(WMO323, _answer(), as_of="2024-05-10").consistent
