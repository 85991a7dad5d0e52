"""COV (Controle op Verzekeringsgegevens): VZ801 request, VZ802 response and the policy merge.

The SOAP 1.1 envelopes are built and read with lxml (no SOAP framework); namespaces, SOAP
action and result values are data (``rbc/vecozo/cov.toml``, provisional element layout).

:func:`merge_policies` merges one VZ802 search result into a client's policies: the rules of
the billing product's COV synchronisation (seed 001) with the edge cases of NOTES.md §3.4.
It is a pure function.

Every record refuses a field of the wrong kind when it is built (or evolved), and every public
function an argument of the wrong kind: an ``InputError`` naming it (``Policy.start``,
``peildatum``), what it takes and what was given, in Dutch and English.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from lxml import etree

from eistandaard.core.arguments import expect, expect_items
from eistandaard.core.clock import in_period
from eistandaard.core.errors import InputError
from eistandaard.core.text import quoted
from eistandaard.core.xml import parse, value_of
from eistandaard.render.safe import xml_text
from eistandaard.standards.resources import data_dir, load_toml
from eistandaard.standards.wording import joined, said_error

__all__ = [
    "CovPreconditionError",
    "CovRequest",
    "CovResponse",
    "MergeReport",
    "Policy",
    "Verification",
    "Verzekerde",
    "Verzekering",
    "Zoekopdracht",
    "Zoekresultaat",
    "merge_policies",
    "verify_answer",
]

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


@functools.cache
def cov_data() -> Mapping[str, Any]:
    """``rbc/vecozo/cov.toml``."""
    return load_toml(data_dir("rbc") / "vecozo" / "cov.toml")


def _tup(value: Iterable[Any]) -> tuple[Any, ...]:
    """A list given where a tuple is stored (attrs converter).

    Anything else is left as it is, for the field's validator to refuse.
    """
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(value)
    return value  # type: ignore[return-value]  # a wrong kind, refused by the validator


class CovPreconditionError(InputError):
    """A VZ801 that COV would refuse: checked before any call. ``problems`` lists them."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(said_error("cov-refused", problems=joined(problems, "; ")))
        self.problems = tuple(problems)


def elfproef(bsn: str) -> bool:
    """A 9-digit BSN passing the 11-test (weights 9..2 and -1)."""
    if not re.fullmatch(r"[0-9]{9}", bsn):  # ASCII digits only: not "٩٩٩٩٩٠٠١٩"
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True))
    return (total - int(bsn[8])) % 11 == 0 and bsn != "000000000"


# -- the elements of VZ801 and VZ802: each record field names its element -------------------


_Check = Callable[[str, object], None]
"""Refuses a value of the wrong kind, naming it by the keyword given (an ``InputError``)."""


def _one(kinds: type, expected: str, *, optional: bool = True) -> _Check:
    """A :data:`_Check` by :func:`~eistandaard.core.arguments.expect`."""
    return functools.partial(expect, kinds=kinds, expected=expected, optional=optional)


def _items(record: type, expected: str) -> _Check:
    """A :data:`_Check` of a list or tuple of ``record`` objects."""
    return functools.partial(
        expect_items, accepts=lambda item: isinstance(item, record), expected=expected
    )


def _expect_day(keyword: str, value: object, *, optional: bool = True) -> None:
    """Refuse ``value`` unless it is a calendar date (or ``None``, when ``optional``).

    A ``datetime`` is refused too, not cut to its date: without a zone its day in the
    Netherlands is not known, and it does not compare with a date.
    """
    expect(keyword, value, dt.date, "date", optional=optional)
    if isinstance(value, dt.datetime):
        expect(keyword, value, (), "date", optional=False)


def _expect_moment(keyword: str, value: object, *, optional: bool = True) -> None:
    """Refuse ``value`` unless it is a datetime with a zone (or ``None``, when ``optional``)."""
    expect(keyword, value, dt.datetime, "aware-moment", optional=optional)
    if isinstance(value, dt.datetime) and value.utcoffset() is None:
        raise InputError(said_error("argument-naive", keyword=keyword, moment=value.isoformat()))


def _valid(check: _Check) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """An attrs validator: ``check``, naming the field as ``Record.field``."""

    def validator(record: object, field: attrs.Attribute[Any], value: object) -> None:
        check(f"{type(record).__name__}.{field.name}", value)

    return validator


@attrs.frozen
class _Kind:
    """How a field's value is written as an element's text, read back from it, and checked."""

    write: Callable[[Any], str | None]
    read: Callable[[str | None], Any]
    check: _Check


def _optional_number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


_TEXT = _Kind(lambda value: value, lambda text: text, _one(str, "text"))
_REQUIRED = _Kind(lambda value: value, lambda text: text or "", _one(str, "text", optional=False))
_COUNT = _Kind(str, lambda text: int(text or 0), _one(int, "whole-number", optional=False))
_NUMBER = _Kind(
    lambda value: None if value is None else str(value),
    _optional_number,
    _one(int, "whole-number"),
)
_DATE = _Kind(lambda day: _d(day), lambda text: _date(text), _expect_day)
_FLAG = _Kind(
    lambda flag: "true" if flag else "false",
    lambda text: text == "true",
    _one(bool, "bool", optional=False),
)

_ELEMENT = "eistandaard.cov.element"
"""The metadata key of a record field's ``(element name, kind)`` (as xsdata binds fields)."""


def _element(name: str, kind: _Kind, **field: Any) -> Any:
    """An attrs field written as, and read from, the child element ``name``.

    :param field: passed on to :func:`attrs.field` (``default``, ``converter``).
    """
    return attrs.field(metadata={_ELEMENT: (name, kind)}, validator=_valid(kind.check), **field)


def _bound(record: type[Any]) -> tuple[tuple[str, str, _Kind], ...]:
    """``(element name, field name, kind)`` of ``record``, in the order of ``cov.toml`` [layout]."""
    fields = {
        f.metadata[_ELEMENT][0]: (f.name, f.metadata[_ELEMENT][1])
        for f in attrs.fields(record)
        if _ELEMENT in f.metadata
    }
    order: Sequence[str] = cov_data()["layout"][record.__name__]
    return tuple((name, *fields[name]) for name in order)


def _write(parent: etree._Element, ns: str, item: Any) -> None:
    """The children of ``parent`` for the fields of ``item`` (a ``None`` text is left out)."""
    for name, attribute, kind in _bound(type(item)):
        _sub(parent, ns, name, kind.write(getattr(item, attribute)))


def _read(parent: etree._Element, ns: str, record: type) -> dict[str, Any]:
    """The fields of ``record`` read from the children of ``parent``."""
    return {
        attribute: kind.read(_text(parent, ns, name)) for name, attribute, kind in _bound(record)
    }


@attrs.frozen
class Zoekopdracht:
    """One search: birth date, peildatum and exactly one search path.

    :param bsn: 9 digits; or ``verzekerdennummer``; or ``postcode`` + ``huisnummer``.
    :param referentie: ``ReferentieZorgaanbieder`` (echoed back; never a BSN or a name).
    """

    volgnummer: int = _element("Volgnummer", _COUNT)
    geboortedatum: dt.date | None = _element("Geboortedatum", _DATE)
    peildatum: dt.date | None = _element("Peildatum", _DATE)
    bsn: str | None = _element("Bsn", _TEXT, default=None)
    verzekerdennummer: str | None = _element("Verzekerdenummer", _TEXT, default=None)
    postcode: str | None = _element("Postcode", _TEXT, default=None)
    huisnummer: int | None = _element("Huisnummer", _NUMBER, default=None)
    huisnummertoevoeging: str | None = _element("Huisnummertoevoeging", _TEXT, default=None)
    referentie: str | None = _element("ReferentieZorgaanbieder", _TEXT, default=None)

    def paths(self) -> list[str]:
        """The search paths given."""
        found = []
        if self.bsn:
            found.append("bsn")
        if self.verzekerdennummer:
            found.append("verzekerdennummer")
        if self.postcode or self.huisnummer is not None:
            found.append("postcode")
        return found

    def problems(self, today: dt.date) -> list[str]:
        """What COV would refuse in this search (empty: fine).

        :param today: the Dutch calendar date of the check (a ``datetime.date``).
        :raises InputError: ``today`` of the wrong kind.
        """
        _expect_day("today", today, optional=False)
        where = said_error("cov-search", volgnummer=self.volgnummer)
        found: list[str] = []
        paths = self.paths()
        if len(paths) != 1:
            found.append(said_error("cov-one-path", where=where, count=len(paths)))
        if self.bsn is not None and not elfproef(self.bsn):
            found.append(said_error("cov-bsn", where=where))
        if "postcode" in paths and (not self.postcode or self.huisnummer is None):
            found.append(said_error("cov-postcode", where=where))
        for name in _TEXTS:
            value = getattr(self, name)
            if isinstance(value, str) and xml_text(value) != value:  # never reaches the builder
                found.append(said_error("cov-not-text", where=where, field=name))
        if self.geboortedatum is None:
            found.append(said_error("cov-no-birth-date", where=where))
        if self.peildatum is None:
            found.append(said_error("cov-no-peildatum", where=where))
        else:
            years = int(cov_data()["max_years_back"])
            limit = _years_back(today, years)
            if self.peildatum <= limit:
                found.append(
                    said_error("cov-too-old", where=where, peildatum=self.peildatum, years=years)
                )
        return found


_TEXTS = ("bsn", "verzekerdennummer", "postcode", "huisnummertoevoeging", "referentie")
"""The search's free texts: what XML cannot hold (control characters, bytes that are not UTF-8)
is refused before the VZ801 is built."""


def _years_back(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@attrs.frozen
class CovRequest:
    """VZ801: the provider's 8-digit AGB and 1-20 searches."""

    agb: str = attrs.field(validator=_valid(_REQUIRED.check))
    zoekopdrachten: tuple[Zoekopdracht, ...] = attrs.field(
        validator=_valid(_items(Zoekopdracht, "cov-searches")), converter=_tup
    )

    def check(self, today: dt.date) -> None:
        """Refuse before any call what COV would refuse.

        :param today: the Dutch calendar date of the check (a ``datetime.date``).
        :raises CovPreconditionError: listing every problem.
        :raises InputError: ``today`` of the wrong kind.
        """
        _expect_day("today", today, optional=False)
        problems: list[str] = []
        if not re.fullmatch(r"[0-9]{8}", self.agb):  # ASCII digits only
            problems.append(said_error("cov-agb"))
        count = len(self.zoekopdrachten)
        if count == 0:
            problems.append(said_error("cov-no-searches"))
        if count > int(cov_data()["max_searches"]):
            problems.append(said_error("cov-too-many", count=count))
        numbers = [z.volgnummer for z in self.zoekopdrachten]
        if len(set(numbers)) != len(numbers):
            problems.append(said_error("cov-volgnummer-twice"))
        for search in self.zoekopdrachten:
            problems.extend(search.problems(today))
        if problems:
            raise CovPreconditionError(problems)

    def to_xml(self) -> bytes:
        """The SOAP 1.1 envelope with the VZ801."""
        ns = cov_data()
        m, t = str(ns["messages"]), str(ns["types"])
        env = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"s": SOAP, "m": m, "t": t})
        etree.SubElement(env, f"{{{SOAP}}}Header")
        body = etree.SubElement(env, f"{{{SOAP}}}Body")
        request = etree.SubElement(etree.SubElement(body, f"{{{m}}}Controleer"), f"{{{m}}}Request")
        provider = etree.SubElement(request, f"{{{t}}}Zorgaanbieder")
        _sub(provider, t, "AgbZorgverlenersoort", self.agb[:2])
        _sub(provider, t, "AgbNummer", self.agb[2:])
        searches = etree.SubElement(request, f"{{{t}}}Zoekopdrachten")
        for z in self.zoekopdrachten:
            _write(etree.SubElement(searches, f"{{{t}}}Zoekopdracht"), t, z)
        return etree.tostring(env, xml_declaration=True, encoding="UTF-8")

    @classmethod
    def from_xml(cls, data: bytes) -> CovRequest:
        """Read a VZ801 envelope (the fake COV's side).

        :raises InputError: when it is no VZ801, or ``data`` is not bytes.
        """
        root = _parse(data)
        t = str(cov_data()["types"])
        provider = root.find(f".//{{{t}}}Zorgaanbieder")
        if provider is None:
            raise InputError(said_error("cov-no-zorgaanbieder"))
        agb = (_text(provider, t, "AgbZorgverlenersoort") or "") + (
            _text(provider, t, "AgbNummer") or ""
        )
        searches = [
            Zoekopdracht(**_read(e, t, Zoekopdracht))
            for e in root.iterfind(f".//{{{t}}}Zoekopdracht")
        ]
        return cls(agb, tuple(searches))


@attrs.frozen
class Verzekering:
    """One insurance in a VZ802 (``resultaat``: Actief, Inactief, NietGeautoriseerd...)."""

    resultaat: str = _element("Resultaat", _REQUIRED)
    uzovi: str = _element("UZOVI", _REQUIRED)
    verzekerdennummer: str = _element("Verzekerdenummer", _REQUIRED)
    soort: str = _element("SoortVerzekering", _REQUIRED)
    pakketcode: str | None = _element("Pakketcode", _TEXT, default=None)
    pakketnaam: str | None = _element("Pakketnaam", _TEXT, default=None)
    labelcode: str | None = _element("Labelcode", _TEXT, default=None)
    labelnaam: str | None = _element("Labelnaam", _TEXT, default=None)
    ingangsdatum: dt.date | None = _element("Ingangsdatum", _DATE, default=None)
    einddatum: dt.date | None = _element("Einddatum", _DATE, default=None)


@attrs.frozen
class Verzekerde:
    """The person found, with the insurances."""

    resultaat: str = _element("Resultaat", _REQUIRED)
    bsn: str | None = _element("Bsn", _TEXT)
    geboortedatum: dt.date | None = _element("Geboortedatum", _DATE, default=None)
    overleden: bool = _element("Overleden", _FLAG, default=False)
    verzekeringen: tuple[Verzekering, ...] = attrs.field(
        validator=_valid(_items(Verzekering, "cov-insurances")), default=(), converter=_tup
    )


@attrs.frozen
class Zoekresultaat:
    """The result of one search (``resultaat`` one of ``cov.toml`` [results].search)."""

    volgnummer: int = _element("Volgnummer", _COUNT)
    resultaat: str = _element("Resultaat", _REQUIRED)
    referentie: str | None = _element("ReferentieZorgaanbieder", _TEXT, default=None)
    verzekerde: Verzekerde | None = attrs.field(
        validator=_valid(_one(Verzekerde, "cov-person")), default=None
    )


@attrs.frozen
class CovResponse:
    """VZ802: the message result and one result per search; ``fault`` for a SOAP fault."""

    resultaat: str = attrs.field(validator=_valid(_REQUIRED.check))
    zoekresultaten: tuple[Zoekresultaat, ...] = attrs.field(
        validator=_valid(_items(Zoekresultaat, "cov-results")), default=(), converter=_tup
    )
    fault: str | None = attrs.field(validator=_valid(_TEXT.check), default=None)

    def to_xml(self) -> bytes:
        """The SOAP 1.1 envelope with the VZ802 (or the SOAP fault)."""
        ns = cov_data()
        m, t = str(ns["messages"]), str(ns["types"])
        env = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"s": SOAP, "m": m, "t": t})
        body = etree.SubElement(env, f"{{{SOAP}}}Body")
        if self.fault is not None:
            fault = etree.SubElement(body, f"{{{SOAP}}}Fault")
            etree.SubElement(fault, "faultcode").text = "s:Client"
            etree.SubElement(fault, "faultstring").text = self.fault
            return etree.tostring(env, xml_declaration=True, encoding="UTF-8")
        out = etree.SubElement(
            etree.SubElement(body, f"{{{m}}}ControleerResponse"), f"{{{m}}}Response"
        )
        _sub(out, t, "Resultaat", self.resultaat)
        results = etree.SubElement(out, f"{{{t}}}Zoekresultaten")
        for z in self.zoekresultaten:
            e = etree.SubElement(results, f"{{{t}}}Zoekresultaat")
            _write(e, t, z)
            if z.verzekerde is not None:
                v = etree.SubElement(e, f"{{{t}}}Verzekerde")
                _write(v, t, z.verzekerde)
                policies = etree.SubElement(v, f"{{{t}}}Verzekeringen")
                for p in z.verzekerde.verzekeringen:
                    _write(etree.SubElement(policies, f"{{{t}}}Verzekering"), t, p)
        return etree.tostring(env, xml_declaration=True, encoding="UTF-8")

    @classmethod
    def from_xml(cls, data: bytes) -> CovResponse:
        """Read a VZ802 envelope (a SOAP fault gives ``fault`` and no results).

        :raises InputError: when the body is neither a VZ802 nor a fault, or ``data`` is not
            bytes.
        """
        root = _parse(data)
        fault = root.find(f".//{{{SOAP}}}Fault")
        if fault is not None:
            return cls("Fault", (), fault=value_of(fault.find("faultstring")) or "SOAP fault")
        t = str(cov_data()["types"])
        m = str(cov_data()["messages"])
        response = root.find(f".//{{{m}}}Response")
        if response is None:
            raise InputError(said_error("cov-no-vz802"))
        results = []
        for e in response.iterfind(f".//{{{t}}}Zoekresultaat"):
            person = e.find(f"{{{t}}}Verzekerde")
            verzekerde = None
            if person is not None:
                verzekerde = Verzekerde(
                    **_read(person, t, Verzekerde),
                    verzekeringen=tuple(
                        Verzekering(**_read(x, t, Verzekering))
                        for x in person.iterfind(f".//{{{t}}}Verzekering")
                    ),
                )
            results.append(Zoekresultaat(**_read(e, t, Zoekresultaat), verzekerde=verzekerde))
        return cls(_text(response, t, "Resultaat") or "", tuple(results))


def _sub(parent: etree._Element, ns: str, name: str, value: str | None) -> None:
    if value is not None:
        etree.SubElement(parent, f"{{{ns}}}{name}").text = value


def _text(parent: etree._Element, ns: str, name: str) -> str | None:
    return value_of(parent.find(f"{{{ns}}}{name}")) or None


def _d(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _parse(data: bytes) -> etree._Element:
    expect("data", data, (bytes, bytearray), "bytes", optional=False)
    try:
        return parse(data, kind="data").getroot()
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(said_error("cov-not-xml", exc=exc)) from exc


# -- the merge ----------------------------------------------------------------------------


_TAKEN = "eistandaard.cov.taken"
"""The metadata key of the :class:`Verzekering` field a :class:`Policy` field is taken from."""


def _taken(entry_field: str, *also: Any, **field: Any) -> Any:
    """A :class:`Policy` field that a COV answer's entry sets from its ``entry_field``.

    It takes what the entry's field takes (text, a date or ``None`` ...), and what the
    validators ``also`` allow.

    :param field: passed on to :func:`attrs.field` (``default``).
    """
    kind: _Kind = attrs.fields_dict(Verzekering)[entry_field].metadata[_ELEMENT][1]
    checks = [_valid(kind.check), *also]
    return attrs.field(metadata={_TAKEN: entry_field}, validator=checks, **field)


def _not_blank(record: object, field: attrs.Attribute[str], value: str) -> None:
    """Refuse an empty key of a policy: it would match no policy, or every blank one."""
    if not value.strip():
        raise InputError(
            said_error("cov-policy-blank", field=f"{type(record).__name__}.{field.name}")
        )


_ORIGINS = ("MANUAL", "COV")
"""Where a :class:`Policy` comes from: typed in, or a COV check."""


def _known_origin(_policy: object, _field: attrs.Attribute[str], origin: str) -> None:
    """Refuse an origin :func:`merge_policies` would not know (``manual`` would be neither)."""
    if origin not in _ORIGINS:
        raise InputError(said_error("cov-policy-origin", origin=quoted(origin)))


@attrs.frozen
class Policy:
    """One insurance policy of a client, as the billing product keeps it.

    :param origin: ``MANUAL`` (typed in) or ``COV`` (from a COV check); anything else raises
        :class:`~eistandaard.core.errors.InputError`.
    :param kind: ``SoortVerzekering`` (``Basis``, ``Aanvullend`` ...).
    :param last_verified: when COV last confirmed it (an aware datetime, UTC), ``None`` for never.
    :raises InputError: a field of the wrong kind (the texts ``str``, ``start`` and ``end`` a
        ``datetime.date`` or ``None``, ``active`` a bool), named as ``Policy.<field>``; an
        empty ``id``, ``uzovi`` or ``number``. An ``end`` before ``start`` is kept: a policy
        cancelled before it began is commonly ended the day before its start.
    """

    id: str = attrs.field(validator=[_valid(_REQUIRED.check), _not_blank])
    origin: str = attrs.field(validator=[_valid(_REQUIRED.check), _known_origin])
    uzovi: str = attrs.field(validator=[_valid(_REQUIRED.check), _not_blank])
    number: str = _taken("verzekerdennummer", _not_blank)
    kind: str = _taken("soort", default="Basis")
    package_code: str | None = _taken("pakketcode", default=None)
    package_name: str | None = _taken("pakketnaam", default=None)
    label_code: str | None = _taken("labelcode", default=None)
    label_name: str | None = _taken("labelnaam", default=None)
    start: dt.date | None = _taken("ingangsdatum", default=None)
    end: dt.date | None = _taken("einddatum", default=None)
    active: bool = attrs.field(validator=_valid(_FLAG.check), default=True)
    last_verified: dt.datetime | None = attrs.field(validator=_valid(_expect_moment), default=None)

    def covers(self, day: dt.date) -> bool:
        """Its period contains ``day`` (open ends count as open)."""
        return in_period(day, self.start, self.end)


@attrs.frozen
class MergeReport:
    """What :func:`merge_policies` changed and why (policy ids)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    deactivated: tuple[str, ...] = ()
    reactivated: tuple[str, ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()
    """``(manual_id, cov_id)``: a MANUAL policy with the key of a COV policy."""
    collapsed: tuple[str, ...] = ()
    """Answer entries dropped because another entry of the same key won."""
    warnings: tuple[str, ...] = ()
    """What a person should look at, each led by its COV code where there is one: English as
    ``str``, a :class:`~eistandaard.standards.wording.Worded` that also knows its Dutch."""
    not_verified: str | None = None
    """The result code when nothing was merged (not found, fault, time-out ...)."""
    enable_insurance_funding: bool = False


def uzovi_key(value: str) -> str:
    """The UZOVI as 4 digits, zero-padded (a number lost its leading zeros)."""
    text = value.strip()
    return text.zfill(4) if text.isdigit() else text


def num_key(value: str) -> str:
    """The insured number without spaces, dots and hyphens, upper-case."""
    return re.sub(r"[\s.\-]", "", value).upper()


def num_key_loose(value: str) -> str:
    """:func:`num_key` without leading zeros."""
    return num_key(value).lstrip("0")


def kind_key(value: str) -> str:
    """``basis``, ``aanvullend`` or ``awbz`` (``cov.toml`` [kinds]); others keep their name."""
    kinds: Mapping[str, str] = cov_data()["kinds"]
    return kinds.get(value, value.lower())


def _key(uzovi: str, number: str, kind: str) -> tuple[str, str, str]:
    return uzovi_key(uzovi), num_key(number), kind_key(kind)


def _policy_key(p: Policy) -> tuple[str, str, str]:
    return _key(p.uzovi, p.number, p.kind)


def _entry_key(v: Verzekering) -> tuple[str, str, str]:
    return _key(v.uzovi, v.verzekerdennummer, v.soort)


def _loose_match(p: Policy, key: tuple[str, str, str], v: Verzekering) -> bool:
    """``p`` has the UZOVI and kind of ``key`` and ``v``'s number but for leading zeros."""
    return (
        uzovi_key(p.uzovi) == key[0]
        and kind_key(p.kind) == key[2]
        and num_key_loose(p.number) == num_key_loose(v.verzekerdennummer)
    )


@attrs.frozen
class Verification:
    """What one COV search result says before any merge (:func:`verify_answer`).

    :param person: the person found, when the result is "found" for the person asked; else
        ``None``.
    :param not_verified: the code of why nothing may be taken from it: the message's result
        when it is not ``VerzoekAkkoord``, the search's (``NietGevonden`` ...), ``no-answer``,
        ``no-person`` (found, but no person in it) or ``other-person`` (the person found has
        another BSN than the one asked); ``None`` when verified.
    :param warnings: what the answer itself warns of (a future peildatum, double insurance,
        deceased), as in :attr:`MergeReport.warnings`.
    """

    person: Verzekerde | None
    not_verified: str | None
    warnings: tuple[str, ...] = ()


def verify_answer(
    answer: Zoekresultaat | None,
    *,
    bsn: str | None = None,
    message_result: str = "VerzoekAkkoord",
) -> Verification:
    """Whether a COV search result may be used for the client asked, and its warnings.

    Steps 1 and 2 of :func:`merge_policies`, for a caller that shows an answer without merging
    it (``ei cov check``).

    :param answer: one search result (one of ``CovResponse.zoekresultaten``), ``None`` for none.
    :param bsn: the BSN asked; a result for another person is not verified (``other-person``).
    :param message_result: the VZ802's result (``CovResponse.resultaat``).
    :raises InputError: an argument of the wrong kind.
    """
    expect("answer", answer, Zoekresultaat, "cov-result")
    expect("bsn", bsn, str, "text")
    expect("message_result", message_result, str, "text", optional=False)
    verified = _verified(answer, message_result, bsn)
    if isinstance(verified, str):
        return Verification(None, verified)
    found, person = verified
    return Verification(person, None, tuple(_answer_warnings(found, person)))


def merge_policies(
    existing: Sequence[Policy],
    answer: Zoekresultaat | None,
    peildatum: dt.date,
    now: dt.datetime,
    *,
    bsn: str | None = None,
    message_result: str = "VerzoekAkkoord",
) -> tuple[list[Policy], MergeReport]:
    """Merge one COV search result into a client's policies (pure; nothing is deleted).

    Seed 001 + NOTES.md §3.4: match COV policies on UZOVI (4 digits) + insured number
    (normalised; a unique leading-zero match is accepted with a warning) + kind (basis /
    aanvullend / awbz); update matched ones, add new ones with origin COV, deactivate absent
    active COV policies only when their period covers ``peildatum`` and their insurer was not
    hidden from this provider (``NietGeautoriseerdVoorZorgverzekeraar``); MANUAL policies are
    never changed (a MANUAL policy with the key of a COV entry is reported as a conflict);
    every matched or added policy gets ``last_verified = now``. Anything but a "found" result
    (``answer`` ``None`` for a fault or time-out) changes nothing.

    The decision table, read top down: 1. :func:`_verified` (whether anything is merged);
    2. :func:`_answer_warnings` (1 and 2 are :func:`verify_answer`); 3. :func:`_normalised`
    (one entry per key); 4. each entry matched, updated or added (:meth:`_Merge.take`);
    5. absent COV policies deactivated (:meth:`_Merge.deactivate_absent`); 6. the warnings on
    the result (:meth:`_Merge.report`).

    :param existing: the client's policies, a list or tuple of :class:`Policy` (any order; the
        result keeps it, new ones last).
    :param answer: the search result for this client (one of ``CovResponse.zoekresultaten``).
    :param peildatum: the date asked (a ``datetime.date``, a calendar date in Europe/Amsterdam;
        not a ``datetime``).
    :param now: the check's moment (a ``datetime`` with a zone, UTC).
    :param bsn: the BSN asked; a result for another person changes nothing.
    :param message_result: the VZ802's result (``CovResponse.resultaat``).
    :returns: the new list and a :class:`MergeReport`.
    :raises InputError: an argument of the wrong kind, named, in Dutch and English.
    """
    expect_items("existing", existing, lambda item: isinstance(item, Policy), "cov-policies")
    counted = collections.Counter(policy.id for policy in existing)
    twice = sorted(policy_id for policy_id, n in counted.items() if n > 1)
    if twice:  # the report names policies by id: two of one id could not be told apart
        raise InputError(said_error("cov-policy-id-twice", ids=quoted(twice)))
    _expect_day("peildatum", peildatum, optional=False)
    _expect_moment("now", now, optional=False)
    verification = verify_answer(answer, bsn=bsn, message_result=message_result)
    policies = list(existing)
    person = verification.person
    if person is None:
        return policies, MergeReport(not_verified=verification.not_verified)
    merge = _Merge(policies, peildatum, now, list(verification.warnings))
    entries, collapsed = _normalised(person, peildatum)
    for key, entry in entries:
        merge.take(key, entry)
    merge.deactivate_absent(_hidden(person))
    return merge.policies, merge.report(collapsed)


def _verified(
    answer: Zoekresultaat | None, message_result: str, bsn: str | None
) -> tuple[Zoekresultaat, Verzekerde] | str:
    """Step 1: the result and the person found, or the code of why nothing is merged."""
    found = set(cov_data()["results"]["found"])
    if answer is None or message_result != "VerzoekAkkoord" or answer.resultaat not in found:
        if message_result != "VerzoekAkkoord":
            return message_result
        return "no-answer" if answer is None else answer.resultaat
    person = answer.verzekerde
    if person is None or (bsn is not None and person.bsn != bsn):
        return "other-person" if person else "no-person"
    return answer, person


def _answer_warnings(answer: Zoekresultaat, person: Verzekerde) -> list[str]:
    """Step 2: what the answer itself warns of (a future peildatum, two active, deceased)."""
    warnings: list[str] = []
    if answer.resultaat == "GevondenPeildatumInToekomst":
        warnings.append(said_error("cov-warn-future"))
    if person.resultaat == "DubbeleActieveVerzekeringenGevonden":
        warnings.append(said_error("cov-warn-double"))
    if person.overleden:
        warnings.append(said_error("cov-warn-deceased"))
    return warnings


def _hidden_results() -> Sequence[str]:
    """An entry's results when its insurer is hidden from this provider (``cov.toml``)."""
    hidden: Sequence[str] = cov_data()["results"]["hidden"]
    return hidden


def _hidden(person: Verzekerde) -> set[str]:
    """The UZOVIs of the insurers hidden from this provider (their policies are kept)."""
    return {uzovi_key(v.uzovi) for v in person.verzekeringen if v.resultaat in _hidden_results()}


def _normalised(
    person: Verzekerde, peildatum: dt.date
) -> tuple[list[tuple[tuple[str, str, str], Verzekering]], list[str]]:
    """Step 3: one entry per key (the one covering ``peildatum``, latest first), and the rest.

    :returns: ``(key, entry)`` in the answer's order, and the dropped entries as
        ``uzovi/number/kind/start``.
    """
    groups: dict[tuple[str, str, str], list[Verzekering]] = {}
    for v in person.verzekeringen:
        if v.resultaat in _hidden_results():
            continue
        groups.setdefault(_entry_key(v), []).append(v)
    entries: list[tuple[tuple[str, str, str], Verzekering]] = []
    collapsed: list[str] = []
    for key, group in groups.items():
        covering = [v for v in group if in_period(peildatum, v.ingangsdatum, v.einddatum)]
        pool = covering or group
        winner = max(
            pool, key=lambda v: (v.ingangsdatum or dt.date.min, v.einddatum or dt.date.max)
        )
        entries.append((key, winner))
        collapsed.extend(
            f"{key[0]}/{v.verzekerdennummer}/{v.soort}/{_d(v.ingangsdatum)}"
            for v in group
            if v is not winner
        )
    return entries, collapsed


def _fields(v: Verzekering) -> dict[str, Any]:
    """The fields of a :class:`Policy` that an answer's entry sets.

    Those bound with ``_taken`` as the entry has them, the UZOVI as 4 digits, and ``active``
    when the entry's result is active (``cov.toml`` [results].active).
    """
    taken = {f.name: getattr(v, f.metadata[_TAKEN]) for f in _TAKEN_FIELDS}
    active = v.resultaat in cov_data()["results"]["active"]
    return {**taken, "uzovi": uzovi_key(v.uzovi), "active": active}


_TAKEN_FIELDS = tuple(f for f in attrs.fields(Policy) if _TAKEN in f.metadata)


class _Merge:
    """Steps 4 to 6 of :func:`merge_policies`: the policies as they change, and what changed."""

    def __init__(
        self, policies: list[Policy], peildatum: dt.date, now: dt.datetime, warnings: list[str]
    ) -> None:
        self.policies = policies
        self.peildatum = peildatum
        self.now = now
        self.warnings = warnings
        self.added: list[str] = []
        self.updated: list[str] = []
        self.unchanged: list[str] = []
        self.deactivated: list[str] = []
        self.reactivated: list[str] = []
        self.conflicts: list[tuple[str, str]] = []
        self.matched: set[int] = set()
        """The places in :attr:`policies` an entry of the answer took."""

    def take(self, key: tuple[str, str, str], v: Verzekering) -> None:
        """Step 4: the entry updates the COV policy of its key, or is added; MANUAL conflicts."""
        candidates = self._candidates(key, v)
        if candidates:
            cov_id = self._update(candidates[0], _fields(v))
        else:
            cov_id = self._add(key, _fields(v))
        for p in self.policies:
            if p.origin == "MANUAL" and (_policy_key(p) == key or _loose_match(p, key, v)):
                self.conflicts.append((p.id, cov_id))

    def _candidates(self, key: tuple[str, str, str], v: Verzekering) -> list[int]:
        """The unmatched COV policies of ``key``; else the one loose match (with a warning)."""
        candidates = [
            i
            for i, p in enumerate(self.policies)
            if p.origin == "COV" and i not in self.matched and _policy_key(p) == key
        ]
        if candidates:
            return candidates
        loose = [
            i
            for i, p in enumerate(self.policies)
            if p.origin == "COV" and i not in self.matched and _loose_match(p, key, v)
        ]
        if len(loose) != 1:
            return []
        theirs, ours = self.policies[loose[0]].number, v.verzekerdennummer
        self.warnings.append(said_error("cov-warn-loose", theirs=quoted(theirs), ours=quoted(ours)))
        return loose

    def _update(self, i: int, new_fields: dict[str, Any]) -> str:
        """The policy at ``i`` as the entry says: reactivated, deactivated, updated or not."""
        self.matched.add(i)
        old = self.policies[i]
        new = attrs.evolve(old, last_verified=self.now, **new_fields)
        self.policies[i] = new
        if new.active and not old.active:
            self.reactivated.append(old.id)
        elif old.active and not new.active:
            self.deactivated.append(old.id)
        elif attrs.evolve(new, last_verified=old.last_verified) != old:
            self.updated.append(old.id)
        else:
            self.unchanged.append(old.id)
        return old.id

    def _add(self, key: tuple[str, str, str], new_fields: dict[str, Any]) -> str:
        """A new COV policy for the entry, last."""
        cov_id = _new_id(key, {p.id for p in self.policies})
        self.policies.append(Policy(id=cov_id, origin="COV", last_verified=self.now, **new_fields))
        self.matched.add(len(self.policies) - 1)
        self.added.append(cov_id)
        return cov_id

    def deactivate_absent(self, hidden: set[str]) -> None:
        """Step 5: an active COV policy no entry took, covering the peildatum, not hidden."""
        for i, p in enumerate(self.policies):
            if p.origin != "COV" or i in self.matched or not p.active:
                continue
            if not p.covers(self.peildatum) or uzovi_key(p.uzovi) in hidden:
                continue
            self.policies[i] = attrs.evolve(p, active=False, last_verified=self.now)
            self.deactivated.append(p.id)

    def report(self, collapsed: list[str]) -> MergeReport:
        """Step 6: two active basic policies, an active COV policy not covering the peildatum."""
        active = [p for p in self.policies if p.active]
        if sum(1 for p in active if kind_key(p.kind) == "basis") > 1:
            self.warnings.append(said_error("cov-warn-two-basic"))
        for p in active:
            if p.origin == "COV" and not p.covers(self.peildatum):
                self.warnings.append(said_error("cov-warn-dates", policy=p.id))
        return MergeReport(
            added=tuple(self.added),
            updated=tuple(self.updated),
            unchanged=tuple(self.unchanged),
            deactivated=tuple(self.deactivated),
            reactivated=tuple(self.reactivated),
            conflicts=tuple(self.conflicts),
            collapsed=tuple(collapsed),
            warnings=tuple(self.warnings),
            enable_insurance_funding=bool(active),
        )


def _new_id(key: tuple[str, str, str], taken: set[str]) -> str:
    base = f"cov-{key[0]}-{key[1]}-{key[2]}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
