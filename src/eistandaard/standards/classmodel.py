"""THE class model of every family: ``rbc/<family>/<release>/classes.toml`` (format 2).

One format and one loader for the classes of the messages that are answered: which classes a
request has, their parents and paths, the elements that identify an instance, whether a class is
always returned, its amounts, where the answer puts its codes (``RetourCodes`` of the
iStandaarden, ``Feedback`` of Vektis) and, per convention, the answer layout by name. A release
that extends another (``release.toml``, :mod:`eistandaard.standards.inheritance`) holds only
what differs: iWmo and iJw 3.2 extend ``rbc/istandaarden/3.2/classes.toml`` with their message
prefix as a variable; GDS 2.0 adds a class to GDS 1.0.

The format (the comments of ``rbc/istandaarden/3.2/classes.toml`` give every field)::

    format = 2
    [messages.WMO301]            # a request that is answered
    answer = "WMO302"
    layout = "iv032"             # a [layouts.iv032] of the file, or a policy's own layout
    codes = "RetourCodes"        # where the codes of a class go
    [[class]]
    id = "WMO301/ToegewezenProduct"
    message = "WMO301"           # may be left out when the file has one message
    name = "ToegewezenProduct"   # the element's local name, as the standard writes it
    parent = "Client"            # "" (default): the root
    path = "ToegewezenProducten/ToegewezenProduct"   # below the parent's element
    key = ["ToewijzingNummer"]   # identifying elements (iStandaarden), empty: by position

Vektis classes use ``identifying`` (the elements a return copies), ``always``,
``return_extra`` and ``amounts`` (elements only the return has); the message may name an
``amount_class`` and its ``amount``. ``container = true`` marks a class that only groups others
(the GDS ``Prestatie`` around a DebetPrestatie or CreditPrestatie): it identifies nothing, and
the pairing of request and answer (:mod:`eistandaard.answers.pairing`) pairs its classes below
its parent.

>>> model = class_model("iwmo", "3.2").message("WMO301")
>>> model.answer, [c.label for c in model.children("Client")]
('WMO302', ['Relatie', 'Contact', 'ToegewezenProduct'])
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from eistandaard.core.errors import DataError
from eistandaard.core.text import quoted
from eistandaard.standards.inheritance import load_release_toml

__all__ = ["ClassModelFile", "ClassSpec", "MessageModel", "class_model", "parse_class_model"]

FORMAT = 2
"""The version of the class-model format this loader reads."""


def _split(path: str) -> tuple[str, ...]:
    return tuple(step for step in path.split("/") if step)


@attrs.frozen
class ClassSpec:
    """One class of a request message.

    :param id: unique in its file (``WMO301/ToegewezenProduct``); its last part is the
        :attr:`label` decisions use (it tells apart two classes of one element name).
    :param name: the element's local name (``Contact``).
    :param parent: the parent class's label (``""``: the root).
    :param path: local names from the parent's element to this class's element.
    :param key: local-name paths of the identifying elements inside the class (empty: known by
        position).
    :param identifying: (Vektis) the elements a return copies to identify the class.
    :param always: returned in every answer (Header, Overzicht).
    :param amounts: amounts of the class (iStandaarden: the request's; Vektis: the return's).
    :param return_extra: (Vektis) amount classes only the return has.
    :param container: the class only groups others (GDS ``Prestatie``): it is not paired
        itself, its classes pair below its parent (:func:`eistandaard.answers.pairing.pair`).
    """

    id: str
    message: str
    name: str
    parent: str = ""
    path: tuple[str, ...] = ()
    key: tuple[tuple[str, ...], ...] = ()
    identifying: tuple[str, ...] = ()
    always: bool = False
    amounts: tuple[str, ...] = ()
    return_extra: tuple[str, ...] = ()
    container: bool = False

    @property
    def label(self) -> str:
        """The class as decisions and explanations name it (the last part of ``id``)."""
        return self.id.rpartition("/")[2]


@attrs.frozen
class MessageModel:
    """The classes of one request message and how its answer is laid out."""

    request: str
    answer: str | None
    layout: str | None
    codes: str
    classes: tuple[ClassSpec, ...]
    """In file order: parents before children."""
    fields: Mapping[str, Any] = attrs.field(factory=dict)
    """Other entries of ``[messages.NAME]`` (Vektis ``amount_class``, ``amount``)."""

    def get(self, label: str) -> ClassSpec:
        """The class with this label (``ToegewezenProduct``, ``RelatieContact``).

        :raises DataError: the message has no such class.
        """
        for spec in self.classes:
            if spec.label == label:
                return spec
        raise DataError(f"class model of {self.request}: no class {quoted(label)}")

    def children(self, label: str) -> tuple[ClassSpec, ...]:
        """The classes whose parent is ``label`` (``""``: the top-level classes)."""
        return tuple(c for c in self.classes if c.parent == label)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every class label, in file order."""
        return tuple(c.label for c in self.classes)


@attrs.frozen
class ClassModelFile:
    """A release's resolved ``classes.toml``: its messages and its answer layouts."""

    messages: Mapping[str, MessageModel]
    layouts: Mapping[str, Mapping[str, Any]]
    fields: Mapping[str, Any]
    """Top-level entries other than ``format``, ``messages``, ``layouts``, ``class``."""

    def message(self, name: str) -> MessageModel:
        """The model of request ``name``.

        :raises DataError: the file does not model it.
        """
        try:
            return self.messages[name]
        except KeyError:
            raise DataError(f"the class model has no request message {name}") from None

    def answering(self, answer: str) -> MessageModel | None:
        """The model whose request ``answer`` answers, if any."""
        return next((m for m in self.messages.values() if m.answer == answer), None)

    def layout(self, name: str) -> Mapping[str, Any]:
        """The answer layout ``name`` (``iv032``).

        :raises DataError: the file has no such layout.
        """
        try:
            return self.layouts[name]
        except KeyError:
            raise DataError(f"the class model has no layout {quoted(name)}") from None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{where} must be a list of strings")
    return tuple(value)


def _class(entry: Any, single: str | None, where: str) -> ClassSpec:
    if not isinstance(entry, Mapping):
        raise DataError(f"{where}: a [[class]] must be a table")
    known = {
        "id",
        "message",
        "name",
        "parent",
        "path",
        "key",
        "identifying",
        "always",
        "amounts",
        "return_extra",
        "container",
    }
    unknown = set(entry) - known
    if unknown:
        raise DataError(f"{where}: unknown class field(s) {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not name:
        raise DataError(f"{where}: a class needs a name")
    message = entry.get("message", single)
    if not isinstance(message, str):
        raise DataError(f"{where}: class {name} names no message (the file has several)")
    ident = entry.get("id", f"{message}/{name}")
    return ClassSpec(
        id=str(ident),
        message=message,
        name=name,
        parent=str(entry.get("parent", "")),
        path=_split(str(entry.get("path", name))),
        key=tuple(_split(k) for k in _strings(entry.get("key", []), f"{where} {name}.key")),
        identifying=_strings(entry.get("identifying", []), f"{where} {name}.identifying"),
        always=bool(entry.get("always", False)),
        amounts=_strings(entry.get("amounts", []), f"{where} {name}.amounts"),
        return_extra=_strings(entry.get("return_extra", []), f"{where} {name}.return_extra"),
        container=bool(entry.get("container", False)),
    )


def parse_class_model(data: Mapping[str, Any], where: str | Path) -> ClassModelFile:
    """The class model of a loaded (resolved) ``classes.toml``; ``where`` names it in errors.

    :raises DataError: another format, an unknown field, a class of an unknown message or
        parent, two classes with one id.
    """
    if data.get("format") != FORMAT:
        raise DataError(f"{where}: expected format = {FORMAT}")
    raw_messages = data.get("messages", {})
    if not isinstance(raw_messages, Mapping) or not raw_messages:
        raise DataError(f"{where}: [messages] must name the request messages")
    single = next(iter(raw_messages)) if len(raw_messages) == 1 else None
    specs: dict[str, list[ClassSpec]] = {name: [] for name in raw_messages}
    seen: set[str] = set()
    for entry in data.get("class", []):
        spec = _class(entry, single, str(where))
        if spec.message not in specs:
            raise DataError(f"{where}: class {spec.id} belongs to unknown message {spec.message}")
        if spec.id in seen:
            raise DataError(f"{where}: two classes with id {spec.id}")
        seen.add(spec.id)
        specs[spec.message].append(spec)
    messages: dict[str, MessageModel] = {}
    for name, entry in raw_messages.items():
        if not isinstance(entry, Mapping):
            raise DataError(f"{where}: [messages.{name}] must be a table")
        labels = {c.label for c in specs[name]}
        for spec in specs[name]:
            if spec.parent and spec.parent not in labels:
                raise DataError(f"{where}: {spec.id} has unknown parent {spec.parent}")
        rest = {k: v for k, v in entry.items() if k not in {"answer", "layout", "codes"}}
        messages[name] = MessageModel(
            request=name,
            answer=entry.get("answer"),
            layout=entry.get("layout"),
            codes=str(entry.get("codes", "RetourCodes")),
            classes=tuple(specs[name]),
            fields=rest,
        )
    layouts = data.get("layouts", {})
    if not isinstance(layouts, Mapping):
        raise DataError(f"{where}: [layouts] must be tables")
    fields = {k: v for k, v in data.items() if k not in {"format", "messages", "layouts", "class"}}
    return ClassModelFile(messages=messages, layouts=dict(layouts), fields=fields)


@functools.cache
def class_model(family: str, release: str) -> ClassModelFile:
    """The bundled class model of ``family``/``release``, bases resolved.

    :raises DataError: the release (and its bases) has no ``classes.toml``, or it is malformed.
    """
    found = load_release_toml(family, release, "classes.toml")
    if found is None:
        raise DataError(f"no class model for {family}/{release} (classes.toml missing)")
    data, path = found
    return parse_class_model(data, path)
