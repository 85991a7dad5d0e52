"""The well-formedness check of level 1 with a hardened lxml parser.

The parser never loads a DTD, never resolves or expands entities and never touches the
network, so even a document that slipped past the byte-level DOCTYPE check
(:func:`eistandaard.levels.intake.raw.check_doctype`) cannot fetch a file or blow up in memory.
A DOCTYPE the parser did see is still reported (EI106): defence in depth.
"""

from __future__ import annotations

import attrs
from lxml import etree

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Finding, Location
from eistandaard.core.text import quoted
from eistandaard.core.xml import parse
from eistandaard.levels.intake.reading import LibxmlLimit, parser_limits
from eistandaard.standards.codes import finding

__all__ = ["Parsed", "limit_finding", "parse_document"]


@attrs.frozen
class Parsed:
    """Outcome of :func:`parse_document`: a tree, or the findings that stopped it."""

    tree: etree._ElementTree | None
    findings: tuple[Finding, ...] = ()


def parse_document(data: bytes) -> Parsed:
    """Parse ``data`` (UTF-8, no BOM) with :func:`eistandaard.core.xml.parse`.

    Not well-formed input gives EI108 with the parser's message, line and column; a DOCTYPE
    seen by the parser gives EI106 and no tree.
    """
    try:
        tree = parse(data)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, None)
        where = [Location(line=line or None, column=column or None)]
        limit = _libxml_limit(str(exc.msg or exc))
        if limit is not None:
            return Parsed(tree=None, findings=(limit_finding(limit, where),))
        return Parsed(
            tree=None,
            findings=(
                finding(
                    "EI108",
                    detail="parser",
                    values={"problem": exc.msg or exc},
                    locations=where,
                ),
            ),
        )
    except (etree.LxmlError, ValueError) as exc:
        # Anything else lxml refuses (for instance input it cannot hand to libxml2).
        found = finding("EI108", detail="parser", values={"problem": exc})
        return Parsed(tree=None, findings=(found,))
    docinfo = tree.docinfo
    # lxml-stubs do not know DocInfo.doctype.
    doctype = str(getattr(docinfo, "doctype", "") or "")
    if doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        return Parsed(
            tree=None,
            findings=(
                finding(
                    "EI106",
                    detail="parser",
                    values={"found": quoted(doctype) if doctype else "DTD"},
                ),
            ),
        )
    return Parsed(tree=tree)


def _libxml_limit(message: str) -> LibxmlLimit | DataError | None:
    """The libxml2 limit ``message`` reports (``None``: another error; the DataError: unknown)."""
    try:
        return parser_limits().libxml_limit(message)
    except DataError as exc:
        return exc


def limit_finding(limit: LibxmlLimit | DataError, where: list[Location]) -> Finding:
    """EI132 for a libxml2 limit the parse reached, in our own words (never libxml2's message).

    A limit is a parser limit whichever parser reaches it first: nesting deeper than libxml2's
    256 levels is past Saxon's 100 too, so the finding is the limit (EI132), not "not
    well-formed" (EI108). Source: ``rbc/common/intake/parser-limits.toml``, ``[libxml]``.
    """
    if isinstance(limit, DataError):
        return finding("EI132", detail="unavailable", values={"problem": limit})
    limits = parser_limits()
    ours = {"depth": limits.max_depth, "name": limits.max_name_length}.get(limit.kind)
    values = {"parser": limit.limit, "limit": ours if ours is not None else limit.limit}
    return finding("EI132", detail=f"libxml-{limit.kind}", values=values, locations=where)
