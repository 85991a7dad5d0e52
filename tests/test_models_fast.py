"""The compiled plans (models/_fast.py) read and write exactly what xsdata itself does.

Every fixture and official example the models read is bound both ways (equal models) and
written both ways (identical text); hand-made edge values (empty strings, markup characters,
exponents, omitted optional parts, empty lists) are written identically too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, JAAPJUNIOR
from xsdata.models.datatype import XmlDate

from eistandaard.core.errors import InputError
from eistandaard.levels.intake import read_bytes
from eistandaard.models import _fast, api, parse, serialize
from eistandaard.models.bm20 import bm801, foutbericht
from eistandaard.models.gds10 import gds801
from eistandaard.models.iwmo32 import wmo323


def _readable() -> list[Path]:
    found = []
    candidates = sorted(FIXTURES.rglob("*.xml"))
    if JAAPJUNIOR.is_dir():
        candidates += sorted(JAAPJUNIOR.glob("*/bronnen/berichten/*.xml"))
    for path in candidates:
        try:
            parse(path)
        except InputError:
            continue
        found.append(path)
    return found


READABLE = _readable()


def test_the_corpus_covers_every_family() -> None:
    """Messages of all four families are compared (else the comparison would be vacuous)."""
    families = {api.spec_of(parse(p)).family for p in READABLE}
    assert families == {"iwmo", "ijw", "gds", "bm"}


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_fast_and_xsdata_agree(path: Path) -> None:
    """The compiled plan gives the model and the text xsdata's generic parser/serializer give."""
    model = parse(path)
    spec = api.spec_of(model)
    assert _fast.plan(type(model)) is not None
    tree = read_bytes(path.read_bytes()).tree
    assert tree is not None
    etree.strip_tags(tree.getroot(), etree.Comment, etree.ProcessingInstruction)
    assert api._bind(tree, type(model), fast=False) == model
    assert api._render(model, spec, fast=True) == api._render(model, spec, fast=False)


def test_edge_values_are_written_as_xsdata_writes_them() -> None:
    """Empty text, & < >, a Decimal with an exponent, omitted and empty parts: the same text."""
    model = parse(FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml")
    first = model.betaalopdracht[0]
    first.omschrijving = ""
    first.begunstigde.naam = 'A & B <zorg> "C"'
    first.begunstigde.zorgaanbiedercode = None
    first.betaalopdrachtspecificatie[0].bedrag_dc.bedrag = Decimal("1E+3")
    first.betaalopdrachtspecificatie[1].omschrijving = "  spaties  "
    spec = api.spec_of(model)
    fast = api._render(model, spec, fast=True)
    assert fast == api._render(model, spec, fast=False)
    assert "<Omschrijving/>" in fast
    assert 'A &amp; B &lt;zorg&gt; "C"' in fast
    assert "<Bedrag>1000</Bedrag>" in fast


def test_gds_edge_values_agree() -> None:
    """Booleans, times with a zone, dates with a zone and empty lists agree with xsdata."""
    model = parse(FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml")
    prestatie = model.verzekerde[0].prestatie[0].debet_prestatie
    prestatie.privacy_code = True
    prestatie.begindatum = XmlDate(2026, 10, 5, -120)
    prestatie.verwijzing = []
    spec = api.spec_of(model)
    assert api._render(model, spec, fast=True) == api._render(model, spec, fast=False)


def test_dates_are_read_as_xsdata_reads_them() -> None:
    """The fast XmlDate reader gives xsdata's value for every form, and refuses what it does."""
    for text in [
        "2026-10-05",
        "2026-10-05Z",
        "2026-10-05-02:00",
        "2026-10-05+14:00",
        " 0001-01-01 ",
    ]:
        assert _fast._xml_date(text) == XmlDate.from_string(text.strip())
    for text in ["2026-02-30", "2026-13-01", "05-10-2026"]:
        with pytest.raises(ValueError):  # noqa: PT011 - any ValueError, as xsdata raises
            _fast._xml_date(text)
    assert _fast._date(" 2024-02-29 ") == dt.date(2024, 2, 29)
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError, as the line before
        _fast._date("2024-02-29Z")


def test_a_class_with_attributes_or_text_uses_xsdata() -> None:
    """VECOZO's Foutbericht has attributes and text content: no plan, xsdata does it."""
    assert _fast.plan(foutbericht.Foutbericht) is None
    assert _fast.plan(bm801.Bericht) is not None
    assert _fast.plan(wmo323.Bericht) is not None
    assert _fast.plan(gds801.Bericht) is not None


def test_an_unknown_element_is_refused() -> None:
    """Without the schema check an element the model lacks is an InputError, never dropped."""
    data = (FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml").read_bytes()
    data = data.replace(b"<Categorie>01</Categorie>", b"<Categorie>01</Categorie><Extra>1</Extra>")
    with pytest.raises(InputError, match="Extra"):
        parse(data, check_schema=False)
    with pytest.raises(InputError, match="schema"):
        parse(data)


def test_serialize_is_parse_inverse_for_a_large_message() -> None:
    """A 300-line message written and read again is the same model (the fast path both ways)."""
    model = parse(FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml")
    client = model.declaratie.clienten.client[0]
    client.prestaties.prestatie = client.prestaties.prestatie * 150
    assert parse(serialize(model), check_schema=False) == model
