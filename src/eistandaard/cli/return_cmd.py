"""``ei return REQUEST -o OUT``: validate a request and write its answer (every family).

Thin: the request is validated (:func:`eistandaard.validate`), answered by one library call
(:func:`eistandaard.build_return`, which picks the convention and checks the answer), and the
answer's explanation is printed in ``--lang``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from eistandaard.answers import build_return, load_decisions
from eistandaard.answers.returns import RESPONDERS
from eistandaard.cli.exitcodes import ACCEPTED, ENGINE_ERROR, REJECTED
from eistandaard.cli.helptexts import ei_command
from eistandaard.cli.inputs import STDIN, not_a_file, standard_input
from eistandaard.cli.options import (
    PairsCommand,
    codelist_overrides,
    date_value,
    force_option,
    lang_option,
    load_cli_check,
    max_size_option,
    output_option,
    validation_options,
)
from eistandaard.cli.output import check_output_file, write_new_file
from eistandaard.cli.pathtypes import PATH_TEXT, PathValue
from eistandaard.cli.usage import usage
from eistandaard.core import clock
from eistandaard.core.clock import not_after_peildatum
from eistandaard.core.errors import AnswerCheckError, EngineError, InputError
from eistandaard.core.report import MessageIdentity, Report, Verdict
from eistandaard.levels.checks import Check
from eistandaard.levels.intake import Limits
from eistandaard.pipeline import validate
from eistandaard.render import render_text
from eistandaard.render.explain import outcome_words, render_text as render_text_explanation
from eistandaard.render.return_json import render_return_json
from eistandaard.render.safe import terminal_safe
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import LANGUAGES, Worded, in_lang, reason_of, texts_in

__all__ = ["return_command"]

_WORDS = "words/return.toml"
"""The lines of ``ei return`` under ``rbc/common``, both languages."""


@ei_command("return", cls=PairsCommand)
@click.argument("request", metavar="REQUEST", type=PATH_TEXT)
@output_option(help="The answer file to write (never overwritten without --force).", required=True)
@click.option(
    "--decisions",
    "decisions_file",
    type=PathValue(dir_okay=False, path_type=Path),
    help="The receiver's own rejections, TOML or JSON: a table per class, keyed by its "
    'identifying value, e.g. [ToegewezenProduct."5002"] retourcodes = ["9332"] '
    "(see docs/returns.md).",
)
@click.option(
    "--id",
    "identificatie",
    metavar="IDENT",
    help="BerichtIdentificatie of the answer, where its standard lets the sender choose one "
    "(default: generated and printed).",
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
    type=click.Choice(RESPONDERS),
    default="receiver",
    show_default=True,
    help="Who answers: the receiver (municipality, insurer, CAK), or VECOZO where the message's "
    "standard lets VECOZO answer.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text, or json: one versioned document on standard output with the outcome, the "
    "counts and the file written (docs/json-format.md, eistandaard-return).",
)
@lang_option()
@validation_options
@max_size_option
@force_option()
def return_command(
    request: str,
    output: Path,
    decisions_file: Path | None,
    as_of: dt.date | None,
    identificatie: str | None,
    dagtekening: dt.date | None,
    responder: str,
    fmt: str,
    lang: str,
    environment: str,
    checks: tuple[str, ...],
    timeout: float,
    max_memory: int,
    codelist: tuple[str, ...],
    max_size: int,
    force: bool,
) -> int:
    """Validate a request and write its answer (every family the catalog knows).

    The answer is the one the catalog pairs with the request (listed below).
    REQUEST is a file, a ZIP holding one message, or - (standard input).

    Exit codes: 0 answer written (or VECOZO forwards), 1 no answer (the message fails level 1
    or 2; the error report is printed), 2 usage (also: the output exists without --force, a
    decision that does not fit), 3 engine error (also: the answer failed its own check).
    """
    t = texts_in(_WORDS, lang)
    loaded, lists = _options(request, decisions_file, responder, checks, codelist)
    given: list[Path] = [Path(request)] if request != STDIN else []
    given += [decisions_file] if decisions_file else []
    given += list(lists.overrides.values()) if lists else []
    check_output_file(output, force=force, inputs=given)  # before any input is read
    # At most one byte past the maximum: level 1 refuses more (EI101) without reading it all.
    raw = standard_input().read(max_size + 1) if request == STDIN else None
    peildatum = as_of or clock.today()  # resolved once: the Dutch calendar date (core/clock.py)
    report = validate(
        raw if raw is not None else Path(request),
        name="<stdin>" if raw is not None else None,
        as_of=peildatum,
        environment=environment,
        checks=loaded,
        codelists=lists,
        timeout=timeout,
        max_memory=max_memory * 1024**2,
        limits=Limits(max_bytes=max_size),
    )
    as_json = fmt == "json"
    if report.verdict is Verdict.ERROR:
        if as_json:
            return _json(report, "error", lang, ENGINE_ERROR)
        Console(stderr=True, soft_wrap=True).print(render_text(report, lang=lang))
        return ENGINE_ERROR
    message = report.message  # read and parsed once by validate
    if message is None or report.identity is None:
        return _no_answer(report, lang, as_json)
    answer_day = _answer_day(report.identity, as_of, peildatum, dagtekening)
    try:
        decisions = load_decisions(decisions_file, report) if decisions_file else None
        result = build_return(
            message,
            report,
            responder=responder,
            decisions=decisions,
            date=answer_day,
            identificatie=identificatie,
            codelists=lists,
            as_of=max(peildatum, answer_day),
            environment=environment,
        )
    except (AnswerCheckError, EngineError) as exc:  # the answer failed its own check
        reason = exc.text(lang)
        if as_json:
            return _json(report, "error", lang, ENGINE_ERROR, error=reason)
        click.echo(terminal_safe(t["failed"].format(reason=reason)), err=True)
        return ENGINE_ERROR
    except InputError as exc:  # DecisionError too: a decision that does not fit the request
        raise click.UsageError(_named(reason_of(exc), request)) from exc
    if result.outcome.value == "forwarded":
        if as_json:
            return _json(report, "forwarded", lang, ACCEPTED, result=result)
        click.echo(t["forwarded"])
        return ACCEPTED
    if result.message is None or result.explanation is None:
        return _no_answer(report, lang, as_json)
    write_new_file(output, result.message, force, inputs=given)
    if as_json:
        return _json(report, result.outcome.value, lang, ACCEPTED, result=result, written=output)
    ident = f"{result.identificatie} " if result.identificatie else ""
    outcome = render_text_explanation(result.explanation, lang, rejected_only=True)
    click.echo(
        terminal_safe(
            t["written"].format(
                answer=result.answer_name,
                ident=ident,
                output=output,
                outcome=outcome_words(
                    result.outcome, lang, plain=result.explanation.totals is None
                ),
            )
        )
    )
    click.echo(terminal_safe(outcome), nl=False)
    if result.identificatie_generated:
        click.echo(t["generated"].format(ident=result.identificatie))
    return ACCEPTED


def _answer_day(
    identity: MessageIdentity,
    as_of: dt.date | None,
    peildatum: dt.date,
    dagtekening: dt.date | None,
) -> dt.date:
    """The answer's date: never before its request, nor after the peildatum.

    :raises click.UsageError: ``--as-of`` before the request's own date (its answer would be
        dated after its peildatum), ``--dagtekening`` before the request or after the peildatum.
    """
    if as_of is not None and identity.direction != "retour":  # an answer given: said later
        try:
            clock.not_before_request(as_of, identity.dagtekening)
        except InputError as exc:
            raise usage("option-reason", option="--as-of", reason=reason_of(exc)) from exc
    try:
        answer_day = clock.answer_date(
            identity.dagtekening, dagtekening, on=peildatum, refuse_earlier=True
        )
        if dagtekening is not None:
            not_after_peildatum(dagtekening, peildatum)  # its own TR135 / 8986 check would fail
    except InputError as exc:
        raise usage("option-reason", option="--dagtekening", reason=reason_of(exc)) from exc
    return answer_day


def _options(
    request: str,
    decisions_file: Path | None,
    responder: str,
    checks: tuple[str, ...],
    codelist: tuple[str, ...],
) -> tuple[list[Check], CodeLists | None]:
    """The options checked before anything is read: the plug-ins and code lists they give.

    :raises click.UsageError: a REQUEST or decisions file that is no file, a plug-in or code
        list that cannot be used, decisions or level-5 plug-ins for VECOZO (it makes no
        decisions and runs no level 5).
    """
    if request != STDIN and not Path(request).is_file():
        raise click.UsageError(not_a_file(request))  # knows both languages
    if checks and responder == "vecozo":  # a plug-in that fails would end the run for nothing
        raise usage("checks-for-vecozo")
    try:
        loaded = [load_cli_check(spec) for spec in checks]
        lists = codelist_overrides(codelist)
    except InputError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    if decisions_file is not None and not decisions_file.is_file():
        reason = not_a_file(str(decisions_file))
        raise usage("option-reason", option="--decisions", reason=reason)
    if decisions_file is not None and responder == "vecozo":
        raise usage("decisions-for-vecozo")
    return loaded, lists


def _no_answer(report: Report, lang: str, as_json: bool) -> int:
    """No answer can be written (level 1 or 2, a code no answer can carry): the report says why."""
    if as_json:
        return _json(report, "no-answer", lang, REJECTED)
    Console(soft_wrap=True).print(render_text(report, lang=lang))
    click.echo(texts_in(_WORDS, lang)["no_answer"], err=True)
    return REJECTED


def _json(report: Report, outcome: str, lang: str, code: int, **more: Any) -> int:
    """Print the run as one ``eistandaard-return`` document; return the exit code ``code``."""
    click.echo(render_return_json(report, outcome=outcome, lang=lang, **more), nl=False)
    return code


def _named(reason: str, request: str) -> str:
    """``reason`` with "the request" named by its file (``x.xml is an answer ...``)."""
    texts = {}
    for lang in LANGUAGES:
        words = texts_in(_WORDS, lang)
        start = words["file_is"].format(request=request)
        texts[lang] = in_lang(reason, lang).replace(words["request_is"], start, 1)
    return Worded(texts["en"], texts["nl"])
