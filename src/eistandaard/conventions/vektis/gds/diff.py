"""Explain a GDS802 against its GDS801: per verzekerde and prestatie the outcome.

For each prestatie of the GDS801: ``accepted``, ``rejected`` (with the retourcodes, their meaning
and the betrokken elementen, from the prestatie, its subclasses or its Verzekerde),
``not-checked`` (the Header, DeclaratieContext or Overzicht was rejected, so nothing below was
checked) or, for a prestatie only the GDS802 names, ``unknown``. Declared and granted amounts
(financial and non-financial) are listed with the totals.

:attr:`GDSDiff.problems` lists where the GDS802 does not fit its GDS801 or the return rules
(reference, roles, the short circuit, unknown classes, VECOZO's zero amounts, totals); an
empty list means the pair is consistent.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import attrs
from lxml import etree

from eistandaard.answers.pairing import Instance, Pairing, pair
from eistandaard.conventions.vektis.amounts import unreconciled
from eistandaard.conventions.vektis.feedback import (
    FEEDBACK,
    Feedback,
    feedback_in,
    feedback_paths_in,
)
from eistandaard.conventions.vektis.gds.returns import release_of
from eistandaard.conventions.vektis.header import PARTIES, party_problems
from eistandaard.conventions.vektis.request import message_root
from eistandaard.conventions.vektis.roles import Role
from eistandaard.conventions.vektis.views import element, feedback_of, money, text
from eistandaard.core.errors import DataError
from eistandaard.core.money import Money
from eistandaard.core.xml import child, elements, local_name, value_of
from eistandaard.levels.intake import read_document
from eistandaard.models import gds10, gds20
from eistandaard.models.gds import parse_gds802
from eistandaard.standards.classmodel import MessageModel, class_model
from eistandaard.standards.registry import load_registry
from eistandaard.standards.wording import worded

__all__ = ["GDSDiff", "PrestatieOutcome", "diff_gds", "meaning"]


@attrs.frozen
class PrestatieOutcome:
    """What the GDS802 says about one prestatie (a view of one paired class instance)."""

    verzekerde: str
    referentienummer: str
    kind: str
    """``debet`` or ``credit``."""
    status: str
    """``accepted``, ``rejected``, ``not-checked`` or ``unknown``."""
    declared: Decimal | None
    granted: Decimal | None = None
    granted_niet_financieel: Decimal | None = None
    feedback: tuple[tuple[str, Feedback], ...] = ()
    """(class path, Feedback), the prestatie's own and its Verzekerde's."""


@attrs.frozen
class GDSDiff:
    """The comparison of a GDS801 with its GDS802: the Vektis policy's view of the one pairing.

    Built by :func:`diff_gds` from :func:`eistandaard.answers.pairing.pair` (which prestatie
    answers which, what is missing or added) and the GDS policy (the short circuit, VECOZO's
    role, the amounts); kept for callers of ``eistandaard.gds.diff_gds``.
    """

    responder_role: str
    top_feedback: tuple[tuple[str, Feedback], ...]
    prestaties: tuple[PrestatieOutcome, ...]
    declared_total: Decimal
    granted_total: Decimal | None
    granted_total_niet_financieel: Decimal | None
    problems: tuple[str, ...]
    release: str = "1.0"
    """The GDS release of the GDS801 (its texts explain the retourcodes)."""
    answers_request: bool = True
    """False when the GDS802 answers another GDS801 (Referentienummer, Factuurnummer): then
    only the mismatch means anything, no per-prestatie outcome or total."""
    mismatch: tuple[str, ...] = ()
    """The problems that say the GDS802 answers another GDS801 (another Berichtcode,
    Referentienummer, Factuurnummer or copied TotaalDeclaratiebedragInclBtw): a typed fact,
    ``answers_request`` is ``not mismatch``."""

    @property
    def consistent(self) -> bool:
        """True when the GDS802 fits its GDS801 and the return rules."""
        return not self.problems

    @property
    def vecozo(self) -> bool:
        """Whether VECOZO (role 6) answered: it forwards nothing of a message it rejects."""
        return self.responder_role == Role.VECOZO

    @property
    def short_circuit(self) -> bool:
        """Whether Header, DeclaratieContext or Overzicht were rejected (nothing below checked)."""
        return bool(self.top_feedback)

    def split(self, outcome: PrestatieOutcome) -> tuple[Decimal, Decimal, Decimal]:
        """(granted, rejected, not assessed) of one prestatie, signed (credit negative).

        Declared = granted + rejected + not assessed. Not assessed: nothing below a rejected
        Header/DeclaratieContext/Overzicht was checked, and VECOZO forwards nothing of a message
        it rejects (so what it did not reject is not assessed by the insurer either).
        """
        sign = -1 if outcome.kind == "credit" else 1
        declared = outcome.declared or Decimal(0)
        if outcome.status in ("not-checked", "unknown") or self.short_circuit:
            return Decimal(0), Decimal(0), sign * declared
        if self.vecozo:
            if outcome.status == "rejected":
                return Decimal(0), sign * declared, Decimal(0)
            return Decimal(0), Decimal(0), sign * declared
        granted = (outcome.granted or Decimal(0)) + (outcome.granted_niet_financieel or 0)
        return sign * granted, sign * (declared - granted), Decimal(0)

    def totals(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """(submitted, granted, rejected, not assessed), signed; submitted is the Overzicht's.

        A rejected Header/DeclaratieContext/Overzicht leaves the whole declared total not
        assessed; otherwise the figures are the sums of :meth:`split` over the prestaties.
        """
        if self.short_circuit:
            return self.declared_total, Decimal(0), Decimal(0), self.declared_total
        granted = rejected = not_assessed = Decimal(0)
        for outcome in self.prestaties:
            if outcome.status == "unknown":
                continue
            g, r, n = self.split(outcome)
            granted, rejected, not_assessed = granted + g, rejected + r, not_assessed + n
        return self.declared_total, granted, rejected, not_assessed


@cache
def _meanings(release: str) -> dict[str, str]:
    try:
        registry = load_registry("gds", release)
    except DataError:
        return {}
    found: dict[str, str] = {}
    for rule in registry.values():
        if rule.retourcode and rule.retourcode not in found:
            found[rule.retourcode] = rule.text_nl
    return found


def meaning(retourcode: str, release: str = "1.0") -> str:
    """The Dutch text of the first rule with ``retourcode`` (empty when unknown)."""
    return _meanings(release).get(retourcode, "")


GDS802 = gds10.GDS802 | gds20.GDS802
"""The generated model of a GDS802 of either release."""


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    """The first child ``name`` in any namespace (lxml iterates in C: 20,000 prestaties)."""
    return None if parent is None else next(parent.iterchildren("{*}" + name), None)


def _text(parent: etree._Element | None, name: str) -> str | None:
    found = _child(parent, name)
    if found is None:
        return None
    return value_of(found) if len(found) else (found.text or "")  # why: a leaf is its text


def _label(values: dict[str, str | None]) -> str:
    return ", ".join(f"{k} {v}" for k, v in values.items() if v) or "(no identification)"


def _root(source: bytes | Path | etree._Element, what: str) -> etree._Element:
    """The root of ``source``; bytes and paths pass the level-1 intake (a FIFO is refused)."""
    if isinstance(source, etree._Element):
        return source
    return read_document(source, what=what).getroot()


def _amount(value: str | None) -> Decimal:
    try:
        return Decimal(value or "0")
    except ArithmeticError:
        return Decimal(0)


def diff_gds(
    request: bytes | Path | etree._Element, answer: bytes | Path | etree._Element | GDS802
) -> GDSDiff:
    """Compare a GDS801 with the GDS802 that answers it: a view of the one pairing.

    Returned classes are paired with the request's by :func:`eistandaard.answers.pairing.pair`
    over the class model (``rbc/gds/<release>/classes.toml``): the Verzekerde by its
    identifying elements, then the prestatie's class (DebetPrestatie or CreditPrestatie, below
    the ``container`` Prestatie) and its Referentienummer, in document order; a path that
    names several classes of the request of which only some are returned cannot be read and is
    a problem. :class:`GDSDiff` is the Vektis policy's view of that pairing.

    The GDS802 is read into its generated model (:func:`eistandaard.models.gds.parse_gds802`)
    without the schema check: an answer that breaks a facet (a pattern, a length) is still
    explained; one that does not fit the model (an unknown or missing element, a value of
    another type) cannot be.

    :raises InputError: when either message cannot be read.
    """
    heen = _root(request, "the GDS801")
    release = release_of(heen)
    answer_root = message_root(answer)
    if isinstance(answer, gds10.GDS802 | gds20.GDS802):
        retour = answer
    else:
        retour = parse_gds802(answer_root, check_schema=False)
    problems: list[str] = []
    mismatch: list[str] = []
    _check_header(child(heen, "Header"), retour, problems, mismatch)
    vecozo = retour.header.verzender_rol.strip() == Role.VECOZO
    top = _top_feedback(retour)
    if top and retour.verzekerde:
        problems.append(worded("gds-top-rejected-with-verzekerden"))
    declared_total = _check_context(heen, retour, problems, mismatch)
    model = class_model("gds", release).message("GDS801")
    # An insurer returns every Verzekerde and prestatie it assessed (docs/standards/gds.md), the
    # children of a rejected class aside; VECOZO returns only what it rejects. A class of the
    # GDS801 the insurer's answer lacks is named (its line would read "rejected" without a code).
    walk = _Walk(
        pair(heen, answer_root, model, labels=_LINES),
        model,
        problems,
        every_one=not vecozo and not top and not mismatch,
        vecozo=vecozo,
        short_circuit=bool(top),
    )
    outcomes = walk.outcomes()
    back_overzicht = retour.overzicht
    fin = money(back_overzicht.totaal_toegekend_bedrag_incl_btw_financieel)
    niet = money(back_overzicht.totaal_toegekend_bedrag_incl_btw_niet_financieel)
    granted = fin.signed if fin else None
    granted_niet = niet.signed if niet else None
    fin_sum, niet_sum = _granted_sums(walk.paired)
    _check_totals(vecozo, bool(top), granted, granted_niet, fin_sum, niet_sum, problems)
    answered = not mismatch
    result = GDSDiff(
        responder_role=retour.header.verzender_rol.strip(),
        top_feedback=tuple(top),
        prestaties=tuple(outcomes),
        declared_total=declared_total.signed,
        granted_total=granted,
        granted_total_niet_financieel=granted_niet,
        problems=tuple(problems),
        release=release,
        answers_request=answered,
        mismatch=tuple(mismatch),
    )
    problem = unreconciled("gds-totals-reconcile", result.totals()) if answered else None
    if problem is not None:
        problems.append(problem)
        result = attrs.evolve(result, problems=tuple(problems))
    return result


def _top_feedback(retour: GDS802) -> list[tuple[str, Feedback]]:
    """(class, Feedback) of the classes above the Verzekerden: any of it is the short circuit.

    The Header, DeclaratieContext (its Declarant and Zorgaanbieder), Overzicht and its
    TotaalDeclaratiebedragInclBtw, in that order.
    """
    back_context, back_overzicht = retour.declaratie_context, retour.overzicht
    top = [("Header", f) for f in feedback_of(retour.header)]
    top += [("DeclaratieContext", f) for f in feedback_of(back_context)]
    for name in ("Declarant", "Zorgaanbieder"):
        top += [(name, f) for f in feedback_of(element(back_context, name))]
    top += [("Overzicht", f) for f in feedback_of(back_overzicht)]
    top += [
        ("TotaalDeclaratiebedragInclBtw", f)
        for f in feedback_of(back_overzicht.totaal_declaratiebedrag_incl_btw)
    ]
    return top


def _check_context(
    heen: etree._Element, retour: GDS802, problems: list[str], mismatch: list[str]
) -> Money:
    """The GDS801's declared total; a copied Factuurnummer or total that differs is a mismatch.

    Both go in ``problems`` and in ``mismatch`` (the GDS802 answers another GDS801).
    """
    context = child(heen, "DeclaratieContext")
    if _text(context, "Factuurnummer") != text(retour.declaratie_context, "Factuurnummer"):
        mismatch.append(worded("gds-factuurnummer"))
        problems.append(mismatch[-1])
    totaal = child(child(heen, "Overzicht"), "TotaalDeclaratiebedragInclBtw")
    declared_total = Money(
        _amount(_text(totaal, "Bedrag")), _text(totaal, "DebetCreditCode") or "D"
    )
    if declared_total != money(retour.overzicht.totaal_declaratiebedrag_incl_btw):
        mismatch.append(worded("gds-total-differs"))
        problems.append(mismatch[-1])
    return declared_total


def _granted_sums(paired: Pairing) -> tuple[Decimal, Decimal]:
    """(financial, non-financial) granted sums of every prestatie the GDS802 returns, signed.

    The granted totals are the answer's own sums: every prestatie it returns, paired or not
    (an answer of another GDS801 pairs none, yet its totals may well add up).
    """
    fin_sum = niet_sum = Decimal(0)
    for back_line in paired.returned:
        kind = _KINDS.get(back_line.label, "")
        if kind:
            sign = 1 if kind == "debet" else -1
            fin_sum += sign * (_granted(back_line, kind, financieel=True) or 0)
            niet_sum += sign * (_granted(back_line, kind, financieel=False) or 0)
    return fin_sum, niet_sum


@attrs.define
class _Walk:
    """The GDS policy over the pairing: per Verzekerde of the GDS801 its prestaties' outcomes.

    Problems (ambiguous, missing and unknown classes, VECOZO's grants) are added to
    ``problems`` in the order the walk meets them.
    """

    paired: Pairing
    model: MessageModel
    problems: list[str]
    every_one: bool
    """Whether the answer must return every class of the GDS801 (an insurer's, not short
    circuited, answering this GDS801)."""
    vecozo: bool
    short_circuit: bool

    def outcomes(self) -> list[PrestatieOutcome]:
        """The outcome of every prestatie of the GDS801, then of those only the GDS802 names."""
        paired, problems = self.paired, self.problems
        for found in paired.ambiguous_below(None):
            problems.append(
                worded(
                    "gds-ambiguous-verzekerde",
                    label=self._label(found.values),
                    wanted=found.requested,
                    got=found.returned,
                )
            )
        outcomes: list[PrestatieOutcome] = []
        for verzekerde in paired.below(None, _INSURED):
            outcomes += self._verzekerde(verzekerde)
        added = (e.values for e in paired.added_below(None) if e.label == _INSURED)
        for values in dict.fromkeys(added):
            problems.append(worded("gds-unknown-verzekerde", key=self._label(values)))
        return outcomes

    def _label(self, values: tuple[str, ...]) -> str:
        """A Verzekerde named by its identifying elements and their values."""
        ids = self.model.get(_INSURED).identifying
        return _label(dict(zip(ids, values, strict=True)))

    def _verzekerde(self, verzekerde: Instance) -> list[PrestatieOutcome]:
        """The outcomes of one Verzekerde's prestaties, and of those only its answer names."""
        paired, problems = self.paired, self.problems
        label = self._label(verzekerde.values)
        back = paired.answer_of(verzekerde)
        if back is None and self.every_one:
            problems.append(worded("gds-missing-verzekerde", label=label))
        own = [(f"{_INSURED}/{w}" if w != _INSURED else w, f) for w, f in _own(back, self.model)]
        unclear = {(found.label, found.key) for found in paired.ambiguous_below(verzekerde)}
        for found in paired.ambiguous_below(verzekerde):
            problems.append(
                worded(
                    "gds-ambiguous-prestatie",
                    kind=_KINDS[found.label],
                    reference=found.key,
                    label=label,
                    wanted=found.requested,
                    got=found.returned,
                )
            )
        outcomes = [
            self._line(line, label, back, own, unclear) for line in paired.below(verzekerde)
        ]
        for extra in _by_key(paired.added_below(back) if back is not None else ()):
            kind = _KINDS.get(extra.label, "credit")
            outcomes.append(PrestatieOutcome(label, extra.key or "", kind, "unknown", None))
            problems.append(worded("gds-unknown-prestatie", reference=extra.key or ""))
        return outcomes

    def _line(
        self,
        line: Instance,
        label: str,
        back: Instance | None,
        own: list[tuple[str, Feedback]],
        unclear: set[tuple[str, str | None]],
    ) -> PrestatieOutcome:
        """The outcome of one prestatie of the GDS801 (``back``: its returned Verzekerde)."""
        kind = _KINDS.get(line.label, "credit")
        reference = line.key or ""
        declared = _amount(_text(line.element, _DECLARED[kind]))
        returned = self.paired.answer_of(line)
        missing = returned is None and back is not None and self.every_one and not own
        if missing and (line.label, line.key) not in unclear:
            self.problems.append(
                worded(
                    "gds-missing-prestatie",
                    kind=_KINDS[line.label],
                    reference=reference,
                    label=label,
                )
            )
        outcome = _outcome(label, reference, kind, declared, returned, own, self.short_circuit)
        if returned is not None and self.vecozo:
            if outcome.granted or outcome.granted_niet_financieel:
                self.problems.append(worded("gds-vecozo-grants", reference=reference))
            if not outcome.feedback:
                self.problems.append(worded("gds-vecozo-no-feedback", reference=reference))
        return outcome


_INSURED = "Verzekerde"
"""The class a GDS802 groups its prestaties by (the explain view's group)."""

_KINDS = {"DebetPrestatie": "debet", "CreditPrestatie": "credit"}
"""The two prestatie classes (below the ``container`` Prestatie) and their kind."""

_DECLARED = {"debet": "DeclaratieBedragInclBtw", "credit": "ToegekendBedragInclBtwFinancieel"}
"""The declared amount of a prestatie of each kind (a credit declares what was granted)."""

_LINES = tuple(_KINDS)
"""The classes the GDS policy pairs (with the classes above them)."""


def _by_key(added: tuple[Instance, ...] | list[Instance]) -> list[Instance]:
    """Added instances grouped by class and key, in the order the answer first names each."""
    first: dict[tuple[str, str | None], int] = {}
    for n, instance in enumerate(added):
        first.setdefault((instance.label, instance.key), n)
    return sorted(added, key=lambda i: first[(i.label, i.key)])


def _own(back: Instance | None, model: MessageModel) -> list[tuple[str, Feedback]]:
    """Feedback of the returned Verzekerde and of its classes other than the prestaties."""
    if back is None:
        return []
    containers = {c.name for c in model.classes if c.container}
    found = [(_INSURED, f) for f in feedback_in(back.element)]
    for below in elements(back.element):
        name = local_name(below)
        if len(below) and name not in containers and name != FEEDBACK:
            found += feedback_paths_in(below, name)
    return found


def _outcome(
    label: str,
    reference: str,
    kind: str,
    declared: Decimal,
    found: Instance | None,
    own: list[tuple[str, Feedback]],
    short_circuit: bool,
) -> PrestatieOutcome:
    if short_circuit:
        return PrestatieOutcome(label, reference, kind, "not-checked", declared)
    if found is None:
        status = "rejected" if own else "accepted"
        return PrestatieOutcome(label, reference, kind, status, declared, feedback=tuple(own))
    feedback = tuple(own) + tuple(feedback_paths_in(found.element, found.spec.name))
    granted = _granted(found, kind, financieel=True)
    niet = _granted(found, kind, financieel=False)
    status = "rejected" if feedback else "accepted"
    return PrestatieOutcome(label, reference, kind, status, declared, granted, niet, feedback)


def _granted(found: Instance, kind: str, *, financieel: bool) -> Decimal | None:
    """The amount a returned prestatie grants (financial or not), ``None`` when absent."""
    part = "Financieel" if financieel else "NietFinancieel"
    name = (
        f"ToegekendBedragInclBtw{part}"
        if kind == "debet"
        else f"ToegekendCreditBedragInclBtw{part}"
    )
    return _decimal(_child(found.element, name))


def _decimal(found: etree._Element | None) -> Decimal | None:
    """A returned amount (the model check passed, so it is a decimal), ``None`` when absent."""
    if found is None:
        return None
    try:
        return Decimal((value_of(found) if len(found) else (found.text or "")).strip())
    except ArithmeticError:
        return None


def _check_header(
    header: etree._Element | None, retour: GDS802, problems: list[str], mismatch: list[str]
) -> None:
    """The Header's problems, in ``problems``.

    Those that say the GDS802 answers another GDS801 (another Berichtcode or
    Referentienummer) go in ``mismatch`` too.
    """
    back = retour.header
    code = text(back, "Berichtcode")
    if code != "574":
        mismatch.append(worded("gds-berichtcode", code=code))
        problems.append(mismatch[-1])
    if text(back, "Referentienummer") != _text(header, "Referentienummer"):
        mismatch.append(worded("gds-reference"))
        problems.append(mismatch[-1])
    problems.extend(
        party_problems(
            {name: _text(header, name) for name in PARTIES},
            {name: text(back, name) for name in PARTIES},
            "GDS801",
        )
    )


def _check_totals(
    vecozo: bool,
    short_circuit: bool,
    granted: Decimal | None,
    granted_niet: Decimal | None,
    fin_sum: Decimal,
    niet_sum: Decimal,
    problems: list[str],
) -> None:
    if granted is None or granted_niet is None:
        problems.append(worded("gds-no-granted-totals"))
        return
    if vecozo or short_circuit:
        if granted or granted_niet:
            problems.append(worded("gds-granted-not-zero"))
        return
    if granted != fin_sum or granted_niet != niet_sum:
        problems.append(worded("gds-granted-sums"))
