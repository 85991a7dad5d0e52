"""Options that several ``ei`` commands share, defined once."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from lxml import etree

from eistandaard.cli.helptexts import WordedCommand, fixed_word
from eistandaard.cli.inputs import file_problem
from eistandaard.cli.pathtypes import PathValue, unusable_path
from eistandaard.cli.usage import lang_option, said, usage
from eistandaard.core import clock
from eistandaard.core.bounds import DEFAULT_MEMORY, DEFAULT_SECONDS, MAX_SECONDS
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.text import quoted
from eistandaard.core.xml import parse_file
from eistandaard.levels.checks import Check, load_check
from eistandaard.levels.intake import Limits, refuse_not_regular
from eistandaard.levels.relations import saxon as _saxon
from eistandaard.levels.structure import check_schema_folder
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.codelist_names import check_overrides
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import reason_of, said_error

__all__ = [
    "FILE",
    "TEXT",
    "FiniteRange",
    "PairsCommand",
    "as_of_option",
    "bounds_options",
    "check_option",
    "check_stylesheet",
    "codelist_option",
    "codelist_overrides",
    "date_value",
    "environment_option",
    "force_option",
    "lang_option",
    "load_cli_check",
    "max_size_option",
    "number_option",
    "output_option",
    "rule_stylesheets",
    "schemas_folder",
    "stack",
    "validation_options",
]

F = TypeVar("F", bound=Callable[..., Any])


class _File(PathValue):
    """A file to read: not a folder, and not a FIFO, socket or device either.

    Certificates, keys, registries and envelopes are read by libraries (``ssl``, ``tomllib``)
    that open them blocking: a FIFO named by mistake would hang the command. It is refused when
    the option is read, in the run's language, before anything is opened.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The path, refused when it names something that is there but is no regular file."""
        path = super().convert(value, param, ctx)
        try:
            refuse_not_regular(Path(os.fsdecode(path)))
        except InputError as exc:
            self.fail(reason_of(exc), param, ctx)
        except OSError:  # not there (yet) or not to be looked at: the reader says why
            pass
        return path


FILE = _File(path_type=Path, dir_okay=False)
"""The type of an option or argument that names a file to read (no folder, FIFO or device)."""


class PairsCommand(WordedCommand):
    """A command whose help ends with the request/answer pairs the catalog holds.

    ``ei return`` and ``ei diff`` serve every pair of the data (``schemas/*/*/catalog.toml``),
    so their help lists those pairs as read from it: a message added as data shows up here.
    """

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The pairs section, then the command's own epilog, if any."""
        try:
            pairs = default_catalog().pairs()
        except EIError:  # broken data: the command itself says so when it runs
            pairs = []
        if pairs:
            with formatter.section(fixed_word(ctx, "pairs")):
                formatter.write_dl(pairs)
        super().format_epilog(ctx, formatter)


if TYPE_CHECKING:  # generic from click 8.2 on; pyproject allows 8.1
    _TypeOfText = click.ParamType[str]
else:
    _TypeOfText = click.ParamType


class _Text(_TypeOfText):
    """A value that is text on one line: no control characters, no bytes that are not UTF-8.

    A file name may hold such bytes (Python keeps them as lone surrogates); an identifier, a
    code or a role that goes into a query, a JSON envelope or a SOAP request may not: it is one
    usage line (exit 2), never an encoding error deep inside.
    """

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if not _line_text(text):
            self.fail(said("not-text", value=quoted(text)), param, ctx)
        return text


def _line_text(text: str) -> bool:
    """True when every character of ``text`` is one a line of text holds (letters of any script)."""
    return text.isprintable() and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


TEXT = _Text()
"""The type of an option or argument that is a value, not a file (:class:`_Text`)."""


class FiniteRange(click.FloatRange):
    """A :class:`click.FloatRange` that refuses ``nan`` and ``inf`` as well.

    NaN compares false with every bound, so a range alone takes it (and ``inf`` where there is
    no upper bound): a time-out of ``nan`` then ended deep inside as "interne fout", or was
    served with.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The number, within the range and finite; a usage error otherwise."""
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(said("not-finite", value=quoted(value)), param, ctx)
        return number


def number_option(
    name: str,
    kind: click.ParamType[Any],
    default: float | None,
    help: str,  # click's own name for it
    metavar: str | None = None,
) -> Callable[[F], F]:
    """An option that takes a bounded number (``kind``: an IntRange/FiniteRange), default shown."""
    return click.option(
        name,
        type=kind,
        default=default,
        show_default=default is not None,
        metavar=metavar,
        help=help,
    )


def stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several option decorators as one, applied in the order given (the first is outermost)."""

    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def date_value(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: ``YYYY-MM-DD`` -> :class:`datetime.date` (a usage error otherwise)."""
    if value is None:
        return None
    try:
        return clock.iso_date(value)
    except ValueError as exc:
        raise click.BadParameter(said("not-a-date", value=quoted(value))) from exc


def max_size_option(function: F) -> F:
    """``--max-size BYTES``: the largest file or ZIP level 1 reads (VECOZO's limit by default)."""
    return click.option(
        "--max-size",
        type=click.IntRange(min=1),
        default=Limits().max_bytes,
        show_default=True,
        help="Largest file or ZIP accepted, in bytes.",
    )(function)


def as_of_option(function: F) -> F:
    """``--as-of DATE``: the peildatum for rules that compare with today."""
    return click.option(
        "--as-of",
        "as_of",
        callback=date_value,
        metavar="DATE",
        help="Peildatum for rules that compare with today (default: today in the Netherlands).",
    )(function)


def force_option(help: str = "Overwrite an existing output file.") -> Callable[[F], F]:
    """``--force``: replace an existing output (never a link, device or folder: cli/output.py)."""
    return click.option("--force", is_flag=True, help=help)


def output_option(
    help: str = "Write to this new file instead of standard output.",
    *,
    required: bool = False,
) -> Callable[[F], F]:
    """``-o/--output FILE``: the file to write.

    The rules are those of cli/output.py: never overwritten without ``--force``, refused
    before any input is read.
    """
    return click.option(
        "-o",
        "--output",
        required=required,
        type=PathValue(dir_okay=False, path_type=Path),
        help=help,
    )


def environment_option(function: F) -> F:
    """``--environment P|T``: the VECOZO environment (rule 8028)."""
    return click.option(
        "--environment",
        type=click.Choice(["P", "T"]),
        default="P",
        show_default=True,
        help="VECOZO environment: P production, T test (rule 8028 checks the Berichtsoort).",
    )(function)


def bounds_options(function: F) -> F:
    """``--timeout SECONDS`` and ``--max-memory MB``: the bounds of stylesheets and plug-ins."""
    return stack(
        number_option(
            "--timeout",
            FiniteRange(min=0, min_open=True, max=MAX_SECONDS),
            DEFAULT_SECONDS,
            "Time bound of each rule stylesheet run and each level-5 check; past it: exit 3.",
            metavar="SECONDS",
        ),
        number_option(
            "--max-memory",
            click.IntRange(min=1, max=1024**3),
            DEFAULT_MEMORY // 1024**2,
            "Memory bound (MiB) of the rule engine and the level-5 checks; past it: exit 3.",
            metavar="MB",
        ),
    )(function)


def check_option(function: F) -> F:
    """``--check MODULE:FUNCTION`` (repeatable): level-5 plug-ins."""
    return click.option(
        "--check",
        "checks",
        multiple=True,
        metavar="MODULE:FUNCTION",
        help="Level-5 check to run (repeatable).",
    )(function)


def load_cli_check(spec: str) -> Check:
    """A ``--check MODULE:FUNCTION`` plug-in, its module also found in the working directory.

    ``ei`` finds ``mymod.py`` next to the user as ``python -m eistandaard`` does (and as
    ``uvicorn main:app`` does): the working directory is put on ``sys.path`` when a check is
    named, before the module is imported and before any worker process starts.

    :raises InputError: see :func:`eistandaard.levels.checks.load_check`.
    """
    try:
        here = str(Path.cwd())
    except OSError:  # the working directory was removed: nothing to add
        return load_check(spec)
    if here not in sys.path and "" not in sys.path:
        sys.path.insert(0, here)
    return load_check(spec)


def codelist_option(function: F) -> F:
    """``--codelist NAME=FILE`` (repeatable): a newer or extra code list for level 4."""
    return click.option(
        "--codelist",
        "codelist",
        multiple=True,
        metavar="NAME=FILE",
        help="Use FILE for code list NAME (e.g. WJ001=wj001.csv, or "
        "<family>/<release>/WJ001=... for one release); repeatable.",
    )(function)


def validation_options(function: F) -> F:
    """The options of a command that validates a message at levels 1-5, in help order.

    ``--as-of``, ``--environment``, ``--check``, the bounds (``--timeout``, ``--max-memory``) and
    ``--codelist``: ``ei validate`` and ``ei return`` check a message the same way.
    """
    return stack(as_of_option, environment_option, check_option, bounds_options, codelist_option)(
        function
    )


def codelist_overrides(values: Sequence[str]) -> CodeLists | None:
    """``NAME=FILE`` options as a :class:`~eistandaard.standards.codelists.CodeLists` or ``None``.

    :raises click.UsageError: for a value without ``=`` or a file that does not exist (both
        languages).
    :raises InputError: for a file that does not parse, or a NAME that no check uses (a
        misspelling would otherwise be silently unused).
    """
    if not values:
        return None
    overrides: dict[str, Path] = {}
    for value in values:
        name, sep, file = value.partition("=")
        if not sep or not name.strip() or not file.strip():
            raise usage("codelist-form", value=quoted(value))
        path = Path(file.strip())
        problem = unusable_path(str(path)) or file_problem(path)  # a folder or FIFO: by its kind
        if problem is not None:
            raise usage("option-reason", option=f"--codelist {name}", reason=problem)
        overrides[name.strip()] = path
    try:
        check_overrides(overrides)
    except InputError as exc:  # the library's text starts with the key: name the option
        raise InputError(said_error("codelist-option", exc=exc)) from exc
    return CodeLists(overrides=overrides)


def schemas_folder(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """Click callback for ``--schemas DIR``: refuse a folder that cannot be used, up front.

    The folder must exist and hold, for every supported message whose schema it holds, exactly
    one file of that name (several files of one schema's name below it are refused, all named).
    """
    if value is None:
        return None
    try:
        check_schema_folder(value, (spec.schema for spec in default_catalog()))
    except InputError as exc:
        raise click.BadParameter(reason_of(exc)) from exc
    return value


_XSL = "http://www.w3.org/1999/XSL/Transform"


def check_stylesheet(path: Path) -> None:
    """Refuse a ``--rules`` file that is no XSLT stylesheet or does not compile.

    :raises InputError: the file does not exist, is not XML, is no stylesheet (root
        ``xsl:stylesheet`` / ``xsl:transform``, or a simplified stylesheet with ``xsl:version``),
        or Saxon cannot compile it.
    """
    if not path.exists() and not path.is_symlink():
        raise InputError(said_error("rules-no-such-file", path=path))
    with contextlib.suppress(OSError):  # not to be looked at: the parse below says why
        refuse_not_regular(path)  # a folder, FIFO or device, by its kind: never opened
    try:
        root = parse_file(path).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputError(said_error("rules-not-xml", path=path, exc=exc)) from exc
    is_stylesheet = root.tag in (f"{{{_XSL}}}stylesheet", f"{{{_XSL}}}transform")
    if not is_stylesheet and root.get(f"{{{_XSL}}}version") is None:
        raise InputError(said_error("rules-not-xslt", path=path, root_tag=root.tag))
    try:
        # Compiled once here, in the bounded SaxonC worker that keeps it for the run.
        _saxon.compile_stylesheet(path)
    except EIError as exc:
        raise InputError(reason_of(exc)) from exc


def rule_stylesheets(
    _ctx: click.Context, _param: click.Parameter, values: Sequence[Path]
) -> tuple[Path, ...]:
    """Click callback for ``--rules FILE`` (repeatable): each must be a stylesheet that compiles."""
    for path in values:
        try:
            check_stylesheet(path)
        except InputError as exc:
            raise click.BadParameter(reason_of(exc)) from exc
    return tuple(values)
