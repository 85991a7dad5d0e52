"""Level-1 checks on the raw bytes of one document: empty, byte order mark, encoding, DTD.

Each check looks at the bytes only (nothing is parsed here) and returns the findings it makes;
:mod:`eistandaard.levels.intake` runs them in order and stops where a check says the rest is
meaningless. Every check is linear in the size of the input and reads it at most once.
"""

from __future__ import annotations

import re

import attrs

from eistandaard.core.findings import Finding, Location
from eistandaard.core.text import quoted
from eistandaard.standards.codes import finding

__all__ = [
    "BomCheck",
    "check_bom",
    "check_doctype",
    "check_empty",
    "check_encoding",
    "position_of",
]

_NON_WHITESPACE = re.compile(rb"[^ \t\r\n]")

_WIDE = ("UTF-32 BE", "UTF-32 LE", "UTF-16 BE", "UTF-16 LE")
"""The wide encodings, longest first: the UTF-32 LE mark starts with the UTF-16 LE one."""


def _encoded(text: str, name: str) -> bytes:
    return text.encode(name.replace(" ", "-"))


_WIDE_BOMS: tuple[tuple[bytes, str], ...] = tuple((_encoded("\ufeff", n), n) for n in _WIDE)
_UTF8_BOM = b"\xef\xbb\xbf"

# How "<?" (UTF-16) or "<" (UTF-32) looks in the first four bytes of a wide encoding written
# without a BOM (the autodetection table of the XML recommendation, appendix F).
_WIDE_STARTS: tuple[tuple[bytes, str], ...] = tuple(
    (_encoded("<" if "32" in n else "<?", n), n) for n in _WIDE
)

_UTF8_FAULTS = {
    "invalid start byte": "start-byte",
    "invalid continuation byte": "continuation-byte",
    "unexpected end of data": "end-of-data",
}
"""The UTF-8 decoder's reasons -> EI104's wordings (rbc/common/level1.toml); any other: "offset"."""

_XML_SPACE = rb"[ \t\r\n]"
_ENCODING_DECLARATION = re.compile(
    rb"<\?xml" + _XML_SPACE + rb"+version" + _XML_SPACE + rb"*=" + _XML_SPACE
    + rb"*([\"'])[^\"']*\1" + _XML_SPACE + rb"+encoding" + _XML_SPACE + rb"*="
    + _XML_SPACE + rb"*([\"'])([^\"']*)\2"
)  # fmt: skip


def position_of(data: bytes, offset: int) -> Location:
    """Return the 1-based line and column (in characters) of byte ``offset`` of ``data``.

    The bytes before ``offset`` must be valid UTF-8 (they are for every caller: the offset is
    the first bad byte, or an ASCII marker).
    """
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(line=line, column=column)


def check_empty(data: bytes) -> list[Finding]:
    """EI100 when ``data`` has no byte other than XML white space."""
    if _NON_WHITESPACE.search(data) is None:
        if not data:
            return [finding("EI100", detail="none")]
        return [finding("EI100", detail="white-space", values={"size": len(data)})]
    return []


@attrs.frozen
class BomCheck:
    """Outcome of :func:`check_bom`.

    :param findings: what was found.
    :param body_start: where the document starts after a UTF-8 mark (0 without one).
    :param stop: True when the rest of the checks make no sense (a UTF-16/32 mark).
    """

    findings: tuple[Finding, ...] = ()
    body_start: int = 0
    stop: bool = False


def check_bom(data: bytes) -> BomCheck:
    """EI102 for a UTF-8 byte order mark (OP192), EI103 for a UTF-16/32 one."""
    for mark, encoding in _WIDE_BOMS:
        if data.startswith(mark):
            found = finding(
                "EI103",
                detail="mark",
                values={"encoding": encoding, "bytes": mark.hex(" ")},
                locations=[Location(line=1, column=1)],
            )
            return BomCheck(findings=(found,), stop=True)
    if data.startswith(_UTF8_BOM):
        found = finding(
            "EI102",
            detail="mark",
            locations=[Location(line=1, column=1)],
        )
        return BomCheck(findings=(found,), body_start=len(_UTF8_BOM))
    return BomCheck()


def check_encoding(data: bytes) -> list[Finding]:
    """EI103 for UTF-16/32 without a mark, EI105 for a declared other encoding, EI104 for bad bytes.

    ``data`` is the document after any UTF-8 byte order mark.
    """
    head = data[:4]
    for start, encoding in _WIDE_STARTS:
        if head == start:
            return [
                finding(
                    "EI103",
                    detail="no-mark",
                    values={"encoding": encoding, "bytes": start.hex(" ")},
                    locations=[Location(line=1, column=1)],
                )
            ]
    # The whole declaration is read, however much white space it holds (no fixed window):
    # the parsers read it all, so must this check.
    declared = _ENCODING_DECLARATION.match(data)
    if declared is not None:
        name = declared.group(3).decode("ascii", errors="replace")
        if name.lower() != "utf-8":
            return [
                finding(
                    "EI105",
                    detail="declared",
                    values={"name": name},
                    locations=[Location(line=1, column=1)],
                )
            ]
    if data.isascii():
        return []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4]
        return [
            finding(
                "EI104",
                detail=_UTF8_FAULTS.get(exc.reason, "offset"),
                values={"offset": exc.start, "bytes": bad.hex(" ")},
                locations=[position_of(data, exc.start)],
            )
        ]
    return []


def _prolog_doctype(data: bytes) -> int:
    """Offset of a ``<!DOCTYPE`` in the prolog of ``data``, or -1.

    The prolog is what may come before the root element: white space, the XML declaration,
    processing instructions and comments. The scan stops at anything else.
    """
    position = 0
    size = len(data)
    while position < size:
        match = _NON_WHITESPACE.search(data, position)
        if match is None:
            return -1
        position = match.start()
        if data.startswith(b"<!DOCTYPE", position):
            return position
        if data.startswith(b"<?", position):
            end = data.find(b"?>", position + 2)
            closer = 2
        elif data.startswith(b"<!--", position):
            end = data.find(b"-->", position + 4)
            closer = 3
        else:
            return -1
        if end < 0:
            return -1
        position = end + closer
    return -1


def check_doctype(data: bytes) -> list[Finding]:
    """Refuse a DOCTYPE: EI118 external entity (XXE), EI107 entities, EI106 any other DTD.

    Nothing is resolved.

    ``data`` is the document after any UTF-8 byte order mark, known to be valid UTF-8.
    """
    start = _prolog_doctype(data)
    if start < 0:
        return []
    where = [position_of(data, start)]
    first_close = data.find(b">", start)
    subset = data.find(b"[", start, first_close if first_close >= 0 else len(data))
    if subset >= 0:
        close = data.find(b"]>", subset)
        declaration_end = close + 2 if close >= 0 else len(data)
    else:
        declaration_end = first_close + 1 if first_close >= 0 else len(data)
    declaration = data[start:declaration_end]
    entities = declaration.count(b"<!ENTITY")
    if entities:
        external = b"SYSTEM" in declaration or b"PUBLIC" in declaration
        code = "EI118" if external else "EI107"
        count = {"count": entities}
        return [finding(code, detail="count", values=count, locations=where)]
    head = declaration[:200].decode("utf-8", errors="replace")
    return [finding("EI106", detail="found", values={"found": quoted(head)}, locations=where)]
