"""Run an external rule stylesheet unchanged and read the iStandaarden rapport it writes.

Any XSLT 1.0, 2.0 or 3.0 stylesheet that writes the validation rapport of the iStandaarden
(namespace ``http://www.istandaarden.nl/validatie/1_1/rapport/schema``,
``Rapport/Fouten/Fout{Code, Retourcode?, Locatie+, Details?}``) can be run: an official rule
set, or a receiver's own. Each ``Fout`` becomes a level-3
:class:`~eistandaard.core.findings.Finding`;
its texts come from the rule registry when the code is there, else from the ``Details``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from eistandaard.core.bounds import Bounds
from eistandaard.core.errors import EngineError, InputError
from eistandaard.core.files import refuse_not_regular
from eistandaard.core.findings import Finding, Level, Location
from eistandaard.core.xml import parse, value_of
from eistandaard.levels.relations import saxon as _saxon
from eistandaard.standards.registry import RuleDef
from eistandaard.standards.wording import os_reason, said_error

__all__ = ["RAPPORT_NS", "parse_rapport", "run_rapport_stylesheet"]

RAPPORT_NS = "http://www.istandaarden.nl/validatie/1_1/rapport/schema"
_R = f"{{{RAPPORT_NS}}}"


def run_rapport_stylesheet(
    xsl: Path,
    payload: bytes,
    *,
    as_of: dt.date,
    registry: Mapping[str, RuleDef] | None = None,
    bounds: Bounds | None = None,
) -> list[Finding]:
    """Run ``xsl`` on the message bytes and map its rapport onto findings.

    The peildatum is offered as ``xs:date`` parameter ``peildatum`` (stylesheets that do not
    declare it ignore it). The run is bounded by ``bounds`` (default: 60 s, 2 GiB; see
    :mod:`eistandaard.core.bounds`).

    :raises EngineError: when the stylesheet cannot run (a FIFO or device is refused before the
        engine opens it, which would block), passed a bound, or does not write a rapport.
    """
    try:
        refuse_not_regular(Path(xsl))
    except (InputError, OSError) as exc:  # OSError: not there; said as the engine says it
        reason = exc if isinstance(exc, InputError) else os_reason(exc)
        raise EngineError(said_error("xslt-unreadable", stylesheet=xsl, reason=reason)) from exc
    output = _saxon.transform(Path(xsl), payload, {"peildatum": as_of}, bounds)
    return parse_rapport(output, registry=registry, source=Path(xsl).name)


def parse_rapport(
    output: str, *, registry: Mapping[str, RuleDef] | None = None, source: str = "rapport"
) -> list[Finding]:
    """Map an iStandaarden rapport document onto findings.

    :raises EngineError: when ``output`` is not a rapport or a ``Fout`` has no ``Code``.
    """
    try:
        root = parse(output.encode("utf-8"), kind="output").getroot()
    except etree.XMLSyntaxError as exc:
        raise EngineError(said_error("rules-output-not-xml", source=source, error=exc)) from exc
    if root.tag != f"{_R}Rapport":
        raise EngineError(said_error("rules-output-root-rapport", source=source, tag=root.tag))
    fouten = root.find(f"{_R}Fouten")
    if fouten is None:
        raise EngineError(said_error("rules-rapport-no-fouten", source=source))
    rules = registry or {}
    findings: list[Finding] = []
    for fout in fouten.iter(f"{_R}Fout"):
        code = value_of(fout.find(f"{_R}Code"))
        if not code:
            raise EngineError(said_error("rules-fout-no-code", source=source))
        retourcode = value_of(fout.find(f"{_R}Retourcode")) or None
        details = value_of(fout.find(f"{_R}Details")) or None
        locations = tuple(
            Location(xpath=value_of(loc)) for loc in fout.iter(f"{_R}Locatie") if value_of(loc)
        )
        rule = rules.get(code)
        findings.append(
            Finding(
                level=Level.RELATION,
                code=code,
                text_nl=rule.text_nl if rule else details or code,
                text_en=rule.text_en if rule else details or code,
                retourcode=retourcode or (rule.retourcode if rule else None),
                locations=locations,
                message_class=rule.message_class if rule else None,
                details=details,
            )
        )
    return findings
