"""The worked example of docs/vecozo.md (issue 14), from a GDS801 built with the library.

The claim goes to the fake VECOZO, its status is followed, its GDS802 is fetched, linked to the
claim and read back.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

from tests.transport_helpers import world

import eistandaard
from eistandaard.conventions.vektis.gds import GDS801, parse_gds802, serialize_gds801
from eistandaard.conventions.vektis.gds.model import (
    DebetPrestatie,
    DeclaratieContext,
    Diagnose,
    Verwijzing,
    Verzekerde,
    Zorgaanbieder,
    ZorgaanbiederBeperkt,
    Zorgtraject,
)
from eistandaard.conventions.vektis.views import money
from eistandaard.models import XmlDate, fill_totals, header
from eistandaard.models.gds10 import gds801
from eistandaard.vecozo import build_request, parse_payload, payload_zip

DAY = dt.date(2026, 11, 23)


def _claim() -> bytes:
    """A test claim (Berichtsoort T) built from the library's GDS801 models."""
    prestatie = DebetPrestatie(
        referentienummer="WE-1",
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
    claim = GDS801(
        header=header(
            GDS801,
            identificatie="WE-CLAIM-1",
            dagtekening=dt.date(2026, 11, 20),
            berichtsoort="T",
            verzender="94000001",
            verzender_rol="1",
            ontvanger="4499",
            ontvanger_rol="3",
        ),
        declaratie_context=DeclaratieContext(
            declarant=ZorgaanbiederBeperkt(zorgaanbiedercode="94000001", zorgaanbieder_soort="1"),
            betaling_aan_servicebureau=False,
            factuurnummer="WE-F-1",
            factuurdatum=XmlDate(2026, 11, 19),
        ),
        overzicht=None,  # fill_totals computes it
        verzekerde=[
            Verzekerde(
                bsn="999990019",
                uzovi_nummer="4499",
                geboortedatum=XmlDate(1980, 1, 1),
                prestatie=[gds801.Prestatie(debet_prestatie=prestatie)],
            )
        ],
    )
    return serialize_gds801(fill_totals(claim))


def test_built_gds801_sent_followed_fetched_linked_and_explained() -> None:
    """Build, validate, send (once), follow to Bezorgd, pull the GDS802, link it, explain it."""
    data = _claim()
    report = eistandaard.validate(data, as_of=DAY, environment="T")
    assert report.verdict.value == "accepted", [(f.code, f.details) for f in report.findings]
    with world(environment="T") as w:
        trace = w.outbox.enqueue(build_request(parse_payload(data)), payload_zip(data)[1])
        assert w.outbox.run_once().count("sent") == 1
        w.clock.advance(300)
        w.poller.run_once()
        assert [s for _, s, _ in w.poller.events(trace)][-1] == "Bezorgd"
        assert w.inbox.run_once().count("stored") == 1
        answer = next(r for r in w.ledger.messages() if r.direction == "retour")
        assert (answer.message, answer.answer_to, answer.link_method) == (
            "GDS802",
            trace,
            "alsAntwoordOp",
        )
        stored = w.inbox.payload(answer.traceer_id)
        assert stored is not None
        with zipfile.ZipFile(io.BytesIO(stored)) as archive:
            (member,) = archive.namelist()
            gds802 = archive.read(member)
        assert w.requests_sent() == 1
        assert w.ledger.unanswered(DAY + dt.timedelta(days=90)) == []
    explained = parse_gds802(gds802)
    assert explained.header.referentienummer == "WE-CLAIM-1"
    granted = money(explained.overzicht.totaal_toegekend_bedrag_incl_btw_financieel)
    assert granted is not None
    assert (granted.bedrag, granted.debet_credit) == (Decimal("80.00"), "D")
