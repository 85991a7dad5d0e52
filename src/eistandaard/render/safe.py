"""Untrusted strings made safe for a terminal: no control character reaches it unescaped.

File names, ZIP member names, element values and parser messages come from the user's input.
Printed as they are, an ESC (U+001B) starts a terminal control sequence (colours, cursor
moves, window titles, even clipboard writes), a carriage return overwrites a line and a
right-to-left override reverses what follows. Every such character is shown as a Python-style
escape (backslash, ``x1b``; backslash, ``u202e``) instead.
"""

from __future__ import annotations

import re

from eistandaard.core.text import SURROGATES, UNSAFE_BIDI, escape, printable

__all__ = ["json_safe", "printable", "terminal_safe", "xml_safe", "xml_text"]

_BIDI = UNSAFE_BIDI
_UNSAFE_KEEP_LINES = re.compile(
    f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029{_BIDI}{SURROGATES}]"
)


def terminal_safe(text: str) -> str:
    """Like :func:`printable`, but line breaks and tabs of a multi-line text are kept."""
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE_KEEP_LINES.sub(escape, text)


_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f\\u2028\\u2029{_BIDI}{SURROGATES}]")


def json_safe(document: str) -> str:
    """A JSON text with the characters :mod:`json` leaves raw (``ensure_ascii=False``) escaped.

    ``json`` escapes C0 controls itself; DEL, C1 controls, U+2028/U+2029 and the bidirectional
    overrides become JSON ``u`` escapes (backslash, u, four hex digits) here; a lone surrogate
    (a byte of a file name that is not UTF-8) becomes the text backslash, x, two hex digits.
    Outside strings JSON holds ASCII only, so the document means the same, and printing it
    never drives the terminal.
    """
    if document.isascii():
        return document
    return _JSON_UNSAFE.sub(_json_escape, document)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        # A lone surrogate (a file name that is not UTF-8) cannot be encoded, and a JSON
        # ``\\udcff`` is refused by strict parsers: the string holds the text ``\\xff`` instead.
        return "\\" + escape(match)
    return f"\\u{code:04x}"


_XML_FORBIDDEN = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff{SURROGATES}]")


def xml_text(text: str) -> str:
    """``text`` fit for an XML 1.0 text node: what XML cannot hold is escaped.

    That is the C0 controls and lone surrogates (bytes of a file name that is not UTF-8).
    """
    return _XML_FORBIDDEN.sub(escape, text)


def xml_safe(document: bytes) -> bytes:
    """A UTF-8 XML document whose terminal controls are written as character references.

    DEL, C1 controls, U+2028/U+2029 and the bidirectional overrides become ``&#x..;``: the same
    document, harmless on a terminal.
    """
    if document.isascii():
        return document
    text = document.decode("utf-8")
    return _JSON_UNSAFE.sub(lambda match: f"&#x{ord(match.group()):X};", text).encode("utf-8")
