"""The VECOZO options of ``ei validate`` and ``ei envelope check``, and reading their files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from eistandaard.core.errors import EIError, InputError
from eistandaard.levels.intake import read_regular_file
from eistandaard.pipeline import VecozoCheck
from eistandaard.vecozo.checks import DEFAULT_PAYLOAD_LIMIT
from eistandaard.vecozo.envelope import Envelope

__all__ = [
    "EngineFailure",
    "close_checks",
    "load_envelope",
    "vecozo_checks",
    "vecozo_options",
]

F = TypeVar("F", bound=Callable[..., Any])


class EngineFailure(click.ClickException):
    """A failure of the engine or its database: exit 3, one line, no traceback."""

    exit_code = 3


def vecozo_options(function: F) -> F:
    """``--payload-limit``, ``--registry``, ``--indiener``, ``--ledger``."""
    options = [
        click.option(
            "--payload-limit",
            type=click.IntRange(min=1),
            default=DEFAULT_PAYLOAD_LIMIT,
            show_default=True,
            help="CC03: largest payload ZIP (and file in it) VECOZO takes, in bytes.",
        ),
        click.option(
            "--registry",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Party registry (TOML) to simulate BRS01-05, BRS18 and BRS33 (needs --envelope).",
        ),
        click.option(
            "--indiener",
            metavar="CODE",
            help="Code of the submitting party for BRS02/BRS03 (default: the afzender).",
        ),
        click.option(
            "--ledger",
            metavar="URL",
            help="Message ledger (sqlite:///FILE or postgresql://...): level-5 checks CC08, "
            "BRS20, TR333, CC11 (needs --envelope).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def load_envelope(path: Path) -> Envelope:
    """Read ``META.json``.

    :raises InputError: when the file cannot be read or is not a JSON object.
    """
    text = read_regular_file(path)  # a FIFO or device is refused, never read blocking
    try:
        return Envelope.loads(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc


def vecozo_checks(
    registry: Path | None, indiener: str | None, ledger: str | None
) -> list[VecozoCheck]:
    """The registry and ledger checks the options ask for.

    :raises click.UsageError: for a registry that cannot be read or a wrong ledger URL.
    :raises EngineFailure: when the ledger database cannot be opened.
    """
    from eistandaard.vecozo.ledger import LedgerCheck, LedgerError, open_ledger
    from eistandaard.vecozo.registry import Registry, RegistryCheck

    found: list[VecozoCheck] = []
    try:
        if registry is not None:
            found.append(RegistryCheck(Registry.load(registry), indiener))
        if ledger is not None:
            found.append(LedgerCheck(open_ledger(ledger, create=False)))
    except LedgerError as exc:
        raise EngineFailure(str(exc)) from exc
    except EIError as exc:
        raise click.UsageError(str(exc)) from exc
    return found


def close_checks(checks: list[VecozoCheck]) -> None:
    """Close the ledger connections of ``checks``."""
    for check in checks:
        closing = getattr(getattr(check, "ledger", None), "close", None)
        if closing is not None:
            closing()
