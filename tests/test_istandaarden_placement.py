"""What both iStandaarden answer builders (325 and IV032 retour) share: findings, dates, report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from eistandaard.conventions.istandaarden.build import answer_dates, check_report_of
from eistandaard.conventions.istandaarden.placement import sort_findings
from eistandaard.core.errors import EngineError, InputError
from eistandaard.core.findings import Finding, Level, Severity
from eistandaard.core.report import MessageIdentity, Report


def _finding(code: str, level: Level, **kwargs: Any) -> Finding:
    """An error finding of ``level`` (unless ``severity`` says otherwise)."""
    return Finding(level=level, code=code, text_nl="t", text_en="t", **kwargs)


def _registry(code: str) -> tuple[str | None, str | None]:
    """A registry that names the class Client and code 8187 for TR304 only."""
    return ("Client", "8187") if code == "TR304" else (None, None)


def test_findings_are_sorted_as_an_answer_reads_them() -> None:
    """XSD findings are structural, XSLT findings without a code technical, others coded."""
    xsd = _finding("XSD", Level.STRUCTURE)
    xslt = _finding("WJ001", Level.RELATION)
    rule = _finding("TR304", Level.INTERNAL)
    own = _finding("RC1", Level.REFERENTIAL, retourcode="0611")
    warning = _finding("W1", Level.INTERNAL, retourcode="0611", severity=Severity.WARNING)
    found = sort_findings(
        [xsd, xslt, rule, own, warning], _registry, technical="0001", reserved=("0200",)
    )
    assert found.structural == (xsd,)
    assert found.technical == (xslt,)
    assert found.coded == ((rule, "Client", "8187"), (own, None, "0611"))


def test_a_reserved_or_missing_code_is_an_engine_error() -> None:
    """A finding that would carry a reserved code, or none at all, stops the answer."""
    with pytest.raises(EngineError, match="reserved retourcode 0200"):
        sort_findings(
            [_finding("X", Level.INTERNAL, retourcode="0200")],
            _registry,
            technical="0001",
            reserved=["0200"],
        )
    with pytest.raises(EngineError, match="has no retourcode"):
        sort_findings([_finding("X", Level.INTERNAL)], _registry, technical="0001", reserved=())


def test_answer_dates_peildatum_and_dagtekening() -> None:
    """The peildatum is as_of, else the report's; the Dagtekening never precedes the request."""
    report = Report(source="x", as_of=dt.date(2026, 11, 20))
    assert answer_dates(report, "2026-11-01", None, None) == (
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 20),
    )
    assert answer_dates(report, "2026-11-25", None, None)[1] == dt.date(2026, 11, 25)
    assert answer_dates(report, None, "2026-11-18", dt.date(2026, 11, 19)) == (
        dt.date(2026, 11, 19),
        dt.date(2026, 11, 18),
    )
    with pytest.raises(InputError, match="not a date"):
        answer_dates(report, None, "18-11-2026", None)
    with pytest.raises(InputError):
        answer_dates(report, None, "2026-11-21", None)  # after the peildatum


def test_a_report_of_another_message_is_refused() -> None:
    """The report must be of the very request answered: same message and identificatie."""
    identity = MessageIdentity(
        family="iwmo", release="3.2", message="WMO323", direction="heen", namespace="n",
        berichtcode="447", identificatie="ID1",
    )  # fmt: skip
    report = Report(source="x", identity=identity)
    check_report_of(report, "WMO323", "ID1")
    check_report_of(Report(source="x"), "WMO301", "ID9")  # no identity: nothing to compare
    with pytest.raises(InputError, match="report is of WMO323 ID1, not of this WMO323 ID2"):
        check_report_of(report, "WMO323", "ID2")
