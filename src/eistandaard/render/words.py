"""The fixed words of human output in each language of ``--lang`` (``nl`` default, ``en``).

One table for every reporter that people read (text, HTML, JUnit and GitHub messages, SARIF
message texts, the rapport's engine lines): labels, severities, verdicts and the lead sentence
of an engine error, so that one run speaks one language. Values from the message or from an
engine (paths, parser messages) are kept as they are; only the words around them change.

>>> words("nl")["note"], words("en")["note"]
('opmerking', 'note')
>>> engine_error_text("worker process died", "nl")
'De controle kon niet volledig draaien (engine-fout): worker process died'
>>> location_text(Location("/Bericht/Header", 11, 5), "nl")
'/Bericht/Header (regel 11, kolom 5)'
"""

from __future__ import annotations

from collections.abc import Mapping

from eistandaard.core.findings import Location, Severity
from eistandaard.core.report import Verdict

__all__ = [
    "WORDS",
    "engine_error_text",
    "location_text",
    "severity_word",
    "verdict_word",
    "words",
]

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "note": "opmerking",
        "line": "regel",
        "column": "kolom",
        "at": "op",
        "schema": "schema",
        "code": "code",
        "retourcode": "retourcode",
        "vecozo": "vecozo",
        "level": "niveau",
        "class": "klasse",
        "engine_title": "engine-fout",
        "engine_error": "De controle kon niet volledig draaien (engine-fout): {problem}",
        "error": "fout",
        "warning": "waarschuwing",
        "info": "informatie",
        "accepted": "goedgekeurd",
        "rejected": "afgekeurd",
        "verdict_error": "fout",
    },
    "en": {
        "note": "note",
        "line": "line",
        "column": "column",
        "at": "at",
        "schema": "schema",
        "code": "code",
        "retourcode": "retourcode",
        "vecozo": "vecozo",
        "level": "level",
        "class": "class",
        "engine_title": "engine error",
        "engine_error": "engine error: {problem}",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "accepted": "accepted",
        "rejected": "rejected",
        "verdict_error": "error",
    },
}
"""Every fixed word by language; ``nl`` is used for any other language."""


def words(lang: str) -> Mapping[str, str]:
    """The words of ``lang`` (``nl`` for anything but ``en``)."""
    return WORDS.get(lang, WORDS["nl"])


def severity_word(severity: Severity | str, lang: str) -> str:
    """``error`` / ``warning`` / ``info`` as people read it: ``fout``, ``waarschuwing`` ..."""
    return words(lang)[Severity(severity).value]


def verdict_word(verdict: Verdict, lang: str) -> str:
    """A verdict as people read it: ``goedgekeurd``, ``afgekeurd``, ``fout`` (``accepted`` ...)."""
    return words(lang)["verdict_error" if verdict is Verdict.ERROR else verdict.value]


def engine_error_text(problem: str, lang: str) -> str:
    """One of :attr:`Report.engine_errors` for people, in ``lang``.

    A lead sentence in the language; the technical detail (the engine's own message) is kept.
    """
    return words(lang)["engine_error"].format(problem=problem)


def location_text(location: Location, lang: str) -> str:
    """``/Bericht/Header (regel 11, kolom 5)``; ``-`` for a location without a path."""
    w = words(lang)
    where = location.xpath or "-"
    if location.line is not None:
        where += f" ({w['line']} {location.line}"
        where += f", {w['column']} {location.column})" if location.column is not None else ")"
    return where
