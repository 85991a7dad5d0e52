"""What the ledger stores and the errors it raises."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Protocol

import attrs
from lxml import etree

from eistandaard.core.arguments import expect
from eistandaard.core.errors import DataError, EIError
from eistandaard.core.text import quoted
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.wording import said_error
from eistandaard.vecozo.checks import payload_text
from eistandaard.vecozo.data import family_rules, vecozo_codes
from eistandaard.vecozo.envelope import Envelope

__all__ = [
    "STATES",
    "Ledger",
    "LedgerConflict",
    "LedgerError",
    "Link",
    "Overdue",
    "Record",
    "record_for",
    "record_of",
]

STATES = ("recorded", "sent", "received", "accepted", "rejected")
"""A message's state: ``rejected`` (by VECOZO) takes an answer out of CC11's count."""


class LedgerError(EIError):
    """The ledger cannot do what was asked (no such message, no request to link to ...)."""


class LedgerConflict(LedgerError):
    """The database refused a record or a link: ``code`` is the VECOZO/iStandaarden rule."""

    def __init__(self, code: str, details: str, details_nl: str | None = None) -> None:
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details
        self.details_nl = details_nl

    def detail(self, lang: str = "nl") -> str:
        """The details in ``lang`` (Dutch where worded; English otherwise)."""
        return self.details_nl if lang != "en" and self.details_nl is not None else self.details

    @classmethod
    def worded(cls, code: str, values: Mapping[str, object]) -> LedgerConflict:
        """The conflict ``code`` with the ``ledger`` wording of ``rbc/vecozo/codes.toml``.

        :raises DataError: the code has no ``ledger`` wording, or a value is missing.
        """
        try:
            dutch, english = vecozo_codes()[code].details["ledger"]
            return cls(code, english.format(**values), dutch.format(**values))
        except (KeyError, IndexError) as exc:
            raise DataError(f"VECOZO code {code}: no ledger wording or value {exc}") from exc


@attrs.frozen
class Record:
    """One message in the ledger.

    :param traceer_id: the envelope's traceerId (the primary key).
    :param direction: ``heen`` (request) or ``retour`` (answer).
    :param message: the catalog name (``WMO323``); ``request_message`` the one it answers.
    :param identificatie: the payload's BerichtIdentificatie/Identificatie or Referentienummer.
    :param answer_reference: on an answer, the request's identification the payload names
        (325 DeclaratieIdentificatie, GDS802/BM802 Referentienummer).
    :param sent_on: the day the message was sent or received (deadlines count from it).
    :param answer_to: the request this answer is linked to, once linked; ``link_method`` says how.
    """

    traceer_id: str
    direction: str
    message: str
    family: str
    sent_on: dt.date
    conversatie_id: str | None = None
    als_antwoord_op: str | None = None
    request_message: str | None = None
    sender: str | None = None
    receiver: str | None = None
    identificatie: str | None = None
    dagtekening: str | None = None
    declaratienummer: str | None = None
    answer_reference: str | None = None
    payload_sha256: str | None = None
    state: str = "recorded"
    recorded_at: str = ""
    answer_to: str | None = None
    link_method: str | None = None


@attrs.frozen
class Link:
    """An answer linked to its request, and how.

    ``method``: ``alsAntwoordOp``, ``reference`` (the payload's) or ``conversatie``.
    """

    answer: str
    request: str
    method: str


@attrs.frozen
class Overdue:
    """A request without an answer past its deadline."""

    record: Record
    deadline: dt.date


class Ledger(Protocol):
    """A message ledger: records messages, enforces uniqueness, links answers to requests."""

    def add(self, record: Record, *, link: bool = True) -> Link | None:
        """Record a message; an answer is linked to its request in the same transaction.

        :raises LedgerConflict: CC08/BRS114, BRS20, TR333, CC11 or BRS24 from the database.
        """
        ...

    def get(self, traceer_id: str) -> Record | None:
        """The message with this traceerId."""
        ...

    def messages(self) -> list[Record]:
        """Every message, in the order recorded."""
        ...

    def link(self, traceer_id: str) -> Link:
        """Link a recorded answer to its request (alsAntwoordOp, payload reference, conversatie).

        :raises LedgerError: when no request is found; :raises LedgerConflict: CC11, BRS24.
        """
        ...

    def set_state(self, traceer_id: str, state: str) -> None:
        """Change a message's state (``rejected`` frees its request for another answer)."""
        ...

    def conflicts(self, record: Record) -> list[LedgerConflict]:
        """What :meth:`add` would refuse, without writing (for ``ei validate --ledger``)."""
        ...

    def unanswered(self, as_of: dt.date) -> list[Overdue]:
        """Requests (not rejected) without an answer whose deadline lies before ``as_of``."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


class _Parsed(Protocol):
    """A message read once: a parsed payload (``vecozo.build``) or a level-5 ``ParsedMessage``."""

    @property
    def spec(self) -> MessageSpec: ...
    @property
    def root(self) -> etree._Element: ...
    @property
    def data(self) -> bytes: ...


def record_of(
    message: _Parsed, envelope: Envelope, *, sent_on: dt.date, state: str = "recorded"
) -> Record:
    """:func:`record_for` of a message read once (its spec, root and bytes).

    :raises LedgerError: as :func:`record_for`.
    :raises InputError: ``message`` has no spec, root and bytes (as a ParsedPayload has), or
        another argument is of the wrong kind.
    """
    spec, root, data = (getattr(message, name, None) for name in ("spec", "root", "data"))
    if not (
        isinstance(spec, MessageSpec)
        and isinstance(root, etree._Element)
        and isinstance(data, bytes)
    ):
        expect("message", message, (), "parsed-payload", optional=False)
    return record_for(
        message.spec, message.root, message.data, envelope, sent_on=sent_on, state=state
    )


def record_for(
    spec: MessageSpec,
    root: etree._Element,
    data: bytes,
    envelope: Envelope,
    *,
    sent_on: dt.date,
    state: str = "recorded",
) -> Record:
    """The ledger record of one message with its envelope; keys read from the payload.

    :raises LedgerError: when the envelope has no traceerId or the state is unknown.
    :raises InputError: an argument of the wrong kind.
    """
    expect("spec", spec, MessageSpec, "spec", optional=False)
    expect("root", root, etree._Element, "xml-element", optional=False)
    expect("data", data, bytes, "bytes", optional=False)
    expect("envelope", envelope, Envelope, "envelope", optional=False)
    expect("state", state, str, "text", optional=False)
    if not envelope.referenties.traceer_id:
        raise LedgerError(said_error("ledger-no-traceerid"))
    if state not in STATES:
        raise LedgerError(
            said_error("ledger-unknown-state", state=quoted(state), states=", ".join(STATES))
        )
    rules = family_rules(spec.family)
    answer = spec.direction == "retour"
    dagtekening = spec.identity(root).dagtekening  # read as the catalog reads every header
    return Record(  # what the message is, VECOZO's references, then the payload's keys
        family=spec.family,
        message=spec.name,
        request_message=spec.request,
        direction=spec.direction,
        traceer_id=envelope.referenties.traceer_id,
        conversatie_id=envelope.referenties.conversatie_id,
        als_antwoord_op=envelope.referenties.als_antwoord_op,
        sender=payload_text(root, rules.sender),
        receiver=payload_text(root, rules.receiver),
        identificatie=payload_text(root, rules.identificatie),
        dagtekening=dagtekening,
        declaratienummer=None
        if answer or rules.declaratienummer is None
        else payload_text(root, rules.declaratienummer),
        answer_reference=payload_text(root, rules.answer_reference) if answer else None,
        payload_sha256=hashlib.sha256(data).hexdigest(),
        state=state,
        sent_on=sent_on,
    )
