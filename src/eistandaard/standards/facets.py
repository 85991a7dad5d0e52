"""The facets of an element's simple type, read from a bundled XSD.

A value the user gives for an answer (a decision's number or amount) is checked against the
type of the element it will fill before the answer is built, so it is refused as the user's
mistake (a :class:`~eistandaard.core.errors.DecisionError`, exit 2) instead of failing the
answer's own check. The facets are read from the XSD itself (standards as data), not copied.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from eistandaard.core.errors import DataError
from eistandaard.core.xml import parse_file

__all__ = ["element_facets"]

_XS = "{http://www.w3.org/2001/XMLSchema}"


@functools.cache
def element_facets(schema: Path, element: str) -> Mapping[str, str]:
    """The facets of the simple type of the element named ``element`` in ``schema``.

    The type is the element's named ``type`` (a ``simpleType`` of the same file) or its own
    anonymous ``simpleType``; the facets are those of its ``restriction`` (``maxLength``,
    ``totalDigits``, ``fractionDigits``, ...: name -> value as written). Empty when the element
    has no simple type with facets in the file.

    >>> from eistandaard.standards.catalog import default_catalog
    >>> gds802 = default_catalog().get("GDS802", release="1.0").schema_path
    >>> dict(element_facets(gds802, "DeclaratienummerVerzekeraar"))
    {'minLength': '1', 'maxLength': '20'}

    :raises DataError: the schema cannot be read.
    """
    try:
        root = parse_file(schema, kind="schema").getroot()
    except (OSError, ValueError, etree.XMLSyntaxError) as exc:
        raise DataError(f"cannot read {schema}: {exc}") from exc
    declared = next((e for e in root.iter(f"{_XS}element") if e.get("name") == element), None)
    if declared is None:
        return {}
    simple = declared.find(f"{_XS}simpleType")
    type_name = (declared.get("type") or "").rpartition(":")[2]
    if simple is None and type_name:
        simple = next(
            (t for t in root.iter(f"{_XS}simpleType") if t.get("name") == type_name), None
        )
    restriction = simple.find(f"{_XS}restriction") if simple is not None else None
    if restriction is None:
        return {}
    return {
        str(facet.tag).removeprefix(_XS): str(facet.get("value"))
        for facet in restriction
        if isinstance(facet.tag, str) and facet.get("value") is not None
    }
