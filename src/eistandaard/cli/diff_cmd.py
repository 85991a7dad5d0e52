"""``ei diff REQUEST.xml RETURN.xml``: explain an answer against its declaration."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from eistandaard.cli.exitcodes import ACCEPTED, REJECTED
from eistandaard.cli.options import codelist_option, codelist_overrides
from eistandaard.cli.output import WriteFailed, check_output_file, write_new_file
from eistandaard.cli.vektis_answers import VEKTIS_FAMILIES, render_vektis_diff
from eistandaard.core.errors import DataError, InputError
from eistandaard.diff import diff, render_html, render_json, render_text
from eistandaard.levels.intake import read_path
from eistandaard.render.safe import terminal_safe, xml_safe
from eistandaard.standards.catalog import default_catalog

__all__ = ["diff_command"]

_RENDERERS = {"text": render_text, "json": render_json, "html": render_html}


@click.command("diff")
@click.argument("request", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("answer", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of labels and retourcode meanings.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(_RENDERERS)),
    default="text",
    show_default=True,
    help="text, json, or html (one printable page).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this new file instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@codelist_option
def diff_command(
    request: Path,
    answer: Path,
    lang: str,
    fmt: str,
    output: Path | None,
    force: bool,
    codelist: tuple[str, ...],
) -> int:
    """Explain a return message against its request (WMO325/JW325 vs 323, BM802 vs BM801).

    Exit codes: 0 consistent, 1 not consistent (the reasons are listed), 2 usage or unreadable
    input.
    """
    for path in (request, answer):
        if not path.is_file():
            raise click.UsageError(f"no such file: {path}")
    try:
        lists = codelist_overrides(codelist)  # the retourcode list the answer is checked with
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    if output is not None:  # refused before any input is read (cli/output.py)
        given = (request, answer, *(lists.overrides.values() if lists else ()))
        check_output_file(output, force=force, inputs=given)
    vektis = VEKTIS_FAMILIES.get(_family(request) or "")
    try:
        if vektis is not None:
            explained = vektis.explain(request, answer)
            consistent = bool(explained.consistent)
            data = _shown(render_vektis_diff(vektis, explained, fmt), fmt)
        else:
            result = diff(request, answer, codelists=lists)
            consistent = result.consistent
            data = _shown(_RENDERERS[fmt](result, lang), fmt)
    except (InputError, DataError) as exc:
        raise click.UsageError(str(exc)) from exc
    if output is not None:
        write_new_file(output, data, force, inputs=(request, answer))
    else:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except OSError as exc:
            raise WriteFailed(f"cannot write output: {exc}") from exc
    return ACCEPTED if consistent else REJECTED


def _shown(rendered: str, fmt: str) -> bytes:
    """The output bytes, without terminal controls (values come from the input).

    Text escapes them, HTML writes character references, JSON escapes them itself.
    """
    if fmt == "text":
        return terminal_safe(rendered).encode("utf-8")
    data = rendered.encode("utf-8")
    return xml_safe(data) if fmt == "html" else data


def _family(path: Path) -> str | None:
    """The catalog family of a readable message, or ``None``."""
    payload = read_path(path)
    if payload.tree is None:
        return None
    spec = default_catalog().identify(payload.tree.getroot())
    return spec.family if spec is not None else None
