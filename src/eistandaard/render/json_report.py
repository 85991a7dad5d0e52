"""Reports as JSON, in a documented and versioned shape (see docs/json-format.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from eistandaard.findings import Finding
from eistandaard.render.registry import RenderOptions, Reporter, register
from eistandaard.report import Report

__all__ = ["JSON_FORMAT_VERSION", "report_to_dict", "reports_to_json"]

JSON_FORMAT_VERSION = 1
"""Raised when a field is removed or changes meaning; new fields do not raise it."""


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "level": int(finding.level),
        "code": finding.code,
        "retourcode": finding.retourcode,
        "vecozo_code": finding.vecozo_code,
        "severity": finding.severity.value,
        "class": finding.message_class,
        "text": {"nl": finding.text_nl, "en": finding.text_en},
        "details": finding.details,
        "locations": [
            {"xpath": loc.xpath, "line": loc.line, "column": loc.column}
            for loc in finding.locations
        ],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """One report as a JSON-ready dict."""
    identity = report.identity
    return {
        "source": report.source,
        "verdict": report.verdict.value,
        "message": None
        if identity is None
        else {
            "family": identity.family,
            "release": identity.release,
            "message": identity.message,
            "direction": identity.direction,
            "namespace": identity.namespace,
            "berichtcode": identity.berichtcode,
            "header": {
                "code": identity.header_code,
                "versie": identity.header_versie,
                "subversie": identity.header_subversie,
                "identificatie": identity.identificatie,
                "dagtekening": identity.dagtekening,
            },
        },
        "schema_version": report.schema_version,
        "rules_version": report.rules_version,
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "environment": report.environment,
        "levels_run": list(report.levels_run),
        "timings": {k: round(v, 6) for k, v in report.timings.items()},
        "engine_errors": list(report.engine_errors),
        "notes": list(report.notes),
        "findings": [_finding(f) for f in report.findings],
    }


def reports_to_json(reports: Sequence[Report], *, indent: int | None = 2) -> str:
    """Several reports as one JSON document with a summary."""
    verdicts = [r.verdict.value for r in reports]
    document = {
        "format": "eistandaard-report",
        "version": JSON_FORMAT_VERSION,
        "summary": {
            "files": len(reports),
            "accepted": verdicts.count("accepted"),
            "rejected": verdicts.count("rejected"),
            "error": verdicts.count("error"),
        },
        "reports": [report_to_dict(r) for r in reports],
    }
    return json.dumps(document, indent=indent, ensure_ascii=False)


def _render_json(reports: Sequence[Report], options: RenderOptions) -> bytes:
    return (reports_to_json(reports) + "\n").encode("utf-8")


register(
    Reporter(
        name="json",
        render=_render_json,
        media_type="application/json",
        suffix=".json",
        description="the versioned JSON report (docs/json-format.md)",
    )
)
