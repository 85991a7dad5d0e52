"""The Vektis Header and how a return message's Header is filled from the request's.

Header elements, in order: Berichtcode, Berichtversie, Berichtsubversie, Berichtsoort,
Verzender, VerzenderRol, Ontvanger, OntvangerRol, Verzenddatum, Referentienummer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from lxml import etree

from eistandaard.conventions.vektis.roles import Responder, Role
from eistandaard.core.xml import elements, local_name, value_of
from eistandaard.standards.wording import worded

__all__ = [
    "HEADER_ELEMENTS",
    "PARTIES",
    "header_values",
    "party_problems",
    "return_header_values",
]

HEADER_ELEMENTS = (
    "Berichtcode",
    "Berichtversie",
    "Berichtsubversie",
    "Berichtsoort",
    "Verzender",
    "VerzenderRol",
    "Ontvanger",
    "OntvangerRol",
    "Verzenddatum",
    "Referentienummer",
)


def header_values(header: etree._Element) -> dict[str, str]:
    """The values of a Header's elements by local name (Feedback left out)."""
    return {
        local_name(item): value_of(item)
        for item in elements(header)
        if local_name(item) in HEADER_ELEMENTS
    }


def return_header_values(
    request: dict[str, str],
    *,
    answer_code: str,
    responder: Responder,
    verzenddatum: dt.date,
    version: tuple[str, str] | None = None,
) -> list[tuple[str, str]]:
    """The Header of the return, as (element, value) pairs in schema order.

    Sender and receiver swap; VECOZO, when it answers (also as the receiver of a request with
    OntvangerRol 6), writes no Verzender and role 6;
    Berichtsoort and Referentienummer are the request's. Berichtversie and Berichtsubversie are
    ``version`` when given (GDS802 1.0: 1 and 0), else the request's.
    """
    versie, subversie = version or (
        request.get("Berichtversie", ""),
        request.get("Berichtsubversie", ""),
    )
    values: list[tuple[str, str]] = [
        ("Berichtcode", answer_code),
        ("Berichtversie", versie),
        ("Berichtsubversie", subversie),
        ("Berichtsoort", request.get("Berichtsoort", "")),
    ]
    # A request addressed to VECOZO itself (OntvangerRol 6) has VECOZO as its receiver: its
    # answer, whoever is named the responder, is VECOZO's (role 6, no Verzender).
    if responder is Responder.VECOZO or request.get("OntvangerRol", "") == Role.VECOZO.value:
        values.append(("VerzenderRol", Role.VECOZO.value))
    else:
        values.append(("Verzender", request.get("Ontvanger", "")))
        values.append(("VerzenderRol", request.get("OntvangerRol", "")))
    values += [
        ("Ontvanger", request.get("Verzender", "")),
        ("OntvangerRol", request.get("VerzenderRol", "")),
        ("Verzenddatum", verzenddatum.isoformat()),
        ("Referentienummer", request.get("Referentienummer", "")),
    ]
    return values


PARTIES = ("Verzender", "VerzenderRol", "Ontvanger", "OntvangerRol")
"""The Header elements that name who sends a message and who receives it."""


def party_problems(
    request: Mapping[str, str | None], answer: Mapping[str, str | None], request_name: str
) -> list[str]:
    """Why the answer's parties are not the request's turned round (empty: they are).

    The answer goes back to the request's sender (Ontvanger/OntvangerRol), from its receiver
    (Verzender/VerzenderRol), or from VECOZO (role 6, no Verzender). Every Vektis family alike:
    a GDS802 or a BM802 to another sender answers another request, even with the same
    Referentienummer (a number unique per sender only).

    :param request: the request's :data:`PARTIES` values (``None``: absent); ``answer`` the
        answer's.
    :param request_name: the request's message (``BM801``), as the texts name it.
    """
    found: list[str] = []
    if answer.get("Ontvanger") != request.get("Verzender"):
        found.append(worded("vektis-ontvanger", request=request_name))
    if answer.get("OntvangerRol") != request.get("VerzenderRol"):
        found.append(worded("vektis-ontvanger-rol", request=request_name))
    if answer.get("VerzenderRol") == Role.VECOZO:
        if answer.get("Verzender") is not None:
            found.append(worded("vektis-vecozo-verzender"))
    elif answer.get("Verzender") != request.get("Ontvanger") or answer.get(
        "VerzenderRol"
    ) != request.get("OntvangerRol"):
        found.append(worded("vektis-verzender", request=request_name))
    return found
