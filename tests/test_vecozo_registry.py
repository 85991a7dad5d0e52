"""The party registry: validity periods, environments and malformed files."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.core.errors import InputError
from eistandaard.vecozo import build_request, parse_payload
from eistandaard.vecozo.registry import Registry, RegistryCheck

WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
BASE = FIXTURES / "vecozo/registry/acceptatie.toml"


def _codes(registry: Registry, as_of: dt.date, indiener: str | None = None) -> list[str]:
    parsed = parse_payload(WMO323.read_bytes())
    report = eistandaard.validate(
        parsed.data,
        as_of=as_of,
        envelope=build_request(parsed),
        vecozo_checks=[RegistryCheck(registry, indiener)],
        entry_points=False,
    )
    return sorted(f.code for f in report.findings if int(f.level) == 4)


def test_the_fixture_registry_lets_the_fixture_message_through() -> None:
    """With every party known, connected and consenting, no registry finding appears."""
    assert _codes(Registry.load(BASE), dt.date(2025, 4, 10)) == []


def test_a_consent_outside_its_period_is_brs03() -> None:
    """A toestemmingsverklaring that starts later does not count yet (BRS03)."""
    text = BASE.read_text("utf-8").replace("valid_from = 2024-01-01", "valid_from = 2025-05-01")
    registry = Registry.from_mapping(tomllib.loads(text))
    assert _codes(registry, dt.date(2025, 4, 10), "99008888") == ["BRS03"]
    assert _codes(registry, dt.date(2025, 5, 1), "99008888") == []


def test_a_party_outside_its_validity_is_unknown() -> None:
    """A sender whose registration began later is unknown on the peildatum (BRS01, BRS02)."""
    text = BASE.read_text("utf-8").replace("valid_from = 2020-01-01", "valid_from = 2025-06-01")
    registry = Registry.from_mapping(tomllib.loads(text))
    assert _codes(registry, dt.date(2025, 4, 10)) == ["BRS01", "BRS02"]


def test_production_registries_do_not_check_test_persons() -> None:
    """BRS18 applies to test environments only: a productie registry ignores the whitelist."""
    text = (FIXTURES / "vecozo/registry/test-whitelist.toml").read_text("utf-8")
    test_env = Registry.from_mapping(tomllib.loads(text))
    production = Registry.from_mapping(
        tomllib.loads(text.replace('environment = "acceptatie"', 'environment = "productie"'))
    )
    assert _codes(test_env, dt.date(2025, 4, 10)) == ["BRS18"]
    assert _codes(production, dt.date(2025, 4, 10)) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        'name = "x"',
        'name = "x"\ndate = "yesterday"',
        'name = "x"\ndate = 2025-01-01\nparty = [{}]',
    ],
)
def test_a_malformed_registry_is_an_input_error(text: str, tmp_path: Path) -> None:
    """A registry without name/date, with a bad date or a party without code: InputError."""
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        Registry.load(path)


def test_the_label_names_registry_and_date() -> None:
    """Findings name the registry as "registry NAME of DATE"."""
    assert Registry.load(BASE).label == "registry fixtures-acceptatie of 2025-04-01"


def test_registry_checks_run_on_a_message_that_fails_its_xsd() -> None:
    """VECOZO's reception checks come before the XSD: BRS04 is reported beside the CC02 error."""
    data = WMO323.read_bytes()
    bad = data.replace(b">3</m:GeleverdVolume>", b">x</m:GeleverdVolume>", 1)
    registry = Registry.load(FIXTURES / "vecozo/registry/disconnected.toml")
    report = eistandaard.validate(
        bad,
        as_of=dt.date(2025, 4, 10),
        envelope=build_request(parse_payload(data)),
        vecozo_checks=[RegistryCheck(registry)],
        entry_points=False,
    )
    assert {f.vecozo_code for f in report.findings} == {"CC02", "BRS04"}
    assert report.levels_run == (1, 2)  # levels_run speaks of the message's own levels


@pytest.mark.parametrize("written", ["20261101", "2026-W45-1"])
def test_a_registry_date_not_written_yyyy_mm_dd_is_refused(written: str) -> None:
    """The registry file's dates are YYYY-MM-DD only, as the usage and error texts say."""
    with pytest.raises(InputError, match="is not a date"):
        Registry.from_mapping({"name": "test", "date": written})
