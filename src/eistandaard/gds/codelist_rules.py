"""Level 4 of GDS801: the Vektis code-list rules (``rbc/gds/<release>/codelist-rules.toml``).

Each rule checks one coded element against a dated code list, the way the Vektis routine for
code lists does:

* an empty or absent code is not checked;
* a code that is not in the list gives the *exists* retourcode (betrokken element: the code);
  a list marked ``complete: no`` cannot prove a code wrong, so it never gives that code;
* otherwise, with a peildatum (a date of the message, not "today"), the code's FIRST entry in
  the list is judged, as the XSLT 1.0 routine reads it: a peildatum before its Ingangsdatum gives
  the *ingang* retourcode; a peildatum that is not before its Expiratiedatum gives the
  *expiratie* retourcode (betrokken elementen: the code, the peildatum element, and that entry's
  Ingangsdatum or Expiratiedatum). Dates compare as XPath 1.0 numbers YYYYMMDD: a peildatum
  written with a time zone is NaN, so it is never before an Ingangsdatum and always "not before"
  an Expiratiedatum. A later period of the same code is not looked at (docs/standards/gds.md);
* rules marked ``top`` (Header, DeclaratieContext, Overzicht) run first; when one fails, the rules
  below them do not run (the Vektis short circuit).

A code list a user supplies replaces the bundled one through
:class:`~eistandaard.standards.codelists.CodeLists`
(``validate(codelists=CodeLists(overrides=...))``).
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

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Location
from eistandaard.core.paths import PathCache, local_name, value_of
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.codelists import CodeList, CodeLists
from eistandaard.standards.inheritance import load_release_toml
from eistandaard.standards.registry import RuleDef, load_registry
from eistandaard.standards.resources import load_toml

__all__ = ["CodelistRule", "check", "date_number", "load_rules", "rules_for_list", "xpath1_number"]


@attrs.frozen
class CodelistRule:
    """One entry of ``codelist-rules.toml``."""

    id: str
    list: str
    classes: tuple[str, ...]
    element: str
    exists: str
    ingang: str | None = None
    expiratie: str | None = None
    peildatum: str | None = None
    when_path: str | None = None
    when_equals: str | None = None
    top: bool = False
    optional: bool = False
    """The list is not bundled: without a user-supplied list the rule does not run."""


def _rule(entry: Mapping[str, Any]) -> CodelistRule:
    when = entry.get("when") or {}
    return CodelistRule(
        id=str(entry["id"]),
        list=str(entry["list"]),
        classes=tuple(str(c) for c in entry["classes"]),
        element=str(entry["element"]),
        exists=str(entry["exists"]),
        ingang=entry.get("ingang"),
        expiratie=entry.get("expiratie"),
        peildatum=entry.get("peildatum"),
        when_path=when.get("path"),
        when_equals=when.get("equals"),
        top=bool(entry.get("top", False)),
        optional=bool(entry.get("optional", False)),
    )


def load_rules(path: Path) -> tuple[CodelistRule, ...]:
    """The rules of one ``codelist-rules.toml`` file.

    :raises DataError: when the file is malformed.
    """
    return _parse(load_toml(path), path)


@functools.cache
def _release_rules(family: str, release: str) -> tuple[CodelistRule, ...]:
    found = load_release_toml(family, release, "codelist-rules.toml")
    if found is None:
        raise DataError(f"no codelist-rules.toml for {family}/{release}")
    return _parse(*found)


def _parse(data: Mapping[str, Any], path: Path) -> tuple[CodelistRule, ...]:
    if data.get("format") != 1:
        raise DataError(f"{path}: expected format = 1")
    try:
        return tuple(_rule(entry) for entry in data["rule"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"{path}: malformed rule: {exc}") from exc


def rules_for_list(spec: MessageSpec, name: str) -> tuple[str, ...]:
    """The finding codes of the rules of ``spec``'s release that check against list ``name``.

    The report names them as not run when the list is neither bundled nor supplied.

    :raises DataError: when the release's ``codelist-rules.toml`` is malformed.
    """
    found: list[str] = []
    for rule in _release_rules(spec.release.family, spec.release.release):
        if rule.list == name:
            retourcodes = (rule.exists, rule.ingang, rule.expiratie)
            found.extend(f"{rule.id}-{code}" for code in retourcodes if code)
    return tuple(dict.fromkeys(found))


def _name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _on_path(root: etree._Element, element: etree._Element | None, steps: tuple[str, ...]) -> bool:
    """Whether ``element`` is reached from ``root`` by the qualified tags ``steps``."""
    node = element
    for tag in reversed(steps):
        if node is None or node.tag != tag:
            return False
        node = node.getparent()
    return node is root


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    return next(element.iterchildren(tag), None)


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
        node = node.getparent() if step == ".." else _child(node, f"{ns}{step}")
    return node


def _text(element: etree._Element | None) -> str:
    return " ".join(value_of(element).split())


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


def check(
    spec: MessageSpec, tree: etree._ElementTree, as_of: dt.date, lists: CodeLists
) -> list[Finding]:
    """Run the code-list rules of the release of ``spec`` on an XSD-valid GDS801.

    ``as_of`` is not used: the Vektis code-list rules take their peildatum from the message.

    :raises DataError: a bundled code list or the rule file is missing or malformed.
    """
    del as_of
    rules = _release_rules(spec.release.family, spec.release.release)
    registry = load_registry(spec.release.family, spec.release.release)
    run = _Run(tree.getroot(), spec, lists, registry)
    top, lower = run.all(rules)
    return top or lower


class _Run:
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
        namespace = etree.QName(root).namespace
        self.ns = f"{{{namespace}}}" if namespace else ""

    def codelist(self, rule: CodelistRule) -> CodeList | None:
        """The list of ``rule``; ``None`` for an optional list nobody supplied.

        :raises DataError: a list that is not optional is missing.
        """
        if rule.list in self._loaded:
            return self._loaded[rule.list]
        release = self.spec.release
        found = self.lists.get(rule.list, family=release.family, release=release.release)
        if found is None and not rule.optional:
            raise DataError(f"code list {rule.list} for {release.key} is missing")
        self._loaded[rule.list] = found
        return found

    def all(self, rules: tuple[CodelistRule, ...]) -> tuple[list[Finding], list[Finding]]:
        """The findings of the ``top`` rules and of the others, each in rule order.

        One scan over the coded elements (lxml filters them by tag); a value that passes a rule
        whatever its peildatum is not looked up again for that rule.
        """
        ns = self.ns
        by_tag: dict[str, list[tuple[int, CodelistRule, tuple[str, ...]]]] = {}
        for number, rule in enumerate(rules):
            if rule.when_path is not None and rule.when_path.startswith("/"):
                condition = _resolve(self.root, self.root, rule.when_path, ns)
                if _text(condition) != rule.when_equals:
                    continue
            for class_path in rule.classes:
                steps = tuple(f"{ns}{step}" for step in class_path.split("/"))
                by_tag.setdefault(f"{ns}{rule.element}", []).append((number, rule, steps))
        accepted: set[tuple[int, str]] = set()
        found: list[tuple[int, Finding]] = []
        for coded in self.root.iter(*by_tag):
            value = _text(coded)
            if not value:
                continue
            owner = coded.getparent()
            for number, rule, steps in by_tag[coded.tag]:
                if (number, value) in accepted or not _on_path(self.root, owner, steps):
                    continue
                assert owner is not None  # _on_path checked it
                if rule.when_path is not None and not rule.when_path.startswith("/"):
                    condition = _resolve(self.root, owner, rule.when_path, ns)
                    if _text(condition) != rule.when_equals:
                        continue
                codelist = self.codelist(rule)
                if codelist is None:
                    continue
                entries = codelist.entries_for(value)
                if (not entries and not codelist.complete) or (
                    entries
                    and (
                        not rule.peildatum
                        or entries[0].ingangsdatum is entries[0].expiratiedatum is None
                    )
                ):
                    accepted.add((number, value))
                    continue
                found.extend((number, f) for f in self._one(rule, owner, coded, value, codelist))
        found.sort(key=lambda pair: pair[0])
        top = [f for number, f in found if rules[number].top]
        lower = [f for number, f in found if not rules[number].top]
        return top, lower

    def _one(
        self,
        rule: CodelistRule,
        owner: etree._Element,
        coded: etree._Element,
        value: str,
        codelist: CodeList,
    ) -> Iterator[Finding]:
        pair = [(local_name(coded), value)]
        entries = codelist.entries_for(value)
        if not entries:
            if codelist.complete:
                yield self._finding(rule.id, rule.exists, owner, coded, pair)
            return
        first = entries[0]
        if not rule.peildatum or first.ingangsdatum is first.expiratiedatum is None:
            return
        peil_element = _resolve(self.root, owner, rule.peildatum, self.ns)
        peil_text = _text(peil_element)
        if peil_element is None or not peil_text:
            return
        peil = date_number(peil_text)
        peil_pair = (local_name(peil_element), peil_text)
        # Two separate tests on the first entry, as the routine does (NaN compares false).
        if rule.ingang and first.ingangsdatum is not None:
            start = first.ingangsdatum.isoformat()
            if peil < date_number(start):
                pairs = [*pair, peil_pair, ("Ingangsdatum", start)]
                yield self._finding(rule.id, rule.ingang, owner, coded, pairs)
        if rule.expiratie and first.expiratiedatum is not None:
            end = first.expiratiedatum.isoformat()
            if not peil < date_number(end):
                pairs = [*pair, peil_pair, ("Expiratiedatum", end)]
                yield self._finding(rule.id, rule.expiratie, owner, coded, pairs)

    def _finding(
        self,
        rule_id: str,
        retourcode: str,
        owner: etree._Element,
        coded: etree._Element,
        pairs: list[tuple[str, str]],
    ) -> Finding:
        code = f"{rule_id}-{retourcode}"
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
