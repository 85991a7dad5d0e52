"""Control level 5: internal checks that the receiver plugs in.

A check is any callable that takes a :class:`ParsedMessage` and returns an iterable of
:class:`~eistandaard.core.findings.Finding`. Pass checks to
:func:`eistandaard.validate` (``checks=``)
or publish them as entry points in the group ``eistandaard.checks``::

    [project.entry-points."eistandaard.checks"]
    toewijzing = "mygemeente.checks:toewijzing_is_ours"

A check that raises, or returns something other than findings, makes the verdict ``error``: a
failing check is never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from importlib import import_module, metadata
from typing import Protocol, cast

import attrs

from eistandaard.core.errors import EngineError, InputError
from eistandaard.core.findings import Finding, Level
from eistandaard.core.message import Message

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
    """The checks published in the ``eistandaard.levels.checks`` entry-point group.

    :raises EngineError: when a published entry point cannot be loaded.
    """
    found: list[tuple[str, Check]] = []
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            found.append((entry.name, entry.load()))
        except Exception as exc:  # a broken plug-in must not pass silently
            raise EngineError(f"level-5 check {entry.name!r} cannot be loaded: {exc}") from exc
    return found


def load_check(spec: str) -> Check:
    """Import a check from ``module:function`` (as the CLI's ``--check`` takes it).

    :raises InputError: when the text is not of that form or names nothing callable.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise InputError(f"check {spec!r} is not of the form module:function")
    try:
        target: object = import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as exc:
        raise InputError(f"check {spec!r} cannot be imported: {exc}") from exc
    if not callable(target):
        raise InputError(f"check {spec!r} is not callable")
    return cast(Check, target)


def _name(check: Callable[..., object]) -> str:
    return getattr(check, "__qualname__", None) or getattr(check, "__name__", None) or repr(check)


def run_checks(message: ParsedMessage, checks: Sequence[Check]) -> list[Finding]:
    """Run every check; findings come back as level 5.

    :raises EngineError: when a check raises or returns anything but findings.
    """
    findings: list[Finding] = []
    for check in checks:
        try:
            produced = list(check(message))
        except Exception as exc:
            raise EngineError(f"level-5 check {_name(check)} failed: {exc!r}") from exc
        for item in produced:
            if not isinstance(item, Finding):
                raise EngineError(
                    f"level-5 check {_name(check)} returned {type(item).__name__}, not a Finding"
                )
            findings.append(item if item.level == Level.INTERNAL else attrs.evolve(item, level=5))
    return findings
