"""``ei send|status|pull|cov check|fake-vecozo``: talk to VECOZO (or the fake) from the shell.

Thin: each command builds the library objects and prints their results. Exit codes: 0 all
done, 1 rejected (by VECOZO or before sending), 2 usage, 3 not completed (transport failure,
outcome still unknown, engine error).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from eistandaard.cli.exitcodes import ACCEPTED, ENGINE_ERROR, REJECTED
from eistandaard.cli.helptexts import ei_command, ei_group
from eistandaard.cli.inputs import MESSAGE_FILE, message_bytes
from eistandaard.cli.options import (
    FILE,
    TEXT,
    FiniteRange,
    as_of_option,
    date_value,
    lang_option,
    number_option,
    stack,
)
from eistandaard.cli.output import check_output_dir, echo_json, echo_line, write_new_file
from eistandaard.cli.pathtypes import PathValue
from eistandaard.cli.usage import said, usage
from eistandaard.cli.vecozo_options import (
    VECOZO_WORDS,
    EngineFailure,
    envelope_of,
    opened_ledger,
    said_counts,
    token_word,
)
from eistandaard.core import clock as nl_clock
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.report import Report, Verdict
from eistandaard.core.text import quoted
from eistandaard.render.words import engine_error_text, verdict_word
from eistandaard.standards.wording import in_lang, joined, reason_of, said_error, texts_in

if TYPE_CHECKING:  # the COV records are imported when ei cov check runs
    from eistandaard.vecozo.cov import Verification, Zoekresultaat

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["cov_group", "fake_command", "pull_command", "send_command", "status_command"]


def _http_url(_ctx: click.Context, _param: click.Parameter, url: str | None) -> str | None:
    """``--url``: an absolute http(s) URL with a host (anything else cannot reach VECOZO)."""
    from urllib.parse import urlsplit

    if url is None:
        return None
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise click.BadParameter(said("url-bad", url=quoted(url)))
    return url


_ENVIRONMENT_HELP = (
    "Which VECOZO: tst, acc or prod (production data never goes to tst/acc, test data never "
    "to prod)."
)

_connection_options: Callable[[F], F] = stack(
    click.option("--environment", "environment", required=True,
                 type=click.Choice(["tst", "acc", "prod"]), help=_ENVIRONMENT_HELP),
    click.option("--url", metavar="URL", callback=_http_url,
                 help="Another host for tst/acc (the fake VECOZO's URL); not with prod."),
    click.option("--certificate", type=FILE,
                 help="The system certificate (PEM; with its key unless --key)."),
    click.option("--key", type=FILE, help="The certificate's private key (PEM)."),
    click.option("--pkcs12", type=FILE,
                 help="The certificate as a .p12/.pfx file (extra eistandaard[pkcs12])."),
    click.option("--password-env", type=TEXT, metavar="NAME",
                 help="Environment variable holding the key or PKCS#12 password."),
    click.option("--cafile", type=FILE, help="Extra trust anchors (the fake's test CA)."),
    click.option("--timeout", type=FiniteRange(min=0.1), default=60.0, show_default=True,
                 help="Read/write time-out in seconds."),
    lang_option(),
)  # fmt: skip
"""How to reach VECOZO (environment, URL, certificate, time-out), and ``--lang``."""

_ledger_option: Callable[[F], F] = click.option(
    "--ledger",
    "ledger_url",
    required=True,
    metavar="URL",
    envvar="EISTANDAARD_LEDGER",
    help="The ledger that keeps the transport state: sqlite:///FILE or postgresql://...",
)


@contextmanager
def _client(options: dict[str, Any]) -> Iterator[Any]:
    from eistandaard.vecozo.transport.client import VecozoClient
    from eistandaard.vecozo.transport.http import HttpxClient, Timeouts, client_context

    environment = options["environment"]
    url = options.get("url")
    if url and environment == "prod":
        raise usage("url-not-for-prod")
    password = None
    if options.get("password_env"):
        password = os.environ.get(options["password_env"])
        if password is None:
            raise usage("environment-variable-unset", name=options["password_env"])
    try:
        context = client_context(
            certificate=options.get("certificate"),
            key=options.get("key"),
            pkcs12=options.get("pkcs12"),
            password=password,
            cafile=options.get("cafile"),
        )
    except InputError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    timeout = float(options.get("timeout") or 60.0)
    http = HttpxClient(context=context, timeouts=Timeouts(read=timeout, write=timeout))
    try:
        yield VecozoClient(http, environment=environment, base_url=url)
    finally:
        http.close()


@contextmanager
def _ledger(url: str, *, create: bool = True) -> Iterator[Any]:
    from eistandaard.vecozo.ledger.sql import SqlLedger

    with opened_ledger(url, create=create) as ledger:
        if not isinstance(ledger, SqlLedger):
            raise usage("sql-ledger")
        yield ledger


def _connection(kwargs: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "environment",
        "url",
        "certificate",
        "key",
        "pkcs12",
        "password_env",
        "cafile",
        "timeout",
        "lang",
    )
    return {k: kwargs.pop(k) for k in keys}


PROGRESS_EVERY = 50
"""A long ``ei status`` or ``ei pull`` says on stderr how far it got, every this many messages."""


def _ticker(what: str) -> Callable[[str, str], None]:
    """``what``: the word of the progress line (already in the run's language)."""
    """A progress callback: one stderr line per :data:`PROGRESS_EVERY` messages."""
    done = [0]

    def tick(_trace: str, _outcome: str) -> None:
        done[0] += 1
        if done[0] % PROGRESS_EVERY == 0:
            echo_line(f"{what} {done[0]} ...", err=True)

    return tick


def _not_sent(path: Path, report: Report, lang: str) -> None:
    """One line for a message that validation refused before sending (exit 1 for the run)."""
    codes = ", ".join(sorted({f.code for f in report.findings if f.severity == "error"}))
    why = codes or "; ".join(engine_error_text(e, lang) for e in report.engine_errors)
    reason = verdict_word(report.verdict, lang)
    line = texts_in(VECOZO_WORDS, lang)["not_sent"].format(path=path, reason=reason, why=why)
    echo_line(line)


def _alarm_lines(summary: Any, lang: str) -> None:
    """The alarms of a run and why its calls to VECOZO failed, on standard error."""
    said_alarm = texts_in(VECOZO_WORDS, lang)["alarm"]
    for alarm in summary.alarms:
        kind = token_word("alarm", alarm.kind, lang)
        echo_line(said_alarm.format(kind=kind, text=in_lang(alarm.text, lang)), err=True)
    for failure in summary.failures:
        echo_line(_said_failed(lang, failure), err=True)


def _said_failed(lang: str, reason: str) -> str:
    """One line "ei status: fout: ..." of a call to VECOZO that failed (the run's ``--lang``)."""
    ctx = click.get_current_context(silent=True)
    where = ctx.command_path if ctx is not None else "ei"
    return said("failed", where=where, message=in_lang(reason, lang)).text(lang)


_ENVELOPE_HELP = "Use this berichtMetadata (one message only) instead of building one."
_WHITELIST_HELP = (
    "Party registry (its test whitelist proves the persons of test messages fictitious)."
)
_ATTEMPTS_HELP = "HTTP attempts per message in this run (the rest waits for the next run)."


@ei_command("send")
@click.argument("messages", nargs=-1, required=True, type=MESSAGE_FILE)
@_connection_options
@_ledger_option
@click.option("--envelope", type=FILE, help=_ENVELOPE_HELP)
@click.option("--registry", type=FILE, help=_WHITELIST_HELP)
@as_of_option
@number_option("--attempts", click.IntRange(1, 20), 6, _ATTEMPTS_HELP)
def send_command(
    messages: tuple[Path, ...],
    ledger_url: str,
    envelope: Path | None,
    registry: Path | None,
    as_of: dt.date | None,
    attempts: int,
    **kwargs: Any,
) -> None:
    """Validate, record and send messages through VECOZO (retries never deliver twice).

    MESSAGES are XML files (each is packed in a one-file ZIP) or ready ZIPs; - reads one from
    standard input.
    """
    from eistandaard.pipeline import validate
    from eistandaard.vecozo import build_request, parse_payload, payload_zip
    from eistandaard.vecozo.ledger import LedgerConflict
    from eistandaard.vecozo.registry import Registry
    from eistandaard.vecozo.transport.outbox import Outbox
    from eistandaard.vecozo.transport.retry import RetryPolicy
    from eistandaard.vecozo.transport.safety import environment_problems

    connection = _connection(kwargs)
    t = texts_in(VECOZO_WORDS, connection["lang"])
    if envelope is not None and len(messages) != 1:
        raise usage("envelope-one-message")
    try:
        reg = Registry.load(registry) if registry is not None else None
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    marker = "T" if connection["environment"] != "prod" else "P"
    prepared = []
    refused = False
    for given_path in messages:
        try:
            # At most one byte past the maximum, never from a FIFO or device: level 1 then says
            # EI101 ("meer dan ...") as for every other reader.
            data, name = message_bytes(given_path)
        except (EIError, OSError) as exc:  # gone since click looked, unreadable, a FIFO
            raise click.UsageError(reason_of(exc)) from exc
        path = Path(name)  # as reports name it: "<stdin>" for -
        try:
            parsed = parse_payload(data, name=str(path))
        except InputError:  # unreadable as a message: a level-1 finding, not a usage error
            report = validate(data, name=str(path), as_of=as_of, environment=marker)
            _not_sent(path, report, connection["lang"])
            refused = True
            continue
        problems = environment_problems(parsed, connection["environment"], reg)
        if problems:
            raise usage("option-reason", option=str(path), reason=joined(problems, "; "))
        report = validate(parsed.data, name=str(path), as_of=as_of, environment=marker)
        if report.verdict is not Verdict.ACCEPTED:
            _not_sent(path, report, connection["lang"])
            refused = True
            continue
        try:
            env = envelope_of(envelope, parsed) if envelope is not None else build_request(parsed)
        except InputError as exc:
            raise click.UsageError(reason_of(exc)) from exc
        zipped = data if data[:2] == b"PK" else payload_zip(parsed.data)[1]
        prepared.append((path, env, zipped))
    results: list[tuple[Path, str, str]] = []
    with _ledger(ledger_url) as ledger, _client(connection) as client:
        policy = RetryPolicy(max_attempts=attempts)
        outbox = Outbox(ledger, client, batch=max(1, len(prepared)), policy=policy)
        for path, env, zipped in prepared:
            try:
                trace = outbox.enqueue(env, zipped, sent_on=nl_clock.today())
            except LedgerConflict as exc:
                echo_line(
                    t["not_sent"].format(
                        path=path, reason=exc.code, why=exc.detail(connection["lang"])
                    )
                )
                refused = True
                continue
            except InputError as exc:
                raise usage("option-reason", option=str(path), reason=reason_of(exc)) from exc
            results.append((path, trace, ""))
        with click.progressbar(length=len(results), label=t["sending"], file=sys.stderr) as bar:
            summary = outbox.run_once(progress=lambda _trace, _state: bar.update(1))
        _alarm_lines(summary, connection["lang"])
        states = {trace: outbox.state(trace) or "?" for _, trace, _ in results}
    incomplete = False
    for path, trace, _ in results:
        state = states[trace]
        word = token_word("state", state, connection["lang"])
        echo_line(t["sent"].format(path=path, trace=trace, state=word))
        refused = refused or state == "rejected"
        incomplete = incomplete or state in ("ready", "unknown")
    if incomplete:
        raise click.exceptions.Exit(ENGINE_ERROR)
    raise click.exceptions.Exit(REJECTED if refused else ACCEPTED)


@ei_command("status")
@click.argument("traceer_ids", nargs=-1, type=TEXT)
@_connection_options
@_ledger_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def status_command(traceer_ids: tuple[str, ...], ledger_url: str, fmt: str, **kwargs: Any) -> None:
    """Follow sent messages: ask berichtstatus, record changes and meldingen, raise alarms.

    With TRACEER_IDS: show VECOZO's statuses of those messages and their answers.
    """
    from eistandaard.vecozo.envelope import is_uuid4
    from eistandaard.vecozo.transport.client import UnexpectedResponse
    from eistandaard.vecozo.transport.http import TransportError
    from eistandaard.vecozo.transport.outbox import Poller

    not_ids = [trace for trace in traceer_ids if not is_uuid4(trace)]
    if not_ids:
        raise usage("not-a-traceer-id", value=quoted(not_ids[0]))
    connection = _connection(kwargs)
    lang = connection["lang"]
    t = texts_in(VECOZO_WORDS, lang)
    with _ledger(ledger_url, create=False) as ledger, _client(connection) as client:
        if traceer_ids:
            out = []
            unknown: list[str] = []
            for trace in traceer_ids:
                try:
                    records = client.berichtstatus(traceer_id=trace)
                except (TransportError, UnexpectedResponse) as exc:
                    raise EngineFailure(
                        said_error("transport-berichtstatus-failed", trace=trace, error=exc)
                    ) from exc
                if not records:  # VECOZO has no record of it: said, and not a success
                    unknown.append(trace)
                for record in records:
                    out.append(record)
            if fmt == "json":
                echo_json(
                    json.dumps(
                        [
                            {
                                "traceerId": r.traceer_id,
                                "alsAntwoordOp": r.als_antwoord_op,
                                "berichtstatus": r.status.raw,
                                "known": r.status.known is not None,
                                "meldingen": [
                                    {"code": m.code, "omschrijving": m.omschrijving}
                                    for m in r.meldingen
                                ],
                            }
                            for r in out
                        ],
                        ensure_ascii=False,
                        indent=2,
                    )
                )
            else:
                for r in out:
                    answer_to = t["answer_to"].format(trace=r.als_antwoord_op)
                    role = answer_to if r.als_antwoord_op else t["request"]
                    echo_line(f"{r.traceer_id} {r.status.raw} ({role})")
                    for finding in r.findings():
                        echo_line(f"  {finding.code}: {finding.text(lang)}")
            for trace in unknown:  # on standard error under --format json: the JSON stays whole
                echo_line(t["no_status"].format(trace=trace), err=fmt == "json")
            rejected = any(r.status.known is not None and r.status.known.rejected for r in out)
            raise click.exceptions.Exit(REJECTED if rejected or unknown else ACCEPTED)
        poller = Poller(ledger, client)
        summary = poller.run_once(progress=_ticker(t["asked"]))
        if fmt == "json":  # the run as one document; the alarms and failures still on stderr
            alarms = [{"kind": a.kind, "traceerId": a.traceer_id} for a in summary.alarms]
            echo_json(json.dumps({"counts": summary.counts, "alarms": alarms}, indent=2))
        else:
            echo_line(said_counts(summary.counts, lang) or t["nothing_to_ask"])
        _alarm_lines(summary, lang)
        if summary.failures:  # VECOZO not reached, or no deadline to judge: not completed
            raise click.exceptions.Exit(ENGINE_ERROR)
        raise click.exceptions.Exit(REJECTED if summary.alarms else ACCEPTED)


@ei_command("pull")
@_connection_options
@_ledger_option
@click.option(
    "--out",
    type=PathValue(path_type=Path, file_okay=False),
    help="Also write each stored answer here as <traceerId>.zip (never overwritten).",
)
def pull_command(ledger_url: str, out: Path | None, **kwargs: Any) -> None:
    """Fetch the ready messages: download (size + SHA-256), store, link, acknowledge."""
    from eistandaard.vecozo.transport.outbox import Inbox

    connection = _connection(kwargs)
    t = texts_in(VECOZO_WORDS, connection["lang"])
    if out is not None:  # refused before VECOZO is asked (cli/output.py: never created)
        check_output_dir(out)
    with _ledger(ledger_url) as ledger, _client(connection) as client:
        inbox = Inbox(ledger, client)
        before = {r.traceer_id for r in ledger.messages()}
        summary = inbox.run_once(progress=_ticker(t["fetched"]))
        new = [r for r in ledger.messages() if r.traceer_id not in before]
        for record in new:
            method = token_word("link", record.link_method, connection["lang"])
            link = (
                t["answers"].format(trace=record.answer_to, method=method)
                if record.answer_to
                else t["not_linked"]
            )
            echo_line(f"{record.traceer_id} {record.message} {link}")
            if out is not None:
                target = out / f"{record.traceer_id}.zip"
                data = inbox.payload(record.traceer_id)
                if data is None:
                    continue
                if target.exists() or target.is_symlink():  # never overwritten: said, kept
                    echo_line(t["not_written"].format(path=target), err=True)
                else:
                    write_new_file(target, data)
        echo_line(said_counts(summary.counts, connection["lang"]) or t["nothing_ready"])
        _alarm_lines(summary, connection["lang"])
        failed = summary.count("list-failed") or summary.count("failed")
        raise click.exceptions.Exit(ENGINE_ERROR if failed else ACCEPTED)


@ei_group("cov")
@lang_option(help="Language of what its commands print (or --lang after the command).")
def cov_group(lang: str) -> None:  # inherited by its commands (cli/usage.py lang_option)
    """COV: check a client's insurance with VECOZO (VZ801/VZ802)."""


@cov_group.command("check")
@_connection_options
@click.option("--agb", type=TEXT, required=True, help="The provider's 8-digit AGB code.")
@click.option(
    "--bsn", type=TEXT, help="The client's BSN (9 digits, 11-test); one search path of three."
)
@click.option(
    "--insured-number", type=TEXT, help="Or: the client's insured number (Verzekerdenummer)."
)
@click.option("--postcode", type=TEXT, help="Or: postcode, with --house-number.")
@click.option("--house-number", type=click.IntRange(min=1), help="House number, with --postcode.")
@click.option("--birth-date", "birth", required=True, callback=date_value, metavar="DATE")
@click.option(
    "--peildatum",
    callback=date_value,
    metavar="DATE",
    help="The date the insurance is asked for (default: today).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def cov_check_command(
    agb: str,
    bsn: str | None,
    insured_number: str | None,
    postcode: str | None,
    house_number: int | None,
    birth: dt.date,
    peildatum: dt.date | None,
    fmt: str,
    **kwargs: Any,
) -> None:
    """Ask COV which insurance the client has on the peildatum.

    Give exactly one search path: --bsn, --insured-number, or --postcode with --house-number.
    """
    from eistandaard.vecozo.cov import (
        CovPreconditionError,
        CovRequest,
        CovResponse,
        Zoekopdracht,
        verify_answer,
    )
    from eistandaard.vecozo.transport.client import UnexpectedResponse
    from eistandaard.vecozo.transport.http import TransportError

    connection = _connection(kwargs)
    today = nl_clock.today()
    search = Zoekopdracht(
        1,
        birth,
        peildatum or today,
        bsn=bsn,
        verzekerdennummer=insured_number,
        postcode=postcode,
        huisnummer=house_number,
    )
    request = CovRequest(agb, (search,))
    try:
        request.check(today)
    except CovPreconditionError as exc:
        raise click.UsageError(joined(exc.problems, "; ")) from exc
    with _client(connection) as client:
        try:
            answer = CovResponse.from_xml(client.cov_call(request.to_xml()))
        except (UnexpectedResponse, InputError) as exc:  # their reasons name COV already
            raise EngineFailure(reason_of(exc)) from exc
        except TransportError as exc:
            raise EngineFailure(said_error("transport-cov-failed", error=exc)) from exc
    if answer.fault is not None:
        raise EngineFailure(said_error("transport-cov-fault", fault=answer.fault))
    result = answer.zoekresultaten[0] if answer.zoekresultaten else None
    verification = verify_answer(result, bsn=bsn, message_result=answer.resultaat)
    if fmt == "json":
        _cov_json(answer.resultaat, result, verification, connection["lang"])
    else:
        _cov_text(answer.resultaat, result, verification, bsn, connection["lang"])
    raise click.exceptions.Exit(REJECTED if verification.person is None else ACCEPTED)


def _cov_json(
    message_result: str, result: Zoekresultaat | None, verification: Verification, lang: str
) -> None:
    """``ei cov check --format json``: the answer, why it is not used, and its warnings.

    The insurances are those of the person asked: none when the answer is not verified.
    """
    policies = verification.person.verzekeringen if verification.person else ()
    echo_json(
        json.dumps(
            {
                "resultaat": message_result,
                "zoekresultaat": result.resultaat if result else None,
                "not_verified": verification.not_verified,
                "warnings": [in_lang(warning, lang) for warning in verification.warnings],
                "verzekeringen": [
                    {
                        "uzovi": p.uzovi,
                        "verzekerdennummer": p.verzekerdennummer,
                        "soort": p.soort,
                        "resultaat": p.resultaat,
                        "pakketnaam": p.pakketnaam,
                        "ingangsdatum": p.ingangsdatum.isoformat() if p.ingangsdatum else None,
                        "einddatum": p.einddatum.isoformat() if p.einddatum else None,
                    }
                    for p in policies
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
    )


def _cov_text(
    message_result: str,
    result: Zoekresultaat | None,
    verification: Verification,
    bsn: str | None,
    lang: str,
) -> None:
    """``ei cov check``: the results, why the answer is not used, and its warnings.

    Then the insurances of the person asked (none of another person).
    """
    t = texts_in(VECOZO_WORDS, lang)
    echo_line(f"{message_result}: {result.resultaat if result else t['no_result']}")
    not_used = {"other-person": "cov_other_person", "no-person": "cov_no_person"}
    reason = not_used.get(verification.not_verified or "")
    if reason is not None:  # a result code (NietGevonden ...) is said by the first line
        echo_line("  " + t[reason].format(bsn=bsn))
    for warning in verification.warnings:
        echo_line("  " + t["cov_warning"].format(text=in_lang(warning, lang)))
    for p in verification.person.verzekeringen if verification.person else ():
        echo_line(
            f"  UZOVI {p.uzovi} {p.soort} {p.verzekerdennummer} {p.resultaat}"
            f" {p.ingangsdatum or ''}..{p.einddatum or ''}"
        )


_SECONDS_HELP = "Stop after this many seconds (Ctrl-C stops sooner)."
_SPEED_HELP = "Statuses move this many times faster than real time."


@ei_command("fake-vecozo")
@number_option("--port", click.IntRange(0, 65535), 0, "Port on 127.0.0.1 (0: any free port).")
@click.option("--registry", type=FILE, help="Party registry for the reception check (BRS01-05).")
@click.option("--tls-cert", type=FILE, help="The fake's server certificate (PEM).")
@click.option("--tls-key", type=FILE, help="The server certificate's private key (PEM).")
@click.option("--tls-ca", type=FILE, help="CA of the client certificates (mutual TLS).")
@number_option("--seconds", FiniteRange(min=0.1, max=24 * 3600), 3600, _SECONDS_HELP)
@number_option("--speed", FiniteRange(min=1), 1.0, _SPEED_HELP)
@lang_option()
def fake_command(
    port: int,
    registry: Path | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    tls_ca: Path | None,
    seconds: float,
    speed: float,
    lang: str,
) -> None:
    """Run the fake VECOZO on 127.0.0.1 by hand (a simulation: not VECOZO's verdicts)."""
    import ssl

    from eistandaard.vecozo.registry import Registry
    from eistandaard.vecozo.testing import FakeVecozo, Timeline
    from eistandaard.vecozo.transport.retry import SystemClock

    try:
        reg = Registry.load(registry) if registry is not None else None
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    tls = None
    if tls_cert is not None:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            tls.load_cert_chain(str(tls_cert), str(tls_key) if tls_key else None)
            if tls_ca is not None:
                tls.load_verify_locations(cafile=str(tls_ca))
                tls.verify_mode = ssl.CERT_REQUIRED
        except (OSError, ssl.SSLError) as exc:
            raise usage("tls-files", reason=reason_of(exc)) from exc
    base = 120.0 / speed
    timeline = Timeline(base / 4, base / 2, base * 3 / 4, base)
    fake = FakeVecozo(
        registry=reg,
        tls=tls,
        environment="T",
        timeline=timeline,
        clock=SystemClock(),
        prefix="/tst",
    )
    fake.port = port
    try:
        fake.start()
    except OSError as exc:
        raise usage("cannot-listen", address=f"127.0.0.1:{port}", reason=reason_of(exc)) from exc
    click.echo(texts_in(VECOZO_WORDS, lang)["fake"].format(url=fake.base_url))
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
    except KeyboardInterrupt:
        pass
    finally:
        fake.close()
