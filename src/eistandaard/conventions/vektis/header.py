"""The Vektis Header and how a return message's Header is filled from the request's.

Header elements, in order: Berichtcode, Berichtversie, Berichtsubversie, Berichtsoort,
Verzender, VerzenderRol, Ontvanger, OntvangerRol, Verzenddatum, Referentienummer.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from eistandaard.conventions.vektis.roles import Responder, Role
from eistandaard.core.xml import elements, local_name, value_of

__all__ = ["HEADER_ELEMENTS", "header_values", "return_header_values"]

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
