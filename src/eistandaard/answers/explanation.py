"""The one result type of :func:`eistandaard.explain`: an answer explained against its request.

Every family (WMO325/JW325 against WMO323/JW323, GDS802 against GDS801, BM802 against BM801)
gives the same shape: the message's state, the codes on its top classes, a group per client /
verzekerde (BM: the whole order) with its lines (prestaties, payment orders), each with a state,
its retourcodes with their meaning, and amounts that reconcile::

    submitted = granted + rejected + not assessed

per line, per group and overall. Amounts are :class:`~decimal.Decimal` euros, signed (debit
positive, credit negative). States are decided top down (message -> declaration -> group ->
line), see :class:`State`.
"""

from __future__ import annotations

import enum
from collections import Counter
from decimal import Decimal

import attrs

from eistandaard.core.money import CENT, Money

__all__ = ["Amounts", "Code", "Explanation", "Group", "Line", "Place", "State", "money"]

JSON_VERSION = 1
"""Version of the JSON shape of an explanation (docs/json-format.md)."""


class State(enum.StrEnum):
    """What an answer says about a message, a group or a line (decided top down)."""

    ACCEPTED = "accepted"
    """Granted as submitted."""
    PARTLY_REJECTED = "partly-rejected"
    """No rejection code of its own, but some of it is rejected (a line: granted less)."""
    REJECTED = "rejected"
    """A rejection code of its own (or, for a line, the whole amount refused)."""
    NOT_ASSESSED = "not-assessed"
    """A parent class was rejected, or the whole message was refused: nothing here assessed."""
    NOT_ANSWERED = "not-answered"
    """The answer belongs to another request: no states or totals mean anything."""


ZERO = Decimal("0.00")


def money(value: Decimal | int | str) -> Decimal:
    """A signed euro amount with two decimals, never ``-0.00`` (``Money.signed``)."""
    amount = Money.of(Decimal(value).quantize(CENT)).signed
    return amount if amount else ZERO


@attrs.frozen
class Amounts:
    """Signed euro amounts of one line, group or message.

    ``submitted == granted + rejected + not_assessed`` (:attr:`reconciles`).
    """

    submitted: Decimal = attrs.field(default=ZERO, converter=money)
    granted: Decimal = attrs.field(default=ZERO, converter=money)
    rejected: Decimal = attrs.field(default=ZERO, converter=money)
    not_assessed: Decimal = attrs.field(default=ZERO, converter=money)

    @property
    def reconciles(self) -> bool:
        """Whether submitted is the sum of the other three."""
        return self.submitted == self.granted + self.rejected + self.not_assessed

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.submitted + other.submitted,
            self.granted + other.granted,
            self.rejected + other.rejected,
            self.not_assessed + other.not_assessed,
        )


@attrs.frozen
class Code:
    """One retourcode on one class of the answer.

    :param code: the retourcode (WJ001 for iStandaarden, the Vektis list for GDS/BM).
    :param where: the class that carries it (``Header``, ``Client``, ``DebetPrestatie`` ...).
    :param meaning_nl: its Dutch meaning, ``None`` when the list or registry does not know it.
    :param meaning_en: its English meaning, ``None`` when unknown.
    :param betrokken: Vektis betrokken elementen: (Elementnaam, Elementwaarde) pairs.
    :param rejects: whether the code rejects its class (not "no remark", "granted", 0233).
    """

    code: str
    where: str
    meaning_nl: str | None = None
    meaning_en: str | None = None
    betrokken: tuple[tuple[str, str], ...] = ()
    rejects: bool = True

    def meaning(self, lang: str = "nl") -> str | None:
        """The meaning in ``lang`` (``nl`` or ``en``; English falls back to Dutch)."""
        return (self.meaning_en or self.meaning_nl) if lang == "en" else self.meaning_nl


@attrs.frozen
class Place:
    """Where a retourcode sits: the class that carries it and that class instance's identity.

    :param where: the class (``Header``, ``Client``, ``Prestatie``, ``DebetPrestatie`` ...).
    :param key: the identifying value of the class instance (a line's ReferentieNummer, a
        client's BSN); ``None`` for the classes above the groups, of which there is one.
    :param group: for a line, the key of its group (client / verzekerde / order).
    """

    where: str
    key: str | None
    group: str | None = None


@attrs.frozen
class Line:
    """One line of the request (a prestatie, a payment order) and what the answer says of it.

    :param kind: its class (``Prestatie``, ``DebetPrestatie``, ``CreditPrestatie``,
        ``Betaalopdracht``).
    :param key: its identifying value (ReferentieNummer, Betaalopdrachtnummer).
    :param product: its product or prestatie code, when the request has one.
    :param period: its begin and end date (ISO strings; the end may be ``None``).
    """

    kind: str
    key: str | None
    state: State
    codes: tuple[Code, ...]
    amounts: Amounts
    product: str | None = None
    period: tuple[str | None, str | None] | None = None


@attrs.frozen
class Group:
    """One client / verzekerde (BM: the order) with its own codes and its lines."""

    kind: str
    key: str | None
    state: State
    codes: tuple[Code, ...]
    lines: tuple[Line, ...]

    @property
    def amounts(self) -> Amounts:
        """The sums over its lines (they reconcile when every line does)."""
        total = Amounts()
        for line in self.lines:
            total = total + line.amounts
        return total


@attrs.frozen
class Explanation:
    """An answer explained against its request, the same for every family.

    :param family: the catalog family of the request (``iwmo``, ``ijw``, ``gds``, ``bm``).
    :param convention: ``istandaarden`` (IV028/IV087) or ``vektis`` (STB 5.3-5.8).
    :param responder: who answered: ``receiver`` or ``vecozo``.
    :param outcome: the message as a whole, top down: ``technical-rejection`` (0001),
        ``header-rejected``, ``declaration-rejected``, ``partly-rejected``, ``fully-accepted``,
        ``not-forwarded`` (VECOZO rejected something), ``forwarded`` (VECOZO rejected nothing)
        or ``not-answered``.
    :param state: the :class:`State` of the message.
    :param top_codes: the codes on the classes above the groups (Header, DeclaratieAntwoord,
        DeclaratieContext, Overzicht).
    :param totals: the overall amounts; ``None`` when not answered.
    :param problems: why the answer does not fit its request (empty: consistent).
    :param technical_reasons: for a technical rejection (0001), the rules the request fails at
        level 3 on the answer's date.
    :param reasons_sought: whether the request was validated again to find those rules (then
        empty ``technical_reasons`` of a 0001 answer mean: no rule of eistandaard rejects it).
    """

    family: str
    convention: str
    request_message: str
    answer_message: str
    responder: str
    outcome: str
    state: State
    top_codes: tuple[Code, ...]
    groups: tuple[Group, ...]
    totals: Amounts | None
    problems: tuple[str, ...] = ()
    technical_reasons: tuple[str, ...] = ()
    reasons_sought: bool = False
    request_reference: str | None = None
    answer_reference: str | None = None
    answer_unreadable: bool = False
    """``not-answered`` because the answer fails its own XSD and cannot be read (a Vektis typed
    model lacks the element), not because it belongs to another request: the summary says so.
    Not a field of the JSON, whose ``problems`` name the schema error."""

    @property
    def consistent(self) -> bool:
        """True when the answer fits its request and the return rules."""
        return not self.problems

    @property
    def answers_request(self) -> bool:
        """False when the answer belongs to another request (only the mismatch counts)."""
        return self.state is not State.NOT_ANSWERED

    def lines(self) -> list[Line]:
        """Every line of every group, in request order."""
        return [line for group in self.groups for line in group.lines]

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of groups and lines per state: ``{"groups": {...}, "lines": {...}}``."""
        groups = Counter(g.state.value for g in self.groups)
        lines = Counter(line.state.value for line in self.lines())
        return {"groups": dict(sorted(groups.items())), "lines": dict(sorted(lines.items()))}

    def tally(self) -> list[tuple[Code, int]]:
        """Each retourcode of the answer once (with its meaning) and how often it occurs."""
        found: dict[str, tuple[Code, int]] = {}
        every = [
            *self.top_codes,
            *(c for g in self.groups for c in g.codes),
            *(c for line in self.lines() for c in line.codes),
        ]
        for code in every:
            first, count = found.get(code.code, (code, 0))
            found[code.code] = (first, count + 1)
        return [found[key] for key in sorted(found)]

    def places(self) -> dict[str, list[Place]]:
        """Per retourcode, every class instance that carries it, in the order of the answer.

        The classes above the groups first (Header, DeclaratieAntwoord ...), then each group and
        its lines in request order: where :meth:`tally` counts a code, this says where it is.
        """
        found: dict[str, list[Place]] = {}
        for code in self.top_codes:
            found.setdefault(code.code, []).append(Place(code.where, None))
        for group in self.groups:
            for code in group.codes:
                found.setdefault(code.code, []).append(Place(code.where, group.key))
            for line in group.lines:
                for code in line.codes:
                    found.setdefault(code.code, []).append(Place(code.where, line.key, group.key))
        return found

    def reconciles(self) -> bool:
        """Whether the overall totals and every group's and line's amounts reconcile."""
        if self.totals is None:
            return True
        return self.totals.reconciles and all(line.amounts.reconciles for line in self.lines())
