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
from eistandaard.standards.codelists import CodeList, CodeLists
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
        check_schemas=False,  # explain checked both XSDs (or was asked not to)
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


def retour_comparison(pair: Pair) -> Comparison:
    """The facts of a retour message of 301-319 (IV032), read through the class model.

    Every class of the request comes back with its RetourCodes (0200: no remark); 0001 or a
    rejected Header returns the Header only, so nothing below it is assessed. A class whose own
    codes reject nothing but with a rejected class below it is partly rejected; this tree
    decides the states of the groups and lines (``Fact.state``, ``Comparison.group_states``).

    The IV032 checks run in order, each a method of :class:`_Retour`: the Header's codes, the
    XSLT version, the copied Header, a Header-only answer, the classes returned, their data.
    """
    retour = _Retour(pair)
    other = names_other(pair.request_spec, pair.answer_spec, retour.req_root, retour.ans_root)
    if other is not None:  # another heen message
        return retour.unanswered((other,))
    if retour.header is None:  # no Header: nothing says which request it answers
        retour.tell_top_no_codes()
        return retour.unanswered(tuple(retour.problems))
    return retour.answered(retour.header)


class _Retour:
    """One IV032 comparison: the pair read through the class model, and its problems so far.

    The problems are kept in the order the checks find them (the same one once, at the end).
    """

    def __init__(self, pair: Pair) -> None:
        from eistandaard.conventions.istandaarden.retour import layout_of, retour_model

        self.pair = pair
        req_spec = pair.request_spec
        model = retour_model(req_spec)
        assert model is not None  # chosen by comparison()
        self.model = model
        self.layout = layout_of(req_spec)
        self.holder = self.layout.codes
        self.req_root, self.ans_root = pair.request.getroot(), pair.answer.getroot()
        self.problems: list[str] = []
        req_id = req_spec.identity(self.req_root)
        self.top_class = next(c for c in model.classes if c.always)  # the Header
        self.header = xml.descend(self.ans_root, self.top_class.path)
        self.base = explanation_base(
            pair,
            "receiver",
            request_reference=req_id.identificatie,
            answer_reference=xml.text_at(
                self.header, self.layout.element("new-identificatie") or ""
            ),
        )
        lists = pair.codelists or CodeLists()
        try:
            self.listing: CodeList | None = lists.get(
                req_spec.release.retourcode_list or "WJ001",
                family=req_spec.family,
                release=req_spec.release.release,
            )
        except DataError:
            self.listing = None
        self.meanings_en = _meanings_en(req_spec.family, req_spec.release.release)
        self.no_rejection = frozenset({self.layout.no_remark})
        self.top: tuple[Code, ...] = (
            self.codes(_answer_codes(self.header, self.holder), self.top_class.label)
            if self.header is not None
            else ()
        )

    def codes(self, values: tuple[str, ...], where: str) -> tuple[Code, ...]:
        """The codes given at ``where``, with their meanings; one not in the list a problem."""
        found = []
        for code in values:
            entry = self.listing.entry(code) if self.listing is not None else None
            if self.listing is not None and entry is None:
                self.problems.append(
                    worded("iv032-code-not-listed", where=where, code=code, list=self.listing.name)
                )
            found.append(
                Code(
                    code,
                    where,
                    entry.omschrijving if entry is not None else None,
                    self.meanings_en.get(code),
                    rejects=code not in self.no_rejection,
                )
            )
        return tuple(found)

    def tell(self, key: str, instance: Any, **more: object) -> None:
        """A problem naming ``instance`` (its class label and qualified identity)."""
        self.problems.append(worded(key, label=instance.label, name=instance.qualified, **more))

    def unanswered(self, problems: tuple[str, ...]) -> Comparison:
        """The comparison of an answer that does not answer this request."""
        return Comparison({**self.base, "problems": problems}, self.top, answered=False)

    def tell_top_no_codes(self) -> None:
        """The Header came back without codes (or not at all)."""
        self.problems.append(
            worded("iv032-top-no-codes", label=self.top_class.label, holder=self.holder)
        )

    def answered(self, header: etree._Element) -> Comparison:
        """The checks of an answer to this request, in order, and the states they decide."""
        # A code not in the list (9999 in the Header) is a problem of an answer to THIS request.
        if not self.top:
            self.tell_top_no_codes()
        technical = any(c.code == self.layout.technical_rejection for c in self.top)
        header_rejected = not technical and any(c.rejects for c in self.top)
        self.check_xslt(header, technical=technical)
        self.check_header_copied(header)
        paired = pair_instances(self.req_root, self.ans_root, self.model)
        whole = not (technical or header_rejected)
        self.check_header_only(paired.returned, whole=whole)
        answer_of: dict[int, Any] = {}
        missing: set[int] = set()  # request instances the answer does not return
        if whole:
            answer_of, missing = self.check_classes(paired, header)
        states, own_codes = self.states(paired.requested, answer_of, missing, whole=whole)
        facts, groups = _facts(paired.requested, states, own_codes)
        rejected_any = any(s is State.REJECTED for s in states.values())
        outcome, state = _retour_outcome(technical, header_rejected, rejected_any)
        found = self.technical_reasons(header) if technical and self.pair.reasons else None
        sought, reasons = found is not None, found or ()
        return Comparison(
            {**self.base, "problems": tuple(dict.fromkeys(self.problems))},
            self.top,
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

    def check_xslt(self, header: etree._Element, *, technical: bool) -> None:
        """The XSLT version in the Header with the technical rejection (0001), and only then."""
        xslt = xml.child(header, self.layout.element("xslt-version") or "") is not None
        code = self.layout.technical_rejection
        if technical and not xslt:
            self.problems.append(worded("iv032-technical-no-xslt", code=code))
        if xslt and not technical:
            self.problems.append(worded("iv032-xslt-without-technical", code=code))

    def check_header_copied(self, header: etree._Element) -> None:
        """Every Header element the layout copies comes back as the request has it."""
        req_header = xml.descend(self.req_root, self.top_class.path)
        for name, how in self.layout.header:
            if how != "copy":
                continue
            asked, given = xml.child(req_header, name), xml.child(header, name)
            if (asked is None) != (given is None) or (
                asked is not None
                and given is not None
                and same_data(asked, given, self.holder) is not None
            ):
                self.problems.append(
                    worded("iv032-header-not-copied", label=self.top_class.label, name=name)
                )

    def check_header_only(self, returned: tuple[Any, ...], *, whole: bool) -> None:
        """A rejected Header (or 0001) returns the Header only."""
        below = [i for i in returned if not i.spec.always]
        if not whole and below:
            self.problems.append(
                worded(
                    "iv032-header-only-with-more",
                    codes=", ".join(c.code for c in self.top),
                    label=below[0].label,
                )
            )

    def check_classes(self, paired: Any, header: etree._Element) -> tuple[dict[int, Any], set[int]]:
        """Every class returned once, with its own codes; then their data.

        IV032 pairs by identifying path; another instance at a request instance's place (an
        identifying value changed) answers it, with a problem.

        :returns: the codes returned for each request instance (by ``id``), and the ids of
            the request instances the answer does not return.
        """
        for mine, theirs in paired.changed.items():
            self.problems.append(
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
            self.tell("iv032-missing", mine)
        for theirs in added:
            self.tell("iv032-added", theirs)
        answer_of: dict[int, Any] = {}
        for mine, theirs in pairs:
            if not mine.spec.always:
                answer_of[id(mine)] = self.check_own_codes(mine, theirs)
        # The data, element by element, when every class came back (else the lines above say
        # what is missing or added, and a positional comparison would blame the wrong class).
        if not missing_ones and not added:
            self.check_data(paired.requested, header)
        return answer_of, {id(mine) for mine in missing_ones}

    def check_own_codes(self, mine: Any, theirs: Any) -> tuple[str, ...]:
        """A class's own codes: some; 0001 on the Header only; 0200 alone. Returns them."""
        own = _answer_codes(theirs.element, self.holder)
        if not own:
            self.tell("iv032-no-codes", mine, holder=self.holder)
        if self.layout.technical_rejection in own:
            self.tell(
                "iv032-technical-on-header-only",
                mine,
                code=self.layout.technical_rejection,
                top=self.top_class.label,
            )
        if self.layout.no_remark in own and len(own) > 1:
            self.tell("iv032-no-remark-with-others", mine, code=self.layout.no_remark)
        return own

    def check_data(self, requested: tuple[Any, ...], header: etree._Element) -> None:
        """Every class whose data differ, once (its first difference), in document order."""
        told: set[int] = set()
        for differs in differences(self.req_root, self.ans_root, header, self.holder):
            owner = owner_of(differs, requested)
            if id(owner) in told:
                continue
            told.add(id(owner))
            self.problems.append(
                worded("iv032-data-differ", label=owner.label, name=owner.qualified)
                if owner is not None
                else worded("iv032-message-differs")
            )

    def states(
        self,
        requested: tuple[Any, ...],
        answer_of: Mapping[int, Any],
        missing: set[int],
        *,
        whole: bool,
    ) -> tuple[dict[int, State], dict[int, tuple[Code, ...]]]:
        """The state and own codes of every request instance (by ``id``), children first.

        Not assessed below a rejected Header or when missing; rejected by its own codes;
        partly rejected with a rejected class below it; else accepted.
        """
        states: dict[int, State] = {}
        own_codes: dict[int, tuple[Code, ...]] = {}
        rejected_below: set[int] = set()  # instances with a rejected class below them
        for instance in reversed(requested):  # children before parents: linear
            found = self.codes(answer_of.get(id(instance), ()), instance.label)
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
        return states, own_codes

    def technical_reasons(self, header: etree._Element) -> tuple[str, ...] | None:
        """Why the request was technically rejected (0001): the release's own checks say.

        ``None`` when the request cannot be checked again; empty when it fails no rule.
        """
        from eistandaard.conventions.istandaarden.compare import _technical_reasons

        pair = self.pair
        day = (
            pair.as_of.isoformat()
            if pair.as_of is not None
            else xml.text_at(header, self.layout.element("new-dagtekening") or "")
        )
        return _technical_reasons(pair.request, day, pair.catalog)


def _facts(
    requested: tuple[Any, ...],
    states: Mapping[int, State],
    own_codes: Mapping[int, tuple[Code, ...]],
) -> tuple[list[Fact], dict[str | None, Any]]:
    """The lines (every instance below a top-level one) and the groups (the top-level ones).

    :returns: the facts in document order, and each group's key -> its instance.
    """
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
    return facts, groups


def _retour_outcome(
    technical: bool, header_rejected: bool, rejected_any: bool
) -> tuple[str, State]:
    """The outcome of a retour message and its state, the first that holds."""
    if technical:
        return "technical-rejection", State.REJECTED
    if header_rejected:
        return "header-rejected", State.REJECTED
    if rejected_any:
        return "rejected", State.REJECTED
    return "fully-accepted", State.ACCEPTED


@cache
def _meanings_en(family: str, release: str) -> Mapping[str, str]:
    """English meanings of the retourcodes (the 325 answer model's file), if the release has it."""
    from eistandaard.standards.inheritance import release_file
    from eistandaard.standards.resources import load_toml

    found = release_file(family, release, "WJ001.en.toml")
    if found is None:
        return {}
    return {str(k): str(v) for k, v in load_toml(found).items()}
