"""The rule registries and the relation-rule stylesheets name the same rules, and load cleanly."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from lxml import etree

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Level
from eistandaard.standards import registry as registry_module
from eistandaard.standards.registry import load_registry
from eistandaard.standards.resources import data_dir

RELEASES = [("iwmo", "3.2", "WMO"), ("ijw", "3.2", "JW")]
XSL = "{http://www.w3.org/1999/XSL/Transform}"
EMITTED = re.compile(r"ei:finding\('([A-Z]{2}\d{3})'")
RULE_PARAM = re.compile(r"'([A-Z]{2}\d{3})'")
CALLED_FUNCTION = re.compile(r"(ei:[\w-]+)\(")
# Messages on which no rule of the official set can fire: their stylesheet emits nothing.
NO_RULES = {"WMO320", "JW320"}


def _modules(stylesheet: Path, seen: list[Path] | None = None) -> list[Path]:
    """The stylesheet and every module it includes, transitively."""
    seen = seen if seen is not None else []
    if stylesheet in seen:
        return seen
    seen.append(stylesheet)
    for href in etree.parse(str(stylesheet)).getroot().iter(f"{XSL}include"):
        _modules((stylesheet.parent / href.get("href", "")).resolve(), seen)
    return seen


def _emitted_by(stylesheet: Path) -> set[str]:
    """Rule ids a message's stylesheet can emit: every finding reachable from its ei:rules.

    Follows named templates (xsl:call-template) and functions from the template ei:rules;
    a rule id counts when it is the literal first argument of ei:finding or a literal in a
    ``rule`` or ``rules`` parameter (the shared product-row pass emits only the rules its
    caller lists, through ei:finding-if), so a module included for other messages adds nothing.
    """
    templates: dict[str, etree._Element] = {}
    functions: dict[str, etree._Element] = {}
    for module in _modules(stylesheet.resolve()):
        root = etree.parse(str(module)).getroot()
        for element in root:
            if element.tag == f"{XSL}template" and element.get("name"):
                templates[element.get("name", "")] = element
            elif element.tag == f"{XSL}function":
                functions[element.get("name", "")] = element
    rules: set[str] = set()
    todo = [templates["ei:rules"]]
    done: set[int] = set()
    while todo:
        element = todo.pop()
        if id(element) in done:
            continue
        done.add(id(element))
        text = etree.tostring(element, encoding="unicode")
        rules |= set(EMITTED.findall(text))
        for node in element.iter(f"{XSL}call-template", f"{XSL}with-param"):
            if node.tag == f"{XSL}call-template":
                todo.append(templates[node.get("name", "")])
            elif node.get("name") in ("rule", "rules"):
                rules |= set(RULE_PARAM.findall(node.get("select", "")))
        todo += [functions[name] for name in CALLED_FUNCTION.findall(text) if name in functions]
    return rules


def _emitted_in_family(family: str, release: str) -> dict[str, set[str]]:
    folder = data_dir("xslt") / family / release
    return {path.stem: _emitted_by(path.resolve()) for path in sorted(folder.glob("*.xsl"))}


def test_scanner_finds_rules() -> None:
    """The scan sees the rules of WMO323 (guards against a scanner that finds nothing)."""
    emitted = _emitted_in_family("iwmo", "3.2")
    assert {"TR101", "TR358", "CS340"} <= emitted["WMO323"]
    assert "TR342" in emitted["WMO325"]
    assert "TR358" not in emitted["WMO325"]
    assert {"CD080", "CS335", "TR302", "CD005"} <= emitted["WMO301"]
    assert "CD095" not in emitted["WMO301"]
    assert {"CD095", "CS343", "TR386"} <= emitted["WMO315"]
    assert "CD005" not in emitted["WMO305"]
    assert "CS318" not in emitted["WMO301"]
    assert "CS318" in _emitted_in_family("ijw", "3.2")["JW301"]
    assert emitted["WMO320"] == set()


@pytest.mark.parametrize(("family", "release", "prefix"), RELEASES)
def test_every_emitted_rule_is_registered_for_its_message(
    family: str, release: str, prefix: str
) -> None:
    """Each rule a stylesheet emits is in the registry and lists that message."""
    rules = load_registry(family, release)
    for message, emitted in _emitted_in_family(family, release).items():
        assert bool(emitted) != (message in NO_RULES), f"{message}: rules {sorted(emitted)}"
        for rule_id in emitted:
            assert rule_id in rules, f"{message} emits {rule_id}, which is not in the registry"
            assert rules[rule_id].implemented, f"{rule_id} is emitted but marked not implemented"
            assert message in rules[rule_id].messages, f"{rule_id} does not list {message}"


@pytest.mark.parametrize(("family", "release", "prefix"), RELEASES)
def test_every_implemented_rule_is_in_the_stylesheets(
    family: str, release: str, prefix: str
) -> None:
    """Each registry rule that claims an implementation is emitted by every message it lists."""
    emitted = _emitted_in_family(family, release)
    for rule in load_registry(family, release).values():
        if not rule.implemented:
            continue
        assert rule.level is Level.RELATION, f"{rule.id}: an XSLT rule is level 3"
        for message in rule.messages:
            assert rule.id in emitted.get(message, set()), f"{rule.id} is not in {message}.xsl"


@pytest.mark.parametrize(("family", "release", "prefix"), RELEASES)
def test_answer_codes(family: str, release: str, prefix: str) -> None:
    """XSLT rules answer 0001; cross-message and external rules keep their own codes."""
    rules = load_registry(family, release)
    assert all(r.answer_code == "0001" for r in rules.values() if r.implemented)
    assert rules["TR304"].answer_code == "8187"
    assert not rules["TR304"].implemented
    assert rules["TR378"].answer_code == "S300"
    assert rules["TR378"].level is Level.REFERENTIAL
    assert rules["TR319"].retourcode == "9319"
    assert rules["CS100"].applies_to(f"{prefix}323", dt.date(2021, 1, 1))
    assert not rules["CS100"].applies_to(f"{prefix}323", dt.date(2020, 12, 31))
    assert not rules["TR342"].applies_to(f"{prefix}323")


def test_missing_registry_is_a_data_error() -> None:
    """Asking for a release without a registry raises DataError."""
    with pytest.raises(DataError, match="no rule registry"):
        load_registry("iwmo", "9.9")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {
                "kind": "XX",
                "level": 3,
                "istandaarden_level": 2,
                "class": "C",
                "nl": "a",
                "en": "b",
                "messages": ["A"],
            },
            "kind",
        ),
        (
            {
                "kind": "TR",
                "level": 3,
                "istandaarden_level": 2,
                "class": "C",
                "nl": "a",
                "en": "b",
                "messages": [],
            },
            "messages",
        ),
        (
            {"kind": "TR", "level": 3, "class": "C", "nl": "a", "en": "b", "messages": ["A"]},
            "istandaarden_level",
        ),
        (
            {
                "kind": "TR",
                "level": 9,
                "istandaarden_level": 2,
                "class": "C",
                "nl": "a",
                "en": "b",
                "messages": ["A"],
            },
            "malformed",
        ),
        (
            {
                "kind": "TR",
                "level": 3,
                "istandaarden_level": 2,
                "class": "C",
                "nl": "a",
                "en": "b",
                "messages": ["A"],
                "valid_from": "2021-01-01",
            },
            "dates",
        ),
    ],
)
def test_malformed_entry_is_a_data_error(entry: dict[str, object], message: str) -> None:
    """A malformed registry entry raises DataError naming the problem."""
    with pytest.raises(DataError, match=message):
        registry_module._rule("TR999", entry)
