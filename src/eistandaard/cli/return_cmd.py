"""``ei return REQUEST.xml -o OUT.xml``: build the declaratie-antwoord (WMO325 / JW325)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console

from eistandaard.answer import Decisions, Outcome, ReturnResult, build_return, load_decisions
from eistandaard.answer.build import not_after_peildatum
from eistandaard.cli.exitcodes import ACCEPTED, ENGINE_ERROR, REJECTED
from eistandaard.cli.options import (
    as_of_option,
    bounds_options,
    check_option,
    codelist_option,
    codelist_overrides,
    date_value,
    environment_option,
)
from eistandaard.cli.output import check_output_file, write_new_file
from eistandaard.cli.vektis_answers import VEKTIS_FAMILIES, VektisFamily, answer_findings
from eistandaard.core import clock
from eistandaard.core.errors import DecisionError, EIError, EngineError, InputError
from eistandaard.core.findings import Severity
from eistandaard.core.report import Report, Verdict
from eistandaard.diff.render import amount
from eistandaard.levels.checks import load_check
from eistandaard.pipeline import validate
from eistandaard.render import render_text
from eistandaard.render.safe import terminal_safe

__all__ = ["return_command", "summary_text"]


def summary_text(result: ReturnResult, output: Path) -> str:
    """Return the short summary ``ei return`` prints: outcome, counts and amounts.

    The amounts are those ``ei diff`` gives for the same answer: submitted = granted +
    rejected + not assessed.
    """
    s = result.summary
    assert s is not None  # only called when an answer was built
    lines = [
        f"{result.answer_name} {result.identificatie} written to {output}: {result.outcome.value}",
        f"Header {', '.join(result.header_codes)}"
        + (
            f"; DeclaratieAntwoord {', '.join(result.declaratie_codes)}"
            if result.declaratie_codes
            else ""
        ),
        f"clients: {s.clients} ({s.clients_accepted} accepted, {s.clients_rejected} rejected, "
        f"{s.clients_with_rejected_prestaties} with rejected prestaties"
        + (f", {s.clients_not_assessed} not assessed)" if s.clients_not_assessed else ")"),
        f"prestaties: {s.prestaties} ({s.prestaties_accepted} accepted, "
        f"{s.prestaties_rejected} rejected"
        + (f", {s.prestaties_not_assessed} not assessed)" if s.prestaties_not_assessed else ")"),
        f"amounts: submitted {amount(s.submitted)}, granted {amount(s.granted)}, "
        f"rejected {amount(s.rejected)}, not assessed {amount(s.not_assessed)}",
    ]
    if result.identificatie_generated:
        lines.append(f"generated BerichtIdentificatie: {result.identificatie}")
    return "\n".join(lines)


@click.command("return")
@click.argument("request", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The answer file to write (never overwritten without --force).",
)
@click.option(
    "--decisions",
    "decisions_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file with the receiver's own rejections (see docs/returns.md).",
)
@click.option(
    "--id",
    "identificatie",
    metavar="IDENT",
    help="BerichtIdentificatie of the answer (default: generated and printed).",
)
@click.option(
    "--dagtekening",
    callback=date_value,
    metavar="DATE",
    help="Dagtekening / Verzenddatum of the answer (default: the peildatum, --as-of, else today "
    "in the Netherlands; never before the request's date, never after the peildatum).",
)
@click.option(
    "--responder",
    type=click.Choice(["receiver", "vecozo"]),
    default="receiver",
    show_default=True,
    help="Vektis messages: who answers, the receiver (CAK, insurer) or VECOZO.",
)
@as_of_option
@environment_option
@check_option
@bounds_options
@codelist_option
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def return_command(
    request: Path,
    output: Path,
    decisions_file: Path | None,
    as_of: dt.date | None,
    identificatie: str | None,
    dagtekening: dt.date | None,
    responder: str,
    environment: str,
    checks: tuple[str, ...],
    timeout: float,
    max_memory: int,
    codelist: tuple[str, ...],
    force: bool,
) -> int:
    """Validate a request and write its answer.

    WMO323 / JW323 get a WMO325 / JW325; BM801 gets a BM802 (of the receiver or of VECOZO).

    Exit codes: 0 answer written, 1 no answer (the message fails level 1 or 2; the error report
    is printed), 2 usage (also: the output exists without --force), 3 engine error.
    """
    if not request.is_file():
        raise click.UsageError(f"no such file: {request}")
    try:
        loaded = [load_check(spec) for spec in checks]
        lists = codelist_overrides(codelist)
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    if decisions_file is not None and not decisions_file.is_file():
        raise click.UsageError(f"--decisions: no such file: {decisions_file}")
    given = [request, *([decisions_file] if decisions_file else [])]
    given += list(lists.overrides.values()) if lists else []
    check_output_file(output, force=force, inputs=given)  # before any input is read
    peildatum = as_of or clock.today()  # resolved once: the Dutch calendar date (clock.py)
    report = validate(
        request,
        as_of=peildatum,
        environment=environment,
        checks=loaded,
        codelists=lists,
        timeout=timeout,
        max_memory=max_memory * 1024**2,
    )
    try:  # an answer is never dated before its request, nor after the peildatum
        answer_day = clock.answer_date(
            report.identity.dagtekening if report.identity else None,
            dagtekening,
            on=peildatum,
            refuse_earlier=True,
        )
        if dagtekening is not None:
            not_after_peildatum(dagtekening, peildatum)  # its own TR135 / 8986 check would fail
    except InputError as exc:
        raise click.UsageError(f"--dagtekening: {exc}") from exc
    checked_on = max(peildatum, answer_day)  # the answer is checked like a request on this day
    if report.verdict is Verdict.ERROR:
        Console(stderr=True, soft_wrap=True).print(render_text(report))
        return ENGINE_ERROR
    family = VEKTIS_FAMILIES.get(report.identity.family if report.identity else "")
    if family is not None:
        extra: dict[str, object] = {}
        if decisions_file is not None:
            if family.load_decisions is None or responder == "vecozo":
                raise click.UsageError("--decisions is not used for this message and responder")
            try:
                extra["decisions"] = family.load_decisions(decisions_file)
            except InputError as exc:
                raise click.UsageError(str(exc)) from exc
        extra["codelists"] = lists
        extra["as_of"] = checked_on
        extra["environment"] = environment
        return _vektis_return(
            request, report, family, responder, answer_day, output, force, extra, given
        )
    try:
        decisions = load_decisions(decisions_file) if decisions_file else Decisions()
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        result = build_return(
            request,
            report,
            decisions=decisions,
            identificatie=identificatie,
            dagtekening=answer_day,
            codelists=lists,
            as_of=checked_on,
        )
    except EngineError as exc:  # AnswerCheckError too: the answer failed its own check
        click.echo(terminal_safe(f"ei return: no answer written: {exc}"), err=True)
        return ENGINE_ERROR
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    if result.outcome is Outcome.NO_ANSWER or result.message is None:
        Console(soft_wrap=True).print(render_text(report))
        click.echo("no answer written: the message fails control level 1 or 2", err=True)
        return REJECTED
    write_new_file(output, result.message, force, inputs=given)
    click.echo(terminal_safe(summary_text(result, output)))
    return ACCEPTED


def _vektis_return(
    request: Path,
    report: Report,
    family: VektisFamily,
    responder: str,
    verzenddatum: dt.date,
    output: Path,
    force: bool,
    extra: dict[str, object],
    given: list[Path],
) -> int:
    if any(f.severity is Severity.ERROR and int(f.level) <= 2 for f in report.findings):
        Console(soft_wrap=True).print(render_text(report))
        click.echo("no answer written: the message fails control level 1 or 2", err=True)
        return REJECTED
    findings = answer_findings(report, responder)
    if responder == "vecozo" and not findings:
        click.echo("VECOZO finds nothing to reject: it forwards the message, no return is written")
        return ACCEPTED
    try:
        data = family.build(
            request, findings, responder=responder, verzenddatum=verzenddatum, **extra
        )
    except DecisionError as exc:  # a decision that does not fit the request
        raise click.UsageError(str(exc)) from exc
    except EIError as exc:  # AnswerCheckError too: the answer failed its own check
        click.echo(terminal_safe(f"ei return: no answer written: {exc}"), err=True)
        return ENGINE_ERROR
    write_new_file(output, data, force, inputs=given)
    explained = family.explain(request, data)
    what = report.identity.message if report.identity else "answer"
    click.echo(terminal_safe(f"{what} answered in {output}"))
    click.echo(terminal_safe(family.render(explained)))
    return ACCEPTED
