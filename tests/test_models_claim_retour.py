"""``models.claim_statuses`` is for claims: a retour pair (IV032) is refused, not faked.

Kind: given a WMO301 and its WMO302, ``claim_statuses`` returned every class of the 301
(Relatie, Contact, ToegewezenProduct ...) as a "claim line" with declared and granted 0; a 301
with another family's answer failed with a reason naming neither given message.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard import models
from eistandaard.core.errors import InputError

RETOUR = FIXTURES / "answers" / "retour"
PAIRS = sorted(RETOUR.glob("*-reject-*.expected.toml"))


def _pair(sidecar: Path) -> tuple[Path, Path]:
    case = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    return RETOUR / case["request"], RETOUR / case["answer"]


@pytest.mark.parametrize("sidecar", PAIRS, ids=lambda p: p.name.removesuffix(".expected.toml"))
def test_a_retour_pair_has_no_claim_lines(sidecar: Path) -> None:
    """Every retour pair (301/302 ... 319/320, both families): InputError pointing to explain."""
    request, answer = _pair(sidecar)
    with pytest.raises(InputError, match=r"has no claim lines .* use eistandaard\.explain"):
        models.claim_statuses(request, answer)


def test_an_answer_of_another_message_names_both() -> None:
    """A WMO301 with a WMO325: the error names the WMO325 and the WMO301 given."""
    request = FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml"
    answer = FIXTURES / "golden/two-clients-with-credit.WMO325.xml"
    with pytest.raises(InputError, match=r"^the WMO325 does not answer this WMO301"):
        models.claim_statuses(request, answer)


def test_a_declaration_pair_still_has_its_claim_lines() -> None:
    """The WMO323/WMO325 pair keeps one status per Prestatie (the refusal is for retours only)."""
    request = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
    answer = FIXTURES / "golden/two-clients-with-credit.WMO325.xml"
    lines = models.claim_statuses(request, answer)
    assert len(lines) == 3
    assert {line.client for line in lines} == {"999900031", "999900043"}
