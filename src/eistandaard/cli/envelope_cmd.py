"""``ei envelope build|check``: the VECOZO envelope of a message, offline."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console

from eistandaard.cli.exitcodes import exit_code
from eistandaard.cli.helptexts import ei_group
from eistandaard.cli.inputs import MESSAGE_FILE, is_stdin, message_bytes
from eistandaard.cli.options import (
    TEXT,
    as_of_option,
    environment_option,
    force_option,
    lang_option,
)
from eistandaard.cli.output import RefusedOutput, check_output_file, write_new_file
from eistandaard.cli.pathtypes import PathValue
from eistandaard.cli.usage import said, usage
from eistandaard.cli.vecozo_options import (
    close_checks,
    load_envelope,
    vecozo_checks,
    vecozo_options,
)
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.text import quoted
from eistandaard.render import render_text, reports_to_json
from eistandaard.standards.wording import reason_of
from eistandaard.vecozo.build import Application, build_envelope, parse_payload
from eistandaard.vecozo.envelope import payload_zip
from eistandaard.vecozo.submission import check_submission

__all__ = ["envelope_group"]


@ei_group("envelope")
@lang_option(help="Language of what its commands print (or --lang after the command).")
def envelope_group(lang: str) -> None:  # inherited by its commands (cli/usage.py lang_option)
    """Build and check the VECOZO envelope (REST berichtMetadata + payload ZIP)."""


@envelope_group.command("build")
@click.argument("message", type=MESSAGE_FILE)
@click.option(
    "--answer-to",
    type=PathValue(exists=True, dir_okay=False, path_type=Path),
    help="The request's META.json: build the envelope of an answer to it.",
)
@click.option(
    "-o", "--output", type=PathValue(dir_okay=False, path_type=Path), help="Write META.json here."
)
@click.option(
    "--zip",
    "zip_path",
    type=PathValue(dir_okay=False, path_type=Path),
    help="Also write the payload ZIP (one member, <uuid>.xml) here.",
)
@click.option(
    "--afzender-rol", type=TEXT, help="Role of the sender (Instelling, Zorgverlener, Praktijk ...)."
)
@click.option(
    "--geadresseerde-rol", type=TEXT, help="Role of the addressee (Gemeente, Zorgverzekeraar ...)."
)
@click.option(
    "--referentie-id", type=TEXT, help="Own reference (1-150 characters; never a BSN or a name)."
)
@click.option(
    "--application", type=TEXT, default="eistandaard", show_default=True, help="CC06: Applicatie."
)
@click.option(
    "--application-version",
    default="0.1",
    show_default=True,
    metavar="VERSIE.SUBVERSIE",
    help="CC06: ApplicatieVersie and ApplicatieSubversie (whole numbers).",
)
@force_option(help="Overwrite existing output files.")
@lang_option(help="Language of the usage errors (the envelope itself is JSON).")
def build_command(
    message: Path,
    answer_to: Path | None,
    output: Path | None,
    zip_path: Path | None,
    afzender_rol: str | None,
    geadresseerde_rol: str | None,
    referentie_id: str | None,
    application: str,
    application_version: str,
    force: bool,
    lang: str,  # noqa: ARG001  # read by the usage-error line (cli/usage.py run_lang)
) -> int:
    """Write the berichtMetadata (META.json) of MESSAGE, with new UUID v4s.

    A request gets conversatieId = traceerId (CC05); with --answer-to the answer keeps the
    request's conversatieId and names its traceerId in alsAntwoordOp (CC12).
    """
    versie, _, subversie = application_version.partition(".")
    if not versie.isdigit() or not (subversie or "0").isdigit():
        raise usage("application-version", value=quoted(application_version))
    app = Application(application, int(versie), int(subversie or 0))
    # Refused before any input is read (cli/output.py): an output is never one of the inputs,
    # and the two outputs are never one file.
    given = [p for p in (message, answer_to) if p is not None and not is_stdin(p)]
    for target in (zip_path, output):
        if target is not None:
            check_output_file(target, force=force, inputs=given)
    if zip_path is not None and output is not None and _same_target(zip_path, output):
        raise RefusedOutput(said("outputs-same-file", zip=zip_path, output=output))
    try:
        data, name = message_bytes(message)  # MESSAGE or - (standard input), read once
        parsed = parse_payload(data, name=name)
        try:
            envelope = build_envelope(
                parsed,
                load_envelope(answer_to) if answer_to is not None else None,
                application=app,
                afzender_rol=afzender_rol,
                geadresseerde_rol=geadresseerde_rol,
                referentie_id=referentie_id,
            )
        except InputError as exc:  # the library names no option; the CLI adds its own
            if answer_to is None:
                raise
            option = f"--answer-to {answer_to}"
            raise usage("option-reason", option=option, reason=reason_of(exc)) from exc
        text = envelope.dumps().encode("utf-8")
        if zip_path is not None:
            _, archive = payload_zip(data)
            write_new_file(zip_path, archive, force, inputs=given)
        if output is not None:
            write_new_file(output, text, force, inputs=given)
        else:
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    except OSError as exc:
        raise usage("cannot-read-or-write", reason=reason_of(exc)) from exc
    return 0


def _same_target(one: Path, other: Path) -> bool:
    """True when two output paths name one file (also before either exists)."""
    if one.absolute() == other.absolute():
        return True
    try:
        return one.samefile(other)
    except OSError:
        return False


@envelope_group.command("check")
@click.argument("payload", type=MESSAGE_FILE)
@click.argument("metadata", type=PathValue(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@lang_option(help="Language of the report.")
@as_of_option
@environment_option
@vecozo_options
def check_command(
    payload: Path,
    metadata: Path,
    fmt: str,
    lang: str,
    as_of: dt.date | None,
    environment: str,
    payload_limit: int,
    registry: Path | None,
    indiener: str | None,
    ledger: str | None,
) -> int:
    """Check PAYLOAD (the ZIP that is sent) with its METADATA (META.json) as VECOZO would.

    Exit codes: 0 accepted, 1 rejected, 2 usage, 3 engine error.
    """
    try:
        envelope = load_envelope(metadata)
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    checks = vecozo_checks(registry, indiener, ledger)
    try:
        data, name = message_bytes(payload)  # PAYLOAD or - (standard input)
        report = check_submission(
            data,
            envelope,
            name=name,
            as_of=as_of,
            payload_limit=payload_limit,
            vecozo_checks=checks,
            environment=environment,
        )
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    finally:
        close_checks(checks)
    if fmt == "json":
        click.echo(reports_to_json([report]))
    else:
        Console(soft_wrap=True).print(render_text(report, lang=lang))
    return exit_code([report])
