"""The envelope model, its builders and the payload ZIP, against VECOZO's published contract."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from tests.conftest import FIXTURES, need_shared

import eistandaard
from eistandaard.core.errors import InputError
from eistandaard.standards.catalog import default_catalog
from eistandaard.vecozo import (
    Envelope,
    build_answer,
    build_envelope,
    build_request,
    check_envelope,
    is_uuid4,
    new_uuid,
    parse_payload,
    payload_zip,
)
from eistandaard.vecozo.data import family_rules, streams
from eistandaard.vecozo.envelope import Berichtstroom, Referentiegegevens, Relatie

PAIRS = [
    ("iwmo/3.2/WMO323/valid/basis.xml", "iwmo/3.2/WMO325/valid/basis.xml"),
    ("ijw/3.2/JW323/valid", "ijw/3.2/JW325/valid"),
    (
        "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml",
        "gds/1.0/GDS802/valid/insurer-partly-granted.xml",
    ),
    ("bm/2.0/BM801/valid", "bm/2.0/BM802/valid"),
]


def _first(relative: str) -> Path:
    path = FIXTURES / relative
    return path if path.is_file() else sorted(path.glob("*.xml"))[0]


def _push_validator() -> jsonschema.Draft202012Validator:
    folder = need_shared("reference", "vecozo", "VECOZO-OpenAPI", "docs")
    contract = json.loads(
        (folder / "vspkoppeling-berichtuitwisseling-rest-push-v1.json").read_text("utf-8")
    )
    schema = dict(contract)
    schema["$ref"] = "#/components/schemas/BerichtMetadata"
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize(("request_path", "answer_path"), PAIRS, ids=lambda p: p.split("/")[0])
def test_built_envelopes_validate_against_the_published_push_contract(
    request_path: str, answer_path: str
) -> None:
    """Request and answer metadata of every family are valid BerichtMetadata of the push spec."""
    validator = _push_validator()
    request = parse_payload(_first(request_path).read_bytes())
    answer = parse_payload(_first(answer_path).read_bytes())
    heen = build_request(request, referentie_id="eigen-ref-1")
    retour = build_answer(answer, heen)
    for envelope in (heen, retour):
        errors = [e.message for e in validator.iter_errors(envelope.to_json())]
        assert errors == []


def test_published_contract_refuses_what_our_contract_check_refuses() -> None:
    """A wrong envelope fails both the published schema and our EV001 (they agree)."""
    validator = _push_validator()
    wrong = {
        "routeringgegevens": {
            "afzender": {"code": "x"},
            "geadresseerden": [],
            "berichtstroom": {"berichttype": "", "berichtversie": 1000, "actie": "A"},
        },
        "referentiegegevens": {"conversatieId": "nope", "traceerId": "nope", "extra": 1},
    }
    assert list(validator.iter_errors(wrong))
    codes = [f.code for f in check_envelope(Envelope.from_json(wrong))]
    assert "EV001" in codes


@pytest.mark.parametrize(("request_path", "answer_path"), PAIRS, ids=lambda p: p.split("/")[0])
def test_built_envelopes_pass_every_offline_check(request_path: str, answer_path: str) -> None:
    """What the builders make passes the envelope checks of its own message, ids and all."""
    request = parse_payload(_first(request_path).read_bytes())
    answer = parse_payload(_first(answer_path).read_bytes())
    heen = build_request(request)
    retour = build_answer(answer, heen)
    assert check_envelope(heen, spec=request.spec, root=request.root) == []
    assert check_envelope(retour, spec=answer.spec, root=answer.root) == []
    assert heen.referenties.conversatie_id == heen.referenties.traceer_id  # CC05
    assert retour.referenties.als_antwoord_op == heen.referenties.traceer_id  # CC12
    assert retour.referenties.conversatie_id == heen.referenties.conversatie_id
    assert retour.referenties.traceer_id != heen.referenties.traceer_id
    assert retour.afzender.code == heen.geadresseerden[0].code
    assert heen.afzender.code  # the family's payload paths find the parties
    assert heen.geadresseerden[0].code


def test_every_catalog_message_has_a_stream_and_its_family_rules() -> None:
    """streams.toml covers each message of the bundled catalog, provisional where unpublished."""
    names = {spec.name for spec in default_catalog()}
    assert names <= set(streams())
    for name in names:
        stream = streams()[name]
        assert stream.provisional  # no public source names these values yet
        assert family_rules(stream.family).sender


def test_new_uuids_are_lower_case_v4_and_distinct() -> None:
    """new_uuid() gives VECOZO's lower-case UUID v4 form, never the same twice."""
    made = {new_uuid() for _ in range(200)}
    assert len(made) == 200
    assert all(is_uuid4(value) for value in made)
    assert not is_uuid4("CD613E30-D8F1-4ADF-91B7-584A2265B1F5")
    assert not is_uuid4("00000000-0000-1000-8000-000000000000")  # version 1
    assert not is_uuid4(" " + new_uuid())


def test_payload_zip_has_one_member_named_uuid_xml() -> None:
    """The payload ZIP holds exactly the message, in one member named <uuid>.xml (CC01)."""
    xml = _first(PAIRS[0][0]).read_bytes()
    name, data = payload_zip(xml)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [name]
        assert archive.read(name) == xml
    assert name.endswith(".xml")
    assert is_uuid4(name[:-4])
    report = eistandaard.validate(data, envelope=build_request(parse_payload(xml)))
    assert not [f for f in report.findings if f.code in ("CC01", "CC03", "BRS16")]


def test_json_round_trip_keeps_every_field() -> None:
    """to_json -> loads -> to_json is the identity for a built envelope."""
    heen = build_request(parse_payload(_first(PAIRS[0][0]).read_bytes()), referentie_id="r-1")
    again = Envelope.loads(heen.dumps())
    assert again.to_json() == heen.to_json()
    assert again.verwerkingscontext is not None
    assert again.verwerkingscontext.get("Applicatie") == "eistandaard"


@pytest.mark.parametrize("text", ["", "[]", "{", '"x"', "1"])
def test_metadata_that_is_no_json_object_is_an_input_error(text: str) -> None:
    """Metadata that is not a JSON object is refused with InputError, never a traceback."""
    with pytest.raises(InputError):
        Envelope.loads(text)


def test_wrong_shapes_become_findings_not_exceptions() -> None:
    """Fields of the wrong JSON type are read as absent and reported (EV001, CC04 ...)."""
    odd = Envelope.loads(
        '{"routeringgegevens": {"afzender": 5, "geadresseerden": {}, "berichtstroom": []},'
        ' "referentiegegevens": {"traceerId": 7}, "verwerkingscontext": [3]}'
    )
    codes = {f.code for f in check_envelope(odd)}
    assert {"EV001", "CC04", "BRS30"} <= codes


def test_answer_builder_refuses_a_request_and_vice_versa() -> None:
    """build_answer of a request and build_request of an answer are usage errors."""
    heen = parse_payload(_first(PAIRS[0][0]).read_bytes())
    retour = parse_payload(_first(PAIRS[0][1]).read_bytes())
    with pytest.raises(InputError):
        build_request(retour)
    with pytest.raises(InputError):
        build_answer(heen, build_request(heen))
    with pytest.raises(InputError):
        parse_payload(b"<not-a-message/>")


def test_one_builder_serves_request_and_answer() -> None:
    """build_envelope is both builders; an answer's roles default to the request's, swapped."""
    assert build_request is build_envelope
    assert build_answer is build_envelope
    heen = build_envelope(parse_payload(_first(PAIRS[0][0]).read_bytes()), referentie_id="R1")
    retour = build_envelope(parse_payload(_first(PAIRS[0][1]).read_bytes()), heen)
    assert heen.referenties.referentie_id == "R1"
    assert heen.referenties.als_antwoord_op is None
    assert retour.afzender.rol == heen.geadresseerden[0].rol
    assert retour.geadresseerden[0].rol == heen.afzender.rol
    with pytest.raises(InputError, match="is an answer"):
        build_envelope(parse_payload(_first(PAIRS[0][1]).read_bytes()))


def test_contract_objects_read_and_write_their_json_members() -> None:
    """Each field maps to its contract member, in contract order; a wrong type reads as absent."""
    stroom = Berichtstroom.read(
        {"actie": "A", "berichtversie": 3, "berichtsubversie": True, "berichttype": 7, "x": 1}
    )
    assert stroom == Berichtstroom(berichtversie=3, actie="A")
    full = Berichtstroom(
        berichttype="T", berichtsubtype="S", berichtversie=3, berichtsubversie=2, actie="A"
    )
    assert list(full.to_json()) == [
        "berichttype", "berichtsubtype", "berichtversie", "berichtsubversie", "actie"
    ]  # fmt: skip
    assert Berichtstroom.read(full.to_json()) == full
    ids = Referentiegegevens(traceer_id="t", als_antwoord_op="a")
    assert ids.to_json() == {"traceerId": "t", "alsAntwoordOp": "a"}
    assert Referentiegegevens.read(ids.to_json()) == ids
    assert Relatie.read("not an object") == Relatie()
    assert Relatie(rol="Instelling").to_json() == {"rol": "Instelling"}


def test_payload_limit_counts_bytes_not_mebibytes() -> None:
    """CC03's default is 25,000,000 bytes: one byte more is refused, the limit itself is not."""
    from eistandaard.vecozo.checks import DEFAULT_PAYLOAD_LIMIT, Container

    heen = build_request(parse_payload(_first(PAIRS[0][0]).read_bytes()))
    at = Container(size=DEFAULT_PAYLOAD_LIMIT, is_zip=True, members=(("a.xml", 10),))
    over = Container(size=DEFAULT_PAYLOAD_LIMIT + 1, is_zip=True, members=(("a.xml", 10),))
    assert DEFAULT_PAYLOAD_LIMIT == 25_000_000
    assert "CC03" not in {f.code for f in check_envelope(heen, container=at)}
    assert "CC03" in {f.code for f in check_envelope(heen, container=over)}
    big_member = Container(size=100, is_zip=True, members=(("a.xml", 25_000_001),))
    assert "CC03" in {f.code for f in check_envelope(heen, container=big_member)}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("sender", "Header//Afzender"),
        ("receiver", "/Header/Ontvanger"),
        ("identificatie", ""),
        ("declaratienummer", "Declaratie/"),
        ("answer_deadline_working_days", "3"),
        ("answer_deadline_working_days", True),
        ("pull_retention_days", -1),
        ("wmojw", "yes"),
    ],
)
def test_a_malformed_family_entry_is_a_data_error(
    monkeypatch: pytest.MonkeyPatch, key: str, value: object
) -> None:
    """A payload path or a number of days in ``streams.toml`` that cannot be used is refused.

    It is refused when the family's rules are read, naming the family: never read later as
    "no such element" or a deadline of ``"3"`` days.
    """
    from eistandaard.core.errors import DataError
    from eistandaard.vecozo import data

    table = data._table()
    family = {**table["family"]["iwmo"], key: value}
    monkeypatch.setattr(data, "_table", lambda: {**table, "family": {"iwmo": family}})
    read = getattr(family_rules, "__wrapped__", family_rules)  # past the per-process cache
    with pytest.raises(DataError, match=f"family iwmo is malformed.*{key}"):
        read("iwmo")
