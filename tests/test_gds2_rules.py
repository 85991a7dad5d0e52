"""GDS801 2.0 rules: fixtures, registry, derived files and the Vektis v2.x rule rows agree."""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT, need_shared
from tools import gds_release2 as release2

from eistandaard import validate
from eistandaard.conventions.vektis.feedback import parse_pairs
from eistandaard.core.findings import Finding, Level
from eistandaard.core.report import Report
from eistandaard.standards.inheritance import release_data
from eistandaard.standards.registry import load_registry

RELEASE = FIXTURES / "gds" / "2.0" / "GDS801"
AS_OF = dt.date(2026, 11, 23)
SIDECARS = sorted(RELEASE.glob("*/*.expected.toml"))
INVALID = [s for s in SIDECARS if s.parent.name == "invalid"]
VALID = sorted((RELEASE / "valid").glob("*.xml"))
_IDS = {"ids": lambda p: p.name.removesuffix(".expected.toml")}


def _expected(sidecar: Path) -> dict[str, object]:
    return tomllib.loads(sidecar.read_text(encoding="utf-8"))


def _message(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name.removesuffix(".expected.toml") + ".xml")


@cache
def _run(sidecar: Path) -> Report:
    as_of = _expected(sidecar).get("as_of", AS_OF)
    assert isinstance(as_of, dt.date)
    return validate(_message(sidecar), as_of=as_of)


def test_derived_files_are_up_to_date() -> None:
    """The 2.0 schemas and rbc files generated from 1.0 match their generator."""
    assert release2.outdated() == []


def test_catalog_picks_the_release_by_berichtversie() -> None:
    """A Berichtversie 2 message is checked as GDS 2.0 (and its schema has the v2 elements)."""
    report = validate(VALID[0], as_of=AS_OF)
    assert report.identity is not None
    assert (report.identity.family, report.identity.release) == ("gds", "2.0")
    assert report.rules_version is not None
    assert "gds-2.0" in report.rules_version


@pytest.mark.parametrize("sidecar", SIDECARS, **_IDS)
def test_fixture_gives_exactly_its_codes(sidecar: Path) -> None:
    """Each invalid or boundary GDS801 2.0 fixture gives its verdict and exactly its codes."""
    expected = _expected(sidecar)
    report = _run(sidecar)
    assert not report.engine_errors
    assert report.verdict.value == expected["verdict"]
    assert sorted(set(report.codes)) == sorted(expected["codes"])  # type: ignore[arg-type]


@pytest.mark.parametrize("sidecar", SIDECARS, **_IDS)
def test_fixture_has_a_passing_neighbour(sidecar: Path) -> None:
    """The valid message each fixture was derived from exists in valid/."""
    assert RELEASE / str(_expected(sidecar)["passes"]) in VALID


@pytest.mark.parametrize("message", VALID, ids=lambda p: p.stem)
def test_valid_fixture_is_accepted_without_findings(message: Path) -> None:
    """Valid GDS801 2.0 fixtures give no finding at 2026-11-23."""
    report = validate(message, as_of=AS_OF)
    assert report.verdict.value == "accepted", [(f.code, f.details) for f in report.findings]
    assert report.findings == ()


def test_a_1_0_message_is_still_checked_as_1_0() -> None:
    """Berichtversie 1 keeps the 1.0 rules: a 2027 prestatie there is refused by the sunset 9798."""
    sidecar = FIXTURES / "gds" / "1.0" / "GDS801" / "invalid" / "vc173-9799-credit-begins-2027.xml"
    report = validate(sidecar, as_of=dt.date(2027, 1, 6))
    assert report.identity is not None
    assert report.identity.release == "1.0"
    assert report.codes == ["VC173-9799"]


def _emitted(message: str) -> set[str]:
    pattern = re.compile(r"'(VC\d+[a-z]?-\d{4})'")
    old = set(pattern.findall((ROOT / "xslt/gds/1.0" / f"{message}.xsl").read_text("utf-8")))
    new = (ROOT / "xslt/gds/2.0" / f"{message}.xsl").read_text("utf-8")
    replaced = set()
    if "g2:replaced" in new:
        block = new.split('name="g2:replaced"', 1)[1].split("/>", 1)[0]
        replaced = set(pattern.findall(block))
    return (old - replaced) | set(pattern.findall(new.replace(block, "") if replaced else new))


@pytest.mark.parametrize("message", ["GDS801", "GDS802"])
def test_stylesheet_codes_are_the_level3_registry_codes(message: str) -> None:
    """The codes the 2.0 stylesheets emit (1.0 kept + v2) are the level-3 entries of rules.toml."""
    registry = load_registry("gds", "2.0")
    registered = {
        r.id for r in registry.values() if r.level == Level.RELATION and message in r.messages
    }
    assert _emitted(message) == registered


def test_dropped_rules_are_not_in_the_2_0_registry() -> None:
    """The 1.0 sunset rules (9798/9799) are not part of 2.0."""
    registry = load_registry("gds", "2.0")
    dropped = release_data("gds", "2.0").drop["rules.toml"]
    assert dropped == {"VC172-9798", "VC173-9799"}
    assert not dropped & set(registry)
    assert set(load_registry("gds", "1.0")) >= dropped


# ---------------------------------------------------------------- the Vektis v2.x rule rows


def _v2_rows() -> list[dict[str, str]]:
    path = need_shared("reference", "vektis-gds", "rules.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["stap"] == "n/a" and r["applies_to"].startswith("801 heen")]


def _code(row: dict[str, str]) -> str:
    """The finding code of a row: ``<id>-<retourcode>``, ``VC<retourcode>[variant]`` without id."""
    if row["rule_id"]:
        return f"{row['rule_id']}-{row['retourcode']}"
    variant = row["variant"] if re.fullmatch(r"[a-z]", row["variant"]) else ""
    return f"VC{row['retourcode']}{variant}-{row['retourcode']}"


def _expected_names(text: str) -> list[tuple[str, bool]]:
    """(lower-case name, optional) per betrokken element of a rules.csv cell."""
    names = []
    for token in re.sub(r"\([^)]*\)", "", text).split(";"):
        token = token.strip()
        quoted = re.match(r"^'([^']+)'", token)
        name = quoted.group(1) if quoted else re.match(r"^[A-Za-z0-9]+", token).group(0)  # type: ignore[union-attr]
        names.append((name.lower(), token.endswith("?")))
    return names


def _matches(found: list[str], expected: list[tuple[str, bool]]) -> bool:
    if not expected:
        return not found
    (name, optional), rest = expected[0], expected[1:]
    if found and found[0] == name and _matches(found[1:], rest):
        return True
    return optional and _matches(found, rest)


def _finding(code: str) -> tuple[Finding, set[str]]:
    own = [s for s in INVALID if s.name.startswith(code.lower())]
    for sidecar in own + [s for s in INVALID if s not in own]:
        if code in _expected(sidecar)["codes"]:  # type: ignore[operator]
            for finding in _run(sidecar).findings:
                if finding.code == code:
                    tree = etree.parse(str(_message(sidecar)))
                    names = {
                        etree.QName(e).localname.lower()
                        for e in tree.iter()
                        if isinstance(e.tag, str)
                    }
                    return finding, names
    raise AssertionError(f"no fixture triggers {code}")


def test_the_v2_rule_list_has_59_rows() -> None:
    """The reference list the next test walks: every GDS801 row outside stap1 u18."""
    assert len(_v2_rows()) == 59


def test_every_v2_rule_row_is_triggered_with_code_class_and_betrokken() -> None:
    """Each v2.x row has an invalid fixture whose finding carries its retourcode, class and names.

    The betrokken elementen come in the row's order; optional ones, and elements the fixture
    does not have (besides literal names such as 'Aantal Diagnoses'), may be absent.
    """
    problems: list[str] = []
    registry = load_registry("gds", "2.0")
    for row in _v2_rows():
        code = _code(row)
        if code not in registry:
            problems.append(f"{code}: not in the 2.0 registry")
            continue
        finding, present = _finding(code)
        literal = set(re.findall(r"'([^']+)'", row["betrokken_elementen"]))
        expected = [
            (name, optional or (name not in present and name not in {x.lower() for x in literal}))
            for name, optional in _expected_names(row["betrokken_elementen"])
        ]
        klass = row["class"].split(" (")[0].rstrip("?")
        names = [b.elementnaam.lower() for b in parse_pairs(finding.details) or ()]
        if finding.retourcode != row["retourcode"]:
            problems.append(f"{code}: retourcode {finding.retourcode}")
        if finding.message_class != klass:
            problems.append(f"{code}: class {finding.message_class}, expected {klass}")
        if not _matches(names, expected):
            problems.append(f"{code}: betrokken {names} vs {row['betrokken_elementen']}")
    assert not problems, "\n".join(problems)


def test_provisional_entries_are_flagged() -> None:
    """Every v2.x overlay entry says whether it is provisional and which rc file it restates."""
    overlay = tomllib.loads((ROOT / "rbc/gds/2.0/rules.toml").read_text("utf-8"))
    assert overlay
    for code, entry in overlay.items():
        assert isinstance(entry.get("provisional"), bool), code
        assert entry.get("source"), code
