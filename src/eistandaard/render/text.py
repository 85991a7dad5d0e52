"""Reports as human-readable text (rich renderables; the CLI decides where they go)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from eistandaard.findings import Finding
from eistandaard.render.registry import RenderOptions, Reporter, register
from eistandaard.report import Report, Verdict

__all__ = ["render_plain", "render_text", "summary_line"]

_STYLE = {
    Verdict.ACCEPTED: "bold green",
    Verdict.REJECTED: "bold red",
    Verdict.ERROR: "bold magenta",
}
_WORD = {
    "nl": {Verdict.ACCEPTED: "goedgekeurd", Verdict.REJECTED: "afgekeurd", Verdict.ERROR: "fout"},
    "en": {Verdict.ACCEPTED: "accepted", Verdict.REJECTED: "rejected", Verdict.ERROR: "error"},
}


def _finding_lines(finding: Finding, lang: str) -> list[Text]:
    head = Text("  ")
    head.append(f"L{int(finding.level)} ", style="dim")
    head.append(finding.code, style="bold")
    extra = [c for c in (finding.retourcode, finding.vecozo_code) if c]
    if extra:
        head.append(f" [{'/'.join(extra)}]", style="cyan")
    location = finding.location
    if location.line is not None:
        head.append(f" line {location.line}", style="yellow")
    head.append(f"  {finding.text(lang)}")
    lines = [head]
    for loc in finding.locations:
        if loc.xpath:
            lines.append(Text(f"      at {loc.xpath}", style="dim"))
    if finding.details:
        lines.append(Text(f"      {finding.details}", style="italic"))
    return lines


def render_text(report: Report, *, lang: str = "nl") -> RenderableType:
    """One report: a title line with the verdict, then a block per finding."""
    words = _WORD.get(lang, _WORD["nl"])
    title = Text()
    title.append(report.source, style="bold")
    if report.identity is not None:
        ident = report.identity
        title.append(f"  {ident.message} ({ident.family} {ident.release})")
    title.append("  ")
    title.append(words[report.verdict], style=_STYLE[report.verdict])
    parts: list[RenderableType] = [title]
    for problem in report.engine_errors:
        parts.append(Text(f"  engine error: {problem}", style="magenta"))
    for finding in report.findings:
        parts.extend(_finding_lines(finding, lang))
    for note in report.notes:
        parts.append(Text(f"  note: {note}", style="dim"))
    return Group(*parts)


def summary_line(reports: Sequence[Report]) -> Text:
    """``12 files: 10 accepted, 1 rejected, 1 error``."""
    counts = {v: sum(1 for r in reports if r.verdict is v) for v in Verdict}
    text = Text(f"{len(reports)} files: ")
    text.append(f"{counts[Verdict.ACCEPTED]} accepted", style=_STYLE[Verdict.ACCEPTED])
    text.append(", ")
    text.append(f"{counts[Verdict.REJECTED]} rejected", style=_STYLE[Verdict.REJECTED])
    text.append(", ")
    text.append(f"{counts[Verdict.ERROR]} error", style=_STYLE[Verdict.ERROR])
    return text


def render_plain(reports: Sequence[Report], options: RenderOptions) -> bytes:
    """The text output without colours, as UTF-8 (a summary line closes a run of several)."""
    console = Console(file=io.StringIO(), record=True, soft_wrap=True, color_system=None)
    for report in reports:
        console.print(render_text(report, lang=options.lang))
    if len(reports) > 1:
        console.print(summary_line(reports))
    return console.export_text().encode("utf-8")


register(
    Reporter(
        name="text",
        render=render_plain,
        media_type="text/plain; charset=utf-8",
        suffix=".txt",
        description="readable text",
    )
)
