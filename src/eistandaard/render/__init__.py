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

if TYPE_CHECKING:  # the names as type checkers and IDEs see them (`X as X`: re-exported)
    from eistandaard.render.json_report import (
        JSON_FORMAT_VERSION as JSON_FORMAT_VERSION,
        report_to_dict as report_to_dict,
        reports_to_json as reports_to_json,
    )
    from eistandaard.render.rapport import report_to_rapport as report_to_rapport
    from eistandaard.render.registry import (
        REPORTERS as REPORTERS,
        RenderOptions as RenderOptions,
        Reporter as Reporter,
        reporter as reporter,
    )
    from eistandaard.render.text import (
        render_plain as render_plain,
        render_reports as render_reports,
        render_shared_notes as render_shared_notes,
        render_text as render_text,
        summary_line as summary_line,
        text_notes as text_notes,
    )

__getattr__, __dir__, __all__ = lazy_exports(
    globals(),
    {
        ".json_report": "JSON_FORMAT_VERSION report_to_dict reports_to_json",
        ".rapport": "report_to_rapport",
        ".registry": "REPORTERS RenderOptions Reporter reporter",
        ".text": (
            "render_plain render_reports render_shared_notes render_text summary_line text_notes"
        ),
    },
)
