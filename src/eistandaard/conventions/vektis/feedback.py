"""Vektis Feedback: a retourcode with the betrokken elementen (element name and value).

Level-3 stylesheets of Vektis-convention messages put the betrokken elementen of a finding in its
``details`` as ``Elementnaam=Elementwaarde; ...`` (see ``xslt/common/vektis-core.xsl``). Level-4
and level-5 findings that do not use that form get the leaf elements they point at instead.
"""

from __future__ import annotations

import re

import attrs
from lxml import etree

from eistandaard.core.findings import Finding
from eistandaard.core.paths import LocationIndex
from eistandaard.core.xml import elements, local_name, value_of

__all__ = [
    "BetrokkenElement",
    "Feedback",
    "betrokken_elementen",
    "feedback_in",
    "feedback_paths_in",
    "parse_pairs",
]

MAX_VALUE = 255
"""Elementwaarde is cut to this many characters (the BM802 schema's maximum)."""

# Names are element names, or a Vektis literal such as "Aantal Diagnoses" (GDS rule 9674).
_PAIR = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9_. -]*)=(?P<value>.*)$", re.S)


@attrs.frozen
class BetrokkenElement:
    """One element involved in a rejection: its name and its value in the request."""

    elementnaam: str
    elementwaarde: str


@attrs.frozen
class Feedback:
    """One retourcode on one class of a return message."""

    retourcode: str
    betrokken: tuple[BetrokkenElement, ...] = ()


def parse_pairs(details: str | None) -> tuple[BetrokkenElement, ...] | None:
    """The pairs of a ``Naam=waarde; Naam=waarde`` text, or ``None`` when it is not of that form."""
    if not details or not details.strip():
        return None
    pairs: list[BetrokkenElement] = []
    for part in details.split("; "):
        match = _PAIR.match(part.strip())
        if match is None:
            return None
        pairs.append(BetrokkenElement(match.group("name"), match.group("value")[:MAX_VALUE]))
    return tuple(pairs)


def betrokken_elementen(finding: Finding, index: LocationIndex) -> tuple[BetrokkenElement, ...]:
    """The betrokken elementen of a finding: from its details, else its leaf locations."""
    parsed = parse_pairs(finding.details)
    if parsed is not None:
        return parsed
    found: list[BetrokkenElement] = []
    for location in finding.locations:
        element = index.element(location.xpath) if location.xpath else None
        if element is None or _has_element_children(element):
            continue
        found.append(BetrokkenElement(local_name(element), value_of(element)[:MAX_VALUE]))
    return tuple(found)


def _has_element_children(element: etree._Element) -> bool:
    return next(elements(element), None) is not None


FEEDBACK = "Feedback"
"""The element of a Vektis return class that carries one retourcode."""


def feedback_in(element: etree._Element | None) -> tuple[Feedback, ...]:
    """The Feedback a class element of a return (a tree) carries itself, in document order.

    Values are stripped, as the generated models read them; a missing value is ``""``.
    """
    if element is None:
        return ()
    found = []
    for item in element.iterchildren("{*}" + FEEDBACK):  # in C: a return has many classes
        code = ""
        pairs: list[BetrokkenElement] = []
        for part in item:
            if not isinstance(part.tag, str):
                continue
            name = local_name(part)
            if name == "Retourcode":
                code = value_of(part).strip()
            elif name == "BetrokkenElement":
                values = {local_name(v): value_of(v).strip() for v in elements(part)}
                pairs.append(
                    BetrokkenElement(values.get("Elementnaam", ""), values.get("Elementwaarde", ""))
                )
        found.append(Feedback(code, tuple(pairs)))
    return tuple(found)


def feedback_paths_in(
    element: etree._Element, name: str | None = None, path: str = ""
) -> list[tuple[str, Feedback]]:
    """(class path, Feedback) of a class element (a tree) and of every class below it.

    The path is the element names from ``element`` down, after ``path``
    (``DebetPrestatie/Verwijzing/Verwijzer``); the element's own Feedback first, then that of
    the classes below it in document order (a class: an element with elements inside).
    """
    here_name = name if name is not None else local_name(element)
    here = f"{path}/{here_name}" if path else here_name
    found = [(here, f) for f in feedback_in(element)]
    for kid in elements(element):
        if len(kid) and local_name(kid) != FEEDBACK:
            found += feedback_paths_in(kid, None, here)
    return found
