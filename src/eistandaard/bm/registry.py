"""The rule registry of Betaalopdracht Wlz: ``rbc/bm/<release>/rules.toml``.

Each table is one rule id with its level, messages, class (where the Feedback goes), retourcode
(COD954-VEKT, or a provisional ``Pnnn`` with ``provisional = true``) and Dutch/English texts.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Level
from eistandaard.standards.resources import data_dir, load_toml

__all__ = ["RuleDef", "registry"]


@attrs.frozen
class RuleDef:
    """One registered rule."""

    id: str
    level: Level
    messages: frozenset[str]
    message_class: str
    retourcode: str
    provisional: bool
    text_nl: str
    text_en: str


@functools.cache
def registry(release: str = "2.0") -> Mapping[str, RuleDef]:
    """The rules of BM ``release`` by id, loaded once."""
    path = data_dir("rbc") / "bm" / release / "rules.toml"
    data = load_toml(path)
    rules: dict[str, RuleDef] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            continue
        try:
            rules[key] = RuleDef(
                id=key,
                level=Level(int(entry["level"])),
                messages=frozenset(str(m) for m in entry["messages"]),
                message_class=str(entry["class"]),
                retourcode=str(entry["retourcode"]),
                provisional=bool(entry["provisional"]),
                text_nl=str(entry["nl"]),
                text_en=str(entry["en"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{path}: rule {key} is malformed: {exc}") from exc
    return rules
