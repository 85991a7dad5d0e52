"""Every heen fixture of iWmo/iJw 3.2 (301, 305, 307, 315, 317, 319) gets a sound IV032 retour.

A sweep over the project's own fixtures (valid and invalid): a message that fails level 1 or 2
gets no retour; every other one gets a retour that is valid against our retour XSD, against the
official iJw retour XSD (with ../shared; skipped without it), that `eistandaard.explain` (the
engine behind `ei diff`) calls consistent, and whose outcome follows IV032 (0001 for a failed
message-content rule, a class code for a level-4 finding, 0200 everywhere otherwise).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from tests.answer_helpers import official_schema_errors, own_schema_errors
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.core.findings import Level, Severity

AS_OF = dt.date(2026, 11, 23)  # the peildatum of the fixture sidecars (tests/test_fixtures.py)
HEEN = [
    (family, f"{prefix}{number}")
    for family, prefix in (("iwmo", "WMO"), ("ijw", "JW"))
    for number in (301, 305, 307, 315, 317, 319)
]
REQUESTS = [
    path
    for family, name in HEEN
    for path in sorted((FIXTURES / family / "3.2" / name).glob("*/*.xml"))
]


def _id(path: Path) -> str:
    return "/".join(path.parts[-3:])


def _answer_of(request: Path) -> str:
    """The retour message's name (JW301 -> JW302), read from the request's folder."""
    name = request.parts[-3]
    digits = name.lstrip("WMOJ")
    return name[: len(name) - len(digits)] + str(int(digits) + 1)


@pytest.mark.parametrize("request_path", REQUESTS, ids=_id)
def test_every_heen_fixture_gets_a_valid_consistent_retour(request_path: Path) -> None:
    """The retour of each 301-319 fixture is schema-valid (ours, official iJw) and consistent."""
    report = eistandaard.validate(request_path, as_of=AS_OF)
    result = eistandaard.build_return(request_path, report, identificatie="SWEEP-1")
    structural = any(
        f.severity is Severity.ERROR and f.level <= Level.STRUCTURE for f in report.findings
    )
    if structural or report.identity is None:
        assert result.message is None, "a message failing level 1 or 2 gets no retour"
        return
    assert result.message is not None
    family = request_path.parts[-5]
    answer = _answer_of(request_path)
    assert own_schema_errors(result.message, family, answer) == []
    assert result.explanation is not None
    assert result.explanation.consistent, result.explanation.problems
    sidecar = request_path.with_suffix(".expected.toml")
    if request_path.parent.name == "valid":
        assert result.outcome.value == "fully-accepted"
    elif sidecar.exists() and tomllib.loads(sidecar.read_text("utf-8")).get("verdict") == (
        "rejected"
    ):
        assert result.outcome.value != "fully-accepted", "a rejected request is not accepted"
    if family == "ijw":
        assert official_schema_errors(result.message, answer) == []


def test_the_sweep_covers_every_heen_message_and_both_families() -> None:
    """The sweep is not empty: every heen message of both families has fixtures in it."""
    names = {path.parts[-3] for path in REQUESTS}
    assert names == {name for _, name in HEEN}
    assert sum(1 for p in REQUESTS if p.parent.name == "invalid") > 50
