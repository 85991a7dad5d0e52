"""Parse -> serialize of every fixture and official example: valid, same infoset, the layout.

The messages are every XML file under fixtures/ (and the official iWmo/iJw 3.2 example messages
of ../shared) that the catalog identifies and our XSD accepts: those are what the models must
carry without loss. The infoset is compared element by element (namespace, name, attributes,
text, order), values exactly, except that an element the XSD types as a number (xs:decimal and
its derived types: Bedrag, GeleverdVolume ...) is compared by value: a model holds typed values,
so ``+7500``, ``07500`` and ``-0`` come back as ``7500`` and ``0`` (the XSD value is the same).
Codes stay strings: ``0200`` or ``01`` must come back exactly.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import xmlschema
from lxml import etree
from tests.conftest import FIXTURES, JAAPJUNIOR

import eistandaard
from eistandaard.models import parse, serialize
from eistandaard.standards.catalog import MessageSpec, default_catalog

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@functools.cache
def _numeric_elements(path: Path) -> frozenset[str]:
    """Local names of the elements an XSD (with its imports) types as a number."""
    schema = xmlschema.XMLSchema(str(path))
    found = set()
    for component in schema.maps.iter_components():
        if isinstance(component, xmlschema.validators.XsdElement) and component.type.is_simple():
            primitive = component.type.primitive_type
            if primitive is not None and primitive.local_name in {"decimal", "float", "double"}:
                found.add(component.local_name)
    return frozenset(found)


@functools.cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), _SAFE))


def _spec(data: bytes) -> MessageSpec | None:
    try:
        root = etree.fromstring(data, _SAFE)
    except etree.XMLSyntaxError:
        return None
    return default_catalog().identify(root)


def _modelled(path: Path) -> bool:
    """True for a message the catalog knows and our XSD accepts."""
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return False
    spec = _spec(data)
    if spec is None:
        return False
    return bool(_schema(spec.schema_path).validate(etree.fromstring(data, _SAFE)))


FIXTURE_MESSAGES = [p for p in sorted(FIXTURES.rglob("*.xml")) if _modelled(p)]
EXAMPLES = (
    [p for p in sorted(JAAPJUNIOR.glob("*/bronnen/berichten/*.xml")) if _modelled(p)]
    if JAAPJUNIOR.is_dir()
    else []
)


def _numeric(text: str) -> Decimal | None:
    try:
        return Decimal(text) if re.fullmatch(r"[+-]?\d+(\.\d*)?", text) else None
    except InvalidOperation:
        return None


def _infoset(data: bytes) -> list[tuple[str, list[tuple[str, str]], str]]:
    parser = etree.XMLParser(
        remove_blank_text=True, remove_comments=True, remove_pis=True, resolve_entities=False
    )
    root = etree.fromstring(data, parser)
    return [
        (e.tag, sorted(e.attrib.items()), (e.text or "").strip())
        for e in root.iter()
        if isinstance(e.tag, str)
    ]


def _assert_same_infoset(before: bytes, after: bytes, numbers: frozenset[str]) -> None:
    left, right = _infoset(before), _infoset(after)
    assert [e[0] for e in left] == [e[0] for e in right], "elements or their order differ"
    for (tag, attrs, text), (_, attrs2, text2) in zip(left, right, strict=True):
        assert attrs == attrs2, tag
        if etree.QName(tag).localname in numbers and _numeric(text) is not None:
            assert _numeric(text) == _numeric(text2), tag
        else:
            assert text == text2, tag


def _round_trip(path: Path) -> tuple[bytes, bytes, MessageSpec]:
    data = path.read_bytes()
    spec = _spec(data)
    assert spec is not None
    out = serialize(parse(path))
    return data, out, spec


def test_the_corpus_is_not_empty() -> None:
    """The glob finds messages of every family (else the round trips would pass vacuously)."""
    specs = [_spec(p.read_bytes()) for p in FIXTURE_MESSAGES]
    families = {s.family for s in specs if s is not None}
    assert families == {"iwmo", "ijw", "gds", "bm"}
    assert len(FIXTURE_MESSAGES) > 200


@pytest.mark.parametrize("path", FIXTURE_MESSAGES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_round_trip(path: Path) -> None:
    """Parse -> serialize of a fixture is XSD-valid and has the same infoset."""
    data, out, spec = _round_trip(path)
    assert _schema(spec.schema_path).validate(etree.fromstring(out, _SAFE))
    _assert_same_infoset(data, out, _numeric_elements(spec.schema_path))


@pytest.mark.shared
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_official_example_round_trip(path: Path) -> None:
    """Parse -> serialize of an official iWmo/iJw 3.2 example is valid and the same infoset."""
    data, out, spec = _round_trip(path)
    assert _schema(spec.schema_path).validate(etree.fromstring(out, _SAFE))
    _assert_same_infoset(data, out, _numeric_elements(spec.schema_path))


def test_official_examples_are_there() -> None:
    """The official examples of all 28 iWmo/iJw message types but the 2 XSD-invalid ones."""
    if not JAAPJUNIOR.is_dir():
        pytest.skip("../shared is not available")
    names = {p.stem for p in EXAMPLES}
    assert len(names) >= 19
    assert {"WMO323", "JW323", "JW325"} <= names


VALID_REQUESTS = sorted(
    p
    for p in FIXTURE_MESSAGES
    if p.parent.name == "valid" and p.parent.parent.name in {"WMO323", "JW323", "GDS801", "BM801"}
)


@pytest.mark.parametrize("path", VALID_REQUESTS, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_round_trip_keeps_the_verdict_at_all_levels(path: Path) -> None:
    """The round-tripped declaration gets the same verdict and findings as the original."""
    data, out, _ = _round_trip(path)
    as_of = eistandaard.validate(data).as_of
    before = eistandaard.validate(data, as_of=as_of)
    after = eistandaard.validate(out, as_of=as_of)
    assert after.verdict == before.verdict
    assert sorted(f.code for f in after.findings) == sorted(f.code for f in before.findings)


def test_the_number_rule_is_narrow() -> None:
    """Only number-typed elements are compared by value: codes and AGB codes are not among them."""
    wmo325 = FIXTURES / "iwmo/3.2/WMO325/valid"
    spec = _spec(next(wmo325.glob("*.xml")).read_bytes())
    assert spec is not None
    numbers = _numeric_elements(spec.schema_path)
    assert {"Bedrag", "TotaalBedrag", "GeleverdVolume"} <= numbers
    assert not {"RetourCode", "ProductCategorie", "Afzender", "Bsn", "Eenheid"} & numbers


def test_istandaarden_layout_of_the_examples() -> None:
    """iWmo/iJw: prefixed like the examples (wmo323:, iwmo:), tabs, CR/LF, UTF-8 without BOM."""
    out = serialize(parse(FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"))
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\r\n<wmo323:Bericht ')
    assert b'xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"' in out
    lines = out.split(b"\r\n")
    assert lines[-1] == b""  # ends with CR/LF
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert lines[2] == b"\t<wmo323:Header>"
    assert b"\t\t\t<iwmo:Identificatie>" in out
    for line in lines[1:-1]:  # one element per line
        assert re.fullmatch(rb"\t*(<[^<>]+>[^<>]*</[^<>]+>|<[^<>]+>)", line), line


def test_vektis_layout_of_the_examples() -> None:
    """GDS/BM: default namespace, two-space indent, LF, one element per line, no BOM."""
    for path in (
        FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml",
        FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml",
    ):
        out = serialize(parse(path))
        assert not out.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in out
        lines = out.decode("utf-8").splitlines()
        assert lines[1].startswith('<Bericht xmlns="http://ei.vektis.nl/')
        assert lines[2] == "  <Header>"
        for line in lines[1:]:
            assert re.fullmatch(r" *(<[^<>]+>[^<>]*</[^<>]+>|<[^<>]+>)", line), line


def test_a_zip_is_read_through_level_1(tmp_path: Path) -> None:
    """Parse unpacks a ZIP holding one message, as validate does (the hardened intake)."""
    import zipfile

    source = FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"
    target = tmp_path / "bm801.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(source, "bm801.xml")
    assert parse(target) == parse(source.read_bytes())
