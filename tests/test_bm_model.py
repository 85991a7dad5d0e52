"""BM801/BM802 schemas and their generated models (STB BM801-BM802 3.1-3.4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT

from eistandaard.conventions.vektis.bm.model import parse_bm801, serialize_bm801
from eistandaard.conventions.vektis.views import money

SCHEMAS = ROOT / "schemas" / "bm" / "2.0"
VALID = sorted((FIXTURES / "bm" / "2.0" / "BM801" / "valid").glob("*.xml"))


def schema(name: str) -> etree.XMLSchema:
    """The compiled bundled schema ``name``."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def test_there_are_valid_bm801_fixtures() -> None:
    """The valid folder is not empty (an empty glob would make the tests below vacuous)."""
    assert len(VALID) >= 3


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_conforms_to_bm801_xsd(path: Path) -> None:
    """Every valid BM801 fixture is valid against the bundled BM801.xsd."""
    xsd = schema("BM801.xsd")
    assert xsd.validate(etree.parse(str(path))), xsd.error_log


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_model_round_trip_keeps_every_value(path: Path) -> None:
    """Parse -> serialize -> parse gives the same model, and the output is schema-valid."""
    model = parse_bm801(path.read_bytes())
    again = serialize_bm801(model)
    assert parse_bm801(again) == model
    assert schema("BM801.xsd").validate(etree.fromstring(again))


def test_model_reads_structure_of_stb_3_1() -> None:
    """One Header, one Overzicht, payment orders each with specifications and one Bankgegevens."""
    model = parse_bm801(
        (FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml").read_bytes()
    )
    assert model.header.berichtcode == "537"
    assert [o.betaalopdrachtnummer for o in model.betaalopdracht] == ["BO-0001", "BO-0002"]
    first, second = model.betaalopdracht
    assert [s.jaar for s in first.betaalopdrachtspecificatie] == ["2025", "2026"]
    signed = [money(o.bedrag_dc).signed for o in model.betaalopdracht]
    assert signed[1] == -200
    assert money(model.overzicht.totaal_bedrag_dc).signed == sum(signed)
    assert first.bankgegevens.bic == "INGBNL2A"
    assert second.bankgegevens.bic is None


def test_bm801_xsd_rejects_a_payment_order_without_bankgegevens() -> None:
    """Bankgegevens is mandatory once per Betaalopdracht (STB 3.1)."""
    path = FIXTURES / "bm/2.0/BM801/invalid/missing-bankgegevens.xml"
    assert not schema("BM801.xsd").validate(etree.parse(str(path)))


def test_bm802_and_foutbericht_schemas_compile() -> None:
    """The return and foutbericht schemas are well-formed XSD."""
    assert schema("BM802.xsd") is not None
    assert schema("Foutbericht.xsd") is not None
