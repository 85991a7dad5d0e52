"""THE XML layer of eistandaard: one hardened parser, local-name navigation and one Builder.

Every XML document the library reads (a message, an answer, an XSD, a stylesheet's output, a
registry file) is parsed by :func:`parse` (bytes) or :func:`parse_file` (a path), both built
on :func:`hardened_parser`: no DTD is loaded, no entity is expanded, nothing is fetched from
the network and libxml2's size limits stay on (no ``huge_tree``). A parse that fails raises
``lxml.etree.XMLSyntaxError`` (a ``SyntaxError``) unchanged; level 1 turns that into EI108.

EI messages are namespaced per release (``http://www.istandaarden.nl/iwmo/3_2/wmo323/bericht``)
and the rule sets compare ``local-name()``, so the navigation helpers here match children by
local name whatever their namespace. :class:`Builder` writes elements in one namespace.

Parses are counted by kind for tests and benchmarks (:func:`count_parses`): the pipeline
promises to parse a message once (``message``), whatever else it parses (``schema``,
``output``, ``data``), and Saxon's own parse of the message counts as ``saxon``.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from lxml import etree

from eistandaard.core.errors import InputError
from eistandaard.standards.wording import os_reason, said_error

__all__ = [
    "Builder",
    "ParseKind",
    "child",
    "child_text",
    "children",
    "count_parses",
    "descend",
    "elements",
    "first",
    "hardened_parser",
    "local_name",
    "namespace_of",
    "note_parse",
    "parse",
    "parse_file",
    "root_of",
    "string_value",
    "text_at",
    "text_of",
    "value_of",
]

ParseKind = Literal["message", "schema", "output", "data", "saxon"]
"""What a parse reads: the message under check, an XSD, a stylesheet's output, other data
(a request given to ``ei diff``, a registry file), or Saxon's parse of the message."""

_COUNTERS: list[Counter[str]] = []
_COUNTERS_LOCK = threading.Lock()


def hardened_parser() -> etree.XMLParser:
    """Make a new lxml parser that reads no DTD, expands no entity and fetches nothing.

    Parsers keep state and are not thread-safe, so every parse makes its own. This is the only
    place in the library that constructs an ``XMLParser``.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        attribute_defaults=False,
        remove_blank_text=False,
    )


def note_parse(kind: ParseKind) -> None:
    """Record one parse of ``kind`` in every active :func:`count_parses` block."""
    if _COUNTERS:
        with _COUNTERS_LOCK:
            for counter in _COUNTERS:
                counter[kind] += 1


@contextlib.contextmanager
def count_parses() -> Iterator[Counter[str]]:
    """Count the parses done inside the block, per :data:`ParseKind` (a hook for tests).

    >>> with count_parses() as parses:
    ...     _ = parse(b"<a/>")
    >>> parses["message"]
    1
    """
    counter: Counter[str] = Counter()
    with _COUNTERS_LOCK:
        _COUNTERS.append(counter)
    try:
        yield counter
    finally:
        with _COUNTERS_LOCK:
            _COUNTERS.remove(counter)


def parse(data: bytes, *, kind: ParseKind = "message") -> etree._ElementTree:
    """Parse ``data`` with :func:`hardened_parser` into a tree.

    :param data: the document (its XML declaration names the encoding; default UTF-8).
    :param kind: what is parsed, for :func:`count_parses`.
    :raises lxml.etree.XMLSyntaxError: the bytes are not well-formed XML.
    :raises ValueError: lxml refuses the input outright (for instance a ``str``).
    """
    note_parse(kind)
    return etree.fromstring(data, hardened_parser()).getroottree()


def parse_file(
    path: Path, *, kind: ParseKind = "data", resolver: etree.Resolver | None = None
) -> etree._ElementTree:
    """Parse the file at ``path`` with :func:`hardened_parser` (its URL is kept for includes).

    :param resolver: a resolver for the documents this one includes (XSD ``xs:include``); it
        stays with the tree, so an ``XMLSchema`` compiled from it uses it too.
    :raises OSError: the file cannot be read.
    :raises lxml.etree.XMLSyntaxError: the file is not well-formed XML.
    """
    note_parse(kind)
    parser = hardened_parser()
    if resolver is not None:
        parser.resolvers.add(resolver)
    return etree.parse(str(path), parser)


def root_of(
    source: bytes | Path | etree._Element, *, what: str = "", kind: ParseKind = "data"
) -> etree._Element:
    """The root element of ``source``: bytes or a file parsed by :func:`parse`, or a root as is.

    :param what: how the error text names the document (``the GDS801``).
    :param kind: what is parsed, for :func:`count_parses`.
    :raises InputError: the file cannot be read or the bytes are not well-formed XML.
    """
    if isinstance(source, etree._Element):
        return source
    what = what or said_error("what-document")
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
        return parse(data, kind=kind).getroot()
    except OSError as exc:
        raise InputError(said_error("xml-unreadable", what=what, reason=os_reason(exc))) from exc
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(said_error("xml-not-well-formed", what=what, exc=exc)) from exc


def local_name(element: etree._Element) -> str:
    """The local name of an element (``Bericht`` for ``{ns}Bericht``; ``""`` for a comment)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace_of(element: etree._Element) -> str:
    """The namespace URI of an element (``""`` when it has none)."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]


def elements(element: etree._Element) -> Iterator[etree._Element]:
    """The child elements of ``element`` (no comments or processing instructions)."""
    return (c for c in element if isinstance(c.tag, str))


def children(element: etree._Element | None, name: str | None = None) -> Iterator[etree._Element]:
    """The child elements of ``element`` with local name ``name`` (all when ``None``)."""
    if element is None:
        return iter(())
    if name is None:
        return elements(element)
    return (c for c in element if isinstance(c.tag, str) and local_name(c) == name)


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child element of ``element`` named ``name`` (local name), or ``None``."""
    return next(children(element, name), None)


def descend(element: etree._Element | None, path: str | Iterable[str]) -> etree._Element | None:
    """Follow local names (``"a/b"`` or a sequence of names) from ``element``.

    At each step the first child of that name is taken; ``None`` when a step is missing.
    """
    steps = path.split("/") if isinstance(path, str) else path
    node = element
    for step in steps:
        if not step:
            continue
        node = child(node, step)
        if node is None:
            return None
    return node


def first(element: etree._Element | None, path: str) -> etree._Element | None:
    """Same as :func:`descend` for a ``/``-separated path: kept for readable call sites."""
    return descend(element, path)


def string_value(element: etree._Element | None) -> str | None:
    """The XPath string value of ``element``: all its text, comments and PIs left out.

    This is what the XSD and ``string(.)`` see: ``<Categorie><!--x-->09</Categorie>`` is
    ``"09"`` where ``element.text`` is ``None``. Every reader of a value uses this (or
    :func:`value_of`), so a value stays right even if a tree with comments reaches it.

    :returns: ``None`` for ``None``, else the text unchanged (not stripped).
    """
    if element is None:
        return None
    return "".join(str(part) for part in element.itertext())


def value_of(element: etree._Element | None) -> str:
    """The stripped string value of ``element`` (:func:`string_value`); ``""`` for ``None``."""
    value = string_value(element)
    return value.strip() if value else ""


def text_of(element: etree._Element | None) -> str:
    """The stripped string value of ``element`` (``""`` for ``None``): :func:`value_of`."""
    return value_of(element)


def text_at(element: etree._Element | None, path: str) -> str | None:
    """The stripped string value at the local-name ``path`` (``a/b``) below ``element``.

    :returns: ``None`` when the element is absent or has no text at all.
    """
    value = string_value(descend(element, path))
    return value.strip() if value else None


def child_text(element: etree._Element | None, path: str) -> str:
    """The stripped text at the local-name ``path`` below ``element`` (``""`` when absent)."""
    return text_of(descend(element, path))


class Builder:
    """Writes elements in one namespace: the one element writer of the library.

    >>> b = Builder("urn:x")
    >>> root = b.root("r")
    >>> _ = b.add(b.add(root, "a"), "b", "7")
    >>> etree.tostring(root).decode()
    '<r xmlns="urn:x"><a><b>7</b></a></r>'
    """

    def __init__(
        self,
        namespace: str,
        *,
        prefix: str | None = None,
        clean: Callable[[str], str] | None = None,
    ) -> None:
        """Write in ``namespace``, as the default namespace or with ``prefix``.

        :param clean: applied to every text written (escaping of characters XML cannot hold).
        """
        self.namespace = namespace
        self.prefix = prefix
        self.clean = clean

    def tag(self, name: str) -> str:
        """The Clark name ``{namespace}name``."""
        return f"{{{self.namespace}}}{name}" if self.namespace else name

    def root(self, name: str) -> etree._Element:
        """A new root element declaring the namespace."""
        # lxml accepts None as the default-namespace key; its stubs want str keys.
        nsmap: dict[str | None, str] = {self.prefix: self.namespace} if self.namespace else {}
        return etree.Element(self.tag(name), nsmap=nsmap)  # type: ignore[arg-type]  # see above

    def element(self, name: str, text: str | None = None) -> etree._Element:
        """A new detached element (to be appended or inserted by the caller)."""
        element = etree.Element(self.tag(name))
        if text is not None:
            element.text = self.clean(text) if self.clean else text
        return element

    def add(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        """Append a child ``name`` to ``parent`` (with ``text`` when given) and return it."""
        element = etree.SubElement(parent, self.tag(name))
        if text is not None:
            element.text = self.clean(text) if self.clean else text
        return element

    def copy(
        self,
        source: etree._Element,
        *,
        moved: str | None,
        name: str | None = None,
        each: Callable[[etree._Element, etree._Element], None] | None = None,
    ) -> etree._Element:
        """A deep copy of ``source`` for a message in this builder's namespace.

        Elements in the namespace ``moved`` (the request's) come in this namespace; others (a
        basisschema's) keep theirs (their prefixes are the answer root's ``nsmap``). A leaf's text
        is its string value: data are never changed (:attr:`clean` is not applied). Comments and
        processing instructions are left out.

        >>> request = etree.fromstring('<r xmlns="urn:q" xmlns:b="urn:b"><b:x>7</b:x></r>')
        >>> etree.tostring(Builder("urn:a").copy(request, moved="urn:q", name="s")).decode()
        '<ns0:s xmlns:ns0="urn:a"><ns0:x xmlns:ns0="urn:b">7</ns0:x></ns0:s>'

        :param name: the top element's new local name (``None``: its own).
        :param each: runs for every element copied, with its source, after its children.
        """
        qname = etree.QName(source)
        namespace = self.namespace if qname.namespace == moved else qname.namespace
        local = name or qname.localname
        copy = etree.Element(f"{{{namespace}}}{local}" if namespace else local)
        kids = [kid for kid in source if isinstance(kid.tag, str)]
        for kid in kids:
            copy.append(self.copy(kid, moved=moved, each=each))
        if not kids:
            copy.text = string_value(source) or None
        if each is not None:
            each(source, copy)
        return copy

    def add_if(self, parent: etree._Element, name: str, text: str | None) -> etree._Element | None:
        """Append ``name`` only when ``text`` is neither ``None`` nor empty."""
        if text is None or text == "":
            return None
        return self.add(parent, name, text)
