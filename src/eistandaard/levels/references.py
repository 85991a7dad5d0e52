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

A code-list check with ``retourcodes`` (the Vektis code-list rules of GDS) follows the Vektis
routine instead: the finding code is ``<rule>-<retourcode>`` from the rule registry, with its
own retourcode for a code that is not in the list (``exists``), for a peildatum before the
code's Ingangsdatum (``ingang``) and for one on or after its Expiratiedatum (``expiratie``);
the code's FIRST entry in the list is judged, dates compare as XPath 1.0 numbers YYYYMMDD (a
date with a time zone is NaN), the betrokken elementen are the code, the peildatum element and
that entry's date, and when a ``top`` check (Header, DeclaratieContext, Overzicht) fails the
other such checks do not run (the Vektis short circuit). ``docs/standards/gds.md`` has the
reasons. One engine, one format: the retourcodes are fields of the check, not a Python hook.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from lxml import etree
from stdnum import iban
from stdnum.exceptions import ValidationError

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Level, Location, Severity
from eistandaard.core.paths import PathCache, local_name, string_value, value_of, walk_steps
from eistandaard.core.text import quoted
from eistandaard.core.xml import children, namespace_of
from eistandaard.identifiers import agb, bsn, gemeentecode, uzovi
from eistandaard.standards import codes
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.codelists import CodeList, CodeLists, CodeStatus
from eistandaard.standards.inheritance import load_release_toml
from eistandaard.standards.registry import RuleDef, load_registry
from eistandaard.standards.resources import load_toml

__all__ = [
    "ReferenceCheck",
    "ReferentialRules",
    "check_references",
    "date_number",
    "rules_for",
    "xpath1_number",
]

KINDS = ("codelist", "not-after-as-of", "identifier")
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
_STATUS_WORDING = {
    CodeStatus.UNKNOWN: "unknown",
    CodeStatus.NOT_YET_VALID: "not-yet-valid",
    CodeStatus.EXPIRED: "expired",
}
"""Code-list status -> its wording in ``rbc/common/details.toml`` (table ``references``)."""


def _identifier_details(
    element: str, value: str, identifier: str | None, exc: ValidationError
) -> tuple[str, str]:
    """The details (Dutch, English) of an identifier its checker refuses, by the kind of refusal."""
    values = {"element": element, "value": value, "identifier": identifier}
    kind = f"identifier-{type(exc).__name__}"
    wording = kind if kind in codes.detail_wordings().get("references", {}) else "identifier"
    return codes.worded_details("references", wording, values)


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
    text_nl: str | None = None
    text_en: str | None = None
    needs: str | None = None
    """Why the check cannot run without its optional list (a key of ``rbc/common/not-run.toml``);
    default ``codelist``."""
    rule: str | None = None
    """With retourcodes: the rule id of the rule set; findings are ``<rule>-<retourcode>``."""
    exists: str | None = None
    """Retourcode when the code is not in the list (``retourcodes.exists``)."""
    ingang: str | None = None
    """Retourcode when the peildatum lies before the code's Ingangsdatum."""
    expiratie: str | None = None
    """Retourcode when the peildatum is on or after the code's Expiratiedatum."""
    when_path: str | None = None
    """Only when the element at this path (as ``peildatum``) has the value ``when_equals``."""
    when_equals: str | None = None
    top: bool = False
    """A failure stops the other checks with retourcodes (the Vektis short circuit)."""

    @property
    def per_retourcode(self) -> bool:
        """Whether the check follows the Vektis routine (it has ``retourcodes``)."""
        return self.exists is not None

    def codes(self) -> tuple[str, ...]:
        """The finding codes the check can give (``RC003-9302`` ...; EI401-EI403 by default)."""
        if self.per_retourcode:
            found = (self.exists, self.ingang, self.expiratie)
            return tuple(f"{self.rule}-{code}" for code in found if code)
        return (self.code,) if self.code else ("EI401", "EI402", "EI403")


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
        raise ValueError(f"{entry.get('id')}: unknown kind {quoted(kind)}")
    match = str(entry.get("match", "on-peildatum"))
    if match not in MATCHES:
        raise ValueError(f"{entry.get('id')}: unknown match {quoted(match)}")
    retourcodes = entry.get("retourcodes") or {}
    when = entry.get("when") or {}
    if set(retourcodes) - {"exists", "ingang", "expiratie"}:
        raise ValueError(f"{entry.get('id')}: retourcodes are exists, ingang and expiratie")
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
        text_nl=entry.get("nl"),
        text_en=entry.get("en"),
        needs=entry.get("needs"),
        rule=entry.get("rule"),
        exists=retourcodes.get("exists"),
        ingang=retourcodes.get("ingang"),
        expiratie=retourcodes.get("expiratie"),
        when_path=when.get("path"),
        when_equals=when.get("equals"),
        top=bool(entry.get("top", False)),
    )
    if kind == "codelist" and not check.list:
        raise ValueError(f"{check.id}: a codelist check needs a list")
    if kind == "identifier" and check.identifier not in IDENTIFIERS:
        raise ValueError(f"{check.id}: identifier must be one of {sorted(IDENTIFIERS)}")
    if retourcodes and not (kind == "codelist" and check.rule and check.exists):
        raise ValueError(f"{check.id}: retourcodes need kind codelist, a rule and exists")
    if retourcodes and len(check.peildatum) > 1:
        raise ValueError(f"{check.id}: with retourcodes, peildatum is one path")
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
_MANY = 64
"""From this many parents on, their children come from one scan of the tree (``_Run._children``)."""


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
    checks = rules.for_message(spec.name)
    per_retourcode = tuple(check for check in checks if check.per_retourcode)
    findings: list[Finding] = []
    if per_retourcode:
        registry = load_registry(spec.release.family, spec.release.release)
        top, lower = _FirstEntryRun(tree.getroot(), spec, lists, registry).all(per_retourcode)
        findings.extend(top or lower)
    for check in checks:
        if not check.per_retourcode:
            findings.extend(run.check(check))
    return findings


class _Run:
    """State of one call: the document, the peildatum, and what was already looked up.

    Linear in the message: every select path is compiled once into its steps (lxml walks the
    children by name in C), the class element of a selected element follows from its path, a
    peildatum is read once per class element, a date string is parsed once per distinct value
    and a code is judged once per distinct (code, peildatum) per check. Locations (paths) are
    built only for a finding.
    """

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
        self._dates: dict[str, dt.date | None] = {}
        self._peildata: dict[tuple[str, ...], dict[etree._Element, dt.date | None]] = {}
        self._fixed: dict[tuple[str, ...], bool] = {}
        self._peil_of: dict[int, tuple[dict[etree._Element, dt.date | None], bool]] = {}
        """Per check (by id: checks are frozen and live as long as the run): its peildata."""
        self._levels: dict[tuple[str, ...], list[tuple[etree._Element, etree._Element]]] = {}

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
            judged: dict[tuple[str, dt.date | None], CodeStatus] = {}
            for path in check.select:
                for element, owner in self._with_owners(path):
                    finding = self._codelist(check, owner, element, found, judged)
                    if finding is not None:
                        yield finding
        elif check.kind == "not-after-as-of":
            for element in self._selected(check):
                day = self._date(string_value(element))
                if day is not None and day > self.as_of:
                    values = {
                        "element": local_name(element),
                        "date": day.isoformat(),
                        "as_of": self.as_of.isoformat(),
                    }
                    yield self._finding(
                        check,
                        check.code or "",
                        element,
                        codes.worded_details("references", "after-as-of", values),
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
                        _identifier_details(local_name(element), value, check.identifier, exc),
                    )

    def _codelist(
        self,
        check: ReferenceCheck,
        owner: etree._Element,
        element: etree._Element,
        found: CodeList,
        judged: dict[tuple[str, dt.date | None], CodeStatus],
    ) -> Finding | None:
        """The finding of one coded element, if any (a code is judged once per peildatum)."""
        value = _value(element)
        if not value:
            return None
        key = value
        if check.qualifier:
            qualifier = _value(_first(owner, check.qualifier))
            if not qualifier:
                return None
            key = f"{qualifier}/{value}"
        known = self._peil_of.get(id(check))
        if known is None:
            known = self._peil_of[id(check)] = self._peildata_of(check.peildatum)
        cache, fixed = known
        peil_owner = self.root if fixed else owner  # the same for every element when fixed
        peildatum = cache[peil_owner] if peil_owner in cache else self._peildatum(check, owner)
        status = judged.get((key, peildatum))
        if status is None:
            status = _judge(check, found, key, peildatum)
            judged[(key, peildatum)] = status
        if status is CodeStatus.VALID:
            return None
        values = {
            "element": local_name(element),
            "code": key,
            # The list by name only: its "version" header is a provenance note in one language.
            "list": found.name,
            "peildatum": peildatum.isoformat() if peildatum else "",
        }
        wording = _STATUS_WORDING[status] + ("-on" if peildatum else "")
        details = codes.worded_details("references", wording, values)
        return self._finding(check, check.code or _STATUS_CODES[status], element, details)

    def _finding(
        self,
        check: ReferenceCheck,
        code: str,
        element: etree._Element,
        worded: tuple[str, str],
    ) -> Finding:
        """The finding of ``check`` at ``element``; ``worded`` its details (Dutch, English)."""
        details_nl, details = worded
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
                details_nl=details_nl,
            ).with_locations((location,))
        made = codes.finding(code, details=details, message_class=message_class)
        made = attrs.evolve(made, retourcode=check.retourcode, details_nl=details_nl)
        return made.with_locations((location,))

    def _xpath(self, element: etree._Element) -> str:
        """Rapport-style path of ``element``, in linear time over many elements."""
        return self._paths.path(element)

    def _selected(self, check: ReferenceCheck) -> Iterator[etree._Element]:
        for path in check.select:
            yield from _walk(self.root, path)

    def _with_owners(self, path: str) -> Iterator[tuple[etree._Element, etree._Element]]:
        """The elements ``path`` selects from the root, in document order, with their class element.

        The elements above the last step are walked once per run and shared by every path
        through them (the rows of a message are found once, not once per coded element); the
        class element follows from the steps. A path with ``**`` asks the ancestors themselves.
        """
        steps = _steps(path)
        if not steps or "**" in steps:
            for element in _walk(self.root, path):
                yield element, self._class_element(element)
            return
        yield from self._children(self._level(steps[:-1]), steps[-1], is_class=False)

    def _level(self, steps: tuple[str, ...]) -> list[tuple[etree._Element, etree._Element]]:
        """The elements at ``steps`` from the root with their class elements, walked once per run.

        Each element comes with its nearest class element (itself included; the root when
        none), in document order.
        """
        found = self._levels.get(steps)
        if found is None:
            if not steps:
                found = [(self.root, self.root)]
            else:
                parents = self._level(steps[:-1])
                found = self._children(parents, steps[-1], is_class=steps[-1] in self.classes)
            self._levels[steps] = found
        return found

    def _children(
        self, parents: list[tuple[etree._Element, etree._Element]], name: str, *, is_class: bool
    ) -> list[tuple[etree._Element, etree._Element]]:
        """The children named ``name`` of ``parents`` (each with its class element), in order.

        A few parents are asked for their children; many parents (the rows of a list) are
        found back from one scan by tag over the tree in C: an element whose parent is one of
        them (lxml gives the same proxy object for a node while one lives). The parents are all
        at one depth, so both give document order.
        """
        wanted = f"{{*}}{name}"
        if len(parents) < _MANY:
            return [
                (child, child if is_class else owner)
                for node, owner in parents
                for child in node.iterchildren(wanted)
            ]
        owners = dict(parents)
        return [
            (child, child if is_class else owners[parent])
            for child in self.root.iter(wanted)
            if (parent := child.getparent()) in owners
        ]

    def _class_element(self, element: etree._Element) -> etree._Element:
        node: etree._Element | None = element.getparent()
        while node is not None:
            if local_name(node) in self.classes:
                return node
            node = node.getparent()
        return self.root

    def _date(self, text: str | None) -> dt.date | None:
        """:func:`_date`, once per distinct string."""
        key = text or ""
        if key not in self._dates:
            self._dates[key] = _date(key)
        return self._dates[key]

    def _peildata_of(
        self, paths: tuple[str, ...]
    ) -> tuple[dict[etree._Element, dt.date | None], bool]:
        """The peildata read so far for ``paths`` (per class element), and whether it is fixed.

        Fixed: the same for every element (only ``as_of`` and paths from the root).
        """
        cache = self._peildata.get(paths)
        if cache is None:
            cache = self._peildata[paths] = {}
            self._fixed[paths] = all(p == "as_of" or p.startswith("/") for p in paths)
        return cache, self._fixed[paths]

    def _peildatum(self, check: ReferenceCheck, owner: etree._Element) -> dt.date | None:
        """The first peildatum of ``check`` present for ``owner`` (read once per owner)."""
        paths = check.peildatum
        cache, fixed = self._peildata_of(paths)
        if fixed:
            owner = self.root  # the same for every element
        if owner in cache:
            return cache[owner]
        found: dt.date | None = None
        for path in paths:
            if path == "as_of":
                found = self.as_of
                break
            start = self.root if path.startswith("/") else owner
            steps = _steps(path)
            if len(steps) == 1:  # a field of the class element itself: the usual case
                element = next(start.iterchildren(f"{{*}}{steps[0]}"), None)
            else:
                element = _first(start, path)
            value = self._date(_value_text(element)) if element is not None else None
            if value is not None:
                found = value
                break
        cache[owner] = found
        return found


def _judge(
    check: ReferenceCheck, found: CodeList, key: str, peildatum: dt.date | None
) -> CodeStatus:
    """The status of ``key`` for ``check``: VALID also when the check cannot reject it."""
    if check.match == "existed-by" and peildatum is not None:
        if found.existed_by(key, peildatum):
            return CodeStatus.VALID
        status = CodeStatus.NOT_YET_VALID if key in found else CodeStatus.UNKNOWN
    else:
        status = found.status(key, peildatum)
    if status is CodeStatus.UNKNOWN and not found.complete:
        return CodeStatus.VALID  # an incomplete list cannot prove a code wrong
    return status


@functools.cache
def _steps(path: str) -> tuple[str, ...]:
    return tuple(s for s in path.split("/") if s)


def _value_text(element: etree._Element) -> str:
    """:func:`string_value`, without joining when the element has no children (the usual case)."""
    if len(element) == 0:
        return element.text or ""
    return string_value(element) or ""


def _value(element: etree._Element | None) -> str:
    """:func:`value_of`, without joining when the element has no children (the usual case)."""
    if element is not None and len(element) == 0:
        return (element.text or "").strip()
    return value_of(element)


def _walk(start: etree._Element, path: str) -> Iterator[etree._Element]:
    """Elements reached from ``start`` by a path of local names (every branch, document order).

    A step ``**`` stands for any number of levels (zero included), as XPath's ``//``.
    """
    steps = _steps(path)
    if not steps or "**" in steps:
        yield from walk_steps(start, steps, children)
        return
    nodes = [start]
    for step in steps:
        wanted = f"{{*}}{step}"
        nodes = [child for node in nodes for child in node.iterchildren(wanted)]
        if not nodes:
            return
    yield from nodes


def _first(start: etree._Element, path: str) -> etree._Element | None:
    return next(_walk(start, path), None)


def _date(text: str | None) -> dt.date | None:
    value = (text or "").strip()
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


_XPATH1_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_XPATH1_SPACE = " \t\r\n"


def xpath1_number(text: str) -> float:
    """XPath 1.0 ``number()`` of a string: NaN for anything but ``-?digits[.digits]``.

    Surrounding XML whitespace is ignored; ``+1``, ``1E2``, ``INF`` and ``''`` are NaN (source:
    XPath 1.0 section 4.4, the semantics of the Vektis XSLT 1.0 stylesheets).
    """
    stripped = text.strip(_XPATH1_SPACE)
    return float(stripped) if _XPATH1_NUMBER.fullmatch(stripped) else math.nan


def date_number(text: str) -> float:
    """A date as the Vektis routines compare it: dashes removed, then XPath 1.0 ``number()``.

    ``2026-11-04`` is 20261104.0; a date with a time zone (``2026-11-23+01:00``) is NaN.
    """
    return xpath1_number(text.replace("-", ""))


def _normalized(element: etree._Element | None) -> str:
    return " ".join(value_of(element).split()) if element is not None else ""


def _on_path(root: etree._Element, element: etree._Element | None, steps: tuple[str, ...]) -> bool:
    """Whether ``element`` is reached from ``root`` by the qualified tags ``steps``."""
    node = element
    for tag in reversed(steps):
        if node is None or node.tag != tag:
            return False
        node = node.getparent()
    return node is root


def _resolve(
    root: etree._Element, owner: etree._Element, path: str, ns: str
) -> etree._Element | None:
    """The first element on ``path`` (from the root when it starts with ``/``, else from ``owner``).

    A ``..`` step goes up one level.
    """
    node: etree._Element | None = root if path.startswith("/") else owner
    for step in (s for s in path.split("/") if s):
        if node is None:
            return None
        node = node.getparent() if step == ".." else next(node.iterchildren(f"{ns}{step}"), None)
    return node


_Target = tuple[int, ReferenceCheck, tuple[str, ...]]


class _FirstEntryRun:
    """The checks with retourcodes on one message, in one scan over the coded elements."""

    def __init__(
        self,
        root: etree._Element,
        spec: MessageSpec,
        lists: CodeLists,
        registry: Mapping[str, RuleDef],
    ) -> None:
        self.root = root
        self.spec = spec
        self.lists = lists
        self.registry = registry
        self.paths = PathCache()
        self._loaded: dict[str, CodeList | None] = {}
        namespace = namespace_of(root)
        self.ns = f"{{{namespace}}}" if namespace else ""

    def codelist(self, check: ReferenceCheck) -> CodeList | None:
        """The list of ``check``; ``None`` for an optional list nobody supplied.

        :raises DataError: a list that is not optional is missing.
        """
        name = check.list or ""
        if name not in self._loaded:
            release = self.spec.release
            found = self.lists.get(name, family=release.family, release=release.release)
            if found is None and not check.optional:
                raise DataError(f"code list {name} for {release.key} is missing")
            self._loaded[name] = found
        return self._loaded[name]

    def _targets(self, checks: tuple[ReferenceCheck, ...]) -> dict[str, list[_Target]]:
        """Coded element tag -> (check number, check, qualified class steps)."""
        ns = self.ns
        by_tag: dict[str, list[_Target]] = {}
        for number, check in enumerate(checks):
            if check.when_path is not None and check.when_path.startswith("/"):
                condition = _resolve(self.root, self.root, check.when_path, ns)
                if _normalized(condition) != check.when_equals:
                    continue
            for path in check.select:
                *classes, element = path.split("/")
                steps = tuple(f"{ns}{step}" for step in classes)
                by_tag.setdefault(f"{ns}{element}", []).append((number, check, steps))
        return by_tag

    def all(self, checks: tuple[ReferenceCheck, ...]) -> tuple[list[Finding], list[Finding]]:
        """The findings of the ``top`` checks and of the others, each in check order.

        One scan over the coded elements (lxml filters them by tag); a value that passes a check
        whatever its peildatum is not looked up again for that check.
        """
        by_tag = self._targets(checks)
        accepted: set[tuple[int, str]] = set()
        found: list[tuple[int, Finding]] = []
        for coded in self.root.iter(*by_tag):
            value = _normalized(coded)
            if not value:
                continue
            owner = coded.getparent()
            for number, check, steps in by_tag[coded.tag]:
                if (number, value) in accepted or not _on_path(self.root, owner, steps):
                    continue
                assert owner is not None  # _on_path checked it
                if check.when_path is not None and not check.when_path.startswith("/"):
                    condition = _resolve(self.root, owner, check.when_path, self.ns)
                    if _normalized(condition) != check.when_equals:
                        continue
                codelist = self.codelist(check)
                if codelist is None:
                    continue
                if self._always_passes(check, codelist, value):
                    accepted.add((number, value))
                    continue
                found.extend((number, f) for f in self._one(check, owner, coded, value, codelist))
        found.sort(key=lambda pair: pair[0])
        top = [f for number, f in found if checks[number].top]
        lower = [f for number, f in found if not checks[number].top]
        return top, lower

    @staticmethod
    def _always_passes(check: ReferenceCheck, codelist: CodeList, value: str) -> bool:
        """The value passes whatever its peildatum (unknown in an incomplete list, or undated)."""
        entries = codelist.entries_for(value)
        if not entries:
            return not codelist.complete
        return not check.peildatum or entries[0].ingangsdatum is entries[0].expiratiedatum is None

    def _one(
        self,
        check: ReferenceCheck,
        owner: etree._Element,
        coded: etree._Element,
        value: str,
        codelist: CodeList,
    ) -> Iterator[Finding]:
        pair = [(local_name(coded), value)]
        entries = codelist.entries_for(value)
        if not entries:
            if codelist.complete and check.exists:
                yield self._finding(check, check.exists, owner, coded, pair)
            return
        first = entries[0]
        peil_element = _resolve(self.root, owner, check.peildatum[0], self.ns)
        peil_text = _normalized(peil_element)
        if peil_element is None or not peil_text:
            return
        peil = date_number(peil_text)
        peil_pair = (local_name(peil_element), peil_text)
        # Two separate tests on the first entry, as the routine does (NaN compares false).
        if check.ingang and first.ingangsdatum is not None:
            start = first.ingangsdatum.isoformat()
            if peil < date_number(start):
                pairs = [*pair, peil_pair, ("Ingangsdatum", start)]
                yield self._finding(check, check.ingang, owner, coded, pairs)
        if check.expiratie and first.expiratiedatum is not None:
            end = first.expiratiedatum.isoformat()
            if not peil < date_number(end):
                pairs = [*pair, peil_pair, ("Expiratiedatum", end)]
                yield self._finding(check, check.expiratie, owner, coded, pairs)

    def _finding(
        self,
        check: ReferenceCheck,
        retourcode: str,
        owner: etree._Element,
        coded: etree._Element,
        pairs: list[tuple[str, str]],
    ) -> Finding:
        code = f"{check.rule}-{retourcode}"
        definition = self.registry.get(code)
        if definition is None:
            raise DataError(f"code-list rule {code} is not in the rule registry")
        line = coded.sourceline
        return definition.finding(
            retourcode=retourcode,
            locations=(
                Location(xpath=self.paths.path(owner)),
                Location(
                    xpath=self.paths.path(coded), line=line if isinstance(line, int) else None
                ),
            ),
            message_class=local_name(owner),
            details="; ".join(f"{name}={text.replace(';', ',')}" for name, text in pairs),
        )
