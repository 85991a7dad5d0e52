"""The helpers every Vektis decisions reader shares (conventions/vektis/decisions.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import FIXTURES

from eistandaard.conventions.vektis.bm import decisions as bm_decisions
from eistandaard.conventions.vektis.decisions import (
    CAK,
    INSURER,
    DocumentShape,
    load_with,
    only_match,
    rejection_findings,
    unique_keys,
)
from eistandaard.conventions.vektis.gds import decisions as gds_decisions, returns as gds_returns
from eistandaard.core.errors import DecisionError
from eistandaard.core.findings import Level
from eistandaard.core.paths import PathCache

_REQUEST = etree.fromstring(
    b'<Bericht xmlns="urn:x"><Betaalopdracht/><Betaalopdracht><Nr>2</Nr></Betaalopdracht></Bericht>'
)


def test_one_finding_per_code_on_the_rejected_class() -> None:
    """Each retourcode is one level-5 finding located at the class, named by its local name."""
    element = _REQUEST[1]
    found = rejection_findings(
        element, ["P010", "P020"], CAK, "Betaalopdrachtnummer=2", PathCache()
    )
    assert [f.code for f in found] == ["CAK-P010", "CAK-P020"]
    assert [f.retourcode for f in found] == ["P010", "P020"]
    assert {f.level for f in found} == {Level.INTERNAL}
    assert {f.message_class for f in found} == {"Betaalopdracht"}
    assert {str(f.xpath) for f in found} == {"/Bericht/Betaalopdracht[2]"}
    assert {f.details for f in found} == {"Betaalopdrachtnummer=2"}


def test_the_decider_gives_code_prefix_and_texts() -> None:
    """The insurer's findings read as the insurer's, in both languages; no code, no finding."""
    (finding,) = rejection_findings(
        _REQUEST[0], ["8001"], INSURER, "Referentienummer=R1", PathCache()
    )
    assert finding.code == "VZ-8001"
    assert finding.text_nl == "Afgewezen door de zorgverzekeraar."
    assert finding.text_en == "Rejected by the insurer."
    assert rejection_findings(_REQUEST[0], [], INSURER, "Referentienummer=R1", PathCache()) == []


def test_a_key_given_twice_is_refused() -> None:
    """The JSON hook every family's decisions use refuses a repeated key, naming it."""
    assert unique_keys([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}
    with pytest.raises(DecisionError, match='"a" is given twice'):
        unique_keys([("a", 1), ("a", 2)])


def test_a_decision_names_exactly_one_element() -> None:
    """None or several matches are refused naming the key; one match is returned."""
    one, two = _REQUEST[0], _REQUEST[1]
    assert only_match([two], "decisions: x.2", missing="none", many="orders") is two
    with pytest.raises(DecisionError, match=r"^decisions: x\.3: none$"):
        only_match([], "decisions: x.3", missing="none", many="orders")
    with pytest.raises(DecisionError, match=r"^decisions: x\.1: names 2 orders; say which$"):
        only_match([one, two], "decisions: x.1", missing="none", many="orders; say which")


def test_bm_and_gds_decisions_refuse_a_key_the_request_lacks() -> None:
    """A Betaalopdrachtnummer or Referentienummer the request does not hold is a DecisionError."""
    bm801 = etree.parse(str(FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"))
    gds801 = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
    cak = bm_decisions.decisions_from_data({"betaalopdracht": {"BO-9": {"retourcodes": ["P010"]}}})
    with pytest.raises(
        DecisionError, match=r"betaalopdracht\.BO-9: the BM801 has no Betaalopdracht"
    ):
        bm_decisions.decision_findings(bm801.getroot(), cak)
    found = bm_decisions.decision_findings(
        bm801.getroot(),
        bm_decisions.decisions_from_data(
            {"betaalopdracht": {"BO-0002": {"retourcodes": ["P010"]}}}
        ),
    )
    assert [(f.code, f.details) for f in found] == [("CAK-P010", "Betaalopdrachtnummer=BO-0002")]
    insurer = gds_decisions.decisions_from_data({"prestatie": {"P9": {"retourcodes": ["8001"]}}})
    with pytest.raises(DecisionError, match=r"prestatie\.P9: the GDS801 has no prestatie"):
        gds_returns.decision_findings(gds801, insurer)


def test_a_document_shape_checks_the_keyed_table() -> None:
    """The keyed table's entries come back with their key; every misshape is refused by name."""
    shape = DocumentShape("prestatie", "Referentienummers", ("retourcodes",), ("extra",))
    found = shape.entries({"prestatie": {"P1": {"retourcodes": []}}, "extra": 1}, "f.toml")
    assert found == [("P1", "prestatie.P1", {"retourcodes": []})]
    assert shape.entries({}, "f.toml") == []
    refusals: dict[str, Any] = {
        "f.toml: the document must be one table": [],
        "unknown key.s. other; expected extra, prestatie": {"other": 1},
        "prestatie must be a table of Referentienummers": {"prestatie": []},
        r"prestatie\.P1 must be a table": {"prestatie": {"P1": "x"}},
        r"prestatie\.P1: unknown key.s. toegekend": {"prestatie": {"P1": {"toegekend": 1}}},
    }
    for message, data in refusals.items():
        with pytest.raises(DecisionError, match=message):
            shape.entries(data, "f.toml")


def test_a_decisions_file_error_names_the_file(tmp_path: Path) -> None:
    """load_with reads TOML or JSON and leads a family's refusal with the file's path."""
    good = tmp_path / "d.json"
    good.write_text('{"betaalopdracht": {"BO-1": {"retourcodes": ["P010"]}}}', "utf-8")
    assert load_with(good, bm_decisions.decisions_from_data).betaalopdrachten == {"BO-1": ("P010",)}
    bad = tmp_path / "d.toml"
    bad.write_text("[betaalopdracht.BO-1]\n", "utf-8")
    with pytest.raises(DecisionError, match=r"d\.toml: decisions: betaalopdracht\.BO-1 has no"):
        load_with(bad, bm_decisions.decisions_from_data)
