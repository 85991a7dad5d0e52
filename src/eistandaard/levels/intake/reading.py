"""One reading of the bytes: the cleaned document every later stage reads, and Saxon's limits.

After the well-formedness check (:mod:`eistandaard.levels.intake.wellformed`) the intake

1. removes every comment and processing instruction from the tree (:func:`clean_tree`), so a
   value is its string value for every reader: ``<Categorie><!--x-->09</Categorie>`` is
   ``09`` for the XSD, the relation rules, the code lists, the catalog and the answers alike;
2. serialises the cleaned tree (:func:`serialize`): these bytes, not the raw input, are what
   Saxon parses for the relation rules, so Saxon and lxml read one document;
3. checks that the parser inside Saxon takes that document (:func:`check_parser_limits`):
   lxml accepts what the JDK parser refuses (more than 200 attributes and namespace
   declarations on one element, names over 1000 characters, ``version="1.5"``, ...). Such a
   document is a level-1 finding (EI131, EI132), never an engine error at level 3.

The limits are data: ``rbc/common/intake/parser-limits.toml``. Element line numbers survive
the cleaning (lxml keeps each element's ``sourceline``), so findings keep pointing at the
lines of the file the user gave.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import attrs
from lxml import etree

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Location
from eistandaard.core.text import quoted
from eistandaard.standards.codes import finding
from eistandaard.standards.resources import data_dir, load_toml

__all__ = [
    "LibxmlLimit",
    "ParserLimits",
    "check_parser_limits",
    "clean_tree",
    "parser_limits",
    "serialize",
]

_ENTITY_REFERENCE = re.compile(rb"&(?:amp|lt|gt|quot|apos);")
_SPAN = 800
_LONG_MARKUP = re.compile(rb"<[^<]{%d,}" % _SPAN)
"""A start tag (or text) of 800 bytes or more: the only place where more than 200 attributes, or
a name or namespace name of more than 1000 characters, can be. Without one, no element needs to
be looked at one by one."""
_NON_ASCII = re.compile(rb"[\x80-\xff]+")


@attrs.frozen
class ParserLimits:
    """The limits of Saxon's XML parser (``rbc/common/intake/parser-limits.toml``).

    Each number is the largest value the parser still accepts.
    """

    max_depth: int
    max_attributes: int
    max_name_length: int
    max_namespace_uri_length: int
    max_entity_references: int
    versions: tuple[str, ...]
    xml11_differs: re.Pattern[str]
    name_pattern: re.Pattern[str]
    """A name the parser takes (checked for non-ASCII names only)."""
    libxml: tuple[LibxmlLimit, ...] = ()
    """libxml2's own limits, by the message it gives when one is reached."""

    def libxml_limit(self, message: str) -> LibxmlLimit | None:
        """The libxml2 limit a parse error's ``message`` reports, or ``None`` for another error."""
        lowered = message.lower()
        for limit in self.libxml:
            if any(words in lowered for words in limit.messages):
                return limit
        return None


@attrs.frozen
class LibxmlLimit:
    """One of libxml2's own limits (``[libxml]`` of ``parser-limits.toml``).

    :param kind: ``depth``, ``name`` or ``size``: the wording ``libxml-KIND`` of EI132.
    :param limit: the limit in levels, characters or bytes.
    :param messages: words of libxml2's messages for it, in lower case.
    """

    kind: str
    limit: int
    messages: tuple[str, ...]


@functools.cache
def parser_limits() -> ParserLimits:
    """The parser limits, read once.

    :raises DataError: when the data file is missing or malformed.
    """
    path = data_dir("rbc") / "common" / "intake" / "parser-limits.toml"
    data = load_toml(path)
    try:
        limits = data["limits"]
        versions = data["versions"]
        return ParserLimits(
            max_depth=int(limits["max_depth"]),
            max_attributes=int(limits["max_attributes"]),
            max_name_length=int(limits["max_name_length"]),
            max_namespace_uri_length=int(limits["max_namespace_uri_length"]),
            max_entity_references=int(limits["max_entity_references"]),
            versions=tuple(str(v) for v in versions["accepted"]),
            xml11_differs=re.compile(str(versions["xml11_differs"])),
            name_pattern=_name_pattern(data["names"]),
            libxml=tuple(
                LibxmlLimit(
                    kind=str(kind),
                    limit=int(entry["limit"]),
                    messages=tuple(str(m).lower() for m in entry["messages"]),
                )
                for kind, entry in data["libxml"].items()
            ),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise DataError(f"{path} is malformed: {exc}") from exc


def _char_class(ranges: list[str]) -> str:
    parts = []
    for item in ranges:
        first, _, last = str(item).partition("-")
        low, high = int(first, 16), int(last or first, 16)
        parts.append(re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high != low else ""))
    return "".join(parts)


def _name_pattern(names: dict[str, list[str]]) -> re.Pattern[str]:
    start = "A-Za-z_" + _char_class(names["start"])
    name = "A-Za-z0-9._\\-" + _char_class(names["name"])
    return re.compile(f"[{start}][{name}]*")


def clean_tree(tree: etree._ElementTree) -> int:
    """Remove every comment and processing instruction of ``tree``, in place.

    The text around a removed node is joined, so ``0<!--x-->9`` becomes the text ``09``; the
    ``sourceline`` of every element is kept.

    :returns: how many nodes were removed.
    """
    root = tree.getroot()
    found = sum(1 for _ in root.iter(etree.Comment, etree.ProcessingInstruction))
    found += sum(
        1
        for sibling in (*root.itersiblings(preceding=True), *root.itersiblings())
        if not isinstance(sibling.tag, str)
    )
    if found:
        etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return found


def serialize(tree: etree._ElementTree) -> bytes:
    """The (cleaned) document as UTF-8 bytes with an XML declaration of its own version.

    These are the bytes Saxon parses for levels 3 and 5. In a document declared XML 1.1 the
    characters 1.1 reads otherwise (:attr:`ParserLimits.xml11_differs`) are written as character
    references, which 1.1 reads as the characters themselves, as lxml did.
    """
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    if str(tree.docinfo.xml_version) != "1.1" or data.isascii():
        return data
    text = parser_limits().xml11_differs.sub(
        lambda match: f"&#x{ord(match.group()):X};", data.decode("utf-8")
    )
    return text.encode("utf-8")


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _namespace(name: str) -> str:
    return name[1:].partition("}")[0] if name.startswith("{") else ""


Problem = tuple[str, dict[str, object]]
"""A parser limit broken: the wording of EI132's details (rbc/common/level1.toml), its values."""


def _too_long(what: str, value: str, limit: int) -> Problem | None:
    if len(value) > limit:
        return f"long-{what}", {"length": len(value), "start": quoted(value[:40]), "limit": limit}
    return None


def _element_problems(
    element: etree._Element, declarations: list[tuple[str, str]], limits: ParserLimits
) -> Iterator[Problem]:
    tag = str(element.tag)
    attributes = len(element.attrib) + len(declarations)
    if attributes > limits.max_attributes:
        values = {"count": attributes, "element": quoted(_local(tag)[:80])}
        yield "attributes", {**values, "limit": limits.max_attributes}
    names = [("element", _local(tag)), *(("prefix", p) for p, _ in declarations if p)]
    if element.prefix:
        names.append(("prefix", element.prefix))
    names.extend(("attribute", _local(str(key))) for key in element.attrib)
    uris = [uri for _, uri in declarations]
    uris.append(_namespace(tag))
    uris.extend(_namespace(str(key)) for key in element.attrib)
    for what, name in names:
        problem = _too_long(what, name, limits.max_name_length)
        if problem:
            yield problem
        elif not name.isascii() and limits.name_pattern.fullmatch(name) is None:
            yield f"character-{what}", {"name": quoted(name[:80])}
    for uri in uris:
        problem = _too_long("namespace", uri, limits.max_namespace_uri_length)
        if problem:
            yield problem


def _where(element: etree._Element) -> list[Location]:
    line = element.sourceline
    return [Location(line=line)] if isinstance(line, int) else []


def check_parser_limits(
    tree: etree._ElementTree, serialized: bytes, *, original: bytes | None = None
) -> list[Finding]:
    """EI131 (an XML version or characters Saxon reads otherwise), EI132 (past a parser limit).

    :param tree: the cleaned document.
    :param serialized: its serialisation (:func:`serialize`), what Saxon will parse.
    :param original: the bytes as given (UTF-8), searched for characters that XML 1.1 reads
        differently when the document is declared 1.1 (default: ``serialized``).
    :returns: at most one finding of each code; the first problem found is named.
    """
    limits = parser_limits()
    findings: list[Finding] = []
    version = str(tree.docinfo.xml_version or "1.0")
    if version not in limits.versions:
        findings.append(
            finding(
                "EI131",
                detail="version",
                values={"version": version, "versions": ", ".join(limits.versions)},
                locations=[Location(line=1, column=1)],
            )
        )
    elif version == "1.1":
        text = (original if original is not None else serialized).decode("utf-8", "replace")
        differs = limits.xml11_differs.search(text)
        if differs is not None:
            line = text.count("\n", 0, differs.start()) + 1
            findings.append(
                finding(
                    "EI131",
                    detail="xml11",
                    values={"character": f"U+{ord(differs.group()):04X}"},
                    locations=[Location(line=line)],
                )
            )
    problem = _limit_problem(tree, serialized, limits)
    if problem is not None:
        (wording, values), where = problem
        findings.append(finding("EI132", detail=wording, values=values, locations=where))
    return findings


def _needs_walk(data: bytes) -> bool:
    """Whether any element may break a per-element limit (cheap, linear scans of the bytes).

    True for a long span of markup or text (``_LONG_MARKUP``), or a non-ASCII character that may
    sit inside a tag (a name the parser may not take). Element by element checking is then done
    on the tree. Without a long span every stretch from one ``<`` to the next is shorter than
    800 bytes, so each look back below is short and the scan stays linear.
    """
    if _LONG_MARKUP.search(data) is not None:
        return True
    if data.isascii():
        return False
    position = 0
    while (run := _NON_ASCII.search(data, position)) is not None:
        start = run.start()
        opening = data.rfind(b"<", max(0, start - _SPAN), start)
        if opening < 0:
            return True  # before the root element: let the walk decide
        before = data[opening:start]
        # In text: the tag before it is closed and no quote could hide a ">" in a value.
        if b">" not in before or b'"' in before or b"'" in before:
            return True
        position = data.find(b"<", run.end())
        if position < 0:
            return False
    return False


def _limit_problem(
    tree: etree._ElementTree, serialized: bytes, limits: ParserLimits
) -> tuple[Problem, list[Location]] | None:
    """The first parser limit the document breaks, with where; ``None`` when it breaks none."""
    deep = tree.xpath("/*" * (limits.max_depth + 1))
    if isinstance(deep, list) and deep and isinstance(deep[0], etree._Element):
        element = deep[0]
        name = quoted(_local(str(element.tag))[:80])
        values = {"element": name, "depth": limits.max_depth + 1, "limit": limits.max_depth}
        return ("depth", values), _where(element)
    if _needs_walk(serialized):
        found = _first_element_problem(tree, limits)
        if found is not None:
            return found
    if serialized.count(b"&") > limits.max_entity_references:
        # Counted on a fresh serialisation: the bytes given may hold CDATA or comments.
        references = len(_ENTITY_REFERENCE.findall(serialize(tree)))
        if references > limits.max_entity_references:
            values = {"count": references, "limit": limits.max_entity_references}
            return ("references", values), []
    return None


def _first_element_problem(
    tree: etree._ElementTree, limits: ParserLimits
) -> tuple[Problem, list[Location]] | None:
    depth = 0
    declarations: list[tuple[str, str]] = []
    for event, item in etree.iterwalk(tree, events=("start", "end", "start-ns")):
        if event == "start-ns":
            prefix, uri = item  # start-ns gives (prefix, uri)
            declarations.append((str(prefix or ""), str(uri)))
            continue
        if event == "end":
            depth -= 1
            continue
        element = item
        assert isinstance(element, etree._Element)  # "start" gives the element
        depth += 1
        if depth > limits.max_depth:
            name = quoted(_local(str(element.tag))[:80])
            values = {"element": name, "depth": depth, "limit": limits.max_depth}
            return ("depth", values), _where(element)
        for problem in _element_problems(element, declarations, limits):
            return problem, _where(element)
        declarations = []
    return None
