"""XSLT 1.0 semantics of the official stylesheets (issue 9 items 11 and 13, field case fc13).

Numbers, absent elements, dates with a time zone, code lists with two periods, the Vektis short
circuit across levels, one Feedback per rule.

Fixtures: ``fixtures/gds/1.0/GDS801/xslt1`` (lists in
``fixtures/gds/1.0/xslt1-codelists``) and ``fixtures/{iwmo,ijw}/3.2/*/xslt1-numbers``.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from html import escape
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT, need_shared

from eistandaard import validate
from eistandaard.conventions.vektis.classes import ClassModel
from eistandaard.conventions.vektis.gds import build_gds802
from eistandaard.conventions.vektis.returns import assign_feedback
from eistandaard.conventions.vektis.short_circuit import apply_short_circuit, top_class
from eistandaard.core.findings import Finding, Location
from eistandaard.levels.references import date_number, xpath1_number
from eistandaard.levels.relations.saxon import transform
from eistandaard.standards.codelists import CodeLists

AS_OF = dt.date(2026, 11, 23)
GDS = FIXTURES / "gds" / "1.0" / "GDS801" / "xslt1"
GDS_LISTS = CodeLists(
    overrides={p.stem: p for p in (FIXTURES / "gds" / "1.0" / "xslt1-codelists").glob("*.csv")}
)
NUMBERS = sorted(FIXTURES.glob("*/3.2/*/xslt1-numbers"))
SIDECARS = sorted(GDS.glob("*.expected.toml")) + sorted(
    p for folder in NUMBERS for p in folder.glob("*.expected.toml")
)
GDS802_NS = "{http://ei.vektis.nl/declaratiebericht574}"


def _message(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name.removesuffix(".expected.toml") + ".xml")


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.toml"))
def test_fixture_gives_its_verdict_and_codes(sidecar: Path) -> None:
    """Each fixture gives exactly its sidecar's verdict and distinct codes."""
    expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    lists = GDS_LISTS if sidecar.parent == GDS else None
    report = validate(_message(sidecar), as_of=AS_OF, codelists=lists)
    assert report.engine_errors == ()
    assert report.verdict.value == expected["verdict"]
    assert sorted(set(report.codes)) == sorted(expected["codes"])


def test_fixture_generators_are_in_sync() -> None:
    """Every generated fixture folder holds messages with exactly one sidecar each."""
    assert [f.parent.name for f in NUMBERS] == ["JW323", "WMO323", "WMO325"]
    for folder in (GDS, *NUMBERS):
        messages = {p.stem for p in folder.glob("*.xml")}
        sidecars = {p.name.removesuffix(".expected.toml") for p in folder.glob("*.expected.toml")}
        assert messages == sidecars
        assert messages


def test_two_rules_with_one_retourcode_give_two_feedbacks() -> None:
    """9278a and 9278b both fire on one DebetPrestatie: the VECOZO GDS802 carries both (kind e)."""
    request = GDS / "two-9278-one-class.xml"
    report = validate(request, as_of=AS_OF, codelists=GDS_LISTS)
    answer = etree.fromstring(
        build_gds802(request, report.findings, responder="vecozo", verzenddatum=AS_OF)
    )
    codes = [f.findtext(f"{GDS802_NS}Retourcode") for f in answer.iter(f"{GDS802_NS}Feedback")]
    assert codes == ["9278", "9278"]
    owners = {etree.QName(f.getparent()).localname for f in answer.iter(f"{GDS802_NS}Feedback")}
    assert owners == {"DebetPrestatie"}


def test_the_same_rule_twice_gives_one_feedback() -> None:
    """One rule reported twice with the same betrokken elementen is still written once."""
    root = etree.fromstring(b"<Bericht><Header/><Overzicht/></Bericht>")
    model = ClassModel.for_release("gds", "1.0")
    finding = Finding(
        level=3,
        code="VC001-8028",
        text_nl="t",
        text_en="t",
        retourcode="8028",
        locations=(Location("/Bericht/Header"),),
    )
    placed = assign_feedback(root, [finding, finding], model, {})
    assert [[f.retourcode for f in bucket] for bucket in placed.values()] == [["8028"]]


def _finding(level: int, code: str, xpath: str) -> Finding:
    return Finding(level=level, code=code, text_nl="t", text_en="t", locations=(Location(xpath),))


def test_short_circuit_across_levels_for_bm() -> None:
    """BM: a level-4 Header error removes level-3 findings below; levels 2 and 5 stay."""
    model = ClassModel.for_release("bm", "2.0")
    header = _finding(4, "X1", "/Bericht/Header/Berichtsoort")
    lower = _finding(3, "X2", "/Bericht/Betaalopdracht[2]/BedragDC")
    plugin = _finding(5, "X3", "/Bericht/Betaalopdracht[2]")
    kept = apply_short_circuit([header, lower, plugin], model)
    assert [f.code for f in kept] == ["X1", "X3"]
    assert [f.code for f in apply_short_circuit([lower, plugin], model)] == ["X2", "X3"]
    assert top_class(lower) == "Betaalopdracht"


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12.0), (" 12 ", 12.0), ("\t-0\n", -0.0), (".5", 0.5), ("5.", 5.0), ("007", 7.0)],
)
def test_xpath1_numbers(text: str, value: float) -> None:
    """The forms XPath 1.0 number() reads."""
    assert xpath1_number(text) == value


@pytest.mark.parametrize(
    "text", ["+12", "1E2", "INF", "-INF", "NaN", "", "1 2", "--1", "2026-11-23"]
)
def test_xpath1_non_numbers(text: str) -> None:
    """Forms XPath 3.0 (or Python) reads but XPath 1.0 number() does not are NaN."""
    assert math.isnan(xpath1_number(text))


def test_dates_with_a_time_zone_are_nan() -> None:
    """A date is compared as the number YYYYMMDD; with a time zone it is NaN."""
    assert date_number("2026-11-23") == 20261123.0
    for text in ("2026-11-23+01:00", "2026-11-23-02:00", "2026-11-23Z"):
        assert math.isnan(date_number(text))


FC13 = {
    "ZA-9292-code-zonder-soort": ["VC058-9292"],
    "SC-header-en-soortkosten": ["VC001-8028"],
    "X-verzenddatum-morgen-met-tijdzone": [],
}


@pytest.mark.parametrize("name", sorted(FC13))
def test_field_case_fc13(name: str) -> None:
    """fc13: the three GDS801 messages give what VECOZO's XSLT 1.0 stylesheets give."""
    folder = need_shared("field-cases", "fc13-gds-as-vecozo-runs-it")
    lists = CodeLists(overrides={p.stem: p for p in (folder / "codelists").glob("*.csv")})
    report = validate(
        folder / f"{name}.xml", as_of=dt.date(2026, 11, 22), environment="P", codelists=lists
    )
    assert report.engine_errors == ()
    assert report.codes == FC13[name]


NUMBER_FORMS = [
    *("12", " 12 ", "\t-0\n", ".5", "5.", "007", "+12", "1E2", "1e2", "INF", "-INF", "NaN"),
    *("", "1 2", "--1", "20261123+01:00", "20261123Z", "2026112301:00", "\u00a012"),
    *("-", ".", " ", "1-2", "1.2.3", "-.5", "- 5", "\u0661\u0662", "12a", "0x1A"),
]


@pytest.mark.parametrize("module", ["istandaarden-3.2-core.xsl", "vektis-core.xsl"])
def test_stylesheet_numbers_are_xpath1_numbers(module: str, tmp_path: Path) -> None:
    """ei:number and vk:number equal XPath 1.0 number() on every form, also forms no XSD admits."""
    prefix = "ei" if module.startswith("istandaarden") else "vk"
    namespace = "urn:eistandaard:xslt:vektis" if prefix == "vk" else _ei_namespace()
    core = (ROOT / "xslt" / "common" / module).as_uri()
    stylesheet = tmp_path / "numbers.xsl"
    stylesheet.write_text(
        f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
            xmlns:{prefix}="{namespace}" xmlns:f="urn:eistandaard:findings:1">
          <xsl:import href="{core}"/>
          <xsl:template name="{prefix}:rules"/>
          <xsl:template match="/" priority="10">
            <out><xsl:value-of separator="|"
                select="for $v in /*/v return string({prefix}:number(string($v)))"/></out>
          </xsl:template>
        </xsl:stylesheet>""",
        encoding="utf-8",
    )
    values = "".join(f"<v>{escape(v)}</v>" for v in NUMBER_FORMS)
    output = transform(stylesheet, f"<r>{values}</r>".encode(), {})
    got = etree.fromstring(output.encode()).text or ""
    expected = [xpath1_number(v) for v in NUMBER_FORMS]
    for text, value, want in zip(NUMBER_FORMS, got.split("|"), expected, strict=True):
        assert (math.isnan(want) and value == "NaN") or float(value) == want, text


def _ei_namespace() -> str:
    core = (ROOT / "xslt" / "common" / "istandaarden-3.2-core.xsl").read_text(encoding="utf-8")
    return str(etree.fromstring(core.encode()).nsmap["ei"])


def test_short_circuit_is_named_in_the_notes() -> None:
    """A short circuit says which top class stopped the checks below; without one, no such note."""
    cut = validate(GDS / "sc-header-8028-lager-9346.xml", as_of=AS_OF, codelists=GDS_LISTS)
    assert [n for n in cut.notes if "short circuit" in n] == [
        "Header rejected: the level-3 and level-4 checks of the classes below did not run"
        " (the Vektis short circuit, as at VECOZO)"
    ]
    whole = validate(GDS / "sc-geen-top-8049-9348.xml", as_of=AS_OF, codelists=GDS_LISTS)
    assert not [n for n in whole.notes if "short circuit" in n]
