"""Locations in a message: local-name XPaths as the iStandaarden rapport writes them.

A location path names each step by its local name and adds ``[n]`` only when the element has
same-named siblings: ``/Bericht/Declaratie/Clienten/Client[2]/Bsn``. This module turns elements
into such paths, paths back into elements (for line numbers), and libxml2's own error paths
(``/p:Bericht/p:Client[1]`` or ``/*/*[2]``) into elements.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from lxml import etree

from eistandaard.core.findings import Location
from eistandaard.core.xml import local_name, string_value, value_of

__all__ = [
    "LocationIndex",
    "PathCache",
    "local_name",
    "source_line",
    "string_value",
    "value_of",
    "walk_steps",
    "xpath_of",
]

_N = TypeVar("_N")


def walk_steps(
    start: _N, steps: Sequence[str], children: Callable[[_N, str | None], Iterable[_N]]
) -> Iterator[_N]:
    """The nodes reached from ``start`` by a path of names, every branch.

    A step ``**`` stands for any number of levels (zero included), as XPath's ``//``; what a
    ``**`` reaches at a node comes before what it reaches below the node's children. The same
    walk serves an lxml tree and a generated model.

    :param steps: the names (``["Klasse", "**", "Bedrag"]``); none: ``start`` itself.
    :param children: a node's children named ``name``, or all of them for ``None``
        (:func:`eistandaard.core.xml.children` for elements).

    >>> from eistandaard.core.xml import children, parse
    >>> root = parse(b"<a><b><c>1</c></b><c>2</c></a>", kind="data").getroot()
    >>> [e.text for e in walk_steps(root, ["**", "c"], children)]
    ['2', '1']
    """
    if not steps:
        yield start
        return
    head, rest = steps[0], steps[1:]
    if head == "**":
        yield from walk_steps(start, rest, children)
        for child in children(start, None):
            yield from walk_steps(child, steps, children)
        return
    for child in children(start, head):
        yield from walk_steps(child, rest, children)


_STEP = re.compile(r"^(?P<name>[^\[\]/]+)(?:\[(?P<index>\d+)\])?$")
_LIBXML_STEP = re.compile(
    r"^(?:(?P<prefix>[^:\[\]/]+):)?(?P<name>[^:\[\]/]+)(?:\[(?P<index>\d+)\])?$"
)


def source_line(element: etree._Element) -> int | None:
    """The line an element starts on, if the parser recorded it."""
    line = element.sourceline
    return line if isinstance(line, int) and line > 0 else None


def xpath_of(element: etree._Element) -> str:
    """The rapport-style path of ``element``: local names, ``[n]`` only where names repeat.

    Siblings count as same-named when their local names match, whatever their namespace, as
    the official rule sets compare ``local-name()``.
    """
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = local_name(node)
        parent = node.getparent()
        if parent is None:
            steps.append(name)
        else:
            siblings = [c for c in parent if isinstance(c.tag, str) and local_name(c) == name]
            if len(siblings) > 1:
                steps.append(f"{name}[{siblings.index(node) + 1}]")
            else:
                steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))


class PathCache:
    """Rapport-style paths of many elements of one document, in linear time overall.

    :func:`xpath_of` counts siblings for every element it is asked about, which is quadratic
    when every Prestatie of a wide message needs its path; here each parent's children are
    numbered once and every path is remembered.
    """

    def __init__(self) -> None:
        self._known: dict[etree._Element, str] = {}
        self._steps: dict[etree._Element, dict[etree._Element, str]] = {}

    def path(self, element: etree._Element) -> str:
        """The same path as :func:`xpath_of` gives."""
        known = self._known.get(element)
        if known is not None:
            return known
        parent = element.getparent()
        if parent is None:
            path = "/" + local_name(element)
        else:
            steps = self._steps.get(parent)
            if steps is None:
                steps = _child_steps(parent)
                self._steps[parent] = steps
            path = f"{self.path(parent)}/{steps[element]}"
        self._known[element] = path
        return path


def _child_steps(parent: etree._Element) -> dict[etree._Element, str]:
    """The path step of each child element: its local name, with ``[n]`` if the name repeats."""
    children = [c for c in parent if isinstance(c.tag, str)]
    counts: dict[str, int] = {}
    for child in children:
        counts[local_name(child)] = counts.get(local_name(child), 0) + 1
    seen: dict[str, int] = {}
    steps: dict[etree._Element, str] = {}
    for child in children:
        name = local_name(child)
        seen[name] = seen.get(name, 0) + 1
        steps[child] = f"{name}[{seen[name]}]" if counts[name] > 1 else name
    return steps


class LocationIndex:
    """Resolves paths to elements in one parsed document, caching child lists per element.

    Resolving many paths costs time linear in the number of steps, not in the size of the
    document, after each visited element's children have been grouped once.
    """

    def __init__(self, tree: etree._ElementTree | etree._Element) -> None:
        self._root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        self._children: dict[int, dict[str, list[etree._Element]]] = {}
        self._keep: list[etree._Element] = []  # keeps ids stable while cached
        self._by_line: dict[int, list[etree._Element]] | None = None
        self._libxml_groups: dict[
            int, tuple[list[etree._Element], dict[tuple[str | None, str], list[etree._Element]]]
        ] = {}
        self._paths = PathCache()

    def _grouped(self, element: etree._Element) -> dict[str, list[etree._Element]]:
        key = id(element)
        groups = self._children.get(key)
        if groups is None:
            groups = defaultdict(list)
            for child in element:
                if isinstance(child.tag, str):
                    groups[local_name(child)].append(child)
            self._children[key] = groups
            self._keep.append(element)
        return groups

    def element(self, path: str) -> etree._Element | None:
        """The element at a rapport-style path, or ``None`` if there is none."""
        steps = [s for s in path.strip().split("/") if s]
        if not steps:
            return None
        first = _STEP.match(steps[0])
        if first is None or first.group("name").rpartition(":")[2] != local_name(self._root):
            return None
        node = self._root
        for step in steps[1:]:
            match = _STEP.match(step)
            if match is None:
                return None
            name = match.group("name").rpartition(":")[2]
            if name.startswith("@") or name.endswith("()"):
                return node  # attribute or text() step: the element is as close as we get
            candidates = self._grouped(node).get(name, [])
            index = int(match.group("index") or 1)
            if index > len(candidates):
                return None
            node = candidates[index - 1]
        return node

    def locate(self, path: str) -> Location:
        """A :class:`Location` with the line of the element at ``path`` (``None`` if absent)."""
        element = self.element(path)
        line = source_line(element) if element is not None else None
        return Location(xpath=path, line=line)

    def from_libxml(self, libxml_path: str | None, line: int | None) -> Location:
        """Turn a libxml2 error path and line into a rapport-style :class:`Location`.

        libxml2 writes prefixed steps (``/p:Bericht/p:Client[2]``) or, for elements in a default
        namespace, ``*`` steps (``/*/*[2]``: the second element child). The element is found by
        following that path down the tree, each parent's children grouped once; failing that,
        the one element that starts on ``line``, or the path translated step by step. The cost
        does not depend on how many elements share ``line``: a message written on one line with
        many errors is mapped in time linear in its size and the number of errors.
        """
        element = self._libxml_element(libxml_path) if libxml_path else None
        if element is None and line is not None and line > 0:
            candidates = self._lines().get(line, [])
            if candidates and (libxml_path is None or len(candidates) == 1):
                element = candidates[0]
        if element is None and libxml_path and "*" not in libxml_path:
            element = self.element(re.sub(r"(?<=/)[^/:\[]+:", "", libxml_path))
        if element is None:
            return Location(xpath=None, line=line if line else None)
        return Location(xpath=self._paths.path(element), line=source_line(element) or line)

    def _libxml_element(self, libxml_path: str) -> etree._Element | None:
        """The element at a path as libxml2's ``xmlGetNodePath`` writes it, or ``None``.

        A step ``p:Name[n]`` is the n-th child named ``Name`` with the prefix ``p`` (``Name[n]``:
        without a namespace); a step ``*[n]`` is the n-th element child, which is in a default
        namespace. ``[n]`` is left out when there is only one. An attribute or text step ends
        the walk at its element.
        """
        steps = libxml_path.strip().split("/")
        if len(steps) < 2 or steps[0]:
            return None
        node: etree._Element | None = None
        for step in steps[1:]:
            if node is not None and (step.startswith("@") or step.endswith("()")):
                return node
            match = _LIBXML_STEP.match(step)
            if match is None:
                return None
            prefix, name = match.group("prefix"), match.group("name")
            if node is None:
                found: list[etree._Element] = [self._root]
            elif name == "*" and prefix is None:
                found = self._libxml_children(node)[0]
            else:
                found = self._libxml_children(node)[1].get((prefix, name), [])
            index = int(match.group("index") or 1)
            if index > len(found):
                return None
            node = found[index - 1]
            if _libxml_step_name(node) != (prefix, name):
                return None
        return node

    def _libxml_children(
        self, element: etree._Element
    ) -> tuple[list[etree._Element], dict[tuple[str | None, str], list[etree._Element]]]:
        """The element children of ``element``, in order and by their libxml2 step name."""
        key = id(element)
        known = self._libxml_groups.get(key)
        if known is None:
            ordered = [c for c in element if isinstance(c.tag, str)]
            named: dict[tuple[str | None, str], list[etree._Element]] = defaultdict(list)
            for child in ordered:
                named[_libxml_step_name(child)].append(child)
            known = self._libxml_groups[key] = (ordered, named)
            self._keep.append(element)
        return known

    def _lines(self) -> dict[int, list[etree._Element]]:
        if self._by_line is None:
            by_line: dict[int, list[etree._Element]] = defaultdict(list)
            for element in self._root.iter():
                line = source_line(element)
                if isinstance(element.tag, str) and line is not None:
                    by_line[line].append(element)
            self._by_line = by_line
        return self._by_line


def _libxml_step_name(element: etree._Element) -> tuple[str | None, str]:
    """``(prefix, local name)`` of ``element`` as a libxml2 path step names it.

    An element in a default namespace is ``(None, "*")``; one without a namespace
    ``(None, name)``.
    """
    qname = etree.QName(element)
    if element.prefix:
        return element.prefix, qname.localname
    if qname.namespace:
        return None, "*"
    return None, qname.localname
