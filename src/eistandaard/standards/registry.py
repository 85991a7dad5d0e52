"""THE rule registry of a standard release: ``rbc/<family>/<release>/rules.toml``.

Each table of that file describes one rule (``[TR137]``): its kind, control level, the class of
the message its finding belongs to, its retourcode, the code the answer message carries for it,
the messages it applies to, optional validity dates, whether its retourcode is provisional
(Betaalopdracht Wlz ``Pnnn``) and short Dutch and English texts. Every engine that reports a
registered rule makes its :class:`~eistandaard.core.findings.Finding` with
:meth:`RuleDef.finding`; every family (iStandaarden, GDS, BM) is read by :func:`load_registry`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Level, Location
from eistandaard.core.text import quoted
from eistandaard.standards.inheritance import load_release_toml

__all__ = ["KINDS", "RuleDef", "load_registry"]

KINDS = frozenset({"CD", "CS", "RS", "TR", "OP", "IV", "VC", "RC", "IC"})  # VC/RC/IC: Vektis
"""Rule kinds of the iStandaarden: conditions, constraints, restrictions, technical rules,
business rules and filling instructions."""


@attrs.frozen
class RuleDef:
    """One rule of a registry.

    :param id: the rule id (``TR137``).
    :param kind: ``CD``, ``CS``, ``RS``, ``TR``, ``OP`` or ``IV``.
    :param level: the eistandaard control level that checks it (3 relation, 4 external source,
        5 cross-message / receiver).
    :param istandaarden_level: the iStandaarden control level (1 XSD, 2 XSLT, 3 cross-message,
        4 external source).
    :param message_class: the class its finding belongs to (``Header``, ``Prestatie`` ...).
    :param retourcode: its own WJ001 code, if it has one.
    :param answer_code: the code the answer message carries when it fails.
    :param messages: the messages it applies to.
    :param implemented: whether a bundled check (stylesheet) implements it.
    :param needs: for a rule no stylesheet implements, what it needs to run (a key of
        ``rbc/common/not-run.toml``: ``history``, ``toewijzing``, ``declaratie`` ...); a rule
        with ``needs`` that no other engine (level-4 checks, batch uniqueness) runs is named in
        the report's notes as not run.
    :param provisional: the retourcode is the project's placeholder (``Pnnn``) until the
        official one is known.
    """

    id: str
    kind: str
    level: Level
    istandaarden_level: int
    message_class: str
    text_nl: str
    text_en: str
    messages: tuple[str, ...]
    retourcode: str | None = None
    answer_code: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    implemented: bool = True
    needs: str | None = None
    provisional: bool = False

    def finding(
        self,
        *,
        locations: Iterable[Location] = (),
        details: str | None = None,
        message_class: str | None = None,
        retourcode: str | None = None,
        vecozo_code: str | None = None,
        code: str | None = None,
    ) -> Finding:
        """The :class:`~eistandaard.core.findings.Finding` of this rule at ``locations``.

        :param message_class: the class the finding belongs to, when the check knows better
            than the registry (a stylesheet's ``class`` attribute, the element's own class).
        :param retourcode: the code to report instead of :attr:`retourcode` (a code-list rule
            whose retourcode depends on the failure).
        :param code: the finding code, when it is not the rule id itself.
        """
        return Finding(
            level=self.level,
            code=code or self.id,
            text_nl=self.text_nl,
            text_en=self.text_en,
            retourcode=retourcode or self.retourcode,
            vecozo_code=vecozo_code,
            locations=tuple(locations),
            message_class=message_class or self.message_class,
            details=details,
        )

    def applies_to(self, message: str, on: dt.date | None = None) -> bool:
        """Whether the rule applies to ``message`` (on the date ``on``, when given)."""
        if message.upper() not in self.messages:
            return False
        if on is None:
            return True
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_until is not None and on >= self.valid_until)


def _optional_date(rule_id: str, value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise DataError(f"rule {rule_id}: dates must be TOML dates, got {quoted(value)}")


def _optional_code(rule_id: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise DataError(f"rule {rule_id}: codes must be non-empty strings, got {quoted(value)}")
    return value


def _rule(rule_id: str, entry: Any) -> RuleDef:
    if not isinstance(entry, dict):
        raise DataError(f"rule {rule_id}: expected a table")
    try:
        kind = str(entry["kind"])
        messages = entry["messages"]
        rule = RuleDef(
            id=rule_id,
            kind=kind,
            level=Level(int(entry["level"])),
            istandaarden_level=int(entry["istandaarden_level"]),
            message_class=str(entry["class"]),
            text_nl=str(entry["nl"]),
            text_en=str(entry["en"]),
            messages=tuple(str(m).upper() for m in messages),
            retourcode=_optional_code(rule_id, entry.get("retourcode")),
            answer_code=_optional_code(rule_id, entry.get("answer_code")),
            valid_from=_optional_date(rule_id, entry.get("valid_from")),
            valid_until=_optional_date(rule_id, entry.get("valid_until")),
            implemented=bool(entry.get("implemented", True)),
            needs=_optional_code(rule_id, entry.get("needs")),
            provisional=bool(entry.get("provisional", False)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"rule {rule_id}: missing or malformed entry {exc}") from exc
    if kind not in KINDS:
        raise DataError(f"rule {rule_id}: unknown kind {quoted(kind)}")
    if not isinstance(messages, list) or not messages:
        raise DataError(f"rule {rule_id}: messages must be a non-empty list")
    if rule.istandaarden_level not in (1, 2, 3, 4):
        raise DataError(f"rule {rule_id}: istandaarden_level must be 1-4")
    return rule


@functools.cache
def load_registry(family: str, release: str) -> Mapping[str, RuleDef]:
    """The rules of ``family``/``release`` (``iwmo``, ``3.2``), read once per process.

    The release's bases are resolved (:mod:`eistandaard.standards.inheritance`).

    :raises DataError: when the file is missing or an entry is malformed.
    """
    found = load_release_toml(family, release, "rules.toml")
    if found is None:
        raise DataError(f"no rule registry for {family}/{release} (rules.toml missing)")
    data, _ = found
    rules = {rule_id: _rule(rule_id, entry) for rule_id, entry in data.items()}
    return MappingProxyType(rules)
