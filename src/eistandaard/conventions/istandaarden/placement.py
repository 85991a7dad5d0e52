"""Where each finding's retourcode goes in the answer (invulinstructies IV028 / IV087).

A finding belongs to a class of the request (Header, Declaratie, Client, Prestatie). The class is
the one the finding names (``message_class``, else the rule registry's class) when its location
lies inside such a class, else the deepest class that contains its location. The instance (which
client, which prestatie) comes from the ``[n]`` steps of the location path.

Level 1-2 errors mean no answer at all; a level-3 error whose code is the technical rejection
(the XSLT rules answer ``0001``; a level-3 finding without a retourcode is one of them) rejects
the whole message; level 4-5 errors carry their own retourcode onto their class.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import attrs

from eistandaard.conventions.istandaarden.decisions import Decisions
from eistandaard.conventions.istandaarden.declaration import Declaration
from eistandaard.conventions.istandaarden.model import AnswerModel, ClassDef
from eistandaard.core.errors import DecisionError, EngineError
from eistandaard.core.findings import Finding, Level, Severity
from eistandaard.standards.registry import load_registry
from eistandaard.standards.wording import said_error

__all__ = [
    "Assessment",
    "RuleInfo",
    "SortedFindings",
    "assess",
    "registry_lookup",
    "sort_findings",
]

_STEP = re.compile(r"^(?:[^:\[\]]+:)?(?P<name>[^\[\]]+)(?:\[(?P<index>\d+)\])?$")

RuleInfo = Callable[[str], tuple[str | None, str | None]]
"""Finding code -> (class, answer retourcode) from the rule registry; ``(None, None)``: unknown."""


@attrs.define
class Assessment:
    """The retourcodes per class instance that the findings and decisions give.

    ``clients`` is keyed by the 1-based client index, ``prestaties`` by (client, prestatie) index.
    """

    structural: list[Finding] = attrs.field(factory=list)
    technical: list[Finding] = attrs.field(factory=list)
    header: list[str] = attrs.field(factory=list)
    declaratie: list[str] = attrs.field(factory=list)
    clients: dict[int, list[str]] = attrs.field(factory=dict)
    prestaties: dict[tuple[int, int], list[str]] = attrs.field(factory=dict)


def registry_lookup(family: str, release: str) -> RuleInfo:
    """Read rule classes and answer codes from the release's rule registry.

    :raises DataError: when the registry file is missing or malformed.
    """
    registry = load_registry(family, release)

    def lookup(code: str) -> tuple[str | None, str | None]:
        rule = registry.get(code)
        if rule is None:
            return None, None
        return rule.message_class or None, rule.answer_code or rule.retourcode

    return lookup


def _steps(xpath: str) -> list[tuple[str, int]]:
    steps: list[tuple[str, int]] = []
    for raw in xpath.strip().split("/")[2:]:  # skip "" and the root
        match = _STEP.match(raw)
        if match is None:
            break
        name = match.group("name")
        if name.startswith("@") or name.endswith("()"):
            break
        steps.append((name, int(match.group("index") or 1)))
    return steps


def _inside(class_def: ClassDef, steps: list[tuple[str, int]]) -> bool:
    names = tuple(name for name, _ in steps[: len(class_def.path)])
    return names == class_def.path


def _place(finding: Finding, klass: str | None, model: AnswerModel) -> tuple[str, tuple[int, ...]]:
    """Return the class and the instance indexes (client, prestatie) of a finding."""
    by_depth = sorted(model.classes.values(), key=lambda c: len(c.path), reverse=True)
    xpath = finding.xpath
    if not xpath:
        if klass is not None and klass in model.classes and not model.classes[klass].key:
            return klass, ()
        raise EngineError(
            said_error("answer-finding-no-location", code=finding.code, klass=klass or "?")
        )
    steps = _steps(xpath)
    chosen: ClassDef | None = None
    if klass is not None and klass in model.classes and _inside(model.classes[klass], steps):
        chosen = model.classes[klass]
    if chosen is None:
        chosen = next((c for c in by_depth if _inside(c, steps)), None)
    if chosen is None:
        raise EngineError(
            said_error("answer-finding-outside-classes", code=finding.code, where=xpath)
        )
    # Instance indexes: the positions of the keyed classes on the path.
    indexes = tuple(
        steps[len(c.path) - 1][1]
        for c in sorted(model.classes.values(), key=lambda c: len(c.path))
        if c.key and len(c.path) <= len(chosen.path)
    )
    return chosen.name, indexes


def _add(target: list[str], codes: Iterable[str]) -> None:
    for code in codes:
        if code not in target:
            target.append(code)


def answer_code(
    finding: Finding, rule_info: RuleInfo, *, technical: str, reserved: Iterable[str]
) -> tuple[str | None, str | None]:
    """The class the registry names for ``finding`` and the retourcode an answer carries for it.

    Message-content (XSLT, level 3) rules answer ``technical`` (0001, IV028 / IV032) unless the
    registry names another code; the finding's own WJ001 code is not what the answer carries for
    them: the code is then ``None`` (a technical rejection: the Header only). Other levels carry
    the finding's retourcode, else the registry's.

    :raises EngineError: the finding has no retourcode, or one of ``reserved`` (0200, 8001 ...).
    """
    registry_class, registry_code = rule_info(finding.code)
    code: str | None
    if finding.level == Level.RELATION:
        code = registry_code or technical
        if code == technical:
            return registry_class, None
    else:
        code = finding.retourcode or registry_code
    if code is None:
        raise EngineError(
            said_error("answer-finding-no-retourcode", code=finding.code, level=int(finding.level))
        )
    if code in reserved:
        raise EngineError(
            said_error("answer-reserved-retourcode", code=finding.code, retourcode=code)
        )
    return registry_class, code


@attrs.frozen
class SortedFindings:
    """The error findings of a report as an answer reads them (warnings and infos left out)."""

    structural: tuple[Finding, ...] = ()
    """Level 1 (XSD, well-formedness): the message cannot be answered class by class."""
    technical: tuple[Finding, ...] = ()
    """Answered by the technical rejection (0001): the Header only."""
    coded: tuple[tuple[Finding, str | None, str], ...] = ()
    """(finding, the class the registry names for it, the retourcode the answer carries)."""


def sort_findings(
    findings: Iterable[Finding], rule_info: RuleInfo, *, technical: str, reserved: Iterable[str]
) -> SortedFindings:
    """Sort the error findings into structural, technical and coded ones (see :func:`answer_code`).

    :param technical: the code of a technical rejection (``0001``).
    :param reserved: codes no finding may carry (0200, 8001 ...).
    :raises EngineError: a finding without a retourcode, or with a reserved one.
    """
    fixed = tuple(reserved)
    structural: list[Finding] = []
    rejected: list[Finding] = []
    coded: list[tuple[Finding, str | None, str]] = []
    for finding in findings:
        if finding.severity is not Severity.ERROR:
            continue
        if finding.level <= Level.STRUCTURE:
            structural.append(finding)
            continue
        registry_class, code = answer_code(finding, rule_info, technical=technical, reserved=fixed)
        if code is None:
            rejected.append(finding)
        else:
            coded.append((finding, registry_class, code))
    return SortedFindings(tuple(structural), tuple(rejected), tuple(coded))


def assess(
    declaration: Declaration,
    findings: Iterable[Finding],
    decisions: Decisions | None,
    rule_info: RuleInfo,
) -> Assessment:
    """Sort the error findings and the decisions into retourcodes per class instance."""
    model = declaration.model
    found = sort_findings(
        findings, rule_info, technical=model.technical_rejection, reserved=model.reserved_codes
    )
    result = Assessment(structural=list(found.structural), technical=list(found.technical))
    for finding, registry_class, code in found.coded:
        klass, indexes = _place(finding, finding.message_class or registry_class, model)
        _file(result, klass, indexes, [code], declaration, str(finding.xpath))
    if decisions:
        matched = _decide(result, decisions, declaration)
        _refuse_uncarried(result, decisions, declaration, matched)
    return result


def _file(
    result: Assessment,
    klass: str,
    indexes: tuple[int, ...],
    codes: list[str],
    declaration: Declaration,
    where: str,
) -> None:
    """File the codes of a finding at its class instance, which the declaration must have."""
    if klass == "Header":
        _add(result.header, codes)
    elif klass == "Declaratie":
        _add(result.declaratie, codes)
    elif klass == "Client":
        _check_client(declaration, indexes[0], where)
        _add(result.clients.setdefault(indexes[0], []), codes)
    elif klass == "Prestatie":
        _check_client(declaration, indexes[0], where)
        if indexes[1] > len(declaration.clients[indexes[0] - 1].prestaties):
            raise EngineError(said_error("answer-missing-prestatie", where=where))
        _add(result.prestaties.setdefault((indexes[0], indexes[1]), []), codes)
    else:  # a class of the model that the answer has no place for
        raise EngineError(said_error("answer-no-place", klass=klass))


def _check_client(declaration: Declaration, index: int, where: str) -> None:
    if index > len(declaration.clients):
        raise EngineError(said_error("answer-missing-client", where=where))


def _decide(
    result: Assessment, decisions: Decisions, declaration: Declaration
) -> dict[str, list[tuple[int, int]]]:
    """File the decisions' codes; returns the (client, prestatie) indexes each prestatie key names.

    :raises DecisionError: a Bsn or reference the declaration lacks.
    """
    _add(result.header, decisions.header)
    _add(result.declaratie, decisions.declaratie)
    named: dict[str, list[tuple[int, int]]] = {}
    for bsn, codes in decisions.clienten.items():
        matched = [c.index for c in declaration.clients if c.bsn == bsn]
        if not matched:
            where = decisions.key_name("client", bsn)
            raise DecisionError(said_error("decisions-no-client", where=where, bsn=bsn))
        for index in matched:
            _add(result.clients.setdefault(index, []), codes)
    for key, codes in decisions.prestaties.items():
        bsn, _, ref = key.rpartition("/")
        matched_p = [
            (c.index, p.index)
            for c, p in declaration.prestaties()
            if p.referentie == ref and (not bsn or c.bsn == bsn)
        ]
        if not matched_p:
            where = decisions.key_name("prestatie", key)
            raise DecisionError(said_error("decisions-no-prestatie", where=where, key=key))
        for pair in matched_p:
            _add(result.prestaties.setdefault(pair, []), codes)
        named[key] = matched_p
    return named


def _refuse_uncarried(
    result: Assessment,
    decisions: Decisions,
    declaration: Declaration,
    matched: dict[str, list[tuple[int, int]]],
) -> None:
    """Refuse a decision the answer cannot carry (IV028): said, never silently dropped.

    A technical rejection (0001) and a rejected Header answer the Header only; a rejected
    Declaratie assesses no client; a rejected client's prestaties are not assessed (0233).

    :raises DecisionError: naming the decisions left out and why.
    """
    below = [decisions.key_name("client", bsn) for bsn in decisions.clienten]
    below += [decisions.key_name("prestatie", key) for key in decisions.prestaties]
    declaratie = [decisions.key_name("declaratie")] if decisions.declaratie else []
    if result.technical:
        header = [decisions.key_name("header")] if decisions.header else []
        _not_carried([*header, *declaratie, *below], said_error("decisions-dropped-technical"))
    if result.header:
        why = said_error("decisions-dropped-header", codes=result.header)
        _not_carried([*declaratie, *below], why)
    if result.declaratie:
        _not_carried(below, said_error("decisions-dropped-declaratie", codes=result.declaratie))
    for key, pairs in matched.items():
        for client, _prestatie in pairs:
            codes = result.clients.get(client)
            if codes:
                bsn = declaration.clients[client - 1].bsn
                why = said_error("decisions-dropped-client", bsn=bsn, codes=codes)
                _not_carried([decisions.key_name("prestatie", key)], why)


def _not_carried(keys: list[str], why: str) -> None:
    if keys:
        raise DecisionError(said_error("decisions-not-carried", keys=keys, why=why))
