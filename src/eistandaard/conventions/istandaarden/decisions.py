"""Receiver decisions: the level-5 rejections only the municipality can make.

A :class:`Decisions` maps a client (by Bsn) or a prestatie (by ReferentieNummer, or by
``Bsn/ReferentieNummer`` when a reference number repeats across clients) to the retourcodes the
receiver gives it; codes for the Header and the Declaratie as a whole are possible too. Every code
is checked against the release's retourcode list (WJ001) when the answer is built.

The JSON file format of ``ei return --decisions FILE.json``; every key is optional::

    {
      "header": ["9056"],
      "declaratie": ["9333"],
      "clienten": {"999900006": ["8187"]},
      "prestaties": {"RN001": ["0611"], "999900018/RN003": ["9307", "9308"]}
    }
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from eistandaard.conventions.istandaarden.selfcheck import check_decision_codes
from eistandaard.core.errors import DecisionError
from eistandaard.core.text import quoted
from eistandaard.standards.codelists import RETOURCODE_FORM, CodeList
from eistandaard.standards.wording import said_error

__all__ = [
    "ClassDecisions",
    "Decisions",
    "decisions_from_data",
    "load_class_decisions",
    "load_decisions",
]

_LISTS = ("header", "declaratie", "clienten", "prestaties")
"""The keys of the older lists format (JSON, or TOML, or a mapping)."""
_KEYS = set(_LISTS)
_TABLES = ("header", "declaratie", "client", "prestatie")
"""The classes of the shared decisions format (a table per class, as GDS and BM have them)."""


def _codes(value: Iterable[str], where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise DecisionError(said_error("decisions-not-code-list", where=where))
    codes = tuple(value)
    if not codes:
        raise DecisionError(said_error("decisions-no-code", where=where))
    for code in codes:
        # Strict as the Vektis decisions: a code is a string of exactly four digits or capitals
        # (not a JSON number, not padded with spaces).
        if not isinstance(code, str) or not RETOURCODE_FORM.fullmatch(code):
            raise DecisionError(said_error("decisions-code-form", where=where, code=quoted(code)))
    return tuple(dict.fromkeys(codes))


def _table(value: Mapping[str, Iterable[str]], where: str) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise DecisionError(said_error("decisions-not-code-map", where=where))
    return {str(key).strip(): _codes(codes, f"{where} {key}") for key, codes in value.items()}


def _header_codes(value: Iterable[str]) -> tuple[str, ...]:
    return _codes(value, "header") if value else ()


def _declaratie_codes(value: Iterable[str]) -> tuple[str, ...]:
    return _codes(value, "declaratie") if value else ()


def _clienten(value: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    return _table(value, "clienten")


def _prestaties(value: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    return _table(value, "prestaties")


class _KeyedCodes:
    """What both decision formats share: their (code, where) pairs, checked against the list."""

    __slots__ = ()

    def keyed_codes(self) -> list[tuple[str, str]]:
        """Every (code, where) pair, ``where`` naming the decision key as the file has it."""
        raise NotImplementedError

    def check_codes(
        self,
        retourcodes: CodeList,
        reserved: Iterable[str] = (),
        on: dt.date | None = None,
    ) -> None:
        """Refuse a code not in the list, not valid on ``on``, or with a fixed role (0001 ...).

        :param on: the answer's Dagtekening: a code must be valid on it (Ingangsdatum inclusive,
            Expiratiedatum exclusive); ``None`` checks existence only.
        :raises DecisionError: naming the key, the code and (for a date) the code's periods.
        """
        fixed = set(reserved)
        for code, where in self.keyed_codes():
            if code not in retourcodes:
                raise DecisionError(
                    said_error(
                        "decisions-code-not-listed",
                        where=where,
                        code=code,
                        retourcodes_name=retourcodes.name,
                    )
                )
            if code in fixed:
                raise DecisionError(said_error("decisions-code-fixed", where=where, code=code))
        if on is not None:
            check_decision_codes(self.keyed_codes(), retourcodes, on)


@attrs.frozen
class Decisions(_KeyedCodes):
    """Retourcodes the receiver gives, by class.

    :param header: codes for the Header (the answer is then the Header only).
    :param declaratie: codes for the declaration as a whole.
    :param clienten: Bsn -> codes for that client (its prestaties become "not assessed").
    :param prestaties: ReferentieNummer (or ``Bsn/ReferentieNummer``) -> codes.

    >>> d = Decisions(prestaties={"RN001": ["0611"]})
    >>> d.prestaties["RN001"]
    ('0611',)
    """

    header: tuple[str, ...] = attrs.field(default=(), converter=_header_codes)
    declaratie: tuple[str, ...] = attrs.field(default=(), converter=_declaratie_codes)
    clienten: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_clienten)
    prestaties: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_prestaties)
    tables: bool = attrs.field(default=False, kw_only=True, eq=False)
    """Whether they were written in the table format: errors name the keys as written then
    (``client.999900006.retourcodes``), else as the older lists have them (``clienten 1``)."""

    def key_name(self, table: str, key: str = "", *, codes: bool = False) -> str:
        """A decision's key as the file writes it, for errors.

        :param table: ``header``, ``declaratie``, ``client`` or ``prestatie``.
        :param key: the client's Bsn or the prestatie's key (empty for header and declaratie).
        :param codes: name its ``retourcodes`` (where a code is written) in the table format.
        """
        if self.tables:
            name = f"{table}.{key}" if key else table
            return f"{name}.retourcodes" if codes else name
        lists = {"client": "clienten", "prestatie": "prestaties"}.get(table, table)
        return f"{lists} {key}" if key else lists

    def __bool__(self) -> bool:
        return bool(self.header or self.declaratie or self.clienten or self.prestaties)

    def all_codes(self) -> set[str]:
        """Every code any decision gives."""
        found = set(self.header) | set(self.declaratie)
        for table in (self.clienten, self.prestaties):
            for codes in table.values():
                found.update(codes)
        return found

    def keyed_codes(self) -> list[tuple[str, str]]:
        """Every (code, key) pair, the key as the decisions file has it (:meth:`key_name`)."""
        found = [(code, self.key_name("header", codes=True)) for code in self.header]
        found += [(code, self.key_name("declaratie", codes=True)) for code in self.declaratie]
        for name, table in (("client", self.clienten), ("prestatie", self.prestaties)):
            for key, codes in table.items():
                found += [(code, self.key_name(name, key, codes=True)) for code in codes]
        return found

    @classmethod
    def from_tables(cls, data: Any) -> Decisions:
        """Decisions in the format every family shares: a table per class.

        Each class is keyed by its identifying value and has ``retourcodes`` (docs/returns.md)::

            [header]
            retourcodes = ["9056"]
            [client."999900006"]
            retourcodes = ["8187"]
            [prestatie."RN001"]
            retourcodes = ["0611"]

        :raises DecisionError: an unknown class or key, a class without retourcodes.
        """
        if not isinstance(data, Mapping):
            raise DecisionError(said_error("decisions-not-table"))
        unknown = set(data) - set(_TABLES)
        if unknown:
            raise DecisionError(
                said_error(
                    "decisions-unknown-table",
                    unknown=", ".join(sorted(unknown)),
                    tables=", ".join(_TABLES),
                )
            )

        def codes(entry: Any, where: str) -> Any:
            if not isinstance(entry, Mapping) or set(entry) != {"retourcodes"}:
                raise DecisionError(said_error("decisions-only-codes", where=where))
            return _codes(entry["retourcodes"], f"{where}.retourcodes")  # named as written

        def keyed(name: str) -> dict[str, Any]:
            table = data.get(name, {})
            if not isinstance(table, Mapping):
                raise DecisionError(said_error("decisions-table-per-key", name=name))
            return {str(key): codes(entry, f"{name}.{key}") for key, entry in table.items()}

        return cls(
            header=codes(data["header"], "header") if "header" in data else (),
            declaratie=codes(data["declaratie"], "declaratie") if "declaratie" in data else (),
            clienten=keyed("client"),
            prestaties=keyed("prestatie"),
            tables=True,
        )

    @classmethod
    def from_json(cls, data: Any) -> Decisions:
        """Decisions from parsed JSON (see the module docstring for the format)."""
        if not isinstance(data, Mapping):
            raise DecisionError(said_error("decisions-json-not-object"))
        unknown = set(data) - _KEYS
        if unknown:  # the table format's keys, the older lists' once
            raise DecisionError(
                said_error(
                    "decisions-unknown-key",
                    unknown=", ".join(sorted(unknown)),
                    keys=", ".join(_TABLES),
                    lists=", ".join(_LISTS),
                )
            )
        return cls(
            header=data.get("header", ()),
            declaratie=data.get("declaratie", ()),
            clienten=data.get("clienten", {}),
            prestaties=data.get("prestaties", {}),
        )


def _is_tables(data: Any) -> bool:
    """Whether a parsed document is in the shared table format (not the older JSON lists)."""
    if not isinstance(data, Mapping):
        return False
    if {"client", "prestatie"} & set(data) or any(
        isinstance(data.get(key), Mapping) for key in ("header", "declaratie")
    ):
        return True
    # [prestaties."RN1"] retourcodes = [...]: the table format with a misspelled class, said so
    return any(
        isinstance(entry, Mapping)
        for key in ("clienten", "prestaties")
        if isinstance(data.get(key), Mapping)
        for entry in data[key].values()
    )


def load_decisions(path: Path | str) -> Decisions:
    """Read a decisions file: TOML or JSON (the syntax as ``read_decisions`` chooses it).

    The format every family shares (a table per class with ``retourcodes``,
    :meth:`Decisions.from_tables`) or the older lists of the module docstring
    (:meth:`Decisions.from_json`), in either syntax: the content decides, as for a mapping.

    :raises DecisionError: when the file cannot be read, is not TOML/JSON or not in a format.
    """
    file = Path(path)
    try:  # a file that parses but does not fit: the message names the file
        return _decisions_of(file)
    except DecisionError as exc:
        if str(file) in str(exc):
            raise
        raise DecisionError(said_error("decisions-in-file", path=path, exc=exc)) from exc


def _decisions_of(path: Path) -> Decisions:
    """The decisions in ``path`` (see :func:`load_decisions`)."""
    from eistandaard.conventions.vektis.decisions import (
        read_decisions,  # the one reader of decisions files, every family
    )

    return decisions_from_data(read_decisions(path))


def decisions_from_data(data: Any) -> Decisions:
    """Decisions of a 323 from the parsed content of a decisions file (or a mapping like it).

    The shared table format (:meth:`Decisions.from_tables`), else the older JSON lists
    (:meth:`Decisions.from_json`).

    :raises DecisionError: not in either format, an unknown key, a malformed code.
    """
    return Decisions.from_tables(data) if _is_tables(data) else Decisions.from_json(data)


@attrs.frozen
class ClassDecisions(_KeyedCodes):
    """Retourcodes the receiver gives to class instances of an IV032 message (301-319).

    The shared table format, with a table per class of the message's class model
    (``rbc/istandaarden/3.2/classes.toml``; the class as its label: ``Header``, ``Client``,
    ``ToegewezenProduct``, ``RelatieContact`` ...), each instance keyed by its identifying
    value (``ToewijzingNummer``, ``ReferentieAanbieder``, ``Bsn``), by that value below its
    parents' (``999900006/1234567``) when it repeats, or by ``#n`` (its position below its
    parent) for a class without identifying elements; a class with one instance (``Header``)
    takes ``retourcodes`` directly::

        [Header]
        retourcodes = ["9056"]
        [AangevraagdProduct."REF-2"]
        retourcodes = ["8187"]

    :param classes: label -> (key -> codes); the key ``""`` is the class's only instance.
    """

    classes: Mapping[str, Mapping[str, tuple[str, ...]]] = attrs.field(factory=dict)

    def __bool__(self) -> bool:
        return any(self.classes.values())

    def keyed_codes(self) -> list[tuple[str, str]]:
        """Every (code, where) pair, ``where`` as the file writes it (``Header.retourcodes``)."""
        return [
            (code, f"{label}.{key}.retourcodes" if key else f"{label}.retourcodes")
            for label, table in self.classes.items()
            for key, codes in table.items()
            for code in codes
        ]

    def match(self, instances: Iterable[Any]) -> list[tuple[Any, tuple[str, ...]]]:
        """Each decision's instances (:class:`.retour.Instance`) and its codes.

        :raises DecisionError: a key that names no instance, a class key for a class with
            several instances.
        """
        every = list(instances)
        found: list[tuple[Any, tuple[str, ...]]] = []
        for label, table in self.classes.items():
            of_class = [i for i in every if i.label.lower() == label.lower()]
            for key, codes in table.items():
                if key == "":
                    matched = of_class if len(of_class) == 1 else []
                    if len(of_class) > 1:
                        raise DecisionError(
                            said_error("decisions-key-needed", label=label, count=len(of_class))
                        )
                else:
                    matched = [
                        i
                        for i in of_class
                        if key in (i.name, i.qualified) or i.qualified.endswith("/" + key)
                    ]
                if not matched:
                    if key:
                        raise DecisionError(
                            said_error("decisions-no-instance", label=label, key=key)
                        )
                    raise DecisionError(said_error("decisions-no-instance-of-class", label=label))
                found += [(instance, codes) for instance in matched]
        return found

    @classmethod
    def from_tables(cls, data: Any, labels: Iterable[str]) -> ClassDecisions:
        """Decisions in the shared table format for the classes ``labels`` of a message.

        :raises DecisionError: an unknown class, a class or instance without only retourcodes.
        """
        if not isinstance(data, Mapping):
            raise DecisionError(said_error("decisions-not-table"))
        known = {label.lower(): label for label in labels}
        unknown = sorted(str(k) for k in data if str(k).lower() not in known)
        if unknown:
            raise DecisionError(
                said_error(
                    "decisions-unknown-class",
                    unknown=", ".join(unknown),
                    known=", ".join(known.values()),
                )
            )
        classes: dict[str, dict[str, tuple[str, ...]]] = {}
        for name, entry in data.items():
            label = known[str(name).lower()]
            if not isinstance(entry, Mapping) or not entry:
                raise DecisionError(said_error("decisions-class-not-table", name=name))
            if "retourcodes" in entry:
                if set(entry) != {"retourcodes"}:
                    raise DecisionError(said_error("decisions-class-only-codes", name=name))
                classes.setdefault(label, {})[""] = _codes(entry["retourcodes"], str(name))
                continue
            for key, inner in entry.items():
                where = f"{name}.{key}"
                if not isinstance(inner, Mapping) or set(inner) != {"retourcodes"}:
                    raise DecisionError(said_error("decisions-only-codes", where=where))
                classes.setdefault(label, {})[str(key).strip()] = _codes(
                    inner["retourcodes"], where
                )
        return cls(classes)


def load_class_decisions(path: Path | str, labels: Iterable[str]) -> ClassDecisions:
    """Read a decisions file (TOML, or JSON of the same tables) for an IV032 message.

    :raises DecisionError: unreadable, not TOML/JSON, an unknown class, a malformed code.
    """
    from eistandaard.conventions.vektis.decisions import (
        read_decisions,  # the one reader of decisions files
    )

    return ClassDecisions.from_tables(read_decisions(Path(path)), labels)
