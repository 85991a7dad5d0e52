"""GDS801 1.0 rules: fixtures, the rule registry, and the Vektis stap1 u18 rule list agree."""

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

from eistandaard import validate
from eistandaard.conventions.vektis.feedback import parse_pairs
from eistandaard.core.findings import Finding, Level
from eistandaard.core.report import Report
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.registry import load_registry

RELEASE = FIXTURES / "gds" / "1.0"
AS_OF = dt.date(2026, 11, 23)
SIDECARS = sorted((RELEASE / "GDS801" / "invalid").glob("*.expected.toml"))
VALID = sorted((RELEASE / "GDS801" / "valid").glob("*.xml"))
TEST_LISTS = CodeLists(overrides={p.stem: p for p in (RELEASE / "codelists").glob("*.csv")})


def _expected(sidecar: Path) -> dict[str, object]:
    return tomllib.loads(sidecar.read_text(encoding="utf-8"))


def _message(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name.removesuffix(".expected.toml") + ".xml")


@cache
def _run(sidecar: Path) -> Report:
    expected = _expected(sidecar)
    as_of = expected.get("as_of", AS_OF)
    assert isinstance(as_of, dt.date)
    lists = TEST_LISTS if expected.get("codelists") == "codelists" else None
    return validate(_message(sidecar), as_of=as_of, codelists=lists)


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.toml"))
def test_invalid_fixture_gives_exactly_its_codes(sidecar: Path) -> None:
    """Each invalid GDS801 fixture gives its verdict and exactly its sidecar's distinct codes."""
    expected = _expected(sidecar)
    report = _run(sidecar)
    assert not report.engine_errors
    assert report.verdict.value == expected["verdict"]
    assert sorted(set(report.codes)) == sorted(expected["codes"])  # type: ignore[arg-type]


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.toml"))
def test_invalid_fixture_has_a_passing_neighbour(sidecar: Path) -> None:
    """The valid message each invalid fixture was derived from exists and is accepted."""
    neighbour = RELEASE / "GDS801" / str(_expected(sidecar)["passes"])
    assert neighbour in VALID


@pytest.mark.parametrize("message", VALID, ids=lambda p: p.stem)
@pytest.mark.parametrize("lists", ["bundled", "test"])
def test_valid_fixture_is_accepted_without_findings(message: Path, lists: str) -> None:
    """Valid GDS801 fixtures give no finding, with the bundled and with the test code lists."""
    report = validate(message, as_of=AS_OF, codelists=TEST_LISTS if lists == "test" else None)
    assert report.verdict.value == "accepted", [(f.code, f.details) for f in report.findings]
    assert report.findings == ()


def test_stylesheet_codes_are_the_level3_registry_codes() -> None:
    """The codes GDS801.xsl/GDS802.xsl emit are exactly the level-3 entries of rules.toml."""
    registry = load_registry("gds", "1.0")
    for message in ("GDS801", "GDS802"):
        text = (ROOT / "xslt" / "gds" / "1.0" / f"{message}.xsl").read_text(encoding="utf-8")
        emitted = set(re.findall(r"'(VC\d+-\d{4})'", text))
        registered = {
            r.id for r in registry.values() if r.level == Level.RELATION and message in r.messages
        }
        assert emitted == registered, message


def test_codelist_rules_are_the_level4_registry_codes() -> None:
    """Every retourcode of the code-list checks of referential.toml is a level-4 registry entry."""
    registry = load_registry("gds", "1.0")
    data = tomllib.loads((ROOT / "rbc" / "gds" / "1.0" / "referential.toml").read_text())
    codes = {
        f"{check['rule']}-{code}"
        for check in data["check"]
        for code in check.get("retourcodes", {}).values()
    }
    level4 = {r.id for r in registry.values() if r.level == Level.REFERENTIAL}
    assert codes == level4
    for code in codes:
        assert registry[code].retourcode == code.split("-")[1]


def test_short_circuit_hides_lower_findings() -> None:
    """With a Header error the prestatie rules do not run (the Vektis short circuit)."""
    sidecar = RELEASE / "GDS801" / "invalid" / "short-circuit-header-and-prestatie.expected.toml"
    assert _run(sidecar).codes == ["VC001-8028"]


# ---------------------------------------------------------------- the Vektis rule list


def _stap1_rows() -> list[dict[str, str]]:
    path = need_shared("reference", "vektis-gds", "rules.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["stap"] == "1"]


_NAME = re.compile(r"^'?([A-Za-z]+)")
_OPTIONAL = re.compile(r"\([^)]*indien aanwezig\)")
_UNKNOWN = re.compile(r"\(tweede element onbekend[^)]*\)")
_REMARK = re.compile(r"\([^)]*\)")


def _expected_names(text: str) -> list[tuple[str | None, bool]]:
    """(name, optional) per betrokken element of a rules.csv cell; name None = any one name."""
    if text.startswith("(geen)"):
        return []
    everything_optional = "elk alleen indien aanwezig" in text
    text = _REMARK.sub("", _UNKNOWN.sub("*", _OPTIONAL.sub("?", text)))
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    elif "vermoedelijk " in text:
        text = text.split("vermoedelijk ", 1)[1]
    names: list[tuple[str | None, bool]] = []
    for token in text.split(";"):
        token = token.strip()
        if token == "*":
            names.append((None, False))
            continue
        match = _NAME.match(token)
        assert match, token
        optional = everything_optional or "?" in token
        names.append((match.group(1), optional))
    return names


def _matches(found: list[str], expected: list[tuple[str | None, bool]]) -> bool:
    if not expected:
        return not found
    (name, optional), rest = expected[0], expected[1:]
    if found and (name is None or found[0] == name) and _matches(found[1:], rest):
        return True
    return optional and _matches(found, rest)


def _finding(code: str) -> tuple[Finding, set[str]]:
    """The finding ``code`` and the element names of the fixture it came from.

    The fixture named after the code is preferred; else any fixture that has the code.
    """
    own = [s for s in SIDECARS if s.name.startswith(code.lower())]
    for sidecar in own + [s for s in SIDECARS if s not in own]:
        if code in _expected(sidecar)["codes"]:  # type: ignore[operator]
            for finding in _run(sidecar).findings:
                if finding.code == code:
                    tree = etree.parse(str(_message(sidecar)))
                    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
                    return finding, {etree.QName(e).localname for e in elements}
    raise AssertionError(f"no fixture triggers {code}")


def test_the_stap1_rule_list_has_175_rows() -> None:
    """The reference list the next test walks is the complete stap1 u18 set."""
    rows = _stap1_rows()
    assert len(rows) == 175
    assert len({r["retourcode"] for r in rows}) == 166


def test_every_stap1_rule_row_is_triggered_with_code_class_and_betrokken() -> None:
    """Each stap1 u18 row has a fixture whose finding carries its retourcode, class and names.

    The betrokken elementen must come in the row's order; optional ones, and elements the
    fixture does not have, may be absent.
    """
    problems: list[str] = []
    for row in _stap1_rows():
        code = f"{row['rule_id']}-{row['retourcode']}"
        finding, present = _finding(code)
        expected = [
            (name, optional or (name is not None and name not in present))
            for name, optional in _expected_names(row["betrokken_elementen"])
        ]
        klass = row["class"].split(" (")[0]
        names = [b.elementnaam for b in parse_pairs(finding.details) or ()]
        if finding.retourcode != row["retourcode"]:
            problems.append(f"{code}: retourcode {finding.retourcode}")
        if finding.message_class != klass:
            problems.append(f"{code}: class {finding.message_class}, expected {klass}")
        if not _matches(names, expected):
            problems.append(f"{code}: betrokken {names} vs {row['betrokken_elementen']}")
    assert not problems, "\n".join(problems)


def test_zorgaanbieder_rules_are_placed_in_the_right_zorgaanbieder() -> None:
    """DebetPrestatie Zorgaanbieder rules point below DebetPrestatie, RC010 at DeclaratieContext."""
    assert "/DebetPrestatie/Zorgaanbieder" in (_finding("VC104-9478")[0].xpath or "")
    assert (_finding("RC010-9321")[0].xpath or "").endswith("/DeclaratieContext/Zorgaanbieder")
