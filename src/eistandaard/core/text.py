r"""Values from a message or a file inside a text people read: quoted, never Python's ``repr``.

A finding's details, a problem of an answer, a usage error: when they show a value that came
from the input (a code, a ZIP member name, an element name, a DOCTYPE), the value is put
between double quotes with every control character escaped (backslash, ``x1b``; backslash,
``u202e``), in every output format and language. Python's ``repr`` is not used for this: it
shows ``'0233'`` with Python's quotes, or ``"it's"`` with other quotes, depending on the value.

>>> quoted("0233")
'"0233"'
>>> quoted("a\x1bb")
'"a\\x1bb"'
>>> printable("tab\there")
'tab\\x09here'
"""

from __future__ import annotations

import re

__all__ = ["SURROGATES", "UNSAFE_BIDI", "error_text", "escape", "printable", "quoted"]

UNSAFE_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The bidirectional formatting characters: shown escaped, they cannot reverse a text."""

SURROGATES = "\\ud800-\\udfff"
"""Lone surrogates (a regex range): a file name that is not UTF-8 reaches Python as U+DC80-U+DCFF
(PEP 383, ``surrogateescape``); no UTF-8 output can carry them, so they are escaped as the byte
they stand for."""

# Control (Cc), line and paragraph separators, the bidirectional formatting characters, and
# lone surrogates.
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{UNSAFE_BIDI}{SURROGATES}]")


def escape(match: re.Match[str]) -> str:
    """One unsafe character as a Python-style escape: backslash, ``x1b`` or ``u202e``."""
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` on one line with every control character escaped as a Python-style escape.

    Line breaks and tabs are escaped too: a value never starts a line of its own. Other
    characters (letters of any script, symbols) are kept.
    """
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub(escape, text)


def quoted(value: object) -> str:
    """``value`` (its ``str``) between double quotes, on one line, control characters escaped.

    The quotes are the same for every value and language; a double quote inside the value is
    kept as it is (the value is shown, not a literal of some language). ``None`` (a value that
    is absent) is ``-``; a list or tuple is its items quoted, separated by ``, ``.

    >>> quoted(None), quoted(["a", "b"])
    ('-', '"a", "b"')
    """
    if value is None:
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(quoted(item) for item in value)
    return f'"{printable(str(value))}"'


def error_text(exc: BaseException) -> str:
    """An exception as people read it: its class name and message (``SystemExit: 0``).

    Not ``repr`` (``SystemExit(0)``, ``RuntimeError('midway')``): no Python quotes in a text.

    >>> error_text(RuntimeError("midway")), error_text(KeyboardInterrupt())
    ('RuntimeError: midway', 'KeyboardInterrupt')
    """
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
