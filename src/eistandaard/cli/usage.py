"""Usage errors of ``ei`` in the language of the run (``--lang``).

The texts are data: ``rbc/common/usage.toml``.

A command raises :func:`usage` (a :class:`click.UsageError` whose message knows its Dutch and
English text); :func:`main <eistandaard.cli.main.main>` prints it with :func:`usage_line` in the
run's language, as one line on standard error (exit 2). A reason a library gave (an
:class:`~eistandaard.core.errors.InputError` and its kin) knows both languages (a text of
``rbc/common/errors.toml``, passed on with
:func:`~eistandaard.standards.wording.reason_of`) and is shown in the run's language too.
Click's own errors (a missing argument, an unknown option, a bad value of one of its types) are
said in Dutch under ``nl`` where ``usage.toml`` has their words (a ``pattern`` over click's
English text); a reason that has English words only (another library's) is shown in the
English frame: one language per line.

>>> usage("no-such-file", path="x.xml").message.text("nl")
'bestand bestaat niet: x.xml'
>>> usage_line(usage("no-such-file", path="x.xml"), "ei diff", "en")
'ei diff: error: no such file: x.xml (see ei diff -h)'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

from eistandaard.core.errors import DataError
from eistandaard.core.text import printable
from eistandaard.standards.wording import LANGUAGES, Worded, bilingual_texts, in_lang

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["given", "lang_option", "run_lang", "said", "usage", "usage_line"]


def _texts() -> Mapping[str, Mapping[str, str]]:
    return bilingual_texts("usage.toml")


def said(key: str, /, **values: Any) -> Worded:
    """The text ``key`` of ``rbc/common/usage.toml`` in both languages, its fields filled.

    A :class:`~eistandaard.standards.wording.Worded` value is shown in each text's language.

    :raises DataError: the key is not in the file, or a text names a field not given.
    """
    entry = _texts().get(key)
    if entry is None:
        raise DataError(f"usage text {key} is not in rbc/common/usage.toml")
    texts = {
        lang: entry[lang].format(**{k: in_lang(v, lang) for k, v in values.items()})
        for lang in LANGUAGES
    }
    return Worded(texts["en"], texts["nl"])


def usage(key: str, /, **values: Any) -> click.UsageError:
    """A usage error (exit 2) whose message is :func:`said` ``(key, **values)``."""
    return click.UsageError(said(key, **values))


def usage_line(problem: click.UsageError, where: str, lang: str) -> str:
    """The one line ``ei`` prints for a usage error, in ``lang`` (the message on one line).

    One language per line: under ``nl`` click's own errors (a missing or unknown option, a bad
    value of one of its types) are said in Dutch where ``usage.toml`` has their words; a text
    that has none (a library's English reason) is shown in the English frame.
    """
    text = _message(problem, lang)
    if text is None:  # click's own words, or a library's English reason: one language in the line
        lang = "en"
        text = problem.format_message()
    # The message may quote input (file names: control characters, bytes that are not UTF-8).
    text = printable(" ".join(text.split()))
    return said("frame", where=where, message=text).text(lang)


def _message(problem: click.UsageError, lang: str) -> str | None:
    """The message of ``problem`` in ``lang``; ``None`` when it has no words in ``lang``."""
    message = problem.message
    inner = message.text(lang) if isinstance(message, Worded) else None
    if lang != "nl":
        if inner is None:
            return None
        # click frames a bad option value ("Invalid value for '--as-of': ..."): keep its frame.
        setattr(problem, "message", inner)  # noqa: B010  # click declares it Final
        return problem.format_message()
    no_command = getattr(click.exceptions, "NoSuchCommand", None)  # click 8.4+
    if no_command is not None and isinstance(problem, no_command) and problem.possibilities:
        maybe = ", ".join(f"'{name}'" for name in problem.possibilities)
        return said("no-such-command-maybe", command=f"'{problem.command_name}'", commands=maybe).nl
    if isinstance(problem, click.NoSuchOption):
        if problem.possibilities:
            options = ", ".join(sorted(problem.possibilities))
            return said("no-such-option-maybe", option=problem.option_name, options=options).nl
        return said("no-such-option", option=problem.option_name).nl
    if inner is None:
        inner = _click_words(str(message)) if message else None
    if isinstance(problem, click.MissingParameter):
        hint = _hint(problem)
        if hint is None or (message and inner is None):
            return None
        kind = problem.param_type or (problem.param.param_type_name if problem.param else "")
        if kind == "option":
            missing = said("missing-option", option=hint).nl
        elif kind == "argument":
            missing = said("missing-argument", option=hint).nl
        else:
            missing = said("missing-parameter", option=hint).nl
        return f"{missing}: {inner}" if inner else missing
    if inner is None:
        return None
    if isinstance(problem, click.BadParameter):
        hint = _hint(problem)
        return inner if hint is None else said("bad-value", option=hint, message=inner).nl
    return inner


def _hint(problem: click.BadParameter) -> str | None:
    """The option or argument a bad value belongs to, as click names it (``'-o' / '--output'``)."""
    if problem.param_hint is not None:
        hint = problem.param_hint
        if isinstance(hint, str):
            return hint
        return " / ".join(f"'{name}'" for name in hint)  # click's quoting
    if problem.param is not None:
        return problem.param.get_error_hint(problem.ctx)
    return None


@functools.cache
def _click_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Click's English texts of a bad value (``pattern``) with their Dutch words."""
    return tuple(
        (re.compile(entry["pattern"]), entry["nl"])
        for entry in _texts().values()
        if isinstance(entry.get("pattern"), str)
    )


def _click_words(text: str) -> str | None:
    """The Dutch words of one of click's English texts, ``None`` when ``usage.toml`` has none."""
    for pattern, dutch in _click_patterns():
        found = pattern.match(text.strip())
        if found is not None:
            return dutch.format(**found.groupdict())
    return None


def run_lang(ctx: click.Context | None, argv: Sequence[str] | None) -> str:
    """The ``--lang`` of the run, ``nl`` by default.

    The command's (or a parent's) option as the user gave it, else the last ``--lang X`` /
    ``--lang=X`` of the arguments (an error may come before ``--lang`` is parsed).
    """
    while ctx is not None:
        value = ctx.params.get("lang")
        if value in LANGUAGES and ctx.get_parameter_source("lang") in _GIVEN:
            return str(value)
        ctx = ctx.parent
    found = "nl"
    args = list(argv or ())
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args) and args[index + 1] in LANGUAGES:
            found = args[index + 1]
        elif arg.startswith("--lang=") and arg.partition("=")[2] in LANGUAGES:
            found = arg.partition("=")[2]
    return found


def lang_option(help: str = "Language of what is printed.") -> Callable[[F], F]:
    """``--lang nl|en`` (default ``nl``): the language of every text a command prints.

    The same option on ``ei`` itself, on a group (``ei ledger``, ``ei envelope``, ``ei cov``)
    and on each of its commands: given in several places, the innermost wins; given nowhere,
    ``nl``. ``ei ledger --lang en show`` and ``ei ledger show --lang en`` say the same.
    """
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default="nl",
        callback=_inherited_lang,
        show_default=True,
        help=help,
    )


def _inherited_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Click callback of :func:`lang_option`: the value given, else the nearest group's, else nl."""
    return value if given(ctx, param) else run_lang(ctx.parent, ())


def given(ctx: click.Context, param: click.Parameter) -> bool:
    """Whether the user gave ``param`` to this command (command line or environment variable)."""
    return ctx.get_parameter_source(param.name or "") in _GIVEN


_GIVEN = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
"""Where a value the user gave comes from (not a default)."""
