"""Tables of eistandaard's own finding codes (levels 1 and 2), read from ``rbc/common/*.toml``.

Each entry of such a table is::

    [EI101]
    name = "empty"            # a stable slug
    level = 1
    vecozo = "BRS14"          # optional: VECOZO's code for the same problem
    nl = "..."                # Dutch text
    en = "..."                # English text

    [EI101.details]           # optional: the wordings of its details, by key
    over = { nl = "{size}; het maximum is {limit} bytes", en = "{size}; the maximum is ..." }

A check names a wording and its values (``finding("EI101", detail="over", values=...)``); the
finding gets the English wording as ``details`` and the Dutch one as ``details_nl``. Values
(sizes, names, an engine's own message) are put in as they are, in both languages.

A release catalog can replace the VECOZO code per convention (iWmo/iJw use CC02 where other
VECOZO services say BRS13): see ``vecozo_overrides`` in :func:`finding`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import attrs

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Level, Location, Severity
from eistandaard.core.text import quoted
from eistandaard.standards.resources import data_dir, load_toml
from eistandaard.standards.wording import Worded

__all__ = ["CodeDef", "code_table", "detail_wordings", "finding", "worded_details"]


@attrs.frozen
class CodeDef:
    """One code of a table."""

    code: str
    name: str
    level: Level
    text_nl: str
    text_en: str
    vecozo: str | None = None
    severity: Severity = Severity.ERROR
    details: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    """Wordings of the details by key: (Dutch, English) templates with ``{name}`` values."""


@functools.cache
def code_table() -> Mapping[str, CodeDef]:
    """All codes of ``rbc/common/level*.toml``, loaded once."""
    table: dict[str, CodeDef] = {}
    for path in sorted(data_dir("rbc").joinpath("common").glob("level*.toml")):
        for code, entry in load_toml(path).items():
            if not isinstance(entry, dict):
                continue
            try:
                definition = CodeDef(
                    code=code,
                    name=str(entry["name"]),
                    level=Level(int(entry["level"])),
                    text_nl=str(entry["nl"]),
                    text_en=str(entry["en"]),
                    vecozo=entry.get("vecozo"),
                    severity=Severity(entry.get("severity", "error")),
                    details={
                        key: (str(wording["nl"]), str(wording["en"]))
                        for key, wording in entry.get("details", {}).items()
                    },
                )
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise DataError(f"{path}: entry {code} is malformed: {exc}") from exc
            if code in table:
                raise DataError(f"{path}: code {code} is defined twice")
            table[code] = definition
    return table


def _in(value: object, lang: str) -> object:
    """A value of a finding's details: a worded text in ``lang``, anything else as it is."""
    return value.text(lang) if isinstance(value, Worded) else value


def finding(
    code: str,
    *,
    details: str | None = None,
    locations: Iterable[Location] = (),
    message_class: str | None = None,
    vecozo_overrides: Mapping[str, str] | None = None,
    detail: str | None = None,
    values: Mapping[str, object] | None = None,
) -> Finding:
    """Build the :class:`Finding` for one of our own codes.

    :param details: details as they are (a value, an engine's message), for every language.
    :param detail: instead, the key of a wording in the code's ``details`` table, filled in
        with ``values``: English as ``details``, Dutch as ``details_nl`` (a
        :class:`~eistandaard.standards.wording.Worded` value in each one's language).
    :raises DataError: the code, or the wording, is not in ``rbc/common``; a value is missing.
    """
    try:
        definition = code_table()[code]
    except KeyError as exc:
        raise DataError(f"finding code {code} is not in rbc/common") from exc
    details_nl = None
    if detail is not None:
        try:
            dutch, english = definition.details[detail]
            given = values or {}
            # a value that is a worded text (an operating system's reason) in each text's language
            details_nl = dutch.format(**{k: _in(v, "nl") for k, v in given.items()})
            details = english.format(**{k: _in(v, "en") for k, v in given.items()})
        except (KeyError, IndexError) as exc:
            raise DataError(f"finding code {code}: no wording {quoted(detail)} for {exc}") from exc
    vecozo = definition.vecozo
    if vecozo_overrides and code in vecozo_overrides:
        vecozo = vecozo_overrides[code]
    return Finding(
        level=definition.level,
        code=code,
        text_nl=definition.text_nl,
        text_en=definition.text_en,
        vecozo_code=vecozo,
        severity=definition.severity,
        locations=locations,
        message_class=message_class,
        details=details,
        details_nl=details_nl,
    )


@functools.cache
def detail_wordings() -> Mapping[str, Mapping[str, tuple[str, str]]]:
    """The wordings of ``rbc/common/details.toml`` by table and key: (Dutch, English) templates.

    For details of findings whose code is not one of ours (a rule id of the standard), so the
    wording cannot sit under the code in ``level*.toml``.

    :raises DataError: the file is missing or an entry is malformed.
    """
    path = data_dir("rbc").joinpath("common", "details.toml")
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    for table, entries in load_toml(path).items():
        try:
            tables[table] = {
                key: (str(wording["nl"]), str(wording["en"])) for key, wording in entries.items()
            }
        except (KeyError, TypeError, AttributeError) as exc:
            raise DataError(f"{path}: table {table} is malformed: {exc}") from exc
    return tables


def worded_details(table: str, key: str, values: Mapping[str, object]) -> tuple[str, str]:
    """The Dutch and English details of wording ``key`` of ``table`` (``rbc/common/details.toml``).

    :returns: ``(details_nl, details)``, filled in with ``values`` (put in as they are).
    :raises DataError: the table, the wording or one of its values is missing.
    """
    try:
        dutch, english = detail_wordings()[table][key]
        return dutch.format(**values), english.format(**values)
    except (KeyError, IndexError) as exc:
        raise DataError(f"details.toml: no wording {table}.{key} for {exc}") from exc
