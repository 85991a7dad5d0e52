"""eistandaard: check Dutch healthcare EI messages the way VECOZO and the receivers do.

>>> import eistandaard
>>> report = eistandaard.validate(b"<not xml")
>>> report.verdict.value
'rejected'

The public names below are imported on first use (PEP 562), so that ``import
eistandaard.cli.main`` or a worker process loads only the modules its command needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as type checkers and IDEs see them
    from eistandaard.answer import build_return
    from eistandaard.batch import BatchContext, validate_batch
    from eistandaard.diff import diff
    from eistandaard.errors import EIError
    from eistandaard.findings import Finding, Level, Location, Severity
    from eistandaard.pipeline import validate
    from eistandaard.report import MessageIdentity, NotRun, Report, Verdict

__version__ = "0.1.0"

_HOMES = {
    "BatchContext": "eistandaard.batch",
    "EIError": "eistandaard.errors",
    "Finding": "eistandaard.findings",
    "Level": "eistandaard.findings",
    "Location": "eistandaard.findings",
    "MessageIdentity": "eistandaard.report",
    "NotRun": "eistandaard.report",
    "Report": "eistandaard.report",
    "Severity": "eistandaard.findings",
    "Verdict": "eistandaard.report",
    "build_return": "eistandaard.answer",
    "diff": "eistandaard.diff",
    "validate": "eistandaard.pipeline",
    "validate_batch": "eistandaard.batch",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used.

    :raises AttributeError: for a name the package does not export.
    """
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'eistandaard' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "BatchContext",
    "EIError",
    "Finding",
    "Level",
    "Location",
    "MessageIdentity",
    "NotRun",
    "Report",
    "Severity",
    "Verdict",
    "__version__",
    "build_return",
    "diff",
    "validate",
    "validate_batch",
]
