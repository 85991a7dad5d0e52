"""Entry point of the ``ei`` command."""

from __future__ import annotations

import sys

import click

from eistandaard import __version__
from eistandaard.cli.chain_cmd import chain_command
from eistandaard.cli.diff_cmd import diff_command
from eistandaard.cli.envelope_cmd import envelope_group
from eistandaard.cli.exitcodes import ENGINE_ERROR, INTERRUPTED
from eistandaard.cli.ledger_cmd import ledger_group
from eistandaard.cli.return_cmd import return_command
from eistandaard.cli.serve_cmd import serve_command
from eistandaard.cli.transport_cmd import (
    cov_group,
    fake_command,
    pull_command,
    send_command,
    status_command,
)
from eistandaard.cli.validate_cmd import validate_command
from eistandaard.render.safe import terminal_safe

_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(
    click.exceptions, "NoArgsIsHelpError", type("_Never", (click.UsageError,), {})
)
"""click >= 8.2 raises this for a bare ``ei``; its message is the whole help text."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ei")
def cli() -> None:
    """Check Dutch healthcare EI messages as VECOZO and the receivers do.

    Exit codes: 0 accepted, 1 rejected, 2 usage, 3 engine error, 130 interrupted (Ctrl-C).
    """


cli.add_command(validate_command)
cli.add_command(chain_command)
cli.add_command(return_command)
cli.add_command(diff_command)
cli.add_command(envelope_group)
cli.add_command(ledger_group)
cli.add_command(serve_command)
cli.add_command(send_command)
cli.add_command(status_command)
cli.add_command(pull_command)
cli.add_command(cov_group)
cli.add_command(fake_command)


def main(argv: list[str] | None = None) -> int:
    """Run ``ei`` and return its exit code (never raises, never shows a traceback).

    The user's Ctrl-C (SIGINT) ends ``ei`` with one line on standard error and exit code 130;
    a plug-in that raises ``KeyboardInterrupt`` itself is an engine error (exit 3) instead,
    because level-5 checks run in their own process.
    """
    try:
        result = cli.main(args=argv, prog_name="ei", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.UsageError as problem:  # one line on stderr, exit 2
        if isinstance(problem, _NO_ARGS_IS_HELP):  # plain ``ei``: the help text, as it was
            problem.show()
            return problem.exit_code
        where = problem.ctx.command_path if problem.ctx is not None else "ei"
        message = " ".join(problem.format_message().split())
        click.echo(f"{where}: error: {message} (see {where} -h)", err=True)
        return problem.exit_code
    except click.ClickException as problem:
        # The message may quote input (file names); click declares it Final, hence setattr.
        setattr(problem, "message", terminal_safe(problem.message))  # noqa: B010
        problem.show()
        return problem.exit_code
    except click.Abort as abort:
        if isinstance(abort.__cause__, KeyboardInterrupt):
            click.echo("ei: interrupted", err=True)
            return INTERRUPTED
        click.echo("aborted", err=True)
        return ENGINE_ERROR
    except KeyboardInterrupt:
        click.echo("\nei: interrupted", err=True)
        return INTERRUPTED
    except Exception as exc:  # last line of defence: no traceback reaches the user
        click.echo(terminal_safe(f"ei: internal error: {type(exc).__name__}: {exc}"), err=True)
        return ENGINE_ERROR
    except BaseException as exc:  # sys.exit() or the like from code ei ran: never a pass
        click.echo(f"ei: internal error: {exc!r}", err=True)
        return ENGINE_ERROR
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
