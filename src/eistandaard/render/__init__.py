"""Renderers: reports as text, JSON, the iStandaarden rapport, JUnit, SARIF, GitHub or HTML.

Every format is a :class:`~eistandaard.render.registry.Reporter` in
:data:`~eistandaard.render.registry.REPORTERS`, looked up by name.

The names below are imported from their modules on first use (PEP 562): importing
``eistandaard.render`` (or one of its light modules, such as :mod:`eistandaard.render.safe`)
does not import every renderer, nor ``rich`` behind the text one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eistandaard.core.lazy import lazy_exports

if TYPE_CHECKING:  # the names as type checkers and IDEs see them
    from eistandaard.render.json_report import (
        JSON_FORMAT_VERSION,
        report_to_dict,
        reports_to_json,
    )
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

_WHERE = {
    "JSON_FORMAT_VERSION": ".json_report",
    "REPORTERS": ".registry",
    "RenderOptions": ".registry",
    "Reporter": ".registry",
    "render_plain": ".text",
    "render_reports": ".text",
    "render_shared_notes": ".text",
    "render_text": ".text",
    "report_to_dict": ".json_report",
    "report_to_rapport": ".rapport",
    "reporter": ".registry",
    "reports_to_json": ".json_report",
    "summary_line": ".text",
    "text_notes": ".text",
}
"""Public name -> the module of this package that defines it."""

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


__getattr__, __dir__ = lazy_exports(globals(), _WHERE)
