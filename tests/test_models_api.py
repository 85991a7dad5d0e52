"""The hand-written layer of the models: parse's intake and errors, header, totals, serialize."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, need_shared

from eistandaard.core.errors import (
    EIError,
    InputError,
    SourceError,
    SourceNotFoundError,
    SourceTypeError,
    UnreadableError,
)
from eistandaard.models import (
    XmlDate,
    fill_totals,
    header,
    model_class,
    parse,
    serialize,
    spec_of,
)
from eistandaard.models.bm20 import BM801
from eistandaard.models.gds10 import GDS801
from eistandaard.models.gds20 import GDS801 as GDS801_2
from eistandaard.models.ijw32 import JW323
from eistandaard.models.iwmo32 import WMO323, WMO325, basisschema, wmo323
from eistandaard.standards.catalog import MessageSpec

WMO323_FILE = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
GDS801_FILE = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
BM801_FILE = FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"


# -- parse: through level 1, one clear error for anything else ------------------------------------


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (b"", "empty"),
        (b"<not xml", "well-formed"),
        (b"\xef\xbb\xbf<a/>", "byte order mark"),
        ((FIXTURES / "intake/billion-laughs.xml").read_bytes(), "entities"),
        ((FIXTURES / "intake/xxe.xml").read_bytes(), "external entity"),
        (b"<a/>", "no message of a supported"),
        (FIXTURES / "intake", "cannot be read"),
        (FIXTURES / "intake/two-files.zip", "more than one file"),
        (str(FIXTURES / "intake/bomb.zip"), "larger than allowed"),
    ],
    ids=[
        "empty",
        "not-xml",
        "bom",
        "billion-laughs",
        "xxe",
        "unknown-root",
        "folder",
        "zip-two-files",
        "zip-bomb",
    ],
)
def test_parse_refuses_what_level_1_refuses(source: bytes | Path | str, words: str) -> None:
    """Bad input is one InputError naming the reason, never a traceback of another kind."""
    with pytest.raises(InputError, match=words):
        parse(source)


def test_parse_names_the_level_1_findings() -> None:
    """An unreadable message raises UnreadableError with the findings a report would list."""
    with pytest.raises(UnreadableError) as caught:
        parse((FIXTURES / "intake/billion-laughs.xml").read_bytes())
    assert caught.value.findings
    assert "cannot be read" in str(caught.value)


def test_parse_misuse_raises_as_validate_does(tmp_path: Path) -> None:
    """XML given as str, a missing file, a number: the intake's misuse errors, as validate."""
    with pytest.raises(SourceError, match="XML given as str"):
        parse("<Bericht/>")
    with pytest.raises(SourceNotFoundError):
        parse(tmp_path / "missing.xml")
    with pytest.raises(SourceTypeError):
        parse(42)  # type: ignore[arg-type]


def test_parse_reads_a_binary_stream() -> None:
    """A binary stream is read like its bytes (through level 1)."""
    with WMO323_FILE.open("rb") as stream:
        assert parse(stream) == parse(WMO323_FILE)


def test_parse_refuses_a_device_without_reading_it() -> None:
    """A character device is refused by level 1 (never read, never hangs)."""
    with pytest.raises(InputError, match="character device"):
        parse("/dev/zero")


def test_parse_refuses_a_schema_invalid_message_with_its_first_error() -> None:
    """A message its XSD refuses is not read into a model (a field would get a wrong value)."""
    with pytest.raises(InputError, match=r"does not fit its schema \(line \d+\).*Bsn"):
        parse(FIXTURES / "iwmo/3.2/WMO323/invalid/missing-bsn.xml")


def test_parse_without_the_schema_check_still_refuses_what_does_not_fit() -> None:
    """check_schema=False: a value that cannot be its type is still an InputError."""
    with pytest.raises(InputError, match="does not fit its model"):
        parse(
            FIXTURES / "iwmo/3.2/WMO323/invalid/text-debetcredit-lowercase.xml",
            check_schema=False,
        )


def test_parse_refuses_another_message_than_asked() -> None:
    """parse(x, WMO325) of a WMO323 says what the message is."""
    with pytest.raises(InputError, match="is a WMO323, not a"):
        parse(WMO323_FILE, WMO325)


def test_parse_reads_bytes_paths_and_strings_alike() -> None:
    """The same message read as bytes, Path and str gives equal models of the right class."""
    models = [parse(WMO323_FILE.read_bytes()), parse(WMO323_FILE), parse(str(WMO323_FILE))]
    assert models[0] == models[1] == models[2]
    assert isinstance(models[0], WMO323)
    assert models[0].declaratie.clienten.client[0].bsn == "999900031"


def test_parse_picks_the_release_by_berichtversie() -> None:
    """GDS 1.0 and 2.0 share a namespace: the catalog's release picks the model class."""
    one = parse(GDS801_FILE)
    assert type(one) is GDS801
    two = next((FIXTURES / "gds/2.0/GDS801/valid").glob("*.xml"))
    assert type(parse(two)) is GDS801_2


def test_a_comment_does_not_hide_a_value() -> None:
    """A value is the element's string value, also with a comment or PI inside it (fc06's kind)."""
    data = BM801_FILE.read_bytes().replace(
        b"<Categorie>01</Categorie>", b"<Categorie><!--x-->0<?pi y?>1</Categorie>"
    )
    data = data.replace(b"<Jaar>2025</Jaar>", b"<Jaar>20<!-- -->25</Jaar>")
    assert parse(data) == parse(BM801_FILE)
    wmo = WMO323_FILE.read_bytes().replace(b"<iwmo:Dagtekening>", b"<iwmo:Dagtekening><!---->", 1)
    assert parse(wmo).header.bericht_identificatie.dagtekening == dt.date(2024, 4, 5)


def test_the_field_cases_of_comment_hidden_values() -> None:
    """fc06: the BM801 with <Categorie><!--x-->09</Categorie> reads as its control file."""
    folder = need_shared("field-cases", "fc06-comment-hides-value")
    hidden = parse(folder / "f01-bm801-unknown-categorie-comment.xml", check_schema=False)
    control = parse(folder / "f01-bm801-unknown-categorie.control.xml", check_schema=False)
    assert hidden == control
    assert hidden.betaalopdracht[0].categorie == "09"


def test_parse_reads_a_zip_with_one_message(tmp_path: Path) -> None:
    """The ZIP envelope is opened by level 1, as for validate."""
    target = tmp_path / "wmo.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(WMO323_FILE, "wmo323.xml")
    assert parse(target) == parse(WMO323_FILE)


def test_a_gds_date_keeps_its_time_zone() -> None:
    """GDS allows a time zone on a date: the model keeps it and writes it back."""
    path = FIXTURES / "gds/1.0/GDS801/xslt1/tz-begindatum-9798.xml"
    model = parse(path)
    day = model.verzekerde[0].prestatie[0].debet_prestatie.begindatum
    assert isinstance(day, XmlDate)
    assert str(day) == "2026-10-05-02:00"
    assert b"<Begindatum>2026-10-05-02:00</Begindatum>" in serialize(model)


# -- serialize ----------------------------------------------------------------------


def test_serialize_refuses_a_part_of_a_message() -> None:
    """Only a whole message is serialized; a Header alone is a usage error."""
    part = parse(WMO323_FILE).header
    with pytest.raises(InputError, match="not the model of a whole message"):
        serialize(part)


def test_serialize_writes_utf8_without_bom_and_non_ascii_as_is() -> None:
    """A name with diacritics is written as UTF-8 characters, no BOM, no character references."""
    model = parse(BM801_FILE)
    model.betaalopdracht[0].begunstigde.naam = "Zorggroep Één & Co"
    out = serialize(model)
    assert out.startswith(b"<?xml")
    assert "Zorggroep Één &amp; Co".encode() in out
    assert parse(out).betaalopdracht[0].begunstigde.naam == "Zorggroep Één & Co"


# -- header ----------------------------------------------------------------------


def test_header_fills_the_fixed_values_from_the_catalog_and_schema() -> None:
    """BerichtCode, versions and XsdVersie come from data; the caller gives the rest."""
    made = header(
        WMO323,
        identificatie="ID-1",
        dagtekening=dt.date(2024, 4, 5),
        afzender="99001234",
        ontvanger="0363",
    )
    assert made.bericht_code == "484"
    assert (made.bericht_versie, made.bericht_subversie) == (3, 2)
    assert made.bericht_identificatie.identificatie == "ID-1"
    assert made.bericht_identificatie.dagtekening == dt.date(2024, 4, 5)
    assert made.xsd_versie.bericht_xsd_versie == "1.0.0"
    assert made.xsd_versie.basisschema_xsd_versie == "1.0.0"
    jw = header(
        JW323, identificatie="J", dagtekening=dt.date(2024, 4, 5), afzender="1", ontvanger="2"
    )
    assert jw.bericht_code == "490"


def test_header_of_a_vektis_message() -> None:
    """Vektis: Referentienummer and Verzenddatum where the catalog says; Berichtsoort P."""
    made = header(
        BM801,
        identificatie="ZK-1",
        dagtekening=dt.date(2026, 11, 20),
        verzender="5599",
        verzender_rol="5",
        ontvanger="9993",
        ontvanger_rol="7",
    )
    assert (made.berichtcode, made.berichtversie, made.berichtsubversie) == ("537", "2", "0")
    assert made.referentienummer == "ZK-1"
    assert made.berichtsoort.value == "P"
    gds = header(
        GDS801,
        identificatie="G",
        dagtekening=dt.date(2026, 11, 20),
        verzender="1",
        verzender_rol="1",
        ontvanger="2",
        ontvanger_rol="3",
        berichtsoort="T",
    )
    assert gds.verzenddatum == XmlDate(2026, 11, 20)
    assert gds.berichtsoort == "T"


def test_the_identificatie_scheme_hook_is_called_with_the_message() -> None:
    """A callable makes the Identificatie/Referentienummer from the message's catalog entry."""
    seen: list[MessageSpec] = []

    def scheme(spec: MessageSpec) -> str:
        seen.append(spec)
        return f"{spec.name}-{len(seen):06d}"

    made = header(
        WMO323, identificatie=scheme, dagtekening=dt.date(2024, 1, 2), afzender="1", ontvanger="2"
    )
    assert made.bericht_identificatie.identificatie == "WMO323-000001"
    assert [s.name for s in seen] == ["WMO323"]


def test_header_refuses_unknown_and_missing_fields() -> None:
    """A field the Header lacks, or a required one left out, is an InputError naming it."""
    with pytest.raises(InputError, match="afzendr"):
        header(WMO323, identificatie="I", dagtekening=dt.date(2024, 1, 2), afzendr="1")
    with pytest.raises(InputError, match="ontvanger"):
        header(WMO323, identificatie="I", dagtekening=dt.date(2024, 1, 2), afzender="1")


def test_header_of_a_part_is_a_usage_error() -> None:
    """Only a whole message's class has a Header to build."""
    with pytest.raises(InputError):
        header(wmo323.HeaderType, identificatie="I", dagtekening=dt.date(2024, 1, 2))


# -- totals ----------------------------------------------------------------------


def _bedrag(value: int, dc: str) -> basisschema.CDT_BedragMetDC:
    return basisschema.CDT_BedragMetDC(bedrag=value, debet_credit=basisschema.LDT_DebetCredit(dc))


def test_totals_are_debit_minus_credit() -> None:
    """The WMO323 total is the sum of the lines, credit subtracted; a negative total is C."""
    model = parse(WMO323_FILE)
    lines = [p for c in model.declaratie.clienten.client for p in c.prestaties.prestatie]
    lines[0].ingediend_bedrag = _bedrag(1000, "D")
    for line in lines[1:]:
        line.ingediend_bedrag = _bedrag(300, "C")
    fill_totals(model)
    total = model.declaratie.totaal_ingediend_bedrag
    expected = 1000 - 300 * (len(lines) - 1)
    assert total.totaal_bedrag == abs(expected)
    assert total.debet_credit.value == ("D" if expected >= 0 else "C")
    for line in lines:
        line.ingediend_bedrag = _bedrag(50, "C")
    fill_totals(model)
    assert model.declaratie.totaal_ingediend_bedrag.totaal_bedrag == 50 * len(lines)
    assert model.declaratie.totaal_ingediend_bedrag.debet_credit.value == "C"


def test_gds_totals_subtract_the_credit_prestaties() -> None:
    """GDS801: TotaalDeclaratiebedragInclBtw = debet DeclaratieBedragInclBtw - credit amounts."""
    model = parse(GDS801_FILE)
    model.overzicht.totaal_declaratiebedrag_incl_btw.bedrag = Decimal("999.99")
    fill_totals(model)
    assert model.overzicht.totaal_declaratiebedrag_incl_btw.bedrag == Decimal("100.00")
    assert model.overzicht.totaal_declaratiebedrag_incl_btw.debet_credit_code == "D"


def test_bm_totals_per_order_then_overall() -> None:
    """BM801: each Betaalopdracht sums its specifications, the Overzicht sums the orders."""
    model = parse(BM801_FILE)
    before = serialize(model)
    for opdracht in model.betaalopdracht:
        opdracht.bedrag_dc.bedrag = Decimal(0)
    model.overzicht.totaal_bedrag_dc.bedrag = Decimal(0)
    fill_totals(model)
    assert serialize(model) == before  # the fixture's totals are right: the same bytes again
    second = model.betaalopdracht[1].bedrag_dc
    assert (second.bedrag, second.debet_credit_code.value) == (Decimal("200.00"), "C")


def test_totals_of_a_message_without_totals_leave_it_unchanged() -> None:
    """A message kind without a totals entry (WMO325 is the receiver's) is returned as it was."""
    answer = parse(FIXTURES / "golden/two-clients-with-credit.WMO325.xml")
    assert fill_totals(answer) is answer


# -- lookup ----------------------------------------------------------------------


def test_spec_and_class_lookup_agree() -> None:
    """model_class and spec_of are each other's inverse for every generated message root."""
    spec = spec_of(WMO323)
    assert (spec.family, spec.name) == ("iwmo", "WMO323")
    assert model_class(spec) is WMO323
    assert spec_of(parse(GDS801_FILE)).release.release == "1.0"


def test_errors_are_eistandaard_errors() -> None:
    """Every error of this layer is an EIError (and a ValueError), as the library promises."""
    with pytest.raises(EIError):
        parse(b"")
    assert issubclass(InputError, ValueError)


def test_serialize_takes_plain_values_where_the_model_has_types() -> None:
    """A str where an enum belongs, an int where a Decimal belongs: written as their text."""
    model = parse(WMO323_FILE)
    line = model.declaratie.clienten.client[0].prestaties.prestatie[0]
    line.product_categorie = "02"
    bm_model = parse(BM801_FILE)
    bm_model.betaalopdracht[0].bedrag_dc.bedrag = 1500
    assert b"<wmo323:ProductCategorie>02</wmo323:ProductCategorie>" in serialize(model)
    assert b"<Bedrag>1500</Bedrag>" in serialize(bm_model)


def test_serialize_refuses_a_wrong_structure_with_an_input_error() -> None:
    """A list where one element belongs or a value where a class belongs: InputError."""
    model = parse(WMO323_FILE)
    model.header.bericht_identificatie = "ID-1"
    with pytest.raises(InputError, match="not a CDT_BerichtIdentificatie"):
        serialize(model)
    model = parse(WMO323_FILE)
    model.header.afzender = ["99001234"]
    with pytest.raises(InputError, match="list cannot be written"):
        serialize(model)
    model = parse(WMO323_FILE)
    model.declaratie.clienten.client = parse(WMO323_FILE).declaratie.clienten.client[0]
    with pytest.raises(InputError, match="must be a list"):
        serialize(model)


def test_builders_refuse_a_bad_code_with_an_input_error() -> None:
    """A code outside the enumeration, or a number that is none, is an InputError naming it."""
    with pytest.raises(InputError, match=r'"X" is no code of Berichtsoort \(P, T\)'):
        header(
            BM801,
            identificatie="ZK-1",
            dagtekening=dt.date(2026, 11, 20),
            verzender="5599",
            verzender_rol="5",
            ontvanger="9993",
            ontvanger_rol="7",
            berichtsoort="X",
        )


def test_totals_read_amounts_given_as_text() -> None:
    """A line amount given as "20.50" (text, not Decimal) is summed as its value."""
    model = parse(GDS801_FILE)
    credit = model.verzekerde[0].prestatie[1].credit_prestatie
    credit.toegekend_bedrag_incl_btw_financieel = "20.50"
    fill_totals(model)
    assert model.overzicht.totaal_declaratiebedrag_incl_btw.bedrag == Decimal("100.00")
    credit.toegekend_bedrag_incl_btw_financieel = "twintig"
    with pytest.raises(InputError, match="no amount"):
        fill_totals(model)
