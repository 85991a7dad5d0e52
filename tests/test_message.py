"""The Message: read, cleaned, parsed and identified once, then shared by every step."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import attrs
import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT

import eistandaard
from eistandaard import Message, read_message, validate
from eistandaard.core import xml
from eistandaard.core.errors import InputError
from eistandaard.levels.intake import Limits
from eistandaard.render.json_report import report_to_dict

WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
RAPPORT_RULES = ROOT / "tests" / "data" / "rapport_rules.xsl"
AS_OF = dt.date(2026, 11, 23)
LARGE = Limits(max_bytes=128 * 1024 * 1024, max_uncompressed=128 * 1024 * 1024)
"""20,000 GDS801 prestaties are about 37 MB, above VECOZO's 25 MB default."""


def test_validate_exposes_the_message() -> None:
    """The report carries the parsed Message: spec, identity, cleaned bytes, tree, as-of, name."""
    report = validate(WMO323, as_of=AS_OF, entry_points=False)
    message = report.message
    assert isinstance(message, Message)
    assert message.spec.name == "WMO323"
    assert message.identity == report.identity
    assert message.data == WMO323.read_bytes().removeprefix(b"\xef\xbb\xbf")
    assert xml.local_name(message.root) == "Bericht"
    assert message.as_of == AS_OF
    assert message.name == str(WMO323)


def test_message_is_not_part_of_equality_or_json() -> None:
    """Two runs on the same input give equal reports, and the JSON names no Message."""
    first = validate(WMO323, as_of=AS_OF, entry_points=False)
    second = validate(WMO323.read_bytes(), name=str(WMO323), as_of=AS_OF, entry_points=False)
    assert first.message is not second.message
    assert attrs_equal(first, second)
    as_json = report_to_dict(first)
    assert as_json == report_to_dict(second) | {"timings": as_json["timings"]}
    assert "tree" not in as_json["message"]
    assert as_json["message"]["berichtcode"] == first.identity.berichtcode


def attrs_equal(a: eistandaard.Report, b: eistandaard.Report) -> bool:
    """Reports compare equal apart from their timings (which differ run to run)."""
    return attrs.evolve(a, timings={}) == attrs.evolve(b, timings={})


def test_validate_parses_the_message_once() -> None:
    """Levels 1-5 parse the message once with lxml and once with Saxon, even with two rule sets.

    The message is made unique, so the Saxon worker cannot hold it from an earlier test; a
    second run on the same bytes reuses the worker's parse.
    """
    unique = WMO323.read_bytes().replace(b"FIX0001", f"P{uuid.uuid4().hex[:8]}".encode())
    with xml.count_parses() as parses:
        report = validate(unique, as_of=AS_OF, entry_points=False, rules=[RAPPORT_RULES])
    assert 3 in report.levels_run
    assert parses["message"] == 1
    assert parses["saxon"] == 1
    with xml.count_parses() as again:
        validate(unique, as_of=AS_OF, entry_points=False, rules=[RAPPORT_RULES])
    assert (again["message"], again["saxon"]) == (1, 0)


def test_a_read_message_is_not_parsed_again() -> None:
    """validate(read_message(...)) parses nothing more and finds what validate(path) finds."""
    message = read_message(WMO323, as_of=AS_OF)
    with xml.count_parses() as parses:
        report = validate(message, entry_points=False)
    assert parses["message"] == 0
    assert report.message is message
    assert report.as_of == AS_OF
    assert report.codes == validate(WMO323, as_of=AS_OF, entry_points=False).codes


def test_validate_of_a_message_with_another_as_of_keeps_the_tree() -> None:
    """A new peildatum gives a Message sharing the parsed tree, without parsing again."""
    message = read_message(WMO323, as_of=AS_OF)
    later = dt.date(2027, 1, 1)
    with xml.count_parses() as parses:
        report = validate(message, as_of=later, entry_points=False)
    assert report.as_of == later
    assert report.message is not None
    assert report.message.tree is message.tree
    assert parses["message"] == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "not a readable message (EI100)"),
        (b"<a/>", "no message of a supported EI standard (EI120)"),
        (b"<a><b></a>", "not a readable message (EI108)"),
    ],
)
def test_read_message_refuses_bad_input_clearly(data: bytes, expected: str) -> None:
    """Unreadable or unknown input is an InputError naming why, never a traceback of lxml."""
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_message(data)


def test_an_unidentified_source_has_no_message() -> None:
    """A report of input that cannot be read has no Message (and is not accepted)."""
    report = validate(b"<a/>")
    assert report.message is None
    assert report.codes == ["EI120"]


def test_local_name_navigation_ignores_namespaces() -> None:
    """children/child/descend/child_text match local names whatever the namespace."""
    root = xml.parse(
        b'<B xmlns="urn:a"><H><Id>7</Id></H><C/><x:C xmlns:x="urn:b"/><!-- c --></B>'
    ).getroot()
    assert [xml.namespace_of(c) for c in xml.children(root, "C")] == ["urn:a", "urn:b"]
    assert xml.child_text(root, "H/Id") == "7"
    assert xml.descend(root, ["H", "Missing"]) is None
    assert xml.child_text(None, "H") == ""
    assert len(list(xml.elements(root))) == 3


def test_builder_writes_in_one_namespace() -> None:
    """The Builder puts every element in its namespace and skips empty optional values."""
    builder = xml.Builder("urn:x")
    root = builder.root("Bericht")
    header = builder.add(root, "Header")
    builder.add(header, "Code", "1")
    assert builder.add_if(header, "Leeg", "") is None
    assert builder.add_if(header, "Versie", "3") is not None
    assert etree.tostring(root) == (
        b'<Bericht xmlns="urn:x"><Header><Code>1</Code><Versie>3</Versie></Header></Bericht>'
    )


def test_the_parser_refuses_entities(tmp_path: Path) -> None:
    """The one parser expands no external entity: the secret never reaches the tree."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-xml", encoding="utf-8")
    data = f'<!DOCTYPE a [<!ENTITY s SYSTEM "{secret.as_uri()}">]><a>&s;</a>'.encode()
    tree = xml.parse(data)
    assert "TOPSECRET" not in etree.tostring(tree).decode()


def test_root_of_turns_parse_failures_into_input_errors(tmp_path: Path) -> None:
    """A missing file or broken XML is an InputError that names the document."""
    with pytest.raises(InputError, match="the GDS801 is not well-formed"):
        xml.root_of(b"<a>", what="the GDS801")
    with pytest.raises(InputError, match="cannot be read"):
        xml.root_of(tmp_path / "missing.xml", what="the request")


def test_one_parser_construction_in_src() -> None:
    """Only core/xml.py constructs an lxml XMLParser or calls lxml's parse functions."""
    src = ROOT / "src" / "eistandaard"
    offenders = []
    for path in sorted(src.rglob("*.py")):
        if path == src / "core" / "xml.py":
            continue
        text = path.read_text("utf-8")
        for needle in ("XMLParser(", "etree.parse(", "etree.fromstring(", "etree.XML("):
            if needle in text:
                offenders.append(f"{path.relative_to(src)}: {needle}")
    assert offenders == []


def test_money_holds_decimal_amounts_with_a_sign() -> None:
    """Money keeps euros as Decimal with D/C; cents, sums and Dutch notation are views of it."""
    from decimal import Decimal

    from eistandaard.core.money import Money

    assert Money.parse("1300.00", "C") == Money(Decimal("1300"), "C")
    assert Money.parse("-1", "D") is None
    assert Money.parse("12", "X") is None
    assert Money.parse_cents("22501", "D") == Money(Decimal("225.01"), "D")
    assert Money.from_cents(-123456).cents == -123456
    assert (Money.of(Decimal("10")) + Money.of(Decimal("-12.5"))).dutch() == "2,50 C"
    assert str(-Money.of(Decimal("1234567.8"))) == "1234567.80 C"
    assert Money.of(Decimal("1234567.8")).dutch() == "1.234.567,80 D"


def test_registry_rules_make_their_own_findings() -> None:
    """RuleDef.finding carries the registry's level, texts, class and retourcode (any family)."""
    from eistandaard.core.findings import Location
    from eistandaard.standards.registry import load_registry

    rule = load_registry("bm", "2.0")["CAK01"]
    assert rule.provisional
    finding = rule.finding(locations=[Location(xpath="/Bericht")], details="x")
    assert (finding.code, finding.level, finding.retourcode) == ("CAK01", 5, rule.retourcode)
    assert finding.message_class == rule.message_class
    assert rule.finding(message_class="Header", retourcode="0001").retourcode == "0001"
    assert not load_registry("iwmo", "3.2")["TR101"].provisional


def test_a_large_gds801_is_read_and_parsed_once(tmp_path: Path) -> None:
    """A 20,000-prestatie GDS801 from a file: read once, parsed once by lxml, once by Saxon.

    ``ei return`` builds on this Message (``Report.message``): the answer engines take it instead
    of reading the file again.
    """
    from benchmarks.generate_gds801 import generate

    path = tmp_path / "big-gds801.xml"
    path.write_bytes(generate(20_000).replace(b"BENCH-1<", f"B{uuid.uuid4().hex[:8]}<".encode()))
    with xml.count_parses() as parses:
        report = validate(path, as_of=AS_OF, entry_points=False, limits=LARGE)
    assert report.accepted, report.codes[:5]
    assert report.message is not None
    assert (
        len(report.message.root.findall(".//{*}DebetPrestatie"))
        + len(report.message.root.findall(".//{*}CreditPrestatie"))
        == 20_000
    )
    assert (parses["message"], parses["saxon"]) == (1, 1)
