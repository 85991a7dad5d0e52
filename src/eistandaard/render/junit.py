"""A run as a JUnit XML report: a testsuite per run, a testcase per file, a failure per finding.

The shape is the Ant/Jenkins JUnit format that CI systems (Jenkins, GitLab, Azure DevOps, the
GitHub test-report actions) read: ``testsuites/testsuite/testcase`` with ``failure`` (a
rejecting finding), ``error`` (the engine could not check the file) and ``system-out`` (warnings,
information and notes, which do not fail the test). Each failure carries the finding code as its
``type`` and the code, retourcode, XPath and line in its text.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from eistandaard.core.findings import Finding, Severity
from eistandaard.core.report import Report, Verdict, shared_items
from eistandaard.render.registry import RenderOptions, clean_text as _safe, line_location
from eistandaard.render.safe import printable
from eistandaard.render.text import text_notes
from eistandaard.render.words import engine_error_text, location_text, severity_word, words

__all__ = ["render_junit"]


def _classname(report: Report) -> str:
    identity = report.identity
    if identity is None:
        return "eistandaard.unidentified"
    return f"eistandaard.{identity.family}.{identity.release}.{identity.message}"


def _finding_text(finding: Finding, lang: str) -> str:
    w = words(lang)
    fields = (
        ("code", finding.code),
        ("retourcode", finding.retourcode),
        ("vecozo", finding.vecozo_code),
        ("level", str(int(finding.level))),
        ("class", finding.message_class),
    )
    lines = [f"{w[label]}: {value}" for label, value in fields if value]
    for location in finding.locations:
        lines.append(f"{w['at']}: {location_text(location, lang)}")
    lines.append(finding.text(lang))
    details = finding.detail(lang)
    if details:
        lines.append(details)
    return "\n".join(lines)


def _summary(finding: Finding, lang: str) -> str:
    head = finding.code + (f" [{finding.retourcode}]" if finding.retourcode else "")
    line = line_location(finding).line
    where = f" ({words(lang)['line']} {line})" if line is not None else ""
    return f"{head}{where}: {finding.text(lang)}"


def render_junit(reports: Sequence[Report], options: RenderOptions) -> bytes:
    """The JUnit XML document of a run (UTF-8, with an XML declaration)."""
    lang = options.lang
    failed = sum(1 for r in reports if r.verdict is Verdict.REJECTED)
    errors = sum(1 for r in reports if r.verdict is Verdict.ERROR)
    root = etree.Element("testsuites", name=_safe(options.title))
    root.set("tests", str(len(reports)))
    root.set("failures", str(failed))
    root.set("errors", str(errors))
    suite = etree.SubElement(root, "testsuite", name="ei validate")
    suite.set("tests", str(len(reports)))
    suite.set("failures", str(failed))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    notes = [text_notes(report, lang=lang) for report in reports]  # in the run's language
    shared = shared_items(notes)  # notes several files share: once, in the suite's output
    for report, own in zip(reports, notes, strict=True):
        # the name on one line, as the text output shows it (a newline as backslash, x0a)
        case = etree.SubElement(suite, "testcase", name=printable(report.source))
        case.set("classname", _classname(report))
        for problem in report.engine_errors:
            said = _safe(engine_error_text(problem, lang))
            error = etree.SubElement(case, "error", message=said, type="engine-error")
            error.text = said
        quiet: list[str] = []
        for finding in report.findings:
            if finding.severity is Severity.ERROR:
                failure = etree.SubElement(case, "failure", type=_safe(finding.code))
                failure.set("message", _safe(_summary(finding, lang)))
                failure.text = _safe(_finding_text(finding, lang))
            else:
                quiet.append(f"{severity_word(finding.severity, lang)}: {_summary(finding, lang)}")
        note_word = words(lang)["note"]
        quiet.extend(f"{note_word}: {note}" for note in own if note not in shared)
        if quiet:
            etree.SubElement(case, "system-out").text = _safe("\n".join(quiet))
    if shared:
        w = words(lang)
        lines = [
            f"{w['note']} ({len(where)} {w['of']} {len(reports)} {w['files']}): {note}"
            for note, where in shared.items()
        ]
        etree.SubElement(suite, "system-out").text = _safe("\n".join(lines))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
