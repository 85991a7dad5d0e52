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

from eistandaard.bm.model import BM801, BM802, parse_bm801, parse_bm802
from eistandaard.vektis.amounts import format_amount
from eistandaard.vektis.feedback import Feedback
from eistandaard.vektis.roles import Role

__all__ = ["BMDiff", "OpdrachtOutcome", "diff_bm", "render_diff"]


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

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the BM802 does not answer the BM801 consistently (empty when it does)."""
        found: list[str] = []
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
        return tuple(found)

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
    returned = {o.betaalopdrachtnummer: o for o in retour.opdrachten}
    short_circuit = bool(retour.header_feedback or retour.overzicht_feedback)
    outcomes: list[OpdrachtOutcome] = []
    for opdracht in heen.opdrachten:
        number = opdracht.betaalopdrachtnummer
        found = returned.pop(number, None)
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
    for number, found in returned.items():
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
    )


def _feedback_text(feedback: Feedback) -> str:
    pairs = ", ".join(f"{b.elementnaam}={b.elementwaarde}" for b in feedback.betrokken)
    return feedback.retourcode + (f" ({pairs})" if pairs else "")


def _money(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{format_amount(abs(value))} {'C' if value < 0 else 'D'}"


def render_diff(diff: BMDiff) -> str:
    """A plain-text explanation of a :class:`BMDiff`, one payment order per line."""
    lines = [f"answered by role {diff.responder_role}"]
    if not diff.same_reference:
        lines.append("warning: the Referentienummer of the BM802 is not the BM801's")
    for label, items in (("Header", diff.header_feedback), ("Overzicht", diff.overzicht_feedback)):
        for item in items:
            lines.append(f"{label}: rejected {_feedback_text(item)}")
    for outcome in diff.opdrachten:
        line = f"Betaalopdracht {outcome.betaalopdrachtnummer}: {outcome.status}"
        line += f", requested {_money(outcome.requested)}"
        lines.append(line)
        for where, item in outcome.feedback:
            lines.append(f"  {where}: {_feedback_text(item)}")
    lines.append(f"requested total {_money(diff.requested)}, granted {_money(diff.granted)}")
    lines.extend(f"inconsistent: {problem}" for problem in diff.problems)
    lines.append("consistent" if diff.consistent else "NOT consistent")
    return "\n".join(lines)
