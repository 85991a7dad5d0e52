"""iStandaarden answers: moved to :mod:`eistandaard.conventions.istandaarden`; kept for plug-ins.

Only the public names stay here; the one return engine is :func:`eistandaard.build_return`.
"""

from __future__ import annotations

from eistandaard.conventions.istandaarden import (
    AnswerModel,
    Decisions,
    Outcome,
    ReturnResult,
    ReturnSummary,
    answer_model,
    build_return,
    load_decisions,
    model_for,
)

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
