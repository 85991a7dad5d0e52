"""The VECOZO data of ``rbc/vecozo/``: streams per message, conventions per family, codes.

``streams.toml`` holds the ``berichtstroom`` values per message (most are provisional: VECOZO
does not publish them) and per family the payload paths the envelope checks compare with;
``codes.toml`` holds the VECOZO codes (CC.., BRS.., TR..) with their Dutch and English texts.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Level, Location, Severity
from eistandaard.core.text import quoted
from eistandaard.standards.resources import data_dir, load_toml

__all__ = [
    "CodeDef",
    "FamilyRules",
    "Stream",
    "family_rules",
    "metadata_schema",
    "pull_retention",
    "reported_codes",
    "stream",
    "streams",
    "vecozo_codes",
    "vecozo_finding",
]


@attrs.frozen
class Stream:
    """The ``berichtstroom`` of one message and the roles of its parties."""

    message: str
    family: str
    berichttype: str
    berichtsubtype: str
    berichtversie: int
    berichtsubversie: int
    actie: str
    afzender_rol: str
    geadresseerde_rol: str
    provisional: bool


_PATH = attrs.validators.matches_re(r"[A-Za-z_][\w.-]*(?:/[A-Za-z_][\w.-]*)*")
"""A payload path of ``streams.toml``: local names below the root, ``/`` between them."""
_OPTIONAL_PATH = attrs.validators.optional(_PATH)


def _whole_days(_rules: object, field: attrs.Attribute[int], value: int) -> None:
    """A whole number of days, not negative (TOML ``true`` or ``"3"`` is no number of days)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{field.name} must be a whole number of days, not {quoted(value)}")


@attrs.frozen
class FamilyRules:
    """Per family: which convention applies and where the payload keeps its keys.

    Paths are local names below the root (``Header/Afzender``).
    """

    family: str
    wmojw: bool = attrs.field(validator=attrs.validators.instance_of(bool))
    dienst: str
    sender: str = attrs.field(validator=_PATH)
    receiver: str = attrs.field(validator=_PATH)
    identificatie: str = attrs.field(validator=_PATH)
    answer_reference: str = attrs.field(validator=_PATH)
    answer_deadline_working_days: int = attrs.field(validator=_whole_days)
    answer_deadline_source: str
    pull_retention_days: int = attrs.field(validator=_whole_days)
    grondslag: str | None = None
    declaratienummer: str | None = attrs.field(default=None, validator=_OPTIONAL_PATH)


@attrs.frozen
class CodeDef:
    """One VECOZO code of ``codes.toml``."""

    code: str
    level: Level
    kind: str
    text_nl: str
    text_en: str
    families: tuple[str, ...] | None = None
    details: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    """Wordings of the details by key: (Dutch, English) templates with ``{name}`` values."""

    def applies_to(self, family: str | None) -> bool:
        """True when the code is used for ``family`` (``None``: family unknown, always)."""
        return self.families is None or family is None or family in self.families


@functools.cache
def _table() -> dict[str, Any]:
    """``streams.toml``, read once (callers copy what they change)."""
    return load_toml(data_dir("rbc") / "vecozo" / "streams.toml")


@functools.cache
def streams() -> Mapping[str, Stream]:
    """All streams of ``streams.toml``, by message name (``WMO323``).

    :raises DataError: when the file is malformed.
    """
    found: dict[str, Stream] = {}
    for name, entry in _table().get("message", {}).items():
        try:
            found[name] = Stream(message=name, **entry)
        except TypeError as exc:
            raise DataError(f"rbc/vecozo/streams.toml: message {name} is malformed: {exc}") from exc
    return found


def stream(message: str) -> Stream:
    """The stream of one message.

    :raises DataError: when ``streams.toml`` has no entry for it.
    """
    try:
        return streams()[message]
    except KeyError as exc:
        raise DataError(f"rbc/vecozo/streams.toml has no stream for {message}") from exc


@functools.cache
def family_rules(family: str) -> FamilyRules:
    """The conventions of one family (``iwmo``).

    :raises DataError: when ``streams.toml`` has no entry for it or it is malformed.
    """
    entry = dict(_table().get("family", {}).get(family, {}))
    if not entry:
        raise DataError(f"rbc/vecozo/streams.toml has no family {family}")
    entry.pop("provisional_dienst", None)
    try:
        return FamilyRules(family=family, **entry)
    except (
        TypeError,
        ValueError,
    ) as exc:  # a key missing or unknown, a value the validators refuse
        raise DataError(f"rbc/vecozo/streams.toml: family {family} is malformed: {exc}") from exc


@functools.cache
def pull_retention(family: str | None) -> tuple[dt.timedelta, dt.timedelta]:
    """How long VECOZO keeps a ready message of ``family``, and a payload after its first download.

    From ``streams.toml``: ``pull_retention_days`` per family and
    ``payload_hours_after_first_download``. A family without data (``None``, unknown) gets the
    shortest retention of any family.

    :raises DataError: when ``streams.toml`` lacks the values.
    """
    families = _table().get("family", {})
    try:
        after = dt.timedelta(hours=int(_table()["payload_hours_after_first_download"]))
        if family in families:
            days = int(families[family]["pull_retention_days"])
        else:
            days = min(int(entry["pull_retention_days"]) for entry in families.values())
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"rbc/vecozo/streams.toml: pull retention is malformed: {exc}") from exc
    return dt.timedelta(days=days), after


@functools.cache
def vecozo_codes() -> Mapping[str, CodeDef]:
    """The codes of ``rbc/vecozo/codes.toml``.

    :raises DataError: when an entry is malformed.
    """
    path = data_dir("rbc") / "vecozo" / "codes.toml"
    table: dict[str, CodeDef] = {}
    for code, entry in load_toml(path).items():
        try:
            families = entry.get("families")
            table[code] = CodeDef(
                code=code,
                level=Level(int(entry["level"])),
                kind=str(entry["kind"]),
                text_nl=str(entry["nl"]),
                text_en=str(entry["en"]),
                families=tuple(families) if families is not None else None,
                details={
                    key: (str(wording["nl"]), str(wording["en"]))
                    for key, wording in entry.get("details", {}).items()
                },
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise DataError(f"{path}: entry {code} is malformed: {exc}") from exc
    return table


@functools.cache
def reported_codes() -> Mapping[str, tuple[str, str]]:
    """The codes VECOZO (or the GGk) reports that ``codes.toml`` does not check: ``(nl, en)``.

    From ``rbc/vecozo/reported.toml`` (BRS12-29, CC02, IB001-IB023, IB901-IB905); they give a code
    in a 400/422 answer or in berichtstatus meldingen a text in clear language.

    :raises DataError: when an entry is malformed.
    """
    path = data_dir("rbc") / "vecozo" / "reported.toml"
    table: dict[str, tuple[str, str]] = {}
    for code, entry in load_toml(path).items():
        try:
            table[code] = (str(entry["nl"]), str(entry["en"]))
        except (KeyError, TypeError) as exc:
            raise DataError(f"{path}: entry {code} is malformed: {exc}") from exc
    return table


@functools.cache
def metadata_schema() -> Mapping[str, Any]:
    """The JSON Schema (eistandaard's) of the REST push ``berichtMetadata`` (the contract checks).

    :raises DataError: when the schema file cannot be read.
    """
    path = data_dir("rbc") / "vecozo" / "berichtmetadata.schema.json"
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc
    return loaded


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def vecozo_finding(
    code: str,
    *,
    details: str | None = None,
    values: Mapping[str, object] | None = None,
    locations: Iterable[Location] = (),
    parts: Sequence[tuple[str, Mapping[str, object]]] = (),
) -> Finding:
    """The finding of one VECOZO code, its texts filled with ``values`` (``{code}`` ...).

    :param details: details as they are (a text VECOZO sent), for every language.
    :param parts: instead, the details as wordings of the code's ``details`` table in
        ``codes.toml`` with their values, joined by ``; ``: English as ``details``, Dutch as
        ``details_nl``.
    :raises DataError: for a code that ``codes.toml`` does not define, or a wording it lacks.
    """
    try:
        definition = vecozo_codes()[code]
    except KeyError as exc:
        raise DataError(f"VECOZO code {code} is not in rbc/vecozo/codes.toml") from exc
    details_nl = None
    if parts:
        try:
            worded = [(definition.details[key], part) for key, part in parts]
            details_nl = "; ".join(nl.format(**part) for (nl, _), part in worded)
            details = "; ".join(en.format(**part) for (_, en), part in worded)
        except (KeyError, IndexError) as exc:
            raise DataError(f"VECOZO code {code}: no wording or value {exc}") from exc
    filled = _Blank({key: str(value) for key, value in (values or {}).items()})
    return Finding(
        level=definition.level,
        code=code,
        text_nl=definition.text_nl.format_map(filled),
        text_en=definition.text_en.format_map(filled),
        vecozo_code=code,
        severity=Severity.ERROR,
        locations=locations,
        details=details,
        details_nl=details_nl,
    )
