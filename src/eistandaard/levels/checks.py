"""Control level 5: internal checks that the receiver plugs in.

A check is any callable that takes a :class:`ParsedMessage` and returns an iterable of
:class:`~eistandaard.core.findings.Finding`. Pass checks to
:func:`eistandaard.validate` (``checks=``)
or publish them as entry points in the group ``eistandaard.checks``::

    [project.entry-points."eistandaard.checks"]
    toewijzing = "mygemeente.checks:toewijzing_is_ours"

A check that raises, or returns something other than findings, makes the verdict ``error``: a
failing check is never a silent pass.

Checks run in a child process (``os.fork``), one child per message that runs the checks in
turn, so that no way out of a check can end or hang the caller: ``sys.exit()``,
``KeyboardInterrupt`` or any other :class:`BaseException`, ``os._exit()``, a crash, a check that
sleeps, loops, yields forever or allocates without end. Each check has a time bound (the child
is killed past it) and the child a memory bound (``RLIMIT_DATA``); see
:mod:`eistandaard.core.bounds`. The child sees a copy of the message: a check cannot change what
the caller holds. Where ``os.fork`` does not exist, checks run in-process with every
:class:`BaseException` caught, but without time or memory bounds.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module, metadata
from typing import Any, Protocol, cast

import attrs

from eistandaard.core.bounds import Bounds, describe_end
from eistandaard.core.errors import EngineError, InputError
from eistandaard.core.findings import Finding, Level, Location, Severity
from eistandaard.core.message import Message
from eistandaard.core.text import error_text, quoted
from eistandaard.levels.relations._worker import limit_data
from eistandaard.standards.wording import Worded, bilingual_texts, said_error

__all__ = [
    "ENTRY_POINT_GROUP",
    "Check",
    "ParsedMessage",
    "entry_point_checks",
    "load_check",
    "run_checks",
]

ENTRY_POINT_GROUP = "eistandaard.checks"


ParsedMessage = Message
"""What a level-5 check gets: the :class:`~eistandaard.core.message.Message` (spec, identity,
tree, cleaned bytes, peildatum). The old name stays for plug-ins written against it."""


class Check(Protocol):
    """A level-5 check: ``check(message) -> findings``."""

    def __call__(self, message: ParsedMessage, /) -> Iterable[Finding]:
        """Return the findings of this check for ``message``."""
        ...


def entry_point_checks() -> list[tuple[str, Check]]:
    """The checks published in the ``eistandaard.checks`` entry-point group.

    :raises EngineError: when a published entry point cannot be loaded.
    """
    found: list[tuple[str, Check]] = []
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            found.append((entry.name, entry.load()))
        except BaseException as exc:  # sys.exit() at import included: never a silent pass
            raise EngineError(
                said_error("check-cannot-load", name=quoted(entry.name), error=error_text(exc))
            ) from exc
    return found


def load_check(spec: str) -> Check:
    """Import a check from ``module:function`` (as the CLI's ``--check`` takes it).

    The import runs the module's code in this process: whatever it raises, ``SystemExit``
    included, becomes an :class:`InputError`.

    :raises InputError: when the text is not of that form, cannot be imported or names nothing
        callable.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise InputError(said_error("check-form", spec=quoted(spec)))
    try:
        target: object = import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as exc:
        raise InputError(said_error("check-not-importable", spec=quoted(spec), exc=exc)) from exc
    except BaseException as exc:  # the module's own code failed or exited while importing
        raise InputError(
            said_error("check-import-failed", spec=quoted(spec), error=error_text(exc))
        ) from exc
    if not callable(target):
        raise InputError(said_error("check-not-callable", spec=quoted(spec)))
    return cast(Check, target)


def _name(check: Callable[..., object]) -> str:
    return (
        getattr(check, "__qualname__", None)
        or getattr(check, "__name__", None)
        or type(check).__name__
    )


def run_checks(
    message: ParsedMessage, checks: Sequence[Check], *, bounds: Bounds | None = None
) -> list[Finding]:
    """Run every check in a bounded child process; findings come back as level 5.

    :param message: what every check gets (the child holds a copy).
    :param checks: the checks, run in this order.
    :param bounds: the time bound of each check and the memory bound of the child (default:
        60 s, 2 GiB).
    :raises EngineError: when a check raises (any :class:`BaseException`, ``SystemExit``
        included), returns anything but an iterable of findings, ends its process, or passes its
        time or memory bound; the message names the check.
    """
    if not checks:
        return []
    bounds = bounds or Bounds()
    if not hasattr(os, "fork"):  # pragma: no cover - every POSIX system has fork
        replies = [_run_one(message, check, bounds) for check in checks]
        return _collect(checks, replies)
    return _run_forked(message, checks, bounds)


def _run_forked(message: ParsedMessage, checks: Sequence[Check], bounds: Bounds) -> list[Finding]:
    from multiprocessing.connection import Pipe

    reader, writer = Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):
        # What is buffered now must not be written twice (by the child as well).
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    with warnings.catch_warnings():
        # Python 3.12+ warns when a process with threads forks (a progress-bar thread, say): the
        # child only runs the checks and ends with os._exit, and a child stuck on a lock it
        # inherited is stopped by the time bound like any other.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's lines run in the child (coverage misses them)
        _child(message, checks, bounds, writer)
    # The child leads its own process group (set on both sides, whichever runs first), so a
    # process that a check forks is stopped together with the child and never outlives the call
    # (holding the caller's standard output open, for one).
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)
    writer.close()
    reaped = False
    findings: list[Finding] = []
    try:
        for check in checks:
            if not reader.poll(bounds.seconds):
                raise EngineError(
                    said_error("check-timeout", name=_name(check), bound=bounds.describe_time())
                )
            try:
                # Bytes of JSON, never a pickle: unpickling lets what a check returned run code
                # in the caller (an object whose __reduce__ is os._exit(0) ended it with exit 0).
                reply = json.loads(reader.recv_bytes())
            except (EOFError, OSError) as exc:
                status = _reap(pid)
                reaped = True
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)  # what its checks forked
                raise EngineError(
                    said_error("check-ended-process", name=_name(check), end=describe_end(status))
                ) from exc
            findings.extend(_collect([check], [reply]))
    finally:
        reader.close()
        if not reaped:
            _kill(pid)
    return findings


def _child(
    message: ParsedMessage, checks: Sequence[Check], bounds: Bounds, writer: Any
) -> None:  # pragma: no cover - runs in the forked child
    """Run the checks and send one reply per check; never returns (``os._exit``)."""
    code = 0
    me = os.getpid()
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        with contextlib.suppress(OSError, ValueError, AttributeError):
            # What a check prints goes to standard error: standard output carries the report
            # (--format json / rapport), which a check's print() would otherwise corrupt.
            os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
            sys.stdout = sys.stderr
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles the user's Ctrl-C
        bilingual_texts("errors.toml")  # the reasons of a failure, read before the memory bound
        limit_data(bounds.memory)
        for check in checks:
            reply = _run_one(message, check, bounds)
            if os.getpid() != me:
                # A process the check forked came back here: only the child itself answers,
                # or a copy could answer "no findings" before the check has finished.
                os._exit(0)
            try:
                writer.send_bytes(json.dumps(reply).encode("utf-8"))
            except BaseException as exc:
                failed = said_error(
                    "check-not-passed-back", name=_name(check), error=error_text(exc)
                )
                writer.send_bytes(json.dumps(_failed(failed)).encode("utf-8"))
            if reply[0] != "ok":
                break
    except BaseException:
        code = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def _run_one(message: ParsedMessage, check: Check, bounds: Bounds) -> tuple[str, Any]:
    """``("ok", findings)`` or ``("error", text)``: every way out of ``check`` is caught."""
    name = _name(check)
    exhausted: str | None = None
    try:
        produced = check(message)
        if produced is None:
            return _failed(said_error("check-returned-none", name=name))
        items = list(produced)
    except MemoryError as exc:
        # Worded after the except block: inside it the traceback keeps what the check allocated.
        exhausted = error_text(exc)
    except BaseException as exc:  # SystemExit, KeyboardInterrupt, GeneratorExit: never a pass
        return _failed(said_error("check-failed", name=name, error=error_text(exc)))
    if exhausted is not None:
        bound = bounds.describe_memory()
        return _failed(said_error("check-out-of-memory", name=name, bound=bound, error=exhausted))
    findings: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, Finding):
            return _failed(said_error("check-not-a-finding", name=name, type=type(item).__name__))
        try:
            findings.append(_plain(item))
        except BaseException as exc:
            return _failed(said_error("check-not-plain", name=name, error=exc))
    return ("ok", findings)


def _text(value: object, field: str) -> str | None:
    """An exact ``str`` (not a subclass) or ``None``; anything else raises ``InputError``."""
    if value is None:
        return None
    if not isinstance(value, str):
        kind = type(value).__name__
        raise InputError(said_error("check-field-not-text", field=field, kind=kind))
    return str.__str__(value)


def _number(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        kind = type(value).__name__
        raise InputError(said_error("check-field-not-number", field=field, kind=kind))
    return operator.index(value)


def _plain(item: Finding) -> dict[str, Any]:
    """A finding as JSON data of exact built-in types.

    Nothing of the check's own classes travels back to the caller (see :func:`_finding`).
    """
    return {
        "level": _number(int(item.level), "level"),
        "code": _text(item.code, "code"),
        "text_nl": _text(item.text_nl, "text_nl"),
        "text_en": _text(item.text_en, "text_en"),
        "retourcode": _text(item.retourcode, "retourcode"),
        "vecozo_code": _text(item.vecozo_code, "vecozo_code"),
        "severity": _text(Severity(item.severity).value, "severity"),
        "locations": [
            [_text(loc.xpath, "xpath"), _number(loc.line, "line"), _number(loc.column, "column")]
            for loc in item.locations
        ],
        "message_class": _text(item.message_class, "message_class"),
        "details": _text(item.details, "details"),
        "details_nl": _text(item.details_nl, "details_nl"),
    }


def _failed(reason: Worded) -> tuple[str, Any]:
    """A failed check's reply: ``("error", [english, dutch])``, both texts cross as JSON."""
    return ("error", [str.__str__(reason), reason.nl])


def _reason(check: Check, value: object) -> Worded:
    """The reason of a failed check's reply, in both languages (see :func:`_failed`)."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return Worded(value[0], value[1])
    return said_error("check-no-answer", name=_name(check))


def _finding(data: Any) -> Finding:
    """The :class:`Finding` of :func:`_plain` data, as it came back from the child."""
    values = dict(data)
    values["locations"] = [Location(*loc) for loc in values["locations"]]
    return Finding(**values)


def _collect(checks: Sequence[Check], replies: Sequence[object]) -> list[Finding]:
    findings: list[Finding] = []
    for check, reply in zip(checks, replies, strict=True):
        if not (isinstance(reply, tuple | list) and len(reply) == 2):
            raise EngineError(said_error("check-no-answer", name=_name(check)))
        kind, value = reply
        if kind != "ok":
            raise EngineError(_reason(check, value))
        for data in value:
            try:
                item = _finding(data)
            except (TypeError, ValueError, KeyError) as exc:  # pragma: no cover - see _plain
                raise EngineError(said_error("check-no-finding", name=_name(check))) from exc
            findings.append(item if item.level == Level.INTERNAL else attrs.evolve(item, level=5))
    return findings


def _reap(pid: int) -> int | None:
    """Wait for the child; its exit status in the ``subprocess`` convention."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def _kill(pid: int) -> None:
    """Stop the child and every process in its group (what its checks forked), then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)
