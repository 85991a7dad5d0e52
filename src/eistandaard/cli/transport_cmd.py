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
from typing import Any, TypeVar

import click

from eistandaard.cli.exitcodes import ACCEPTED, ENGINE_ERROR, REJECTED
from eistandaard.cli.options import date_value
from eistandaard.cli.output import check_output_dir, write_new_file
from eistandaard.cli.vecozo_options import EngineFailure, load_envelope
from eistandaard.core import clock as nl_clock
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.report import Report, Verdict
from eistandaard.render.safe import terminal_safe

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
        raise click.BadParameter(f"{url!r}: give an http:// or https:// URL with a host")
    return url


def _connection_options(function: F) -> F:
    options = [
        click.option(
            "--environment",
            "environment",
            required=True,
            type=click.Choice(["tst", "acc", "prod"]),
            help="Which VECOZO: tst, acc or prod (production data never goes to "
            "tst/acc, test data never to prod).",
        ),
        click.option(
            "--url",
            metavar="URL",
            callback=_http_url,
            help="Another host for tst/acc (the fake VECOZO's URL); not with prod.",
        ),
        click.option(
            "--certificate",
            type=click.Path(path_type=Path, dir_okay=False),
            help="The system certificate (PEM; with its key unless --key).",
        ),
        click.option(
            "--key",
            type=click.Path(path_type=Path, dir_okay=False),
            help="The certificate's private key (PEM).",
        ),
        click.option(
            "--pkcs12",
            type=click.Path(path_type=Path, dir_okay=False),
            help="The certificate as a .p12/.pfx file (extra eistandaard[pkcs12]).",
        ),
        click.option(
            "--password-env",
            metavar="NAME",
            help="Environment variable holding the key or PKCS#12 password.",
        ),
        click.option(
            "--cafile",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Extra trust anchors (the fake's test CA).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=60.0,
            show_default=True,
            help="Read/write time-out in seconds.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _ledger_option(function: F) -> F:
    return click.option(
        "--ledger",
        "ledger_url",
        required=True,
        metavar="URL",
        envvar="EISTANDAARD_LEDGER",
        help="The ledger that keeps the transport state: sqlite:///FILE or postgresql://...",
    )(function)


@contextmanager
def _client(options: dict[str, Any]) -> Iterator[Any]:
    from eistandaard.vecozo.transport.client import VecozoClient
    from eistandaard.vecozo.transport.http import HttpxClient, Timeouts, client_context

    environment = options["environment"]
    url = options.get("url")
    if url and environment == "prod":
        raise click.UsageError("--url is for tst/acc (a fake or a test host), not for prod")
    password = None
    if options.get("password_env"):
        password = os.environ.get(options["password_env"])
        if password is None:
            raise click.UsageError(f"environment variable {options['password_env']} is not set")
    try:
        context = client_context(
            certificate=options.get("certificate"),
            key=options.get("key"),
            pkcs12=options.get("pkcs12"),
            password=password,
            cafile=options.get("cafile"),
        )
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    timeout = float(options.get("timeout") or 60.0)
    http = HttpxClient(context=context, timeouts=Timeouts(read=timeout, write=timeout))
    try:
        yield VecozoClient(http, environment=environment, base_url=url)
    finally:
        http.close()


@contextmanager
def _ledger(url: str, *, create: bool = True) -> Iterator[Any]:
    from eistandaard.vecozo.ledger import LedgerError, open_ledger
    from eistandaard.vecozo.ledger.sql import SqlLedger

    try:
        ledger = open_ledger(url, create=create)
    except LedgerError as exc:
        raise EngineFailure(str(exc)) from exc
    except EIError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        if not isinstance(ledger, SqlLedger):
            raise click.UsageError("the transport needs a SQL ledger")
        yield ledger
    finally:
        ledger.close()


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
    )
    return {k: kwargs.pop(k) for k in keys}


PROGRESS_EVERY = 50
"""A long ``ei status`` or ``ei pull`` says on stderr how far it got, every this many messages."""


def _ticker(what: str) -> Callable[[str, str], None]:
    """A progress callback: one stderr line per :data:`PROGRESS_EVERY` messages."""
    done = [0]

    def tick(_trace: str, _outcome: str) -> None:
        done[0] += 1
        if done[0] % PROGRESS_EVERY == 0:
            click.echo(f"{what} {done[0]} ...", err=True)

    return tick


def _not_sent(path: Path, report: Report) -> None:
    """One line for a message that validation refused before sending (exit 1 for the run)."""
    codes = ", ".join(sorted({f.code for f in report.findings if f.severity == "error"}))
    why = codes or "; ".join(report.engine_errors)
    click.echo(terminal_safe(f"{path}: not sent, {report.verdict.value}: {why}"))


def _alarm_lines(alarms: Any) -> None:
    for alarm in alarms:
        click.echo(f"alarm {alarm.kind}: {alarm.text}", err=True)


@click.command("send")
@click.argument(
    "messages", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@_connection_options
@_ledger_option
@click.option(
    "--envelope",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this berichtMetadata (one message only) instead of building one.",
)
@click.option(
    "--registry",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Party registry (its test whitelist proves iWmo/iJw persons fictitious).",
)
@click.option(
    "--as-of",
    "as_of",
    callback=date_value,
    metavar="DATE",
    help="Peildatum of the validation before sending (default: today).",
)
@click.option(
    "--attempts",
    type=click.IntRange(1, 20),
    default=6,
    show_default=True,
    help="HTTP attempts per message in this run (the rest waits for the next run).",
)
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

    MESSAGES are XML files (each is packed in a one-file ZIP) or ready ZIPs.
    """
    from eistandaard.pipeline import validate
    from eistandaard.vecozo import build_request, parse_payload, payload_zip
    from eistandaard.vecozo.ledger import LedgerConflict
    from eistandaard.vecozo.registry import Registry
    from eistandaard.vecozo.transport.outbox import Outbox
    from eistandaard.vecozo.transport.retry import RetryPolicy
    from eistandaard.vecozo.transport.safety import environment_problems

    connection = _connection(kwargs)
    if envelope is not None and len(messages) != 1:
        raise click.UsageError("--envelope goes with exactly one message")
    try:
        reg = Registry.load(registry) if registry is not None else None
    except EIError as exc:
        raise click.UsageError(str(exc)) from exc
    marker = "T" if connection["environment"] != "prod" else "P"
    prepared = []
    refused = False
    for path in messages:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise click.UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
        try:
            parsed = parse_payload(data, name=str(path))
        except InputError:  # unreadable as a message: a level-1 finding, not a usage error
            _not_sent(path, validate(data, name=str(path), as_of=as_of, environment=marker))
            refused = True
            continue
        problems = environment_problems(parsed, connection["environment"], reg)
        if problems:
            raise click.UsageError(f"{path}: " + "; ".join(problems))
        report = validate(parsed.data, name=str(path), as_of=as_of, environment=marker)
        if report.verdict is not Verdict.ACCEPTED:
            _not_sent(path, report)
            refused = True
            continue
        env = load_envelope(envelope) if envelope is not None else build_request(parsed)
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
                click.echo(f"{path}: not sent, {exc.code}: {exc.details}")
                refused = True
                continue
            except InputError as exc:
                raise click.UsageError(f"{path}: {exc}") from exc
            results.append((path, trace, ""))
        with click.progressbar(length=len(results), label="sending", file=sys.stderr) as bar:
            summary = outbox.run_once(progress=lambda _trace, _state: bar.update(1))
        _alarm_lines(summary.alarms)
        states = {trace: outbox.state(trace) or "?" for _, trace, _ in results}
    incomplete = False
    for path, trace, _ in results:
        state = states[trace]
        click.echo(f"{path}: {trace} {state}")
        refused = refused or state == "rejected"
        incomplete = incomplete or state in ("ready", "unknown")
    if incomplete:
        raise click.exceptions.Exit(ENGINE_ERROR)
    raise click.exceptions.Exit(REJECTED if refused else ACCEPTED)


@click.command("status")
@click.argument("traceer_ids", nargs=-1)
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
        raise click.UsageError(
            f"{not_ids[0]!r} is not a traceerId (a lower-case UUID v4, as ei send prints it)"
        )
    connection = _connection(kwargs)
    with _ledger(ledger_url, create=False) as ledger, _client(connection) as client:
        if traceer_ids:
            out = []
            for trace in traceer_ids:
                try:
                    records = client.berichtstatus(traceer_id=trace)
                except (TransportError, UnexpectedResponse) as exc:
                    raise EngineFailure(f"berichtstatus {trace}: {exc}") from exc
                for record in records:
                    out.append(record)
            if fmt == "json":
                click.echo(
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
                    role = f"answer to {r.als_antwoord_op}" if r.als_antwoord_op else "request"
                    click.echo(f"{r.traceer_id} {r.status.raw} ({role})")
                    for finding in r.findings():
                        click.echo(f"  {finding.code}: {finding.text_nl}")
            rejected = any(r.status.known is not None and r.status.known.rejected for r in out)
            raise click.exceptions.Exit(REJECTED if rejected else ACCEPTED)
        poller = Poller(ledger, client)
        summary = poller.run_once(progress=_ticker("asked"))
        click.echo(
            " ".join(f"{k}={v}" for k, v in sorted(summary.counts.items())) or "nothing to ask"
        )
        _alarm_lines(summary.alarms)
        raise click.exceptions.Exit(REJECTED if summary.alarms else ACCEPTED)


@click.command("pull")
@_connection_options
@_ledger_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also write each stored answer here as <traceerId>.zip (never overwritten).",
)
def pull_command(ledger_url: str, out: Path | None, **kwargs: Any) -> None:
    """Fetch the ready messages: download (size + SHA-256), store, link, acknowledge."""
    from eistandaard.vecozo.transport.outbox import Inbox

    connection = _connection(kwargs)
    if out is not None:  # refused before VECOZO is asked (cli/output.py: never created)
        check_output_dir(out)
    with _ledger(ledger_url) as ledger, _client(connection) as client:
        inbox = Inbox(ledger, client)
        before = {r.traceer_id for r in ledger.messages()}
        summary = inbox.run_once(progress=_ticker("fetched"))
        new = [r for r in ledger.messages() if r.traceer_id not in before]
        for record in new:
            link = (
                f"answers {record.answer_to} ({record.link_method})"
                if record.answer_to
                else "not linked"
            )
            click.echo(f"{record.traceer_id} {record.message} {link}")
            if out is not None:
                target = out / f"{record.traceer_id}.zip"
                data = inbox.payload(record.traceer_id)
                if data is not None and not target.exists():  # stored in the ledger already
                    write_new_file(target, data)
        click.echo(
            " ".join(f"{k}={v}" for k, v in sorted(summary.counts.items())) or "nothing ready"
        )
        _alarm_lines(summary.alarms)
        failed = summary.count("list-failed") or summary.count("failed")
        raise click.exceptions.Exit(ENGINE_ERROR if failed else ACCEPTED)


@click.group("cov")
def cov_group() -> None:
    """COV: check a client's insurance with VECOZO (VZ801/VZ802)."""


@cov_group.command("check")
@_connection_options
@click.option("--agb", required=True, help="The provider's 8-digit AGB code.")
@click.option("--bsn", help="The client's BSN (9 digits, 11-test); one search path of three.")
@click.option("--insured-number", help="Or: the client's insured number (Verzekerdenummer).")
@click.option("--postcode", help="Or: postcode, with --house-number.")
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
    from eistandaard.vecozo.cov import CovPreconditionError, CovRequest, CovResponse, Zoekopdracht
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
        raise click.UsageError("; ".join(exc.problems)) from exc
    with _client(connection) as client:
        try:
            answer = CovResponse.from_xml(client.cov_call(request.to_xml()))
        except (TransportError, UnexpectedResponse, InputError) as exc:
            raise EngineFailure(f"COV: {exc}") from exc
    if answer.fault is not None:
        raise EngineFailure(f"COV answered a SOAP fault: {answer.fault}")
    result = answer.zoekresultaten[0] if answer.zoekresultaten else None
    policies = result.verzekerde.verzekeringen if result and result.verzekerde else ()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "resultaat": answer.resultaat,
                    "zoekresultaat": result.resultaat if result else None,
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
    else:
        click.echo(f"{answer.resultaat}: {result.resultaat if result else 'no result'}")
        for p in policies:
            click.echo(
                f"  UZOVI {p.uzovi} {p.soort} {p.verzekerdennummer} {p.resultaat}"
                f" {p.ingangsdatum or ''}..{p.einddatum or ''}"
            )
    found = result is not None and result.resultaat in ("Gevonden", "GevondenPeildatumInToekomst")
    raise click.exceptions.Exit(ACCEPTED if found else REJECTED)


@click.command("fake-vecozo")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--registry",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Party registry for the reception check (BRS01-05).",
)
@click.option("--tls-cert", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--tls-key", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--tls-ca",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CA of the client certificates (mutual TLS).",
)
@click.option(
    "--seconds",
    type=click.FloatRange(min=0.1, max=24 * 3600),
    default=3600,
    show_default=True,
    help="Stop after this many seconds (Ctrl-C stops sooner).",
)
@click.option(
    "--speed",
    type=click.FloatRange(min=1),
    default=1.0,
    show_default=True,
    help="Statuses move this many times faster than real time.",
)
def fake_command(
    port: int,
    registry: Path | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    tls_ca: Path | None,
    seconds: float,
    speed: float,
) -> None:
    """Run the fake VECOZO on 127.0.0.1 by hand (a simulation: not VECOZO's verdicts)."""
    import ssl

    from eistandaard.vecozo.registry import Registry
    from eistandaard.vecozo.testing import FakeVecozo, Timeline
    from eistandaard.vecozo.transport.retry import SystemClock

    try:
        reg = Registry.load(registry) if registry is not None else None
    except EIError as exc:
        raise click.UsageError(str(exc)) from exc
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
            raise click.UsageError(f"cannot read the TLS files: {exc}") from exc
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
        raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: {exc}") from exc
    click.echo(f"fake VECOZO on {fake.base_url} (use --environment tst --url {fake.base_url})")
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
    except KeyboardInterrupt:
        pass
    finally:
        fake.close()
