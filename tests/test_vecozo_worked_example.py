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
from eistandaard.gds import GDS801, parse_gds802, serialize_gds801
from eistandaard.gds.model import (
    BedragDC,
    DebetPrestatie,
    DeclaratieContext,
    Diagnose,
    Header,
    Verwijzing,
    Verzekerde,
    Zorgaanbieder,
    Zorgtraject,
)
from eistandaard.vecozo import build_request, parse_payload, payload_zip

DAY = dt.date(2026, 11, 23)


def _claim() -> bytes:
    """A test claim (Berichtsoort T) built from the library's GDS801 models."""
    prestatie = DebetPrestatie(
        referentienummer="WE-1",
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
    claim = GDS801(
        header=Header(
            "94000001", "1", "4499", "3", dt.date(2026, 11, 20), "WE-CLAIM-1", berichtsoort="T"
        ),
        context=DeclaratieContext(
            declarant=Zorgaanbieder(zorgaanbiedercode="94000001", soort="1"),
            factuurnummer="WE-F-1",
            factuurdatum=dt.date(2026, 11, 19),
        ),
        verzekerden=(
            Verzekerde(
                (prestatie,),
                bsn="999990019",
                uzovi_nummer="4499",
                geboortedatum=dt.date(1980, 1, 1),
            ),
        ),
    )
    return serialize_gds801(claim)


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
    assert explained.toegekend_financieel == BedragDC(Decimal("80.00"), "D")
