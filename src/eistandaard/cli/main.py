"""Entry point of the ``ei`` command."""

from __future__ import annotations

import atexit
import contextlib
import errno
import importlib
import io
import os
import sys
import threading
from typing import Any, NoReturn

import click

from eistandaard import __version__
from eistandaard.cli.exitcodes import ENGINE_ERROR, INTERRUPTED
from eistandaard.cli.helptexts import WordedGroup
from eistandaard.cli.usage import lang_option, run_lang, said, usage_line
from eistandaard.core.text import error_text
from eistandaard.standards.wording import Worded, in_lang

_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(
    click.exceptions, "NoArgsIsHelpError", type("_Never", (click.UsageError,), {})
)
"""click >= 8.2 raises this for a bare ``ei``; its message is the whole help text."""


COMMANDS = {
    "validate": "eistandaard.cli.validate_cmd:validate_command",
    "chain": "eistandaard.cli.chain_cmd:chain_command",
    "return": "eistandaard.cli.return_cmd:return_command",
    "diff": "eistandaard.cli.diff_cmd:diff_command",
    "explain": "eistandaard.cli.diff_cmd:diff_command",  # the library's name for it
    "envelope": "eistandaard.cli.envelope_cmd:envelope_group",
    "ledger": "eistandaard.cli.ledger_cmd:ledger_group",
    "serve": "eistandaard.cli.serve_cmd:serve_command",
    "send": "eistandaard.cli.transport_cmd:send_command",
    "status": "eistandaard.cli.transport_cmd:status_command",
    "pull": "eistandaard.cli.transport_cmd:pull_command",
    "cov": "eistandaard.cli.transport_cmd:cov_group",
    "fake-vecozo": "eistandaard.cli.transport_cmd:fake_command",
}
"""Subcommand name -> ``module:attribute``; a module is imported only when its command runs
(or for ``ei -h``): ``ei validate`` does not pay for the imports of ``ei serve`` or ``ei diff``."""


PRESTART = frozenset({"validate"})
"""Commands that start the rule engine's worker processes before their own imports."""

END_AT_ONCE = frozenset({"validate"})
"""Commands after which the ``ei`` process ends as soon as its output is flushed (:func:`run`)."""

_RAN: dict[str, int] = {}
"""The command this process ran, with the number of exit handlers registered once it was
imported (``atexit._ncallbacks``): more at the end means that the run registered one."""


def _prestart_rule_engine() -> None:
    """Start one SaxonC worker per core now, so that their start overlaps the imports.

    The command's process and the workers of its process pool take them
    (``rules/_saxon.py``, :func:`~eistandaard.levels.relations.saxon.start_spares`); the ones nobody
    takes are ended when the command ends.
    """
    from eistandaard.levels.relations import saxon as _saxon

    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not every platform has affinity
        cores = os.cpu_count() or 1
    _saxon.start_spares(max(1, cores))


def _end_spares() -> None:
    """End the SaxonC workers started ahead that the command did not take (a usage error, say)."""
    saxon = sys.modules.get("eistandaard.levels.relations.saxon")
    if saxon is not None:
        saxon.reap_spares()


class _LazyGroup(WordedGroup):
    """A click group that imports each subcommand of :data:`COMMANDS` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in PRESTART and not ctx.resilient_parsing and cmd_name not in self.commands:
            _prestart_rule_engine()
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, _, attribute = COMMANDS[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        if not ctx.resilient_parsing and cmd_name in COMMANDS:
            _RAN.clear()
            _RAN[cmd_name] = _exit_handlers()
        return super().get_command(ctx, cmd_name)


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``ei --version``: the program and the package version, in the run's ``--lang``."""
    if not value or ctx.resilient_parsing:
        return
    lang = run_lang(ctx, sys.argv[1:])
    click.echo(said("version", prog="ei", version=__version__).text(lang))
    ctx.exit()


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)
@lang_option(help="Language of what is printed (or --lang after the command).")
def cli(lang: str) -> None:  # inherited by its commands (cli/usage.py lang_option)
    """Check Dutch healthcare EI messages as VECOZO and the receivers do.

    Exit codes: 0 accepted, 1 rejected, 2 usage, 3 engine error, 130 interrupted (Ctrl-C).
    """


def _said(key: str, argv: list[str] | None, **values: object) -> str:
    """A line of how a run ends (``rbc/common/usage.toml``) in the run's ``--lang``."""
    return said(key, **values).text(run_lang(None, sys.argv[1:] if argv is None else argv))


"""The one line for ``ei ... | head``: exit 3 like any failed write (README), no traceback."""


def _closed_output(exc: BaseException) -> bool:
    """True for an EPIPE on standard output (a reader that quit), or click's exit after one.

    click catches the ``BrokenPipeError`` itself, wraps ``sys.stdout`` in its flush-pacifying
    wrapper and calls ``sys.exit(1)``: click 8.1 inside the ``except`` (the error is the exit's
    context), click 8.2+ after it (only the wrapper tells).
    """
    if isinstance(exc, OSError):
        return exc.errno == errno.EPIPE
    if not isinstance(exc, SystemExit):
        return False
    context = exc.__context__
    if isinstance(context, OSError) and context.errno == errno.EPIPE:
        return True
    # vars(): the module's own names, without click's deprecation __getattr__
    wrappers = tuple(w for w in map(vars(click.utils).get, _PACIFY) if isinstance(w, type))
    return bool(wrappers) and isinstance(sys.stdout, wrappers)


_PACIFY = ("_PacifyFlushWrapper", "PacifyFlushWrapper")
"""The names click gave its wrapper of a broken ``sys.stdout`` (8.2+, 8.1)."""


def main(argv: list[str] | None = None) -> int:
    """Run ``ei`` and return its exit code (never raises, never shows a traceback).

    The user's Ctrl-C (SIGINT) ends ``ei`` with one line on standard error and exit code 130;
    a plug-in that raises ``KeyboardInterrupt`` itself is an engine error (exit 3) instead,
    because level-5 checks run in their own process.
    """
    _open_standard_descriptors()
    output = sys.modules.get("eistandaard.cli.output")
    if output is not None:  # an earlier run in this process (tests): its files are not this one's
        output.WRITTEN.clear()
    replaced = _whole_writes()
    try:
        code = _run(argv)
        if _flush_fails():  # output cut by its reader, seen only now: a failed write, exit 3
            if code != ENGINE_ERROR:
                click.echo(_said("closed-output", argv), err=True)
            return ENGINE_ERROR
        if isinstance(sys.stdout, _ClosedOutput) and sys.stdout.asked and not _wrote_files():
            click.echo(_said("stdout-closed", argv), err=True)
            return ENGINE_ERROR
        return code
    finally:
        _restore(replaced)


class _Discarded(io.RawIOBase):
    """A raw output that keeps nothing and remembers whether anything was written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = memoryview(data).nbytes
        self.asked = self.asked or size > 0
        return size


class _ClosedOutput(io.TextIOWrapper):
    """``sys.stdout`` of an ``ei`` started with standard output closed (``ei validate x >&-``).

    Writes nothing (descriptor 1 is ``/dev/null``) and remembers whether anything was to be
    written, as text or to its ``buffer``: output that could not be written ends the run with
    one line and exit 3 (a failed write); a run that writes its ``-o`` file ends as usual.
    """

    def __init__(self) -> None:
        self.discarded = _Discarded()
        super().__init__(io.BufferedWriter(self.discarded), encoding="utf-8", errors="replace")

    @property
    def asked(self) -> bool:
        """Whether the run wrote (or tried to write) anything to standard output."""
        self.flush()
        return self.discarded.asked


def _wrote_files() -> bool:
    """Whether the run wrote its output to files (``-o``): then what it printed was a summary."""
    output = sys.modules.get("eistandaard.cli.output")
    return bool(output is not None and output.WRITTEN)


def _open_standard_descriptors() -> None:
    """Give a closed standard input, output or error (descriptor 0, 1, 2) ``/dev/null``.

    A shell's ``2>&-`` starts ``ei`` without that descriptor: the first pipe or file opened
    would take its number, and a rule-engine worker (whose standard error is its log) or a
    message from ``ei`` would write into it, or close it. ``/dev/null`` takes the number
    instead. Python gave such a stream ``None``: standard error becomes ``/dev/null`` (nothing
    to tell and nowhere to tell it), standard output a :class:`_ClosedOutput` (output asked for
    is a failed write), standard input stays ``None`` (reading ``-`` is a usage error,
    :func:`~eistandaard.cli.inputs.standard_input`).
    """
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError as exc:
            if exc.errno != errno.EBADF:
                continue
            null = os.open(os.devnull, os.O_RDONLY if descriptor == 0 else os.O_WRONLY)
            if null != descriptor:
                os.dup2(null, descriptor)
                os.close(null)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(  # noqa: SIM115  # the process's standard error: open until its end
            2, "w", encoding="utf-8", errors="backslashreplace", closefd=False
        )


def _whole_writes() -> dict[str, Any]:
    """Standard output and error that write every byte or fail (``PYTHONUNBUFFERED``, ``-u``).

    Unbuffered, Python writes through a raw file, whose ``write`` may write only part of a
    large block (a pipe whose reader quits): the rest was dropped without an error, and a cut
    report ended with the verdict's exit code. A buffered writer writes all or raises; line
    buffering keeps each line as prompt as before. Returns the streams replaced (name -> the
    original), for :func:`_restore`.
    """
    replaced: dict[str, Any] = {}
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        raw = getattr(stream, "buffer", None)
        if isinstance(raw, io.FileIO) and not raw.closed:
            whole = io.TextIOWrapper(
                io.BufferedWriter(raw),
                encoding=stream.encoding,
                errors=stream.errors,
                line_buffering=True,
            )
            replaced[name] = stream
            setattr(sys, name, whole)
    return replaced


def _restore(replaced: dict[str, Any]) -> None:
    """Flush the streams of :func:`_whole_writes` and put the originals back, open."""
    for name, original in replaced.items():
        whole = getattr(sys, name)
        setattr(sys, name, original)
        with contextlib.suppress(OSError, ValueError):  # already said: the exit code tells it
            whole.flush()
        try:
            whole.detach().detach()  # never closes the raw file the original writes to
        except (OSError, ValueError):  # unflushable: kept, so that collecting it closes nothing
            _KEPT.append(whole)


_KEPT: list[Any] = []
"""Wrappers of :func:`_whole_writes` that could not be detached (never collected, never closed)."""


def run() -> NoReturn:
    """The ``ei`` program (``python -m eistandaard``, the ``ei`` script): :func:`main`, then exit.

    After a command of :data:`END_AT_ONCE` (``ei validate``) the process ends at once
    (``os._exit``) when its output is flushed, instead of tearing down the interpreter: the
    reports, trees and compiled schemas of a batch are left to the operating system, the
    forked workers and rule-engine processes end by themselves (their pipes close), and
    nothing waits for them (20-30 ms of every run). Only where that loses nothing: no other
    thread but daemon threads, no exit handler registered during the run (a plug-in's, say),
    and standard output and error flushed without an error; otherwise the normal exit, as
    before. :func:`main` itself returns as before.
    """
    code = main()
    if _may_end_at_once():
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:  # a None here made the exit code 1 (an unprintable error)
                    stream.flush()
        except (OSError, ValueError):  # output that cannot be written: the normal exit, as before
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


def _exit_handlers() -> int:
    """How many exit handlers are registered (-1 where Python does not tell)."""
    count = getattr(atexit, "_ncallbacks", None)  # CPython
    return count() if callable(count) else -1


def _may_end_at_once() -> bool:
    """Whether :func:`run` may skip the interpreter's exit (see there)."""
    if len(_RAN) != 1:
        return False
    ((command, handlers),) = _RAN.items()
    if command not in END_AT_ONCE or handlers < 0 or _exit_handlers() != handlers:
        return False
    main_thread = threading.main_thread()
    return all(thread.daemon for thread in threading.enumerate() if thread is not main_thread)


def _flush_fails() -> bool:
    """Flush standard output; on EPIPE point it at /dev/null so that Python's exit stays quiet."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            return False
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # a replaced sys.stdout without a descriptor
            pass
        return True
    return False


COMPLETE_VAR = "_EI_COMPLETE"
"""The environment variable of click's shell completion (docs/ci.md)."""


def _complete(argv: list[str] | None) -> int:
    """Shell completion: click prints the script or the candidates and ends with ``sys.exit``.

    That exit is click's own answer (0 when done), not a plug-in's: it is the exit code as it
    is, never "internal error" on the terminal at every press of Tab.
    """
    try:
        cli.main(args=argv, prog_name="ei", complete_var=COMPLETE_VAR, standalone_mode=False)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


def _failed_line(problem: click.ClickException, argv: list[str] | None) -> str:
    """The one line of a command that failed (a write: exit 3), in the run's ``--lang``.

    Framed as a usage line ("ei return: fout: ..."); a reason in English words only is shown
    in the English frame (one language per line). The message may quote input (file names),
    hence :func:`~eistandaard.render.safe.terminal_safe`.
    """
    from eistandaard.render.safe import terminal_safe

    lang = run_lang(None, sys.argv[1:] if argv is None else argv)
    message = problem.message
    cause = problem.__cause__
    if not isinstance(message, Worded) and isinstance(cause, OSError):
        from eistandaard.cli.output import WriteFailed, os_reason

        if isinstance(problem, WriteFailed):  # a failed write worded in English only
            message = said("cannot-write-output", reason=os_reason(cause))
    if not isinstance(message, Worded):
        lang = "en"
    where = getattr(problem, "where", "ei")
    text = terminal_safe(" ".join(in_lang(message, lang).split()))
    return said("failed", where=where, message=text).text(lang)


def _command_path(args: list[str]) -> str:
    """The command the arguments name ("ei ledger show"), for an error click gave no context.

    click's parser says "option --format requires a value" without the command it was parsing;
    the usage line names that command all the same, as every other usage line does.
    """
    words: list[str] = ["ei"]
    command: click.Command = cli
    ctx = click.Context(cli, info_name="ei", resilient_parsing=True)
    for arg in args:
        if not isinstance(command, click.Group):
            break
        found = command.get_command(ctx, arg) if arg in command.list_commands(ctx) else None
        if found is not None:
            words.append(arg)
            command = found
    return " ".join(words)


def _run(argv: list[str] | None) -> int:
    """:func:`main` without the final flush."""
    if os.environ.get(COMPLETE_VAR):
        return _complete(argv)
    try:
        result = cli.main(args=argv, prog_name="ei", standalone_mode=False)
        _end_spares()
    except click.exceptions.Exit as done:
        _end_spares()
        return int(done.exit_code)
    except click.UsageError as problem:  # one line on stderr, exit 2
        _end_spares()
        if isinstance(problem, _NO_ARGS_IS_HELP):  # plain ``ei``: the help text, as it was
            problem.show()
            return problem.exit_code

        args = sys.argv[1:] if argv is None else argv
        where = problem.ctx.command_path if problem.ctx is not None else _command_path(args)
        lang = run_lang(problem.ctx, args)
        click.echo(usage_line(problem, where, lang), err=True)
        return problem.exit_code
    except click.ClickException as problem:
        click.echo(_failed_line(problem, argv), err=True)
        return problem.exit_code
    except click.Abort as abort:
        if isinstance(abort.__cause__, KeyboardInterrupt):
            click.echo(_said("interrupted", argv), err=True)
            return INTERRUPTED
        click.echo(_said("aborted", argv), err=True)
        return ENGINE_ERROR
    except KeyboardInterrupt:
        click.echo("\n" + _said("interrupted", argv), err=True)
        return INTERRUPTED
    except Exception as exc:  # last line of defence: no traceback reaches the user
        from eistandaard.render.safe import terminal_safe

        if _closed_output(exc):
            click.echo(_said("closed-output", argv), err=True)
            return ENGINE_ERROR

        said_ = _said("internal-error", argv, error=error_text(exc))
        click.echo(terminal_safe(said_), err=True)
        return ENGINE_ERROR
    except BaseException as exc:  # sys.exit() or the like from code ei ran: never a pass
        if _closed_output(exc):
            click.echo(_said("closed-output", argv), err=True)
            return ENGINE_ERROR
        if _completed(exc):
            return 0
        click.echo(_said("internal-error", argv, error=error_text(exc)), err=True)
        return ENGINE_ERROR
    return int(result or 0)


_COMPLETE_VAR = "_EI_COMPLETE"
"""The variable click's shell completion reads for ``ei`` (docs/ci.md)."""


def _completed(exc: BaseException) -> bool:
    """True for click's own exit after it answered a shell completion (exit status 0).

    Asked through :data:`_COMPLETE_VAR`, click writes the completions and calls
    ``sys.exit(0)`` before any command runs; that is an answer, not an internal error.
    """
    return (
        isinstance(exc, SystemExit)
        and exc.code in (0, None)
        and bool(os.environ.get(_COMPLETE_VAR))
    )


if __name__ == "__main__":
    run()
