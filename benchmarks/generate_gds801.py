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

from eistandaard.gds import GDS801, serialize_gds801
from eistandaard.gds.model import (
    AanvullendPrestatieKenmerk,
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

PER_VERZEKERDE = 10


def _bsns() -> Iterator[str]:
    return (s for n in range(999_000_000, 999_999_999) if bsn_module.is_valid(s := str(n)))


def _prestatie(number: int) -> DebetPrestatie | CreditPrestatie:
    begin = dt.date(2026, 1, 1) + dt.timedelta(days=number % 300)
    if number % 10 == 9:
        return CreditPrestatie(f"C{number:07d}", f"OLD{number:07d}", begin, Decimal("10.00"), "071")
    return DebetPrestatie(
        referentienummer=f"P{number:07d}",
        begindatum=begin,
        prestatiecodelijst="071",
        prestatiecode="CO0001",
        aantal=1,
        tarief=Decimal("120.50"),
        berekend_bedrag=Decimal("120.50"),
        declaratiebedrag=Decimal("120.50"),
        doorsturen_toegestaan=True,
        privacy=False,
        kenmerken=(AanvullendPrestatieKenmerk("001", "ZL01"),),
        verwijzingen=(
            Verwijzing(
                "01",
                begin - dt.timedelta(days=30),
                Zorgaanbieder(zorgaanbiedercode="01000003", soort="3", rol="03"),
            ),
        ),
        zorgaanbieders=(Zorgaanbieder(zorgaanbiedercode="94000002", soort="3", rol="02"),),
        diagnoses=(
            Diagnose(
                "029",
                "H01",
                begin - dt.timedelta(days=10),
                Zorgaanbieder(zorgaanbiedercode="94000002", soort="3", rol="04"),
            ),
        ),
        zorgtraject=Zorgtraject("ZT1", begin - dt.timedelta(days=10)),
    )


def generate(prestaties: int) -> bytes:
    """A GDS801 1.0 with ``prestaties`` prestaties, accepted by levels 1-4."""
    bsns = iter(_bsns())
    verzekerden = []
    for start in range(0, prestaties, PER_VERZEKERDE):
        items = tuple(_prestatie(n) for n in range(start, min(start + PER_VERZEKERDE, prestaties)))
        verzekerden.append(
            Verzekerde(
                items, bsn=next(bsns), uzovi_nummer="4499", geboortedatum=dt.date(1980, 1, 1)
            )
        )
    message = GDS801(
        header=Header("94000001", "1", "4499", "3", dt.date(2026, 11, 20), "BENCH-1"),
        context=DeclaratieContext(
            declarant=Zorgaanbieder(zorgaanbiedercode="94000001", soort="1"),
            factuurnummer="BENCH-1",
            factuurdatum=dt.date(2026, 11, 19),
        ),
        verzekerden=tuple(verzekerden),
    )
    return serialize_gds801(message)


if __name__ == "__main__":
    sys.stdout.buffer.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000))
