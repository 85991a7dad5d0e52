"""The report of one validation: message identity, findings, verdict, versions and timings."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

import attrs

from eistandaard.core.findings import Finding, Level, Severity

if TYPE_CHECKING:  # the Message module imports this one
    from eistandaard.core.message import Message

_T = TypeVar("_T")

__all__ = ["MessageIdentity", "NotRun", "Report", "Verdict", "shared_not_run", "shared_notes"]


class Verdict(enum.StrEnum):
    """Outcome of a validation. ``error`` means a check could not run: never read it as a pass."""

    ACCEPTED = "accepted"
    """No finding of severity ``error``: VECOZO passes the message on (exit code 0)."""
    REJECTED = "rejected"
    """At least one ``error`` finding: the message is refused as a whole (exit code 1)."""
    ERROR = "error"
    """A check failed to run (exception, exit, time-out): no verdict at all (exit code 3)."""

    @property
    def exit_code(self) -> int:
        """The exit code ``ei`` (and a pre-commit hook, a CI step) ends with for this verdict.

        >>> [verdict.exit_code for verdict in Verdict]
        [0, 1, 3]
        """
        return _EXIT_CODES[self]


_EXIT_CODES = {Verdict.ACCEPTED: 0, Verdict.REJECTED: 1, Verdict.ERROR: 3}


@attrs.frozen
class MessageIdentity:
    """Which message this is, as the catalog and the Header say.

    ``family``/``release``/``message``/``direction`` come from the catalog (by root namespace);
    the ``header_*`` values are read from the message and may differ (the XSD then says so).
    """

    family: str
    """The standard (``iwmo``, ``ijw``, ``gds``, ``bm``), from the catalog."""
    release: str
    """The release as the catalog names it (``3.2``, ``1.0``, ``2.0``)."""
    message: str
    """The message (``WMO323``, ``GDS801``), from the catalog."""
    direction: str
    """``heen`` (a request) or ``retour`` (an answer), from the catalog."""
    namespace: str
    """The root element's namespace URI, by which the catalog found the message."""
    berichtcode: str
    """The catalog's BerichtCode for the message (``484`` for WMO323, ``573`` for GDS801)."""
    header_code: str | None = None
    """The BerichtCode the Header states (the catalog's ``[header]`` paths), if readable."""
    header_versie: str | None = None
    """The Header's BerichtVersie (major version), if readable."""
    header_subversie: str | None = None
    """The Header's BerichtSubversie, if readable."""
    identificatie: str | None = None
    """The Header's BerichtIdentificatie/Identificatie: the sender's number for the message."""
    dagtekening: str | None = None
    """The Header's Dagtekening (ISO date as written), the default as-of date of checks."""


@attrs.frozen
class NotRun:
    """A rule that applies to the message but did not run (or ran only in part).

    :param rule: the rule id or finding code (``TR304``, ``RC052-9323``).
    :param level: the control level the rule belongs to (1-5).
    :param reason: why, as a key of ``rbc/common/not-run.toml``: ``history`` (needs earlier
        messages), ``toewijzing``, ``declaratie``, ``contract``, ``receiver-products``,
        ``plugin``, ``codelist`` (a list neither bundled nor supplied) or ``batch`` (ran
        only across the messages of the batch: a partial run).
    :param text: the reason in English words, as the notes show it.
    :param codelist: for reason ``codelist``, the list that is missing.
    """

    rule: str
    level: int
    reason: str
    text: str
    codelist: str | None = None


def _not_run(value: Iterable[NotRun]) -> tuple[NotRun, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


@attrs.frozen
class Report:
    """Everything one validation found out about one message.

    :param source: what was checked (a file name, ``<stdin>``, ``<bytes>``, ``a.zip!b.xml``).
    :param identity: the message, or ``None`` when it could not be identified.
    :param findings: every finding, in level order.
    :param engine_errors: why a check could not run; any entry makes the verdict ``error``. Each
        is English as ``str``; the engine's own are :class:`~eistandaard.standards.wording.Worded`
        texts of ``rbc/common/errors.toml`` that also know their Dutch (reporters use ``--lang``).
    :param schema_version: the schema release used (``iwmo/3.2``), or the path of the external
        XSD file used (``--schemas``).
    :param rules_version: the rule set used, when level 3 ran.
    :param as_of: the peildatum that rules comparing with "today" used.
    :param environment: the VECOZO environment assumed (``P`` production, ``T`` test).
    :param timings: seconds per level (``level1`` ... ``level5``).
    :param levels_run: the levels that ran without an engine error. A level may still have
        rules that did not run for want of data: those are in ``not_run``, and
        :attr:`levels_complete` leaves such a level out.
    :param notes: what the reader should know that is no finding: every rule that did not run
        (or ran only across the batch), with the reason, one line per reason.
    :param not_run: the rules of the levels that ran which did not run, or ran only in part.
    :param message: the parsed :class:`~eistandaard.core.message.Message` (``None`` when the
        source could not be read or identified); not part of equality, ``repr`` or JSON.
    :param digest: SHA-256 (hex) of the cleaned bytes of the message checked
        (:attr:`Message.digest <eistandaard.core.message.Message.digest>`): which content this
        report is of, kept when the report is pickled; ``None`` when the source could not be
        identified, or for a report made by hand. Not in ``repr`` or JSON.
    """

    source: str
    identity: MessageIdentity | None = None
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    engine_errors: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    schema_version: str | None = None
    rules_version: str | None = None
    as_of: dt.date | None = None
    environment: str | None = None
    timings: Mapping[str, float] = attrs.field(factory=dict)
    levels_run: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    not_run: tuple[NotRun, ...] = attrs.field(default=(), converter=_not_run)
    message: Message | None = attrs.field(default=None, eq=False, repr=False)
    digest: str | None = attrs.field(default=None, repr=False)

    def __getstate__(self) -> dict[str, object]:
        """Pickle without the Message (its lxml tree does not pickle).

        Another process (``--jobs``, ``ei serve`` workers) needs the findings, not the tree.
        """
        state = {field.name: getattr(self, field.name) for field in attrs.fields(Report)}
        state["message"] = None
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Restore a pickled report (its ``message`` is ``None``)."""
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def levels_complete(self) -> tuple[int, ...]:
        """The levels of :attr:`levels_run` in which every applicable rule ran in full."""
        partial = {item.level for item in self.not_run}
        return tuple(level for level in self.levels_run if level not in partial)

    @property
    def verdict(self) -> Verdict:
        """``error`` if a check failed to run, else ``rejected`` on any error finding."""
        if self.engine_errors:
            return Verdict.ERROR
        if any(f.severity is Severity.ERROR for f in self.findings):
            return Verdict.REJECTED
        return Verdict.ACCEPTED

    @property
    def accepted(self) -> bool:
        """True only when the verdict is ``accepted``."""
        return self.verdict is Verdict.ACCEPTED

    def at_level(self, level: int) -> tuple[Finding, ...]:
        """The findings of one control level."""
        return tuple(f for f in self.findings if f.level == Level(level))

    @property
    def codes(self) -> list[str]:
        """The finding codes, in order, with repeats."""
        return [f.code for f in self.findings]


def shared_notes(reports: Sequence[Report]) -> dict[str, tuple[int, ...]]:
    """The notes that two or more reports of a batch hold: note -> indexes of those reports.

    Renderers print each of them once per batch (empty for a single report: it keeps its own).
    """
    return _shared([report.notes for report in reports])


def shared_not_run(reports: Sequence[Report]) -> dict[NotRun, tuple[int, ...]]:
    """The not-run rules that two or more reports of a batch hold (see :func:`shared_notes`)."""
    return _shared([report.not_run for report in reports])


def shared_items(lists: Sequence[Sequence[_T]]) -> dict[_T, tuple[int, ...]]:
    """The items that two or more of ``lists`` hold: item -> indexes of those lists."""
    return _shared(lists)


def _shared(lists: Sequence[Sequence[_T]]) -> dict[_T, tuple[int, ...]]:
    holders: dict[_T, list[int]] = {}
    for number, items in enumerate(lists):
        for item in dict.fromkeys(items):
            holders.setdefault(item, []).append(number)
    return {item: tuple(where) for item, where in holders.items() if len(where) > 1}
