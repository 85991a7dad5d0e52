"""The well-formedness check of level 1 with a hardened lxml parser.

The parser never loads a DTD, never resolves or expands entities and never touches the
network, so even a document that slipped past the byte-level DOCTYPE check
(:func:`eistandaard.levels.intake.raw.check_doctype`) cannot fetch a file or blow up in memory.
A DOCTYPE the parser did see is still reported (EI106): defence in depth.
"""

from __future__ import annotations

import attrs
from lxml import etree

from eistandaard.core.findings import Finding, Location
from eistandaard.core.xml import parse
from eistandaard.standards.codes import finding

__all__ = ["Parsed", "parse_document"]


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
        return Parsed(
            tree=None,
            findings=(
                finding(
                    "EI108",
                    detail="parser",
                    values={"problem": exc.msg or exc},
                    locations=[Location(line=line or None, column=column or None)],
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
                    values={"found": repr(doctype) if doctype else "DTD"},
                ),
            ),
        )
    return Parsed(tree=tree)
