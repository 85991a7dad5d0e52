"""Exceptions raised by eistandaard.

Nonconformities in a message are never exceptions: they are
:class:`~eistandaard.core.findings.Finding`
objects in a :class:`~eistandaard.core.report.Report`. Exceptions are for misuse of the API and for
failures of the engine itself. Every exception derives from :class:`EIError`, and each subclass
also derives from the matching built-in, so ``except ValueError`` keeps working for callers who do
not know this package.
"""

from __future__ import annotations

__all__ = [
    "AnswerCheckError",
    "CatalogError",
    "DataError",
    "DecisionError",
    "EIError",
    "EngineError",
    "InputError",
    "MessageParseError",
    "OutputExistsError",
    "SourceError",
    "SourceNotFoundError",
    "SourceTypeError",
    "UnreadableError",
]


class EIError(Exception):
    """Base class of every exception raised by eistandaard.

    Its message is English (``str(error)``). An error a user can meet is raised with a message
    that also knows its Dutch (:class:`~eistandaard.standards.wording.Worded`, made by
    :func:`~eistandaard.standards.wording.said_error` from ``rbc/common/errors.toml``): the
    ``ei`` command line shows it in the language of ``--lang`` (:meth:`text`).
    """

    @property
    def reason(self) -> str:
        """The message as given: a ``Worded`` text knows both languages; else ``str(self)``."""
        given = self.args[0] if len(self.args) == 1 else None
        return (
            given
            if isinstance(given, str) and callable(getattr(given, "text", None))
            else str(self)
        )

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``nl`` or ``en``); one that knows only English as it is."""
        return _in_lang(self.reason, lang)


class InputError(EIError, ValueError):
    """An argument given by the caller cannot be used (unknown format, bad date, ...)."""


class SourceError(InputError):
    """A message source cannot be used as given (XML passed as ``str``, an unreadable path)."""


class UnreadableError(InputError):
    """A message outside :func:`eistandaard.validate` did not pass level 1 (the intake).

    :param findings: the level-1 findings, as a report would list them.
    """

    def __init__(self, message: str, findings: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


class SourceTypeError(InputError, TypeError):
    """A message source of the wrong type (text where bytes are needed, ``None``, a number)."""


class SourceNotFoundError(EIError, FileNotFoundError):
    """A message path names no file (``validate(Path("missing.xml"))``)."""


class DecisionError(InputError):
    """A receiver's decisions (any family, any format) cannot be used for this request.

    Raised for an unknown key, a reference the request does not have, a malformed retourcode, a
    retourcode that its list (WJ001, COD954) does not hold or that is not valid on the answer's
    date, and a granted amount above the declared one. The message names the key.
    """


class DataError(EIError, ValueError):
    """A data file of a standard (schema, rule registry, code list) is missing or malformed."""


class CatalogError(DataError):
    """A message catalog cannot be loaded or names something that does not exist."""


class EngineError(EIError, RuntimeError):
    """A check could not run: a stylesheet failed, a plug-in raised, a schema did not compile.

    The validation pipeline catches these and turns them into verdict ``error``; they only reach
    the caller from lower-level functions.
    """


class MessageParseError(EngineError):
    """Saxon's XML parser refused a message that passed level 1.

    That is a parser limit the intake does not know yet; the pipeline reports it as level-1
    finding EI132, not as an engine error: the input is at fault, not the engine.
    """


class OutputExistsError(EIError, FileExistsError):
    """An output file exists already and overwriting was not allowed."""


class AnswerCheckError(EngineError):
    """A built answer failed its own check, so it was not returned (nor written).

    Every answer is validated like a request (levels 1-4, the caller's code lists and date) and
    compared with its request by the ``ei diff`` consistency check before it is handed out.

    :param message: what failed; its ``str`` value English. A text that also knows its Dutch
        (:class:`~eistandaard.standards.wording.Worded`, a ``str`` with ``.text(lang)``) is
        shown in that language by :meth:`text`.
    :param reasons: one line per finding of the answer's validation or per consistency problem
        (each a ``str``; a ``Worded`` one in both languages).
    """

    def __init__(self, message: str, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(message + "".join(f"\n  - {reason}" for reason in reasons))
        self.lead = message
        self.reasons = reasons

    def text(self, lang: str = "en") -> str:
        """The whole error in ``lang`` (``nl`` or ``en``): the lead, then one line per reason.

        Texts that know only one language (an engine's own message) are shown as they are.
        """
        return _in_lang(self.lead, lang) + "".join(
            f"\n  - {_in_lang(reason, lang)}" for reason in self.reasons
        )


def _in_lang(text: str, lang: str) -> str:
    """``text.text(lang)`` for a text that knows its languages, else ``text`` itself."""
    wording = getattr(text, "text", None)
    return str(wording(lang)) if callable(wording) else str(text)
