"""A run as one self-contained HTML page: summary first, findings grouped by message and class.

No scripts, no external style sheets or fonts: the page can be mailed, archived or opened
offline. Each finding shows its code, retourcode, level, text, XPath and the offending lines of
the message with their line numbers (read from :attr:`RenderOptions.sources` or the file). All
text taken from a message or a file name is HTML-escaped. Labels are Dutch (``nl``) or English.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType

from eistandaard.core.findings import Finding
from eistandaard.core.report import Report, Verdict, shared_items
from eistandaard.render.registry import (
    RenderOptions,
    clean_text,
    line_location,
    source_bytes,
)
from eistandaard.render.safe import printable
from eistandaard.render.text import text_notes
from eistandaard.render.words import severity_word, verdict_word, words
from eistandaard.standards.wording import in_lang, texts_in

__all__ = ["render_html"]

CONTEXT_LINES = 1
"""Lines shown before and after the offending line."""
MAX_QUOTED = 500
"""Findings per message that quote their lines (a message with more still lists them all)."""
MAX_LINE_CHARS = 240
"""A quoted line longer than this is shown in part, around the finding's column, from a tag to a
tag (one-line messages stay readable; a value is never cut, ``…`` marks what is left out)."""

_FILE = "words/html.toml"
"""The page's own labels under ``rbc/common`` (read on first use, both languages)."""


@functools.cache
def _labels(lang: str) -> Mapping[str, str]:
    """The labels of the page in ``lang`` (``nl`` or ``en``): its own, then the shared words.

    ``rbc/common/words/html.toml`` over ``words/report.toml`` (:func:`.words.words`).
    """
    return MappingProxyType({**words(lang), **texts_in(_FILE, lang)})


_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem}
table.summary{border-collapse:collapse}table.summary td,table.summary th{padding:.2rem .8rem;
border-bottom:1px solid #ddd;text-align:left}
.verdict{font-weight:bold;padding:.05rem .4rem;border-radius:.2rem}
.accepted{background:#d9f2dd;color:#0b5d1e}.rejected{background:#fbdada;color:#8a1010}
.error{background:#f3dcf5;color:#6b1071}
.finding{border-left:.25rem solid #c33;padding:.2rem .8rem;margin:.6rem 0;background:#fafafa}
.finding.warning{border-color:#d89b00}.finding.info{border-color:#2a6fb0}
.code{font-weight:bold;font-family:monospace}.meta{color:#555;font-size:.9rem}
pre.source{background:#f2f2f2;padding:.3rem;overflow-x:auto;font-size:.85rem;margin:.3rem 0}
pre.source .hit{background:#ffe08a;display:block}.no{color:#888;user-select:none}
"""

_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _count(number: int, words: Mapping[str, str]) -> str:
    return f"{number} {words['finding'] if number == 1 else words['findings']}"


def _e(value: object) -> str:
    return html.escape(clean_text(str(value)), quote=True)


def _name(source: str) -> str:
    r"""A file name on one line, as the text output shows it: a newline as backslash, ``x0a``.

    In HTML a newline or tab of a name showed as a space (``a b.xml`` for ``a\nb.xml``).
    """
    return html.escape(printable(source), quote=True)


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    found = _ENCODING.match(data[:200])
    encoding = found.group(1).decode("ascii") if found else "utf-8"
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    return text.splitlines()


def _excerpt(content: str, column: int | None) -> str:
    """A long source line shown around ``column``, never cut inside a value.

    The part shown starts at a ``<`` and ends after a ``>`` (whole tags, whole text values: an
    identifier is never cut), around the finding's column (or the line's start); what is left
    out on either side is marked with ``…``.

    >>> _excerpt("<a>" + "<b>x</b>" * 60 + "<c>GDS-2026-LONGREF-020</c>", 490)[-35:]
    '<b>x</b><c>GDS-2026-LONGREF-020</c>'
    """
    if len(content) <= MAX_LINE_CHARS:
        return content
    centre = max(0, (column or 1) - 1)
    start = max(0, centre - MAX_LINE_CHARS // 2)
    end = start + MAX_LINE_CHARS
    if start > 0:  # begin at a tag: back to the '<' before (or at) the start
        tag = content.rfind("<", 0, start + 1)
        start = tag if tag >= 0 else 0
    if end < len(content):  # end after a tag: on to the '>' at or after the end
        close = content.find(">", end - 1)
        end = close + 1 if close >= 0 else len(content)
    return ("… " if start > 0 else "") + content[start:end] + (" …" if end < len(content) else "")


def _quote(lines: list[str], line: int, column: int | None = None) -> str:
    first = max(1, line - CONTEXT_LINES)
    last = min(len(lines), line + CONTEXT_LINES)
    if line < 1 or line > len(lines):
        return ""
    width = len(str(last))
    rows = []
    for number in range(first, last + 1):
        content = _excerpt(lines[number - 1], column if number == line else None)
        row = f'<span class="no">{number:>{width}}</span>  {_e(content)}'
        if number == line:
            row = f'<span class="hit">{row}</span>'
        else:
            row += "\n"
        rows.append(row)
    return '<pre class="source">' + "".join(rows) + "</pre>"


def _finding(finding: Finding, lines: list[str], quote: bool, lang: str) -> str:
    words = _labels(lang)
    codes = f'<span class="code">{_e(finding.code)}</span>'
    if finding.retourcode:
        codes += f' <span class="code">[{_e(finding.retourcode)}]</span>'
    if finding.vecozo_code:
        codes += f' <span class="code">{_e(finding.vecozo_code)}</span>'
    meta = [f"{words['level']} {int(finding.level)}", _e(severity_word(finding.severity, lang))]
    parts = [
        f'<div class="finding {_e(finding.severity.value)}">',
        f"<p>{codes} — {_e(finding.text(lang))}</p>",
    ]
    for location in finding.locations:
        where = []
        if location.xpath:
            where.append(f"{words['at']} <code>{_e(location.xpath)}</code>")
        if location.line is not None:
            where.append(f"{words['line']} {location.line}")
        if where:
            meta.append(", ".join(where))
    parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    details = finding.detail(lang)
    if details:
        parts.append(f'<p class="meta">{_e(details)}</p>')
    where_line = line_location(finding)
    line = where_line.line
    if quote and line is not None:
        parts.append(_quote(lines, line, where_line.column))
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def _report(
    report: Report, number: int, options: RenderOptions, shared: Collection[str] = ()
) -> str:
    lang = "en" if options.lang == "en" else "nl"
    words = _labels(lang)
    verdict = report.verdict
    parts = [
        f'<section class="report" id="m{number}">',
        f'<h2>{_name(report.source)} <span class="verdict {verdict.value}">'
        f"{verdict_word(verdict, lang)}</span></h2>",
    ]
    identity = report.identity
    facts = []
    if identity is not None:
        facts.append(
            f"{words['message']} {_e(identity.message)} ({_e(identity.family)} "
            f"{_e(identity.release)})"
        )
        if identity.identificatie:
            facts.append(f"Identificatie {_e(identity.identificatie)}")
    else:
        facts.append(f"{words['message']} {words['unknown']}")
    versions = (
        ("schema", report.schema_version),
        ("rules", report.rules_version),
        ("peildatum", report.as_of.isoformat() if report.as_of else None),
    )
    facts.extend(f"{words[label]} {_e(value)}" for label, value in versions if value)
    parts.append(f'<p class="meta">{" · ".join(facts)}</p>')
    if report.engine_errors:
        parts.append(f'<p class="verdict error">{words["engine"]}</p><ul>')
        parts.extend(f"<li>{_e(in_lang(problem, lang))}</li>" for problem in report.engine_errors)
        parts.append("</ul>")
    if not report.findings and not report.engine_errors:
        parts.append(f"<p>{words['none']}</p>")
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.message_class or "", []).append(finding)
    lines = _lines(source_bytes(report, options)) if report.findings else []
    quoted = 0
    for name, members in groups.items():
        label = _e(name) if name else words["no_class"]
        parts.append(f"<h3>{label} ({_count(len(members), words)})</h3>")
        for finding in members:
            quote = quoted < MAX_QUOTED
            quoted += line_location(finding).line is not None
            parts.append(_finding(finding, lines, quote, lang))
    own = [note for note in text_notes(report, lang=options.lang) if note not in shared]
    if own:
        parts.append(f"<h3>{words['notes']}</h3><ul>")
        parts.extend(f'<li class="meta">{_e(note)}</li>' for note in own)
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(reports: Sequence[Report], options: RenderOptions) -> bytes:
    """The HTML page of a run, UTF-8 encoded."""
    lang = "en" if options.lang == "en" else "nl"
    words = _labels(lang)
    counts = {v: sum(1 for r in reports if r.verdict is v) for v in Verdict}
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(options.title)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>{_e(options.title)}</h1>",
        f'<section id="summary"><h2>{words["summary"]}</h2>',
        f'<p class="totals">{len(reports)} {words["file" if len(reports) == 1 else "files"]}: '
        + ", ".join(
            f'<span class="verdict {v.value}">{counts[v]} {verdict_word(v, lang)}</span>'
            for v in Verdict
        )
        + "</p>",
        '<table class="summary">',
    ]
    for number, report in enumerate(reports, start=1):
        verdict = report.verdict
        ident = report.identity.message if report.identity else words["unknown"]
        head.append(
            f'<tr><td><a href="#m{number}">{_name(report.source)}</a></td><td>{_e(ident)}</td>'
            f'<td><span class="verdict {verdict.value}">{verdict_word(verdict, lang)}</span></td>'
            f"<td>{_count(len(report.findings), words)}</td></tr>"
        )
    head.append("</table>")
    # notes (in the page's language) that several files share: once here, not with each file
    shared = shared_items([text_notes(report, lang=lang) for report in reports])
    if shared:
        head.append(f'<h3>{words["batch_notes"]}</h3><ul class="batch-notes">')
        for note, holders in shared.items():
            which = (
                words["all"]
                if len(holders) == len(reports)
                else f"{len(holders)} {words['of']} {len(reports)} {words['files']}"
            )
            head.append(f'<li class="meta">{_e(note)} [{which}]</li>')
        head.append("</ul>")
    head.append("</section>")
    body = [
        _report(report, number, options, shared) for number, report in enumerate(reports, start=1)
    ]
    return ("\n".join([*head, *body, "</body>", "</html>"]) + "\n").encode("utf-8")
