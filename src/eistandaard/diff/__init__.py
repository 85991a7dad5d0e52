"""``eistandaard.diff``: moved to ``eistandaard.conventions.istandaarden.compare``; kept as alias.

Kept for plug-ins and callers: the comparison of a WMO325/JW325 with its 323, whose
``DiffResult`` is a view of the one request/answer pairing (:mod:`eistandaard.answers.pairing`).

:func:`eistandaard.explain` turns it into the one :class:`~eistandaard.Explanation` that
``ei diff`` renders (:mod:`eistandaard.render.explain`).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from eistandaard.conventions.istandaarden.compare import (
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


class _CallableModule(types.ModuleType):
    """``eistandaard.diff`` is both this package and the function :func:`diff`.

    ``import eistandaard`` loads its public names lazily; once anything imports this package,
    the import system binds the attribute ``eistandaard.diff`` to the package, not to the
    function. Calling the package calls the function, so ``eistandaard.diff(request, answer)``
    works however the package was reached.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> DiffResult:
        return diff(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
