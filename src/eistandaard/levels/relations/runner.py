"""Level 3: the relation rules (verbandcontroles) of a message, run as an XSLT 3.0 stylesheet.

The stylesheet of a message (``xslt/<family>/<release>/<MESSAGE>.xsl``, named in the catalog)
writes its findings in the eistandaard findings format::

    <findings xmlns="urn:eistandaard:findings:1">
      <finding rule="TR137" class="Prestatie">      <!-- class optional -->
        <location>/Bericht/Declaratie/...</location>  <!-- one or more -->
        <details>optional free text</details>
      </finding>
    </findings>

Each finding becomes a :class:`~eistandaard.core.findings.Finding` with the level, retourcode and
texts of its rule in the registry (``rbc/<family>/<release>/rules.toml``). Every failure of the
engine, and any output outside this contract, raises :class:`~eistandaard.core.errors.EngineError`:
an empty list always means that the rules ran and found nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from eistandaard.core.bounds import Bounds
from eistandaard.core.errors import DataError, EngineError
from eistandaard.core.findings import Finding, Location
from eistandaard.core.xml import parse
from eistandaard.levels.relations import saxon as _saxon
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.registry import RuleDef, load_registry
from eistandaard.standards.resources import data_dir
from eistandaard.standards.wording import said_error

__all__ = ["FINDINGS_NS", "check_relations", "parse_findings", "stylesheet_path"]

FINDINGS_NS = "urn:eistandaard:findings:1"
_F = f"{{{FINDINGS_NS}}}"


def stylesheet_path(spec: MessageSpec) -> Path:
    """The bundled relation-rule stylesheet of ``spec``.

    :raises EngineError: when the catalog names none.
    """
    if not spec.rules:
        raise EngineError(said_error("rules-no-stylesheet", name=spec.name))
    return data_dir("xslt") / spec.family / spec.release.release / spec.rules


def check_relations(
    spec: MessageSpec,
    payload: bytes,
    *,
    as_of: dt.date,
    stylesheet: Path | None = None,
    environment: str = "P",
    bounds: Bounds | None = None,
) -> list[Finding]:
    """Run the relation rules of ``spec`` on the message bytes ``payload``.

    :param spec: the message (from the catalog).
    :param payload: the message as bytes (UTF-8; other encodings go through a temporary file).
    :param as_of: the peildatum, passed to the stylesheet as ``xs:date`` parameter ``peildatum``.
    :param stylesheet: another stylesheet with the same output contract (default: the bundled
        one of ``spec``).
    :param environment: ``P`` (production) or ``T`` (test), passed as string parameter
        ``omgeving`` for the Vektis rule that compares it with the Berichtsoort (8028).
    :param bounds: time and memory bound of the run (default: 60 s, 2 GiB; see
        :mod:`eistandaard.core.bounds`).
    :raises EngineError: when the rules could not run, passed a bound, or their output is not
        understood.
    """
    path = stylesheet if stylesheet is not None else stylesheet_path(spec)
    try:
        registry = load_registry(spec.family, spec.release.release)
    except DataError as exc:
        raise EngineError(
            said_error("rules-registry-unusable", release=spec.release.key, error=exc)
        ) from exc
    parameters: dict[str, dt.date | str] = {"peildatum": as_of, "omgeving": environment}
    output = _saxon.transform(path, payload, parameters, bounds)
    return parse_findings(output, registry, source=path.name)


def parse_findings(output: str, rules: Mapping[str, RuleDef], *, source: str) -> list[Finding]:
    """Map a findings document onto :class:`Finding` objects (strictly: anything else raises).

    :raises EngineError: when ``output`` is not a findings document or names unknown rules.
    """
    try:
        root = parse(output.encode("utf-8"), kind="output").getroot()
    except etree.XMLSyntaxError as exc:
        raise EngineError(said_error("rules-output-not-xml", source=source, error=exc)) from exc
    if root.tag != f"{_F}findings":
        raise EngineError(
            said_error(
                "rules-output-root",
                source=source,
                tag=root.tag,
                expected=f"{{{FINDINGS_NS}}}findings",
            )
        )
    findings: list[Finding] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag != f"{_F}finding":
            raise EngineError(said_error("rules-output-element", source=source, tag=element.tag))
        findings.append(_finding(element, rules, source))
    return findings


def _finding(element: etree._Element, rules: Mapping[str, RuleDef], source: str) -> Finding:
    rule_id = element.get("rule")
    if not rule_id:
        raise EngineError(said_error("rules-finding-no-rule", source=source))
    rule = rules.get(rule_id)
    if rule is None:
        raise EngineError(said_error("rules-finding-unknown-rule", source=source, rule=rule_id))
    locations: list[Location] = []
    details: str | None = None
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{_F}location":
            text = (child.text or "").strip()
            if not text.startswith("/"):
                raise EngineError(
                    said_error("rules-finding-location-not-path", source=source, rule=rule_id)
                )
            locations.append(Location(xpath=text))
        elif child.tag == f"{_F}details":
            details = (child.text or "").strip() or None
        else:
            raise EngineError(
                said_error("rules-finding-child", source=source, rule=rule_id, tag=child.tag)
            )
    if not locations:
        raise EngineError(said_error("rules-finding-no-location", source=source, rule=rule_id))
    return rule.finding(locations=locations, message_class=element.get("class"), details=details)
