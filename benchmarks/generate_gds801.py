"""Generate a large, valid GDS801 (GGZ declaration to an insurer) for benchmarks.

Usage: python benchmarks/generate_gds801.py 20000 > big.xml

Each Verzekerde gets ten 071 prestaties with a referral, a care provider, a diagnosis with its
diagnostician and a care trajectory, like fixtures/gds/1.0/GDS801/valid/ggz-debet-and-credit.xml;
every tenth prestatie is a credit. All data are fictitious (BSNs pass the 11-proef).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from decimal import Decimal

from stdnum.nl import bsn as bsn_module

from eistandaard.conventions.vektis.gds import GDS801, serialize_gds801
from eistandaard.conventions.vektis.gds.model import (
    AanvullendPrestatieKenmerk,
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
from eistandaard.models import XmlDate, fill_totals, header
from eistandaard.models.gds10 import gds801

PER_VERZEKERDE = 10


def _bsns() -> Iterator[str]:
    return (s for n in range(999_000_000, 999_999_999) if bsn_module.is_valid(s := str(n)))


def _day(day: dt.date) -> XmlDate:
    return XmlDate.from_date(day)


def _prestatie(number: int) -> gds801.Prestatie:
    begin = dt.date(2026, 1, 1) + dt.timedelta(days=number % 300)
    if number % 10 == 9:
        credit = CreditPrestatie(
            referentienummer=f"C{number:07d}",
            gerelateerd_referentienummer=f"OLD{number:07d}",
            prestatie_codelijst_code="071",
            begindatum=_day(begin),
            toegekend_bedrag_incl_btw_financieel=Decimal("10.00"),
        )
        return gds801.Prestatie(credit_prestatie=credit)
    debet = DebetPrestatie(
        referentienummer=f"P{number:07d}",
        begindatum=_day(begin),
        prestatie_codelijst_code="071",
        prestatiecode="CO0001",
        aantal="1",
        tarief_incl_btw=Decimal("120.50"),
        berekend_bedrag_incl_btw=Decimal("120.50"),
        declaratie_bedrag_incl_btw=Decimal("120.50"),
        doorsturen_toegestaan=True,
        privacy_code=False,
        aanvullend_prestatie_kenmerk=[
            AanvullendPrestatieKenmerk(apk_codelijst_code="001", apk_code="ZL01")
        ],
        verwijzing=[
            Verwijzing(
                type_verwijzingcode="01",
                verwijsdatum=_day(begin - dt.timedelta(days=30)),
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
                    diagnosedatum=_day(begin - dt.timedelta(days=10)),
                    diagnosesteller=Zorgaanbieder(
                        zorgaanbiedercode="94000002",
                        zorgaanbieder_soort="3",
                        zorgaanbieder_rol="04",
                    ),
                )
            ],
            zorgtraject=Zorgtraject(
                zorgtrajectnummer="ZT1",
                zorgtraject_startdatum=_day(begin - dt.timedelta(days=10)),
            ),
        ),
    )
    return gds801.Prestatie(debet_prestatie=debet)


def generate(prestaties: int) -> bytes:
    """A GDS801 1.0 with ``prestaties`` prestaties, accepted by levels 1-4."""
    bsns = iter(_bsns())
    verzekerden = []
    for start in range(0, prestaties, PER_VERZEKERDE):
        items = [_prestatie(n) for n in range(start, min(start + PER_VERZEKERDE, prestaties))]
        verzekerden.append(
            Verzekerde(
                bsn=next(bsns),
                uzovi_nummer="4499",
                geboortedatum=XmlDate(1980, 1, 1),
                prestatie=items,
            )
        )
    message = GDS801(
        header=header(
            GDS801,
            identificatie="BENCH-1",
            dagtekening=dt.date(2026, 11, 20),
            verzender="94000001",
            verzender_rol="1",
            ontvanger="4499",
            ontvanger_rol="3",
        ),
        declaratie_context=DeclaratieContext(
            declarant=ZorgaanbiederBeperkt(zorgaanbiedercode="94000001", zorgaanbieder_soort="1"),
            betaling_aan_servicebureau=False,
            factuurnummer="BENCH-1",
            factuurdatum=XmlDate(2026, 11, 19),
        ),
        overzicht=None,  # fill_totals: the debit amounts minus the credit amounts
        verzekerde=verzekerden,
    )
    return serialize_gds801(fill_totals(message))


if __name__ == "__main__":
    sys.stdout.buffer.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000))
