"""Each relation rule on small authored messages, and the engine's failure behaviour.

Fixtures: ``fixtures/<family>/3.2/<MESSAGE>/valid/*.xml`` (no level-3 finding) and
``.../invalid/*.xml`` with a sidecar ``<name>.expected.toml`` naming the exact set of codes.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard.core.errors import EngineError
from eistandaard.core.findings import Level
from eistandaard.levels.relations.external import parse_rapport, run_rapport_stylesheet
from eistandaard.levels.relations.runner import check_relations, parse_findings
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.registry import load_registry

AS_OF = dt.date(2026, 11, 23)
DATA = Path(__file__).resolve().parent / "data"
MESSAGES = [
    spec.name
    for spec in default_catalog().messages
    if spec.family in ("iwmo", "ijw") and spec.release.release == "3.2"
]
F_OPEN = '<findings xmlns="urn:eistandaard:findings:1">'
F_CLOSE = "</findings>"


def _spec(name: str):  # type: ignore[no-untyped-def]
    return default_catalog().get(name)


def _fixtures(kind: str) -> list[tuple[str, Path]]:
    found = []
    for name in MESSAGES:
        family = "iwmo" if name.startswith("WMO") else "ijw"
        folder = FIXTURES / family / "3.2" / name / kind
        found += [(name, path) for path in sorted(folder.glob("*.xml"))]
    return found


def _relation_fixtures() -> list[tuple[str, Path]]:
    """Invalid fixtures whose codes are all relation rules (others test levels 1, 2, 4, 5)."""
    chosen = []
    for name, path in _fixtures("invalid"):
        sidecar = tomllib.loads(path.with_name(path.stem + ".expected.toml").read_text("utf-8"))
        rules = load_registry("iwmo" if name.startswith("WMO") else "ijw", "3.2")
        codes = set(sidecar.get("codes", ()))
        if codes and all(code in rules and rules[code].implemented for code in codes):
            chosen.append((name, path))
    return chosen


def _codes(name: str, path: Path) -> set[str]:
    return {f.code for f in check_relations(_spec(name), path.read_bytes(), as_of=AS_OF)}


@pytest.mark.parametrize(("name", "path"), _fixtures("valid"), ids=lambda v: getattr(v, "stem", v))
def test_valid_fixture_has_no_relation_findings(name: str, path: Path) -> None:
    """A valid fixture (also the edge cases that look wrong but pass) gives no finding."""
    assert _codes(name, path) == set()


@pytest.mark.parametrize(
    ("name", "path"), _relation_fixtures(), ids=lambda v: getattr(v, "stem", v)
)
def test_invalid_fixture_gives_exactly_its_codes(name: str, path: Path) -> None:
    """An invalid fixture gives exactly the codes of its sidecar."""
    expected = tomllib.loads(path.with_name(path.stem + ".expected.toml").read_text("utf-8"))
    assert expected["verdict"] == "rejected"
    assert _codes(name, path) == set(expected["codes"])


def test_every_implemented_rule_has_a_failing_fixture() -> None:
    """Each rule of each message is triggered by at least one fixture of that message."""
    covered: dict[str, set[str]] = {}
    for name, path in _relation_fixtures():
        sidecar = tomllib.loads(path.with_name(path.stem + ".expected.toml").read_text("utf-8"))
        covered.setdefault(name, set()).update(sidecar["codes"])
    for family in ("iwmo", "ijw"):
        for rule in load_registry(family, "3.2").values():
            for message in rule.messages if rule.implemented else ():
                assert rule.id in covered.get(message, set()), (
                    f"no fixture triggers {rule.id} in {message}"
                )


def test_every_implemented_rule_has_a_fixture_just_beside() -> None:
    """Each rule of each message has a fixture named after it that does not give it.

    The "just beside" fixture changes the message next to the rule's trigger (one day later,
    another code, the other branch of a condition) and must not fire the rule.
    """
    beside: dict[str, set[str]] = {}
    for name, path in _fixtures("valid") + _fixtures("invalid"):
        sidecar = path.with_name(path.stem + ".expected.toml")
        codes = (
            set(tomllib.loads(sidecar.read_text("utf-8"))["codes"]) if sidecar.exists() else set()
        )
        for part in path.stem.split("-"):
            rule = part.upper()
            if len(rule) == 5 and rule[:2].isalpha() and rule[2:].isdigit() and rule not in codes:
                beside.setdefault(name, set()).add(rule)
    missing = []
    for family in ("iwmo", "ijw"):
        for rule in load_registry(family, "3.2").values():
            for message in rule.messages if rule.implemented else ():
                if message[-3:] not in ("323", "325") and rule.id not in beside.get(message, set()):
                    missing.append(f"{rule.id} in {message}")
    assert not missing, missing


def test_findings_carry_registry_data_and_locations() -> None:
    """A finding has level 3, the registry texts, retourcode, class and the official path."""
    path = FIXTURES / "iwmo/3.2/WMO323/invalid/tr319-after-period.xml"
    findings = check_relations(_spec("WMO323"), path.read_bytes(), as_of=AS_OF)
    assert {f.code for f in findings} == {"TR319"}
    first = findings[0]
    assert first.level is Level.RELATION
    assert first.retourcode == "9319"
    assert first.message_class == "Prestatie"
    assert first.text_nl
    assert first.text_en
    paths = {loc.xpath for f in findings for loc in f.locations}
    assert "/Bericht/Declaratie/DeclaratiePeriode/Einddatum" in paths
    assert (
        "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Begindatum"
        in paths
    )


def test_default_namespace_and_other_prefixes_give_the_same_findings() -> None:
    """Rules match by local name: rewriting the prefix to a default namespace changes nothing."""
    path = FIXTURES / "iwmo/3.2/WMO323/invalid/tr416-double-debit.xml"
    text = path.read_text("utf-8")
    rewritten = text.replace('xmlns:m="', 'xmlns="').replace("<m:", "<").replace("</m:", "</")
    spec = _spec("WMO323")
    before = [(f.code, f.locations) for f in check_relations(spec, text.encode(), as_of=AS_OF)]
    after = [(f.code, f.locations) for f in check_relations(spec, rewritten.encode(), as_of=AS_OF)]
    assert before == after
    assert before


def test_missing_stylesheet_raises_engine_error(tmp_path: Path) -> None:
    """A stylesheet that does not exist is an engine error, not an empty result."""
    path = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
    with pytest.raises(EngineError, match="cannot be read"):
        check_relations(
            _spec("WMO323"), path.read_bytes(), as_of=AS_OF, stylesheet=tmp_path / "no.xsl"
        )


def test_broken_stylesheet_raises_engine_error(tmp_path: Path) -> None:
    """A stylesheet that does not compile is an engine error."""
    broken = tmp_path / "broken.xsl"
    broken.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="/"><xsl:value-of select="nope:x()"/></xsl:template></xsl:stylesheet>'
    )
    path = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
    with pytest.raises(EngineError, match="does not compile"):
        check_relations(_spec("WMO323"), path.read_bytes(), as_of=AS_OF, stylesheet=broken)


def test_runtime_error_raises_engine_error(tmp_path: Path) -> None:
    """A dynamic error in the stylesheet is an engine error."""
    failing = tmp_path / "failing.xsl"
    failing.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="/"><xsl:sequence select="error()"/></xsl:template></xsl:stylesheet>'
    )
    path = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
    with pytest.raises(EngineError, match="failed"):
        check_relations(_spec("WMO323"), path.read_bytes(), as_of=AS_OF, stylesheet=failing)


def test_unparsable_message_raises_engine_error() -> None:
    """A message Saxon cannot parse is an engine error."""
    with pytest.raises(EngineError, match="cannot be parsed"):
        check_relations(_spec("WMO323"), b"<Bericht>", as_of=AS_OF)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("not xml", "not XML"),
        ("<other/>", "expected"),
        ('<findings xmlns="urn:eistandaard:findings:1"><oops/></findings>', "unexpected output"),
        (
            F_OPEN + '<finding rule="ZZ999"><location>/B</location></finding>' + F_CLOSE,
            "not in the rule registry",
        ),
        (
            '<findings xmlns="urn:eistandaard:findings:1"><finding rule="TR101"/></findings>',
            "no location",
        ),
        (
            F_OPEN + "<finding><location>/B</location></finding>" + F_CLOSE,
            "no rule",
        ),
        (
            F_OPEN + '<finding rule="TR101"><location>B</location></finding>' + F_CLOSE,
            "not a path",
        ),
    ],
)
def test_output_outside_the_contract_raises_engine_error(output: str, message: str) -> None:
    """Output that is not in the findings contract is never read as "no findings"."""
    with pytest.raises(EngineError, match=message):
        parse_findings(output, load_registry("iwmo", "3.2"), source="test")


def test_empty_findings_document_is_no_findings() -> None:
    """An empty findings document means the rules ran and found nothing."""
    assert parse_findings('<findings xmlns="urn:eistandaard:findings:1"/>', {}, source="t") == []


def test_external_rapport_stylesheet_maps_every_fout() -> None:
    """An external XSLT 1.0 rapport stylesheet runs unchanged; each Fout becomes a finding."""
    path = FIXTURES / "iwmo/3.2/WMO323/invalid/cs002-bsn-elfproef.xml"
    registry = load_registry("iwmo", "3.2")
    findings = run_rapport_stylesheet(
        DATA / "rapport_rules.xsl", path.read_bytes(), as_of=AS_OF, registry=registry
    )
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"XX001", "TR101"}
    assert by_code["XX001"].text_nl == "Bsn eindigt op 0"
    assert by_code["XX001"].level is Level.RELATION
    assert by_code["TR101"].text_nl == registry["TR101"].text_nl
    assert by_code["TR101"].retourcode == "0001"
    assert [loc.xpath for loc in by_code["TR101"].locations] == [
        "/Bericht/Header",
        "/Bericht/Header/BerichtCode",
    ]


def test_external_stylesheet_without_rapport_raises_engine_error() -> None:
    """A stylesheet whose output is not a rapport is an engine error."""
    with pytest.raises(EngineError, match="rapport"):
        parse_rapport('<findings xmlns="urn:eistandaard:findings:1"/>')
    with pytest.raises(EngineError, match="Code"):
        parse_rapport(
            '<Rapport xmlns="http://www.istandaarden.nl/validatie/1_1/rapport/schema">'
            "<Fouten><Fout><Locatie>/B</Locatie></Fout></Fouten></Rapport>"
        )
