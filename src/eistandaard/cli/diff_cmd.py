"""``ei diff REQUEST ANSWER``: explain an answer against its request (every family).

Thin: one library call (:func:`eistandaard.explain`), one renderer by name
(:data:`eistandaard.render.explain.EXPLAIN_RENDERERS`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from eistandaard.answers import explain
from eistandaard.cli.exitcodes import ACCEPTED, REJECTED
from eistandaard.cli.helptexts import ei_command
from eistandaard.cli.inputs import STDIN, read_one
from eistandaard.cli.options import (
    PairsCommand,
    codelist_option,
    codelist_overrides,
    date_value,
    force_option,
    lang_option,
    max_size_option,
    output_option,
)
from eistandaard.cli.output import WriteFailed, check_output_file, write_new_file
from eistandaard.cli.pathtypes import PATH_TEXT
from eistandaard.cli.usage import usage
from eistandaard.core.errors import DataError, InputError
from eistandaard.levels.intake import Limits
from eistandaard.render.explain import EXPLAIN_RENDERERS, render_explanation
from eistandaard.render.safe import terminal_safe, xml_safe
from eistandaard.standards.wording import reason_of

__all__ = ["diff_command"]


@ei_command("diff", cls=PairsCommand)
@click.argument("request", metavar="REQUEST", type=PATH_TEXT)
@click.argument("answer", metavar="ANSWER", type=PATH_TEXT)
@lang_option(help="Language of every text: labels, states, retourcode meanings.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(EXPLAIN_RENDERERS)),
    default="text",
    show_default=True,
    help="text, json (versioned, docs/json-format.md) or html (one printable page).",
)
@click.option(
    "--rejected-only",
    is_flag=True,
    help="Show only the rejected and partly rejected lines, and each rejected group (client, "
    "verzekerde) with its lines (the summary stays whole).",
)
@output_option(help="Write to this new file instead of standard output.")
@force_option()
@codelist_option
@max_size_option
@click.option(
    "--as-of",
    "as_of",
    callback=date_value,
    metavar="DATE",
    help="Peildatum of the date checks (0001 reasons, codes on their list) "
    "(default: the answer's own date).",
)
def diff_command(
    request: str,
    answer: str,
    lang: str,
    fmt: str,
    rejected_only: bool,
    output: Path | None,
    force: bool,
    codelist: tuple[str, ...],
    max_size: int,
    as_of: dt.date | None,
) -> int:
    """Explain an answer against its request (every family the catalog knows).

    Every request and answer pair of the catalog (listed below). REQUEST and ANSWER are files,
    ZIPs holding one message, or - (standard input, one of them).

    Exit codes: 0 consistent, 1 not consistent (the reasons are listed), 2 usage or unreadable
    input.
    """
    if request == STDIN and answer == STDIN:
        raise usage("stdin-twice")
    try:
        lists = codelist_overrides(codelist)  # the retourcode list the answer is checked with
    except InputError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    given = tuple(Path(p) for p in (request, answer) if p != STDIN)
    if output is not None:  # refused before any input is read (cli/output.py)
        check_output_file(
            output, force=force, inputs=(*given, *(lists.overrides.values() if lists else ()))
        )
    try:
        limits = Limits(max_bytes=max_size)
        req, ans = read_one(request, "REQUEST", limits), read_one(answer, "ANSWER", limits)
    except InputError as exc:  # its words are already in --lang
        raise click.UsageError(reason_of(exc)) from exc
    try:
        assert req.tree is not None  # read_one refuses unreadable input
        assert ans.tree is not None
        labels = (f"REQUEST {_shown_name(request)}", f"ANSWER {_shown_name(answer)}")
        explained = explain(req.tree, ans.tree, codelists=lists, labels=labels, as_of=as_of)
    except InputError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    except DataError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    data = _shown(render_explanation(explained, fmt, lang, rejected_only=rejected_only), fmt)
    if output is not None:
        write_new_file(output, data, force, inputs=given)
    else:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except OSError as exc:
            raise WriteFailed(f"cannot write output: {exc}") from exc
    return ACCEPTED if explained.consistent else REJECTED


def _shown(rendered: str, fmt: str) -> bytes:
    """The output bytes, without terminal controls (values come from the input).

    Text escapes them, HTML writes character references, JSON escapes them in the renderer.
    """
    if fmt == "text":
        return terminal_safe(rendered).encode("utf-8")
    data = rendered.encode("utf-8")
    return xml_safe(data) if fmt == "html" else data


def _shown_name(raw: str) -> str:
    return "<stdin>" if raw == STDIN else raw
