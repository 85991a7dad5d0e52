"""The one return engine entry: :func:`build_return` answers a request of any family.

The request's catalog convention chooses the policy: iStandaarden (IV028 / IV087, 0001
short-circuit, 0200 / 0233 / 8001, totals:
:func:`eistandaard.conventions.istandaarden.build.build_return`) or
Vektis (STB 5.3-5.8, the GDS two-step: short circuit on Header / DeclaratieContext / Overzicht,
identifying paths, betrokken elementen, VECOZO role 6 with 0.00 amounts:
:func:`eistandaard.conventions.vektis.gds.build_gds802`,
:func:`eistandaard.conventions.vektis.bm.build_bm802`). Every answer is
checked like a request before it is returned
(:mod:`eistandaard.conventions.istandaarden.selfcheck`) and comes
back as one :class:`~eistandaard.conventions.istandaarden.ReturnResult` with its
:class:`~eistandaard.answers.Explanation` (the figures ``ei return`` prints).

>>> import eistandaard
>>> request = "fixtures/bm/2.0/BM801/valid/net-credit-total.xml"
>>> import datetime
>>> report = eistandaard.validate(request, as_of=datetime.date(2026, 11, 23))
>>> result = eistandaard.build_return(request, report, date="2026-11-23",
...     decisions="fixtures/answers/decisions/bm-reject-bo-0002.toml")
>>> result.answer_name, result.outcome.value, str(result.explanation.totals.rejected)
('BM802', 'partly-rejected', '-200.00')
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from eistandaard.answers.explain import Source, explain, line_view, read_tree
from eistandaard.answers.explanation import Explanation, State
from eistandaard.conventions.arguments import (
    RESPONDERS,
    answer_builder,
    read_request,
    refuse_decisions_of_other_kind,
    refuse_report_of_other_content,
    refuse_unknown_responder,
)
from eistandaard.conventions.istandaarden.build import (
    AnswerSettings,
    Outcome,
    ReturnResult,
    ReturnSummary,
    answerable,
    build_declaratie_antwoord,
    explicit_date,
)
from eistandaard.conventions.istandaarden.decisions import (
    ClassDecisions,
    Decisions,
    decisions_from_data,
    load_class_decisions,
    load_decisions as _load_istandaarden,
)
from eistandaard.conventions.istandaarden.retour import build_retour, retour_model
from eistandaard.core import clock
from eistandaard.core.arguments import expect
from eistandaard.core.errors import DecisionError, EngineError, InputError
from eistandaard.core.findings import Finding, Severity
from eistandaard.core.report import Report
from eistandaard.standards.catalog import Catalog, MessageSpec, default_catalog
from eistandaard.standards.classmodel import MessageModel
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import said_error

__all__ = ["RESPONDERS", "answer_findings", "build_return", "load_decisions"]

"""Who answers: the receiver (municipality, insurer, CAK) or VECOZO (Vektis families only)."""


@attrs.frozen
class _VektisFamily:
    build: Callable[..., bytes]
    load: Callable[[Path], Any]
    from_data: Callable[[Any, str], Any]
    """Decisions from the parsed content of a decisions file (a mapping given in the API)."""
    decisions: type
    """The decisions object the family's builder takes."""


def _vektis_families() -> Mapping[str, _VektisFamily]:
    from eistandaard.conventions.vektis import bm, gds
    from eistandaard.conventions.vektis.bm import decisions as bm_decisions
    from eistandaard.conventions.vektis.gds import decisions as gds_decisions

    return {
        "bm": _VektisFamily(
            bm.build_bm802,
            bm.load_decisions,
            bm_decisions.decisions_from_data,
            bm_decisions.CakDecisions,
        ),
        "gds": _VektisFamily(
            gds.build_gds802,
            gds.load_decisions,
            gds_decisions.decisions_from_data,
            gds_decisions.InsurerDecisions,
        ),
    }


def _spec(report: Report, catalog: Catalog) -> MessageSpec:
    identity = report.identity
    if identity is None:
        raise InputError(said_error("return-report-no-message"))
    for spec in catalog:
        if (spec.family, spec.release.release, spec.name) == (
            identity.family,
            identity.release,
            identity.message,
        ):
            return spec
    raise InputError(
        said_error(
            "return-not-in-catalog",
            identity_message=identity.message,
            identity_release=identity.release,
        )
    )


def load_decisions(path: Path | str, report: Report, *, catalog: Catalog | None = None) -> Any:
    """Read a receiver's decisions file for the family of ``report`` (strict, TOML or JSON).

    One reader for every family (:func:`eistandaard.conventions.vektis.decisions.read_decisions`:
    ``.toml`` TOML, ``.json`` JSON, another name by its first non-blank character).
    iStandaarden: ``[header]``, ``[declaratie]``, ``[client.BSN]``, ``[prestatie.REF]`` (or the
    older lists); GDS: ``[prestatie.REF]``; BM: ``[betaalopdracht.NR]`` (docs/returns.md).

    :raises DecisionError: (an ``InputError``) unreadable, an unknown key, a malformed code.
    :raises InputError: an argument of the wrong kind.
    """
    expect("path", path, (str, os.PathLike), "path", optional=False)
    expect("report", report, Report, "report", optional=False)
    expect("catalog", catalog, Catalog, "catalog")
    spec = _spec(report, catalog or default_catalog())
    if spec.release.convention == "istandaarden":
        retour = retour_model(spec)
        if retour is not None:  # 301-319: a table per class of the class model
            return load_class_decisions(path, retour.labels)
        return _load_istandaarden(path)
    family = _vektis_families().get(spec.family)
    if family is None:
        raise DecisionError(said_error("return-no-decisions-reader", spec_name=spec.name))
    return family.load(Path(path))


def answer_findings(report: Report, responder: str) -> list[Finding]:
    """Errors a Vektis answer is built from: levels 3-4 (VECOZO) or 3-5 (the receiver).

    :raises InputError: ``report`` is no Report, or ``responder`` not one of the responders.
    """
    expect("report", report, Report, "report", optional=False)
    refuse_unknown_responder(responder)
    top = 4 if responder == "vecozo" else 5
    return [f for f in report.findings if f.severity is Severity.ERROR and 3 <= int(f.level) <= top]


@answer_builder
def build_return(
    request: Source,
    report: Report,
    *,
    responder: str = "receiver",
    decisions: Any = None,
    date: dt.date | str | None = None,
    identificatie: str | None = None,
    dagtekening: dt.date | str | None = None,
    codelists: CodeLists | None = None,
    as_of: dt.date | str | None = None,
    environment: str | None = None,
    catalog: Catalog | None = None,
    check: bool = True,
) -> ReturnResult:
    """Build the answer to ``request`` (any family) from its validation ``report``.

    :param request: the request (WMO323, JW323, GDS801, BM801): bytes, a path, a parsed tree.
    :param report: :func:`eistandaard.validate`'s report of that message.
    :param responder: ``receiver`` (default) or ``vecozo`` (Vektis families: levels 3-4, no
        decisions; nothing to reject gives outcome ``forwarded`` and no message).
    :param decisions: the receiver's own rejections: the family's decisions object, a path
        to a decisions file (:func:`load_decisions`), or a mapping holding what such a file
        holds (read as strictly as the file).
    :param date: the answer's date (Dagtekening / Verzenddatum); ``dagtekening`` is the same.
        Default: the peildatum, never before the request's own date; a date given before the
        request's own date is refused.
    :param identificatie: the answer's BerichtIdentificatie (iStandaarden; generated if absent).
    :param codelists: the code lists the request was checked with (a
        :class:`~eistandaard.standards.codelists.CodeLists`); the answer is checked with them.
    :param as_of: the peildatum (default: the report's); the answer is checked on it. A
        peildatum given before the request's own date is refused (the answer, never dated
        before its request, would postdate it); the report's own peildatum is taken as it is
        (a request dated after it fails TR135 / 8986, and its answer carries the request's
        date).
    :param environment: the VECOZO environment (default: the report's, else ``P``).
    :param catalog: the message catalog (default: the bundled one).
    :param check: check the answer like a request before returning it (``True``, the default,
        or ``False``).
    :returns: one :class:`~eistandaard.conventions.istandaarden.ReturnResult`; ``explanation``
        explains its
        message against the request, with the totals ``ei return`` prints.
    :raises EngineError: the report did not complete, or the answer fails its own check
        (``AnswerCheckError``).
    :raises InputError: the report is of another message: another kind, or the same kind (even
        the same identification) with other content (the digest of the cleaned bytes the
        report carries, :attr:`Report.digest <eistandaard.core.report.Report.digest>`,
        differs from the request's).
    :raises DecisionError: a decision does not fit the request (an ``InputError``).
    :raises InputError: an unknown responder, decisions for VECOZO, a date after the peildatum
        or before the request's own date (its Dagtekening / Verzenddatum),
        an ``identificatie`` for a Vektis answer (it has none), an argument of the wrong kind
        (``date``, ``dagtekening`` or ``as_of`` that is no date or ``YYYY-MM-DD`` text:
        :func:`eistandaard.core.clock.peildatum`; an ``identificatie`` that is no text, a
        ``check`` that is no bool, ``codelists`` or ``catalog`` of another type, an
        ``environment`` other than ``P`` or ``T``): never an ``AttributeError`` or
        ``TypeError``.
    """
    _refuse_misuse(responder, report, decisions)
    as_of = clock.peildatum(as_of)
    date = clock.peildatum(date, "date")
    dagtekening = clock.peildatum(dagtekening, "dagtekening")
    if date is not None and dagtekening is not None and date != dagtekening:
        raise InputError(said_error("return-date-twice"))
    when = date if date is not None else dagtekening
    if not answerable(report) or report.identity is None:
        return ReturnResult(outcome=Outcome.NO_ANSWER, report=report)
    cat = catalog or default_catalog()
    spec = _spec(report, cat)
    tree, content = read_request(request)  # a Message's own tree: not parsed again
    _refuse_other_request(spec, cat.identify(tree.getroot()))
    refuse_report_of_other_content(spec, tree, content, report)
    created = spec.identity(tree.getroot()).dagtekening
    if when is not None:  # an answer never predates what it answers
        clock.answer_date(created, when, refuse_earlier=True)
    if as_of is not None:  # nor postdates the peildatum chosen for it
        clock.not_before_request(as_of, created)
    decisions = _read_decisions(decisions, spec, report, cat)
    if spec.release.convention == "istandaarden":
        if responder != "receiver":
            raise InputError(said_error("return-vecozo-sends-no-answer", spec_answer=spec.answer))
        explained: list[Explanation] = []
        retour = retour_model(spec)

        def consistency(message: bytes) -> tuple[str, ...]:
            found = explain(
                tree, message, catalog=cat, codelists=codelists, reasons=False, check_schemas=False
            )
            if found.outcome == "technical-rejection":  # the report already names the rules
                found = attrs.evolve(
                    found, technical_reasons=_level3_errors(report), reasons_sought=True
                )
            explained.append(found)
            return found.problems

        _check_decisions_kind(spec, retour, decisions)
        settings = AnswerSettings(
            identificatie=identificatie,
            dagtekening=when,
            codelists=codelists,
            as_of=as_of,
            check=check,
            environment=environment,
            consistency=consistency,
        )
        if retour is not None:  # IV032: 302, 306, 308, 316, 318, 320
            result = build_retour(
                tree, report, spec, catalog=cat, decisions=decisions, settings=settings
            )
        else:
            result = build_declaratie_antwoord(
                tree,
                report,
                spec,
                catalog=cat,
                decisions=decisions if decisions is not None else Decisions(),
                settings=settings,
            )
        if result.message is None:
            return result
        if not explained:  # check=False: explained once, for the result
            consistency(result.message)
        return attrs.evolve(result, explanation=explained[-1])
    if identificatie is not None:  # silently unused otherwise
        raise InputError(said_error("return-no-identificatie", spec_answer=spec.answer))
    return _build_vektis(
        tree, report, spec, responder, decisions, when, codelists, as_of, environment, check
    )


def _refuse_other_request(spec: MessageSpec, given: MessageSpec | None) -> None:
    """Refuse an answer given as the request, and a report of another message than the request.

    The request is checked first: an answer given as the request is said so (answer its
    request instead), whatever the report is of.

    :param spec: the message the report is of; ``given``: the message the request is.
    :raises InputError: either way, worded in both languages.
    """
    for answer in (given, spec):
        if answer is not None and answer.direction == "retour":
            if answer.request:
                raise InputError(
                    said_error(
                        "return-request-is-answer", message=answer.name, request=answer.request
                    )
                )
            raise InputError(said_error("return-request-is-answer-unknown", message=answer.name))
    if given is None:
        raise InputError(said_error("return-report-of-none", **spec.named("message")))
    if (given.release.key, given.name) != (spec.release.key, spec.name):
        raise InputError(
            said_error("return-report-of-other", **spec.named("message"), **given.named("given"))
        )


def _refuse_misuse(responder: str, report: Any, decisions: Any) -> None:
    """Arguments of :func:`build_return` of the wrong kind raise, never an ``AttributeError``.

    :raises InputError: an unknown responder, a report that is no :class:`Report`, decisions
        that are a number, bytes or a sequence (no path, decisions object or mapping).
    """
    refuse_unknown_responder(responder)
    if not isinstance(report, Report):
        raise InputError(said_error("return-not-a-report", type=type(report).__name__))
    if isinstance(decisions, int | float | bytes | list | tuple | set):
        raise InputError(said_error("return-decisions-type", type=type(decisions).__name__))


def _read_decisions(decisions: Any, spec: MessageSpec, report: Report, catalog: Catalog) -> Any:
    """The decisions object of ``decisions``: read from a path or a mapping, else as given.

    A mapping is read as the content of a decisions file of the family (the same reader, as
    strict: an unknown key is a ``DecisionError``).

    :raises DecisionError: unreadable, malformed, an unknown key.
    """
    if isinstance(decisions, str | Path):
        return load_decisions(decisions, report, catalog=catalog)
    if not isinstance(decisions, Mapping):
        return decisions
    if spec.release.convention == "istandaarden":
        retour = retour_model(spec)
        if retour is not None:
            return ClassDecisions.from_tables(decisions, retour.labels)
        return decisions_from_data(decisions)
    family = _vektis_families().get(spec.family)
    if family is None:
        raise DecisionError(said_error("return-no-decisions-reader", spec_name=spec.name))
    return family.from_data(decisions, "decisions")


def _check_decisions_kind(spec: MessageSpec, retour: MessageModel | None, decisions: Any) -> None:
    """Refuse decisions of the other iStandaarden kind (per class for 301-319, else 323).

    :raises DecisionError: naming the classes the message's decisions name.
    """
    if decisions is None:
        return
    if retour is not None and not isinstance(decisions, Decisions):  # Decisions: said below
        refuse_decisions_of_other_kind(decisions, ClassDecisions, spec.name)
    if retour is not None and not isinstance(decisions, ClassDecisions):
        raise DecisionError(
            said_error(
                "return-decisions-classes",
                spec_name=spec.name,
                retour_labels=", ".join(retour.labels),
            )
        )
    if retour is None and isinstance(decisions, ClassDecisions):
        raise DecisionError(said_error("return-decisions-declaration", spec_name=spec.name))
    if retour is None:
        refuse_decisions_of_other_kind(decisions, Decisions, spec.name)


def _build_vektis(
    request: Source,
    report: Report,
    spec: MessageSpec,
    responder: str,
    decisions: Any,
    when: dt.date | str | None,
    codelists: CodeLists | None,
    as_of: dt.date | None,
    environment: str | None,
    check: bool,
) -> ReturnResult:
    family = _vektis_families().get(spec.family)
    if family is None:
        raise InputError(said_error("return-no-engine", spec_name=spec.name))
    if decisions is not None and responder == "vecozo":
        raise InputError(said_error("return-vecozo-no-decisions"))
    refuse_decisions_of_other_kind(decisions, family.decisions, spec.name)
    peildatum = as_of or report.as_of or clock.today()
    given = explicit_date(when)
    day = clock.answer_date(
        report.identity.dagtekening if report.identity else None, given, on=peildatum
    )
    findings = answer_findings(report, responder)
    if responder == "vecozo" and not findings:  # VECOZO forwards the message: no return
        return ReturnResult(outcome=Outcome.FORWARDED, report=report, answer_name=spec.answer)
    tree = read_tree(request)  # a Message's own tree: not parsed again
    extra: dict[str, Any] = {"decisions": decisions} if decisions is not None else {}
    message = family.build(
        tree.getroot(),
        findings,
        responder=responder,
        verzenddatum=day,
        codelists=codelists,
        as_of=max(peildatum, day),
        environment=environment or report.environment or "P",
        check=check,
        **extra,
    )
    explained = explain(tree, message, codelists=codelists, check_schemas=False)
    header = line_view(spec).top[0]
    return ReturnResult(
        outcome=_outcome(explained),
        report=report,
        message=message,
        answer_name=spec.answer,
        dagtekening=day.isoformat(),
        header_codes=tuple(c.code for c in explained.top_codes if c.where == header),
        summary=summary_of(explained),
        explanation=explained,
    )


def _level3_errors(report: Report) -> tuple[str, ...]:
    """The level-3 rules the request fails: why a 0001 answer rejects it as a whole."""
    return tuple(
        dict.fromkeys(
            f.code for f in report.findings if f.severity is Severity.ERROR and int(f.level) == 3
        )
    )


def _outcome(explained: Explanation) -> Outcome:
    try:
        return Outcome(explained.outcome)
    except ValueError:  # pragma: no cover - every explain outcome is an Outcome
        raise EngineError(said_error("answer-unknown-outcome", outcome=explained.outcome)) from None


def summary_of(explained: Explanation) -> ReturnSummary:
    """Counts and amounts (signed eurocents) of an explanation, as ``ei return`` prints them."""
    totals = explained.totals
    assert totals is not None  # an answer the engine built answers its own request

    def cents(value: Any) -> int:
        return int(value * 100)

    groups = explained.groups
    lines = explained.lines()
    return ReturnSummary(
        clients=len(groups),
        clients_rejected=sum(g.state is State.REJECTED for g in groups),
        clients_with_rejected_prestaties=sum(g.state is State.PARTLY_REJECTED for g in groups),
        prestaties=len(lines),
        prestaties_rejected=sum(
            line.state in (State.REJECTED, State.PARTLY_REJECTED) for line in lines
        ),
        submitted=cents(totals.submitted),
        granted=cents(totals.granted),
        rejected=cents(totals.rejected),
        not_assessed=cents(totals.not_assessed),
        clients_not_assessed=sum(g.state is State.NOT_ASSESSED for g in groups),
        prestaties_not_assessed=sum(line.state is State.NOT_ASSESSED for line in lines),
    )
