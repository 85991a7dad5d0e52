"""A return-message builder for Vektis-convention messages, driven by the class model.

The rules (Vektis STB BM801-BM802 5.3-5.8, the same as the GDS practice):

* Header and Overzicht (the ``always`` classes; GDS also DeclaratieContext) are in every
  return, with all their data.
* A rejection in one of them (or in a class inside them, such as the GDS Declarant): the return
  holds only those classes, with the Feedback in the failing class; nothing below is checked or
  returned.
* Otherwise they come without Feedback, and each rejected lower class is returned nested in its
  ancestors, each carrying only its identifying elements, with Feedback last in the rejected
  class.
* The receiver (``Responder.RECEIVER``) neither checks nor returns the children of a rejected
  class; VECOZO reports every rejection anywhere.
* Data are never changed: only identifying elements and Feedback are written, plus the amounts
  only the return has (``return_extra`` totals and per-class ``amounts`` of the class model).
* The granted total is 0.00 when VECOZO answers, the requested total when the receiver rejects
  nothing, else the signed sum of the amounts of the classes that are not rejected (in part);
  a family with other totals passes :attr:`ReturnRequest.totals`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

import attrs
from lxml import etree

from eistandaard.conventions.vektis.amounts import format_amount, signed_amount, split_amount
from eistandaard.conventions.vektis.classes import ClassModel
from eistandaard.conventions.vektis.feedback import BetrokkenElement, Feedback, betrokken_elementen
from eistandaard.conventions.vektis.header import header_values, return_header_values
from eistandaard.conventions.vektis.roles import Responder
from eistandaard.core.errors import InputError
from eistandaard.core.findings import Finding, Severity
from eistandaard.core.paths import LocationIndex
from eistandaard.core.xml import Builder, child, children, elements, local_name, value_of
from eistandaard.standards.wording import said_error

__all__ = [
    "ReturnRequest",
    "assign_feedback",
    "build_return",
    "granted_total",
    "rejected_top_classes",
]

_Maker = Callable[..., etree._Element]
_Adder = Callable[[etree._Element, Iterable[Feedback]], None]


@attrs.frozen
class ReturnRequest:
    """What a return needs besides the request: who answers, when, and the answer's identity."""

    namespace: str
    answer_code: str
    responder: Responder
    verzenddatum: dt.date
    retourcodes: Mapping[str, str] = attrs.field(factory=dict)
    """Rule id -> retourcode, for findings that do not carry their retourcode."""
    version: tuple[str, str] | None = None
    """Berichtversie and Berichtsubversie of the return (``None``: the request's)."""
    totals: Mapping[str, Decimal] | None = None
    """Signed value per ``return_extra`` total (``None``: :func:`granted_total`)."""
    amounts: Callable[[etree._Element, str], Decimal] | None = None
    """Value of a class's return-only amount (``None``: 0.00)."""
    keep: frozenset[etree._Element] = frozenset()
    """Lower-class elements of the request returned even without Feedback (with their
    ancestors), for example every prestatie an insurer grants an amount for."""


def _children(element: etree._Element) -> list[etree._Element]:
    return list(elements(element))


def _class_of(element: etree._Element, model: ClassModel, wanted: str | None) -> etree._Element:
    """The class element a finding belongs to: ``wanted`` among the ancestors, else the nearest."""
    nearest: etree._Element | None = None
    node: etree._Element | None = element
    while node is not None and node.getparent() is not None:
        name = local_name(node)
        if name in model:
            if wanted is None or name == wanted:
                return node
            if nearest is None:
                nearest = node
        node = node.getparent()
    if nearest is None:
        raise InputError(said_error("return-no-class-contains", local_name=local_name(element)))
    return nearest


def assign_feedback(
    root: etree._Element,
    findings: Iterable[Finding],
    model: ClassModel,
    retourcodes: Mapping[str, str],
) -> dict[etree._Element, list[Feedback]]:
    """The Feedback per class element, from the findings (errors only), in finding order.

    Every rule that fires writes its own Feedback, as the Vektis stylesheets do: two rules with
    the same retourcode on one class (GDS 9278a and 9278b) give two Feedbacks; only the same rule
    (finding code) reported twice with the same betrokken elementen is written once.

    :raises InputError: a rejecting finding has no retourcode or cannot be placed in a class.
    """
    index = LocationIndex(root)
    placed: dict[etree._Element, list[Feedback]] = {}
    seen: set[tuple[etree._Element, str, Feedback]] = set()
    for finding in findings:
        if finding.severity is not Severity.ERROR:
            continue
        code = finding.retourcode or retourcodes.get(finding.code)
        if not code:
            raise InputError(said_error("return-finding-no-code", finding_code=finding.code))
        element = index.element(finding.xpath) if finding.xpath else None
        if element is None:
            element = _top_level(root, finding.message_class, model)
        owner = _class_of(element, model, finding.message_class)
        feedback = Feedback(code, betrokken_elementen(finding, index))
        bucket = placed.setdefault(owner, [])
        if (owner, finding.code, feedback) not in seen:
            seen.add((owner, finding.code, feedback))
            bucket.append(feedback)
    return placed


def _top_level(root: etree._Element, name: str | None, model: ClassModel) -> etree._Element:
    definition = model.classes.get(name or "")
    if definition is None or not definition.always:
        raise InputError(said_error("return-finding-no-location", name=name))
    found = child(root, definition.name)
    if found is None:
        raise InputError(said_error("return-message-lacks-class", definition_name=definition.name))
    return found


def _ancestors(element: etree._Element) -> Iterable[etree._Element]:
    node = element.getparent()
    while node is not None:
        yield node
        node = node.getparent()


def select_feedback(
    placed: Mapping[etree._Element, list[Feedback]], model: ClassModel, responder: Responder
) -> dict[etree._Element, list[Feedback]]:
    """Apply the short circuit (Header/Overzicht) and, at the receiver, drop children of rejects."""
    top = {e: f for e, f in placed.items() if model.in_always(e)}
    if top:
        return top
    if responder is Responder.VECOZO:
        return dict(placed)
    return {e: f for e, f in placed.items() if not any(a in placed for a in _ancestors(e))}


def granted_total(
    root: etree._Element,
    selected: Mapping[etree._Element, list[Feedback]],
    model: ClassModel,
    responder: Responder,
    requested: Decimal,
) -> Decimal:
    """TotaalToegekend: 0 from VECOZO, all when nothing is rejected, else the accepted sum."""
    if responder is Responder.VECOZO:
        return Decimal(0)
    if not selected:
        return requested
    if any(model.in_always(e) for e in selected):
        return Decimal(0)
    rejected_elements = set(selected)
    total = Decimal(0)
    for element in root.iter():
        if local_name(element) != model.amount_class:
            continue
        subtree = [element, *element.iterdescendants()]
        if any(e in rejected_elements for e in subtree):
            continue
        total += signed_amount(child(element, model.amount) if model.amount else None)
    return total


def build_return(
    request_root: etree._Element,
    findings: Sequence[Finding],
    model: ClassModel,
    spec: ReturnRequest,
) -> etree._Element:
    """The return message (root ``Bericht`` in ``spec.namespace``) for a request and findings."""
    placed = assign_feedback(request_root, findings, model, spec.retourcodes)
    selected = select_feedback(placed, model, spec.responder)
    builder = Builder(spec.namespace)
    make = builder.add

    def add_feedback(parent: etree._Element, items: Iterable[Feedback]) -> None:
        for item in items:
            node = make(parent, "Feedback")
            make(node, "Retourcode", item.retourcode)
            for betrokken in item.betrokken:
                _add_betrokken(make, node, betrokken)

    root = builder.root("Bericht")
    top = {local_name(c): c for c in _children(request_root)}
    for definition in model.children(""):
        if not definition.always:
            continue
        source = top.get(definition.name)
        if source is None:
            raise InputError(
                said_error("return-request-lacks-class", definition_name=definition.name)
            )
        target = make(root, definition.name)
        if definition.name == "Header":
            for name, value in return_header_values(
                header_values(source),
                answer_code=spec.answer_code,
                responder=spec.responder,
                verzenddatum=spec.verzenddatum,
                version=spec.version,
            ):
                make(target, name, value)
        else:
            for item in _children(source):
                _copy_into(item, target, selected, make, add_feedback)
            for extra in definition.return_extra:
                if spec.totals is not None:
                    granted = spec.totals.get(extra, Decimal(0))
                else:
                    requested = signed_amount(_first_amount(source))
                    granted = granted_total(
                        request_root, selected, model, spec.responder, requested
                    )
                bedrag, dc = split_amount(granted)
                amount = make(target, extra)
                make(amount, "Bedrag", bedrag)
                make(amount, "DebetCreditCode", dc)
        add_feedback(target, selected.get(source, ()))
    if not any(model.in_always(e) for e in selected):
        emit = _Emitter(selected, model, make, add_feedback, spec)
        for item in _children(request_root):
            if local_name(item) in model and not model.in_always(item):
                emit(item, root)
    return root


def _first_amount(overzicht: etree._Element) -> etree._Element | None:
    return next(iter(_children(overzicht)), None)


def _add_betrokken(make: _Maker, node: etree._Element, betrokken: BetrokkenElement) -> None:
    pair = make(node, "BetrokkenElement")
    make(pair, "Elementnaam", betrokken.elementnaam)
    make(pair, "Elementwaarde", betrokken.elementwaarde)


class _Emitter:
    """Writes lower classes: those with Feedback (or kept) inside, nested in their ancestors."""

    def __init__(
        self,
        selected: Mapping[etree._Element, list[Feedback]],
        model: ClassModel,
        make: _Maker,
        add_feedback: _Adder,
        spec: ReturnRequest,
    ) -> None:
        self.selected = selected
        self.model = model
        self.make = make
        self.add_feedback = add_feedback
        self.spec = spec
        wanted: set[etree._Element] = set()
        for element in (*selected, *spec.keep):
            node: etree._Element | None = element
            while node is not None and node not in wanted:
                wanted.add(node)
                node = node.getparent()
        self.wanted = wanted

    def __call__(self, element: etree._Element, parent: etree._Element) -> None:
        """Write ``element`` under ``parent`` when it or a descendant carries Feedback."""
        if element not in self.wanted:
            return
        definition = self.model.classes[local_name(element)]
        target = self.make(parent, definition.name)
        for name in definition.identifying:
            for found in children(element, name):
                target.append(_copy(found, Builder(self.spec.namespace)))
        for below in elements(element):
            if local_name(below) in self.model:
                self(below, target)
        for name in definition.amounts:
            value = self.spec.amounts(element, name) if self.spec.amounts else Decimal(0)
            self.make(target, name, format_amount(value))
        self.add_feedback(target, self.selected.get(element, ()))


def _copy_into(
    element: etree._Element,
    parent: etree._Element,
    selected: Mapping[etree._Element, list[Feedback]],
    make: _Maker,
    add_feedback: _Adder,
) -> None:
    """Copy ``element`` with all its data under ``parent``; Feedback goes last in its class."""
    below = _children(element)
    target = make(parent, local_name(element), None if below else value_of(element))
    for item in below:
        _copy_into(item, target, selected, make, add_feedback)
    add_feedback(target, selected.get(element, ()))


def _copy(element: etree._Element, builder: Builder) -> etree._Element:
    """A copy of ``element`` and its descendants, every element in ``builder``'s namespace."""
    below = _children(element)
    copied = builder.element(local_name(element), None if below else (value_of(element) or None))
    for item in below:
        copied.append(_copy(item, builder))
    return copied


def rejected_top_classes(answer: etree._Element, model: ClassModel) -> tuple[str, ...]:
    """The always-returned classes of a built return that carry Feedback (in or below them)."""
    always = {c.name for c in model.always}
    return tuple(
        local_name(top)
        for top in elements(answer)
        if local_name(top) in always and any(local_name(e) == "Feedback" for e in top.iter())
    )
