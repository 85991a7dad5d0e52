"""The help of ``ei`` (``-h``/``--help``) in the language of the run (``--lang``).

The texts are data: ``rbc/common/words/help.toml``, read (through
:func:`~eistandaard.standards.wording.bilingual_texts`) only when a help is shown, never for a
normal run. Every command of ``ei`` is a :class:`WordedCommand` or a :class:`WordedGroup`: they
write click's help with the table's texts in the run's language, click's own words ("Usage:",
"Options:", "[default: ...]") included.

Keys: a command by its path (``ei``, ``ei validate``, ``ei ledger add``; ``ei explain`` is
``ei diff``); an option by that path and its long name (``ei validate --schemas``), or, where one
definition serves several commands, by its name alone (``--as-of``), with a label where several
definitions share a name (``--timeout vecozo``); the values of a choice whose help lists them by
the option's key and the value (``ei validate --format text``); click's own words by a plain key
(:data:`FIXED`).

A text of the table is used only where its ``en`` is the English in code (the texts the
commands are defined with): a table that lacks a text, or whose English is out of date, shows
that English rather than failing (``tests/test_cli_help_lang.py`` keeps the two equal).
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click

from eistandaard.cli.usage import run_lang
from eistandaard.core.errors import EIError
from eistandaard.standards.wording import bilingual_texts

__all__ = [
    "FIXED",
    "HELP_TABLE",
    "WordedCommand",
    "WordedGroup",
    "command_help",
    "command_key",
    "ei_command",
    "ei_group",
    "fixed_word",
    "help_lang",
    "option_help",
    "option_name",
]

HELP_TABLE = "words/help.toml"
"""The table of the help texts, under ``rbc/common``."""

FIXED = {
    "usage": "Usage:",
    "options": "Options",
    "commands": "Commands",
    "arguments": "Positional arguments",
    "options-metavar": "[OPTIONS]",
    "command-metavar": "COMMAND [ARGS]...",
    "default": "default",
    "env-var": "env var",
    "required": "required",
    "pairs": "Request: its answer (from the catalog)",
}
"""Key -> the English of the fixed words of a help (click's own, and the pairs' heading)."""

_ARGS = "eistandaard.cli.helptexts.args"
"""The key of ``Context.meta`` (shared by a run's contexts) under which the run's arguments are."""


def _entries() -> Mapping[str, Mapping[str, str]]:
    """The table (key -> ``{"nl", "en"}``); empty when it cannot be read (English in code then)."""
    try:
        return bilingual_texts(HELP_TABLE)
    except EIError:
        return {}


def _same(first: str, second: str) -> bool:
    """Whether two texts have the same words (line breaks and indentation do not count)."""
    return first.split() == second.split()


def _found(keys: Sequence[str], english: str) -> str | None:
    """The first of ``keys`` in the table whose ``en`` is ``english``; ``None`` when none is.

    A key that is not in the table, or whose English is not the English in code, is passed by.
    """
    entries = _entries()
    for key in keys:
        entry = entries.get(key)
        if entry is not None and _same(entry["en"], english):
            return key
    return None


def _text(keys: Sequence[str], english: str, lang: str) -> str:
    """The text in ``lang`` of :func:`_found` ``(keys, english)``, else ``english`` itself."""
    key = _found(keys, english)
    return english if key is None else _entries()[key]["en" if lang == "en" else "nl"]


def help_lang(ctx: click.Context) -> str:
    """The ``--lang`` of the run a help is shown in: the last one given, else ``nl``.

    ``-h`` is handled before the other options of its command are read: the language comes
    from the run's arguments (:func:`~eistandaard.cli.usage.run_lang`), so
    ``ei validate --lang en -h`` and ``ei --lang en validate -h`` are English.
    """
    args = ctx.meta.get(_ARGS)
    return run_lang(ctx, ()) if args is None else run_lang(None, args)


def fixed_word(ctx: click.Context, key: str) -> str:
    """One of click's words of a help (:data:`FIXED`) in the run's language."""
    return _text((key,), FIXED[key], help_lang(ctx))


def command_key(ctx: click.Context) -> str:
    """The key of the command of ``ctx``: ``ei`` and the names of its commands (``ei ledger add``).

    A command's own name, not the one it was called by: ``ei explain`` is ``ei diff``.
    """
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.command.name or ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["ei", *reversed(names)])


def command_help(command: click.Command, key: str, lang: str) -> str | None:
    """The help of ``command`` (key ``key``) in ``lang``: ``None`` when it has none."""
    if command.help is None:
        return None
    return _text((key,), inspect.cleandoc(command.help), lang)


def option_name(param: click.Parameter) -> str:
    """The name of an option in its key: its long name (``--output`` of ``-o/--output``)."""
    longs = [name for name in param.opts if name.startswith("--")]
    return max(longs, key=len) if longs else (param.opts[0] if param.opts else param.name or "")


def option_keys(ctx: click.Context, param: click.Parameter) -> tuple[str, ...]:
    """The keys of the table the help of option ``param`` is made of; ``()`` when none fits.

    The command's own key (``ei validate --schemas``), else the first key of a shared
    definition (``--as-of``, ``--timeout transport``) whose English is the option's; for a choice
    whose help lists its values, the key of each value (``ei validate --format text``, ...).
    """
    english = getattr(param, "help", None)
    if not isinstance(english, str):
        return ()
    name = option_name(param)
    key = f"{command_key(ctx)} {name}"
    entries = _entries()
    shared = [other for other in entries if other == name or other.startswith(f"{name} ")]
    found = _found((key, *shared), english)
    if found is not None:
        return (found,)
    if isinstance(param.type, click.Choice):
        values = tuple(f"{key} {choice}" for choice in param.type.choices)
        if all(value in entries for value in values) and _same(_listed(values, "en"), english):
            return values
    return ()


def _listed(keys: Sequence[str], lang: str) -> str:
    """The values of ``keys`` each with what it is ("text: readable text; ..."), in ``lang``."""
    entries = _entries()
    return "; ".join(f"{key.rpartition(' ')[2]}: {entries[key][lang]}" for key in keys) + "."


def option_help(ctx: click.Context, param: click.Parameter, lang: str) -> str | None:
    """The help of option ``param`` of the command of ``ctx`` in ``lang`` (``None``: it has none).

    The text of :func:`option_keys`, or the English in code where the table has none.
    """
    english = getattr(param, "help", None)
    if not isinstance(english, str):
        return None
    keys = option_keys(ctx, param)
    language = "en" if lang == "en" else "nl"
    if not keys:
        return english
    if len(keys) == 1 and _same(_entries()[keys[0]]["en"], english):
        return _entries()[keys[0]][language]
    return _listed(keys, language)


_EXTRA = re.compile(r"(?:(?<=\[)|(?<=; ))(default|env var|required)(?=: |[;\]])")
"""click's words in the brackets after an option's help: ``[env var: X; default: Y; required]``."""
_EXTRA_KEYS = {"default": "default", "env var": "env-var", "required": "required"}


def _worded_record(ctx: click.Context, param: click.Parameter, lang: str) -> tuple[str, str] | None:
    """The help row of ``param`` (its names, its help) in ``lang``; ``None`` for a hidden option."""
    record = param.get_help_record(ctx)
    if record is None:
        return None
    names, shown = record
    english = getattr(param, "help", None) or ""
    text = option_help(ctx, param, lang) or ""
    if not shown.startswith(english):  # not as click writes it: left as it is
        return record
    extra = shown[len(english) :]
    if lang != "en":
        extra = _EXTRA.sub(lambda found: fixed_word(ctx, _EXTRA_KEYS[found[1]]), extra)
    return names, text + extra


class WordedCommand(click.Command):
    """A click command whose help is in the run's language (``--lang``), texts from the table.

    Writes what :meth:`click.Command.format_help` writes (usage, help text, options, epilog),
    each text and heading through the table.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Keep the run's arguments (the first command's) for :func:`help_lang`, then parse."""
        if ctx.parent is None:
            ctx.meta[_ARGS] = tuple(args)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The pieces of the usage line, click's, its ``[OPTIONS]`` in the run's language."""
        fixed = {FIXED[key]: key for key in ("options-metavar", "command-metavar")}
        pieces = super().collect_usage_pieces(ctx)
        return [fixed_word(ctx, fixed[piece]) if piece in fixed else piece for piece in pieces]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The usage line, "Usage:" in the run's language."""
        pieces = self.collect_usage_pieces(ctx)
        prefix = f"{fixed_word(ctx, 'usage')} "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's help in the run's language (up to a form feed, as click does)."""
        text = command_help(self, command_key(ctx), help_lang(ctx))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(text).partition("\f")[0])

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The arguments, when one has a help (click 8.5+), in the run's language."""
        arguments = [param for param in self.get_params(ctx) if isinstance(param, click.Argument)]
        if all(getattr(param, "help", None) is None for param in arguments):
            return
        lang = help_lang(ctx)
        rows = [row for param in arguments if (row := _worded_record(ctx, param, lang))]
        with formatter.section(fixed_word(ctx, "arguments")):
            formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options with their help in the run's language."""
        self.format_worded_options(ctx, formatter)

    def format_worded_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options section: each option's names and help, in the run's language."""
        lang = help_lang(ctx)
        rows = [
            row
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument) and (row := _worded_record(ctx, param, lang))
        ]
        if rows:
            with formatter.section(fixed_word(ctx, "options")):
                formatter.write_dl(rows)


class WordedGroup(WordedCommand, click.Group):
    """A click group whose help (and the list of its commands) is in the run's language.

    The commands it makes are of :class:`WordedCommand`, its groups of :class:`WordedGroup`.
    """

    command_class = WordedCommand
    group_class = type  # click: a group's groups are of its own class

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, then the commands, in the run's language."""
        self.format_worded_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands, each with the start of its help (as click shortens it), in the language."""
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        lang = help_lang(ctx)
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        path = command_key(ctx)
        rows = [
            (name, _short_help(command, f"{path} {command.name or name}", lang, limit))
            for name, command in commands
        ]
        with formatter.section(fixed_word(ctx, "commands")):
            formatter.write_dl(rows)


def _short_help(command: click.Command, key: str, lang: str, limit: int) -> str:
    """The short help of ``command`` in ``lang``: its own, or its help shortened as click does."""
    text = command_help(command, key, lang)
    if command.short_help or text is None:
        return command.get_short_help_str(limit)
    shortened: Any = copy.copy(command)  # click's own shortening, of the text in ``lang``
    shortened.help = text
    return str(shortened.get_short_help_str(limit))


def ei_command(
    name: str, *, cls: type[WordedCommand] = WordedCommand
) -> Callable[[Callable[..., Any]], click.Command]:
    """``click.command`` for every ``ei`` command: its help follows ``--lang`` (``cls``)."""
    return click.command(name, cls=cls)


def ei_group(name: str) -> Callable[[Callable[..., Any]], click.Group]:
    """``click.group`` for every ``ei`` group: its own and its commands' help follow ``--lang``."""
    return click.group(name, cls=WordedGroup)
