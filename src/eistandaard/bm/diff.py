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

from eistandaard.bm.model import BM801, BM802, ReturnedOpdracht, parse_bm801, parse_bm802
from eistandaard.vektis.amounts import format_amount
from eistandaard.vektis.feedback import Feedback
from eistandaard.vektis.roles import Role

__all__ = ["BMDiff", "OpdrachtOutcome", "diff_bm"]


@attrs.frozen
class OpdrachtOutcome:
    """What the return says about one payment order."""

    betaalopdrachtnummer: str
    status: str
    """``accepted``, ``rejected``, ``not-checked`` or ``unknown``."""
    requested: Decimal | None
    feedback: tuple[tuple[str, Feedback], ...] = ()
    """(class path, Feedback) pairs: ``Betaalopdracht``, ``Betaalopdrachtspecificatie 2``, ..."""


@attrs.frozen
class BMDiff:
    """The comparison of a BM801 and its BM802."""

    header_feedback: tuple[Feedback, ...]
    overzicht_feedback: tuple[Feedback, ...]
    opdrachten: tuple[OpdrachtOutcome, ...]
    requested: Decimal
    granted: Decimal
    same_reference: bool
    responder_role: str
    path_problems: tuple[str, ...] = ()
    """Identifying paths the BM802 cannot be read by (a number naming several orders)."""

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the BM802 does not answer the BM801 consistently (empty when it does)."""
        found: list[str] = list(self.path_problems)
        if not self.same_reference:
            found.append("the Referentienummer of the BM802 is not the BM801's")
        for outcome in self.opdrachten:
            if outcome.status == "unknown":
                found.append(
                    f"Betaalopdracht {outcome.betaalopdrachtnummer} is returned but not requested"
                )
        rejected_anything = bool(
            self.header_feedback
            or self.overzicht_feedback
            or any(o.status == "rejected" for o in self.opdrachten)
        )
        if self.responder_role == Role.VECOZO and rejected_anything and self.granted != 0:
            found.append("VECOZO rejected the order but the granted total is not 0.00")
        if not rejected_anything and self.granted != self.requested:
            found.append("nothing was rejected but the granted total differs from the requested")
        if self.same_reference and not self.short_circuit and self.responder_role != Role.VECOZO:
            submitted, granted, rejected, not_assessed = self.totals()
            if submitted != granted + rejected + not_assessed:
                found.append(
                    f"totals do not reconcile: requested {_money(submitted)} is not granted "
                    f"{_money(granted)} + rejected {_money(rejected)} + not assessed "
                    f"{_money(not_assessed)}"
                )
        return tuple(found)

    @property
    def answers_request(self) -> bool:
        """False when the BM802 answers another BM801 (then only the mismatch is shown)."""
        return self.same_reference

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


def diff_bm(request: bytes | Path | BM801, answer: bytes | Path | BM802) -> BMDiff:
    """Compare a BM801 with the BM802 that answers it.

    :param request: the BM801 as bytes, a file path or its model; bytes and paths pass the
        level-1 intake first.
    :param answer: the BM802, likewise.
    :raises InputError: either message cannot be read (``UnreadableError``) or lacks a
        mandatory element.
    """
    heen = request if isinstance(request, BM801) else parse_bm801(request)
    retour = answer if isinstance(answer, BM802) else parse_bm802(answer)
    # Matched by identifying path (Betaalopdrachtnummer) in document order; a number that names
    # several payment orders of which only some are returned cannot be read.
    returned: dict[str, list[ReturnedOpdracht]] = {}
    for back in retour.opdrachten:
        returned.setdefault(back.betaalopdrachtnummer, []).append(back)
    requested: dict[str, int] = {}
    for opdracht in heen.opdrachten:
        requested[opdracht.betaalopdrachtnummer] = (
            requested.get(opdracht.betaalopdrachtnummer, 0) + 1
        )
    ambiguous = tuple(
        f"Betaalopdrachtnummer {number} names {requested[number]} payment orders of the BM801 "
        f"but {len(backs)} are returned, so the BM802 cannot say which"
        for number, backs in returned.items()
        if 1 < requested.get(number, 0) != len(backs)
    )
    short_circuit = bool(retour.header_feedback or retour.overzicht_feedback)
    outcomes: list[OpdrachtOutcome] = []
    for opdracht in heen.opdrachten:
        number = opdracht.betaalopdrachtnummer
        queue = returned.get(number)
        found = queue.pop(0) if queue else None
        if short_circuit:
            outcomes.append(OpdrachtOutcome(number, "not-checked", opdracht.bedrag.signed))
        elif found is None:
            outcomes.append(OpdrachtOutcome(number, "accepted", opdracht.bedrag.signed))
        else:
            pairs = [("Betaalopdracht", f) for f in found.feedback]
            for part in found.parts:
                where = part.klasse + (f" {part.nummer}" if part.nummer else "")
                pairs += [(where, f) for f in part.feedback]
            outcomes.append(
                OpdrachtOutcome(number, "rejected", opdracht.bedrag.signed, tuple(pairs))
            )
    for number, left in returned.items():
        for found in left:
            extra = tuple(("Betaalopdracht", f) for f in found.feedback)
            outcomes.append(OpdrachtOutcome(number, "unknown", None, extra))
    return BMDiff(
        header_feedback=retour.header_feedback,
        overzicht_feedback=retour.overzicht_feedback,
        opdrachten=tuple(outcomes),
        requested=heen.totaal.signed,
        granted=retour.toegekend.signed,
        same_reference=heen.header.referentienummer == retour.header.referentienummer,
        responder_role=retour.header.verzender_rol,
        path_problems=ambiguous,
    )


def _money(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{format_amount(abs(value))} {'C' if value < 0 else 'D'}"
