"""Level-2 texts say what the schema says: patterns, sets and lengths survive in every output.

libxml2 writes qualified names as ``{namespace-uri}Name``; only those namespace prefixes may be
removed. The fixtures with a ``[details]`` table in their sidecar name texts that must appear in
the finding's details, and so in the text, JSON and rapport output of ``ei validate``.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, need_shared

import eistandaard
from eistandaard.cli.main import main
from eistandaard.levels.structure import _clean_message, schema_namespaces

_WMO = "http://www.istandaarden.nl/iwmo/3_2/wmo323/schema"
_BASIS = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"


def _with_details() -> list[tuple[Path, dict[str, list[str]]]]:
    found = []
    for sidecar in sorted(FIXTURES.rglob("*.expected.toml")):
        expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        if "details" in expected:
            message = sidecar.with_name(sidecar.name.removesuffix(".expected.toml") + ".xml")
            found.append((message, expected["details"]))
    return found


CASES = _with_details()


def _id(case: tuple[Path, dict[str, list[str]]]) -> str:
    return str(case[0].relative_to(FIXTURES))


def test_there_are_text_fixtures_for_every_family() -> None:
    """Fixtures with expected texts exist for iWmo, iJw, BM and GDS (a glob finding none passes)."""
    families = {path.relative_to(FIXTURES).parts[0] for path, _ in CASES}
    assert {"iwmo", "ijw", "bm", "gds"} <= families


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_library_details_keep_the_facts(case: tuple[Path, dict[str, list[str]]]) -> None:
    """The finding's details hold the pattern / set / element name the sidecar lists."""
    path, wanted = case
    report = eistandaard.validate(path)
    for code, texts in wanted.items():
        details = [f.details or "" for f in report.findings if f.code == code]
        assert details, f"no {code} finding"
        for text in texts:
            assert any(text in d for d in details), (text, details)
        assert all("{http" not in d for d in details), details


@pytest.mark.parametrize("fmt", ["text", "json", "rapport"])
@pytest.mark.parametrize("case", CASES, ids=_id)
def test_every_output_format_keeps_the_facts(
    case: tuple[Path, dict[str, list[str]]], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei validate`` prints the same facts in text, JSON and rapport output."""
    path, wanted = case
    assert main(["validate", "--format", fmt, str(path)]) == 1
    out = capsys.readouterr().out
    if fmt == "json":
        findings = json.loads(out)["reports"][0]["findings"]
        seen = " ".join(f["details"] or "" for f in findings)
    elif fmt == "rapport":
        root = etree.fromstring(out.encode("utf-8"))
        seen = " ".join(e.text or "" for e in root.iter("{*}Details"))
    else:
        seen = " ".join(out.split())  # text output may wrap long lines
    for texts in wanted.values():
        for text in texts:
            assert " ".join(text.split()) in seen, (fmt, text)


def test_enumeration_set_and_type_name_are_kept() -> None:
    """A set stays whole; the namespace of a type name from another schema goes."""
    message = (
        f"Element '{{{_WMO}}}DebetCredit': [facet 'enumeration'] The value 'd' is not an "
        "element of the set {'C', 'D'}."
    )
    assert _clean_message(message, frozenset({_WMO})) == (
        "Element 'DebetCredit': [facet 'enumeration'] The value 'd' is not an element of the "
        "set {'C', 'D'}."
    )
    typed = (
        f"Element '{{{_WMO}}}Datum': 'x' is not a valid value of the atomic type "
        f"'{{{_BASIS}}}LDT_Datum'."
    )
    assert _clean_message(typed, frozenset({_WMO, _BASIS})) == (
        "Element 'Datum': 'x' is not a valid value of the atomic type 'LDT_Datum'."
    )


def test_expected_lists_lose_namespaces_only() -> None:
    """``Expected is one of ( {ns}A, {ns}B )`` reads ``( A, B )``."""
    message = (
        f"Element '{{{_WMO}}}X': This element is not expected. "
        f"Expected is one of ( {{{_WMO}}}A, {{{_WMO}}}B )."
    )
    assert _clean_message(message, frozenset({_WMO})) == (
        "Element 'X': This element is not expected. Expected is one of ( A, B )."
    )


@pytest.mark.parametrize(
    "fact",
    [
        "'[0-9]{8}'",
        "'\\p{L}{1,3}'",
        "'x{2,}'",
        "{'0001', '8001'}",
        "'{urn:other}Name'",  # a value that looks like a name in an unknown namespace
        "'{" + _WMO + "}'",  # a known namespace not followed by a name
    ],
)
def test_braces_that_are_not_namespaces_stay(fact: str) -> None:
    """Quantifiers, character classes, sets and values between braces are never removed."""
    message = f"Element '{{{_WMO}}}A': [facet 'pattern'] The value 'v' is not accepted by {fact}."
    cleaned = _clean_message(message, frozenset({_WMO}))
    assert cleaned == f"Element 'A': [facet 'pattern'] The value 'v' is not accepted by {fact}."


def test_schema_namespaces_follow_imports() -> None:
    """The namespaces of an iWmo message schema include its imported basisschema's."""
    path = next((FIXTURES.parent / "schemas" / "iwmo" / "3.2").glob("WMO323.xsd"))
    found = schema_namespaces(path)
    assert _WMO in found
    assert _BASIS in found


def test_field_case_fc01_names_the_allowed_values(capsys: pytest.CaptureFixture[str]) -> None:
    """fc01: the DebetCredit finding names {'C', 'D'} in text, JSON and rapport output."""
    folder = need_shared("field-cases", "fc01-enum-text")
    path = next(folder.glob("*.xml"))
    for fmt in ("text", "json", "rapport"):
        assert main(["validate", "--format", fmt, str(path)]) == 1
        out = capsys.readouterr().out
        assert "{'C', 'D'}" in out, fmt
        assert "the set ." not in out, fmt


@pytest.mark.parametrize(("family", "folder"), [("iwmo", "wmo"), ("ijw", "jw")])
def test_official_schemas_give_the_same_facts(
    family: str, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the official schema release (--schemas), texts keep the facts and lose the URIs."""
    schemas = need_shared(
        "reference", "istandaarden", "jaapjunior", "packages", "api", folder, "bronnen", "xsd"
    )
    for path, wanted in CASES:
        if path.relative_to(FIXTURES).parts[0] != family:
            continue
        assert main(["validate", "--format", "json", "--schemas", str(schemas), str(path)]) == 1
        findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
        seen = " ".join(f["details"] or "" for f in findings)
        assert "{http" not in seen
        for texts in wanted.values():
            assert any(fact in seen for fact in texts if "{" in fact or "[" in fact), seen
