"""Build the GDS802 (574) that answers a GDS801 (573), as VECOZO or as the insurer.

Shape (the Vektis "two-step" return, eistandaard.conventions.vektis.returns does the generic part):

* Header, DeclaratieContext and Overzicht always, with all their data; the Header filled for the
  answer (Berichtcode 574, version 1.0, sender and receiver swapped, VECOZO without Verzender and
  with role 6, Verzenddatum, the request's Referentienummer).
* An error in Header, DeclaratieContext or Overzicht (or a class inside them): only those three.
* Otherwise each class below Verzekerde that carries Feedback, nested in its ancestors, each with
  its identifying elements; Feedback last in its class.
* VECOZO grants nothing: TotaalToegekendBedragInclBtw(Niet)Financieel 0.00 D and the prestatie
  amounts 0.00. The insurer returns every prestatie with the amounts it grants
  (:mod:`eistandaard.conventions.vektis.gds.decisions`) and the totals of those; at the insurer,
  children of a
  rejected class are not returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import attrs
from lxml import etree

from eistandaard.conventions.arguments import answer_builder
from eistandaard.conventions.istandaarden.selfcheck import check_decision_codes
from eistandaard.conventions.vektis.answering import Answerable
from eistandaard.conventions.vektis.decisions import (
    INSURER,
    only_match,
    refuse_uncarried,
    rejection_findings,
)
from eistandaard.conventions.vektis.gds.decisions import (
    InsurerDecisions,
    PrestatieDecision,
    decisions_from_data,
    load_decisions,
)
from eistandaard.conventions.vektis.request import request_root
from eistandaard.conventions.vektis.returns import build_return
from eistandaard.conventions.vektis.roles import Responder
from eistandaard.core.errors import DecisionError, InputError
from eistandaard.core.findings import Finding
from eistandaard.core.money import Money
from eistandaard.core.paths import PathCache
from eistandaard.core.xml import Builder, child, local_name, value_of
from eistandaard.models.gds import GDS802_NAMESPACE
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.facets import element_facets
from eistandaard.standards.wording import said_error

__all__ = [
    "GDS802_CODE",
    "RETOURCODE_LIST",
    "build_gds802",
    "decision_findings",
    "release_of",
    "resolve_decisions",
]

GDS802_CODE = "574"
RETOURCODE_LIST = "COD954-VEKT"
"""The retourcode list of the Vektis answers (not bundled: ``--codelist COD954-VEKT=FILE``)."""
_TOTAL_FIN = "TotaalToegekendBedragInclBtwFinancieel"
_TOTAL_NIET = "TotaalToegekendBedragInclBtwNietFinancieel"


def _text(element: etree._Element, name: str) -> str | None:
    found = child(element, name)
    return None if found is None else value_of(found)


def _prestaties(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if local_name(e) in ("DebetPrestatie", "CreditPrestatie")]


def release_of(request: bytes | Path | etree._Element) -> str:
    """The GDS release of a GDS801, picked by the catalog from its Berichtversie (1.0 or 2.0).

    A message whose version no release declares gets the newest release, as validation does.
    """
    root = request_root(request, "GDS801")
    spec = default_catalog().identify(root)
    if spec is None or spec.family != "gds":
        raise InputError(said_error("return-not-gds801"))
    return spec.release.release


def _declared(prestatie: etree._Element) -> tuple[str, Decimal]:
    """The element and amount a prestatie declares (credit: the amount credited)."""
    name = (
        "DeclaratieBedragInclBtw"
        if local_name(prestatie) == "DebetPrestatie"
        else "ToegekendBedragInclBtwFinancieel"
    )
    return name, _number(prestatie, name)


def resolve_decisions(
    root: etree._Element, decisions: InsurerDecisions
) -> dict[etree._Element, PrestatieDecision]:
    """The prestatie element each decision is about, checked against the GDS801.

    A key is a Referentienummer, or ``DebetPrestatie/REF`` / ``CreditPrestatie/REF`` when a
    debet and a credit prestatie share one (the identifying path of the return tells them apart
    by their class).

    :raises DecisionError: a key names no prestatie or more than one, two keys name the same
        prestatie, or the granted amount (toegekend + niet_financieel) is above the declared one.
    """
    by_key: dict[str, list[etree._Element]] = {}
    for prestatie in _prestaties(root):
        reference = _text(prestatie, "Referentienummer") or ""
        by_key.setdefault(reference, []).append(prestatie)
        by_key.setdefault(f"{local_name(prestatie)}/{reference}", []).append(prestatie)
    resolved: dict[etree._Element, PrestatieDecision] = {}
    for key, decision in decisions.prestaties.items():
        matched = by_key.get(key, [])
        where = said_error("decisions-at", key=f"prestatie.{key}")
        kinds = sorted({local_name(e) for e in matched})
        hint = (
            said_error("decisions-gds-write-kind", keys=" / ".join(f"{k}/{key}" for k in kinds))
            if len(kinds) > 1
            else said_error("decisions-gds-cannot-tell")
        )
        element = only_match(
            matched,
            where,
            missing=said_error("decisions-gds-no-prestatie"),
            many=said_error("decisions-gds-many-prestaties", hint=hint),
        )
        if element in resolved:
            raise DecisionError(said_error("decisions-prestatie-twice", where=where))
        name, declared = _declared(element)
        financieel = decision.toegekend
        if financieel is None:  # the default: granted in full, or nothing when rejected
            financieel = Decimal(0) if decision.rejected else declared
        granted = financieel + decision.niet_financieel
        if granted > declared:
            raise DecisionError(
                said_error(
                    "decisions-above-declared",
                    where=where,
                    granted=Money.of(granted),
                    name=name,
                    declared=Money.of(declared),
                )
            )
        resolved[element] = decision
    return resolved


def decision_findings(
    request: bytes | Path | etree._Element, decisions: InsurerDecisions
) -> list[Finding]:
    """Level-5 findings for the prestaties the insurer rejects in ``decisions``.

    :raises DecisionError: see :func:`resolve_decisions`.
    """
    root = request_root(request, "GDS801")
    findings: list[Finding] = []
    paths = PathCache()
    for element, decision in resolve_decisions(root, decisions).items():
        reference = _text(element, "Referentienummer")
        details = f"Referentienummer={reference}"
        findings += rejection_findings(element, decision.retourcodes, INSURER, details, paths)
    return findings


_NUMMER = "DeclaratienummerVerzekeraar"


def _check_fit(
    nummer: str | None,
    resolved: Mapping[etree._Element, PrestatieDecision],
    keys: Mapping[etree._Element, str],
    release: str,
) -> None:
    """Refuse a decision value the GDS802 cannot hold, by the facets of its XSD.

    Every amount a decision gives its prestatie (:func:`_amounts`, the values written) is
    checked against the element it fills, debet and credit alike.

    :param keys: each decided prestatie's key as the decisions write it (``prestatie.P0001``).
    :raises DecisionError: a ``declaratienummer`` longer than its element allows, or an amount
        with more digits before the decimal point.
    """
    schema = default_catalog().get("GDS802", family="gds", release=release).schema_path
    most = element_facets(schema, _NUMMER).get("maxLength")
    if nummer is not None and most is not None and len(nummer) > int(most):
        raise DecisionError(
            said_error(
                "decisions-too-long",
                where=said_error("decisions-at", key="declaratienummer"),
                length=len(nummer),
                element=_NUMMER,
                most=most,
            )
        )
    for prestatie, decision in resolved.items():
        for element, amount in _amounts(prestatie, decision, decision.rejected).items():
            facets = element_facets(schema, element)
            if "totalDigits" not in facets:
                continue
            digits = int(facets["totalDigits"]) - int(facets.get("fractionDigits", "0"))
            if abs(amount) >= Decimal(10) ** digits:
                raise DecisionError(
                    said_error(
                        "decisions-amount-too-large",
                        where=said_error("decisions-at", key=keys[prestatie]),
                        amount=Money.of(amount),
                        element=element,
                        digits=digits,
                    )
                )


def _check_codes(
    decisions: InsurerDecisions, lists: CodeLists | None, release: str, on: dt.date
) -> None:
    """Decision codes against COD954-VEKT on the answer's Verzenddatum, when the list is there."""
    codelist = (lists or CodeLists()).get(RETOURCODE_LIST, family="gds", release=release)
    if codelist is None:
        return
    pairs = [
        (code, f"prestatie.{key}.retourcodes")  # where the code is written
        for key, decision in decisions.prestaties.items()
        for code in decision.retourcodes
    ]
    check_decision_codes(pairs, codelist, on)


@answer_builder
def build_gds802(
    request: bytes | Path | etree._Element,
    findings: Sequence[Finding],
    *,
    decisions: InsurerDecisions | Mapping[str, object] | str | Path | None = None,
    responder: Responder | str,
    verzenddatum: dt.date | str,
    release: str | None = None,
    namespace: str = GDS802_NAMESPACE,
    codelists: CodeLists | None = None,
    as_of: dt.date | str | None = None,
    check: bool = True,
    environment: str = "P",
) -> bytes:
    """The GDS802 (UTF-8 XML) answering ``request``.

    :param request: the GDS801 (bytes, a path or its parsed root); it should be XSD-valid.
    :param findings: VECOZO's findings (levels 3-4) or the insurer's (levels 3-5); only errors
        reject, each needs a retourcode.
    :param responder: ``vecozo`` or ``receiver`` (the insurer).
    :param verzenddatum: the Verzenddatum of the return ("today" of the answering party).
    :param decisions: the insurer's decisions (granted amounts and rejections): an
        :class:`InsurerDecisions`, a path to a decisions file or a mapping holding what such a
        file holds (read as strictly); refused for VECOZO, which makes no receiver decisions.
    :param release: the GDS release (``1.0``, ``2.0``) whose class model and registry apply:
        the release of the request (:func:`release_of`), which is the default. The return
        carries Berichtversie 1 or 2 with Berichtsubversie 0.
    :param codelists: the code lists the request was checked with (``--codelist``); the
        decision codes (COD954-VEKT, when given) and the answer are checked with them.
    :param as_of: the peildatum the request was checked on (default: ``verzenddatum``).
    :param environment: the VECOZO environment (``P``/``T``) the request was checked for; the
        answer is checked for the same one (rule 8028).
    :param check: check the answer before returning it
        (:mod:`eistandaard.conventions.istandaarden.selfcheck`):
        validated at levels 1-4 and consistent with the request by :func:`diff_gds`.
    :raises DecisionError: (an ``InputError``) a decision does not fit (see
        :func:`resolve_decisions`) or its code is not valid on ``verzenddatum``.
    :raises InputError: a request that is no GDS801, a ``release`` other than the request's,
        VECOZO without a rejecting finding (it forwards the GDS801: no GDS802), a finding
        without retourcode or class, a Verzenddatum after
        ``as_of``, an ``as_of`` before the request's own Verzenddatum or a Verzenddatum before it
        (with ``as_of``: :func:`eistandaard.conventions.arguments.answer_day`), an argument
        of the wrong kind (:mod:`eistandaard.conventions.arguments`: a ``verzenddatum`` or
        ``as_of`` that is no date or ``YYYY-MM-DD`` text, an unknown ``responder``,
        ``codelists``, ``environment`` or ``check`` of the wrong kind).
    :raises AnswerCheckError: (an ``EngineError``) the built answer fails its own check.
    """
    frame = _REQUEST.open(
        request, findings, responder, verzenddatum, decisions, as_of, release, namespace
    )
    root, who = frame.request, frame.responder
    chosen = frame.decisions or InsurerDecisions()
    all_findings = list(findings)
    spec = frame.return_request(
        namespace,
        GDS802_CODE,
        version=(frame.release.split(".")[0], "0"),
        totals={_TOTAL_FIN: Decimal(0), _TOTAL_NIET: Decimal(0)},
    )
    if who is Responder.RECEIVER:  # the insurer's decisions, amounts and echoed prestaties
        resolved = resolve_decisions(root, chosen)
        _check_codes(chosen, codelists, frame.release, frame.verzenddatum)
        keys = {e: f"prestatie.{key}" for e, key in zip(resolved, chosen.prestaties, strict=True)}
        _check_fit(chosen.declaratienummer, resolved, keys, frame.release)
        all_findings += decision_findings(root, chosen)
        selected = frame.carried(all_findings)
        refuse_uncarried(
            {e: keys[e] for e, decision in resolved.items() if decision.rejected},
            selected,
            frame.model,
            amounts={e: keys[e] for e, decision in resolved.items() if _grants(decision)},
        )
        granted = _Granted(root, selected, resolved)
        spec = attrs.evolve(
            spec,
            totals=granted.totals(),
            amounts=granted.amount,
            keep=frozenset(
                p for p in _prestaties(root) if not any(a in selected for a in p.iterancestors())
            ),
        )
    answer = build_return(root, all_findings, frame.model, spec)
    if who is Responder.RECEIVER and chosen.declaratienummer:
        _add_declaratienummer(answer, chosen.declaratienummer, namespace)
    from eistandaard.conventions.vektis.gds.diff import (
        diff_gds,  # the diff reads releases through this module
    )

    return frame.finish(
        answer,
        check=check,
        codelists=codelists,
        environment=environment,
        problems=lambda data: diff_gds(root, data).problems,
    )


def _grants(decision: PrestatieDecision) -> bool:
    """Whether a decision grants amounts of its own (not the default, not a rejection)."""
    given = (decision.toegekend, decision.berekend)
    return not decision.rejected and (
        any(a is not None for a in given) or decision.niet_financieel > 0
    )


class _Granted:
    """The insurer's amounts per prestatie element and their totals."""

    def __init__(
        self,
        root: etree._Element,
        selected: Mapping[etree._Element, object],
        decisions: Mapping[etree._Element, PrestatieDecision],
    ) -> None:
        rejected_elements = set(selected)
        short_circuit = any(_outside_verzekerde(e) for e in rejected_elements)
        self.values: dict[etree._Element, dict[str, Decimal]] = {}
        for prestatie in _prestaties(root):
            decision = decisions.get(prestatie, PrestatieDecision())
            related = {prestatie, *prestatie.iterdescendants(), *prestatie.iterancestors()}
            rejected = short_circuit or decision.rejected or bool(related & rejected_elements)
            self.values[prestatie] = _amounts(prestatie, decision, rejected)

    def amount(self, element: etree._Element, name: str) -> Decimal:
        return self.values.get(element, {}).get(name, Decimal(0))

    def totals(self) -> dict[str, Decimal]:
        fin = niet = Decimal(0)
        for element, values in self.values.items():
            if local_name(element) == "DebetPrestatie":
                fin += values["ToegekendBedragInclBtwFinancieel"]
                niet += values["ToegekendBedragInclBtwNietFinancieel"]
            else:
                fin -= values["ToegekendCreditBedragInclBtwFinancieel"]
                niet -= values["ToegekendCreditBedragInclBtwNietFinancieel"]
        return {_TOTAL_FIN: fin, _TOTAL_NIET: niet}


def _outside_verzekerde(element: etree._Element) -> bool:
    return local_name(element) != "Verzekerde" and not any(
        local_name(node) == "Verzekerde" for node in element.iterancestors()
    )


def _number(element: etree._Element, name: str) -> Decimal:
    text = _text(element, name)
    try:
        return Decimal(text) if text else Decimal(0)
    except ArithmeticError:
        return Decimal(0)


def _amounts(
    prestatie: etree._Element, decision: PrestatieDecision, rejected: bool
) -> dict[str, Decimal]:
    zero = Decimal(0)
    if local_name(prestatie) == "DebetPrestatie":
        declared = _number(prestatie, "DeclaratieBedragInclBtw")
        berekend = decision.berekend
        if berekend is None:
            berekend = _number(prestatie, "BerekendBedragInclBtw") or declared
        return {
            "BerekendBedragVerzekeraarInclBtw": berekend,
            "ToegekendBedragInclBtwFinancieel": zero
            if rejected
            else (declared if decision.toegekend is None else decision.toegekend),
            "ToegekendBedragInclBtwNietFinancieel": zero if rejected else decision.niet_financieel,
        }
    credited = _number(prestatie, "ToegekendBedragInclBtwFinancieel")
    return {
        "ToegekendCreditBedragInclBtwFinancieel": zero
        if rejected
        else (credited if decision.toegekend is None else decision.toegekend),
        "ToegekendCreditBedragInclBtwNietFinancieel": (
            zero if rejected else decision.niet_financieel
        ),
    }


def _add_declaratienummer(answer: etree._Element, nummer: str, namespace: str) -> None:
    context = child(answer, "DeclaratieContext")
    assert context is not None  # every built GDS802 has its DeclaratieContext
    element = Builder(namespace).element(_NUMMER, nummer)
    feedback = child(context, "Feedback")
    if feedback is None:
        context.append(element)
    else:
        feedback.addprevious(element)


_REQUEST = Answerable("gds", "GDS801", InsurerDecisions, load_decisions, decisions_from_data)
