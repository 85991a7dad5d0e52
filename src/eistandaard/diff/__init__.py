"""Explain a return message against its request and check that they fit (``ei diff``)."""

from __future__ import annotations

from eistandaard.diff.compare import (
    ClientDiff,
    DiffResult,
    PrestatieDiff,
    Problem,
    Status,
    diff,
)
from eistandaard.diff.render import render_html, render_json, render_text

__all__ = [
    "ClientDiff",
    "DiffResult",
    "PrestatieDiff",
    "Problem",
    "Status",
    "diff",
    "render_html",
    "render_json",
    "render_text",
]
