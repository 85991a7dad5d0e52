"""The explain engines read the generated GDS802/BM802 models (issue 12 item 3).

``eistandaard.conventions.vektis.views`` reads a generated class by element name (Feedback with its
class
path, amounts as Money); ``models.parse_tree`` binds a tree a reader already has; the diffs
refuse an answer that does not fit the model with one clear InputError.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from lxml import etree
from tests.conftest import FIXTURES

from eistandaard.conventions.vektis.bm import diff_bm, parse_bm802
from eistandaard.conventions.vektis.feedback import BetrokkenElement, Feedback
from eistandaard.conventions.vektis.gds import diff_gds, parse_gds802
from eistandaard.conventions.vektis.views import element, feedback_of, feedback_paths, money, text
from eistandaard.core.errors import InputError
from eistandaard.core.money import Money
from eistandaard.models import gds10, parse, parse_tree

GDS801 = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
DIAGNOSE = FIXTURES / "gds/1.0/GDS802/valid/vecozo-diagnose-rejected.xml"
FIVE_DIGITS = FIXTURES / "gds/1.0/GDS802/invalid/text-verzender-five-digits.xml"
BM801 = FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"
BM802_REJECTED = FIXTURES / "bm/2.0/BM802/valid/cak-one-order-rejected.xml"


def test_feedback_deep_below_a_prestatie_has_its_class_path() -> None:
    """The Diagnose's Feedback is found below the DebetPrestatie, path and pairs intact."""
    answer = parse_gds802(DIAGNOSE)
    debet = answer.verzekerde[0].prestatie[0].debet_prestatie
    assert debet is not None
    found = list(feedback_paths(debet, "DebetPrestatie"))
    assert [(path, f.retourcode) for path, f in found] == [
        ("DebetPrestatie/AanvullendePrestatiegegevens/Diagnose", "9474")
    ]
    assert found[0][1].betrokken == (
        BetrokkenElement("PrestatieCodelijstCode", "071"),
        BetrokkenElement("Ontvanger", "4499"),
        BetrokkenElement("DiagnoseCodelijstCode", "030"),
    )
    assert feedback_of(debet) == ()


def test_values_and_amounts_by_element_name() -> None:
    """text/element/money read a generated class by its Dutch element names."""
    answer = parse_gds802(DIAGNOSE)
    assert text(answer.header, "Berichtcode") == "574"  # an enum's code
    assert text(answer.header, "VerzenderRol") == "6"
    assert text(answer.header, "Verzender") is None  # VECOZO writes none
    assert element(answer.header, "NoSuchElement") is None
    assert element(None, "Header") is None
    totaal = money(answer.overzicht.totaal_declaratiebedrag_incl_btw)
    assert totaal is not None
    assert totaal.bedrag > 0
    assert money(None) is None


def test_bm802_rejected_order_in_the_diff() -> None:
    """diff_bm reads the BM802 model: the CAK's P013 on the order, amounts signed."""
    answer = parse_bm802(BM802_REJECTED)
    (order,) = answer.betaalopdracht
    assert [f.retourcode for f in feedback_of(order)] == ["P013"]
    result = diff_bm(BM801, BM802_REJECTED)
    rejected = [o for o in result.opdrachten if o.status == "rejected"]
    assert [o.betaalopdrachtnummer for o in rejected] == [order.betaalopdrachtnummer]
    assert rejected[0].feedback[0][0] == "Betaalopdracht"
    assert isinstance(rejected[0].feedback[0][1], Feedback)
    assert money(answer.overzicht.totaal_bedrag_dc) == Money(Decimal("1999800.00"), "D")


def test_parse_tree_reads_a_tree_with_comments_without_changing_it() -> None:
    """A comment inside a value does not hide its text; the caller's tree is left as it was."""
    data = DIAGNOSE.read_bytes().replace(b">P0001<", b">P00<!--x-->01<")
    root = etree.fromstring(data)
    before = etree.tostring(root)
    model = parse_tree(root)
    assert isinstance(model, gds10.GDS802)
    assert model == parse(DIAGNOSE)
    assert etree.tostring(root) == before


def test_the_schema_check_is_optional_for_the_explain_engines() -> None:
    """A pattern broken (five-digit Verzender): parse refuses, check_schema=False reads it."""
    with pytest.raises(InputError, match="does not fit its schema"):
        parse_gds802(FIVE_DIGITS)
    assert parse_gds802(FIVE_DIGITS, check_schema=False).header.verzender == "44990"
    assert diff_gds(GDS801, FIVE_DIGITS).problems  # explained (its Ontvanger is not ours)


@pytest.mark.parametrize("how", ["bytes", "tree"])
def test_an_answer_that_does_not_fit_the_model_is_one_input_error(how: str) -> None:
    """An unknown element in a GDS802 is an InputError naming it, never a traceback."""
    data = (FIXTURES / "gds/1.0/GDS802/valid/insurer-partly-granted.xml").read_bytes()
    bad = data.replace(b"<Factuurnummer>", b"<Onbekend>x</Onbekend><Factuurnummer>", 1)
    assert bad != data
    answer: bytes | etree._Element = bad if how == "bytes" else etree.fromstring(bad)
    with pytest.raises(InputError, match="Onbekend"):
        diff_gds(GDS801, copy.deepcopy(answer) if how == "tree" else answer)
