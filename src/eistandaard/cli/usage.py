"""Usage errors of ``ei`` in the language of the run (``--lang``).

The texts are data: ``rbc/common/usage.toml``.

A command raises :func:`usage` (a :class:`click.UsageError` whose message knows its Dutch and
English text); :func:`main <eistandaard.cli.main.main>` prints it with :func:`usage_line` in the
run's language, as one line on standard error (exit 2). A reason a library gave (an
:class:`~eistandaard.core.errors.InputError`) is a value inside the text and stays as it is.
Click's own errors (a missing argument, an unknown option) and a library's reason given alone
keep their English words, in the English frame: one language per line.

>>> usage("no-such-file", path="x.xml").message.text("nl")
'bestand bestaat niet: x.xml'
>>> usage_line(usage("no-such-file", path="x.xml"), "ei diff", "en")
'ei diff: error: no such file: x.xml (see ei diff -h)'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import click

from eistandaard.core.errors import DataError
from eistandaard.core.text import printable
from eistandaard.standards.resources import data_dir, load_toml
from eistandaard.standards.wording import LANGUAGES, Worded, in_lang

__all__ = ["run_lang", "said", "usage", "usage_line"]


@functools.cache
def _texts() -> Mapping[str, Mapping[str, str]]:
    path = data_dir("rbc") / "common" / "usage.toml"
    data = load_toml(path)
    for key, entry in data.items():
        if not isinstance(entry, dict) or any(
            not isinstance(entry.get(lang), str) for lang in LANGUAGES
        ):
            raise DataError(f"{path.name}: {key} needs texts nl and en")
    return data


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
    """The one line ``ei`` prints for a usage error, in ``lang`` (the message on one line)."""
    if isinstance(problem.message, Worded):  # ours: its text in the run's language
        # click frames a bad option value ("Invalid value for '--as-of': ..."): keep its frame.
        setattr(problem, "message", problem.message.text(lang))  # noqa: B010  # click: Final
    else:  # click's own words, or a library's English reason: one language in the line
        lang = "en"
    # The message may quote input (file names: control characters, bytes that are not UTF-8).
    text = printable(" ".join(problem.format_message().split()))
    return said("frame", where=where, message=text).text(lang)


def run_lang(ctx: click.Context | None, argv: Sequence[str] | None) -> str:
    """The ``--lang`` of the run, ``nl`` by default.

    The command's (or a parent's) parsed option, else the last ``--lang X`` / ``--lang=X`` of
    the arguments (an error may come before ``--lang`` is parsed).
    """
    while ctx is not None:
        value = ctx.params.get("lang")
        if value in LANGUAGES:
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
