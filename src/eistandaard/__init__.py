"""eistandaard: check Dutch healthcare EI messages the way VECOZO and the receivers do.

>>> import eistandaard
>>> report = eistandaard.validate(b"<not xml")
>>> report.verdict.value
'rejected'
"""

from __future__ import annotations

from eistandaard.answer.build import ReturnResult
from eistandaard.answers import Explanation, build_return, explain
from eistandaard.batch import BatchContext, validate_batch
from eistandaard.core.errors import EIError
from eistandaard.core.findings import Finding, Level, Location, Severity
from eistandaard.core.message import Message
from eistandaard.core.report import MessageIdentity, NotRun, Report, Verdict
from eistandaard.diff import diff
from eistandaard.pipeline import read_message, validate

__version__ = "0.1.0"

__all__ = [
    "BatchContext",
    "EIError",
    "Explanation",
    "Finding",
    "Level",
    "Location",
    "Message",
    "MessageIdentity",
    "NotRun",
    "Report",
    "ReturnResult",
    "Severity",
    "Verdict",
    "__version__",
    "build_return",
    "diff",
    "explain",
    "read_message",
    "validate",
    "validate_batch",
]
