"""The report of one validation: message identity, findings, verdict, versions and timings."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs

from eistandaard.findings import Finding, Level, Severity

__all__ = ["MessageIdentity", "Report", "Verdict"]


class Verdict(enum.StrEnum):
    """Outcome of a validation. ``error`` means a check could not run: never read it as a pass."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ERROR = "error"


@attrs.frozen
class MessageIdentity:
    """Which message this is, as the catalog and the Header say.

    ``family``/``release``/``message``/``direction`` come from the catalog (by root namespace);
    the ``header_*`` values are read from the message and may differ (the XSD then says so).
    """

    family: str
    release: str
    message: str
    direction: str
    namespace: str
    berichtcode: str
    header_code: str | None = None
    header_versie: str | None = None
    header_subversie: str | None = None
    identificatie: str | None = None
    dagtekening: str | None = None


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
    :param engine_errors: why a check could not run; any entry makes the verdict ``error``.
    :param schema_version: the schema release used (``iwmo/3.2``), or the path of the external
        XSD file used (``--schemas``).
    :param rules_version: the rule set used, when level 3 ran.
    :param as_of: the peildatum that rules comparing with "today" used.
    :param environment: the VECOZO environment assumed (``P`` production, ``T`` test).
    :param timings: seconds per level (``level1`` ... ``level5``).
    :param levels_run: the levels that actually ran to completion.
    :param notes: what the reader should know that is no finding, such as checks that could not
        run because an optional code list (CBS gemeentecodes, a vendor list) was not supplied.
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
