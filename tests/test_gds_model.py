"""GDS801 attrs models: billing software builds a 573 that the rules accept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from eistandaard import validate
from eistandaard.gds import GDS801, build_gds802, parse_gds802, serialize_gds801
from eistandaard.gds.model import (
    BedragDC,
    CreditPrestatie,
    DebetPrestatie,
    DeclaratieContext,
    Diagnose,
    Header,
    Verwijzing,
    Verzekerde,
    Zorgaanbieder,
    Zorgtraject,
)

DAY = dt.date(2026, 11, 23)


def _declaratie(**changes: object) -> GDS801:
    debet = DebetPrestatie(
        referentienummer="R1",
        begindatum=dt.date(2026, 10, 1),
        prestatiecodelijst="071",
        prestatiecode="CO0001",
        aantal=1,
        tarief=Decimal("80.00"),
        berekend_bedrag=Decimal("80.00"),
        declaratiebedrag=Decimal("80.00"),
        doorsturen_toegestaan=True,
        privacy=False,
        verwijzingen=(
            Verwijzing(
                "01",
                dt.date(2026, 9, 1),
                Zorgaanbieder(zorgaanbiedercode="01000003", soort="3", rol="03"),
            ),
        ),
        zorgaanbieders=(Zorgaanbieder(zorgaanbiedercode="94000002", soort="3", rol="02"),),
        diagnoses=(Diagnose("029", "H01", dt.date(2026, 9, 2)),),
        zorgtraject=Zorgtraject("ZT1", dt.date(2026, 9, 1)),
    )
    credit = CreditPrestatie("R0", "R-OLD", dt.date(2026, 9, 1), Decimal("30.00"), "071")
    message = GDS801(
        header=Header("94000001", "1", "4499", "3", dt.date(2026, 11, 20), "REF1"),
        context=DeclaratieContext(
            declarant=Zorgaanbieder(zorgaanbiedercode="94000001", soort="1"),
            factuurnummer="F-1",
            factuurdatum=dt.date(2026, 11, 19),
        ),
        verzekerden=(
            Verzekerde(
                (debet, credit),
                bsn="999990019",
                uzovi_nummer="4499",
                geboortedatum=dt.date(1980, 1, 1),
            ),
        ),
    )
    return attrs.evolve(message, **changes)


def test_built_declaration_is_accepted_with_computed_total() -> None:
    """A 573 built from the models passes levels 1-4; its total is debit minus credit."""
    data = serialize_gds801(_declaratie())
    report = validate(data, as_of=DAY)
    assert report.verdict.value == "accepted", [(f.code, f.details) for f in report.findings]
    assert b"<Bedrag>50.00</Bedrag>" in data


def test_wrong_explicit_total_is_rejected_with_0150() -> None:
    """An explicit total that is not the sum gives VC016 (0150) on Overzicht."""
    data = serialize_gds801(_declaratie(totaal=BedragDC(Decimal("49.99"))))
    assert validate(data, as_of=DAY).codes == ["VC016-0150"]


def test_reading_the_answer_of_a_built_declaration() -> None:
    """The insurer's 574 for a built 573 reads back with its amounts."""
    data = serialize_gds801(_declaratie())
    answer = parse_gds802(build_gds802(data, [], responder="receiver", verzenddatum=DAY))
    assert answer.header.referentienummer == "REF1"
    assert answer.toegekend_financieel == BedragDC(Decimal("50.00"), "D")
    debet = answer.verzekerden[0].children[0].children[0]
    assert debet.value("Referentienummer") == "R1"
    assert debet.amount("ToegekendBedragInclBtwFinancieel") == Decimal("80.00")
