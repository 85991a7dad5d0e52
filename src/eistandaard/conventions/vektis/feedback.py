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

__all__ = ["BetrokkenElement", "Feedback", "betrokken_elementen", "parse_pairs"]

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
