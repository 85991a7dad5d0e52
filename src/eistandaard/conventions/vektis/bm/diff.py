"""Explain a BM802 against its BM801: per payment order accepted, rejected or not checked.

* **rejected**: the Betaalopdracht, one of its specifications or its Bankgegevens carries a
  retourcode; the codes and betrokken elementen are listed per class.
* **not checked**: Header or Overzicht carry a retourcode, so nothing below was checked (STB 5.5).
* **accepted**: otherwise (the return leaves accepted payment orders out).
* **unknown**: the BM802 names a payment order the BM801 does not have.

The totals compare TotaalBedragDC (requested) with TotaalToegekendBedragDC (granted).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
from lxml import etree

from eistandaard.answers.pairing import pair
from eistandaard.conventions.vektis.amounts import amount_text, unreconciled
from eistandaard.conventions.vektis.feedback import Feedback, feedback_in
from eistandaard.conventions.vektis.header import PARTIES, party_problems
from eistandaard.conventions.vektis.request import message_root
from eistandaard.conventions.vektis.roles import Role
from eistandaard.conventions.vektis.views import feedback_of, money, text
from eistandaard.core.xml import child, children, value_of
from eistandaard.models.bm import BM801, BM802, parse_bm801, parse_bm802
from eistandaard.standards.classmodel import MessageModel, class_model
from eistandaard.standards.wording import worded

__all__ = ["BMDiff", "OpdrachtOutcome", "diff_bm"]


@attrs.frozen
class OpdrachtOutcome:
    """What the return says about one payment order (a view of one paired class instance)."""

    betaalopdrachtnummer: str
    status: str
    """``accepted``, ``rejected``, ``not-checked`` or ``unknown``."""
    requested: Decimal | None
    feedback: tuple[tuple[str, Feedback], ...] = ()
    """(class path, Feedback) pairs: ``Betaalopdracht``, ``Betaalopdrachtspecificatie 2``, ..."""


@attrs.frozen
class BMDiff:
    """The comparison of a BM801 and its BM802: the Vektis policy's view of the one pairing.

    Built by :func:`diff_bm` from :func:`eistandaard.answers.pairing.pair` and the BM policy
    (the short circuit on Header/Overzicht, VECOZO's role, the amounts); kept for callers of
    ``eistandaard.bm.diff_bm``.
    """

    header_feedback: tuple[Feedback, ...]
    overzicht_feedback: tuple[Feedback, ...]
    opdrachten: tuple[OpdrachtOutcome, ...]
    requested: Decimal
    granted: Decimal
    same_reference: bool
    responder_role: str
    path_problems: tuple[str, ...] = ()
    """Identifying paths the BM802 cannot be read by (a number naming several orders)."""
    party_problems: tuple[str, ...] = ()
    """Why the BM802's Verzender/Ontvanger are not the BM801's turned round (``party_problems``
    of ``conventions/vektis/header.py``, as for a GDS802)."""
    answered_total: Decimal | None = None
    """TotaalBedragDC of the BM802's Overzicht: the requested total it copies from its BM801
    (``None``: read as the BM801's)."""

    @property
    def same_total(self) -> bool:
        """Whether the BM802 copies this BM801's TotaalBedragDC (else it answers another BM801)."""
        return self.answered_total is None or self.answered_total == self.requested

    @property
    def mismatch(self) -> tuple[str, ...]:
        """Why the BM802 answers another BM801: another Referentienummer, another copied total."""
        found: list[str] = []
        if not self.same_reference:
            found.append(worded("bm-reference"))
        if not self.same_total:
            found.append(
                worded(
                    "bm-total-differs",
                    got=amount_text(self.answered_total),
                    wanted=amount_text(self.requested),
                )
            )
        return tuple(found)

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the BM802 does not answer the BM801 consistently (empty when it does).

        For an answer of another BM801 (:attr:`mismatch`) the amounts are not compared with
        this BM801's (granted against requested, the totals' reconciliation).
        """
        found: list[str] = [*self.mismatch, *self.party_problems, *self.path_problems]
        for outcome in self.opdrachten:
            if outcome.status == "unknown":
                found.append(worded("bm-unknown-order", number=outcome.betaalopdrachtnummer))
        rejected_anything = bool(
            self.header_feedback
            or self.overzicht_feedback
            or any(o.status == "rejected" for o in self.opdrachten)
        )
        if self.responder_role == Role.VECOZO and rejected_anything and self.granted != 0:
            found.append(worded("bm-vecozo-granted"))
        if self.mismatch:
            return tuple(found)
        if not rejected_anything and self.granted != self.requested:
            found.append(worded("bm-granted-differs"))
        if not self.short_circuit and self.responder_role != Role.VECOZO:
            problem = unreconciled("bm-totals-reconcile", self.totals())
            if problem is not None:
                found.append(problem)
        return tuple(found)

    @property
    def answers_request(self) -> bool:
        """False when the BM802 answers another BM801 (then only the mismatch is shown).

        Another Referentienummer, or the same one with another TotaalBedragDC (the BM802
        copies the BM801's requested total): it was built from another BM801.
        """
        return not self.mismatch

    @property
    def short_circuit(self) -> bool:
        """Whether Header or Overzicht were rejected (nothing below was checked)."""
        return bool(self.header_feedback or self.overzicht_feedback)

    def totals(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """(requested, granted, rejected, not assessed), signed amounts.

        Requested = granted + rejected + not assessed. A rejected Header or Overzicht leaves the
        whole order not assessed; VECOZO grants nothing and forwards nothing of an order it
        rejects, so what it did not reject is not assessed; at the CAK the rejected payment
        orders are rejected and the granted total is TotaalToegekendBedragDC.
        """
        if self.short_circuit:
            return self.requested, Decimal(0), Decimal(0), self.requested
        rejected = sum(
            (o.requested or Decimal(0) for o in self.opdrachten if o.status == "rejected"),
            Decimal(0),
        )
        if self.responder_role == Role.VECOZO:
            return self.requested, Decimal(0), rejected, self.requested - rejected
        return self.requested, self.granted, rejected, Decimal(0)

    @property
    def consistent(self) -> bool:
        """True when :attr:`problems` is empty."""
        return not self.problems

    @property
    def fully_accepted(self) -> bool:
        """True when nothing was rejected and the whole amount was granted."""
        return (
            all(o.status == "accepted" for o in self.opdrachten) and self.granted == self.requested
        )


def diff_bm(
    request: bytes | Path | etree._Element | BM801, answer: bytes | Path | etree._Element | BM802
) -> BMDiff:
    """Compare a BM801 with the BM802 that answers it: a view of the one pairing.

    The payment orders are paired by :func:`eistandaard.answers.pairing.pair` over the class
    model (``rbc/bm/2.0/classes.toml``: Betaalopdracht by its identifying Betaalopdrachtnummer,
    in document order); :class:`BMDiff` is the Vektis policy's view of that pairing (the short
    circuit on Header/Overzicht, the amounts, VECOZO's role).

    :param request: the BM801 as bytes, a file path, a parsed root or its model
        (``models.bm20.BM801``); bytes and paths pass the level-1 intake first. A message that
        breaks a facet of its schema (a pattern, a length) is still explained.
    :param answer: the BM802, likewise.
    :raises InputError: either message cannot be read (``UnreadableError``) or does not fit
        the model (an unknown or missing element, a value of another type).
    """
    heen_root = message_root(request)
    heen = request if isinstance(request, BM801) else parse_bm801(heen_root, check_schema=False)
    retour_root = message_root(answer)
    retour = answer if isinstance(answer, BM802) else parse_bm802(retour_root, check_schema=False)
    model = _model()
    paired = pair(heen_root, retour_root, model, labels=(model.fields["amount_class"],))
    ambiguous = tuple(
        worded("bm-ambiguous", number=found.key, wanted=found.requested, got=found.returned)
        for found in paired.ambiguous
    )
    header_feedback = feedback_of(retour.header)
    overzicht_feedback = feedback_of(retour.overzicht)
    short_circuit = bool(header_feedback or overzicht_feedback)
    outcomes: list[OpdrachtOutcome] = []
    for opdracht, instance in zip(heen.betaalopdracht, paired.below(None, _ORDER), strict=True):
        amount = _signed(opdracht.bedrag_dc)
        found = paired.answer_of(instance)
        if short_circuit:
            outcomes.append(OpdrachtOutcome(instance.key or "", "not-checked", amount))
        elif found is None:
            outcomes.append(OpdrachtOutcome(instance.key or "", "accepted", amount))
        else:
            outcomes.append(
                OpdrachtOutcome(instance.key or "", "rejected", amount, _returned(found.element))
            )
    for extra in paired.added_below(None):
        if extra.label == _ORDER:
            feedback = tuple((_ORDER, f) for f in feedback_in(extra.element))
            outcomes.append(OpdrachtOutcome(extra.key or "", "unknown", None, feedback))
    return BMDiff(
        header_feedback=header_feedback,
        overzicht_feedback=overzicht_feedback,
        opdrachten=tuple(outcomes),
        requested=_signed(heen.overzicht.totaal_bedrag_dc),
        granted=_signed(retour.overzicht.totaal_toegekend_bedrag_dc),
        same_reference=text(heen.header, "Referentienummer")
        == text(retour.header, "Referentienummer"),
        responder_role=text(retour.header, "VerzenderRol") or "",
        path_problems=ambiguous,
        party_problems=tuple(
            party_problems(
                {name: text(heen.header, name) for name in PARTIES},
                {name: text(retour.header, name) for name in PARTIES},
                "BM801",
            )
        ),
        answered_total=_signed(retour.overzicht.totaal_bedrag_dc),
    )


_ORDER = "Betaalopdracht"
"""The class the BM pays by (the class model's ``amount_class``)."""


def _model() -> MessageModel:
    return class_model("bm", "2.0").message("BM801")


def _signed(amount: object) -> Decimal:
    """A generated BedragDC as a signed amount (credit negative)."""
    found = money(amount)
    return found.signed if found is not None else Decimal(0)


def _returned(found: etree._Element) -> tuple[tuple[str, Feedback], ...]:
    """(class path, Feedback) of a returned Betaalopdracht (its element in the BM802).

    Its own, then its specifications' (``Betaalopdrachtspecificatie 2``), then its Bankgegevens'.
    """
    pairs = [(_ORDER, f) for f in feedback_in(found)]
    for spec in children(found, "Betaalopdrachtspecificatie"):
        nummer = value_of(child(spec, "Specificatienummer")).strip()
        where = "Betaalopdrachtspecificatie" + (f" {nummer}" if nummer else "")
        pairs += [(where, f) for f in feedback_in(spec)]
    for bank in children(found, "Bankgegevens"):
        pairs += [("Bankgegevens", f) for f in feedback_in(bank)]
    return tuple(pairs)
