"""Control level 4: referential checks (codes against dated code lists, dates against today).

What is checked is data, one file per release: ``rbc/<family>/<release>/referential.toml``
says which element is checked against which code list, on which peildatum, and which finding
code and retourcode a failure gives (see the comments in that file for the format). This module
only interprets it.

Choices, in short (``docs/referential.md`` has the reasons):

* a code absent from a list marked ``complete: no`` is never rejected;
* a list that is not bundled and not supplied (``optional = true``: CBS gemeentecodes, the
  product code list) skips its check; a bundled list that is missing or malformed raises
  :class:`~eistandaard.core.errors.DataError`, so the pipeline fails closed;
* an empty value or an element that is absent is not checked (levels 2 and 3 deal with that);
* when no peildatum can be read, only existence is checked.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from lxml import etree
from stdnum import iban
from stdnum.exceptions import ValidationError

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Level, Location, Severity
from eistandaard.core.paths import PathCache, local_name, string_value, value_of
from eistandaard.identifiers import agb, bsn, gemeentecode, uzovi
from eistandaard.standards import codes
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.codelists import CodeList, CodeLists, CodeStatus
from eistandaard.standards.inheritance import load_release_toml
from eistandaard.standards.resources import load_toml

__all__ = ["ReferenceCheck", "ReferentialRules", "check_references", "rules_for"]

KINDS = ("codelist", "not-after-as-of", "identifier", "function")
MATCHES = ("on-peildatum", "existed-by")
IDENTIFIERS: Mapping[str, Any] = {
    "agb": agb,
    "bsn": bsn,
    "gemeentecode": gemeentecode,
    "iban": iban,
    "uzovi": uzovi,
}
"""Identifier modules a check of kind ``identifier`` may name."""

_STATUS_CODES = {
    CodeStatus.UNKNOWN: "EI401",
    CodeStatus.NOT_YET_VALID: "EI402",
    CodeStatus.EXPIRED: "EI403",
}
_STATUS_TEXT = {
    CodeStatus.UNKNOWN: "does not occur in",
    CodeStatus.NOT_YET_VALID: "is not yet valid in",
    CodeStatus.EXPIRED: "has expired in",
}


@attrs.frozen
class ReferenceCheck:
    """One entry of a ``referential.toml``: one kind of check on one or more element paths."""

    id: str
    kind: str
    messages: frozenset[str]
    select: tuple[str, ...]
    list: str | None = None
    peildatum: tuple[str, ...] = ()
    code: str | None = None
    retourcode: str | None = None
    optional: bool = False
    match: str = "on-peildatum"
    qualifier: str | None = None
    identifier: str | None = None
    function: str | None = None
    """For kind ``function``: ``module:callable`` taking (spec, tree, as_of, lists) -> findings."""
    text_nl: str | None = None
    text_en: str | None = None
    needs: str | None = None
    """Why the check cannot run without its optional list (a key of ``rbc/common/not-run.toml``);
    default ``codelist``."""


@attrs.frozen
class ReferentialRules:
    """The level-4 checks of one release."""

    classes: tuple[str, ...]
    checks: tuple[ReferenceCheck, ...]
    path: Path | None = None

    @classmethod
    def load(cls, path: Path) -> ReferentialRules:
        """Read a ``referential.toml``; anything malformed raises :class:`DataError`."""
        return cls.from_data(load_toml(path), path)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: Path) -> ReferentialRules:
        """The checks of a loaded ``referential.toml`` (``path`` names it in errors)."""
        if data.get("format") != 1:
            raise DataError(f"{path}: expected format = 1")
        try:
            classes = tuple(str(c) for c in data.get("classes", ()))
            checks = tuple(_check(entry) for entry in data.get("check", ()))
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{path}: malformed check: {exc}") from exc
        seen: set[str] = set()
        for check in checks:
            if check.id in seen:
                raise DataError(f"{path}: check id {check.id} is used twice")
            seen.add(check.id)
        return cls(classes=classes, checks=checks, path=path)

    def for_message(self, name: str) -> tuple[ReferenceCheck, ...]:
        """Return the checks that apply to message ``name`` (``WMO325``)."""
        return tuple(c for c in self.checks if name.upper() in c.messages)


def _check(entry: Mapping[str, Any]) -> ReferenceCheck:
    kind = str(entry["kind"])
    if kind not in KINDS:
        raise ValueError(f"{entry.get('id')}: unknown kind {kind!r}")
    match = str(entry.get("match", "on-peildatum"))
    if match not in MATCHES:
        raise ValueError(f"{entry.get('id')}: unknown match {match!r}")
    check = ReferenceCheck(
        id=str(entry["id"]),
        kind=kind,
        messages=frozenset(str(m).upper() for m in entry["messages"]),
        select=tuple(str(s) for s in entry["select"]),
        list=entry.get("list"),
        peildatum=tuple(str(p) for p in entry.get("peildatum", ())),
        code=entry.get("code"),
        retourcode=entry.get("retourcode"),
        optional=bool(entry.get("optional", False)),
        match=match,
        qualifier=entry.get("qualifier"),
        identifier=entry.get("identifier"),
        function=entry.get("function"),
        text_nl=entry.get("nl"),
        text_en=entry.get("en"),
        needs=entry.get("needs"),
    )
    if kind == "codelist" and not check.list:
        raise ValueError(f"{check.id}: a codelist check needs a list")
    if kind == "identifier" and check.identifier not in IDENTIFIERS:
        raise ValueError(f"{check.id}: identifier must be one of {sorted(IDENTIFIERS)}")
    if kind == "function" and ":" not in (check.function or ""):
        raise ValueError(f"{check.id}: a function check needs function = 'module:callable'")
    if kind == "not-after-as-of" and not check.code:
        raise ValueError(f"{check.id}: a not-after-as-of check needs a code")
    if check.code and not check.code.startswith("EI") and not (check.text_nl and check.text_en):
        raise ValueError(f"{check.id}: code {check.code} needs texts nl and en")
    return check


@functools.cache
def _rules_of(family: str, release: str) -> ReferentialRules | None:
    found = load_release_toml(family, release, "referential.toml")
    return ReferentialRules.from_data(*found) if found is not None else None


def rules_for(spec: MessageSpec) -> ReferentialRules | None:
    """Return the bundled level-4 rules of the release of ``spec`` (``None``: it has none).

    The release's bases are resolved (:mod:`eistandaard.standards.inheritance`).
    """
    return _rules_of(spec.release.family, spec.release.release)


_DEFAULT_LISTS = CodeLists()


def check_references(
    spec: MessageSpec,
    tree: etree._ElementTree,
    *,
    as_of: dt.date,
    lists: CodeLists | None = None,
    rules: ReferentialRules | None = None,
) -> list[Finding]:
    """Run the level-4 checks of the message's release on an XSD-valid message.

    :param spec: the message (from the catalog).
    :param tree: the parsed message.
    :param as_of: the peildatum for checks against "today" (TR135) and the fallback peildatum.
    :param lists: the code lists to use (default: the bundled ones, no overrides).
    :param rules: the checks to run (default: the release's ``referential.toml``).
    :raises DataError: a required code list is missing or malformed.
    """
    rules = rules if rules is not None else rules_for(spec)
    if rules is None:
        return []
    lists = lists if lists is not None else _DEFAULT_LISTS
    run = _Run(spec, tree.getroot(), as_of, lists, rules.classes)
    findings: list[Finding] = []
    for check in rules.for_message(spec.name):
        findings.extend(run.check(check))
    return findings


class _Run:
    """State of one call: the document, the peildatum, and the lists already looked up."""

    def __init__(
        self,
        spec: MessageSpec,
        root: etree._Element,
        as_of: dt.date,
        lists: CodeLists,
        classes: tuple[str, ...],
    ) -> None:
        self.spec = spec
        self.root = root
        self.as_of = as_of
        self.lists = lists
        self.classes = frozenset(classes)
        self._paths = PathCache()

    def check(self, check: ReferenceCheck) -> Iterator[Finding]:
        if check.kind == "codelist":
            assert check.list is not None  # guaranteed by _check
            found = self.lists.get(
                check.list, family=self.spec.family, release=self.spec.release.release
            )
            if found is None:
                if check.optional:
                    return
                raise DataError(f"code list {check.list} for {self.spec.release.key} is missing")
            for element in self._selected(check):
                yield from self._codelist(check, element, found)
        elif check.kind == "function":
            yield from _function(check)(self.spec, self.root.getroottree(), self.as_of, self.lists)
        elif check.kind == "not-after-as-of":
            for element in self._selected(check):
                day = _date(string_value(element))
                if day is not None and day > self.as_of:
                    yield self._finding(
                        check,
                        check.code or "",
                        element,
                        f"{local_name(element)} {day.isoformat()} lies after the peildatum "
                        f"{self.as_of.isoformat()}",
                    )
        else:
            module = IDENTIFIERS[check.identifier or ""]
            for element in self._selected(check):
                value = value_of(element)
                try:
                    module.validate(value)
                except ValidationError as exc:
                    yield self._finding(
                        check,
                        check.code or "EI404",
                        element,
                        f"{local_name(element)} '{value}' is no valid {check.identifier}: "
                        f"{type(exc).__name__}",
                    )

    def _codelist(
        self, check: ReferenceCheck, element: etree._Element, found: CodeList
    ) -> Iterator[Finding]:
        value = value_of(element)
        if not value:
            return
        owner = self._class_element(element)
        key = value
        if check.qualifier:
            qualifier = _first(owner, check.qualifier)
            if not value_of(qualifier):
                return
            key = f"{value_of(qualifier)}/{value}"
        peildatum = self._peildatum(check, owner)
        if check.match == "existed-by" and peildatum is not None:
            if found.existed_by(key, peildatum):
                return
            status = CodeStatus.NOT_YET_VALID if key in found else CodeStatus.UNKNOWN
        else:
            status = found.status(key, peildatum)
        if status is CodeStatus.VALID:
            return
        if status is CodeStatus.UNKNOWN and not found.complete:
            return  # an incomplete list cannot prove a code wrong
        when = f" on peildatum {peildatum.isoformat()}" if peildatum else ""
        version = f" ({found.version})" if found.version else ""
        details = (
            f"{local_name(element)} '{key}' {_STATUS_TEXT[status]} code list "
            f"{found.name}{version}{when}"
        )
        yield self._finding(check, check.code or _STATUS_CODES[status], element, details)

    def _finding(
        self, check: ReferenceCheck, code: str, element: etree._Element, details: str
    ) -> Finding:
        line = element.sourceline
        location = Location(
            xpath=self._xpath(element), line=line if isinstance(line, int) else None
        )
        owner = self._class_element(element)
        message_class = local_name(owner) if owner is not self.root else None
        if check.text_nl and check.text_en:
            return Finding(
                level=Level.REFERENTIAL,
                code=code,
                text_nl=check.text_nl,
                text_en=check.text_en,
                retourcode=check.retourcode,
                severity=Severity.ERROR,
                message_class=message_class,
                details=details,
            ).with_locations((location,))
        made = codes.finding(code, details=details, message_class=message_class)
        return attrs.evolve(made, retourcode=check.retourcode).with_locations((location,))

    def _xpath(self, element: etree._Element) -> str:
        """Rapport-style path of ``element``, in linear time over many elements."""
        return self._paths.path(element)

    def _selected(self, check: ReferenceCheck) -> Iterator[etree._Element]:
        for path in check.select:
            yield from _walk(self.root, path)

    def _class_element(self, element: etree._Element) -> etree._Element:
        node: etree._Element | None = element.getparent()
        while node is not None:
            if local_name(node) in self.classes:
                return node
            node = node.getparent()
        return self.root

    def _peildatum(self, check: ReferenceCheck, owner: etree._Element) -> dt.date | None:
        for path in check.peildatum:
            if path == "as_of":
                return self.as_of
            start = self.root if path.startswith("/") else owner
            element = _first(start, path)
            value = _date(string_value(element)) if element is not None else None
            if value is not None:
                return value
        return None


def _function(check: ReferenceCheck) -> Any:
    """The callable a ``function`` check names (``package.module:name``)."""
    module, _, name = (check.function or "").partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise DataError(f"check {check.id}: cannot load {check.function}: {exc}") from exc


def _walk(start: etree._Element, path: str) -> Iterator[etree._Element]:
    """Elements reached from ``start`` by a path of local names (every branch).

    A step ``**`` stands for any number of levels (zero included), as XPath's ``//``.
    """
    steps = [s for s in path.split("/") if s]
    if not steps:
        yield start
        return
    head, rest = steps[0], "/".join(steps[1:])
    if head == "**":
        yield from _walk(start, rest)
        for child in start:
            if isinstance(child.tag, str):
                yield from _walk(child, path)
        return
    for child in start:
        if isinstance(child.tag, str) and local_name(child) == head:
            yield from _walk(child, rest)


def _first(start: etree._Element, path: str) -> etree._Element | None:
    return next(_walk(start, path), None)


def _date(text: str | None) -> dt.date | None:
    value = (text or "").strip()
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None
