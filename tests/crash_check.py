"""A level-5 check that kills the process running it (tests that a dead worker fails closed)."""

from __future__ import annotations

import os

from eistandaard.checks import ParsedMessage
from eistandaard.findings import Finding


def die(_message: ParsedMessage) -> list[Finding]:
    """End the worker process at once, as a native crash would."""
    os._exit(70)
