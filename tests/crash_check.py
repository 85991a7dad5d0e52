"""A level-5 check that kills the process validating the message (a dead worker must fail closed).

Plug-ins run in a forked child of the validating process, so the check kills its parent: in a
``--jobs`` pool that is the worker process, as a native crash of the engine would. Use it only
with a pool; the process named by ``EI_CRASH_SPARE_PID`` (the test run) is never killed.
"""

from __future__ import annotations

import os
import signal

from eistandaard.core.findings import Finding
from eistandaard.levels.checks import ParsedMessage

__all__ = ["die", "die_on"]


def die(_message: ParsedMessage) -> list[Finding]:
    """End the validating process at once, then this one (never the test run itself)."""
    target = os.getppid()
    if str(target) != os.environ.get("EI_CRASH_SPARE_PID"):
        os.kill(target, signal.SIGKILL)
    os._exit(70)


def die_on(message: ParsedMessage) -> list[Finding]:
    """:func:`die` for a message whose file name holds ``EI_CRASH_ONLY``; no finding for others."""
    if os.environ.get("EI_CRASH_ONLY", "\0") in message.name:
        die(message)
    return []
