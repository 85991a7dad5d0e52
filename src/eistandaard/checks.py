"""Stable import path of the level-5 plug-in API (:mod:`eistandaard.levels.checks`).

Plug-ins written against ``eistandaard.levels.checks`` keep working; the entry-point group keeps the
name ``eistandaard.levels.checks`` too.
"""

from __future__ import annotations

from eistandaard.levels.checks import ENTRY_POINT_GROUP, Check, ParsedMessage, load_check

__all__ = ["ENTRY_POINT_GROUP", "Check", "ParsedMessage", "load_check"]
