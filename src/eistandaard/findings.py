"""Stable import path of :mod:`eistandaard.core.findings` for level-5 plug-ins."""

from __future__ import annotations

from eistandaard.core.findings import Finding, Level, Location, Severity

__all__ = ["Finding", "Level", "Location", "Severity"]
