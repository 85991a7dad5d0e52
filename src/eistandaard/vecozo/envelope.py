"""The VECOZO envelope: the REST push ``berichtMetadata`` and the payload ZIP.

Field names and limits follow VECOZO's published REST contract (VSP-Koppeling
Berichtuitwisseling REST push v1, schema ``BerichtMetadata``): ``routeringgegevens`` (afzender,
geadresseerden, berichtstroom), ``referentiegegevens`` (conversatieId, traceerId, alsAntwoordOp,
referentieId) and ``verwerkingscontext`` (sleutel/waarde pairs, where the Wmo/Jw application
data ``Applicatie``/``ApplicatieVersie``/``ApplicatieSubversie`` go, CC06).

The model keeps whatever it is given (so that a wrong envelope can be checked and reported);
:func:`eistandaard.vecozo.checks.check_envelope` says what is wrong with it.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from eistandaard.core.errors import InputError
from eistandaard.render.safe import json_safe

__all__ = [
    "UUID4_PATTERN",
    "Berichtstroom",
    "Envelope",
    "Referentiegegevens",
    "Relatie",
    "Verwerkingscontext",
    "is_uuid4",
    "new_uuid",
    "payload_zip",
]

UUID4_PATTERN = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", re.ASCII
)
"""VECOZO's UUID v4 pattern (CC04): lower case, version nibble 4, variant 8/9/a/b."""


def new_uuid() -> str:
    """A new random UUID v4 in VECOZO's lower-case form (``0e09a81f-64a0-4793-...``)."""
    return str(uuid.uuid4())


def is_uuid4(value: object) -> bool:
    """True when ``value`` is a string matching :data:`UUID4_PATTERN` exactly (CC04)."""
    return isinstance(value, str) and UUID4_PATTERN.fullmatch(value) is not None


@attrs.frozen
class Relatie:
    """A party in the routing: ``rol`` (``Instelling``, ``Gemeente`` ...) and ``code`` (AGB ...)."""

    rol: str | None = None
    code: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's ``Relatie`` object (absent values left out)."""
        return _dropped({"rol": self.rol, "code": self.code})


@attrs.frozen
class Berichtstroom:
    """The stream: ``berichttype``/``berichtsubtype`` (text), versions (0-999), ``actie``."""

    berichttype: str | None = None
    berichtversie: int | None = None
    berichtsubversie: int | None = None
    actie: str | None = None
    berichtsubtype: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's ``Berichtstroom`` object."""
        return _dropped(
            {
                "berichttype": self.berichttype,
                "berichtsubtype": self.berichtsubtype,
                "berichtversie": self.berichtversie,
                "berichtsubversie": self.berichtsubversie,
                "actie": self.actie,
            }
        )


@attrs.frozen
class Referentiegegevens:
    """The ids of a message and of the messages it belongs to.

    ``traceerId`` (this message), ``conversatieId``, ``alsAntwoordOp``, ``referentieId``.
    """

    conversatie_id: str | None = None
    traceer_id: str | None = None
    als_antwoord_op: str | None = None
    referentie_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's ``Referentiegegevens`` object."""
        return _dropped(
            {
                "conversatieId": self.conversatie_id,
                "traceerId": self.traceer_id,
                "alsAntwoordOp": self.als_antwoord_op,
                "referentieId": self.referentie_id,
            }
        )


def _pairs(value: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((key, tuple(values)) for key, values in value)


@attrs.frozen
class Verwerkingscontext:
    """The ``verwerkingscontext``: ``(sleutel, (waarde, ...))`` pairs, in order."""

    pairs: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(default=(), converter=_pairs)

    def get(self, key: str) -> str | None:
        """The first value of ``key`` (``None`` when absent or empty)."""
        for sleutel, waarde in self.pairs:
            if sleutel == key:
                return waarde[0] if waarde else None
        return None

    def to_json(self) -> list[dict[str, Any]]:
        """The contract's array of ``SleutelWaardePaar``."""
        return [{"sleutel": key, "waarde": list(values)} for key, values in self.pairs]


def _relaties(value: Iterable[Relatie]) -> tuple[Relatie, ...]:
    return tuple(value)


@attrs.frozen
class Envelope:
    """One message's VECOZO metadata (REST push ``BerichtMetadata``).

    :param afzender: the sending party (``routeringgegevens.afzender``).
    :param geadresseerden: the addressees (0-100 in the contract; BRS30 asks for at least one).
    :param berichtstroom: the stream (values per message: ``rbc/vecozo/streams.toml``).
    :param referenties: the ids.
    :param verwerkingscontext: the processing context (the Wmo/Jw application data, CC06).
    :param extra: members the contract does not know (kept so that the contract check sees them).
    """

    afzender: Relatie = attrs.field(factory=Relatie)
    geadresseerden: tuple[Relatie, ...] = attrs.field(default=(), converter=_relaties)
    berichtstroom: Berichtstroom = attrs.field(factory=Berichtstroom)
    referenties: Referentiegegevens = attrs.field(factory=Referentiegegevens)
    verwerkingscontext: Verwerkingscontext | None = None
    raw: Mapping[str, Any] | None = attrs.field(default=None, eq=False, repr=False)
    """The JSON object this envelope was read from (``None`` when built in Python)."""

    @property
    def traceer_id(self) -> str | None:
        """``referentiegegevens.traceerId``."""
        return self.referenties.traceer_id

    def to_json(self) -> dict[str, Any]:
        """The ``berichtMetadata`` JSON object (a dict), as the REST push contract shapes it."""
        data: dict[str, Any] = {
            "routeringgegevens": {
                "afzender": self.afzender.to_json(),
                "geadresseerden": [g.to_json() for g in self.geadresseerden],
                "berichtstroom": self.berichtstroom.to_json(),
            },
            "referentiegegevens": self.referenties.to_json(),
        }
        if self.verwerkingscontext is not None and self.verwerkingscontext.pairs:
            data["verwerkingscontext"] = self.verwerkingscontext.to_json()
        return data

    def dumps(self) -> str:
        """:meth:`to_json` as indented JSON text (UTF-8 safe, keys in contract order)."""
        return json_safe(json.dumps(self.to_json(), ensure_ascii=False, indent=2)) + "\n"

    @classmethod
    def from_json(cls, data: object) -> Envelope:
        """Read a ``berichtMetadata`` object; wrong shapes become empty fields, not errors.

        The contract check (EV001) reports what does not fit; this reader only refuses input
        that is not a JSON object at all.

        :raises InputError: when ``data`` is not a JSON object.
        """
        if not isinstance(data, dict):
            raise InputError("the envelope metadata must be a JSON object")
        routing = _obj(data.get("routeringgegevens"))
        refs = _obj(data.get("referentiegegevens"))
        stroom = _obj(routing.get("berichtstroom"))
        context = data.get("verwerkingscontext")
        pairs: list[tuple[str, tuple[str, ...]]] = []
        if isinstance(context, list):
            for item in context:
                entry = _obj(item)
                waarde = entry.get("waarde")
                values = tuple(str(v) for v in waarde) if isinstance(waarde, list) else ()
                pairs.append((str(entry.get("sleutel", "")), values))
        addressees = routing.get("geadresseerden")
        return cls(
            afzender=_relatie(routing.get("afzender")),
            geadresseerden=tuple(_relatie(g) for g in addressees)
            if isinstance(addressees, list)
            else (),
            berichtstroom=Berichtstroom(
                berichttype=_str(stroom.get("berichttype")),
                berichtsubtype=_str(stroom.get("berichtsubtype")),
                berichtversie=_int(stroom.get("berichtversie")),
                berichtsubversie=_int(stroom.get("berichtsubversie")),
                actie=_str(stroom.get("actie")),
            ),
            referenties=Referentiegegevens(
                conversatie_id=_str(refs.get("conversatieId")),
                traceer_id=_str(refs.get("traceerId")),
                als_antwoord_op=_str(refs.get("alsAntwoordOp")),
                referentie_id=_str(refs.get("referentieId")),
            ),
            verwerkingscontext=Verwerkingscontext(pairs) if isinstance(context, list) else None,
            raw=data,
        )

    @classmethod
    def loads(cls, text: str | bytes) -> Envelope:
        """Read the envelope from JSON text.

        :raises InputError: when the text is not JSON or not a JSON object.
        """
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InputError(f"the envelope metadata is not valid JSON: {exc}") from exc
        return cls.from_json(data)


def payload_zip(xml: bytes, *, member: str | None = None) -> tuple[str, bytes]:
    """The payload ZIP of one message: one member named ``<uuid>.xml`` (CC01).

    :param xml: the message bytes.
    :param member: the member name (default: a new UUID v4 plus ``.xml``).
    :returns: ``(member name, ZIP bytes)``; the archive is deflated and has no folders.
    """
    name = member or f"{new_uuid()}.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, xml)
    return name, buffer.getvalue()


def _dropped(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _relatie(value: object) -> Relatie:
    data = _obj(value)
    return Relatie(rol=_str(data.get("rol")), code=_str(data.get("code")))
