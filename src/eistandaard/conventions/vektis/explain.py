"""The Vektis explain policy (STB 5.3-5.8, the GDS two-step) of GDS802 and BM802.

The comparisons (:func:`eistandaard.conventions.vektis.gds.diff_gds`,
:func:`eistandaard.conventions.vektis.bm.diff_bm`) read the pair; this module turns them into the
facts of the one explain walk (:mod:`eistandaard.answers.explain`): Feedback on the Header,
DeclaratieContext or Overzicht stops the assessment of every line, Feedback of a Verzekerde
rejects its prestaties, VECOZO (role 6) assesses no amount, and each code carries its betrokken
elementen and its meaning (the release's rules, else its retourcode list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from eistandaard.answers.explain import Comparison, Fact, Pair, Verdict, explanation_base
from eistandaard.answers.explanation import ZERO, Amounts, Code, Group, Line, State
from eistandaard.core.errors import DataError
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.registry import load_registry
from eistandaard.standards.wording import Worded

__all__ = ["bm_comparison", "gds_comparison"]


@cache
def _vektis_meanings(family: str, release: str) -> Mapping[str, tuple[str, str]]:
    try:
        registry = load_registry(family, release)
    except DataError:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rule in registry.values():
        if rule.retourcode and rule.retourcode not in found:
            found[rule.retourcode] = (rule.text_nl, rule.text_en)
    return found


def _retourcode_texts(pair: Pair) -> Mapping[str, str]:
    """Code -> omschrijving of the release's retourcode list, when the caller supplied it."""
    name = pair.request_spec.release.retourcode_list
    if pair.codelists is None or not name:
        return {}
    try:
        listing = pair.codelists.get(
            name, family=pair.request_spec.family, release=pair.request_spec.release.release
        )
    except DataError:
        return {}
    return {e.code: e.omschrijving for e in listing.entries if e.omschrijving} if listing else {}


def _vektis_code(
    spec: MessageSpec, where: str, feedback: Any, listed: Mapping[str, str] | None = None
) -> Code:
    nl, en = _vektis_meanings(spec.family, spec.release.release).get(feedback.retourcode, ("", ""))
    nl = nl or (listed or {}).get(feedback.retourcode, "")
    return Code(
        feedback.retourcode,
        where,
        nl or None,
        en or None,
        tuple((b.elementnaam, b.elementwaarde) for b in feedback.betrokken),
    )


def _vektis_outcome(
    top: tuple[Code, ...], vecozo: bool, totals: Amounts, lines: list[Line], header: str
) -> tuple[str, State]:
    if top:
        on_header = any(c.where == header for c in top)
        return ("header-rejected" if on_header else "declaration-rejected"), State.REJECTED
    rejected_any = any(line.state in (State.REJECTED, State.PARTLY_REJECTED) for line in lines)
    if vecozo:
        return ("not-forwarded", State.REJECTED) if rejected_any else ("forwarded", State.ACCEPTED)
    if totals.granted == ZERO and totals.rejected != ZERO and totals.not_assessed == ZERO:
        return "declaration-rejected", State.REJECTED
    if rejected_any or totals.rejected != ZERO:
        return "partly-rejected", State.PARTLY_REJECTED
    return "fully-accepted", State.ACCEPTED


def _vektis_verdict(top: tuple[Code, ...], vecozo: bool, totals: Amounts, header: str) -> Verdict:
    def verdict(groups: tuple[Group, ...]) -> tuple[str, State]:
        every = [line for group in groups for line in group.lines]
        return _vektis_outcome(top, vecozo, totals, every, header)

    return verdict


def gds_comparison(pair: Pair) -> Comparison:
    """The GDS facts (STB 5.3-5.8, two-step): Feedback of a Verzekerde rejects its prestaties."""
    req_spec, view = pair.request_spec, pair.view
    from eistandaard.conventions.vektis.gds import diff_gds

    result = diff_gds(pair.request.getroot(), pair.answer.getroot())
    vecozo = result.vecozo
    problems = (*result.problems, *_unknown_codes(pair))
    base = explanation_base(pair, "vecozo" if vecozo else "receiver", problems=problems)
    listed = _retourcode_texts(pair)
    top = tuple(_vektis_code(req_spec, where, f, listed) for where, f in result.top_feedback)
    if not result.answers_request:
        return Comparison(base, top, answered=False)
    submitted, granted, rejected, not_assessed = result.totals()
    totals = Amounts(submitted, granted, rejected, not_assessed)
    group_codes: dict[str | None, list[Code]] = {}
    facts: list[Fact] = []
    for outcome in result.prestaties:
        if outcome.status == "unknown":  # only the answer names it: a problem, not a line
            continue
        own = group_codes.setdefault(outcome.verzekerde, [])
        kind = view.line_kinds.get(outcome.kind, outcome.kind)
        line_codes: list[Code] = []
        for where, feedback in outcome.feedback:
            code = _vektis_code(req_spec, where, feedback, listed)
            if where == view.group:
                if code not in own:
                    own.append(code)
            else:
                line_codes.append(code)
        split = result.split(outcome)
        facts.append(
            Fact(
                outcome.verzekerde,
                kind,
                outcome.referentienummer,
                outcome.status,
                tuple(line_codes),
                (split[0], split[1], split[2]),
            )
        )
    return Comparison(
        base,
        top,
        answered=True,
        facts=tuple(facts),
        group_codes={group: tuple(own) for group, own in group_codes.items()},
        top_rejected=bool(top),
        totals=totals,
        verdict=_vektis_verdict(top, vecozo, totals, view.top[0]),
    )


def _unknown_codes(pair: Pair) -> tuple[Worded, ...]:
    """The answer's Feedback retourcodes its COD954 list refuses, on the answer's date (or as-of).

    The same check :func:`eistandaard.build_return` runs on what it writes
    (:func:`eistandaard.conventions.vektis.selfcheck.feedback_code_problems`); without a list
    (none is bundled: ``--codelist COD954-VEKT=FILE``) it finds nothing.
    """
    from eistandaard.conventions.vektis.selfcheck import feedback_code_problems

    root = pair.answer.getroot()
    if pair.as_of is not None:
        return feedback_code_problems(root, pair.answer_spec, pair.codelists, on=pair.as_of)
    day = pair.answer_spec.identity(root).dagtekening
    try:
        on = dt.date.fromisoformat(day) if day else None
    except ValueError:  # a bad Verzenddatum is the answer's own level-1/3 finding
        on = None
    return feedback_code_problems(root, pair.answer_spec, pair.codelists, on=on)


def bm_comparison(pair: Pair) -> Comparison:
    """The BM facts (STB 5.3-5.8): one group of Betaalopdrachten; VECOZO assesses no amount."""
    req_spec, view = pair.request_spec, pair.view
    from eistandaard.conventions.vektis.bm import diff_bm
    from eistandaard.conventions.vektis.roles import Role

    result = diff_bm(pair.request.getroot(), pair.answer.getroot())
    vecozo = result.responder_role == Role.VECOZO
    problems = (*result.problems, *_unknown_codes(pair))
    base = explanation_base(pair, "vecozo" if vecozo else "receiver", problems=problems)
    header, overzicht = view.top[0], view.top[-1]
    listed = _retourcode_texts(pair)
    top = tuple(_vektis_code(req_spec, header, f, listed) for f in result.header_feedback) + tuple(
        _vektis_code(req_spec, overzicht, f, listed) for f in result.overzicht_feedback
    )
    if not result.answers_request:
        return Comparison(base, top, answered=False)
    submitted, granted, rejected, not_assessed = result.totals()
    totals = Amounts(submitted, granted, rejected, not_assessed)
    kind = view.line[0]
    facts: list[Fact] = []
    for outcome in result.opdrachten:
        if outcome.status == "unknown":
            continue
        amount = outcome.requested or ZERO
        if top or outcome.status == "not-checked" or (vecozo and outcome.status != "rejected"):
            split = (ZERO, ZERO, amount)
        elif outcome.status == "rejected":
            split = (ZERO, amount, ZERO)
        else:
            split = (amount, ZERO, ZERO)
        codes = tuple(_vektis_code(req_spec, where, f, listed) for where, f in outcome.feedback)
        facts.append(Fact(None, kind, outcome.betaalopdrachtnummer, outcome.status, codes, split))
    return Comparison(
        base,
        top,
        answered=True,
        facts=tuple(facts),
        groups=(None,),
        top_rejected=bool(top),
        totals=totals,
        verdict=_vektis_verdict(top, vecozo, totals, header),
    )
