"""Every corpus declaration: validate, build the 325, check it against the official XSD, diff it.

Needs ../shared and the full pipeline (levels 1-5); the 325 must be valid against the official
WMO325/JW325 XSD and ``diff`` must call it consistent with its request.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.answer_helpers import official_schema_errors
from tests.conftest import CONFORMANCE

import eistandaard
from eistandaard.conventions.istandaarden import Outcome

AS_OF = dt.date(2026, 11, 23)


def _corpus() -> list[Path]:
    if not CONFORMANCE.is_dir():
        return []
    return sorted(
        p
        for folder in ("iwmo32", "ijw32")
        for p in (CONFORMANCE / folder).glob("*.xml")
        if not p.name.endswith(".rapport.xml")
    )


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_corpus_message_gets_a_valid_consistent_answer(path: Path) -> None:
    """The answer to a corpus message is valid (official XSD) and consistent with it."""
    report = eistandaard.validate(path, as_of=AS_OF)
    assert report.engine_errors == ()
    result = eistandaard.build_return(path, report, identificatie="T1", dagtekening=AS_OF)
    assert result.outcome is not Outcome.NO_ANSWER  # the corpus is XSD-valid
    assert result.message is not None
    expected_technical = any(f.level == 3 for f in report.findings)
    assert (result.outcome is Outcome.TECHNICAL_REJECTION) == expected_technical
    assert official_schema_errors(result.message, str(result.answer_name)) == []
    verdict = eistandaard.diff(path, result.message)
    assert verdict.problems == ()


def test_corpus_is_there_or_skipped() -> None:
    """Without ../shared the corpus test has no cases; say so instead of passing silently."""
    if not _corpus():
        pytest.skip("../shared/conformance is not available")
    assert len(_corpus()) == 300
