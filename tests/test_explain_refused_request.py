"""An answer to a request that fails its XSD cannot exist: explain says so, for every family.

VECOZO refuses a message that is not XSD-valid at reception with a foutbericht (level 2): it
never reaches the receiver, so no WMO325/JW325 (IV028), GDS802 or BM802 answers it. `ei diff`
called such a pair "Consistent" (a newcomer's trial, stop 14).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT
from tests.test_explain_walk import GOLDEN, PAIRS

import eistandaard


def _broken(request: bytes) -> bytes:
    """The request with one element its XSD does not allow, as the root's last child."""
    root = etree.fromstring(request)
    etree.SubElement(root, f"{{{etree.QName(root).namespace}}}Onbekend").text = "x"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_an_answer_to_a_schema_invalid_request_is_not_consistent(case: str) -> None:
    """The answer that fits the valid request does not belong to its XSD-invalid copy."""
    request = (FIXTURES / PAIRS[case][0]).read_bytes()
    answer = GOLDEN / f"{case}.answer.xml"
    assert not any("XSD" in p for p in eistandaard.explain(request, answer).problems)
    explained = eistandaard.explain(_broken(request), answer)
    assert not explained.consistent
    assert explained.state is eistandaard.answers.State.NOT_ANSWERED
    assert explained.groups == ()
    assert explained.totals is None
    said = [p for p in explained.problems if "XSD" in p]
    assert len(said) == 1, explained.problems
    assert "foutbericht" in said[0]
    assert explained.answer_message in said[0]
    assert (
        said[0].text("nl").startswith(f"de {explained.request_message} voldoet niet aan zijn XSD")
    )


def test_the_cli_exits_1_and_names_the_reason() -> None:
    """`ei diff` on such a pair: exit 1, the reason in the run's language, the line named."""
    request, _ = PAIRS["wmo-partly-rejected"]
    answer = str(GOLDEN / "wmo-partly-rejected.answer.xml")
    done = subprocess.run(
        [sys.executable, "-m", "eistandaard", "diff", "--lang", "en", "-", answer],
        input=_broken((FIXTURES / request).read_bytes()),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=120,
        check=False,
    )
    out = done.stdout.decode()
    assert done.returncode == 1, out + done.stderr.decode()
    assert "does not pass its XSD" in out
    assert "first at line" in out
    assert "no statuses or totals" in out


def test_the_schema_check_is_skipped_only_when_asked() -> None:
    """`check_schemas=False` (build_return: both checked already) skips the XSD, nothing else."""
    request, _ = PAIRS["wmo-partly-rejected"]
    answer = GOLDEN / "wmo-partly-rejected.answer.xml"
    broken = _broken((FIXTURES / request).read_bytes())
    trusted = eistandaard.explain(broken, answer, check_schemas=False)
    assert not any("XSD" in p for p in trusted.problems)
    assert trusted.state is not eistandaard.answers.State.NOT_ANSWERED
    assert trusted.totals is not None
    with pytest.raises(eistandaard.EIError, match="check_schemas"):
        eistandaard.explain(broken, answer, check_schemas="no")  # type: ignore[arg-type]
