"""``ei return`` and ``ei diff`` for the Vektis families (BM801/BM802; GDS next).

The iStandaarden declarations have their own builder (:mod:`eistandaard.answer`); the Vektis
families answer through the shared Vektis return layer. This module picks the family's builder
and explainer by the family name the catalog gives the request.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import attrs

from eistandaard import bm, gds
from eistandaard.core.findings import Finding, Severity
from eistandaard.core.report import Report
from eistandaard.render.safe import json_safe

__all__ = ["VEKTIS_FAMILIES", "VektisFamily", "answer_findings", "render_vektis_diff"]


@attrs.frozen
class VektisFamily:
    """How one Vektis family answers and explains."""

    build: Callable[..., bytes]
    """``build(request, findings, *, responder, verzenddatum, **extra) -> bytes``."""
    explain: Callable[[bytes | Path, bytes | Path], Any]
    render: Callable[[Any], str]
    load_decisions: Callable[[Path], Any] | None = None
    """Reads a receiver's decisions file, for families whose receiver decides per class."""


VEKTIS_FAMILIES: dict[str, VektisFamily] = {
    "bm": VektisFamily(
        build=bm.build_bm802,
        explain=bm.diff_bm,
        render=bm.render_diff,
        load_decisions=bm.load_decisions,
    ),
    "gds": VektisFamily(
        build=gds.build_gds802,
        explain=gds.diff_gds,
        render=gds.render_gds_diff,
        load_decisions=gds.load_decisions,
    ),
}
"""Family name (as in the catalog) -> its return builder and explainer."""


def answer_findings(report: Report, responder: str) -> list[Finding]:
    """Errors a Vektis answer is built from: levels 3-4 (VECOZO) or 3-5 (the receiver)."""
    top = 4 if responder == "vecozo" else 5
    return [f for f in report.findings if f.severity is Severity.ERROR and 3 <= int(f.level) <= top]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if attrs.has(type(value)):
        return {k: _plain(v) for k, v in attrs.asdict(value, recurse=False).items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def render_vektis_diff(family: VektisFamily, result: Any, fmt: str) -> str:
    """A Vektis diff as text, JSON or one self-contained HTML page."""
    text = family.render(result)
    if fmt == "json":
        document: dict[str, Any] = {
            "format": "eistandaard-vektis-diff",
            "version": 1,
            "consistent": bool(getattr(result, "consistent", True)),
            "problems": list(getattr(result, "problems", ())),
            "diff": _plain(result),
        }
        if not getattr(result, "answers_request", True):
            # The answer belongs to another request: only the mismatch means anything.
            document["diff"] = None
        elif hasattr(result, "totals"):  # the figures ei return prints; they reconcile
            submitted, granted, rejected, not_assessed = result.totals()
            document["totals"] = {
                "submitted": str(submitted),
                "granted": str(granted),
                "rejected": str(rejected),
                "not_assessed": str(not_assessed),
            }
        return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
    if fmt == "html":
        return (
            "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>ei diff</title>"
            "<style>body{font-family:sans-serif;margin:2em}pre{white-space:pre-wrap}</style>"
            f"</head><body><h1>ei diff</h1><pre>{escape(text)}</pre></body></html>\n"
        )
    return text + "\n"
