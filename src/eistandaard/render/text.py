"""Reports as human-readable text (rich renderables; the CLI decides where they go)."""

from __future__ import annotations

import io
from collections.abc import Collection, Mapping, Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from eistandaard.core import notrun
from eistandaard.core.arguments import expect, expect_collection, expect_items
from eistandaard.core.findings import Finding
from eistandaard.core.report import Report, Verdict, shared_items
from eistandaard.render.registry import RenderOptions, line_location
from eistandaard.render.safe import printable
from eistandaard.render.words import engine_error_text, verdict_word, words

__all__ = [
    "render_plain",
    "render_reports",
    "render_shared_notes",
    "render_text",
    "summary_line",
    "text_notes",
]

_STYLE = {
    Verdict.ACCEPTED: "bold green",
    Verdict.REJECTED: "bold red",
    Verdict.ERROR: "bold magenta",
}


def _finding_lines(finding: Finding, lang: str) -> list[Text]:
    w = words(lang)
    head = Text("  ")
    head.append(f"L{int(finding.level)} ", style="dim")
    head.append(finding.code, style="bold")
    extra = [c for c in (finding.retourcode, finding.vecozo_code) if c]
    if extra:
        head.append(f" [{'/'.join(extra)}]", style="cyan")
    line = line_location(finding).line
    if line is not None:
        head.append(f" {w['line']} {line}", style="yellow")
    head.append(f"  {finding.text(lang)}")
    lines = [head]
    for loc in finding.locations:
        if loc.xpath:
            lines.append(Text(f"      {w['at']} {printable(loc.xpath)}", style="dim"))
    details = finding.detail(lang)
    if details:
        lines.append(Text(f"      {printable(details)}", style="italic"))
    return lines


def render_text(
    report: Report, *, lang: str = "nl", omit_notes: Collection[str] = ()
) -> RenderableType:
    """One report: a title line with the verdict, a block per finding, then its notes.

    :param omit_notes: notes not to print here (those shared by the whole batch, which
        :func:`render_shared_notes` prints once).

    Strings from the input (the source and member names, values in details and paths, engine
    messages, notes) are shown with control characters escaped (:func:`.safe.printable`).

    :raises InputError: an argument of the wrong kind.
    """
    expect("report", report, Report, "report", optional=False)
    expect_collection("omit_notes", omit_notes, _is_text, "texts")
    w = words(lang)
    title = Text()
    title.append(printable(report.source), style="bold")
    if report.identity is not None:
        ident = report.identity
        title.append(printable(f"  {ident.message} ({ident.family} {ident.release})"))
    title.append("  ")
    title.append(verdict_word(report.verdict, lang), style=_STYLE[report.verdict])
    parts: list[RenderableType] = [title]
    if report.identity is not None and report.schema_version not in (
        None,
        f"{report.identity.family}/{report.identity.release}",
    ):  # an external schema (--schemas): say which file was used
        parts.append(Text(f"  {w['schema']}: {report.schema_version}", style="dim"))
    for problem in report.engine_errors:
        parts.append(Text(f"  {printable(engine_error_text(problem, lang))}", style="magenta"))
    for finding in report.findings:
        parts.extend(_finding_lines(finding, lang))
    for note in text_notes(report, lang=lang):
        if note not in omit_notes:
            parts.append(Text(f"  {w['note']}: {printable(note)}", style="dim"))
    return Group(*parts)


def text_notes(report: Report, *, lang: str = "nl") -> tuple[str, ...]:
    """The report's notes in ``lang``: its not-run rules in that language, then other notes.

    :raises DataError: a not-run reason is not in ``rbc/common/not-run.toml``.
    :raises InputError: ``report`` is no Report.
    """
    expect("report", report, Report, "report", optional=False)
    if lang not in ("nl", "en"):
        return report.notes
    english = set(notrun.notes(report.not_run))
    others = [notrun.localize_note(n, lang=lang) for n in report.notes if n not in english]
    return (*notrun.notes(report.not_run, lang=lang), *others)


def render_reports(
    reports: Sequence[Report], *, lang: str = "nl", quiet: bool = False
) -> RenderableType:
    """Several reports as one batch.

    Each report, then the notes that several of them share (printed once, not with each
    report), then a summary line when there is more than one.

    :param quiet: show only the reports that are not accepted (``ei validate --quiet``), and
        of the shared notes those that such a report holds; the summary line always closes.
    :raises InputError: ``reports`` is no list or tuple of Reports.
    """
    expect_items("reports", reports, _is_report, "reports")
    notes = [text_notes(report, lang=lang) for report in reports]
    shared = shared_items(notes) if len(reports) > 1 else {}
    shown = [n for n, report in enumerate(reports) if not quiet or not report.accepted]
    parts = [render_text(reports[n], lang=lang, omit_notes=shared) for n in shown]
    if quiet:
        kept = set(shown)
        shared = {note: held for note, held in shared.items() if kept.intersection(held)}
    if len(reports) > 1 or quiet:
        parts.append(render_shared_notes(shared, len(reports), lang=lang))
        parts.append(summary_line(reports, lang=lang))
    return Group(*parts)


def render_shared_notes(
    notes: Mapping[str, Sequence[int]], files: int, *, lang: str = "nl"
) -> RenderableType:
    """The notes that several files of a batch share, each printed once, in ``lang``.

    Each line says how many files it holds for; nothing is printed when there are none.

    :raises InputError: ``notes`` is no mapping of texts to lists of file numbers, or ``files``
        no whole number.
    """
    if not isinstance(notes, Mapping) or not all(
        isinstance(note, str) and isinstance(held, Sequence) and not isinstance(held, str | bytes)
        for note, held in notes.items()
    ):
        expect("notes", notes, (), "shared-notes", optional=False)
    expect("files", files, int, "whole-number", optional=False)
    if not notes:
        return Group()
    w = words(lang)
    head = f"{w['batch_notes']} ({files} {w['files']}):"
    parts: list[RenderableType] = [Text(head, style="bold")]
    for note, holders in notes.items():
        which = (
            w["all"] if len(holders) == files else f"{len(holders)} {w['of']} {files} {w['files']}"
        )
        parts.append(Text(f"  {w['note']}: {printable(note)} [{which}]", style="dim"))
    return Group(*parts)


def summary_line(reports: Sequence[Report], *, lang: str = "nl") -> Text:
    """``12 bestanden: 10 goedgekeurd, 1 afgekeurd, 1 fout`` (``lang="en"``: ``12 files: ...``).

    One file is ``1 bestand`` / ``1 file``.

    :raises InputError: ``reports`` is no list or tuple of Reports.
    """
    expect_items("reports", reports, _is_report, "reports")
    counts = {v: sum(1 for r in reports if r.verdict is v) for v in Verdict}
    w = words(lang)
    text = Text(f"{len(reports)} {w['file' if len(reports) == 1 else 'files']}: ")
    for n, verdict in enumerate(Verdict):
        if n:
            text.append(", ")
        text.append(f"{counts[verdict]} {verdict_word(verdict, lang)}", style=_STYLE[verdict])
    return text


def render_plain(reports: Sequence[Report], options: RenderOptions) -> bytes:
    """The text output without colours, as UTF-8 (:func:`render_reports`: shared notes once).

    :raises InputError: ``reports`` is no list or tuple of Reports, or ``options`` no
        RenderOptions.
    """
    expect("options", options, RenderOptions, "render-options", optional=False)
    console = Console(file=io.StringIO(), record=True, soft_wrap=True, color_system=None)
    console.print(render_reports(reports, lang=options.lang))
    return console.export_text().encode("utf-8")


def _is_report(item: object) -> bool:
    return isinstance(item, Report)


def _is_text(item: object) -> bool:
    return isinstance(item, str)
