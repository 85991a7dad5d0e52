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
from typing import Any

import attrs
from lxml import etree

from eistandaard.conventions.vektis.feedback import Feedback
from eistandaard.conventions.vektis.gds.returns import release_of
from eistandaard.conventions.vektis.roles import Role
from eistandaard.conventions.vektis.views import (
    classes_of,
    element,
    feedback_of,
    feedback_paths,
    money,
    text,
)
from eistandaard.core.errors import DataError
from eistandaard.core.money import Money
from eistandaard.core.xml import child, children, local_name, value_of
from eistandaard.levels.intake import read_document
from eistandaard.models import gds10, gds20
from eistandaard.models.gds import parse_gds802
from eistandaard.standards.registry import load_registry
from eistandaard.standards.wording import worded

__all__ = ["GDSDiff", "PrestatieOutcome", "diff_gds", "meaning"]

_IDS = ("BSN", "UzoviNummer", "Verzekerdennummer", "PatientIdentificatienummer")


@attrs.frozen
class PrestatieOutcome:
    """What the GDS802 says about one prestatie."""

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
    """The comparison of a GDS801 with its GDS802."""

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


def _text(parent: etree._Element | None, name: str) -> str | None:
    found = child(parent, name)
    return None if found is None else value_of(found)


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
    """Compare a GDS801 with the GDS802 that answers it.

    Returned classes are matched to the request by their identifying path (the Verzekerde's
    identifying elements, then the prestatie's class, DebetPrestatie or CreditPrestatie, and its
    Referentienummer), in document order; a path that names several classes of the request of
    which only some are returned cannot be read and is a problem.

    The GDS802 is read into its generated model (:func:`eistandaard.models.gds.parse_gds802`)
    without the schema check: an answer that breaks a facet (a pattern, a length) is still
    explained; one that does not fit the model (an unknown or missing element, a value of
    another type) cannot be.

    :raises InputError: when either message cannot be read.
    """
    heen = _root(request, "the GDS801")
    release = release_of(heen)
    if isinstance(answer, gds10.GDS802 | gds20.GDS802):
        retour = answer
    else:
        retour = parse_gds802(_root(answer, "the GDS802"), check_schema=False)
    problems: list[str] = []
    header = child(heen, "Header")
    _check_header(header, retour, problems)
    vecozo = retour.header.verzender_rol.strip() == Role.VECOZO
    back_context, back_overzicht = retour.declaratie_context, retour.overzicht
    back_totaal = back_overzicht.totaal_declaratiebedrag_incl_btw
    top = [("Header", f) for f in feedback_of(retour.header)]
    top += [("DeclaratieContext", f) for f in feedback_of(back_context)]
    for name in ("Declarant", "Zorgaanbieder"):
        top += [(name, f) for f in feedback_of(element(back_context, name))]
    top += [("Overzicht", f) for f in feedback_of(back_overzicht)]
    top += [("TotaalDeclaratiebedragInclBtw", f) for f in feedback_of(back_totaal)]
    if top and retour.verzekerde:
        problems.append(worded("gds-top-rejected-with-verzekerden"))
    context = child(heen, "DeclaratieContext")
    if _text(context, "Factuurnummer") != text(back_context, "Factuurnummer"):
        problems.append(worded("gds-factuurnummer"))
    totaal = child(child(heen, "Overzicht"), "TotaalDeclaratiebedragInclBtw")
    declared_total = Money(
        _amount(_text(totaal, "Bedrag")), _text(totaal, "DebetCreditCode") or "D"
    )
    if declared_total != money(back_totaal):
        problems.append(worded("gds-total-differs"))

    returned: dict[tuple[str, ...], list[Any]] = {}
    for back_verzekerde in retour.verzekerde:
        returned.setdefault(_key(back_verzekerde), []).append(back_verzekerde)
    in_request: dict[tuple[str, ...], int] = {}
    for verzekerde in children(heen, "Verzekerde"):
        key = tuple(_text(verzekerde, name) or "" for name in _IDS)
        in_request[key] = in_request.get(key, 0) + 1
    for key, backs in returned.items():
        if 1 < in_request.get(key, 0) != len(backs):
            problems.append(
                worded(
                    "gds-ambiguous-verzekerde",
                    label=_label(dict(zip(_IDS, key, strict=True))),
                    wanted=in_request[key],
                    got=len(backs),
                )
            )
    outcomes: list[PrestatieOutcome] = []
    fin_sum = niet_sum = Decimal(0)
    for verzekerde in children(heen, "Verzekerde"):
        ids = {name: _text(verzekerde, name) for name in _IDS}
        key = tuple(v or "" for v in ids.values())
        label = _label(ids)
        queue = returned.get(key)
        back = queue.pop(0) if queue else None
        own = [(f"Verzekerde/{w}" if w != "Verzekerde" else w, f) for w, f in _own(back)]
        back_prestaties = _returned_prestaties(back)
        _check_paths(verzekerde, back_prestaties, label, problems)
        for prestatie in children(verzekerde, "Prestatie"):
            for line in children(prestatie):
                kind = "debet" if local_name(line) == "DebetPrestatie" else "credit"
                reference = _text(line, "Referentienummer") or ""
                declared = _amount(
                    _text(
                        line,
                        "DeclaratieBedragInclBtw"
                        if kind == "debet"
                        else "ToegekendBedragInclBtwFinancieel",
                    )
                )
                waiting = back_prestaties.get((kind, reference))
                found = (kind, waiting.pop(0)) if waiting else None
                outcome = _outcome(label, reference, kind, declared, found, own, bool(top))
                outcomes.append(outcome)
                if found is not None:
                    sign = 1 if kind == "debet" else -1
                    fin_sum += sign * (outcome.granted or 0)
                    niet_sum += sign * (outcome.granted_niet_financieel or 0)
                    if vecozo and (outcome.granted or outcome.granted_niet_financieel):
                        problems.append(worded("gds-vecozo-grants", reference=reference))
                    if vecozo and not outcome.feedback:
                        problems.append(worded("gds-vecozo-no-feedback", reference=reference))
        for (kind, reference), left in back_prestaties.items():
            for _cls in left:
                outcomes.append(PrestatieOutcome(label, reference, kind, "unknown", None))
                problems.append(worded("gds-unknown-prestatie", reference=reference))
    for key, left_over in returned.items():
        if left_over:
            problems.append(worded("gds-unknown-verzekerde", key=key))
    fin = money(back_overzicht.totaal_toegekend_bedrag_incl_btw_financieel)
    niet = money(back_overzicht.totaal_toegekend_bedrag_incl_btw_niet_financieel)
    granted = fin.signed if fin else None
    granted_niet = niet.signed if niet else None
    _check_totals(vecozo, bool(top), granted, granted_niet, fin_sum, niet_sum, problems)
    answered = not any(p.startswith(_MISMATCH) for p in problems)
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
    )
    submitted, got, rejected, not_assessed = result.totals()
    if answered and submitted != got + rejected + not_assessed:
        problems.append(
            worded(
                "gds-totals-reconcile",
                submitted=_money(submitted),
                granted=_money(got),
                rejected=_money(rejected),
                not_assessed=_money(not_assessed),
            )
        )
        result = attrs.evolve(result, problems=tuple(problems))
    return result


_MISMATCH = (
    "Referentienummer differs",
    "Berichtcode is",
    "Factuurnummer differs",
    "TotaalDeclaratiebedragInclBtw differs",
)
"""Problems that say the GDS802 answers another GDS801 (then no per-line outcome is shown):
another Referentienummer, Berichtcode or Factuurnummer, or another copied
TotaalDeclaratiebedragInclBtw (it was built from another GDS801)."""


def _key(verzekerde: object) -> tuple[str, ...]:
    """The identifying values of a returned Verzekerde (``""`` for an absent one)."""
    return tuple(text(verzekerde, name) or "" for name in _IDS)


def _own(back: object | None) -> list[tuple[str, Feedback]]:
    """Feedback of the Verzekerde and of its classes other than Prestatie."""
    if back is None:
        return []
    found = [("Verzekerde", f) for f in feedback_of(back)]
    for name, below in classes_of(back):
        if name != "Prestatie":
            found += list(feedback_paths(below, name))
    return found


def _returned_prestaties(back: object | None) -> dict[tuple[str, str], list[tuple[str, Any]]]:
    """The returned prestaties by identifying path below the Verzekerde, in document order.

    Each as (element name, DebetPrestatie or CreditPrestatie of the generated GDS802 model).
    """
    found: dict[tuple[str, str], list[tuple[str, Any]]] = {}
    for prestatie in element(back, "Prestatie") or ():
        for name, line in classes_of(prestatie):
            kind = "debet" if name == "DebetPrestatie" else "credit"
            key = (kind, text(line, "Referentienummer") or "")
            found.setdefault(key, []).append((name, line))
    return found


def _check_paths(
    verzekerde: etree._Element,
    back: dict[tuple[str, str], list[tuple[str, Any]]],
    label: str,
    problems: list[str],
) -> None:
    """A problem for each identifying path that names more prestaties than are returned."""
    counts: dict[tuple[str, str], int] = {}
    for prestatie in children(verzekerde, "Prestatie"):
        for line in children(prestatie):
            kind = "debet" if local_name(line) == "DebetPrestatie" else "credit"
            path = (kind, _text(line, "Referentienummer") or "")
            counts[path] = counts.get(path, 0) + 1
    for (kind, reference), returned in back.items():
        if 1 < counts.get((kind, reference), 0) != len(returned):
            problems.append(
                worded(
                    "gds-ambiguous-prestatie",
                    kind=kind,
                    reference=reference,
                    label=label,
                    wanted=counts[(kind, reference)],
                    got=len(returned),
                )
            )


def _outcome(
    label: str,
    reference: str,
    kind: str,
    declared: Decimal,
    found: tuple[str, tuple[str, Any]] | None,
    own: list[tuple[str, Feedback]],
    short_circuit: bool,
) -> PrestatieOutcome:
    if short_circuit:
        return PrestatieOutcome(label, reference, kind, "not-checked", declared)
    if found is None:
        status = "rejected" if own else "accepted"
        return PrestatieOutcome(label, reference, kind, status, declared, feedback=tuple(own))
    name, cls = found[1]
    feedback = tuple(own) + tuple(feedback_paths(cls, name))
    if kind == "debet":
        granted = element(cls, "ToegekendBedragInclBtwFinancieel")
        niet = element(cls, "ToegekendBedragInclBtwNietFinancieel")
    else:
        granted = element(cls, "ToegekendCreditBedragInclBtwFinancieel")
        niet = element(cls, "ToegekendCreditBedragInclBtwNietFinancieel")
    status = "rejected" if feedback else "accepted"
    return PrestatieOutcome(label, reference, kind, status, declared, granted, niet, feedback)


def _check_header(header: etree._Element | None, retour: GDS802, problems: list[str]) -> None:
    back = retour.header
    code = text(back, "Berichtcode")
    if code != "574":
        problems.append(worded("gds-berichtcode", code=code))
    if text(back, "Referentienummer") != _text(header, "Referentienummer"):
        problems.append(worded("gds-reference"))
    if text(back, "Ontvanger") != _text(header, "Verzender"):
        problems.append(worded("gds-ontvanger"))
    if text(back, "OntvangerRol") != _text(header, "VerzenderRol"):
        problems.append(worded("gds-ontvanger-rol"))
    rol = text(back, "VerzenderRol")
    if rol == Role.VECOZO:
        if back.verzender is not None:
            problems.append(worded("gds-vecozo-verzender"))
    elif text(back, "Verzender") != _text(header, "Ontvanger") or rol != _text(
        header, "OntvangerRol"
    ):
        problems.append(worded("gds-verzender"))


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


def _money(value: Decimal | None) -> Money | str:
    return "-" if value is None else Money.of(value)  # worded() shows it in each language
