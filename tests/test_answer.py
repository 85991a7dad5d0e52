"""build_return follows invulinstructies IV028 / IV087 for every case, and its 325 is valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.answer_helpers import (
    CLIENT1,
    CLIENT2,
    JW323,
    WMO323,
    finding,
    official_schema_errors,
    own_schema_errors,
    report_for,
    texts,
)

import eistandaard
from eistandaard.conventions.istandaarden import Decisions, Outcome, build_return, load_decisions
from eistandaard.core.errors import EngineError, InputError

DAY = "2024-05-10"


def _build(path: Path = WMO323, *findings, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("identificatie", "R-1")
    kwargs.setdefault("dagtekening", DAY)
    return build_return(path, report_for(path, *findings), **kwargs)


def _valid(result) -> None:  # type: ignore[no-untyped-def]
    assert result.message is not None
    name = result.answer_name
    family = "iwmo" if name.startswith("WMO") else "ijw"
    assert own_schema_errors(result.message, family, name) == []


def test_fully_accepted_gives_0200_and_8001() -> None:
    """Nothing rejected: Header 0200, DeclaratieAntwoord 8001, no clients, all granted."""
    result = _build()
    _valid(result)
    assert result.outcome is Outcome.FULLY_ACCEPTED
    assert texts(result.message, "Bericht/Header/RetourCodes/RetourCode") == ["0200"]
    assert texts(result.message, "Bericht/DeclaratieAntwoord/RetourCodes/RetourCode") == ["8001"]
    assert texts(result.message, "Bericht/DeclaratieAntwoord/Clienten") == []
    granted = "Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/"
    assert texts(result.message, granted + "TotaalBedrag") == ["56200"]
    assert texts(result.message, granted + "DebetCredit") == ["D"]
    assert texts(result.message, "Bericht/Header/XsltVersie") == []


def test_header_is_swapped_and_refers_to_the_declaration() -> None:
    """Afzender/Ontvanger swap, DeclaratieIdentificatie and XsdVersieDeclaratie from the 323."""
    result = _build()
    request = WMO323.read_bytes()
    assert texts(result.message, "Bericht/Header/Afzender") == texts(
        request, "Bericht/Header/Ontvanger"
    )
    assert texts(result.message, "Bericht/Header/Ontvanger") == texts(
        request, "Bericht/Header/Afzender"
    )
    assert texts(result.message, "Bericht/Header/DeclaratieIdentificatie/Identificatie") == [
        "W323-2404-01"
    ]
    assert texts(result.message, "Bericht/Header/XsdVersieDeclaratie/BerichtXsdVersie") == texts(
        request, "Bericht/Header/XsdVersie/BerichtXsdVersie"
    )
    assert texts(result.message, "Bericht/Header/BerichtIdentificatie/Identificatie") == ["R-1"]
    assert texts(result.message, "Bericht/Header/BerichtIdentificatie/Dagtekening") == [DAY]
    assert texts(result.message, "Bericht/Header/BerichtCode") == ["485"]


def test_generated_identificatie_is_reported() -> None:
    """Without an identificatie one is generated, fits the schema (12 chars) and is reported."""
    result = build_return(WMO323, report_for(WMO323), dagtekening=DAY)
    _valid(result)
    assert result.identificatie_generated
    assert result.identificatie is not None
    assert 1 <= len(result.identificatie) <= 12
    assert texts(result.message, "Bericht/Header/BerichtIdentificatie/Identificatie") == [
        result.identificatie
    ]


def test_bad_identificatie_is_refused() -> None:
    """An identificatie longer than the schema allows is an InputError."""
    with pytest.raises(InputError, match="identificatie"):
        _build(identificatie="X" * 13)


def test_structure_failure_gives_no_answer() -> None:
    """A level-2 (XSD) error: no 325, the report is the error report."""
    result = _build(WMO323, finding(2, f"{CLIENT1}/Bsn", code="EI200"))
    assert result.outcome is Outcome.NO_ANSWER
    assert result.message is None
    assert result.report.codes == ["EI200"]


def test_engine_error_never_gives_an_answer() -> None:
    """A report whose checks did not complete raises EngineError (fail closed)."""
    report = report_for(WMO323, engine_errors=("level 3: stylesheet failed",))
    with pytest.raises(EngineError, match="did not complete"):
        build_return(WMO323, report)


def test_both_return_engines_refuse_an_incomplete_report_alike() -> None:
    """The public build_return and the iStandaarden one: same EngineError, same no-answer."""
    incomplete = report_for(WMO323, engine_errors=("level 3: stylesheet failed",))
    with pytest.raises(EngineError, match=r"did not complete.*stylesheet failed"):
        eistandaard.build_return(WMO323, incomplete)
    stopped = report_for(WMO323, finding(2, f"{CLIENT1}/Bsn", code="EI200"))
    assert eistandaard.build_return(WMO323, stopped).outcome is Outcome.NO_ANSWER
    assert build_return(WMO323, stopped).outcome is Outcome.NO_ANSWER


def test_xslt_rule_failure_gives_header_only_0001_with_xsltversie() -> None:
    """A failed message-content rule (level 3): Header only, 0001, XsltVersie, nothing else."""
    result = _build(
        WMO323,
        finding(3, f"{CLIENT2}/Prestaties/Prestatie/ProductCode", code="TR137"),
        finding(5, f"{CLIENT1}/Bsn", retourcode="8187", message_class="Client"),
    )
    _valid(result)
    assert result.outcome is Outcome.TECHNICAL_REJECTION
    assert texts(result.message, "Bericht/Header/RetourCodes/RetourCode") == ["0001"]
    assert texts(result.message, "Bericht/Header/XsltVersie") == ["1.0.0"]
    assert texts(result.message, "Bericht/DeclaratieAntwoord") == []
    assert result.summary is not None
    assert result.summary.granted == 0


def test_level3_finding_with_registry_0001_is_technical() -> None:
    """A level-3 finding whose registry answer code is 0001 rejects the whole message."""
    result = _build(
        WMO323,
        finding(3, f"{CLIENT1}/Bsn", code="CS002"),
        rule_info=lambda code: ("Client", "0001"),
    )
    assert result.outcome is Outcome.TECHNICAL_REJECTION


def test_header_error_gives_header_only_with_its_code() -> None:
    """An error on the Header: the Header only, with that code and no XsltVersie."""
    result = _build(
        WMO323,
        finding(5, "/Bericht/Header/BerichtIdentificatie/Identificatie", retourcode="9056"),
    )
    _valid(result)
    assert result.outcome is Outcome.HEADER_REJECTED
    assert texts(result.message, "Bericht/Header/RetourCodes/RetourCode") == ["9056"]
    assert texts(result.message, "Bericht/Header/XsltVersie") == []
    assert texts(result.message, "Bericht/DeclaratieAntwoord") == []


def test_declaratie_error_gives_its_code_and_zero_granted() -> None:
    """A Declaratie-level error: code on DeclaratieAntwoord, TotaalToegekendBedrag 0, no clients."""
    result = _build(WMO323, finding(5, "/Bericht/Declaratie/DeclaratieNummer", "9333"))
    _valid(result)
    assert result.outcome is Outcome.DECLARATION_REJECTED
    assert texts(result.message, "Bericht/Header/RetourCodes/RetourCode") == ["0200"]
    assert texts(result.message, "Bericht/DeclaratieAntwoord/RetourCodes/RetourCode") == ["9333"]
    assert texts(
        result.message, "Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag"
    ) == ["0"]
    assert texts(result.message, "Bericht/DeclaratieAntwoord/Clienten") == []


def test_client_error_puts_0233_on_each_of_its_prestaties() -> None:
    """A Client error: its code on the Client, 0233 on every prestatie of it, others left out."""
    result = _build(
        WMO323,
        finding(5, f"{CLIENT1}/Prestaties/Prestatie[2]/ToewijzingNummer", "8187", "Client"),
    )
    _valid(result)
    assert result.outcome is Outcome.PARTLY_REJECTED
    client = "Bericht/DeclaratieAntwoord/Clienten/Client"
    assert texts(result.message, f"{client}/Bsn") == ["999900031"]
    assert texts(result.message, f"{client}/RetourCodes/RetourCode") == ["8187"]
    assert texts(result.message, f"{client}/Prestaties/Prestatie/RetourCodes/RetourCode") == [
        "0233",
        "0233",
    ]
    granted = "Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/"
    # 56200 D - (61800 D + 15000 D) = 20600 C
    assert texts(result.message, granted + "TotaalBedrag") == ["20600"]
    assert texts(result.message, granted + "DebetCredit") == ["C"]


def test_prestatie_error_puts_0200_on_its_client() -> None:
    """A Prestatie error: its codes on it, 0200 on its client; accepted prestaties left out."""
    result = _build(
        WMO323,
        finding(4, f"{CLIENT1}/Prestaties/Prestatie[2]/ProductCode", "9340"),
        finding(5, f"{CLIENT1}/Prestaties/Prestatie[2]/Eenheid", "9341"),
    )
    _valid(result)
    client = "Bericht/DeclaratieAntwoord/Clienten/Client"
    assert texts(result.message, f"{client}/RetourCodes/RetourCode") == ["0200"]
    assert texts(
        result.message, f"{client}/Prestaties/Prestatie/ProductReferentie/ReferentieNummer"
    ) == ["WMO-2024-0302"]
    assert texts(result.message, f"{client}/Prestaties/Prestatie/RetourCodes/RetourCode") == [
        "9340",
        "9341",
    ]
    assert texts(result.message, "Bericht/DeclaratieAntwoord/RetourCodes/RetourCode") == ["0200"]
    assert texts(
        result.message, "Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag"
    ) == ["41200"]
    assert result.summary is not None
    assert (result.summary.prestaties_rejected, result.summary.prestaties_accepted) == (1, 2)
    assert (result.summary.clients_accepted, result.summary.clients_with_rejected_prestaties) == (
        1,
        1,
    )


def test_rejected_credit_raises_the_granted_total() -> None:
    """Rejecting a credit prestatie: 56200 D - (20600 C) = 76800 D (signs respected)."""
    result = _build(WMO323, decisions=Decisions(prestaties={"WMO-2024-0303": ["9390"]}))
    _valid(result)
    granted = "Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/"
    assert texts(result.message, granted + "TotaalBedrag") == ["76800"]
    assert texts(result.message, granted + "DebetCredit") == ["D"]


def test_jw_answer_is_a_jw325() -> None:
    """A JW323 is answered with a JW325 in its own namespace and prefix."""
    result = _build(  # dated after the JW323's own 2024-06-03: never before its request
        JW323, decisions=Decisions(clienten={"999900079": ["8187"]}), dagtekening="2024-06-10"
    )
    _valid(result)
    assert result.answer_name == "JW325"
    assert result.message is not None
    assert b"<jw325:Bericht" in result.message
    assert b'xmlns:jw325="http://www.istandaarden.nl/ijw/3_2/jw325/schema"' in result.message


@pytest.mark.parametrize(
    ("request_path", "decisions"),
    [
        (WMO323, None),
        (WMO323, Decisions(header=["9056"])),
        (WMO323, Decisions(declaratie=["9333"])),
        (WMO323, Decisions(clienten={"999900043": ["8187"]})),
        (WMO323, Decisions(prestaties={"999900031/WMO-2024-0301": ["0611"]})),
        (JW323, None),
        (JW323, Decisions(header=["9056"])),
        (JW323, Decisions(declaratie=["9333"])),
        (JW323, Decisions(clienten={"999900067": ["8187"]})),
        (JW323, Decisions(prestaties={"JR-24-0503": ["9390"]})),
    ],
    ids=[f"{f}-{k}" for f in ("wmo", "jw") for k in ("ok", "header", "decl", "client", "prest")],
)
def test_answers_are_valid_against_the_official_xsd(
    request_path: Path, decisions: Decisions | None
) -> None:
    """Every kind of answer is valid against the official WMO325 and JW325 schemas.

    Dated after both requests (the JW323 is of 2024-06-03): an answer dated before its request's
    periods end fails its own check (TR137).
    """
    for request in (request_path,):
        result = _build(request, decisions=decisions, dagtekening="2024-06-10")
        assert result.message is not None
        assert official_schema_errors(result.message, str(result.answer_name)) == []


def test_technical_rejection_is_valid_against_the_official_xsd() -> None:
    """The Header-only 0001 answer is valid against the official WMO325 schema."""
    result = _build(WMO323, finding(3, f"{CLIENT1}/Bsn", code="CS002"))
    assert official_schema_errors(result.message, "WMO325") == []


def test_decision_with_unknown_code_is_refused() -> None:
    """A decision code that is not in WJ001 is a clear InputError."""
    with pytest.raises(InputError, match="1234 is not in code list WJ001"):
        _build(decisions=Decisions(prestaties={"WMO-2024-0301": ["1234"]}))


def test_decision_with_reserved_code_is_refused() -> None:
    """0001/0200/0233/8001 have fixed roles and cannot be decided."""
    with pytest.raises(InputError, match="fixed role"):
        _build(decisions=Decisions(clienten={"999900031": ["0233"]}))


def test_decision_for_unknown_client_is_refused() -> None:
    """A decision naming a Bsn that is not in the declaration is an InputError."""
    with pytest.raises(InputError, match="no client with Bsn 999999999"):
        _build(decisions=Decisions(clienten={"999999999": ["8187"]}))


def test_decisions_file_is_read(tmp_path: Path) -> None:
    """The JSON decisions format is read into Decisions."""
    path = tmp_path / "d.json"
    path.write_text(
        json.dumps({"clienten": {"999900031": ["8187"]}, "prestaties": {"R1": ["0611"]}}),
        encoding="utf-8",
    )
    decisions = load_decisions(path)
    assert decisions.clienten == {"999900031": ("8187",)}
    assert decisions.prestaties == {"R1": ("0611",)}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"clients": {}}', "unknown key"),
        ('{"prestaties": {"R1": "0611"}}', "must be a list"),
        ('{"header": ["61"]}', "4-character"),
        ("[1, 2]", "must be an object"),
        ("{", "not JSON"),
    ],
)
def test_bad_decisions_file_is_refused(tmp_path: Path, content: str, message: str) -> None:
    """A decisions file in the wrong shape gives an InputError that says what is wrong."""
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_decisions(path)


def test_report_of_another_message_is_refused() -> None:
    """Building from a report of another message is an InputError."""
    with pytest.raises(InputError, match="the report is of"):
        build_return(WMO323, report_for(JW323))


def test_answer_is_not_a_request() -> None:
    """A 325 cannot be answered."""
    answer = _build().message
    assert answer is not None
    root_report = report_for(WMO323)
    with pytest.raises(InputError):
        build_return(answer, root_report)


def test_finding_without_retourcode_at_level4_is_an_engine_error() -> None:
    """A level-4 error without a retourcode cannot be answered: fail closed."""
    with pytest.raises(EngineError, match="no retourcode"):
        _build(WMO323, finding(4, f"{CLIENT1}/Bsn"))
