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
from eistandaard.cli.helptexts import ei_group
from eistandaard.cli.inputs import MESSAGE_FILE, message_bytes
from eistandaard.cli.options import TEXT, as_of_option, date_value, lang_option
from eistandaard.cli.output import echo_json, echo_line
from eistandaard.cli.pathtypes import PathValue
from eistandaard.cli.usage import given, run_lang, usage
from eistandaard.cli.vecozo_options import (
    VECOZO_WORDS,
    EngineFailure,
    envelope_of,
    opened_ledger,
    token_word,
)
from eistandaard.core import clock
from eistandaard.core.errors import DataError, EIError
from eistandaard.standards.wording import reason_of, texts_in
from eistandaard.vecozo.build import parse_payload
from eistandaard.vecozo.ledger import (
    STATES,
    LedgerConflict,
    LedgerError,
    Link,
    Record,
    record_of,
)

__all__ = ["ledger_group"]


_LEDGER_HELP = (
    "sqlite:///FILE, sqlite:////ABSOLUTE/FILE or postgresql://... (or $EISTANDAARD_LEDGER)."
)


def _ledger_url(ctx: click.Context, param: click.Parameter, url: str | None) -> str:
    """Click callback of a command's ``--ledger``: its own, else the group's; one of them is needed.

    ``ei ledger --ledger URL show`` and ``ei ledger show --ledger URL`` say the same (as
    ``--lang`` does), and ``ei ledger show -h`` needs neither.
    """
    if not given(ctx, param):
        group = ctx.parent.params.get("url") if ctx.parent is not None else None
        url = group if isinstance(group, str) else url
    if url is None:
        raise click.MissingParameter(ctx=ctx, param=param)
    return url


_group_ledger_option = click.option(
    "--ledger", "url", metavar="URL", envvar="EISTANDAARD_LEDGER", help=_LEDGER_HELP
)
_ledger_option = click.option(
    "--ledger",
    "url",
    metavar="URL",
    envvar="EISTANDAARD_LEDGER",
    callback=_ledger_url,
    help=_LEDGER_HELP + " Or before the command.",
)


@ei_group("ledger")
@_group_ledger_option
@lang_option(help="Language of what is printed (or --lang after the command).")
@click.pass_context
def ledger_group(ctx: click.Context, url: str | None, lang: str) -> None:  # noqa: ARG001
    """Record messages, link answers to requests, list what is unanswered.

    ``--ledger`` and ``--lang`` go before or after the command.
    """
    ctx.obj = _Run()


@attrs.frozen
class _Run:
    """What a ledger command reads of its options: the ledger's URL and the language."""

    @property
    def url(self) -> str:
        """The command's ``--ledger``, else the group's (:func:`_ledger_url`)."""
        return str(click.get_current_context().params["url"])

    @property
    def lang(self) -> str:
        """The run's ``--lang``: the command's, else the group's (:func:`lang_option`)."""
        return run_lang(click.get_current_context(silent=True), ())

    def say(self, key: str, **values: object) -> None:
        """Print the line ``key`` of ``words/vecozo.toml`` in the run's language, values escaped."""
        echo_line(texts_in(VECOZO_WORDS, self.lang)[key].format(**values).rstrip())

    def linked(self, link: Link | None) -> int:
        """Say how ``link`` linked an answer to its request (nothing for ``None``); exit 0."""
        if link is not None:
            method = token_word("link", link.method, self.lang)
            self.say("linked", answer=link.answer, request=link.request, method=method)
        return ACCEPTED


@contextmanager
def _refusals(run: _Run, traceer_id: str, failure: type[click.ClickException]) -> Iterator[None]:
    """A ledger conflict is a refusal (one line, exit 1); another ledger error is ``failure``."""
    try:
        yield
    except LedgerConflict as conflict:
        run.say("refused", trace=traceer_id, code=conflict.code, details=conflict.detail(run.lang))
        raise click.exceptions.Exit(REJECTED) from None
    except LedgerError as exc:
        raise failure(reason_of(exc)) from exc


@ledger_group.command("add")
@_ledger_option
@lang_option()
@click.argument("message", type=MESSAGE_FILE)
@click.argument("metadata", type=PathValue(exists=True, dir_okay=False, path_type=Path))
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
    run: _Run,
    message: Path,
    metadata: Path,
    state: str,
    sent_on: dt.date | None,
    no_link: bool,
    url: str,  # noqa: ARG001  # run.url reads it
    lang: str,  # noqa: ARG001  # run.lang reads it
) -> int:
    """Record MESSAGE (or - for standard input) with its METADATA; an answer is linked at once.

    Exit codes: 0 recorded, 1 refused (CC08/BRS114, BRS20, TR333, CC11, BRS24), 2 usage,
    3 the database failed.
    """
    try:
        data, name = message_bytes(message)  # MESSAGE or - (standard input)
        parsed = parse_payload(data, name=name)
        envelope = envelope_of(metadata, parsed)
        record = record_of(parsed, envelope, sent_on=sent_on or clock.today(), state=state)
    except (EIError, OSError) as exc:
        raise click.UsageError(reason_of(exc)) from exc
    refusals = _refusals(run, record.traceer_id, EngineFailure)
    with opened_ledger(run.url, create=True) as ledger, refusals:
        link = ledger.add(record, link=not no_link)
    ident = record.identificatie or ""
    run.say("recorded", trace=record.traceer_id, message=record.message, ident=ident)
    return run.linked(link)


@ledger_group.command("link")
@_ledger_option
@lang_option()
@click.argument("traceer_id", type=TEXT)
@click.pass_obj
def link_command(run: _Run, traceer_id: str, url: str, lang: str) -> int:  # noqa: ARG001
    """Link the answer TRACEER_ID to its request (alsAntwoordOp, payload reference, conversatie)."""
    with opened_ledger(run.url) as ledger, _refusals(run, traceer_id, click.UsageError):
        link = ledger.link(traceer_id)
    return run.linked(link)


@ledger_group.command("state")
@_ledger_option
@lang_option()
@click.argument("traceer_id", type=TEXT)
@click.argument("state", type=click.Choice(STATES), metavar="STATE")
@click.pass_obj
def state_command(
    run: _Run,
    traceer_id: str,
    state: str,
    url: str,  # noqa: ARG001  # run.url reads it
    lang: str,  # noqa: ARG001  # run.lang reads it
) -> int:
    """Set the state of TRACEER_ID to STATE: recorded, sent, received, accepted or rejected.

    ``rejected``: VECOZO refused it; CC11 then ignores it.
    """
    with opened_ledger(run.url) as ledger, _refusals(run, traceer_id, click.UsageError):
        ledger.set_state(traceer_id, state)
    run.say("state", trace=traceer_id, state=token_word("ledger-state", state, run.lang))
    return ACCEPTED


@ledger_group.command("show")
@_ledger_option
@lang_option()
@click.argument("traceer_id", type=TEXT, required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
def show_command(
    run: _Run,
    traceer_id: str | None,
    fmt: str,
    url: str,  # noqa: ARG001  # run.url reads it
    lang: str,  # noqa: ARG001  # run.lang reads it
) -> int:
    """Show one message (TRACEER_ID) or all of them."""
    with opened_ledger(run.url) as ledger:
        if traceer_id is not None:
            record = ledger.get(traceer_id)
            if record is None:
                raise usage("no-ledger-message", traceer=traceer_id)
            records = [record]
        else:
            records = ledger.messages()
    if fmt == "json":
        echo_json(json.dumps([_as_json(r) for r in records], indent=2, ensure_ascii=False))
    else:
        for record in records:
            echo_line(_line(record, run.lang))
    return ACCEPTED


@ledger_group.command("unanswered")
@_ledger_option
@lang_option()
@as_of_option
@click.pass_obj
def unanswered_command(
    run: _Run,
    as_of: dt.date | None,
    url: str,  # noqa: ARG001  # run.url reads it
    lang: str,  # noqa: ARG001  # run.lang reads it
) -> int:
    """List requests without an answer past the deadline their standard sets (e.g. OP090).

    Exit codes: 0 none overdue, 1 some overdue, 2 usage, 3 the database failed.
    """
    with opened_ledger(run.url) as ledger:
        try:
            overdue = ledger.unanswered(as_of or clock.today())
        except DataError as exc:
            raise click.UsageError(reason_of(exc)) from exc
    for item in overdue:
        run.say("overdue", deadline=item.deadline.isoformat(), line=_line(item.record, run.lang))
    return REJECTED if overdue else ACCEPTED


def _as_json(record: Record) -> dict[str, object]:
    values = attrs.asdict(record)
    values["sent_on"] = record.sent_on.isoformat()
    return values


def _line(record: Record, lang: str) -> str:
    """One message of the ledger as a text line in ``lang``: its tokens as words."""
    parts = [
        record.traceer_id,
        record.message,
        record.identificatie or "-",
        f"{record.sender or '-'} -> {record.receiver or '-'}",
        token_word("ledger-state", record.state, lang),
        record.sent_on.isoformat(),
    ]
    if record.answer_to:
        answers = texts_in(VECOZO_WORDS, lang)["answers"]
        method = token_word("link", record.link_method, lang)
        parts.append(answers.format(trace=record.answer_to, method=method))
    return "  ".join(parts)
