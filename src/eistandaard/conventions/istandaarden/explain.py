"""The iStandaarden explain policy of the declaratie-antwoord (WMO325 / JW325; IV028 / IV087).

The comparison (:func:`eistandaard.conventions.istandaarden.compare.diff`) reads the pair; this
module turns it into the facts of the one explain walk (:mod:`eistandaard.answers.explain`):
codes on the Header and DeclaratieAntwoord stop the assessment of every prestatie (0001, a
rejected Header or declaration), a client's own rejection leaves its prestaties not assessed,
and the amounts are the request's (eurocents of the 323, signed).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eistandaard.answers.explain import Comparison, Fact, Pair
from eistandaard.answers.explanation import ZERO, Amounts, Code, State

__all__ = ["comparison"]

_CENT = Decimal("0.01")
_MESSAGE_REJECTED = ("technical-rejection", "header-rejected", "declaration-rejected")


def _euros(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / 100).quantize(_CENT)


def comparison(pair: Pair) -> Comparison:
    """The 325's facts (IV028/IV087): a rejected client's prestaties are not assessed."""
    req_spec, ans_spec, view = pair.request_spec, pair.answer_spec, pair.view
    from eistandaard.conventions.istandaarden.compare import Status, diff

    result = diff(
        pair.request,
        pair.answer,
        catalog=pair.catalog,
        codelists=pair.codelists,
        reasons=pair.reasons,
    )

    def codes(values: tuple[str, ...], where: str) -> tuple[Code, ...]:
        return tuple(
            Code(
                code,
                where,
                result.meaning(code, "nl"),
                result.meaning(code, "en"),
                rejects=code not in view.no_rejection and code not in view.not_assessed,
            )
            for code in values
        )

    base: dict[str, Any] = {
        "family": req_spec.family,
        "convention": req_spec.release.convention,
        "request_message": req_spec.name,
        "answer_message": ans_spec.name,
        "responder": "receiver",
        "problems": tuple(p.worded() for p in result.problems),
        "request_reference": result.request_identificatie,
        "answer_reference": result.answer_identificatie,
    }
    top = codes(result.header_codes, view.top[0]) + codes(result.declaratie_codes, view.top[-1])
    if not result.answers_request:
        return Comparison(base, top, answered=False)
    message_rejected = result.outcome in _MESSAGE_REJECTED
    facts: list[Fact] = []
    group_codes: dict[str | None, tuple[Code, ...]] = {}
    for client in result.clients:
        own = codes(client.codes, view.group)
        group_codes[client.bsn] = own
        assessed = not (message_rejected or any(c.rejects for c in own))
        for prestatie in client.prestaties:
            submitted = _euros(prestatie.submitted)
            if assessed and prestatie.status is Status.REJECTED:
                status, split = "rejected", (ZERO, submitted, ZERO)
            elif assessed and prestatie.status is Status.ACCEPTED:
                status, split = "accepted", (submitted, ZERO, ZERO)
            else:
                status, split = "not-checked", (ZERO, ZERO, submitted)
            kind = view.line[0]
            facts.append(
                Fact(
                    client.bsn,
                    kind,
                    prestatie.referentie,
                    status,
                    codes(prestatie.codes, kind),
                    split,
                )
            )
    state = {
        "fully-accepted": State.ACCEPTED,
        "partly-rejected": State.PARTLY_REJECTED,
    }.get(result.outcome, State.REJECTED)
    return Comparison(
        base,
        top,
        answered=True,
        facts=tuple(facts),
        groups=tuple(client.bsn for client in result.clients),
        group_codes=group_codes,
        top_rejected=message_rejected,
        totals=Amounts(
            _euros(result.submitted),
            _euros(result.granted),
            _euros(result.rejected),
            _euros(result.not_assessed),
        ),
        verdict=lambda _groups: (result.outcome, state),
        technical_reasons=result.technical_reasons,
    )
