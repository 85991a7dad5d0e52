"""Reading the request a Vektis return answers (bytes, a path, or an already parsed root)."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from eistandaard.core import xml
from eistandaard.levels.intake import read_document
from eistandaard.standards.wording import said_error

__all__ = ["message_root", "request_root"]


def request_root(request: bytes | Path | etree._Element, what: str) -> etree._Element:
    """The root element of ``request`` after the level-1 intake (:func:`read_document`).

    :param what: the message name for the error text (``BM801``, ``GDS801``).
    :raises UnreadableError: when the request does not pass level 1 (an ``InputError``).
    """
    if isinstance(request, etree._Element):
        return request
    return read_document(request, what=said_error("what-the", name=what)).getroot()


def message_root(source: object) -> etree._Element:
    """The root element of a Vektis message given as bytes, a path, a root or its model.

    Bytes and paths pass the level-1 intake (:func:`read_document`, named as
    :func:`eistandaard.models.api.parse` names them); a generated model
    (:mod:`eistandaard.models`) is written out and read back, so every reader of a pair
    (:func:`eistandaard.answers.pairing.pair`) reads a tree.

    :raises UnreadableError: the source does not pass level 1 (an ``InputError``).
    :raises InputError: an object that is no message model.
    """
    if isinstance(source, etree._Element):
        return source
    if isinstance(source, etree._ElementTree):
        return source.getroot()
    if isinstance(source, bytes | str | os.PathLike) or hasattr(source, "read"):
        name = os.fspath(source) if isinstance(source, str | os.PathLike) else "the message"
        return read_document(source, what=name).getroot()  # type: ignore[arg-type]  # why: a stream
    from eistandaard.models.api import serialize  # the models import the conventions

    return xml.parse(serialize(source), kind="data").getroot()
