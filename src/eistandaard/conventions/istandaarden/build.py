"""Build the declaratie-antwoord (WMO325 / JW325) for a declaration and its validation report.

The rules are those of invulinstructies IV028 / IV087 (see ``docs/returns.md``):

* a level 1-2 failure (unreadable, not XSD-valid): no answer, the report is the error report;
* a failed message-content (XSLT) rule: the Header only, with ``0001`` and XsltVersie;
* an error on the Header: the Header only, with its codes;
* an error on the Declaratie: DeclaratieAntwoord with its codes, TotaalToegekendBedrag 0;
* an error on a Client: its codes on the Client, ``0233`` on each of its Prestaties;
* an error on a Prestatie: its codes on it, ``0200`` on its Client;
* accepted prestaties and clients without errors are left out; nothing rejected gives Header
  ``0200`` and DeclaratieAntwoord ``8001``;
* TotaalToegekendBedrag is TotaalIngediendBedrag minus the returned prestaties (signed).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import attrs
from lxml import etree

if TYPE_CHECKING:  # the explain engine reads answers with this package
    pass

from eistandaard.answers.result import Outcome, ReturnResult, ReturnSummary
from eistandaard.conventions.arguments import (
    answer_builder,
    read_request,
    refuse_decisions_of_other_kind,
    refuse_report_of_other_content,
)
from eistandaard.conventions.istandaarden.decisions import Decisions, decisions_from_data
from eistandaard.conventions.istandaarden.declaration import (
    ClientItem,
    Declaration,
    XmlSource,
    child,
    find,
    read_declaration,
    text_at,
)
from eistandaard.conventions.istandaarden.model import AnswerModel, answer_model
from eistandaard.conventions.istandaarden.placement import (
    Assessment,
    RuleInfo,
    assess,
    registry_lookup,
)
from eistandaard.conventions.istandaarden.selfcheck import check_answer
from eistandaard.core import clock
from eistandaard.core.clock import not_after_peildatum
from eistandaard.core.errors import EngineError, InputError
from eistandaard.core.report import Report, Verdict
from eistandaard.core.text import quoted
from eistandaard.core.xml import Builder
from eistandaard.standards.catalog import Catalog, MessageSpec, default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import joined, said_error

__all__ = [
    "AnswerSettings",
    "Outcome",
    "ReturnResult",
    "ReturnSummary",
    "answerable",
    "build_declaratie_antwoord",
    "build_return",
    "explicit_date",
    "not_after_peildatum",
]

_MAX_IDENTIFICATIE = 12


def _identificatie(value: str | None) -> tuple[str, bool]:
    if value is None:
        return uuid.uuid4().hex[:_MAX_IDENTIFICATIE].upper(), True
    cleaned = value.strip()
    # isprintable: no control character, which XML cannot hold (an engine error otherwise)
    if (
        not cleaned
        or len(cleaned) > _MAX_IDENTIFICATIE
        or cleaned != value
        or not value.isprintable()
    ):
        raise InputError(
            said_error(
                "return-identificatie-form",
                value=quoted(value),
                max_identificatie=_MAX_IDENTIFICATIE,
            )
        )
    return cleaned, False


def explicit_date(value: dt.date | str | None) -> dt.date | None:
    """A caller's Dagtekening (any family: Verzenddatum) as a date (``None``: not given).

    :raises InputError: ``value`` is no date.
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return clock.iso_date(value)
    except ValueError as exc:
        raise InputError(said_error("return-dagtekening-not-date", value=quoted(value))) from exc


def answerable(report: Report) -> bool:
    """Whether ``report`` allows an answer: ``False`` when a finding stops it (levels 1-2).

    Every builder of an answer asks here (:func:`build_return`, :func:`eistandaard.build_return`).

    :raises EngineError: the validation did not complete (verdict ``error``).
    """
    if report.verdict is Verdict.ERROR:
        raise EngineError(
            said_error("return-validation-incomplete", errors=joined(report.engine_errors, "; "))
        )
    return not any(f.stops_answer for f in report.findings)


def check_report_of(report: Report, message: str, identificatie: str | None) -> None:
    """Refuse a report of another message than the request being answered.

    :param message: the request's message name (``WMO323``).
    :param identificatie: the request's BerichtIdentificatie.
    :raises InputError: naming both messages.
    """
    if report.identity is not None and (
        report.identity.message != message or report.identity.identificatie != identificatie
    ):
        raise InputError(
            said_error(
                "return-report-of-other-message",
                report_identity_message=report.identity.message,
                report_identity_identificatie=report.identity.identificatie,
                message=message,
                identificatie=identificatie,
            )
        )


def answer_dates(
    report: Report,
    request_date: str | None,
    dagtekening: dt.date | str | None,
    as_of: dt.date | None,
) -> tuple[dt.date, dt.date]:
    """The peildatum and the answer's Dagtekening.

    The peildatum is ``as_of``, else the report's, else today. The Dagtekening is the caller's
    (never after the peildatum), else the peildatum, but never before the request's own
    ``request_date`` (a request dated after the peildatum is rejected by TR135; its Header-only
    answer carries the request's date; :func:`eistandaard.core.clock.answer_date`).

    :raises InputError: ``dagtekening`` is no date, after the peildatum or before the
        request's ``request_date`` (an answer never predates what it answers).
    """
    peildatum = as_of or report.as_of or clock.today()
    explicit = explicit_date(dagtekening)
    if explicit is not None:
        not_after_peildatum(explicit, peildatum)
    return peildatum, clock.answer_date(request_date, explicit, on=peildatum, refuse_earlier=True)


@attrs.frozen(kw_only=True)
class AnswerSettings:
    """How an iStandaarden answer (a 325 or an IV032 retour) is made, besides request and decisions.

    :param identificatie: the answer's BerichtIdentificatie (generated when ``None``).
    :param dagtekening: the answer's Dagtekening (default: the peildatum, but never before the
        request's; :func:`eistandaard.core.clock.answer_date`).
    :param codelists: the code lists the request was checked with; the decisions' codes and the
        answer are checked with them.
    :param rule_info: where rule classes and answer codes are looked up (default: the registry).
    :param as_of: the peildatum (default: the report's, else today).
    :param check: check the built answer (levels 1-4 and consistency with the request).
    :param environment: the VECOZO environment of that check (default: the report's).
    :param consistency: the consistency check of the answer (its problems).
    """

    identificatie: str | None = None
    dagtekening: dt.date | str | None = None
    codelists: CodeLists | None = None
    rule_info: RuleInfo | None = None
    as_of: dt.date | None = None
    check: bool = True
    environment: str | None = None
    consistency: Callable[[bytes], Iterable[object]] | None = None

    def check_answer(
        self,
        message: bytes,
        report: Report,
        *,
        on: dt.date,
        catalog: Catalog,
        problems: Callable[[], Iterable[object]],
        echo_classes: tuple[str, ...],
    ) -> None:
        """Check a built answer, as :func:`.selfcheck.check_answer` does.

        Levels 1-4 on ``on`` with these code lists, in this environment (else the report's, else
        production); its consistency with the request by :attr:`consistency` when set, else by
        ``problems``.

        :raises AnswerCheckError: the answer fails the check.
        """
        check_answer(
            message,
            as_of=on,
            codelists=self.codelists,
            catalog=catalog,
            environment=self.environment or report.environment or "P",
            problems=(
                functools.partial(self.consistency, message)
                if self.consistency is not None
                else problems
            ),
            echo_classes=echo_classes,
        )


@answer_builder
def build_return(
    request: XmlSource,
    report: Report,
    *,
    decisions: Decisions | Mapping[str, object] | None = None,
    identificatie: str | None = None,
    dagtekening: dt.date | str | None = None,
    catalog: Catalog | None = None,
    codelists: CodeLists | None = None,
    rule_info: RuleInfo | None = None,
    as_of: dt.date | None = None,
    check: bool = True,
    environment: str | None = None,
    consistency: Callable[[bytes], Iterable[object]] | None = None,
) -> ReturnResult:
    """Build the 325 answering a 323 (``request``) from its validation ``report``.

    :param request: the declaration: bytes, a path, or a parsed lxml tree/element.
    :param report: :func:`eistandaard.validate`'s report of that same message.
    :param decisions: the receiver's own rejections (level 5): a :class:`Decisions`, or a
        mapping holding what a decisions file holds (read as strictly as the file).
    :param identificatie: the answer's BerichtIdentificatie (generated when ``None``).
    :param dagtekening: the answer's Dagtekening (default: the peildatum, but never before the
        request's Dagtekening; see :func:`eistandaard.core.clock.answer_date`).
    :param codelists: the code lists the request was checked with (``--codelist``); the
        decisions' codes and the answer are checked with them.
    :param rule_info: where to look up rule classes and answer codes (default: the registry).
    :param as_of: the peildatum (default: the report's, else today); the answer is checked on it.
    :param check: check the answer before returning it (see
        :mod:`eistandaard.conventions.istandaarden.selfcheck`):
        validated at levels 1-4 with ``codelists`` on ``as_of``, and consistent with the request
        by :func:`eistandaard.diff`.
    :param environment: the VECOZO environment of the answer's check (default: the report's).
    :param consistency: the consistency check of the answer (its problems), instead of
        :func:`eistandaard.diff` (the explain engine passes its own, so the pair is compared once).
    :raises EngineError: when the report is an engine error, or a finding cannot be placed.
    :raises AnswerCheckError: (an ``EngineError``) the built answer fails its own check.
    :raises DecisionError: (an ``InputError``) a decision's key is unknown or its code is not
        in WJ001 or not valid on the answer's Dagtekening (the message names code and dates).
    :raises InputError: for a request that is no declaration, a report of another message
        (another kind, or the same kind with other content: :attr:`Report.digest`), a
        Dagtekening after the peildatum or before the request's own, a peildatum before the
        request's Dagtekening, an argument of the wrong kind (the checks of
        :mod:`eistandaard.conventions.arguments`, shared with :func:`eistandaard.build_return`):
        never an ``AttributeError`` or ``TypeError``.
    """
    if not isinstance(report, Report):
        raise InputError(said_error("return-not-a-report", type=type(report).__name__))
    if isinstance(decisions, Mapping):  # what a decisions file holds, read as strictly
        decisions = decisions_from_data(decisions)
    settings = AnswerSettings(
        identificatie=identificatie,
        dagtekening=clock.peildatum(dagtekening, "dagtekening"),
        codelists=codelists,
        rule_info=rule_info,
        as_of=clock.peildatum(as_of),
        check=check,
        environment=environment,
        consistency=consistency,
    )
    if not answerable(report):
        return ReturnResult(outcome=Outcome.NO_ANSWER, report=report)

    tree, content = read_request(request)
    cat = catalog or default_catalog()
    spec = cat.identify(tree.getroot())
    if spec is None:
        raise InputError(
            said_error("return-request-not-checked", why_not=cat.why_not(tree.getroot()))
        )
    refuse_decisions_of_other_kind(decisions, Decisions, spec.name)
    refuse_report_of_other_content(spec, tree, content, report)
    if settings.as_of is not None:  # an answer dated after its peildatum otherwise
        clock.not_before_request(settings.as_of, spec.identity(tree.getroot()).dagtekening)
    return build_declaratie_antwoord(
        tree, report, spec, catalog=cat, decisions=decisions, settings=settings
    )


def build_declaratie_antwoord(
    tree: etree._ElementTree,
    report: Report,
    spec: MessageSpec,
    *,
    catalog: Catalog,
    decisions: Decisions | None,
    settings: AnswerSettings,
) -> ReturnResult:
    """Build the 325 of ``tree`` (a 323 whose catalog spec is ``spec``) from its report.

    The work of :func:`build_return` once the request is read and the report is known to be
    complete; :func:`eistandaard.build_return` calls it with the request it already parsed.

    :raises DecisionError: a decision's key or code does not fit (an ``InputError``).
    :raises EngineError: a finding cannot be placed; the answer fails its own check.
    :raises InputError: a report of another message, a Dagtekening after the peildatum.
    """
    cat, codelists = catalog, settings.codelists
    model = answer_model(spec, cat)
    request_id = text_at(
        tree.getroot(), "Header/BerichtIdentificatie/" + model.identification_elements[0]
    )
    check_report_of(report, spec.name, request_id)
    request_date = spec.identity(tree.getroot()).dagtekening
    peildatum, day = answer_dates(report, request_date, settings.dagtekening, settings.as_of)
    retourcodes = model.retourcodes(codelists)
    if decisions:
        decisions.check_codes(retourcodes, model.reserved_codes, on=day)
    declaration = read_declaration(tree, model, answer=False)
    lookup = settings.rule_info or registry_lookup(spec.family, spec.release.release)
    assessment = assess(declaration, report.findings, decisions, lookup)
    _check_assessed_codes(assessment, retourcodes.codes())

    ident, generated = _identificatie(settings.identificatie)
    writer = _Writer(model, declaration, assessment, ident, day.isoformat())
    root, outcome = writer.build()
    message = etree.tostring(
        root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    if settings.check:
        from eistandaard.conventions.istandaarden.compare import (
            diff,  # diff reads answers with this package
        )

        settings.check_answer(
            message,
            report,
            on=max(peildatum, day),
            catalog=cat,
            problems=lambda: (
                diff(
                    tree,
                    message,
                    catalog=cat,
                    codelists=codelists,
                    reasons=False,
                    check_schemas=False,  # the self-check validates the answer itself
                ).problems
            ),
            echo_classes=(
                (model.layout["Header"][0],)
                if outcome in (Outcome.TECHNICAL_REJECTION, Outcome.HEADER_REJECTED)
                else ()
            ),
        )
    return ReturnResult(
        outcome=outcome,
        report=report,
        message=message,
        answer_name=model.answer.name,
        identificatie=ident,
        identificatie_generated=generated,
        dagtekening=day.isoformat(),
        header_codes=tuple(writer.header_codes),
        declaratie_codes=tuple(writer.declaratie_codes),
        summary=writer.summary(outcome),
    )


def _check_assessed_codes(assessment: Assessment, known: frozenset[str]) -> None:
    """Refuse (EngineError) an assessment that gives a retourcode outside the code list."""
    used = set(assessment.header) | set(assessment.declaratie)
    for codes in (*assessment.clients.values(), *assessment.prestaties.values()):
        used.update(codes)
    unknown = sorted(used - known)
    if unknown:
        raise EngineError(said_error("answer-unknown-retourcodes", codes=", ".join(unknown)))


class _Writer:
    """Writes the answer elements in the order the answer model gives."""

    def __init__(
        self,
        model: AnswerModel,
        declaration: Declaration,
        assessment: Assessment,
        identificatie: str,
        dagtekening: str,
    ) -> None:
        self.model = model
        self.decl = declaration
        self.assessment = assessment
        self.identificatie = identificatie
        self.dagtekening = dagtekening
        self.ns = model.answer.namespace
        self.request_ns = model.request.namespace
        self.header_codes: list[str] = []
        self.declaratie_codes: list[str] = []
        self.returned: dict[int, list[tuple[int, list[str]]]] = {}
        self.client_codes: dict[int, list[str]] = {}
        self.technical = False
        self.outcome = Outcome.FULLY_ACCEPTED

    # -- the decision of IV028 -----------------------------------------------------------
    def build(self) -> tuple[etree._Element, Outcome]:
        a, m = self.assessment, self.model
        nsmap = {m.prefix: self.ns, m.basisschema_prefix: m.basisschema_namespace}
        root = etree.Element(
            etree.QName(self.ns, etree.QName(self.decl.root).localname), nsmap=nsmap
        )
        if a.technical:
            self.technical = True
            self.header_codes = [m.technical_rejection]
            outcome = Outcome.TECHNICAL_REJECTION
        elif a.header:
            self.header_codes = list(a.header)
            outcome = Outcome.HEADER_REJECTED
        else:
            self.header_codes = [m.no_remark]
            if a.declaratie:
                self.declaratie_codes = list(a.declaratie)
                outcome = Outcome.DECLARATION_REJECTED
            else:
                self._select_clients()
                if self.returned:
                    self.declaratie_codes = [m.no_remark]
                    outcome = Outcome.PARTLY_REJECTED
                else:
                    self.declaratie_codes = [m.fully_accepted]
                    outcome = Outcome.FULLY_ACCEPTED
        self.outcome = outcome
        root.append(self._class("Header", self.decl.header, ()))
        if outcome not in (Outcome.TECHNICAL_REJECTION, Outcome.HEADER_REJECTED):
            root.append(self._class("Declaratie", self.decl.body, ()))
        return root, outcome

    def _select_clients(self) -> None:
        a, m = self.assessment, self.model
        for client in self.decl.clients:
            own = a.clients.get(client.index)
            if own:
                self.client_codes[client.index] = list(own)
                self.returned[client.index] = [
                    (p.index, [m.not_assessed]) for p in client.prestaties
                ]
                continue
            rejected = [
                (p.index, a.prestaties[(client.index, p.index)])
                for p in client.prestaties
                if a.prestaties.get((client.index, p.index))
            ]
            if rejected:
                self.client_codes[client.index] = [m.no_remark]
                self.returned[client.index] = rejected

    def summary(self, outcome: Outcome) -> ReturnSummary:
        """Return counts and amounts of this answer."""
        prestaties = sum(len(c.prestaties) for c in self.decl.clients)
        submitted = self.decl.total or 0
        whole = outcome in (
            Outcome.TECHNICAL_REJECTION,
            Outcome.HEADER_REJECTED,
            Outcome.DECLARATION_REJECTED,
        )
        if whole:
            declaration = outcome is Outcome.DECLARATION_REJECTED
            return ReturnSummary(
                clients=len(self.decl.clients),
                clients_rejected=0,
                clients_with_rejected_prestaties=0,
                prestaties=prestaties,
                prestaties_rejected=0,
                submitted=submitted,
                granted=0,
                rejected=submitted if declaration else 0,
                not_assessed=0 if declaration else submitted,
                clients_not_assessed=len(self.decl.clients),
                prestaties_not_assessed=prestaties,
            )
        no_remark = [self.model.no_remark]
        own = [i for i in self.returned if self.client_codes[i] != no_remark]
        rejected = not_assessed = 0
        for index, items in self.returned.items():
            client = self.decl.clients[index - 1]
            part = sum(client.prestaties[p - 1].amount or 0 for p, _codes in items)
            if index in own:
                not_assessed += part
            else:
                rejected += part
        in_own = sum(len(self.returned[i]) for i in own)
        return ReturnSummary(
            clients=len(self.decl.clients),
            clients_rejected=len(own),
            clients_with_rejected_prestaties=len(self.returned) - len(own),
            prestaties=prestaties,
            prestaties_rejected=sum(len(v) for v in self.returned.values()) - in_own,
            submitted=submitted,
            granted=self._granted(),
            rejected=rejected,
            not_assessed=not_assessed,
            prestaties_not_assessed=in_own,
        )

    # -- amounts ---------------------------------------------------------------------------
    def _granted(self) -> int:
        if self.outcome is Outcome.DECLARATION_REJECTED:
            return 0
        total = self.decl.total
        if total is None:
            raise EngineError(said_error("answer-total-unreadable"))
        rejected = 0
        for client in self.decl.clients:
            for index, _codes in self.returned.get(client.index, []):
                amount = client.prestaties[index - 1].amount
                if amount is None:
                    raise EngineError(
                        said_error(
                            "answer-amount-unreadable", path=client.prestaties[index - 1].xpath
                        )
                    )
                rejected += amount
        return total - rejected

    # -- elements --------------------------------------------------------------------------
    def _el(self, name: str, text: str | None = None, ns: str | None = None) -> etree._Element:
        """A new element of the answer (in ``ns``, the basisschema's, when given)."""
        return Builder(ns or self.ns).element(name, text)

    def _copy(self, source: etree._Element, name: str | None = None) -> etree._Element:
        """A copy of a request element in the answer's namespaces (basisschema kept)."""
        return Builder(self.ns).copy(source, moved=self.request_ns, name=name)

    def _codes(self, codes: list[str]) -> etree._Element:
        holder = self._el("RetourCodes")
        for code in codes:
            holder.append(self._el(self.model.retourcode_element, code))
        return holder

    def _class(
        self, klass: str, source: etree._Element | None, index: tuple[int, ...]
    ) -> etree._Element:
        name, content = self.model.layout[klass]
        element = self._el(name)
        for child_name, how in content:
            produced = self._fill(klass, source, index, child_name, how)
            for part in produced:
                element.append(part)
        return element

    def _fill(
        self,
        klass: str,
        source: etree._Element | None,
        index: tuple[int, ...],
        name: str,
        how: str,
    ) -> list[etree._Element]:
        m = self.model
        if how == "answer-code":
            return [self._el(name, m.answer.berichtcode)]
        if how.startswith("request:"):
            found = find(self.decl.root, how.partition(":")[2])
            if found is None:
                raise EngineError(
                    said_error("answer-declaration-lacks", name=how.partition(":")[2])
                )
            return [self._copy(found, name)]
        if how.startswith("copy:"):
            found = find(source, how.partition(":")[2])
            if found is None:
                raise EngineError(
                    said_error("answer-class-lacks", klass=klass, name=how.partition(":")[2])
                )
            return [self._copy(found, name)]
        if how == "copy-all":
            assert source is not None
            return [self._copy(c) for c in source if isinstance(c.tag, str)]
        if how == "new-identification":
            holder = self._el(name)
            ident, day = m.identification_elements
            holder.append(self._el(ident, self.identificatie, m.basisschema_namespace))
            holder.append(self._el(day, self.dagtekening, m.basisschema_namespace))
            return [holder]
        if how == "xsd-version":
            holder = self._el(name)
            for part, version in m.xsd_versie.items():
                holder.append(self._el(part, version, m.basisschema_namespace))
            return [holder]
        if how == "xslt-version":
            return [self._el(name, m.xslt_versie)] if self.technical else []
        if how == "codes":
            return [self._codes(self._codes_of(klass, index))]
        if how == "granted":
            return [self._granted_element(name)]
        if how == "clients":
            return self._clients(name)
        if how == "prestaties":
            return [self._prestaties(name, index[0])]
        raise EngineError(said_error("answer-model-unknown-source", how=quoted(how), name=name))

    def _codes_of(self, klass: str, index: tuple[int, ...]) -> list[str]:
        if klass == "Header":
            return self.header_codes
        if klass == "Declaratie":
            return self.declaratie_codes
        if klass == "Client":
            return self.client_codes[index[0]]
        return dict(self.returned[index[0]])[index[1]]

    def _granted_element(self, name: str) -> etree._Element:
        m = self.model
        body_def = m.class_def("Declaratie")
        granted = self._granted()
        if granted == 0:
            total_el = (
                child(self.decl.body, body_def.field("total"))
                if self.decl.body is not None
                else None
            )
            sign = m.amounts["zero_sign"]
            if self.decl.total == 0 and total_el is not None:
                sign = text_at(total_el, body_def.field("sign")) or sign
        else:
            sign = m.amounts["debit"] if granted > 0 else m.amounts["credit"]
        holder = self._el(name)
        holder.append(
            self._el(body_def.field("total_value"), str(abs(granted)), m.basisschema_namespace)
        )
        holder.append(self._el(body_def.field("sign"), sign, m.basisschema_namespace))
        return holder

    def _clients(self, name: str) -> list[etree._Element]:
        if not self.returned:
            return []
        holder = self._el(name)
        for client in self.decl.clients:
            if client.index in self.returned:
                holder.append(self._class("Client", client.element, (client.index,)))
        return [holder]

    def _prestaties(self, name: str, client_index: int) -> etree._Element:
        client: ClientItem = self.decl.clients[client_index - 1]
        holder = self._el(name)
        for index, _codes in self.returned[client_index]:
            prestatie = client.prestaties[index - 1]
            holder.append(self._class("Prestatie", prestatie.element, (client_index, index)))
        return holder
