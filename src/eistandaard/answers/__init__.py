"""Answers: the one return engine and the one explain engine, for every family.

* :func:`explain`: an answer explained against its request, one :class:`Explanation` for
  WMO325/JW325, GDS802 and BM802 (docs/returns.md, docs/json-format.md);
* :func:`build_return`: the answer to a request, for every family, one
  :class:`~eistandaard.answers.result.ReturnResult`;
* :mod:`eistandaard.answers.pairing`: the one pairing of a request's class instances with its
  answer's, over the class model, that every convention reads.

The return engine's names are imported on first use (PEP 562): the conventions import
:mod:`eistandaard.answers.pairing` while :mod:`eistandaard.answers.returns` imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eistandaard.answers.explain import explain as explain, identify_pair as identify_pair
from eistandaard.answers.explanation import (
    Amounts as Amounts,
    Code as Code,
    Explanation as Explanation,
    Group as Group,
    Line as Line,
    State as State,
)
from eistandaard.core.lazy import lazy_exports

if TYPE_CHECKING:  # the names as type checkers and IDEs see them (`X as X`: re-exported)
    from eistandaard.answers.returns import (
        answer_findings as answer_findings,
        build_return as build_return,
        load_decisions as load_decisions,
    )

__getattr__, __dir__, __all__ = lazy_exports(
    globals(),
    {".returns": "answer_findings build_return load_decisions"},
    eager=("Amounts", "Code", "Explanation", "Group", "Line", "State", "explain", "identify_pair"),
)
