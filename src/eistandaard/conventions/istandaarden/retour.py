"""The retour messages of invulinstructie IV032 (iWmo/iJw 3.2: 302, 306, 308, 316, 318, 320).

Every heen message except the declaratie (323, answered by the 325 of IV028/IV087) is answered
by a retour message that mirrors it, laid out by the class model
(``rbc/istandaarden/3.2/classes.toml``, layout ``iv032``):

* an XSD failure (levels 1-2): no retour message, the report is the error report;
* a failed XSLT rule (level 3): the Header only, with ``0001`` and the XsltVersie;
* a code on the Header (level 4-5 finding or decision): the Header only, with its codes;
* otherwise every class of the heen message is returned, in its order, each instance with its
  RetourCodes: its own codes (level 4-5 findings in the class where they were found, receiver
  decisions) or ``0200`` where nothing is wrong. A code anywhere rejects the whole message
  (IV032: "leidt dit tot volledige afkeur van het bericht").

The Header of the retour copies the heen Header, with the retour's BerichtCode, and adds
IdentificatieRetour, DagtekeningRetour, XsltVersie (0001 only), XsdVersieRetour and RetourCodes
(the order of the layout's ``header``).
"""

from __future__ import annotations

import copy as copy_module
from collections.abc import Iterable, Iterator, Mapping

import attrs
from lxml import etree

from eistandaard.answers.pairing import Instance, class_instances
from eistandaard.conventions.istandaarden.build import (
    AnswerSettings,
    Outcome,
    ReturnResult,
    _identificatie,
    answer_dates,
    check_report_of,
)
from eistandaard.conventions.istandaarden.decisions import ClassDecisions
from eistandaard.conventions.istandaarden.placement import RuleInfo, registry_lookup, sort_findings
from eistandaard.core import xml
from eistandaard.core.errors import DataError, DecisionError, EngineError, InputError
from eistandaard.core.findings import Finding
from eistandaard.core.paths import LocationIndex
from eistandaard.core.report import Report
from eistandaard.core.text import quoted
from eistandaard.standards.catalog import Catalog, MessageSpec
from eistandaard.standards.classmodel import MessageModel, class_model
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import said_error

__all__ = ["Instance", "Layout", "build_retour", "class_instances", "layout_of", "retour_model"]


@attrs.frozen
class Layout:
    """The ``iv032`` layout of a class model: codes, fixed retourcodes, the retour Header."""

    codes: str
    code: str
    technical_rejection: str
    no_remark: str
    header: tuple[tuple[str, str], ...]
    xslt_versie: str
    xsd_versie: Mapping[str, str]

    def element(self, source: str) -> str | None:
        """The Header element the layout fills from ``source`` (``new-identificatie``)."""
        return next((name for name, how in self.header if how == source), None)

    @property
    def reserved(self) -> frozenset[str]:
        """Codes with a fixed role, which no finding or decision may give."""
        return frozenset({self.technical_rejection, self.no_remark})


def retour_model(spec: MessageSpec) -> MessageModel | None:
    """The class model of a request answered by an IV032 retour (``None``: another layout).

    :raises DataError: the release's class model is malformed.
    """
    try:
        model = class_model(spec.family, spec.release.release)
    except DataError:
        return None
    found = model.messages.get(spec.name)
    if found is None or found.layout != "iv032":
        return None
    return found


def layout_of(spec: MessageSpec) -> Layout:
    """The ``iv032`` layout of the request's release.

    :raises DataError: the class model lacks it or it is malformed.
    """
    data = class_model(spec.family, spec.release.release).layout("iv032")
    try:
        return Layout(
            codes=str(data["codes"]),
            code=str(data["code"]),
            technical_rejection=str(data["technical_rejection"]),
            no_remark=str(data["no_remark"]),
            header=tuple((str(a), str(b)) for a, b in data["header"]),
            xslt_versie=str(data["xslt_versie"]),
            xsd_versie={str(k): str(v) for k, v in data["xsd_versie"].items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"class model layout iv032: missing or malformed {exc}") from exc


@attrs.define
class _Assessment:
    technical: list[Finding] = attrs.field(factory=list)
    codes: dict[Instance, list[str]] = attrs.field(factory=dict)

    def add(self, instance: Instance, codes: Iterable[str]) -> None:
        target = self.codes.setdefault(instance, [])
        for code in codes:
            if code not in target:
                target.append(code)


def _assess(
    root: etree._Element,
    instances: list[Instance],
    findings: Iterable[Finding],
    decisions: ClassDecisions | None,
    lookup: RuleInfo,
    layout: Layout,
) -> _Assessment:
    by_element = {i.element: i for i in instances}
    index = LocationIndex(root)  # each element's children grouped once, for every finding
    found = sort_findings(
        findings, lookup, technical=layout.technical_rejection, reserved=layout.reserved
    )
    result = _Assessment(technical=list(found.technical))
    for finding, registry_class, code in found.coded:
        result.add(_place(index, finding, registry_class, instances, by_element), [code])
    if decisions:
        for instance, codes in decisions.match(instances):
            result.add(instance, codes)
    return result


def _place(
    index: LocationIndex,
    finding: Finding,
    klass: str | None,
    instances: list[Instance],
    by_element: Mapping[etree._Element, Instance],
) -> Instance:
    """The class instance a finding belongs to: the nearest class around its location."""
    node = index.element(finding.xpath) if finding.xpath else None
    while node is not None:
        if node in by_element:
            return by_element[node]
        node = node.getparent()
    wanted = finding.message_class or klass
    named = [i for i in instances if wanted and i.label == wanted]
    if len(named) == 1:  # a class with one instance (Header) needs no location
        return named[0]
    raise EngineError(
        said_error(
            "answer-finding-outside-classes",
            code=finding.code,
            where=finding.xpath or said_error("answer-no-location"),
        )
    )


class _Writer:
    """Writes the retour: the heen message with RetourCodes per class instance."""

    def __init__(
        self,
        spec: MessageSpec,
        answer: MessageSpec,
        layout: Layout,
        instances: list[Instance],
        codes: Mapping[Instance, list[str]],
        identificatie: str,
        dagtekening: str,
    ) -> None:
        self.spec, self.answer, self.layout = spec, answer, layout
        self.codes = codes
        self.by_element = {i.element: i for i in instances}
        self.identificatie, self.dagtekening = identificatie, dagtekening
        self.ns = answer.namespace
        self.request_ns = spec.namespace

    def _el(self, name: str, text: str | None = None, ns: str | None = None) -> etree._Element:
        """A new element of the answer (in ``ns``, the basisschema's, when given)."""
        return xml.Builder(ns or self.ns).element(name, text)

    def _codes(self, codes: Iterable[str]) -> etree._Element:
        holder = self._el(self.layout.codes)
        for code in codes:
            holder.append(self._el(self.layout.code, code))
        return holder

    def _copy(self, source: etree._Element, name: str | None = None) -> etree._Element:
        """A copy of a request element in the answer's namespace, each class with its codes."""

        def with_codes(element: etree._Element, copy: etree._Element) -> None:
            instance = self.by_element.get(element)
            if instance is not None and not instance.spec.always:
                copy.append(self._codes(self.codes.get(instance) or [self.layout.no_remark]))

        return xml.Builder(self.ns).copy(source, moved=self.request_ns, name=name, each=with_codes)

    def _basis_ns(self, root: etree._Element) -> str | None:
        for element in root.iter():
            if isinstance(element.tag, str):
                ns = etree.QName(element).namespace
                if ns and ns != self.request_ns:
                    return ns
        return None

    def build(
        self, root: etree._Element, header_codes: list[str], technical: bool, whole: bool
    ) -> etree._Element:
        basis = self._basis_ns(root)
        nsmap = {self.answer.name.lower(): self.ns}
        if basis:
            prefix = next((p for p, n in root.nsmap.items() if n == basis and p), "basis")
            nsmap[prefix] = basis
        answer = etree.Element(etree.QName(self.ns, xml.local_name(root)), nsmap=nsmap)
        header = next(
            (i.element for i in self.by_element.values() if i.spec.always and not i.parent), None
        )
        if header is None:
            raise EngineError(said_error("answer-no-always-class", name=self.spec.name))
        answer.append(self._header(header, header_codes, technical, basis))
        if whole:
            for kid in root:
                if isinstance(kid.tag, str) and kid is not header:
                    answer.append(self._mirror(kid))
        etree.cleanup_namespaces(answer)  # the request's own prefix declarations, now unused
        return answer

    def _mirror(self, source: etree._Element) -> etree._Element:
        """A class subtree copied as it is (data never changed), in the answer's namespace.

        The RetourCodes of each class instance are appended: one C-level copy, one pass.
        """
        copy = copy_module.deepcopy(source)
        request_ns = "{" + self.request_ns + "}"
        answer_ns = "{" + self.ns + "}"
        placed: list[tuple[etree._Element, Instance]] = []
        for original, copied in zip(source.iter(), copy.iter(), strict=True):
            tag = copied.tag
            if copied.tail is not None and not copied.tail.strip():
                copied.tail = None  # layout between elements, not data: pretty-printed anew
            if len(copied) and copied.text is not None and not copied.text.strip():
                copied.text = None
            if isinstance(tag, str) and tag.startswith(request_ns):
                copied.tag = answer_ns + tag[len(request_ns) :]
            instance = self.by_element.get(original)
            if instance is not None and not instance.spec.always:
                placed.append((copied, instance))
        for copied, instance in placed:
            copied.append(self._codes(self.codes.get(instance) or [self.layout.no_remark]))
        return copy

    def _header(
        self, header: etree._Element, codes: list[str], technical: bool, basis: str | None
    ) -> etree._Element:
        element = self._el(xml.local_name(header))
        for name, how in self.layout.header:
            if how == "answer-code":
                element.append(self._el(name, self.answer.berichtcode))
            elif how == "copy":
                found = xml.child(header, name)
                if found is not None:
                    element.append(self._copy(found))
            elif how == "new-identificatie":
                element.append(self._el(name, self.identificatie))
            elif how == "new-dagtekening":
                element.append(self._el(name, self.dagtekening))
            elif how == "xslt-version":
                if technical:
                    element.append(self._el(name, self.layout.xslt_versie))
            elif how == "xsd-version":
                holder = self._el(name)
                for part, version in self.layout.xsd_versie.items():
                    holder.append(self._el(part, version, basis))
                element.append(holder)
            elif how == "codes":
                element.append(self._codes(codes))
            else:
                raise EngineError(
                    said_error("answer-iv032-unknown-source", how=quoted(how), name=name)
                )
        return element


def _outcome(assessment: _Assessment, header: Instance | None) -> tuple[Outcome, list[str], bool]:
    """The outcome, the Header's codes and whether the classes below the Header are returned."""
    if assessment.technical:
        return Outcome.TECHNICAL_REJECTION, [], False
    own = assessment.codes.get(header) if header is not None else None
    if own:
        return Outcome.HEADER_REJECTED, list(own), False
    if any(assessment.codes.values()):
        return Outcome.REJECTED, [], True
    return Outcome.FULLY_ACCEPTED, [], True


def _refuse_uncarried(
    decisions: ClassDecisions, outcome: Outcome, header: Instance | None, codes: list[str]
) -> None:
    """Refuse decisions below the Header of a retour that is the Header only (IV032).

    A technical rejection (0001) carries no decision; a rejected Header none below it.

    :raises DecisionError: naming the decisions left out and why.
    """
    technical = outcome is Outcome.TECHNICAL_REJECTION
    top = header.label.lower() if header is not None else ""
    keys = [
        f"{label}.{key}" if key else label
        for label, table in decisions.classes.items()
        for key in table
        if technical or label.lower() != top
    ]
    if keys:
        why = (
            said_error("decisions-dropped-technical")
            if technical
            else said_error("decisions-dropped-header", codes=codes)
        )
        raise DecisionError(said_error("decisions-not-carried", keys=keys, why=why))


def build_retour(
    tree: etree._ElementTree,
    report: Report,
    spec: MessageSpec,
    *,
    catalog: Catalog,
    decisions: ClassDecisions | None = None,
    settings: AnswerSettings | None = None,
) -> ReturnResult:
    """Build the IV032 retour of ``tree`` (a 301, 305, 307, 315, 317 or 319) from its report.

    The caller (:func:`eistandaard.build_return`) has refused engine errors and answered level
    1-2 failures with no message.

    :param spec: the request's catalog spec; its class model's layout is ``iv032``.
    :param decisions: the receiver's codes per class instance (:class:`ClassDecisions`).
    :param settings: identificatie, DagtekeningRetour (default: the peildatum, never before the
        request), code lists, peildatum, the answer's own check and its consistency check (the
        ``ei diff`` problems of the built retour); default :class:`AnswerSettings` ``()``.
    :raises DecisionError: a decision names no instance, a reserved or unknown code.
    :raises EngineError: a finding cannot be placed; the retour fails its own check
        (``AnswerCheckError``).
    :raises InputError: a Dagtekening after the peildatum, a report of another message.
    """
    settings = settings or AnswerSettings()
    codelists = settings.codelists
    model = retour_model(spec)
    if model is None or spec.answer is None:
        raise InputError(said_error("return-not-iv032", spec_name=spec.name))
    answer = catalog.get(spec.answer, family=spec.family, release=spec.release.release)
    layout = layout_of(spec)
    root = tree.getroot()
    identity = spec.identity(root)
    check_report_of(report, spec.name, identity.identificatie)
    peildatum, day = answer_dates(
        report, identity.dagtekening, settings.dagtekening, settings.as_of
    )
    retourcodes = CodeLists() if codelists is None else codelists
    listing = retourcodes.require(
        spec.release.retourcode_list or "WJ001", family=spec.family, release=spec.release.release
    )
    if decisions:
        decisions.check_codes(listing, layout.reserved, on=day)
    instances = class_instances(root, model)
    assessment = _assess(
        root,
        instances,
        report.findings,
        decisions,
        settings.rule_info or registry_lookup(spec.family, spec.release.release),
        layout,
    )
    unknown = sorted({c for codes in assessment.codes.values() for c in codes} - listing.codes())
    if unknown:
        raise EngineError(said_error("answer-unknown-retourcodes", codes=", ".join(unknown)))
    header = next((i for i in instances if i.spec.always), None)
    outcome, header_codes, whole = _outcome(assessment, header)
    if decisions and not whole:
        _refuse_uncarried(decisions, outcome, header, header_codes)
    if outcome is Outcome.TECHNICAL_REJECTION:
        header_codes = [layout.technical_rejection]
    elif not header_codes:
        header_codes = [layout.no_remark]
    ident, generated = _identificatie(settings.identificatie)
    writer = _Writer(spec, answer, layout, instances, assessment.codes, ident, day.isoformat())
    built = writer.build(root, header_codes, outcome is Outcome.TECHNICAL_REJECTION, whole)
    message = etree.tostring(
        built.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    if settings.check:
        settings.check_answer(
            message,
            report,
            on=max(peildatum, day),
            catalog=catalog,
            problems=tuple,
            echo_classes=(xml.local_name(header.element),) if header and not whole else (),
        )
    return ReturnResult(
        outcome=outcome,
        report=report,
        message=message,
        answer_name=answer.name,
        identificatie=ident,
        identificatie_generated=generated,
        dagtekening=day.isoformat(),
        header_codes=tuple(header_codes),
    )


def iter_codes(element: etree._Element, codes: str) -> Iterator[str]:
    """The retourcodes an answer element carries in its own ``codes`` child."""
    holder = xml.child(element, codes)
    for code in xml.children(holder):
        yield xml.value_of(code).strip()
