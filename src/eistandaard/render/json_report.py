"""Reports as JSON, in a documented and versioned shape (see docs/json-format.md)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from eistandaard.core.findings import Finding
from eistandaard.core.report import NotRun, Report, shared_not_run, shared_notes
from eistandaard.render.registry import RenderOptions
from eistandaard.render.safe import json_safe

__all__ = ["JSON_FORMAT_VERSION", "report_to_dict", "reports_to_json"]

JSON_FORMAT_VERSION = 2
"""Raised when a field is removed or changes meaning; new fields do not raise it.

2: ``levels_run`` no longer means "ran in full" (see ``levels_complete`` and ``not_run``), and
in a batch the notes and not-run rules that several reports share are held once, in ``shared``.
"""


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


def _not_run(item: NotRun) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "level": item.level,
        "reason": item.reason,
        "text": item.text,
        "codelist": item.codelist,
    }


def report_to_dict(
    report: Report,
    *,
    omit_notes: Collection[str] = (),
    omit_not_run: Collection[NotRun] = (),
) -> dict[str, Any]:
    """One report as a JSON-ready dict.

    :param omit_notes: notes held elsewhere (the batch's ``shared`` section).
    :param omit_not_run: not-run rules held elsewhere (the batch's ``shared`` section).
    """
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
        "levels_complete": list(report.levels_complete),
        "timings": {k: round(v, 6) for k, v in report.timings.items()},
        "engine_errors": list(report.engine_errors),
        "notes": [note for note in report.notes if note not in omit_notes],
        "not_run": [_not_run(item) for item in report.not_run if item not in omit_not_run],
        "findings": [_finding(f) for f in report.findings],
    }


def reports_to_json(reports: Sequence[Report], *, indent: int | None = 2) -> str:
    """Several reports as one JSON document with a summary (docs/json-format.md).

    Notes and not-run rules that two or more reports of a batch hold are written once, under
    ``shared``, with the indexes (in ``reports``) of the reports they hold for, and left out of
    those reports.
    """
    verdicts = [r.verdict.value for r in reports]
    notes = shared_notes(reports)
    not_run = shared_not_run(reports)
    document = {
        "format": "eistandaard-report",
        "version": JSON_FORMAT_VERSION,
        "summary": {
            "files": len(reports),
            "accepted": verdicts.count("accepted"),
            "rejected": verdicts.count("rejected"),
            "error": verdicts.count("error"),
        },
        "shared": {
            "notes": [{"text": note, "reports": list(where)} for note, where in notes.items()],
            "not_run": [
                {**_not_run(item), "reports": list(where)} for item, where in not_run.items()
            ],
        },
        "reports": [report_to_dict(r, omit_notes=notes, omit_not_run=not_run) for r in reports],
    }
    return json_safe(json.dumps(document, indent=indent, ensure_ascii=False))


def render_json(
    reports: Sequence[Report],
    options: RenderOptions,  # noqa: ARG001  # the Reporter signature; JSON has no options
) -> bytes:
    """The ``json`` reporter: :func:`reports_to_json` with a final newline, as UTF-8."""
    return (reports_to_json(reports) + "\n").encode("utf-8")
