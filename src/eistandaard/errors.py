"""Stable import path of the exceptions (:mod:`eistandaard.core.errors`) for callers."""

from __future__ import annotations

from eistandaard.core.errors import (
    AnswerCheckError,
    CatalogError,
    DataError,
    DecisionError,
    EIError,
    EngineError,
    InputError,
    MessageParseError,
    OutputExistsError,
    SourceError,
    SourceNotFoundError,
    SourceTypeError,
    UnreadableError,
)

__all__ = [
    "AnswerCheckError",
    "CatalogError",
    "DataError",
    "DecisionError",
    "EIError",
    "EngineError",
    "InputError",
    "MessageParseError",
    "OutputExistsError",
    "SourceError",
    "SourceNotFoundError",
    "SourceTypeError",
    "UnreadableError",
]
