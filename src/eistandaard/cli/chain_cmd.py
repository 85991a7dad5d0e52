"""``ei chain``: run a BM801 through VECOZO and the CAK (STB BM801-BM802 figure 5-1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from eistandaard.bm.chain import simulate_chain, write_messages
from eistandaard.checks import load_check
from eistandaard.cli.exitcodes import ACCEPTED, ENGINE_ERROR, REJECTED, USAGE
from eistandaard.cli.options import as_of_option, bounds_options
from eistandaard.errors import InputError, OutputExistsError

__all__ = ["chain_command"]


@click.command("chain")
@click.argument("message", type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write every message produced into this folder.",
)
@click.option("--force", is_flag=True, help="Overwrite existing files in the output folder.")
def chain_command(
    message: Path,
    cak_checks: tuple[str, ...],
    as_of: dt.date | None,
    timeout: float,
    max_memory: int,
    output: Path | None,
    force: bool,
) -> int:
    """Simulate flows 1-7 for a BM801: print the path, write the messages (-o DIR).

    Exit 0 when the payment order is accepted in full, 1 otherwise, 3 on an engine error.
    """
    try:
        checks = [load_check(spec) for spec in cak_checks]
    except InputError as exc:
        click.echo(f"ei chain: {exc}", err=True)
        return USAGE
    try:
        result = simulate_chain(
            message,
            as_of=as_of or dt.date.today(),
            cak_checks=checks,
            timeout=timeout,
            max_memory=max_memory * 1024**2,
        )
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"path: {result.path}")
    for produced in result.messages:
        click.echo(
            f"  flow {produced.flow}: {produced.kind} {produced.sender} -> {produced.receiver}"
        )
    click.echo(f"outcome: {result.outcome}" + (f" ({result.error})" if result.error else ""))
    if output is not None:
        try:
            for path in write_messages(result, output, force=force):
                click.echo(f"wrote {path}")
        except OutputExistsError as exc:
            click.echo(f"ei chain: {exc}", err=True)
            return USAGE
    if result.outcome == "error":
        return ENGINE_ERROR
    return ACCEPTED if result.accepted else REJECTED
