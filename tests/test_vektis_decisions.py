"""The helpers every Vektis decisions reader shares (conventions/vektis/decisions.py)."""

from __future__ import annotations

import pytest
from lxml import etree

from eistandaard.conventions.vektis.decisions import CAK, INSURER, rejection_findings, unique_keys
from eistandaard.core.errors import DecisionError
from eistandaard.core.findings import Level

_REQUEST = etree.fromstring(
    b'<Bericht xmlns="urn:x"><Betaalopdracht/><Betaalopdracht><Nr>2</Nr></Betaalopdracht></Bericht>'
)


def test_one_finding_per_code_on_the_rejected_class() -> None:
    """Each retourcode is one level-5 finding located at the class, named by its local name."""
    element = _REQUEST[1]
    found = rejection_findings(element, ["P010", "P020"], CAK, "Betaalopdrachtnummer=2")
    assert [f.code for f in found] == ["CAK-P010", "CAK-P020"]
    assert [f.retourcode for f in found] == ["P010", "P020"]
    assert {f.level for f in found} == {Level.INTERNAL}
    assert {f.message_class for f in found} == {"Betaalopdracht"}
    assert {str(f.xpath) for f in found} == {"/Bericht/Betaalopdracht[2]"}
    assert {f.details for f in found} == {"Betaalopdrachtnummer=2"}


def test_the_decider_gives_code_prefix_and_texts() -> None:
    """The insurer's findings read as the insurer's, in both languages; no code, no finding."""
    (finding,) = rejection_findings(_REQUEST[0], ["8001"], INSURER, "Referentienummer=R1")
    assert finding.code == "VZ-8001"
    assert finding.text_nl == "Afgewezen door de zorgverzekeraar."
    assert finding.text_en == "Rejected by the insurer."
    assert rejection_findings(_REQUEST[0], [], INSURER, "Referentienummer=R1") == []


def test_a_key_given_twice_is_refused() -> None:
    """The JSON hook every family's decisions use refuses a repeated key, naming it."""
    assert unique_keys([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}
    with pytest.raises(DecisionError, match="'a' is given twice"):
        unique_keys([("a", 1), ("a", 2)])
