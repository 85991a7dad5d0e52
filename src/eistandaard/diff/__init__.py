"""The iStandaarden comparison of a declaratie-antwoord with its declaration (WMO325/JW325).

:func:`eistandaard.explain` turns it into the one :class:`~eistandaard.Explanation` that
``ei diff`` renders (:mod:`eistandaard.render.explain`).
"""

from __future__ import annotations

from eistandaard.diff.compare import (
    ClientDiff,
    DiffResult,
    PrestatieDiff,
    Problem,
    Status,
    diff,
)

__all__ = [
    "ClientDiff",
    "DiffResult",
    "PrestatieDiff",
    "Problem",
    "Status",
    "diff",
]
