"""Reading the request a Vektis return answers (bytes, a path, or an already parsed root)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from eistandaard.levels.intake import read_document

__all__ = ["request_root"]


def request_root(request: bytes | Path | etree._Element, what: str) -> etree._Element:
    """The root element of ``request`` after the level-1 intake (:func:`read_document`).

    :param what: the message name for the error text (``BM801``, ``GDS801``).
    :raises UnreadableError: when the request does not pass level 1 (an ``InputError``).
    """
    if isinstance(request, etree._Element):
        return request
    return read_document(request, what=f"the {what}").getroot()
