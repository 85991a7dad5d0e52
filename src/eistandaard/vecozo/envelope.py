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
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self, cast

import attrs

from eistandaard.core.arguments import expect
from eistandaard.core.errors import InputError
from eistandaard.render.safe import json_safe
from eistandaard.standards.wording import parse_problem, said_error

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


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _member(name: str, read: Callable[[object], Any] = _str) -> Any:
    """A field of a contract object, read from and written to its JSON member ``name``.

    ``read`` keeps a JSON value of the right type and makes anything else absent (``None``).
    """
    return attrs.field(default=None, metadata={"json": name, "read": read})


class _ContractObject:
    """A contract object whose fields name their JSON members (:func:`_member`), in order."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        """The contract's object, members in contract order (absent values left out)."""
        found: dict[str, Any] = {}
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(self))):
            value = getattr(self, field.name)
            if value is not None:
                found[field.metadata["json"]] = value
        return found

    @classmethod
    def read(cls, value: object) -> Self:
        """The object from its JSON: a member of the wrong type is absent, never an error."""
        data = _obj(value)
        return cls(
            **{
                field.name: field.metadata["read"](data.get(field.metadata["json"]))
                for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls))
            }
        )


@attrs.frozen
class Relatie(_ContractObject):
    """A party in the routing: ``rol`` (``Instelling``, ``Gemeente`` ...) and ``code`` (AGB ...)."""

    rol: str | None = _member("rol")
    code: str | None = _member("code")


@attrs.frozen
class Berichtstroom(_ContractObject):
    """The stream: ``berichttype``/``berichtsubtype`` (text), versions (0-999), ``actie``."""

    berichttype: str | None = _member("berichttype")
    berichtsubtype: str | None = _member("berichtsubtype")
    berichtversie: int | None = _member("berichtversie", _int)
    berichtsubversie: int | None = _member("berichtsubversie", _int)
    actie: str | None = _member("actie")


@attrs.frozen
class Referentiegegevens(_ContractObject):
    """The ids of a message and of the messages it belongs to.

    ``traceerId`` (this message), ``conversatieId``, ``alsAntwoordOp``, ``referentieId``.
    """

    conversatie_id: str | None = _member("conversatieId")
    traceer_id: str | None = _member("traceerId")
    als_antwoord_op: str | None = _member("alsAntwoordOp")
    referentie_id: str | None = _member("referentieId")


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
            raise InputError(said_error("envelope-not-object"))
        routing = _obj(data.get("routeringgegevens"))
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
            afzender=Relatie.read(routing.get("afzender")),
            geadresseerden=tuple(Relatie.read(g) for g in addressees)
            if isinstance(addressees, list)
            else (),
            berichtstroom=Berichtstroom.read(routing.get("berichtstroom")),
            referenties=Referentiegegevens.read(data.get("referentiegegevens")),
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
            raise InputError(said_error("envelope-not-json", exc=parse_problem(exc))) from exc
        return cls.from_json(data)


def payload_zip(xml: bytes, *, member: str | None = None) -> tuple[str, bytes]:
    """The payload ZIP of one message: one member named ``<uuid>.xml`` (CC01).

    :param xml: the message bytes.
    :param member: the member name (default: a new UUID v4 plus ``.xml``).
    :returns: ``(member name, ZIP bytes)``; the archive is deflated and has no folders.
    :raises InputError: ``xml`` is no bytes, or ``member`` no text.
    """
    expect("xml", xml, (bytes, bytearray), "bytes", optional=False)
    expect("member", member, str, "text")
    name = member or f"{new_uuid()}.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, xml)
    return name, buffer.getvalue()
