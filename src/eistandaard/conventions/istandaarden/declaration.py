"""A read-only view of a declaration or its answer: header, clients, prestaties and amounts.

Both the request (``WMO323``) and the answer (``WMO325``) have the same client and prestatie
structure; the view finds them through the class paths of the :class:`AnswerModel` and gives each
client and prestatie its rapport-style location path, its identifying value and its amount as
signed eurocents (debit positive, credit negative).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
from lxml import etree

from eistandaard.conventions.istandaarden.model import AnswerModel
from eistandaard.core.paths import local_name, string_value
from eistandaard.levels.intake import read_document

__all__ = [
    "ClientItem",
    "Declaration",
    "PrestatieItem",
    "XmlSource",
    "child",
    "find",
    "parse_xml",
    "read_declaration",
    "signed_amount",
    "text_at",
]

XmlSource = bytes | str | Path | etree._ElementTree | etree._Element
"""A message as bytes, a file path, or an already parsed lxml tree or root element."""


def parse_xml(source: XmlSource) -> etree._ElementTree:
    """A message's tree; bytes and paths pass the level-1 intake first.

    The intake is :func:`eistandaard.validate`'s: size, no DOCTYPE, parser limits, comments
    and processing instructions removed.

    :param source: bytes, a file path (``str`` or ``Path``) or an already parsed tree/element
        (used as it is).
    :raises UnreadableError: the source does not pass level 1 (an ``InputError``).
    :raises SourceError: a ``str`` that holds XML instead of a path.
    :raises SourceNotFoundError: the path names no file.
    """
    if isinstance(source, etree._ElementTree):
        return source
    if isinstance(source, etree._Element):
        return source.getroottree()
    return read_document(source)


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Return the child elements with local name ``name``."""
    return [c for c in element if isinstance(c.tag, str) and local_name(c) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    """Return the first child element with local name ``name``."""
    return next((c for c in element if isinstance(c.tag, str) and local_name(c) == name), None)


def find(element: etree._Element | None, path: tuple[str, ...] | str) -> etree._Element | None:
    """Return the element at a local-name path below ``element`` (first match at each step)."""
    steps = tuple(s for s in path.split("/") if s) if isinstance(path, str) else path
    node = element
    for step in steps:
        if node is None:
            return None
        node = child(node, step)
    return node


def text_at(element: etree._Element | None, path: tuple[str, ...] | str = ()) -> str | None:
    """Return stripped text of the element at ``path`` below ``element``, or ``None``."""
    node = find(element, path) if path else element
    value = string_value(node)
    return value.strip() if value else None


def signed_amount(
    element: etree._Element | None, value: str, sign: str, model: AnswerModel
) -> int | None:
    """Return an amount (``Bedrag`` + ``DebetCredit``) in signed cents; ``None``: unreadable."""
    raw = text_at(element, value)
    dc = text_at(element, sign)
    if raw is None or not raw.isdigit():
        return None
    cents = int(raw)
    if dc == model.amounts["debit"]:
        return cents
    if dc == model.amounts["credit"]:
        return -cents
    return None


@attrs.frozen
class PrestatieItem:
    """One prestatie: its element, 1-based position in its client, path, reference and amount."""

    element: etree._Element
    index: int
    xpath: str
    referentie: str | None
    amount: int | None


@attrs.frozen
class ClientItem:
    """One client with its prestaties."""

    element: etree._Element
    index: int
    xpath: str
    bsn: str | None
    prestaties: tuple[PrestatieItem, ...]


@attrs.frozen
class Declaration:
    """A parsed declaration (request) or declaration answer, seen through the answer model.

    :param body: the ``Declaratie`` (request) or ``DeclaratieAntwoord`` (answer) element.
    :param total: TotaalIngediendBedrag as signed eurocents (``None`` when absent or unreadable).
    """

    tree: etree._ElementTree
    model: AnswerModel
    header: etree._Element | None
    body: etree._Element | None
    nummer: str | None
    total: int | None
    clients: tuple[ClientItem, ...]

    @property
    def root(self) -> etree._Element:
        """The root element."""
        return self.tree.getroot()

    def prestaties(self) -> Iterator[tuple[ClientItem, PrestatieItem]]:
        """Every prestatie with its client, in document order."""
        for client in self.clients:
            for prestatie in client.prestaties:
                yield client, prestatie


def _step(name: str, index: int, count: int) -> str:
    return f"{name}[{index}]" if count > 1 else name


def read_declaration(tree: etree._ElementTree, model: AnswerModel, *, answer: bool) -> Declaration:
    """Return the view of a request (``answer=False``) or of an answer message (``answer=True``)."""
    root = tree.getroot()
    header_def = model.class_def("Header")
    body_def = model.class_def("Declaratie")
    client_def = model.class_def("Client")
    prestatie_def = model.class_def("Prestatie")
    header = find(root, header_def.path)
    body_path = body_def.path
    if answer:
        body_path = (model.layout["Declaratie"][0],)
    body = find(root, body_path)

    # Client path below the body, prestatie path below the client.
    clients_path = client_def.path[len(body_def.path) : -1]
    prestaties_path = prestatie_def.path[len(client_def.path) : -1]
    client_name = client_def.path[-1]
    prestatie_name = prestatie_def.path[-1]
    amount_el = prestatie_def.field("amount")

    base = "/" + local_name(root) + "/" + "/".join(body_path)
    clients: list[ClientItem] = []
    holder = find(body, clients_path) if body is not None else None
    client_elements = children(holder, client_name) if holder is not None else []
    client_base = base + "".join("/" + s for s in clients_path)
    for ci, client_el in enumerate(client_elements, start=1):
        client_xpath = f"{client_base}/{_step(client_name, ci, len(client_elements))}"
        prestatie_holder = find(client_el, prestaties_path)
        prestatie_elements = (
            children(prestatie_holder, prestatie_name) if prestatie_holder is not None else []
        )
        prestatie_base = client_xpath + "".join("/" + s for s in prestaties_path)
        prestaties = tuple(
            PrestatieItem(
                element=el,
                index=pi,
                xpath=f"{prestatie_base}/{_step(prestatie_name, pi, len(prestatie_elements))}",
                referentie=text_at(el, prestatie_def.key),
                amount=signed_amount(
                    child(el, amount_el),
                    prestatie_def.field("amount_value"),
                    prestatie_def.field("sign"),
                    model,
                ),
            )
            for pi, el in enumerate(prestatie_elements, start=1)
        )
        clients.append(
            ClientItem(
                element=client_el,
                index=ci,
                xpath=client_xpath,
                bsn=text_at(client_el, client_def.key),
                prestaties=prestaties,
            )
        )
    total = None
    if body is not None:
        total = signed_amount(
            child(body, body_def.field("total")),
            body_def.field("total_value"),
            body_def.field("sign"),
            model,
        )
    return Declaration(
        tree=tree,
        model=model,
        header=header,
        body=body,
        nummer=text_at(body, body_def.field("number")) if body is not None else None,
        total=total,
        clients=tuple(clients),
    )
