"""How both iStandaarden answer builders (325 and IV032 retour) sort a report's findings."""

from __future__ import annotations

from typing import Any

import pytest

from eistandaard.conventions.istandaarden.placement import sort_findings
from eistandaard.core.errors import EngineError
from eistandaard.core.findings import Finding, Level, Severity


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
