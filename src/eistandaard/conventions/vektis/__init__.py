"""The Vektis message conventions, shared by Betaalopdracht Wlz (BM801/BM802) and GDS801/GDS802.

* :mod:`~eistandaard.conventions.vektis.roles` and :mod:`~eistandaard.conventions.vektis.header`:
  the Header
  (Berichtcode ... Referentienummer, ketenpartij roles) and how a return Header is filled;
* :mod:`~eistandaard.conventions.vektis.feedback`: Feedback with its betrokken elementen;
* :mod:`~eistandaard.conventions.vektis.classes`: the class model of a message as data
  (``rbc/<family>/<release>/classes.toml``);
* :mod:`~eistandaard.conventions.vektis.returns`: a return builder driven by that class model;
* :mod:`~eistandaard.conventions.vektis.amounts`: Bedrag + DebetCreditCode.
"""

from __future__ import annotations

from eistandaard.conventions.vektis.amounts import format_amount, signed_amount
from eistandaard.conventions.vektis.classes import ClassDef, ClassModel
from eistandaard.conventions.vektis.feedback import BetrokkenElement, Feedback
from eistandaard.conventions.vektis.returns import ReturnRequest, build_return
from eistandaard.conventions.vektis.roles import Responder, Role

__all__ = [
    "BetrokkenElement",
    "ClassDef",
    "ClassModel",
    "Feedback",
    "Responder",
    "ReturnRequest",
    "Role",
    "build_return",
    "format_amount",
    "signed_amount",
]
