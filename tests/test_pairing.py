"""The one request/answer pairing over the class model (``eistandaard.answers.pairing``).

Per family (the 325 of IV028, an IV032 retour, GDS802, BM802) one authored pair under
``fixtures/pairing/`` holds a paired instance, a missing one, an added one, a changed
identifying value and a duplicate key; its sidecar says what the pairing must find. The
conventions' views of the pairing (``diff``, ``diff_gds``, ``diff_bm``) and the class-model field
the pairing added (``container``) are tested here too.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import FIXTURES

from eistandaard.answers.pairing import Instance, Pairing, class_instances, pair, same_data
from eistandaard.conventions.vektis.bm import diff_bm
from eistandaard.conventions.vektis.gds import diff_gds
from eistandaard.core import xml
from eistandaard.core.errors import DataError
from eistandaard.standards.classmodel import class_model, parse_class_model

PAIRING = FIXTURES / "pairing"
CASES = sorted(PAIRING.glob("*.expected.toml"))
SRC = Path(__file__).resolve().parents[1] / "src" / "eistandaard"


def _name(instance: Instance | None) -> str:
    """An instance as the sidecars name it: ``Client 111 > Prestatie L1``."""
    chain = []
    while instance is not None:
        chain.append(f"{instance.label} {instance.name}")
        instance = instance.parent
    return " > ".join(reversed(chain))


def _run(sidecar: Path) -> tuple[dict[str, Any], Pairing]:
    case = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    stem = sidecar.name.removesuffix(".expected.toml")
    model = class_model(case["family"], case["release"]).message(case["message"])
    paths = {k: tuple(v) for k, v in case.get("answer_paths", {}).items()}
    request = etree.parse(str(PAIRING / f"{stem}.request.xml")).getroot()
    answer = etree.parse(str(PAIRING / f"{stem}.answer.xml")).getroot()
    return case, pair(request, answer, model, answer_paths=paths)


def _ids(path: Path) -> str:
    return path.name.removesuffix(".expected.toml")


def test_every_family_has_its_pair() -> None:
    """The 325, an IV032 retour, GDS and BM each have an authored pair with a sidecar."""
    assert [_ids(p) for p in CASES] == ["bm801", "gds801", "wmo301", "wmo323"]
    for sidecar in CASES:
        stem = _ids(sidecar)
        assert (PAIRING / f"{stem}.request.xml").is_file()
        assert (PAIRING / f"{stem}.answer.xml").is_file()


@pytest.mark.parametrize("sidecar", CASES, ids=_ids)
def test_paired_instances(sidecar: Path) -> None:
    """Each answer instance pairs with the request instance of its class and key, in order."""
    case, found = _run(sidecar)
    assert [_name(i) for i in found.answers] == case["paired"]
    for mine, theirs in found.answers.items():
        assert (theirs.label, theirs.key) == (mine.label, mine.key)
        assert found.request_of(theirs) is mine


@pytest.mark.parametrize("sidecar", CASES, ids=_ids)
def test_missing_instances(sidecar: Path) -> None:
    """A request instance no answer instance has the identity of is missing (its classes too)."""
    case, found = _run(sidecar)
    assert [_name(i) for i in found.missing] == case["missing"]
    assert all(found.answer_of(i) is None for i in found.missing)


@pytest.mark.parametrize("sidecar", CASES, ids=_ids)
def test_added_instances(sidecar: Path) -> None:
    """An answer instance no request instance explains is added, in document order."""
    case, found = _run(sidecar)
    assert [_name(i) for i in found.added] == case["added"]
    assert all(found.request_of(i) is None for i in found.added)


@pytest.mark.parametrize("sidecar", CASES, ids=_ids)
def test_changed_identifying_value(sidecar: Path) -> None:
    """A missing and an added instance of one class below one parent pair are a changed pair."""
    case, found = _run(sidecar)
    assert [[_name(a), _name(b)] for a, b in found.changed.items()] == case["changed"]
    for mine, theirs in found.changed.items():
        assert mine in found.missing
        assert theirs in found.added
        assert mine.key != theirs.key


@pytest.mark.parametrize("sidecar", CASES, ids=_ids)
def test_duplicate_key_is_ambiguous(sidecar: Path) -> None:
    """A key naming several request instances, another number returned, is ambiguous."""
    case, found = _run(sidecar)
    got = [[a.label, a.key, a.requested, a.returned, _name(a.parent)] for a in found.ambiguous]
    assert got == case["ambiguous"]
    for ambiguous in found.ambiguous:
        assert found.ambiguous_below(ambiguous.parent) == (ambiguous,)
        assert ambiguous.answer_parent is found.answer_of(ambiguous.parent)  # type: ignore[arg-type]


@pytest.mark.parametrize("sidecar", CASES, ids=_ids)
def test_codes_sit_where_the_class_model_says(sidecar: Path) -> None:
    """The codes of a paired answer instance are read from the class model's ``codes``."""
    case, found = _run(sidecar)
    by_name = {_name(i): i for i in found.requested}
    for name, codes in case["codes"].items():
        theirs = found.answer_of(by_name[name])
        holders = found.code_holders(theirs)
        assert holders
        assert all(xml.local_name(h) == found.model.codes for h in holders)
        assert found.codes_of(theirs) is holders[0]
        assert [xml.value_of(c).strip() for h in holders for c in xml.elements(h)] == codes


REPEATING = [p for p in CASES if "differs" in tomllib.loads(p.read_text(encoding="utf-8"))]
"""The pairs whose answer repeats a class's data (iStandaarden; a Vektis return does not)."""


@pytest.mark.parametrize("sidecar", REPEATING, ids=_ids)
def test_data_differences(sidecar: Path) -> None:
    """A paired line whose answer changed its data names the first leaf that differs."""
    case, found = _run(sidecar)
    differing = {
        _name(i): xml.local_name(leaf)
        for i in found.answers
        if not (found.model.children(i.label) or i.spec.always)  # the Header is policy
        and (leaf := found.differs(i)) is not None
    }
    assert differing == case["differs"]
    assert all(found.differs(i) is None for i in found.missing)  # nothing to compare with


def test_a_container_class_is_not_paired_itself() -> None:
    """The GDS Prestatie (``container = true``) groups lines: they pair below the Verzekerde."""
    model = class_model("gds", "1.0").message("GDS801")
    assert model.get("Prestatie").container
    request = etree.parse(str(PAIRING / "gds801.request.xml")).getroot()
    instances = class_instances(request, model)
    assert "Prestatie" not in {i.label for i in instances}
    lines = [i for i in instances if i.label in ("DebetPrestatie", "CreditPrestatie")]
    assert lines
    assert all(i.parent is not None and i.parent.label == "Verzekerde" for i in lines)


def test_labels_limit_the_classes_read() -> None:
    """``labels`` reads only those classes and the classes above them."""
    model = class_model("bm", "2.0").message("BM801")
    request = etree.parse(str(PAIRING / "bm801.request.xml")).getroot()
    labels = {i.label for i in class_instances(request, model, labels=("Betaalopdracht",))}
    assert labels == {"Betaalopdracht"}


def test_the_container_field_is_checked() -> None:
    """``container`` is a class-model field; an unknown field is still refused."""
    data: dict[str, Any] = {
        "format": 2,
        "messages": {"R": {}},
        "class": [{"name": "Group", "container": True}, {"name": "X", "parent": "Group"}],
    }
    assert parse_class_model(data, "t").message("R").get("Group").container
    data["class"][0]["contains"] = True
    with pytest.raises(DataError, match="unknown class field"):
        parse_class_model(data, "t")


def test_same_data_skips_the_codes() -> None:
    """Only the codes may differ between a request class and the class its answer returns."""
    mine = etree.fromstring("<P><A>1</A><B>2</B></P>")
    theirs = etree.fromstring("<P><A>1</A><B>2</B><C><D>x</D></C></P>")
    assert same_data(mine, theirs, "C") is None
    changed = etree.fromstring("<P><A>1</A><B>3</B><C><D>x</D></C></P>")
    found = same_data(mine, changed, "C")
    assert found is not None
    assert found.tag == "B"


def test_no_element_name_in_answers_or_core() -> None:
    """The pairing and the engines name no element of a message: names come from data."""
    names = re.compile(
        r"[\"'](Bsn|Client|Prestatie|DebetPrestatie|Verzekerde|Betaalopdracht|Feedback|"
        r"RetourCodes?|ReferentieNummer|Referentienummer|DeclaratieAntwoord|Header)[\"']"
    )
    found = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for folder in ("answers", "core")
        for path in sorted((SRC / folder).rglob("*.py"))
        for match in names.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_gds_mismatch_is_a_typed_fact() -> None:
    """Another Referentienummer makes ``GDSDiff.mismatch`` and ``answers_request`` say so."""
    request = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
    answer = FIXTURES / "gds/1.0/GDS802/valid/insurer-partly-granted.xml"
    same = diff_gds(request, answer)
    root = etree.parse(str(answer)).getroot()
    reference = xml.descend(root, ("Header", "Referentienummer"))
    assert reference is not None
    reference.text = (reference.text or "") + "9"
    other = diff_gds(request, root)
    assert not other.answers_request
    assert other.mismatch
    assert set(other.mismatch) <= set(other.problems)
    assert len(other.mismatch) == len(same.mismatch) + 1


def test_bm_view_of_the_pairing() -> None:
    """``diff_bm`` pairs payment orders by Betaalopdrachtnummer: an extra one is unknown."""
    request = FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"
    data = request.read_bytes()
    assert data.count(b"<Betaalopdracht>") >= 2
    result = diff_bm(request, FIXTURES / "bm/2.0/BM802/valid" / _first_bm802())
    statuses = {o.status for o in result.opdrachten}
    assert statuses <= {"accepted", "rejected", "not-checked", "unknown"}
    assert len([o for o in result.opdrachten if o.status != "unknown"]) == data.count(
        b"<Betaalopdracht>"
    )


def _first_bm802() -> str:
    return sorted(p.name for p in (FIXTURES / "bm/2.0/BM802/valid").glob("*.xml"))[0]
