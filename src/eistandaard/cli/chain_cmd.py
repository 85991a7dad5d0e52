"""``ei chain``: run a message through VECOZO and its receiver (:mod:`eistandaard.vecozo.chain`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from eistandaard.cli.exitcodes import ACCEPTED, ENGINE_ERROR, REJECTED
from eistandaard.cli.helptexts import ei_command
from eistandaard.cli.inputs import MESSAGE_FILE, is_stdin, message_bytes
from eistandaard.cli.options import (
    as_of_option,
    bounds_options,
    force_option,
    lang_option,
    load_cli_check,
)
from eistandaard.cli.output import check_output_dir, check_output_file, write_set
from eistandaard.cli.pathtypes import PathValue
from eistandaard.core import clock
from eistandaard.core.errors import InputError
from eistandaard.core.findings import Severity
from eistandaard.render.safe import terminal_safe
from eistandaard.standards.wording import in_lang, reason_of, texts_in
from eistandaard.vecozo.chain import CHAIN_FILE_NAMES, simulate_chain

__all__ = ["chain_command"]

_WORDS = "words/chain.toml"
"""The lines of ``ei chain`` under ``rbc/common``, both languages."""


@ei_command("chain")
@click.argument("message", type=MESSAGE_FILE)
@click.option(
    "--cak-checks",
    "cak_checks",
    multiple=True,
    metavar="MODULE:FUNCTION",
    help="A level-5 check of the CAK (repeatable).",
)
@as_of_option
@bounds_options
@click.option(
    "-o",
    "--output",
    "output",
    type=PathValue(file_okay=False, path_type=Path),
    default=None,
    help="Write every message produced into this folder.",
)
@force_option(help="Overwrite existing files in the output folder.")
@lang_option()
def chain_command(
    message: Path,
    cak_checks: tuple[str, ...],
    as_of: dt.date | None,
    timeout: float,
    max_memory: int,
    output: Path | None,
    force: bool,
    lang: str,
) -> int:
    """Simulate the STB flows 1-7 for a message: print the path, write the messages (-o DIR).

    Exit 0 when the payment order is accepted in full, 1 otherwise, 3 on an engine error.
    """
    try:
        checks = [load_cli_check(spec) for spec in cak_checks]
    except InputError as exc:  # framed as every usage error: "ei chain: fout: ... (zie ...)"
        raise click.UsageError(reason_of(exc)) from exc
    t = texts_in(_WORDS, lang)
    inputs = () if is_stdin(message) else (message,)
    if output is not None:  # refused before the message is read (cli/output.py)
        check_output_dir(output)
        for file_name in CHAIN_FILE_NAMES:  # any file a chain can write: refused without --force
            check_output_file(output / file_name, force=force, inputs=inputs)
    try:
        data, name = message_bytes(message)  # MESSAGE or - (standard input)
        result = simulate_chain(
            data,
            name=Path(name).name if inputs else name,
            as_of=as_of or clock.today(),
            cak_checks=checks,
            timeout=timeout,
            max_memory=max_memory * 1024**2,
        )
    except InputError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    written: list[Path] = []
    if output is not None:  # all messages of the run, or none (cli/output.py): before printing
        files = [(made.filename, made.data) for made in result.messages]
        written = write_set(output, files, force=force, inputs=inputs)
    click.echo(t["path"].format(path=result.path))
    for produced in result.messages:
        click.echo(
            t["flow"].format(
                flow=produced.flow,
                kind=t.get(f"kind:{produced.kind}", produced.kind),
                sender=t.get(f"party:{produced.sender}", produced.sender),
                receiver=t.get(f"party:{produced.receiver}", produced.receiver),
            )
        )
    outcome = t["outcome"].format(outcome=t.get(result.outcome, result.outcome))
    error = f" ({in_lang(result.error, lang)})" if result.error else ""
    click.echo(terminal_safe(outcome + error))
    if not result.accepted:  # say why: the errors that stopped or rejected the message
        for report in result.reports.values():
            for finding in report.findings:
                if finding.severity is Severity.ERROR:
                    line = t["finding"].format(code=finding.code, text=finding.text(lang))
                    click.echo(terminal_safe(line))
    for path in written:
        click.echo(terminal_safe(t["wrote"].format(path=path)))
    if result.outcome == "error":
        return ENGINE_ERROR
    return ACCEPTED if result.accepted else REJECTED
