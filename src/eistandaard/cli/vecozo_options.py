"""The VECOZO options of ``ei validate`` and ``ei envelope check``, and reading their files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from eistandaard.cli.exitcodes import CommandFailed
from eistandaard.cli.options import FILE, TEXT, stack
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.text import quoted
from eistandaard.levels.intake import read_regular_file
from eistandaard.standards.wording import reason_of, said_error, texts_in
from eistandaard.vecozo.limits import DEFAULT_PAYLOAD_LIMIT

__all__ = [
    "VECOZO_WORDS",
    "EngineFailure",
    "close_checks",
    "envelope_of",
    "ledger_errors",
    "load_envelope",
    "opened_ledger",
    "refuse_memory_ledger",
    "said_counts",
    "token_word",
    "vecozo_checks",
    "vecozo_options",
]

VECOZO_WORDS = "words/vecozo.toml"
"""The lines of the VECOZO commands (send, status, pull, cov, fake-vecozo, ledger) under
``rbc/common``, both languages (:func:`~eistandaard.standards.wording.texts_in`)."""


def token_word(kind: str, token: str | None, lang: str) -> str:
    """A stable token of the ledger or the transport as the word of a text line in ``lang``.

    ``kind`` is the family of the token in ``words/vecozo.toml``: ``ledger-state`` (``sent``
    -> ``verzonden``), ``link`` (how an answer was linked), ``count`` (what a run did),
    ``alarm`` (a transport alarm's kind), ``state`` (an outbox state). JSON output keeps the
    tokens; a token without words (a value of a newer or older database) is shown as it is,
    and ``None`` as ``-``.
    """
    if token is None:
        return "-"
    return texts_in(VECOZO_WORDS, lang).get(f"{kind}:{token}", token)


def said_counts(counts: dict[str, int], lang: str) -> str:
    """What a run of ``ei status`` or ``ei pull`` did, ``gevraagd=3 gewijzigd=1``, in ``lang``.

    :returns: the counts in the order of their tokens, joined by spaces; ``""`` for none.
    """
    line = texts_in(VECOZO_WORDS, lang)["count"]
    return " ".join(
        line.format(word=token_word("count", token, lang), number=number)
        for token, number in sorted(counts.items())
    )


if TYPE_CHECKING:  # the envelope model and its checks are imported when an envelope is given
    from eistandaard.pipeline import VecozoCheck
    from eistandaard.vecozo.build import ParsedPayload
    from eistandaard.vecozo.envelope import Envelope
    from eistandaard.vecozo.ledger import Ledger

F = TypeVar("F", bound=Callable[..., Any])


class EngineFailure(CommandFailed):
    """A failure of the engine, its database or VECOZO's transport: exit 3, one line."""


_PAYLOAD_HELP = "CC03: largest payload ZIP (and file in it) VECOZO takes, in bytes."
_REGISTRY_HELP = "Party registry (TOML) to simulate BRS01-05, BRS18 and BRS33 (needs --envelope)."
_INDIENER_HELP = "Code of the submitting party for BRS02/BRS03 (default: the afzender)."
_LEDGER_HELP = (
    "Message ledger (sqlite:///FILE or postgresql://...): level-5 checks CC08, BRS20, TR333, "
    "CC11 (needs --envelope)."
)

vecozo_options: Callable[[F], F] = stack(
    click.option("--payload-limit", type=click.IntRange(min=1), default=DEFAULT_PAYLOAD_LIMIT,
                 show_default=True, help=_PAYLOAD_HELP),
    click.option("--registry", type=FILE, help=_REGISTRY_HELP),
    click.option("--indiener", type=TEXT, metavar="CODE", help=_INDIENER_HELP),
    click.option("--ledger", metavar="URL", help=_LEDGER_HELP),
)  # fmt: skip
"""``--payload-limit``, ``--registry``, ``--indiener``, ``--ledger``."""


@contextmanager
def ledger_errors() -> Iterator[None]:
    """A failing ledger database is an engine failure (exit 3); a wrong URL a usage error."""
    from eistandaard.vecozo.ledger import LedgerError

    try:
        yield
    except LedgerError as exc:
        raise EngineFailure(reason_of(exc)) from exc
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc


@contextmanager
def opened_ledger(url: str, *, create: bool = False) -> Iterator[Ledger]:
    """The ledger at ``url``, closed afterwards (:func:`ledger_errors` for opening it)."""
    from eistandaard.vecozo.ledger import open_ledger

    with ledger_errors():
        refuse_memory_ledger(url)
        ledger = open_ledger(url, create=create)
    try:
        yield ledger
    finally:
        ledger.close()


def load_envelope(path: Path) -> Envelope:
    """Read ``META.json``.

    :raises InputError: when the file cannot be read or is not a JSON object.
    """
    from eistandaard.vecozo.envelope import Envelope

    text = read_regular_file(path)  # a FIFO or device is refused, never read blocking
    try:
        return Envelope.loads(text)
    except InputError as exc:
        raise InputError(
            said_error("envelope-file", path=path, exc=exc, swapped=_swapped(text))
        ) from exc


def envelope_of(path: Path, message: ParsedPayload) -> Envelope:
    """Read ``META.json`` for ``message`` (:func:`load_envelope`): it must be that message's.

    The envelope of another message (its berichtstroom names another message, BRS24) is
    refused: recorded or sent, VECOZO and the ledger would take one message for another.

    :raises InputError: as :func:`load_envelope`, or for another message's envelope.
    """
    from eistandaard.vecozo.checks import check_stream

    envelope = load_envelope(path)
    if check_stream(envelope, message.spec):
        stroom = envelope.berichtstroom
        found = stroom.berichtsubtype or stroom.berichttype or "?"
        raise InputError(
            said_error(
                "envelope-other-message", path=path, found=quoted(found), message=message.spec.name
            )
        )
    return envelope


def _swapped(data: str | bytes) -> str:
    """A hint when the metadata file is a message or its ZIP: the arguments were swapped."""
    head = (data.encode("utf-8", "replace") if isinstance(data, str) else data)[:64].lstrip()
    if head.startswith(b"PK"):
        kind = said_error("kind-zip")
    elif head.startswith((b"<", b"\xef\xbb\xbf<")):
        kind = said_error("kind-xml")
    else:
        return ""
    return said_error("envelope-swapped", kind=kind)


def vecozo_checks(
    registry: Path | None, indiener: str | None, ledger: str | None
) -> list[VecozoCheck]:
    """The registry and ledger checks the options ask for.

    :raises click.UsageError: for a registry that cannot be read or a wrong ledger URL.
    :raises EngineFailure: when the ledger database cannot be opened.
    """
    from eistandaard.vecozo.ledger import LedgerCheck, open_ledger
    from eistandaard.vecozo.registry import Registry, RegistryCheck

    found: list[VecozoCheck] = []
    with ledger_errors():
        if registry is not None:
            found.append(RegistryCheck(Registry.load(registry), indiener))
        if ledger is not None:
            refuse_memory_ledger(ledger)
            found.append(LedgerCheck(open_ledger(ledger, create=False)))
    return found


def refuse_memory_ledger(url: str) -> None:
    """Refuse a ledger in memory: it ends with the command, with every record in it.

    A run of ``ei`` is one process, so ``sqlite://:memory:`` would record a message (or a
    message sent) and forget it at once: the next run could send it again.

    :raises InputError: for ``sqlite://`` and ``sqlite://:memory:``.
    """
    from eistandaard.vecozo.ledger import in_memory

    if in_memory(url):
        raise InputError(said_error("ledger-memory-cli", url=quoted(url)))


def close_checks(checks: list[VecozoCheck]) -> None:
    """Close the ledger connections of ``checks``."""
    for check in checks:
        closing = getattr(getattr(check, "ledger", None), "close", None)
        if closing is not None:
            closing()
