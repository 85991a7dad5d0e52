"""Reading the request a Vektis return answers (bytes, a path, or an already parsed root)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from eistandaard.core.xml import root_of

__all__ = ["request_root"]


def request_root(request: bytes | Path | etree._Element, what: str) -> etree._Element:
    """The root element of ``request``, parsed without DTDs, entities or network access.

    :param what: the message name for the error text (``BM801``, ``GDS801``).
    :raises InputError: when the request is not well-formed XML.
    """
    return root_of(request, what=f"the {what}")
