"""The iStandaarden explain policy of the declaratie-antwoord (WMO325 / JW325; IV028 / IV087).

The comparison (:func:`eistandaard.conventions.istandaarden.compare.diff`) reads the pair; this
module turns it into the facts of the one explain walk (:mod:`eistandaard.answers.explain`):
codes on the Header and DeclaratieAntwoord stop the assessment of every prestatie (0001, a
rejected Header or declaration), a client's own rejection leaves its prestaties not assessed,
and the amounts are the request's (eurocents of the 323, signed).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from lxml import etree

from eistandaard.answers.explain import Comparison, Fact, Pair, explanation_base, names_other
from eistandaard.answers.explanation import ZERO, Amounts, Code, State
from eistandaard.answers.pairing import (
    differences,
    owner as owner_of,
    pair as pair_instances,
    same_data,
)
from eistandaard.core import xml
from eistandaard.core.errors import DataError
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import worded

__all__ = ["comparison", "retour_comparison"]

_CENT = Decimal("0.01")
_MESSAGE_REJECTED = ("technical-rejection", "header-rejected", "declaration-rejected")


def _euros(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / 100).quantize(_CENT)


def comparison(pair: Pair) -> Comparison:
    """The iStandaarden facts of a pair: a retour message (IV032) or the 325 (IV028/IV087)."""
    from eistandaard.conventions.istandaarden.retour import retour_model

    if retour_model(pair.request_spec) is not None:
        return retour_comparison(pair)
    return _declaratie_comparison(pair)


def _declaratie_comparison(pair: Pair) -> Comparison:
    """The 325's facts (IV028/IV087): a rejected client's prestaties are not assessed."""
    view = pair.view
    from eistandaard.conventions.istandaarden.compare import Status, diff

    result = diff(
        pair.request,
        pair.answer,
        catalog=pair.catalog,
        codelists=pair.codelists,
        reasons=pair.reasons,
        as_of=pair.as_of,
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

    base = explanation_base(
        pair,
        "receiver",
        problems=tuple(p.said() for p in result.problems),
        request_reference=result.request_identificatie,
        answer_reference=result.answer_identificatie,
    )
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
        reasons_sought=result.reasons_sought,
    )


# -- the retour messages of 301-319 (IV032) -----------------------------------------------------


def _answer_codes(element: etree._Element, holder: str) -> tuple[str, ...]:
    return tuple(xml.value_of(c).strip() for c in xml.children(xml.child(element, holder)))


def retour_comparison(pair: Pair) -> Comparison:  # noqa: C901 - the IV032 checks, in order
    """The facts of a retour message of 301-319 (IV032), read through the class model.

    Every class of the request comes back with its RetourCodes (0200: no remark); 0001 or a
    rejected Header returns the Header only, so nothing below it is assessed. A class whose own
    codes reject nothing but with a rejected class below it is partly rejected; this tree
    decides the states of the groups and lines (``Fact.state``, ``Comparison.group_states``).
    """
    from eistandaard.conventions.istandaarden.retour import layout_of, retour_model

    req_spec, ans_spec = pair.request_spec, pair.answer_spec
    model = retour_model(req_spec)
    assert model is not None  # chosen by comparison()
    layout = layout_of(req_spec)
    holder = layout.codes
    req_root, ans_root = pair.request.getroot(), pair.answer.getroot()
    problems: list[str] = []
    req_id = req_spec.identity(req_root)
    top_class = next(c for c in model.classes if c.always)  # the Header
    header = xml.descend(ans_root, top_class.path)
    base = explanation_base(
        pair,
        "receiver",
        request_reference=req_id.identificatie,
        answer_reference=xml.text_at(header, layout.element("new-identificatie") or ""),
    )
    lists = pair.codelists or CodeLists()
    try:
        listing = lists.get(
            req_spec.release.retourcode_list or "WJ001",
            family=req_spec.family,
            release=req_spec.release.release,
        )
    except DataError:
        listing = None
    meanings_en = _meanings_en(req_spec.family, req_spec.release.release)
    no_rejection = frozenset({layout.no_remark})

    def codes(values: tuple[str, ...], where: str) -> tuple[Code, ...]:
        found = []
        for code in values:
            entry = listing.entry(code) if listing is not None else None
            if listing is not None and entry is None:
                problems.append(
                    worded("iv032-code-not-listed", where=where, code=code, list=listing.name)
                )
            found.append(
                Code(
                    code,
                    where,
                    entry.omschrijving if entry is not None else None,
                    meanings_en.get(code),
                    rejects=code not in no_rejection,
                )
            )
        return tuple(found)

    top = codes(_answer_codes(header, holder), top_class.label) if header is not None else ()
    other = names_other(req_spec, ans_spec, req_root, ans_root)  # another heen message
    if other is not None:
        return Comparison({**base, "problems": (other,)}, top, answered=False)
    if header is None:  # no Header: nothing says which request it answers
        problems.append(worded("iv032-top-no-codes", label=top_class.label, holder=holder))
        return Comparison({**base, "problems": tuple(problems)}, top, answered=False)
    # A code not in the list (9999 in the Header) is a problem of an answer to THIS request.
    if not top:
        problems.append(worded("iv032-top-no-codes", label=top_class.label, holder=holder))
    technical = any(c.code == layout.technical_rejection for c in top)
    header_rejected = not technical and any(c.rejects for c in top)
    xslt = xml.child(header, layout.element("xslt-version") or "") is not None
    if technical and not xslt:
        problems.append(worded("iv032-technical-no-xslt", code=layout.technical_rejection))
    if xslt and not technical:
        problems.append(worded("iv032-xslt-without-technical", code=layout.technical_rejection))
    req_header = xml.descend(req_root, top_class.path)
    for name, how in layout.header:
        if how != "copy":
            continue
        asked, given = xml.child(req_header, name), xml.child(header, name)
        if (asked is None) != (given is None) or (
            asked is not None and given is not None and same_data(asked, given, holder) is not None
        ):
            problems.append(worded("iv032-header-not-copied", label=top_class.label, name=name))
    paired = pair_instances(req_root, ans_root, model)
    requested, returned = paired.requested, paired.returned
    whole = not (technical or header_rejected)
    below = [i for i in returned if not i.spec.always]
    if not whole and below:
        problems.append(
            worded(
                "iv032-header-only-with-more",
                codes=", ".join(c.code for c in top),
                label=below[0].label,
            )
        )
    answer_of: dict[int, Any] = {}
    missing: set[int] = set()  # request instances the answer does not return
    if whole:
        # IV032 pairs by identifying path; another instance at a request instance's place
        # (an identifying value changed) answers it, with a problem.
        def tell(key: str, instance: Any, **more: object) -> None:
            """A problem naming ``instance`` (its class label and qualified identity)."""
            problems.append(worded(key, label=instance.label, name=instance.qualified, **more))

        for mine, theirs in paired.changed.items():
            problems.append(
                worded(
                    "iv032-other-instance",
                    label=theirs.label,
                    name=theirs.name,
                    wanted_label=mine.label,
                    wanted_name=mine.name,
                )
            )
        replaced = {id(theirs) for theirs in paired.changed.values()}
        missing_ones = [i for i in paired.missing if i not in paired.changed]
        added = [i for i in paired.added if id(i) not in replaced]
        pairs = [*paired.answers.items(), *paired.changed.items()]
        for mine in missing_ones:
            missing.add(id(mine))
            tell("iv032-missing", mine)
        for theirs in added:
            tell("iv032-added", theirs)
        for mine, theirs in pairs:
            if mine.spec.always:
                continue
            own = _answer_codes(theirs.element, holder)
            if not own:
                tell("iv032-no-codes", mine, holder=holder)
            if layout.technical_rejection in own:
                tell(
                    "iv032-technical-on-header-only",
                    mine,
                    code=layout.technical_rejection,
                    top=top_class.label,
                )
            if layout.no_remark in own and len(own) > 1:
                tell("iv032-no-remark-with-others", mine, code=layout.no_remark)
            answer_of[id(mine)] = own
        # The data, element by element, when every class came back (else the lines above say
        # what is missing or added, and a positional comparison would blame the wrong class).
        # Every class whose data differ, once (its first difference), in document order.
        differing = (
            differences(req_root, ans_root, header, holder)
            if not missing_ones and not added
            else iter(())
        )
        told: set[int] = set()
        for differs in differing:
            owner = owner_of(differs, requested)
            if id(owner) in told:
                continue
            told.add(id(owner))
            problems.append(
                worded("iv032-data-differ", label=owner.label, name=owner.qualified)
                if owner is not None
                else worded("iv032-message-differs")
            )
    states: dict[int, State] = {}
    own_codes: dict[int, tuple[Code, ...]] = {}
    rejected_below: set[int] = set()  # instances with a rejected class below them
    for instance in reversed(requested):  # children before parents: linear
        found = codes(answer_of.get(id(instance), ()), instance.label)
        own_codes[id(instance)] = found
        if not whole or id(instance) in missing:  # the answer says nothing of a missing one
            state = State.NOT_ASSESSED
        elif any(c.rejects for c in found):
            state = State.REJECTED
        elif id(instance) in rejected_below:
            state = State.PARTLY_REJECTED
        else:
            state = State.ACCEPTED
        states[id(instance)] = state
        if state in (State.REJECTED, State.PARTLY_REJECTED) and instance.parent is not None:
            rejected_below.add(id(instance.parent))
    facts: list[Fact] = []
    groups: dict[str | None, Any] = {}  # key -> the top-level instance (a group)
    for instance in requested:  # document order: a group's lines follow it
        top_instance = instance
        while top_instance.parent is not None:
            top_instance = top_instance.parent
        if top_instance.spec.always:  # the Header: its codes are the top's
            continue
        if top_instance is instance:
            groups[instance.name] = instance
            continue
        facts.append(
            Fact(
                top_instance.name,
                instance.label,
                instance.qualified if instance.key is None else instance.key,
                "accepted",
                own_codes[id(instance)],
                state=states[id(instance)],
            )
        )
    rejected_any = any(s is State.REJECTED for s in states.values())
    if technical:
        outcome, state = "technical-rejection", State.REJECTED
    elif header_rejected:
        outcome, state = "header-rejected", State.REJECTED
    elif rejected_any:
        outcome, state = "rejected", State.REJECTED
    else:
        outcome, state = "fully-accepted", State.ACCEPTED
    reasons: tuple[str, ...] = ()
    sought = bool(technical and pair.reasons)
    if sought:
        from eistandaard.conventions.istandaarden.compare import _technical_reasons

        day = (
            pair.as_of.isoformat()
            if pair.as_of is not None
            else xml.text_at(header, layout.element("new-dagtekening") or "")
        )
        reasons = _technical_reasons(pair.request, day, pair.catalog)
    return Comparison(
        {**base, "problems": tuple(dict.fromkeys(problems))},
        top,
        answered=True,
        facts=tuple(facts),
        groups=tuple(groups),
        group_codes={key: own_codes[id(group)] for key, group in groups.items()},
        group_kinds={key: group.label for key, group in groups.items()},
        group_states={key: states[id(group)] for key, group in groups.items()},
        top_rejected=not whole,
        verdict=lambda _groups: (outcome, state),
        technical_reasons=reasons,
        reasons_sought=sought,
    )


@cache
def _meanings_en(family: str, release: str) -> Mapping[str, str]:
    """English meanings of the retourcodes (the 325 answer model's file), if the release has it."""
    from eistandaard.standards.inheritance import release_file
    from eistandaard.standards.resources import load_toml

    found = release_file(family, release, "WJ001.en.toml")
    if found is None:
        return {}
    return {str(k): str(v) for k, v in load_toml(found).items()}
