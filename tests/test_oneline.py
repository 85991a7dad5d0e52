"""Messages written on one line: the same findings and paths as pretty-printed, in linear work.

Generated messages that machines send are often a single line. Every element then starts on
line 1, so a finding cannot be placed by its line: it is placed by libxml2's own path of the
node (level 2) or by the rapport path of the rule (levels 3-5), looked up in an index built
once per message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.core import paths
from eistandaard.core.paths import LocationIndex
from eistandaard.core.report import Report
from eistandaard.standards.codelists import CodeLists

AS_OF = dt.date(2026, 11, 23)
WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid"


def _many_clients(fixture: Path, copies: int) -> bytes:
    """The fixture with its Clienten content repeated ``copies`` times (pretty-printed)."""
    text = fixture.read_text(encoding="utf-8")
    match = re.search(r"(<(?:\w+:)?Clienten>)(.*)(</(?:\w+:)?Clienten>)", text, re.S)
    assert match is not None
    return (text[: match.start(2)] + match.group(2) * copies + text[match.end(2) :]).encode()


def _one_line(data: bytes) -> bytes:
    """``data`` with every newline and indentation between tags removed: one line."""
    one = re.sub(rb">\s+<", b"><", data).replace(b"\n", b"")
    assert b"\n" not in one
    return one


def _facts(report: Report) -> list[tuple[str, int, tuple[str | None, ...], str]]:
    """Each finding's code, level, paths and details: everything but the lines."""
    return [
        (f.code, int(f.level), tuple(loc.xpath for loc in f.locations), f.detail("en"))
        for f in report.findings
    ]


def _lines_match_elements(report: Report, data: bytes) -> None:
    """Every located finding's line is the line its element starts on in ``data``."""
    index = LocationIndex(etree.fromstring(data).getroottree())
    for finding in report.findings:
        for loc in finding.locations:
            if loc.xpath and loc.line is not None:
                element = index.element(loc.xpath)
                assert element is not None, loc.xpath
                assert loc.line == element.sourceline, (finding.code, loc.xpath)


def _same_both_ways(data: bytes, **options: Any) -> Report:
    """Validate ``data`` pretty and on one line; assert the same findings; the one-line report."""
    pretty = eistandaard.validate(data, as_of=AS_OF, **options)
    one = eistandaard.validate(_one_line(data), as_of=AS_OF, **options)
    assert pretty.verdict is one.verdict
    assert _facts(pretty) == _facts(one)
    _lines_match_elements(pretty, data)
    assert {loc.line for f in one.findings for loc in f.locations} <= {1, None}
    return one


def test_schema_errors_on_one_line_name_their_elements() -> None:
    """40 bad Bsn values (level 2) on one line: the paths the pretty-printed message gets."""
    data = _many_clients(WMO323 / "basis.xml", 20).replace(b">999900006<", b">12345<")
    data = data.replace(b">999900018<", b">1234<")
    one = _same_both_ways(data)
    bsns = [f.xpath for f in one.findings if f.code == "EI202"]
    assert len(bsns) == 40
    assert bsns[0] == "/Bericht/Declaratie/Clienten/Client[1]/Bsn"
    assert bsns[-1] == "/Bericht/Declaratie/Clienten/Client[40]/Bsn"


def test_default_namespace_on_one_line_is_placed_by_position() -> None:
    """libxml2 writes ``*[n]`` (the n-th element child) for a default namespace: still placed."""
    data = _many_clients(WMO323 / "default-namespace-leap-february.xml", 15)
    data = re.sub(rb"<Bsn>\d+</Bsn>", b"<Bsn>12345</Bsn>", data)
    data = data.replace(b"<Eenheid>04</Eenheid>", b"<Eenheid>99</Eenheid>")
    one = _same_both_ways(data)
    assert len(one.findings) >= 15
    assert all(f.xpath and f.xpath.startswith("/Bericht/Declaratie/") for f in one.findings)


def test_rule_and_code_list_findings_on_one_line(tmp_path: Path) -> None:
    """Levels 3-5 on one line (relation rules, a supplied code list, uniqueness): same paths."""
    products = tmp_path / "productcodes.csv"
    products.write_text(
        "# codelist: productcodes\n# publisher: test\n# source: test\n# version: 1\n"
        "# retrieved: 2026-11-23\n# complete: yes\ncode,ingangsdatum,expiratiedatum,omschrijving\n"
        "07/07A01,,,dagbesteding\n",
        encoding="utf-8",
    )
    data = _many_clients(WMO323 / "basis.xml", 10)
    data = data.replace(b"<m:Eenheid>04</m:Eenheid>", b"<m:Eenheid>83</m:Eenheid>", 7)
    one = _same_both_ways(data, codelists=CodeLists(overrides={"productcodes": products}))
    levels = {int(f.level) for f in one.findings}
    assert {3, 4} <= levels, levels
    assert all(f.xpath for f in one.findings if int(f.level) in (3, 4))


@pytest.fixture
def count_path_work(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Count each element name the location code of core/paths reads (its unit of work)."""
    calls = 0
    real_qname, real_local = etree.QName, paths.local_name

    def qname(*args: Any) -> etree.QName:
        nonlocal calls
        calls += 1
        return real_qname(*args)

    def local(element: Any) -> str:
        nonlocal calls
        calls += 1
        return real_local(element)

    monkeypatch.setattr(etree, "QName", qname)
    monkeypatch.setattr(paths, "local_name", local)
    return lambda: calls


def test_placing_findings_on_one_line_is_linear(count_path_work: Callable[[], int]) -> None:
    """400 schema errors on one line: work bounded by elements + findings, not their product.

    Placing each finding by scanning the elements of its line read some 400 x 4,000 names.
    """
    data = _one_line(_many_clients(WMO323 / "basis.xml", 200).replace(b">999900006<", b">1<"))
    tree = etree.fromstring(data).getroottree()
    elements = sum(1 for _ in tree.getroot().iter())
    report = eistandaard.validate(data, as_of=AS_OF)
    findings = sum(1 for f in report.findings if f.code == "EI202")
    assert findings == 200
    assert count_path_work() <= 4 * elements + 10 * findings, (count_path_work(), elements)


def test_libxml_paths_of_mixed_prefixes_and_comments_on_one_line() -> None:
    """libxml2's own paths: ``*[n]`` counts every element child; ``p:b`` only prefix ``p``."""
    schema = etree.XMLSchema(
        etree.fromstring(
            b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x"'
            b' elementFormDefault="qualified"><xs:element name="r"><xs:complexType>'
            b'<xs:sequence><xs:element name="a" maxOccurs="unbounded"><xs:complexType>'
            b'<xs:sequence><xs:element name="b" type="xs:int" maxOccurs="unbounded"/>'
            b'<xs:element name="c" type="xs:int" minOccurs="0" maxOccurs="unbounded"/>'
            b"</xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType>"
            b"</xs:element></xs:schema>"
        )
    )
    documents = {
        b'<r xmlns="urn:x"><a><b>1</b><b>x</b><c>y</c></a><a><b>z</b><!-- c --><c>1</c>'
        b"<c>w</c></a></r>": ["/r/a[1]/b[2]", "/r/a[1]/c", "/r/a[2]/b", "/r/a[2]/c[2]"],
        b'<p:r xmlns:p="urn:x" xmlns:q="urn:x"><p:a><p:b>1</p:b><q:b>x</q:b><p:c>y</p:c>'
        b"</p:a></p:r>": ["/r/a/b[2]", "/r/a/c"],
    }
    for document, expected in documents.items():
        tree = etree.fromstring(document).getroottree()
        assert not schema.validate(tree)
        index = LocationIndex(tree)
        located = [index.from_libxml(e.path, e.line) for e in schema.error_log]
        assert [loc.xpath for loc in located] == expected, [e.path for e in schema.error_log]
        assert {loc.line for loc in located} == {1}


def test_document_namespaces_of_elements_and_attributes() -> None:
    """The namespaces stripped from libxml2's messages: every element's and attribute's URI."""
    from eistandaard.levels.structure import _document_namespaces

    document = (
        b'<a xmlns="urn:a" xmlns:b="urn:b" xmlns:u="urn:unused" b:x="1"><c xmlns="urn:c" y="2"/>'
        b'<d xmlns=""/><!-- x --><?pi x?></a>'
    )
    found = _document_namespaces(etree.fromstring(document).getroottree())
    assert found == {"urn:a", "urn:b", "urn:c"}
