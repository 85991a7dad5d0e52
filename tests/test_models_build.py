"""A WMO323, JW323, GDS801 and BM801 built only from Python values: accepted, answered, explained.

Each declaration is built with the generated classes and the builders (header, fill_totals),
serialized, and validated at all levels (accepted). Its answer is written by ``ei return`` with
decisions that reject one line and grant the rest (GDS: one partly); the answer parses into its
model, and ``claim_statuses`` gives per line what ``ei diff --format json`` says.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import eistandaard
from eistandaard.cli.main import main
from eistandaard.models import (
    ClaimStatus,
    LineStatus,
    XmlDate,
    claim_statuses,
    fill_totals,
    header,
    parse,
    serialize as to_bytes,
)
from eistandaard.models.bm20 import BM801, BM802, bm801
from eistandaard.models.gds10 import GDS801, GDS802, gds801
from eistandaard.models.ijw32 import JW323, JW325, basisschema as ijw, jw323
from eistandaard.models.iwmo32 import WMO323, WMO325, basisschema as iwmo, wmo323


def _istandaarden(
    root: type[Any], m: ModuleType, b: ModuleType, lines: list[tuple[str, str, str, int, str]]
) -> Any:
    """A 323 of one client; lines: (reference, category, product code, bedrag, D/C)."""
    maart = b.CDT_GeslotenPeriode(begindatum=dt.date(2025, 3, 1), einddatum=dt.date(2025, 3, 31))
    prestaties = [
        m.PrestatieType(
            product_referentie=b.CDT_Referentie(referentie_nummer=ref),
            toewijzing_nummer=4100230 + number,
            product_categorie=b.LDT_ProductCategorie(categorie),
            product_code=code,
            product_periode=maart,
            geleverd_volume=2,
            eenheid=b.LDT_Eenheid.VALUE_04,
            product_tarief=bedrag // 2,
            ingediend_bedrag=b.CDT_BedragMetDC(bedrag=bedrag, debet_credit=b.LDT_DebetCredit(dc)),
        )
        for number, (ref, categorie, code, bedrag, dc) in enumerate(lines)
    ]
    client = m.ClientType(bsn="999900031", prestaties=m.PrestatiesType(prestatie=prestaties))
    return fill_totals(
        root(
            header=header(
                root,
                identificatie="D2025-0001",
                dagtekening=dt.date(2025, 4, 2),
                afzender="99001234",
                ontvanger="0363",
            ),
            declaratie=m.DeclaratieType(
                declaratie_nummer="D2025030017",
                declaratie_periode=maart,
                declaratie_dagtekening=dt.date(2025, 4, 1),
                totaal_ingediend_bedrag=None,
                clienten=m.ClientenType(client=[client]),
            ),
        )
    )


def _gds801() -> GDS801:
    def debet(ref: str, code: str, bedrag: str) -> gds801.Prestatie:
        amount = Decimal(bedrag)
        return gds801.Prestatie(
            debet_prestatie=gds801.DebetPrestatie(
                referentienummer=ref,
                prestatie_codelijst_code="071",
                prestatiecode=code,
                begindatum=XmlDate(2026, 10, 5),
                aantal="1",
                tarief_incl_btw=amount,
                berekend_bedrag_incl_btw=amount,
                declaratie_bedrag_incl_btw=amount,
                doorsturen_toegestaan=True,
                privacy_code=False,
                aanvullende_prestatiegegevens=gds801.AanvullendePrestatiegegevens(
                    zorgtraject=gds801.Zorgtraject(
                        zorgtrajectnummer="ZT0001",
                        zorgtraject_startdatum=XmlDate(2026, 9, 1),
                    )
                ),
            )
        )

    return fill_totals(
        GDS801(
            header=header(
                GDS801,
                identificatie="GDS-2026-0001",
                dagtekening=dt.date(2026, 11, 20),
                verzender="94000001",
                verzender_rol="1",
                ontvanger="4499",
                ontvanger_rol="3",
            ),
            declaratie_context=gds801.DeclaratieContext(
                declarant=gds801.ZorgaanbiederBeperkt(zorgaanbiedercode="94000001"),
                betaling_aan_servicebureau=False,
                factuurnummer="F2026-0001",
                factuurdatum=XmlDate(2026, 11, 19),
            ),
            overzicht=None,
            verzekerde=[
                gds801.Verzekerde(
                    bsn="999990019",
                    uzovi_nummer="4499",
                    geboortedatum=XmlDate(1980, 5, 1),
                    prestatie=[
                        debet("P0001", "CO0001", "120.50"),
                        debet("P0002", "CO0002", "80.00"),
                        debet("P0003", "CO0003", "50.00"),
                    ],
                )
            ],
        )
    )


def _bm801() -> BM801:
    def opdracht(number: str, categorie: str, specs: list[tuple[str, str]]) -> Any:
        return bm801.Betaalopdracht(
            betaalopdrachtnummer=number,
            categorie=categorie,
            begunstigde=bm801.Begunstigde(naam="Zorggroep De Fictieve Linde"),
            bedrag_dc=None,
            betaalopdrachtspecificatie=[
                bm801.Betaalopdrachtspecificatie(
                    specificatienummer=str(index),
                    jaar="2026",
                    bedrag_dc=bm801.BedragDC(
                        bedrag=Decimal(amount), debet_credit_code=bm801.DebetCreditCode(dc)
                    ),
                )
                for index, (amount, dc) in enumerate(specs, start=1)
            ],
            bankgegevens=bm801.Bankgegevens(
                iban="NL20INGB0001234567", naam_rekeninghouder="Zorggroep De Fictieve Linde"
            ),
        )

    return fill_totals(
        BM801(
            header=header(
                BM801,
                identificatie="ZK5599-2026-0042",
                dagtekening=dt.date(2026, 11, 20),
                verzender="5599",
                verzender_rol="5",
                ontvanger="9993",
                ontvanger_rol="7",
            ),
            overzicht=None,
            betaalopdracht=[
                opdracht("BO-0001", "01", [("1000.00", "D"), ("500.00", "D")]),
                opdracht("BO-0002", "01", [("250.00", "C"), ("50.00", "D")]),
            ],
        )
    )


def _accepted(data: bytes, as_of: dt.date) -> None:
    report = eistandaard.validate(data, as_of=as_of)
    assert [(f.code, f.text_en) for f in report.findings] == []
    assert report.verdict is eistandaard.Verdict.ACCEPTED
    assert set(report.levels_run) >= {1, 2, 3, 4}


def _answer(tmp_path: Path, data: bytes, as_of: str, decisions: str, suffix: str) -> bytes:
    request = tmp_path / "request.xml"
    request.write_bytes(data)
    rules = tmp_path / f"decisions.{suffix}"
    rules.write_text(decisions, encoding="utf-8")
    out = tmp_path / "answer.xml"
    argv = ["return", str(request), "-o", str(out), "--as-of", as_of, "--decisions", str(rules)]
    assert main(argv) == 0
    return out.read_bytes()


def _diff_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    """What ``ei diff --format json`` says about request.xml and answer.xml."""
    capsys.readouterr()
    request, answer = tmp_path / "request.xml", tmp_path / "answer.xml"
    assert main(["diff", str(request), str(answer), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


ISTANDAARDEN = [
    pytest.param(WMO323, WMO325, wmo323, iwmo, ("02", "02A05", "02A06"), id="WMO323"),
    pytest.param(JW323, JW325, jw323, ijw, ("45", "45A01", "45A02"), id="JW323"),
]


@pytest.mark.parametrize(("root", "answer_root", "m", "b", "products"), ISTANDAARDEN)
def test_istandaarden_declaration_from_python_values(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    root: type[Any],
    answer_root: type[Any],
    m: ModuleType,
    b: ModuleType,
    products: tuple[str, str, str],
) -> None:
    """A 323 built from values is accepted; ei return's 325 parses; statuses match ei diff."""
    categorie, first, second = products
    model = _istandaarden(
        root,
        m,
        b,
        [("RN-1", categorie, first, 6000, "D"), ("RN-2", categorie, second, 2000, "D")],
    )
    assert model.declaratie.totaal_ingediend_bedrag.totaal_bedrag == 8000
    data = to_bytes(model)
    _accepted(data, dt.date(2025, 4, 3))
    answer = _answer(
        tmp_path, data, "2025-04-03", json.dumps({"prestaties": {"RN-2": ["0611"]}}), "json"
    )
    assert isinstance(parse(answer, answer_root), answer_root)
    statuses = claim_statuses(model, answer)
    assert [(s.referentie, s.status) for s in statuses] == [
        ("RN-1", ClaimStatus.ACCEPTED),
        ("RN-2", ClaimStatus.REJECTED),
    ]
    assert statuses[1].codes[0] == ("0611", statuses[1].codes[0][1])
    assert statuses[1].codes[0][1]  # the code's meaning from WJ001
    explained = _diff_json(tmp_path, capsys)
    lines = [line for group in explained["groups"] for line in group["lines"]]
    assert [(s.referentie, s.status.value) for s in statuses] == [
        (line["key"], line["state"]) for line in lines
    ]
    # ei diff gives signed euros, the models eurocents (the 323's own unit)
    assert [(s.declared, s.granted) for s in statuses] == [
        (Decimal(line["amounts"]["submitted"]) * 100, Decimal(line["amounts"]["granted"]) * 100)
        for line in lines
    ]


def test_gds801_from_python_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A GDS801 built from values is accepted; the insurer's GDS802 parses; statuses match."""
    model = _gds801()
    assert model.overzicht.totaal_declaratiebedrag_incl_btw.bedrag == Decimal("250.50")
    data = to_bytes(model)
    _accepted(data, dt.date(2026, 11, 20))
    decisions = (
        '[prestatie.P0002]\nretourcodes = ["8002"]\n[prestatie.P0003]\ntoegekend = "30.00"\n'
    )
    answer = _answer(tmp_path, data, "2026-11-21", decisions, "toml")
    assert isinstance(parse(answer, GDS802), GDS802)
    statuses = claim_statuses(model, answer)
    assert [(s.referentie, s.status, s.granted) for s in statuses] == [
        ("P0001", ClaimStatus.ACCEPTED, Decimal("120.50")),
        ("P0002", ClaimStatus.REJECTED, Decimal("0.00")),
        ("P0003", ClaimStatus.PARTLY_GRANTED, Decimal("30.00")),
    ]
    assert statuses[1].codes[0][0] == "8002"
    groups = _diff_json(tmp_path, capsys)["groups"]
    explained = [line for group in groups for line in group["lines"]]
    assert [s.referentie for s in statuses] == [line["key"] for line in explained]
    assert [s.declared for s in statuses] == [
        Decimal(line["amounts"]["submitted"]) for line in explained
    ]
    assert [s.granted for s in statuses] == [
        Decimal(line["amounts"]["granted"]) for line in explained
    ]
    for status, line in zip(statuses, explained, strict=True):
        rejected = line["state"] == "rejected"
        assert (status.status is ClaimStatus.REJECTED) is rejected


def test_bm801_from_python_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A BM801 built from values is accepted; the CAK's BM802 parses; statuses match ei diff."""
    model = _bm801()
    assert model.betaalopdracht[1].bedrag_dc.bedrag == Decimal("200.00")
    assert model.betaalopdracht[1].bedrag_dc.debet_credit_code.value == "C"
    assert model.overzicht.totaal_bedrag_dc.bedrag == Decimal("1300.00")
    data = to_bytes(model)
    _accepted(data, dt.date(2026, 11, 20))
    answer = _answer(
        tmp_path, data, "2026-11-21", '[betaalopdracht.BO-0002]\nretourcodes = ["P013"]\n', "toml"
    )
    assert isinstance(parse(answer, BM802), BM802)
    statuses = claim_statuses(model, answer)
    assert statuses == (
        LineStatus("BO-0001", None, ClaimStatus.ACCEPTED, Decimal("1500.00"), Decimal("1500.00")),
        LineStatus(
            "BO-0002",
            None,
            ClaimStatus.REJECTED,
            Decimal("-200.00"),
            Decimal(0),
            statuses[1].codes,
        ),
    )
    assert [c for c, _ in statuses[1].codes] == ["P013"]
    explained = _diff_json(tmp_path, capsys)
    text = json.dumps(explained)
    assert "BO-0002" in text
    assert "rejected" in text


def test_an_answer_to_another_request_leaves_every_line_not_answered(tmp_path: Path) -> None:
    """A 325 of another declaration answers none of this one's lines: not answered."""
    model = _istandaarden(WMO323, wmo323, iwmo, [("RN-1", "02", "02A05", 6000, "D")])
    data = to_bytes(model)
    answer = _answer(tmp_path, data, "2025-04-03", "{}", "json")
    other = to_bytes(
        _istandaarden(WMO323, wmo323, iwmo, [("RN-9", "02", "02A05", 6000, "D")])
    ).replace(b"D2025-0001", b"D2025-0999")
    statuses = claim_statuses(other, answer)
    assert [s.status for s in statuses] == [ClaimStatus.NOT_ANSWERED]
    assert statuses[0].granted is None
    assert statuses[0].declared == Decimal(6000)


def test_claim_statuses_refuse_a_pair_without_an_explain_engine() -> None:
    """A message family without a per-line explanation (a 301) is a usage error, not a guess."""
    from tests.conftest import FIXTURES

    from eistandaard.core.errors import InputError

    wmo301 = next((FIXTURES / "iwmo/3.2/WMO301/valid").glob("*.xml"))
    with pytest.raises(InputError):
        claim_statuses(wmo301, wmo301)
