"""eistandaard: check Dutch healthcare EI messages the way VECOZO and the receivers do.

>>> import eistandaard
>>> report = eistandaard.validate(b"<not xml")
>>> report.verdict.value
'rejected'

The public names below are imported on first use (PEP 562), so that ``import
eistandaard.cli.main`` or a worker process loads only the modules its command needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eistandaard.core.lazy import lazy_exports

if TYPE_CHECKING:  # the names as type checkers and IDEs see them
    from eistandaard.answers.explain import explain
    from eistandaard.answers.explanation import Explanation
    from eistandaard.answers.returns import build_return
    from eistandaard.batch import BatchContext, validate_batch
    from eistandaard.conventions.istandaarden.build import ReturnResult
    from eistandaard.core.errors import EIError
    from eistandaard.core.findings import Finding, Level, Location, Severity
    from eistandaard.core.message import Message
    from eistandaard.core.report import MessageIdentity, NotRun, Report, Verdict
    from eistandaard.diff import diff
    from eistandaard.pipeline import read_message, validate

__version__ = "0.1.0"

_HOMES = {
    "BatchContext": "eistandaard.batch",
    "EIError": "eistandaard.core.errors",
    "Explanation": "eistandaard.answers",
    "Finding": "eistandaard.core.findings",
    "Level": "eistandaard.core.findings",
    "Location": "eistandaard.core.findings",
    "Message": "eistandaard.core.message",
    "MessageIdentity": "eistandaard.core.report",
    "NotRun": "eistandaard.core.report",
    "Report": "eistandaard.core.report",
    "ReturnResult": "eistandaard.conventions.istandaarden.build",
    "Severity": "eistandaard.core.findings",
    "Verdict": "eistandaard.core.report",
    "build_return": "eistandaard.answers",
    "diff": "eistandaard.diff",
    "explain": "eistandaard.answers.explain",
    "read_message": "eistandaard.pipeline",
    "validate": "eistandaard.pipeline",
    "validate_batch": "eistandaard.batch",
}


__getattr__, __dir__ = lazy_exports(globals(), _HOMES)


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
