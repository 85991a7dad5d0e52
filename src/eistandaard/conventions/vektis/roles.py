"""Ketenpartij roles (Vektis code list CL0002-VEKT) and who answers a message."""

from __future__ import annotations

import enum

__all__ = ["Responder", "Role"]


class Role(enum.StrEnum):
    """VerzenderRol / OntvangerRol values of CL0002-VEKT."""

    ZORGAANBIEDER = "1"
    SERVICEBUREAU = "2"
    ZORGVERZEKERAAR = "3"
    DJI = "4"
    ZORGKANTOOR = "5"
    VECOZO = "6"
    CAK = "7"


class Responder(enum.StrEnum):
    """Who writes a return message.

    ``vecozo``: VECOZO rejects on its own checks (levels 3-4); it is then the sender (role 6),
    grants nothing and reports every rejection anywhere in the message.
    ``receiver``: the addressee (the CAK for BM801) answers; children of a rejected class are
    neither checked nor returned.
    """

    VECOZO = "vecozo"
    RECEIVER = "receiver"
