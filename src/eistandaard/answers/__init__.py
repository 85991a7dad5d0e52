"""Answers: the one return engine and the one explain engine, for every family.

* :func:`explain`: an answer explained against its request, one :class:`Explanation` for
  WMO325/JW325, GDS802 and BM802 (docs/returns.md, docs/json-format.md);
* :func:`build_return`: the answer to a request, for every family, one
  :class:`~eistandaard.conventions.istandaarden.ReturnResult`.
"""

from __future__ import annotations

from eistandaard.answers.explain import explain, identify_pair
from eistandaard.answers.explanation import Amounts, Code, Explanation, Group, Line, State
from eistandaard.answers.returns import answer_findings, build_return, load_decisions

__all__ = [
    "Amounts",
    "Code",
    "Explanation",
    "Group",
    "Line",
    "State",
    "answer_findings",
    "build_return",
    "explain",
    "identify_pair",
    "load_decisions",
]
