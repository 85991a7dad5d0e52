"""The one result type of the one return engine: :class:`ReturnResult`, for every family.

:func:`eistandaard.build_return` answers a WMO323/JW323 (IV028/IV087), the iWmo/iJw 301-319
(IV032), a GDS801 or a BM801 (Vektis STB 5.3-5.8) and returns one :class:`ReturnResult`: the
:class:`Outcome` of the request as a whole, the answer's bytes, its identification and, built
through the library, its :class:`~eistandaard.answers.explanation.Explanation` (the figures
``ei return`` prints). :class:`ReturnSummary` holds the counts of a 325 in signed eurocents.
"""

from __future__ import annotations

import enum

import attrs
from lxml import etree

from eistandaard.answers.explanation import Explanation
from eistandaard.core.report import Report

__all__ = ["Outcome", "ReturnResult", "ReturnSummary"]


class Outcome(enum.StrEnum):
    """What the answer says about the declaration as a whole."""

    NO_ANSWER = "no-answer"
    """Level 1-2 failure: no return message, an error report instead."""
    TECHNICAL_REJECTION = "technical-rejection"
    """A message-content rule failed: Header only with 0001."""
    HEADER_REJECTED = "header-rejected"
    DECLARATION_REJECTED = "declaration-rejected"
    PARTLY_REJECTED = "partly-rejected"
    REJECTED = "rejected"
    """IV032 (302-320): a class carries a code of its own, so the whole message is rejected."""
    FULLY_ACCEPTED = "fully-accepted"
    NOT_FORWARDED = "not-forwarded"
    """VECOZO rejected something (Vektis): its return, nothing forwarded to the receiver."""
    FORWARDED = "forwarded"
    """VECOZO finds nothing to reject (Vektis): no return, the message goes to the receiver."""


@attrs.frozen
class ReturnSummary:
    """Counts and amounts (signed eurocents: debit positive, credit negative)."""

    clients: int
    clients_rejected: int
    """Clients with codes of their own (or all clients when the whole message is rejected)."""
    clients_with_rejected_prestaties: int
    prestaties: int
    prestaties_rejected: int
    submitted: int
    granted: int
    rejected: int = 0
    """Amount rejected: the whole declaration when its DeclaratieAntwoord carries a code, else
    the prestaties with codes of their own."""
    not_assessed: int = 0
    """Amount not assessed: all of it when the Header is rejected (0001 included), else the
    prestaties of rejected clients (0233). ``submitted = granted + rejected + not_assessed``,
    the same figures :func:`eistandaard.diff` gives for this answer."""
    clients_not_assessed: int = 0
    """Clients not assessed because the message or the declaration was rejected as a whole."""
    prestaties_not_assessed: int = 0
    """Prestaties not assessed (0233, or the whole message or declaration rejected)."""

    @property
    def prestaties_accepted(self) -> int:
        """Prestaties granted."""
        return self.prestaties - self.prestaties_rejected - self.prestaties_not_assessed

    @property
    def clients_accepted(self) -> int:
        """Clients not in the answer at all."""
        return (
            self.clients
            - self.clients_rejected
            - self.clients_with_rejected_prestaties
            - self.clients_not_assessed
        )


@attrs.frozen
class ReturnResult:
    """The answer to one declaration.

    :param message: the serialised answer, ``None`` when there is none (see ``outcome``).
    :param identificatie: the answer's BerichtIdentificatie/Identificatie.
    :param identificatie_generated: whether eistandaard generated it.
    :param report: the validation report (the error report when there is no answer).
    """

    outcome: Outcome
    report: Report
    message: bytes | None = None
    answer_name: str | None = None
    identificatie: str | None = None
    identificatie_generated: bool = False
    dagtekening: str | None = None
    header_codes: tuple[str, ...] = ()
    declaratie_codes: tuple[str, ...] = ()
    summary: ReturnSummary | None = None
    explanation: Explanation | None = None
    """The answer explained against its request (:func:`eistandaard.explain`), when built
    through :func:`eistandaard.build_return`: the figures ``ei return`` prints."""

    @property
    def tree(self) -> etree._ElementTree | None:
        """The answer parsed again (through level 1, as every message is read), or ``None``."""
        if self.message is None:
            return None
        from eistandaard.levels.intake import read_document  # the one reader of a message

        return read_document(self.message)
