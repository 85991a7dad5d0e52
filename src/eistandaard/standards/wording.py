"""Texts in both languages of ``--lang``: consistency problems, and the errors users meet.

The consistency problems of ``explain`` / ``ei diff`` are :func:`worded`; the reasons of the
errors a user can meet (an :class:`~eistandaard.core.errors.InputError` and its kin) are
:func:`said_error`, texts in ``rbc/common/errors.toml``.

Also the one reader of every bilingual table of ``rbc/common`` (:func:`bilingual_texts`) and the
one lookup of an output's fixed words in the run's language (:func:`texts_in`).

A problem says where an answer does not fit its request ("Referentienummer differs from the
GDS801's"). Its wording is data, ``rbc/common/problems.toml``: one table per problem key with an
``nl`` and an ``en`` text, ``{name}`` fields filled with values from the messages (element
names, codes, amounts), which stay as they are in both languages.

A :class:`Worded` text *is* its English text (a ``str``), so code and callers that compare,
search or join problems keep working; :meth:`Worded.text` (or :func:`in_lang` for any string)
gives it in ``nl``.

>>> found = worded("gds-reference")
>>> found == "Referentienummer differs from the GDS801's", found.text("nl")
(True, 'Referentienummer wijkt af van die van de GDS801')
>>> in_lang(worded("bm-unknown-order", number="BO-9"), "nl")
'Betaalopdracht BO-9 is teruggegeven maar niet gevraagd'
>>> in_lang("plain text", "nl")
'plain text'
"""

from __future__ import annotations

import errno
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from eistandaard.core.errors import DataError, EIError
from eistandaard.core.money import Money
from eistandaard.core.text import error_text, quoted
from eistandaard.standards.resources import data_dir, load_toml

__all__ = [
    "LANGUAGES",
    "Worded",
    "bilingual_texts",
    "in_lang",
    "joined",
    "os_reason",
    "parse_problem",
    "prefixed",
    "reason_of",
    "said_error",
    "texts_in",
    "worded",
]

LANGUAGES = ("nl", "en")
"""The languages every text has (``--lang``)."""


class Worded(str):
    """A text whose ``str`` value is English and that also knows its Dutch wording.

    :param en: the English text (the ``str`` value).
    :param nl: the same text in Dutch.
    """

    nl: str

    def __new__(cls, en: str, nl: str) -> Worded:  # noqa: D102 - the class docstring says it
        made = super().__new__(cls, en)
        made.nl = nl
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # why: two texts
        """Pickling keeps both texts (worker processes send explanations back)."""
        return (str(self), self.nl)

    def text(self, lang: str = "en") -> str:
        """The text in ``lang`` (``nl`` or ``en``; anything else: English)."""
        return self.nl if lang == "nl" else str.__str__(self)


@functools.cache
def bilingual_texts(name: str) -> Mapping[str, Mapping[str, str]]:
    """The texts of ``rbc/common/<name>``: every key with its ``nl`` and ``en`` text (cached).

    One reader for every table of texts in both languages: the consistency problems
    (``problems.toml``), the usage lines of the command line (``usage.toml``), why a rule did
    not run (``not-run.toml``) and the fixed words of each output (``words/*.toml``). A table is
    read on first use, not at import.

    :param name: the file under ``rbc/common`` (``usage.toml``, ``words/report.toml``).
    :returns: key -> ``{"nl": text, "en": text}``, in the order of the file.
    :raises DataError: the file cannot be read, or a key lacks a text in ``nl`` or ``en``.
    """
    path = data_dir("rbc") / "common" / name
    data = load_toml(path)
    for key, entry in data.items():
        if not isinstance(entry, dict) or any(
            not isinstance(entry.get(lang), str) for lang in LANGUAGES
        ):
            raise DataError(f"rbc/common/{name}: {key} needs texts nl and en")
    return data


def texts_in(name: str, lang: str) -> Mapping[str, str]:
    """Every text of ``rbc/common/<name>`` in ``lang``: ``nl`` for any language but ``en``.

    The one lookup of the fixed words of an output (render/, cli/): key -> text, read-only.

    >>> texts_in("words/report.toml", "nl")["note"], texts_in("words/report.toml", "en")["note"]
    ('opmerking', 'note')

    :raises DataError: as :func:`bilingual_texts`.
    """
    return _texts_in(name, "en" if lang == "en" else "nl")


@functools.cache
def _texts_in(name: str, lang: str) -> Mapping[str, str]:
    return MappingProxyType({key: entry[lang] for key, entry in bilingual_texts(name).items()})


def worded(key: str, /, **values: Any) -> Worded:
    """The problem ``key`` of ``rbc/common/problems.toml`` with its fields filled.

    :param values: the fields of the texts (``{number}`` ...), shown as given in both languages;
        a :class:`Worded` value is shown in the language of each text, a
        :class:`~eistandaard.core.money.Money` in its notation (``1.234,56 D`` / ``1,234.56 D``).
    :returns: a :class:`Worded` whose ``str`` value is the English text.
    :raises DataError: the key is not in the file, or a text names a field not given.
    """
    return _filled("problems.toml", "problem", key, values)


def said_error(key: str, /, **values: Any) -> Worded:
    """The reason ``key`` of ``rbc/common/errors.toml`` with its fields filled: an error's message.

    ``raise InputError(said_error("decisions-not-read", path=path, exc=exc))``: the error's
    ``str`` stays English, its :meth:`~eistandaard.core.errors.EIError.text` gives the Dutch.

    :param values: the fields of the texts (file names, codes, a parser's message), shown as
        given in both languages; a :class:`Worded` value or an error raised with one (a reason
        inside a reason) in the language of each text; a tuple or list joined by ``", "``.
    :returns: a :class:`Worded` whose ``str`` value is the English text.
    :raises DataError: the key is not in the file, or a text names a field not given.

    >>> said_error("ledger-no-message", traceer_id="T-1").text("nl")
    'geen bericht met traceerId T-1 in de ledger'
    """
    return _filled("errors.toml", "error", key, values)


def reason_of(error: BaseException) -> str:
    """The message of ``error`` as it was given: :class:`Worded` when it knows its Dutch.

    Errors of other libraries (an ``OSError``, a parser's) are their ``str``, English.
    """
    reason = getattr(error, "reason", None)
    if isinstance(error, EIError) and isinstance(reason, str):
        return reason
    return str(error)


def _filled(file: str, kind: str, key: str, values: Mapping[str, Any]) -> Worded:
    """Text ``key`` of ``rbc/common/<file>`` in both languages, its fields filled."""
    entry = bilingual_texts(file).get(key)
    if entry is None:
        raise DataError(f"{kind} {quoted(key)} is not in rbc/common/{file}")
    english = {name: _shown(v, "en") for name, v in values.items()}
    dutch = {name: _shown(v, "nl") for name, v in values.items()}
    try:
        return Worded(entry["en"].format(**english), entry["nl"].format(**dutch))
    except (KeyError, IndexError, ValueError) as exc:
        raise DataError(f"rbc/common/{file}: {kind} {key}: {error_text(exc)}") from exc


def _shown(value: Any, lang: str) -> Any:
    """A field value in ``lang``: a :class:`Worded` in its language, an amount in its notation.

    A tuple, list or set of values (identifying values, codes) is its non-empty values joined
    by ``", "``, never Python's ``repr`` (``('999990019', '4499', '')``); an absent value
    (``None``: a client without Bsn, a prestatie without ReferentieNummer) is ``-``, as
    :func:`~eistandaard.core.text.quoted` shows it, never ``None``.
    """
    if value is None:
        return "-"
    if isinstance(value, tuple | list | set | frozenset):
        parts = (
            _shown(v, lang)
            for v in (sorted(value) if isinstance(value, set | frozenset) else value)
        )
        return ", ".join(str(part) for part in parts if part not in (None, ""))
    if isinstance(value, BaseException):
        value = reason_of(value)
    if isinstance(value, Worded):
        return in_lang(value, lang)
    if isinstance(value, Money):
        return value.text(lang)
    return value


def prefixed(lead: str, text: str, tail: str = "") -> Worded:
    """``lead + text + tail`` with ``text`` in both languages (``lead``/``tail`` are values).

    >>> prefixed("header: ", worded("ist-no-header"), " (/Bericht)").text("nl")
    'header: het antwoord heeft geen Header (/Bericht)'
    """
    return Worded(f"{lead}{text}{tail}", f"{lead}{in_lang(text, 'nl')}{tail}")


def joined(texts: Iterable[str], separator: str) -> Worded:
    """``texts`` joined by ``separator`` in both languages (a :class:`Worded` each in its own).

    >>> joined([worded("gds-reference"), "(x)"], " ").text("nl")
    'Referentienummer wijkt af van die van de GDS801 (x)'
    """
    parts = tuple(texts)
    return Worded(*(separator.join(in_lang(part, lang) for part in parts) for lang in ("en", "nl")))


def parse_problem(error: BaseException) -> Worded | BaseException:
    """Why a file could not be decoded or parsed as JSON or TOML, in both languages, with its place.

    Python's own messages ("'utf-8' codec can't decode ...", "Expecting value: line 1 ...",
    "Invalid value (at line 1, column 5)") are English only: a line shown under ``--lang nl``
    would mix the two. Any other error is returned as it is.

    >>> import json
    >>> try:
    ...     json.loads("")
    ... except ValueError as exc:
    ...     print(parse_problem(exc).text("nl"))
    het bestand is leeg
    """
    if isinstance(error, UnicodeDecodeError):
        return said_error("parse-not-utf8", offset=error.start)
    if isinstance(error, tomllib.TOMLDecodeError):
        return said_error("parse-not-toml", place=toml_place(error))
    if isinstance(error, ValueError) and hasattr(error, "doc") and hasattr(error, "lineno"):
        if not str(error.doc).strip():
            return said_error("parse-empty")
        return said_error("parse-not-json", line=error.lineno, column=getattr(error, "colno", 0))
    return error


_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)$")


def toml_place(error: BaseException) -> Worded:
    """Where ``tomllib`` stopped (line and column, or the end), in both languages.

    Python 3.11's ``TOMLDecodeError`` carries its place in its English message only
    (``Invalid value (at line 1, column 5)``): the numbers are read from it.

    >>> import tomllib
    >>> try:
    ...     tomllib.loads("x = = 1")
    ... except tomllib.TOMLDecodeError as exc:
    ...     print(toml_place(exc).text("nl"))
    regel 1, kolom 5
    """
    found = _TOML_PLACE.search(str(error))
    if found is None:  # "(at end of document)"
        return said_error("toml-place-end")
    return said_error("toml-place", line=int(found[1]), column=int(found[2]))


def os_reason(error: BaseException) -> str:
    """The operating system's reason for ``error``, worded in both languages where it can be.

    A :class:`Worded` text of ``rbc/common/errors.toml`` (``os-ENOENT``, ``os-EADDRINUSE``, ...)
    for the errno names it holds, so a Dutch line never carries the system's English reason;
    else the system's own words (``strerror``), or the error's text when it is no ``OSError``.

    >>> os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")).text("nl")
    'map of bestand bestaat niet'
    """
    if isinstance(error, OSError):
        name = errno.errorcode.get(error.errno or 0, "")
        if name and f"os-{name}" in bilingual_texts("errors.toml"):
            return said_error(f"os-{name}")
        if error.strerror:
            return str(error.strerror)
    return str(error)


def in_lang(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is :class:`Worded`, else as it is."""
    return text.text(lang) if isinstance(text, Worded) else str(text)
