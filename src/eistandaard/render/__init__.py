"""Renderers: a report (or several) as text, JSON or the iStandaarden rapport XML."""

from __future__ import annotations

from eistandaard.render.json_report import JSON_FORMAT_VERSION, report_to_dict, reports_to_json
from eistandaard.render.rapport import report_to_rapport
from eistandaard.render.text import (
    render_reports,
    render_shared_notes,
    render_text,
    summary_line,
    text_notes,
)

__all__ = [
    "JSON_FORMAT_VERSION",
    "render_reports",
    "render_shared_notes",
    "render_text",
    "report_to_dict",
    "report_to_rapport",
    "reports_to_json",
    "summary_line",
    "text_notes",
]
