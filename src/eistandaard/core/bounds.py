"""Time and memory bounds for the engine steps that run code eistandaard does not control.

Level 3 runs XSLT stylesheets in SaxonC (native code; the bundled rules and any ``--rules``
stylesheet) and level 5 runs the receiver's own Python plug-ins. Either may loop, sleep or
allocate without end. Each runs in a separate process that the caller can stop: past the time
bound the process is killed, past the memory bound its allocations fail, and either way the
step is an engine error (verdict ``error``, exit 3) that names what was stopped, never a pass.
"""

from __future__ import annotations

import signal
from typing import SupportsFloat

import attrs

from eistandaard.core.errors import InputError
from eistandaard.core.text import quoted
from eistandaard.standards.wording import Worded, said_error

__all__ = ["DEFAULT_MEMORY", "DEFAULT_SECONDS", "MAX_SECONDS", "Bounds", "describe_end"]

DEFAULT_SECONDS = 60.0
"""Default time bound of one stylesheet run or one plug-in, in seconds."""

DEFAULT_MEMORY = 2 * 1024**3
"""Default memory bound, in bytes, that a worker process may allocate beyond its start size."""


MAX_SECONDS = 1_000_000.0
"""Largest time bound accepted (11.6 days; the operating system's waits take no more)."""


def _positive_seconds(_instance: object, _attribute: object, value: float) -> None:
    if not 0 < value <= MAX_SECONDS:  # also refuses NaN
        raise InputError(
            said_error("bound-time-invalid", most=f"{MAX_SECONDS:g}", value=quoted(value))
        )


def _positive_bytes(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(said_error("bound-memory-invalid", value=quoted(value)))


def _to_float(value: SupportsFloat | str) -> float:
    """``float(value)``; a value that is no number is an :class:`InputError` worded in both.

    A function of ours: attrs reads a builtin converter's signature from its text, which costs
    5 ms at import (:mod:`tokenize`).
    """
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        most = f"{MAX_SECONDS:g}"
        raise InputError(said_error("bound-time-invalid", most=most, value=quoted(value))) from exc


@attrs.frozen
class Bounds:
    """How long and how much memory one bounded step may take.

    :param seconds: wall-clock seconds for one stylesheet run (level 3) or one plug-in
        (level 5); default 60, at most :data:`MAX_SECONDS`.
    :param memory: bytes of data memory (``RLIMIT_DATA``) the worker process may allocate on
        top of what it holds when the step starts; default 2 GiB. Applied on POSIX systems
        that report the data size (Linux ``/proc``); elsewhere only the time bound applies.
    :raises InputError: (a ``ValueError``) for a bound that is not positive or too large, its
        no number, in Dutch and English (``bound-*-invalid`` of ``rbc/common/errors.toml``).
    """

    seconds: float = attrs.field(default=DEFAULT_SECONDS, converter=_to_float)
    memory: int = attrs.field(default=DEFAULT_MEMORY)

    @seconds.validator
    def _check_seconds(self, attribute: object, value: float) -> None:
        _positive_seconds(self, attribute, value)

    @memory.validator
    def _check_memory(self, attribute: object, value: int) -> None:
        _positive_bytes(self, attribute, value)

    def describe_time(self) -> Worded:
        """``"the time bound of 60 s"``: for error texts (worded: it knows its Dutch)."""
        return said_error("bound-time", seconds=f"{self.seconds:g}")

    def describe_memory(self) -> Worded:
        """``"the memory bound of 2048 MiB"``: for error texts (worded: it knows its Dutch)."""
        return said_error("bound-memory", mib=f"{self.memory / 1024**2:g}")


def describe_end(returncode: int | None) -> Worded:
    """How a worker process ended, from its exit status (``subprocess`` convention).

    >>> describe_end(-9)
    'was killed by signal SIGKILL'
    >>> describe_end(0)
    'exited with status 0'
    """
    if returncode is None:
        return said_error("end-silent")
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return said_error("end-signal", signal=name)
    return said_error("end-status", status=returncode)
