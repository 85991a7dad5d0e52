"""GDS801 models (the generated bindings): billing software builds a 573 that the rules accept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from eistandaard import validate
from eistandaard.conventions.vektis.gds import GDS801, build_gds802, parse_gds802, serialize_gds801
from eistandaard.conventions.vektis.gds.model import (
    BedragDC,
    CreditPrestatie,
    DebetPrestatie,
    DeclaratieContext,
    Diagnose,
    Verwijzing,
    Verzekerde,
    Zorgaanbieder,
    ZorgaanbiederBeperkt,
    Zorgtraject,
)
from eistandaard.conventions.vektis.views import feedback_paths, money
from eistandaard.models import XmlDate, fill_totals, header
from eistandaard.models.gds10 import gds801

DAY = dt.date(2026, 11, 23)


def _declaratie() -> GDS801:
    """A 573 with a debit prestatie (referral, care provider, diagnosis) and a credit."""
    debet = DebetPrestatie(
        referentienummer="R1",
        begindatum=XmlDate(2026, 10, 1),
        prestatie_codelijst_code="071",
        prestatiecode="CO0001",
        aantal="1",
        tarief_incl_btw=Decimal("80.00"),
        berekend_bedrag_incl_btw=Decimal("80.00"),
        declaratie_bedrag_incl_btw=Decimal("80.00"),
        doorsturen_toegestaan=True,
        privacy_code=False,
        verwijzing=[
            Verwijzing(
                type_verwijzingcode="01",
                verwijsdatum=XmlDate(2026, 9, 1),
                verwijzer=Zorgaanbieder(
                    zorgaanbiedercode="01000003", zorgaanbieder_soort="3", zorgaanbieder_rol="03"
                ),
            )
        ],
        zorgaanbieder=[
            Zorgaanbieder(
                zorgaanbiedercode="94000002", zorgaanbieder_soort="3", zorgaanbieder_rol="02"
            )
        ],
        aanvullende_prestatiegegevens=gds801.AanvullendePrestatiegegevens(
            diagnose=[
                Diagnose(
                    diagnose_codelijst_code="029",
                    diagnosecode="H01",
                    diagnosedatum=XmlDate(2026, 9, 2),
                )
            ],
            zorgtraject=Zorgtraject(
                zorgtrajectnummer="ZT1", zorgtraject_startdatum=XmlDate(2026, 9, 1)
            ),
        ),
    )
    credit = CreditPrestatie(
        referentienummer="R0",
        gerelateerd_referentienummer="R-OLD",
        prestatie_codelijst_code="071",
        begindatum=XmlDate(2026, 9, 1),
        toegekend_bedrag_incl_btw_financieel=Decimal("30.00"),
    )
    message = GDS801(
        header=header(
            GDS801,
            identificatie="REF1",
            dagtekening=dt.date(2026, 11, 20),
            verzender="94000001",
            verzender_rol="1",
            ontvanger="4499",
            ontvanger_rol="3",
        ),
        declaratie_context=DeclaratieContext(
            declarant=ZorgaanbiederBeperkt(zorgaanbiedercode="94000001", zorgaanbieder_soort="1"),
            betaling_aan_servicebureau=False,
            factuurnummer="F-1",
            factuurdatum=XmlDate(2026, 11, 19),
        ),
        overzicht=None,  # fill_totals computes it
        verzekerde=[
            Verzekerde(
                bsn="999990019",
                uzovi_nummer="4499",
                geboortedatum=XmlDate(1980, 1, 1),
                prestatie=[
                    gds801.Prestatie(debet_prestatie=debet),
                    gds801.Prestatie(credit_prestatie=credit),
                ],
            )
        ],
    )
    return fill_totals(message)


def test_built_declaration_is_accepted_with_computed_total() -> None:
    """A 573 built from the models passes levels 1-4; its total is debit minus credit."""
    data = serialize_gds801(_declaratie())
    report = validate(data, as_of=DAY)
    assert report.verdict.value == "accepted", [(f.code, f.details) for f in report.findings]
    assert b"<Bedrag>50.00</Bedrag>" in data


def test_wrong_explicit_total_is_rejected_with_0150() -> None:
    """An explicit total that is not the sum gives VC016 (0150) on Overzicht."""
    message = _declaratie()
    message.overzicht.totaal_declaratiebedrag_incl_btw = BedragDC(
        bedrag=Decimal("49.99"), debet_credit_code="D"
    )
    assert validate(serialize_gds801(message), as_of=DAY).codes == ["VC016-0150"]


def test_reading_the_answer_of_a_built_declaration() -> None:
    """The insurer's 574 for a built 573 reads back with its amounts and no Feedback."""
    data = serialize_gds801(_declaratie())
    answer = parse_gds802(build_gds802(data, [], responder="receiver", verzenddatum=DAY))
    assert answer.header.referentienummer == "REF1"
    granted = money(answer.overzicht.totaal_toegekend_bedrag_incl_btw_financieel)
    assert granted is not None
    assert (granted.bedrag, granted.debet_credit) == (Decimal("50.00"), "D")
    debet = answer.verzekerde[0].prestatie[0].debet_prestatie
    assert debet is not None
    assert debet.referentienummer == "R1"
    assert debet.toegekend_bedrag_incl_btw_financieel == Decimal("80.00")
    assert list(feedback_paths(answer.verzekerde[0], "Verzekerde")) == []
