"""The fixed words of human output in each language of ``--lang`` (``nl`` default, ``en``).

One table for every reporter that people read (text, HTML, JUnit and GitHub messages, SARIF
message texts, the rapport's engine lines): labels, severities, verdicts and the lead sentence
of an engine error, so that one run speaks one language. The words are data,
``rbc/common/words/report.toml``. Values from the message or from an
engine (paths, parser messages) are kept as they are; only the words around them change.

>>> words("nl")["note"], words("en")["note"]
('opmerking', 'note')
>>> from eistandaard.standards.wording import said_error
>>> engine_error_text(said_error("engine-worker-died", reason="exit 9"), "nl")
'De controle kon niet volledig draaien (engine-fout): het werkproces is gestopt: exit 9'
>>> location_text(Location("/Bericht/Header", 11, 5), "nl")
'/Bericht/Header (regel 11, kolom 5)'
"""

from __future__ import annotations

from collections.abc import Mapping

from eistandaard.core.findings import Location, Severity
from eistandaard.core.report import Verdict
from eistandaard.standards.wording import in_lang, texts_in

__all__ = [
    "engine_error_text",
    "location_text",
    "severity_word",
    "verdict_word",
    "words",
]

_FILE = "words/report.toml"
"""The file of these words under ``rbc/common`` (read on first use, both languages)."""


def words(lang: str) -> Mapping[str, str]:
    """The words of ``lang`` (``nl`` for anything but ``en``): key -> text.

    :raises DataError: ``rbc/common/words/report.toml`` cannot be read or lacks a text.
    """
    return texts_in(_FILE, lang)


def severity_word(severity: Severity | str, lang: str) -> str:
    """``error`` / ``warning`` / ``info`` as people read it: ``fout``, ``waarschuwing`` ..."""
    return words(lang)[Severity(severity).value]


def verdict_word(verdict: Verdict, lang: str) -> str:
    """A verdict as people read it: ``goedgekeurd``, ``afgekeurd``, ``fout`` (``accepted`` ...)."""
    return words(lang)["verdict_error" if verdict is Verdict.ERROR else verdict.value]


def engine_error_text(problem: str, lang: str) -> str:
    """One of :attr:`Report.engine_errors` for people, in ``lang``.

    The lead sentence and the reason in the language (an engine error is a
    :class:`~eistandaard.standards.wording.Worded` text of ``rbc/common/errors.toml``); values
    inside it (a file name, an exit status, a library's own message) are kept as they are.
    """
    return words(lang)["engine_error"].format(problem=in_lang(problem, lang))


def location_text(location: Location, lang: str) -> str:
    """``/Bericht/Header (regel 11, kolom 5)``; ``-`` for a location without a path."""
    w = words(lang)
    where = location.xpath or "-"
    if location.line is not None:
        where += f" ({w['line']} {location.line}"
        where += f", {w['column']} {location.column})" if location.column is not None else ")"
    return where
