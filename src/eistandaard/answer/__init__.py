"""Return messages: the declaratie-antwoord (WMO325 / JW325) for a declaration (WMO323 / JW323).

>>> from eistandaard.answer import Decisions, build_return
>>> Decisions(clienten={"999900006": ["8187"]}).clienten["999900006"]
('8187',)
"""

from __future__ import annotations

from eistandaard.answer.build import Outcome, ReturnResult, ReturnSummary, build_return
from eistandaard.answer.decisions import Decisions, load_decisions
from eistandaard.answer.model import AnswerModel, answer_model, model_for

__all__ = [
    "AnswerModel",
    "Decisions",
    "Outcome",
    "ReturnResult",
    "ReturnSummary",
    "answer_model",
    "build_return",
    "load_decisions",
    "model_for",
]
