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

if TYPE_CHECKING:  # the names as type checkers and IDEs see them (`X as X`: re-exported)
    from eistandaard.answers import Explanation as Explanation, build_return as build_return
    from eistandaard.answers.explain import explain as explain
    from eistandaard.answers.result import ReturnResult as ReturnResult
    from eistandaard.batch import BatchContext as BatchContext, validate_batch as validate_batch
    from eistandaard.core.errors import EIError as EIError
    from eistandaard.core.findings import (
        Finding as Finding,
        Level as Level,
        Location as Location,
        Severity as Severity,
    )
    from eistandaard.core.message import Message as Message
    from eistandaard.core.report import (
        MessageIdentity as MessageIdentity,
        NotRun as NotRun,
        Report as Report,
        Verdict as Verdict,
    )
    from eistandaard.diff import diff as diff
    from eistandaard.pipeline import read_message as read_message, validate as validate

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_exports(
    globals(),
    {
        "eistandaard.answers": "Explanation build_return",
        "eistandaard.answers.explain": "explain",
        "eistandaard.batch": "BatchContext validate_batch",
        "eistandaard.answers.result": "ReturnResult",
        "eistandaard.core.errors": "EIError",
        "eistandaard.core.findings": "Finding Level Location Severity",
        "eistandaard.core.message": "Message",
        "eistandaard.core.report": "MessageIdentity NotRun Report Verdict",
        "eistandaard.diff": "diff",
        "eistandaard.pipeline": "read_message validate",
    },
    eager=("__version__",),
)
