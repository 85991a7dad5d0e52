"""What every Vektis decisions file shares: reading TOML or JSON, strict keys, COD954 codes.

The receiver's decisions (the insurer's for GDS, the CAK's for BM) are read strictly: an unknown
key, a malformed retourcode or a file that does not parse is a
:class:`~eistandaard.core.errors.DecisionError` naming the key, never silently ignored.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
from lxml import etree

from eistandaard.conventions.vektis.classes import ClassModel
from eistandaard.core.arguments import expect
from eistandaard.core.errors import DecisionError, EIError
from eistandaard.core.findings import Finding, Level, Location
from eistandaard.core.paths import PathCache
from eistandaard.core.text import quoted
from eistandaard.core.xml import local_name
from eistandaard.levels.intake import read_regular_file
from eistandaard.standards.codelists import RETOURCODE_FORM
from eistandaard.standards.wording import parse_problem, said_error

__all__ = [
    "CAK",
    "COD954_FORM",
    "INSURER",
    "Decider",
    "DocumentShape",
    "load_with",
    "only_match",
    "read_decisions",
    "refuse_uncarried",
    "rejection_findings",
    "retourcodes",
    "unique_keys",
    "unknown_keys",
]

COD954_FORM = RETOURCODE_FORM
"""The form of a COD954-VEKT retourcode, as the return schemas' Retourcode type has it."""


@attrs.frozen
class Decider:
    """Who decides at level 5 and how its rejections read (the finding code is ``PREFIX-code``)."""

    prefix: str
    text_nl: str
    text_en: str


CAK = Decider("CAK", "Afgewezen door het CAK.", "Rejected by the CAK.")
"""The receiver of a BM801 (Betaalopdracht Wlz)."""
INSURER = Decider("VZ", "Afgewezen door de zorgverzekeraar.", "Rejected by the insurer.")
"""The receiver of a GDS801 (the zorgverzekeraar)."""


def rejection_findings(
    element: etree._Element,
    codes: Iterable[str],
    decider: Decider,
    details: str,
    paths: PathCache,
) -> list[Finding]:
    """One level-5 (internal) finding per retourcode ``decider`` gives to the class ``element``.

    :param element: the rejected class instance of the request (its xpath and local name are
        the finding's location and class).
    :param details: the identifying value, as ``Name=value`` (``Referentienummer=P0001``).
    :param paths: the request's paths, one cache for all its decisions (a path per element
        counted afresh would make rejecting every prestatie of a wide message quadratic).
    """
    return [
        Finding(
            level=Level.INTERNAL,
            code=f"{decider.prefix}-{code}",
            text_nl=decider.text_nl,
            text_en=decider.text_en,
            retourcode=code,
            locations=(Location(xpath=paths.path(element)),),
            message_class=local_name(element),
            details=details,
        )
        for code in codes
    ]


def refuse_uncarried(
    coded: Mapping[etree._Element, str],
    selected: Mapping[etree._Element, Sequence[Any]],
    model: ClassModel,
    *,
    amounts: Mapping[etree._Element, str] | None = None,
) -> None:
    """Refuse a decision the answer cannot carry: said, never silently dropped.

    A rejected always-returned class (Header, Overzicht ...) short-circuits the answer, and the
    receiver assesses nothing below a rejected class (STB 5.3-5.8): a decision there is lost.

    :param coded: the element each decision with retourcodes is about -> its key as written.
    :param selected: the Feedback the answer carries per class element
        (:func:`~eistandaard.conventions.vektis.returns.select_feedback`).
    :param amounts: the element each decision granting amounts (GDS) is about -> its key; lost
        when the element, a class above it or one inside it is rejected.
    :raises DecisionError: naming the decisions left out and why.
    """
    top = [e for e in selected if model.in_always(e)]
    for element, key in coded.items():
        if element not in selected:
            _not_carried(key, element, selected, top)
    for element, key in (amounts or {}).items():
        inside = [element, *element.iterdescendants()]
        if top or any(e in selected for e in (*inside, *element.iterancestors())):
            _not_carried(key, element, selected, top)


def _not_carried(
    key: str,
    element: etree._Element,
    selected: Mapping[etree._Element, Sequence[Any]],
    top: Sequence[etree._Element],
) -> None:
    """Raise the error of :func:`refuse_uncarried` for the decision ``key`` on ``element``."""

    def codes(rejected: etree._Element) -> str:
        return ", ".join(dict.fromkeys(f.retourcode for f in selected[rejected]))

    above = [a for a in element.iterancestors() if a in selected]
    if top:
        why = said_error("decisions-dropped-top", klass=local_name(top[0]), codes=codes(top[0]))
    elif above:
        why = said_error(
            "decisions-dropped-parent", klass=local_name(above[0]), codes=codes(above[0])
        )
    else:  # the element or a class inside it is rejected: it is granted nothing
        rejected = next(e for e in (element, *element.iterdescendants()) if e in selected)
        why = said_error("decisions-dropped-amounts", codes=codes(rejected))
    raise DecisionError(said_error("decisions-not-carried", keys=key, why=why))


def only_match(
    found: Sequence[etree._Element], where: str, *, missing: str, many: str
) -> etree._Element:
    """The one request element a decision key names.

    :param found: the elements the key names.
    :param where: the key, as errors name it (``decisions: prestatie.P0001``).
    :param missing: the error when it names none (``the BM801 has no Betaalopdracht ...``).
    :param many: what follows "names N" when it names more than one (``prestaties; ...``).
    :raises DecisionError: naming ``where``.
    """
    if not found:
        raise DecisionError(said_error("decisions-key-names-none", where=where, missing=missing))
    if len(found) > 1:
        raise DecisionError(
            said_error("decisions-key-names-many", where=where, count=len(found), many=many)
        )
    return found[0]


def read_decisions(path: Path) -> Any:
    """The parsed content of a decisions file: the one reader of every family.

    The syntax by the file's extension: ``.toml`` TOML, ``.json`` JSON; any other name (``.txt``,
    none) by its first non-blank character: ``{`` JSON, else TOML (a blank file: empty, refused).
    What the content means (the table format or the older lists) is the family's to read.

    :raises DecisionError: when it cannot be read (``{path}: cannot read decisions: ...``), is
        no UTF-8 or does not parse, the place worded in both languages.
    """
    try:
        text = read_regular_file(path).decode("utf-8")  # a FIFO or device refused, never read
        if _syntax(path, text) == "json":
            return json.loads(text, object_pairs_hook=unique_keys)
        return tomllib.loads(text)
    except DecisionError:  # a key given twice: said already
        raise
    # RecursionError: nesting too deep; ValueError: JSON, TOML and UTF-8 decode errors
    except (OSError, ValueError, RecursionError, EIError) as exc:
        raise DecisionError(
            said_error("decisions-not-read", path=path, exc=parse_problem(exc))
        ) from exc


def _syntax(path: Path, text: str) -> str:
    """``json`` or ``toml``: by the extension, else by the first non-blank character.

    A blank file of another name is read as JSON: refused as empty, never taken as no decisions.
    """
    suffix = path.suffix.lower()
    if suffix in (".json", ".toml"):
        return suffix[1:]
    return "json" if text.lstrip()[:1] in ("{", "") else "toml"


_D = TypeVar("_D")


def load_with(path: Path, from_data: Callable[[Any, str], _D]) -> _D:
    """A decisions file (:func:`read_decisions`) read by a family's ``decisions_from_data``.

    :raises DecisionError: unreadable or malformed, the message led by the file's path.
    :raises InputError: ``path`` is no ``str`` or ``pathlib.Path``.
    """
    expect("path", path, (str, os.PathLike), "path", optional=False)
    path = Path(path)
    data = read_decisions(path)
    try:
        return from_data(data, str(path))
    except DecisionError as exc:
        raise DecisionError(said_error("decisions-in-file", path=path, exc=exc)) from exc


@attrs.frozen
class DocumentShape:
    """What a family's decisions document holds: one table of entries keyed by an identifier.

    :param table: the keyed table (``prestatie``), keyed by ``keyed_by`` (``Referentienummers``).
    :param entry_keys: the keys an entry may hold.
    :param other_keys: the other keys the document may hold beside ``table``.
    """

    table: str
    keyed_by: str
    entry_keys: tuple[str, ...]
    other_keys: tuple[str, ...] = ()

    def entries(self, data: Any, where: str) -> list[tuple[str, str, Mapping[str, Any]]]:
        """The entries of the keyed table of ``data``, each a table of known keys.

        :param data: the parsed document (TOML, or JSON of the same structure).
        :param where: the document, as errors name it.
        :returns: (key, where, entry), ``where`` as errors name the entry (``prestatie.P0001``).
        :raises DecisionError: for a document or entry that is no table, or an unknown key.
        """
        if not isinstance(data, Mapping):
            raise DecisionError(said_error("decisions-not-one-table", where=where))
        unknown_keys(data, tuple(sorted((self.table, *self.other_keys))), "")
        entries = data.get(self.table, {})
        if not isinstance(entries, Mapping):
            raise DecisionError(
                said_error("decisions-not-keyed-table", table=self.table, keyed_by=self.keyed_by)
            )
        found: list[tuple[str, str, Mapping[str, Any]]] = []
        for name, entry in entries.items():
            key = f"{self.table}.{name}"
            if not isinstance(entry, Mapping):
                raise DecisionError(said_error("decisions-entry-not-table", key=key))
            unknown_keys(entry, self.entry_keys, key)
            found.append((str(name), key, entry))
        return found


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json`` object hook: a key given twice is refused, never silently the last one.

    :raises DecisionError: naming the key.
    """
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DecisionError(said_error("decisions-key-twice", key=quoted(key)))
        found[key] = value
    return found


def unknown_keys(found: Iterable[Any], allowed: tuple[str, ...], where: str) -> None:
    """Refuse keys outside ``allowed``.

    :param where: the key path so far (``""`` for the top, ``"prestatie.P0001"`` below).
    :raises DecisionError: naming the unknown keys and the allowed ones.
    """
    unknown = sorted(str(key) for key in found if key not in allowed)
    if unknown:
        prefix = f"{where}: " if where else ""
        raise DecisionError(
            said_error(
                "decisions-unknown-entry-key",
                prefix=prefix,
                unknown=", ".join(unknown),
                allowed=", ".join(allowed),
            )
        )


def retourcodes(value: Any, where: str) -> tuple[str, ...]:
    """A list of COD954 retourcodes (four digits or capitals), duplicates dropped.

    :raises DecisionError: for anything else, naming ``where``.
    """
    if not isinstance(value, list) or not all(isinstance(c, str) and c for c in value):
        raise DecisionError(said_error("decisions-not-strings", where=where))
    malformed = [c for c in value if not COD954_FORM.fullmatch(c)]
    if malformed:
        raise DecisionError(
            said_error("decisions-cod954-form", where=where, malformed=", ".join(malformed))
        )
    return tuple(dict.fromkeys(value))
