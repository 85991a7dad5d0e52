"""``ei validate PATH...``: check messages at control levels 1-5."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import gc
import io
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import click

from eistandaard.cli.exitcodes import USAGE, exit_code
from eistandaard.cli.helptexts import ei_command
from eistandaard.cli.inputs import STDIN, collect, standard_input
from eistandaard.cli.options import (
    codelist_overrides,
    force_option,
    lang_option,
    load_cli_check,
    max_size_option,
    output_option,
    rule_stylesheets,
    schemas_folder,
    validation_options,
)
from eistandaard.cli.output import (
    WriteFailed,
    check_output_dir,
    check_output_file,
    os_reason,
    write_new_file,
    write_set,
)
from eistandaard.cli.pathtypes import PATH_TEXT, PathValue
from eistandaard.cli.usage import said, usage
from eistandaard.cli.vecozo_options import (
    close_checks,
    load_envelope,
    vecozo_checks,
    vecozo_options,
)
from eistandaard.core import clock
from eistandaard.core.errors import EIError, InputError, SourceNotFoundError, SourceTypeError
from eistandaard.core.report import Report
from eistandaard.levels.intake import Limits
from eistandaard.levels.relations import saxon as _saxon
from eistandaard.parallel import (
    BatchOptions,
    Item,
    default_jobs,
    validate_many,
    validate_many_rendered,
    validate_one,
)
from eistandaard.render.json_report import ReportJSON, report_json, reports_to_json
from eistandaard.render.registry import REPORTERS, RenderOptions, reporter
from eistandaard.render.safe import terminal_safe
from eistandaard.render.words import words
from eistandaard.standards.wording import in_lang, reason_of

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = tuple(REPORTERS)

# At exit the reports, trees and compiled schemas of a run are left to the operating system:
# frozen, the interpreter's last garbage collection does not walk them (30-40 ms after a batch
# of 300 messages). Registered at import, it runs before that collection.
atexit.register(gc.freeze)


def _side_inputs(envelope: Path | None, registry: Path | None, ledger: str | None) -> list[Path]:
    """The files besides the messages that an output must never replace (cli/output.py)."""
    found = [path for path in (envelope, registry) if path is not None]
    if ledger is not None and ledger.startswith("sqlite:///"):
        found.append(Path(ledger.removeprefix("sqlite:///")))  # the ledger's own file
    return found


def rapport_names(sources: list[str]) -> list[tuple[str, str | None]]:
    """The rapport file name of each source, in input order, unique also where case does not count.

    Each is ``<file name>.rapport.xml``; a name an earlier input already has (the same file
    name from another folder, or one that differs only in case: ``a/x.xml`` and ``b/X.xml``,
    one file on macOS and Windows) gets ``-2``, ``-3`` ... The second of each pair is the
    wanted name when it had to change, else ``None``.

    >>> rapport_names(["a/x.xml", "b/X.xml"])
    [('x.xml.rapport.xml', None), ('X.xml-2.rapport.xml', 'X.xml.rapport.xml')]
    >>> rapport_names(["<stdin>"])
    [('stdin.rapport.xml', None)]
    """
    used: set[str] = set()
    names: list[tuple[str, str | None]] = []
    for source in sources:
        # standard input (``<stdin>``) is stdin.rapport.xml: no < > in a file name
        stem = Path(("" if source == "<stdin>" else source).replace("!", "_")).name or "stdin"
        wanted = name = f"{stem}.rapport.xml"
        number = 1
        while name.casefold() in used:
            number += 1
            name = f"{stem}-{number}.rapport.xml"
        used.add(name.casefold())
        names.append((name, None if name == wanted else wanted))
    return names


def _check_rapport_dir(
    folder: Path, inputs: list[str | Path], *, force: bool, given: list[str | Path]
) -> None:
    """Refuse ``--output-dir`` before the run.

    It must exist, and the rapport of a plain file (whose name is known before the run) may
    not exist without ``--force``.
    """
    check_output_dir(folder)
    for source in inputs:
        if isinstance(source, Path) and source.suffix.lower() != ".zip":
            check_output_file(folder / f"{source.name}.rapport.xml", force=force, inputs=given)


@ei_command("validate")
@click.argument("paths", nargs=-1, required=True, type=PATH_TEXT)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="; ".join(f"{r.name}: {r.description}" for r in REPORTERS.values()) + ".",
)
@lang_option(help="Language of the finding texts and labels.")
@validation_options
@click.option(
    "--schemas",
    type=PathValue(file_okay=False, path_type=Path),
    callback=schemas_folder,
    help="Folder with an external schema release to use instead of the bundled XSDs.",
)
@click.option(
    "--rules",
    "rules",
    multiple=True,
    type=PathValue(dir_okay=False, path_type=Path),
    callback=rule_stylesheets,
    help="Extra stylesheet that emits a rapport, as the official rule stylesheets do (repeatable).",
)
@click.option("--no-plugins", is_flag=True, help="Do not run checks published as entry points.")
@max_size_option
@output_option(help="Write the output to this new file instead of standard output.")
@click.option(
    "--output-dir",
    type=PathValue(file_okay=False, path_type=Path),
    help="With --format rapport and several inputs: write NAME.rapport.xml files here.",
)
@force_option(help="Overwrite existing output files.")
@click.option(
    "--envelope",
    type=PathValue(dir_okay=False, path_type=Path),
    help="The message's VECOZO metadata (META.json): run VECOZO's envelope checks too.",
)
@vecozo_options
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Text output: only the files that are not accepted, and the summary; no progress bar.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files and folders matching GLOB (path, file or folder name); repeatable.",
)
@click.option(
    "--hidden", is_flag=True, help="Also check hidden files and folders (.git, .venv ...)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: cores; at most 4 per core). Output order does not change.",
)
@click.option(
    "--no-timings",
    is_flag=True,
    help="Leave the measured timings out of the output: the same input gives the same bytes.",
)
def validate_command(
    paths: tuple[str, ...],
    fmt: str,
    lang: str,
    as_of: dt.date | None,
    environment: str,
    schemas: Path | None,
    rules: tuple[Path, ...],
    checks: tuple[str, ...],
    timeout: float,
    max_memory: int,
    codelist: tuple[str, ...],
    no_plugins: bool,
    max_size: int,
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    quiet: bool,
    exclude: tuple[str, ...],
    hidden: bool,
    jobs: int | None,
    no_timings: bool,
    envelope: Path | None,
    payload_limit: int,
    registry: Path | None,
    indiener: str | None,
    ledger: str | None,
) -> int:
    """Check EI messages (files, directories, or - for standard input) at levels 1-5.

    Exit codes: 0 all accepted, 1 any rejected, 2 usage, 3 engine error.
    """
    try:
        # the run's own output file, found again in a folder it checks, is no message
        outputs = [output] if output is not None else []
        folders = [output_dir] if output_dir is not None else []  # and its rapports
        inputs = collect(
            paths, exclude=exclude, hidden=hidden, outputs=outputs, output_dirs=folders
        )
        for spec in checks:
            load_cli_check(spec)  # a bad --check is a usage error before any work starts
        lists = codelist_overrides(codelist)
        for stylesheet in rules:
            if not stylesheet.is_file():
                raise usage(
                    "option-reason", option="--rules", reason=said("no-such-file", path=stylesheet)
                )
        metadata = load_envelope(envelope) if envelope is not None else None
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    if metadata is None and (registry is not None or ledger is not None):
        raise usage("registry-needs-envelope")
    if metadata is not None and len(inputs) != 1:
        raise usage("envelope-one-path")
    if fmt == "rapport" and len(inputs) > 1 and output_dir is None:
        raise usage("rapport-needs-output-dir")
    if output_dir is not None and (fmt != "rapport" or output is not None):
        raise usage("output-dir-rapport-only")
    given = [
        *inputs,
        *rules,
        *(lists.overrides.values() if lists else ()),
        *_side_inputs(envelope, registry, ledger),
    ]
    if output is not None:  # refused before any input is read (cli/output.py)
        check_output_file(output, force=force, inputs=given)
    if output_dir is not None:
        _check_rapport_dir(output_dir, inputs, force=force, given=given)
    extra = vecozo_checks(registry, indiener, ledger) if metadata is not None else []

    options = BatchOptions(
        as_of=as_of or clock.today(),  # "today" resolved once for the whole batch
        environment=environment,
        schemas=schemas,
        rules=rules,
        checks=checks,
        entry_points=not no_plugins,
        codelists=lists.overrides if lists is not None else None,
        limits=Limits(max_bytes=max_size),
        timeout=timeout,
        max_memory=max_memory * 1024**2,
    )
    items: list[Item] = [
        ("<stdin>", standard_input().read(max_size + 1)) if item == STDIN else Path(item)
        for item in inputs
    ]
    show_progress = len(items) > 1 and not quiet and _stderr_is_terminal()
    # --format json: each worker writes the JSON of the reports it made; this process joins them
    render = functools.partial(report_json, timings=not no_timings) if fmt == "json" else None
    parts: list[ReportJSON] | None = None
    try:
        if metadata is not None:  # one message with its VECOZO envelope: in this process
            reports = [
                validate_one(
                    items[0],
                    options,
                    envelope=metadata,
                    payload_limit=payload_limit,
                    vecozo_checks=extra,
                )
            ]
        else:
            reports, parts = _validate_all(
                items, options, jobs or default_jobs(), show_progress, render, lang
            )
    except (InputError, SourceNotFoundError, SourceTypeError) as exc:
        _saxon.reap_spares()
        raise click.UsageError(reason_of(exc)) from exc
    except BaseException:
        _saxon.reap_spares()
        raise
    finally:
        close_checks(extra)

    if no_timings:
        reports = [attrs.evolve(report, timings={}) for report in reports]
    options_out = RenderOptions(lang=lang, sources=dict(i for i in items if isinstance(i, tuple)))
    try:
        _emit(
            reports,
            quiet=quiet,
            fmt=fmt,
            options=options_out,
            output=output,
            output_dir=output_dir,
            force=force,
            given=given,
            parts=parts,
        )
    finally:
        # the SaxonC workers started ahead: the unused ones are ended, and those the workers
        # of --jobs took end with them while the output above was written; so do the workers
        _saxon.reap_spares()
        multiprocessing.active_children()  # reaps the forked workers of --jobs that ended
    return exit_code(reports)


def _stderr_is_terminal() -> bool:
    """Whether standard error is a terminal, as ``rich`` decides it (``Console.is_terminal``).

    ``rich`` is imported only when it may be one: standard error is a TTY, or the environment
    says so (``TTY_COMPATIBLE``, ``FORCE_COLOR``); else the answer is no without it.
    """
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        tty = bool(isatty()) if isatty is not None else False
    except ValueError:  # a closed stream
        tty = False
    if not tty and "TTY_COMPATIBLE" not in os.environ and "FORCE_COLOR" not in os.environ:
        return False
    return _stderr_console().is_terminal


def _stderr_console() -> Console:
    from rich.console import Console  # only for a terminal: its import is 15 ms

    return Console(stderr=True)


def _validate_all(
    items: list[Item],
    options: BatchOptions,
    jobs: int,
    show_progress: bool,
    render: Callable[[Report], ReportJSON] | None,
    lang: str,
) -> tuple[list[Report], list[ReportJSON] | None]:
    """The reports of ``items`` (and with ``render``, their JSON parts, made by the workers).

    The progress bar is labelled in ``lang`` (``controleren`` / ``checking``).

    The SaxonC workers of ``--jobs`` are left to end meanwhile.
    """
    if not show_progress:
        return _validate(items, options, jobs, render, None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # terminal only

    err = _stderr_console()

    columns = (TextColumn(words(lang)["progress"]), BarColumn(), MofNCompleteColumn())
    # redrawn as items finish (at most ten times a second), not by a thread of its own: with
    # no other thread running, the workers of --jobs can be forked (eistandaard.parallel)
    with Progress(*columns, console=err, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("validate", total=len(items))
        drawn = [0.0]

        def advance(count: int) -> None:
            now = time.monotonic()
            due = now - drawn[0] >= 0.1
            if due:
                drawn[0] = now
            progress.update(task, advance=count, refresh=due)

        return _validate(items, options, jobs, render, advance)


def _validate(
    items: list[Item],
    options: BatchOptions,
    jobs: int,
    render: Callable[[Report], ReportJSON] | None,
    done: Callable[[int], None] | None,
) -> tuple[list[Report], list[ReportJSON] | None]:
    if render is None:
        return validate_many(items, options, jobs=jobs, done=done, reap=False), None
    pairs = validate_many_rendered(items, options, render, jobs=jobs, done=done, reap=False)
    return [report for report, _ in pairs], [part for _, part in pairs]


def _emit(
    reports: list[Report],
    *,
    quiet: bool,
    fmt: str,
    options: RenderOptions,
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    given: list[str | Path],
    parts: list[ReportJSON] | None = None,
) -> None:
    try:
        if fmt == "rapport" and output_dir is not None:
            from eistandaard.render.rapport import report_to_rapport

            names = rapport_names([report.source for report in reports])
            files = [
                (name, report_to_rapport(report))
                for report, (name, _) in zip(reports, names, strict=True)
            ]
            write_set(output_dir, files, force=force, inputs=given)  # all of them or none
            for report, (name, wanted) in zip(reports, names, strict=True):
                if wanted is not None:  # say which names had to change, and why
                    note = said("rapport-renamed", source=report.source, name=name, wanted=wanted)
                    click.echo(terminal_safe(in_lang(note, options.lang)), err=True)
            return
        if fmt != "text":
            if fmt == "json" and parts is not None:  # the reporter's document, joined here
                data = (reports_to_json(reports, parts=parts) + "\n").encode("utf-8")
            else:
                data = reporter(fmt).render(reports, options)
            if output is not None:
                write_new_file(output, data, force, inputs=given)
            else:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            return
        from rich.console import Console

        from eistandaard.render.text import render_reports

        console = Console(
            record=output is not None,
            file=None if output is None else io.StringIO(),
            soft_wrap=True,  # long paths stay on one line, for grep and CI logs
        )
        # --quiet: the files that are not accepted, their shared notes once, the summary
        console.print(render_reports(reports, lang=options.lang, quiet=quiet))
        if output is not None:
            write_new_file(output, console.export_text().encode("utf-8"), force, inputs=given)
    except EIError as exc:
        raise click.UsageError(reason_of(exc)) from exc
    except OSError as exc:
        raise WriteFailed(said("cannot-write-output", reason=os_reason(exc))) from exc


__all__ = ["USAGE", "validate_command"]
