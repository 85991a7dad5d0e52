"""Renderers: reports as text, JSON, the iStandaarden rapport, JUnit, SARIF, GitHub or HTML.

Every format is a :class:`~eistandaard.render.registry.Reporter` in
:data:`~eistandaard.render.registry.REPORTERS`, looked up by name.
"""

from __future__ import annotations

from eistandaard.render import github, html, junit, sarif
from eistandaard.render.json_report import JSON_FORMAT_VERSION, report_to_dict, reports_to_json
from eistandaard.render.rapport import report_to_rapport
from eistandaard.render.registry import REPORTERS, RenderOptions, Reporter, reporter
from eistandaard.render.text import (
    render_plain,
    render_reports,
    render_shared_notes,
    render_text,
    summary_line,
    text_notes,
)

del github, html, junit, sarif  # imported for their registration only

__all__ = [
    "JSON_FORMAT_VERSION",
    "REPORTERS",
    "RenderOptions",
    "Reporter",
    "render_plain",
    "render_reports",
    "render_shared_notes",
    "render_text",
    "report_to_dict",
    "report_to_rapport",
    "reporter",
    "reports_to_json",
    "summary_line",
    "text_notes",
]
