"""Answers: the one return engine and the one explain engine, for every family.

* :func:`explain`: an answer explained against its request, one :class:`Explanation` for
  WMO325/JW325, GDS802 and BM802 (docs/returns.md, docs/json-format.md);
* :func:`build_return`: the answer to a request, for every family, one
  :class:`~eistandaard.conventions.istandaarden.ReturnResult`;
* :mod:`eistandaard.answers.pairing`: the one pairing of a request's class instances with its
  answer's, over the class model, that every convention reads.

The return engine's names are imported on first use (PEP 562): the conventions import
:mod:`eistandaard.answers.pairing` while :mod:`eistandaard.answers.returns` imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eistandaard.answers.explain import explain, identify_pair
from eistandaard.answers.explanation import Amounts, Code, Explanation, Group, Line, State
from eistandaard.core.lazy import lazy_exports

if TYPE_CHECKING:
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

_HOMES = {
    "answer_findings": ".returns",
    "build_return": ".returns",
    "load_decisions": ".returns",
}


__getattr__, __dir__ = lazy_exports(globals(), _HOMES)
