"""Build the envelope of a request or an answer, for any message of the catalog.

The ``berichtstroom`` values come from ``rbc/vecozo/streams.toml`` (most are provisional); the
routing codes from the payload's own Header (sender and receiver, so BRS26 holds by
construction); the ids are new UUID v4s: a request gets ``conversatieId = traceerId`` (CC05),
an answer keeps its request's ``conversatieId`` and names the request's ``traceerId`` in
``alsAntwoordOp`` (CC12).
"""

from __future__ import annotations

import attrs

from eistandaard.core.arguments import expect
from eistandaard.core.errors import InputError
from eistandaard.core.message import Message
from eistandaard.standards.catalog import Catalog
from eistandaard.standards.wording import said_error
from eistandaard.vecozo.checks import payload_text
from eistandaard.vecozo.data import family_rules, stream
from eistandaard.vecozo.envelope import (
    Berichtstroom,
    Envelope,
    Referentiegegevens,
    Relatie,
    Verwerkingscontext,
    new_uuid,
)

__all__ = [
    "Application",
    "ParsedPayload",
    "build_answer",
    "build_envelope",
    "build_request",
    "parse_payload",
]


@attrs.frozen
class Application:
    """The software that submits (CC06): name and whole-number version and subversion."""

    name: str = "eistandaard"
    versie: int = 0
    subversie: int = 1

    def context(self) -> Verwerkingscontext:
        """The ``verwerkingscontext`` pairs of CC06."""
        return Verwerkingscontext(
            (
                ("Applicatie", (self.name,)),
                ("ApplicatieVersie", (str(self.versie),)),
                ("ApplicatieSubversie", (str(self.subversie),)),
            )
        )


ParsedPayload = Message
"""A message read for the envelope: the :class:`~eistandaard.core.message.Message`."""


def parse_payload(
    data: bytes, *, name: str = "<bytes>", catalog: Catalog | None = None
) -> ParsedPayload:
    """Read a message (XML or a one-file ZIP) safely and identify it (:func:`read_message`).

    :raises InputError: when the bytes are no readable message of a supported standard.
    """
    from eistandaard.pipeline import read_message  # the pipeline imports this package

    return read_message(data, name=name, catalog=catalog)


def _stroom(parsed: ParsedPayload) -> tuple[Berichtstroom, str, str]:
    values = stream(parsed.spec.name)
    header = parsed.spec.release.header
    versie = payload_text(parsed.root, header["versie"]) if "versie" in header else None
    subversie = payload_text(parsed.root, header["subversie"]) if "subversie" in header else None
    return (
        Berichtstroom(
            berichttype=values.berichttype,
            berichtsubtype=values.berichtsubtype,
            # The payload's own Header versions win over the (provisional) table values.
            berichtversie=int(versie) if versie and versie.isdigit() else values.berichtversie,
            berichtsubversie=int(subversie)
            if subversie and subversie.isdigit()
            else values.berichtsubversie,
            actie=values.actie,
        ),
        values.afzender_rol,
        values.geadresseerde_rol,
    )


def _routing(
    parsed: ParsedPayload, afzender_rol: str | None, geadresseerde_rol: str | None
) -> tuple[Relatie, Relatie, Berichtstroom]:
    stroom, default_afzender, default_geadresseerde = _stroom(parsed)
    rules = family_rules(parsed.spec.family)
    afzender = Relatie(
        rol=afzender_rol or default_afzender, code=payload_text(parsed.root, rules.sender)
    )
    geadresseerde = Relatie(
        rol=geadresseerde_rol or default_geadresseerde,
        code=payload_text(parsed.root, rules.receiver),
    )
    return afzender, geadresseerde, stroom


def build_envelope(
    parsed: ParsedPayload,
    answer_to: Envelope | None = None,
    *,
    application: Application | None = None,
    afzender_rol: str | None = None,
    geadresseerde_rol: str | None = None,
    referentie_id: str | None = None,
    traceer_id: str | None = None,
) -> Envelope:
    """The envelope of a request (heen) message, or of an answer (retour) to ``answer_to``.

    A request gets a new ``traceerId`` that is also its ``conversatieId`` (CC05). An answer keeps
    its request's ``conversatieId`` and names the request's ``traceerId`` in ``alsAntwoordOp``
    (CC12); its roles default to the request's roles, swapped.

    :param parsed: the message (:func:`parse_payload`).
    :param answer_to: the envelope of the request ``parsed`` answers (``None`` for a request).
    :param application: the submitting software (CC06; default eistandaard 0.1).
    :param afzender_rol: overrides the stream's sender role (``Instelling``, ``Zorgverlener``,
        ``Praktijk``: VECOZO derives it from the AGB, BRS01).
    :param geadresseerde_rol: overrides the addressee role.
    :param referentie_id: an own reference (1-150 characters; never a BSN or a name).
    :param traceer_id: a fixed traceerId (default: a new UUID v4).
    :raises InputError: an answer without ``answer_to``, a request with it, an ``answer_to``
        without a traceerId, or an argument of the wrong kind.
    """
    expect("parsed", parsed, Message, "parsed-payload", optional=False)
    expect("answer_to", answer_to, Envelope, "envelope")
    expect("application", application, Application, "application")
    trace = traceer_id or new_uuid()
    if answer_to is None:
        if parsed.spec.direction == "retour":
            raise InputError(said_error("envelope-build-answer", parsed_spec_name=parsed.spec.name))
        referenties = Referentiegegevens(
            conversatie_id=trace, traceer_id=trace, referentie_id=referentie_id
        )
    else:
        if parsed.spec.direction != "retour":
            raise InputError(
                said_error("envelope-request-answers-none", parsed_spec_name=parsed.spec.name)
            )
        if not answer_to.referenties.traceer_id:
            raise InputError(said_error("envelope-request-no-traceerid"))
        referenties = Referentiegegevens(
            conversatie_id=answer_to.referenties.conversatie_id,
            traceer_id=trace,
            als_antwoord_op=answer_to.referenties.traceer_id,
            referentie_id=referentie_id,
        )
        afzender_rol = afzender_rol or (
            answer_to.geadresseerden[0].rol if answer_to.geadresseerden else None
        )
        geadresseerde_rol = geadresseerde_rol or answer_to.afzender.rol
    afzender, geadresseerde, stroom = _routing(parsed, afzender_rol, geadresseerde_rol)
    return Envelope(
        afzender=afzender,
        geadresseerden=(geadresseerde,),
        berichtstroom=stroom,
        referenties=referenties,
        verwerkingscontext=(application or Application()).context(),
    )


build_request = build_envelope
"""The envelope of a request: :func:`build_envelope` without ``answer_to``."""
build_answer = build_envelope
"""The envelope of an answer: :func:`build_envelope` with the request's envelope second."""
