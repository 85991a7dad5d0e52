"""Level 4 of GDS801: the Vektis code-list rules (``rbc/gds/<release>/codelist-rules.toml``).

Each rule checks one coded element against a dated code list, the way the Vektis routine for
code lists does:

* an empty or absent code is not checked;
* a code that is not in the list gives the *exists* retourcode (betrokken element: the code);
  a list marked ``complete: no`` cannot prove a code wrong, so it never gives that code;
* otherwise, with a peildatum (a date of the message, not "today"): a peildatum before every
  period of the code gives the *ingang* retourcode, a peildatum on or after the Expiratiedatum
  of the code's last period gives the *expiratie* retourcode (betrokken elementen: the code, the
  peildatum element, and the list's Ingangsdatum or Expiratiedatum);
* rules marked ``top`` (Header, DeclaratieContext, Overzicht) run first; when one fails, the rules
  below them do not run (the Vektis short circuit).

A code list a user supplies replaces the bundled one through
:class:`~eistandaard.codelists.CodeLists` (``validate(codelists=CodeLists(overrides=...))``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from eistandaard.catalog import MessageSpec
from eistandaard.codelists import CodeList, CodeLists
from eistandaard.errors import DataError
from eistandaard.findings import Finding, Location
from eistandaard.locations import PathCache, local_name
from eistandaard.resources import data_dir, load_toml
from eistandaard.rules.registry import load_registry

__all__ = ["CodelistRule", "check", "load_rules", "rules_for_list"]


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


@functools.cache
def load_rules(path: Path) -> tuple[CodelistRule, ...]:
    """The rules of one ``codelist-rules.toml`` (read once per process).

    :raises DataError: when the file is malformed.
    """
    data = load_toml(path)
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
    folder = data_dir("rbc") / spec.release.family / spec.release.release
    found: list[str] = []
    for rule in load_rules(folder / "codelist-rules.toml"):
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
    return " ".join((element.text or "").split()) if element is not None else ""


def _date(element: etree._Element | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(_text(element))
    except ValueError:
        return None


def check(
    spec: MessageSpec, tree: etree._ElementTree, as_of: dt.date, lists: CodeLists
) -> list[Finding]:
    """Run the code-list rules of the release of ``spec`` on an XSD-valid GDS801.

    ``as_of`` is not used: the Vektis code-list rules take their peildatum from the message.

    :raises DataError: a bundled code list or the rule file is missing or malformed.
    """
    del as_of
    folder = data_dir("rbc") / spec.release.family / spec.release.release
    rules = load_rules(folder / "codelist-rules.toml")
    registry = load_registry(spec.release.family, spec.release.release)
    run = _Run(tree.getroot(), spec, lists, registry)
    top, lower = run.all(rules)
    return top or lower


class _Run:
    def __init__(
        self, root: etree._Element, spec: MessageSpec, lists: CodeLists, registry: Mapping[str, Any]
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
                        or all(e.ingangsdatum is e.expiratiedatum is None for e in entries)
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
        if not rule.peildatum or all(e.ingangsdatum is e.expiratiedatum is None for e in entries):
            return
        peil_element = _resolve(self.root, owner, rule.peildatum, self.ns)
        peil = _date(peil_element)
        if peil is None or peil_element is None or any(e.valid_on(peil) for e in entries):
            return
        peil_pair = (local_name(peil_element), _text(peil_element))
        starts = [e.ingangsdatum for e in entries if e.ingangsdatum is not None]
        if rule.ingang and starts and len(starts) == len(entries) and peil < min(starts):
            first = min(starts)
            pairs = [*pair, peil_pair, ("Ingangsdatum", first.isoformat())]
            yield self._finding(rule.id, rule.ingang, owner, coded, pairs)
            return
        ends = [e.expiratiedatum for e in entries if e.expiratiedatum is not None]
        if rule.expiratie and ends:
            pairs = [*pair, peil_pair, ("Expiratiedatum", max(ends).isoformat())]
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
        return Finding(
            level=definition.level,
            code=code,
            text_nl=definition.text_nl,
            text_en=definition.text_en,
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
