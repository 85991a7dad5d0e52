"""A run as GitHub Actions workflow commands: one annotation per finding.

``::error file=F,line=L,col=C,title=CODE::text`` for a rejecting finding, ``::warning`` and
``::notice`` for the others, ``::error`` for an engine error; GitHub shows them inline on the
pull request. File paths are relative to ``$GITHUB_WORKSPACE`` when it is set, else to the
current directory (GitHub places an annotation by the path in the checkout). Values are escaped
as the workflow-command syntax requires (``%``, CR, LF, and in properties also ``:`` and ``,``).
A plain summary line closes the output.
"""

from __future__ import annotations

from collections.abc import Sequence

from eistandaard.core.findings import Finding, Severity
from eistandaard.core.report import Report
from eistandaard.render.registry import (
    RenderOptions,
    clean_text,
    line_location,
    workspace_file,
)
from eistandaard.render.safe import terminal_safe
from eistandaard.render.text import summary_line
from eistandaard.render.words import engine_error_text, words

__all__ = ["render_github"]

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    """A value as workflow-command data: escaped line breaks, no other terminal control.

    ``%``, CR and LF are escaped first, as the syntax has them (``%25``, ``%0D``, ``%0A``):
    GitHub turns them back, so a file name with a CR still names its file. Any other control
    character, which the syntax cannot carry, is replaced (:func:`clean_text`) or shown escaped
    (:func:`terminal_safe`).
    """
    escaped = clean_text(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal_safe(escaped)


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _file(source: str, options: RenderOptions) -> str:
    """The file an annotation names: relative to ``$GITHUB_WORKSPACE`` (else here) where it can."""
    return workspace_file(source, options)[0]


def _annotation(report: Report, finding: Finding, options: RenderOptions) -> str:
    lang = options.lang
    properties = [f"file={_property(_file(report.source, options))}"]
    where = line_location(finding)
    if where.line is not None:
        properties.append(f"line={where.line}")
        if where.column is not None:
            properties.append(f"col={where.column}")
    title = finding.code + (f" [{finding.retourcode}]" if finding.retourcode else "")
    properties.append(f"title={_property(title)}")
    message = finding.text(lang)
    xpath = where.xpath or finding.xpath  # the element of the line annotated
    if xpath:
        message += f" {words(lang)['at']} {xpath}"
    details = finding.detail(lang)
    if details:
        message += f"\n{details}"
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{_data(message)}"


def render_github(reports: Sequence[Report], options: RenderOptions) -> bytes:
    """The workflow commands of a run, one per line, UTF-8."""
    lines: list[str] = []
    for report in reports:
        for problem in report.engine_errors:
            title = _property(words(options.lang)["engine_title"])
            head = f"file={_property(_file(report.source, options))},title={title}"
            lines.append(f"::error {head}::{_data(engine_error_text(problem, options.lang))}")
        lines.extend(_annotation(report, finding, options) for finding in report.findings)
    lines.append(summary_line(reports, lang=options.lang).plain)
    return ("\n".join(lines) + "\n").encode("utf-8")
