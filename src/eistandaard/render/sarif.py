"""A run as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format).

One ``run`` with the tool ``eistandaard``; one ``rule`` per finding code (its Dutch and English
texts, level, retourcode and VECOZO code as properties); one ``result`` per finding with the
file as ``artifactLocation`` (relative to ``uriBaseId`` ``%SRCROOT%``: ``$GITHUB_WORKSPACE``
when it is set, else the current directory, given in ``originalUriBaseIds``), the line and
column as ``region`` and the XPath as a logical location. Engine errors are tool execution
notifications and make ``executionSuccessful`` false. This is what GitHub code scanning
(``upload-sarif``) and other SARIF viewers read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PureWindowsPath
from typing import Any
from urllib.parse import quote

from eistandaard.core.findings import Finding, Severity
from eistandaard.core.report import Report
from eistandaard.render.registry import (
    RenderOptions,
    clean_text,
    line_location,
    source_file,
    workspace_file,
    workspace_root,
)
from eistandaard.render.words import engine_error_text

__all__ = ["SARIF_SCHEMA", "render_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
"""The ``$schema`` written into the log."""

SRCROOT = "%SRCROOT%"
"""The ``uriBaseId`` of every file under the root (``$GITHUB_WORKSPACE``, else the current
directory); ``originalUriBaseIds`` says where that root is. GitHub code scanning resolves it to
the checkout."""


_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(source: str) -> str:
    r"""A URI reference for a file name (``a.zip!b.xml`` names the archive).

    A relative name stays a relative reference; one whose first segment holds a colon
    (``x:y.xml``) starts with ``./`` so that it is not read as a scheme. An absolute name is a
    ``file`` URI (``/tmp/a.xml``: ``file:///tmp/a.xml``; ``C:\in\a.xml``:
    ``file:///C:/in/a.xml``), never ``C:/in/a.xml``, whose ``C:`` would be its scheme.

    >>> _uri("x:y.xml"), _uri(r"C:\in\a b.xml"), _uri("/tmp/a.xml")
    ('./x:y.xml', 'file:///C:/in/a%20b.xml', 'file:///tmp/a.xml')
    """
    archive = source_file(source)
    windows = PureWindowsPath(archive)
    posix = windows.as_posix() if "\\" in archive or windows.drive else archive
    text = quote(_name_bytes(posix), safe="/:._-~!")
    if windows.drive and windows.root:  # C:\in\a.xml
        return f"file:///{text}"
    if text.startswith("/"):
        return f"file://{text}"
    if ":" in text.split("/", 1)[0]:
        return f"./{text}"
    return text


def _name_bytes(name: str) -> bytes:
    r"""The bytes of a file name as the file system has them, for its URI.

    A byte that is no UTF-8 (``\xff``, U+DCFF in Python) is that byte, so the URI (``a%FFb.xml``)
    names the file as ``originalUriBaseIds`` names a root with such a byte (it became U+FFFD,
    ``a%EF%BF%BDb.xml``, a file that does not exist). A control is its UTF-8 byte (``%1B``).

    >>> _name_bytes("a\udcffb.xml"), _name_bytes("a\x1bb.xml")
    (b'a\xffb.xml', b'a\x1bb.xml')
    """
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate no file system gave: written escaped
        return clean_text(name).encode("utf-8")


def _artifact(source: str, options: RenderOptions) -> dict[str, Any]:
    """The ``artifactLocation`` of a report's file: relative to ``%SRCROOT%`` where it can be."""
    path, relative = workspace_file(source, options)
    if relative:
        return {"uri": _uri(path), "uriBaseId": SRCROOT}
    return {"uri": _uri(path)}


def _root_uri(options: RenderOptions) -> str:
    """The root as an absolute ``file`` URI ending in ``/`` (SARIF 3.14.14)."""
    uri = Path(workspace_root(options)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _rule(finding: Finding, lang: str) -> dict[str, Any]:
    properties: dict[str, Any] = {"level": int(finding.level)}
    if finding.retourcode:
        properties["retourcode"] = finding.retourcode
    if finding.vecozo_code:
        properties["vecozo_code"] = finding.vecozo_code
    if finding.message_class:
        properties["class"] = finding.message_class
    return {
        "id": clean_text(finding.code),
        # One language per run (--lang), as the results and the driver's "language".
        "shortDescription": {"text": clean_text(finding.text(lang)) or finding.code},
        "fullDescription": {"text": clean_text(finding.text(lang)) or finding.code},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": properties,
    }


def _result(report: Report, finding: Finding, index: int, options: RenderOptions) -> dict[str, Any]:
    lang = options.lang
    details = finding.detail(lang)
    text = finding.text(lang) + (f" ({details})" if details else "")
    physical: dict[str, Any] = {"artifactLocation": _artifact(report.source, options)}
    location = line_location(finding)
    if location.line is not None and location.line > 0:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column is not None and location.column > 0:
            region["startColumn"] = location.column
        physical["region"] = region
    place: dict[str, Any] = {"physicalLocation": physical}
    logical = [
        {"fullyQualifiedName": clean_text(loc.xpath), "kind": "element"}
        for loc in finding.locations
        if loc.xpath
    ]
    if logical:
        place["logicalLocations"] = logical
    result: dict[str, Any] = {
        "ruleId": clean_text(finding.code),
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": clean_text(text) or finding.code},
        "locations": [place],
    }
    if finding.retourcode:
        result["properties"] = {"retourcode": finding.retourcode}
    return result


def sarif_log(reports: Sequence[Report], options: RenderOptions) -> dict[str, Any]:
    """The SARIF log of a run as a JSON-ready dict."""
    from eistandaard import __version__  # late: the package imports the renderers

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        for finding in report.findings:
            if finding.code not in index:
                index[finding.code] = len(rules)
                rules.append(_rule(finding, options.lang))
            results.append(_result(report, finding, index[finding.code], options))
        for problem in report.engine_errors:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": clean_text(engine_error_text(problem, options.lang))},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": _artifact(report.source, options)
                            }
                        }
                    ],
                }
            )
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "eistandaard",
                        "version": __version__,
                        "language": "nl" if options.lang == "nl" else "en",
                        "rules": rules,
                    }
                },
                **(
                    {}
                    if options.uploads  # no folder of this machine in a service's answer
                    else {"originalUriBaseIds": {SRCROOT: {"uri": _root_uri(options)}}}
                ),
                "invocations": [invocation],
                "results": results,
            }
        ],
    }


def render_sarif(reports: Sequence[Report], options: RenderOptions) -> bytes:
    """The SARIF 2.1.0 log of a run, as UTF-8 JSON."""
    text = json.dumps(sarif_log(reports, options), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
