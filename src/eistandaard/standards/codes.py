"""Tables of eistandaard's own finding codes (levels 1 and 2), read from ``rbc/common/*.toml``.

Each entry of such a table is::

    [EI101]
    name = "empty"            # a stable slug
    level = 1
    vecozo = "BRS14"          # optional: VECOZO's code for the same problem
    nl = "..."                # Dutch text
    en = "..."                # English text

A release catalog can replace the VECOZO code per convention (iWmo/iJw use CC02 where other
VECOZO services say BRS13): see ``vecozo_overrides`` in :func:`finding`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import attrs

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Level, Location, Severity
from eistandaard.standards.resources import data_dir, load_toml

__all__ = ["CodeDef", "code_table", "finding"]


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
                )
            except (KeyError, ValueError) as exc:
                raise DataError(f"{path}: entry {code} is malformed: {exc}") from exc
            if code in table:
                raise DataError(f"{path}: code {code} is defined twice")
            table[code] = definition
    return table


def finding(
    code: str,
    *,
    details: str | None = None,
    locations: Iterable[Location] = (),
    message_class: str | None = None,
    vecozo_overrides: Mapping[str, str] | None = None,
) -> Finding:
    """Build the :class:`Finding` for one of our own codes."""
    try:
        definition = code_table()[code]
    except KeyError as exc:
        raise DataError(f"finding code {code} is not in rbc/common") from exc
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
    )
