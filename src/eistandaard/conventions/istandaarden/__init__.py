"""Return messages: the declaratie-antwoord (WMO325 / JW325) for a declaration (WMO323 / JW323).

>>> from eistandaard.conventions.istandaarden import Decisions, build_return
>>> Decisions(clienten={"999900006": ["8187"]}).clienten["999900006"]
('8187',)
"""

from __future__ import annotations

from eistandaard.conventions.istandaarden.build import (
    Outcome,
    ReturnResult,
    ReturnSummary,
    build_return,
)
from eistandaard.conventions.istandaarden.decisions import Decisions, load_decisions
from eistandaard.conventions.istandaarden.model import AnswerModel, answer_model, model_for

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
