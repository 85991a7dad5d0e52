"""``ei ledger add|show|link|state|unanswered``: the message ledger from the command line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
import click

from eistandaard.cli.exitcodes import ACCEPTED, REJECTED
from eistandaard.cli.options import as_of_option, date_value
from eistandaard.cli.vecozo_options import EngineFailure, load_envelope
from eistandaard.core import clock
from eistandaard.core.errors import DataError, EIError
from eistandaard.levels.intake import read_raw
from eistandaard.render.safe import json_safe, printable
from eistandaard.vecozo.build import parse_payload
from eistandaard.vecozo.ledger import (
    STATES,
    Ledger,
    LedgerConflict,
    LedgerError,
    Record,
    open_ledger,
    record_for,
)

__all__ = ["ledger_group"]


@click.group("ledger")
@click.option(
    "--ledger",
    "url",
    required=True,
    metavar="URL",
    envvar="EISTANDAARD_LEDGER",
    help="sqlite:///FILE, sqlite:////ABSOLUTE/FILE or postgresql://... (or $EISTANDAARD_LEDGER).",
)
@click.pass_context
def ledger_group(ctx: click.Context, url: str) -> None:
    """Record messages, link answers to requests, list what is unanswered."""
    ctx.obj = url


@contextmanager
def _opened(url: str, *, create: bool = False) -> Iterator[Ledger]:
    try:
        ledger = open_ledger(url, create=create)
    except LedgerError as exc:
        raise EngineFailure(str(exc)) from exc
    except EIError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        yield ledger
    finally:
        ledger.close()


@ledger_group.command("add")
@click.argument("message", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", type=click.Choice(STATES), default="sent", show_default=True)
@click.option(
    "--on",
    "sent_on",
    callback=date_value,
    metavar="DATE",
    help="Sent/received on (default: today in the Netherlands).",
)
@click.option("--no-link", is_flag=True, help="Do not link an answer to its request now.")
@click.pass_obj
def add_command(
    url: str, message: Path, metadata: Path, state: str, sent_on: dt.date | None, no_link: bool
) -> int:
    """Record MESSAGE with its METADATA; an answer is linked to its request at once.

    Exit codes: 0 recorded, 1 refused (CC08/BRS114, BRS20, TR333, CC11, BRS24), 2 usage,
    3 the database failed.
    """
    try:
        envelope = load_envelope(metadata)
        parsed = parse_payload(read_raw(message), name=str(message))
        record = record_for(
            parsed.spec,
            parsed.root,
            parsed.data,
            envelope,
            sent_on=sent_on or clock.today(),
            state=state,
        )
    except (EIError, OSError) as exc:
        raise click.UsageError(str(exc)) from exc
    with _opened(url, create=True) as ledger:
        try:
            link = ledger.add(record, link=not no_link)
        except LedgerConflict as conflict:
            _echo(f"refused {record.traceer_id}: {conflict.code}: {conflict.details}")
            return REJECTED
        except LedgerError as exc:
            raise EngineFailure(str(exc)) from exc
    _echo(f"recorded {record.traceer_id} {record.message} {record.identificatie or ''}".rstrip())
    if link is not None:
        _echo(f"linked {link.answer} -> {link.request} by {link.method}")
    return ACCEPTED


@ledger_group.command("link")
@click.argument("traceer_id")
@click.pass_obj
def link_command(url: str, traceer_id: str) -> int:
    """Link the answer TRACEER_ID to its request (alsAntwoordOp, payload reference, conversatie)."""
    with _opened(url) as ledger:
        try:
            link = ledger.link(traceer_id)
        except LedgerConflict as conflict:
            _echo(f"refused {traceer_id}: {conflict.code}: {conflict.details}")
            return REJECTED
        except LedgerError as exc:
            raise click.UsageError(str(exc)) from exc
    _echo(f"linked {link.answer} -> {link.request} by {link.method}")
    return ACCEPTED


@ledger_group.command("state")
@click.argument("traceer_id")
@click.argument("state", type=click.Choice(STATES), metavar="STATE")
@click.pass_obj
def state_command(url: str, traceer_id: str, state: str) -> int:
    """Set the state of TRACEER_ID to STATE: recorded, sent, received, accepted or rejected.

    ``rejected``: VECOZO refused it; CC11 then ignores it.
    """
    with _opened(url) as ledger:
        try:
            ledger.set_state(traceer_id, state)
        except LedgerConflict as conflict:
            _echo(f"refused {traceer_id}: {conflict.code}: {conflict.details}")
            return REJECTED
        except LedgerError as exc:
            raise click.UsageError(str(exc)) from exc
    _echo(f"{traceer_id} is {state}")
    return ACCEPTED


@ledger_group.command("show")
@click.argument("traceer_id", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
def show_command(url: str, traceer_id: str | None, fmt: str) -> int:
    """Show one message (TRACEER_ID) or all of them."""
    with _opened(url) as ledger:
        if traceer_id is not None:
            record = ledger.get(traceer_id)
            if record is None:
                raise click.UsageError(f"no message with traceerId {traceer_id} in the ledger")
            records = [record]
        else:
            records = ledger.messages()
    if fmt == "json":
        click.echo(
            json_safe(json.dumps([_as_json(r) for r in records], indent=2, ensure_ascii=False))
        )
    else:
        for record in records:
            _echo(_line(record))
    return ACCEPTED


@ledger_group.command("unanswered")
@as_of_option
@click.pass_obj
def unanswered_command(url: str, as_of: dt.date | None) -> int:
    """List requests without an answer past their deadline (iWmo/iJw: 3 working days, OP090).

    Exit codes: 0 none overdue, 1 some overdue, 2 usage, 3 the database failed.
    """
    with _opened(url) as ledger:
        try:
            overdue = ledger.unanswered(as_of or clock.today())
        except DataError as exc:
            raise click.UsageError(str(exc)) from exc
    for item in overdue:
        _echo(f"overdue since {item.deadline.isoformat()}: {_line(item.record)}")
    return REJECTED if overdue else ACCEPTED


def _echo(text: str) -> None:
    """Print one line that holds values of the user's messages and envelopes, escaped.

    Identifications, traceerIds and conflict details come from the user's files: control
    characters, line breaks and bidi overrides are shown as escapes (render/safe.py).
    """
    click.echo(printable(text))


def _as_json(record: Record) -> dict[str, object]:
    values = attrs.asdict(record)
    values["sent_on"] = record.sent_on.isoformat()
    return values


def _line(record: Record) -> str:
    parts = [
        record.traceer_id,
        record.message,
        record.identificatie or "-",
        f"{record.sender or '-'} -> {record.receiver or '-'}",
        record.state,
        record.sent_on.isoformat(),
    ]
    if record.answer_to:
        parts.append(f"answers {record.answer_to} ({record.link_method})")
    return "  ".join(parts)
