"""Reports as JSON, in a documented and versioned shape (see docs/json-format.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from json.encoder import encode_basestring as _string  # the C encoder where there is one
from typing import Any

import attrs

from eistandaard.core.arguments import expect, expect_collection, expect_items
from eistandaard.core.errors import InputError
from eistandaard.core.findings import Finding
from eistandaard.core.report import NotRun, Report, shared_items, shared_not_run, shared_notes
from eistandaard.render.registry import RenderOptions
from eistandaard.render.safe import json_safe
from eistandaard.standards.wording import LANGUAGES, in_lang, said_error

__all__ = ["JSON_FORMAT_VERSION", "ReportJSON", "report_json", "report_to_dict", "reports_to_json"]

JSON_FORMAT_VERSION = 2
"""Raised when a field is removed or changes meaning; new fields do not raise it.

2: ``levels_run`` no longer means "ran in full" (see ``levels_complete`` and ``not_run``), and
in a batch the notes and not-run rules that several reports share are held once, in ``shared``.
"""


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "level": int(finding.level),
        "code": finding.code,
        "retourcode": finding.retourcode,
        "vecozo_code": finding.vecozo_code,
        "severity": finding.severity.value,
        "class": finding.message_class,
        "text": {lang: finding.text(lang) for lang in LANGUAGES},  # nl, then en
        "details": finding.details,
        "locations": [
            {"xpath": loc.xpath, "line": loc.line, "column": loc.column}
            for loc in finding.locations
        ],
    }


def _not_run(item: NotRun) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "level": item.level,
        "reason": item.reason,
        "text": item.text,
        "codelist": item.codelist,
    }


def report_to_dict(
    report: Report,
    *,
    omit_notes: Collection[str] = (),
    omit_not_run: Collection[NotRun] = (),
) -> dict[str, Any]:
    """One report as a JSON-ready dict.

    :param omit_notes: notes held elsewhere (the batch's ``shared`` section).
    :param omit_not_run: not-run rules held elsewhere (the batch's ``shared`` section).
    :raises InputError: an argument of the wrong kind.
    """
    expect("report", report, Report, "report", optional=False)
    expect_collection("omit_notes", omit_notes, _is_text, "texts")
    expect_collection("omit_not_run", omit_not_run, _is_not_run, "not-run")
    return _report_dict(
        report,
        [note for note in report.notes if note not in omit_notes],
        [_not_run(item) for item in report.not_run if item not in omit_not_run],
    )


def _report_dict(report: Report, notes: list[str], not_run: list[dict[str, Any]]) -> dict[str, Any]:
    identity = report.identity
    return {
        "source": report.source,
        "verdict": report.verdict.value,
        "message": None
        if identity is None
        else {
            "family": identity.family,
            "release": identity.release,
            "message": identity.message,
            "direction": identity.direction,
            "namespace": identity.namespace,
            "berichtcode": identity.berichtcode,
            "header": {
                "code": identity.header_code,
                "versie": identity.header_versie,
                "subversie": identity.header_subversie,
                "identificatie": identity.identificatie,
                "dagtekening": identity.dagtekening,
            },
        },
        "schema_version": report.schema_version,
        "rules_version": report.rules_version,
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "environment": report.environment,
        "levels_run": list(report.levels_run),
        "levels_complete": list(report.levels_complete),
        "timings": {k: round(v, 6) for k, v in report.timings.items()},
        "engine_errors": [str.__str__(problem) for problem in report.engine_errors],
        "engine_error_texts": [
            {lang: in_lang(problem, lang) for lang in LANGUAGES} for problem in report.engine_errors
        ],
        "notes": notes,
        "not_run": not_run,
        "findings": [_finding(f) for f in report.findings],
    }


def _float(value: float) -> str:
    """A float as :mod:`json` writes it (``allow_nan``: ``NaN``, ``Infinity``)."""
    if value != value:  # NaN is the one value unequal to itself
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_INFINITY = float("inf")


def _encode(value: Any, indent: str, out: list[str]) -> None:
    """Append ``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it.

    ``indent`` starts the lines of the nesting ``value`` is at. The same text, about three
    times as fast: :mod:`json` writes indented output with its Python encoder (the C one
    writes compact JSON only). Anything but the JSON types with string keys is left to
    :func:`json.dumps` (which raises ``TypeError`` as it would). The encoder is picked by the
    exact type (:data:`_ENCODERS`): a subclass (``bool`` of ``int`` aside, which has its own)
    goes to :func:`json.dumps` too.
    """
    _ENCODERS.get(type(value), _encode_other)(value, indent, out)


def _encode_dict(value: dict[Any, Any], indent: str, out: list[str]) -> None:
    """A dict: its keys in order, a string value written in place (the common case)."""
    if not value:
        out.append("{}")
        return
    start = len(out)
    inner = indent + "  "
    between = ",\n" + inner
    out.append("{\n" + inner)
    first = True
    for key, item in value.items():
        if type(key) is not str:  # json.dumps turns such keys into strings: as it does
            del out[start:]
            _encode_other(value, indent, out)
            return
        if first:
            first = False
        else:
            out.append(between)
        out.append(_string(key))
        out.append(": ")
        if type(item) is str:
            out.append(_string(item))
        else:
            _ENCODERS.get(type(item), _encode_other)(item, inner, out)
    out.append("\n" + indent + "}")


def _encode_list(value: list[Any] | tuple[Any, ...], indent: str, out: list[str]) -> None:
    """A list or tuple: a list of ints on one join (the reports a shared note holds for)."""
    if not value:
        out.append("[]")
        return
    inner = indent + "  "
    between = ",\n" + inner
    if all(type(item) is int for item in value):
        out.append(f"[\n{inner}{between.join(map(int.__repr__, value))}\n{indent}]")
        return
    out.append("[\n" + inner)
    first = True
    for item in value:
        if first:
            first = False
        else:
            out.append(between)
        if type(item) is str:
            out.append(_string(item))
        else:
            _ENCODERS.get(type(item), _encode_other)(item, inner, out)
    out.append("\n" + indent + "]")


def _encode_str(value: str, _indent: str, out: list[str]) -> None:
    out.append(_string(value))


def _encode_none(_value: None, _indent: str, out: list[str]) -> None:
    out.append("null")


def _encode_bool(value: bool, _indent: str, out: list[str]) -> None:
    out.append("true" if value else "false")


def _encode_int(value: int, _indent: str, out: list[str]) -> None:
    out.append(int.__repr__(value))


def _encode_float(value: float, _indent: str, out: list[str]) -> None:
    out.append(_float(value))


def _encode_other(value: Any, indent: str, out: list[str]) -> None:
    """Subclasses, other keys or types: as :func:`json.dumps` writes (or refuses) them."""
    out.append(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent))


_ENCODERS: dict[type, Callable[[Any, str, list[str]], None]] = {
    str: _encode_str,
    dict: _encode_dict,
    list: _encode_list,
    tuple: _encode_list,
    type(None): _encode_none,
    bool: _encode_bool,
    int: _encode_int,
    float: _encode_float,
}
"""The encoder of each JSON type, by exact type; any other type: :func:`_encode_other`."""


def _dumps(value: Any, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, its lines indented by ``indent``.

    All lines but the first: ``indent`` is the place of ``value`` in a larger document.
    """
    out: list[str] = []
    _encode(value, indent, out)
    return "".join(out)


@attrs.frozen
class ReportJSON:
    """One report's object in the ``reports`` list of the JSON document, as text in parts.

    Made by :func:`report_json` where the report is made (a worker process of
    ``ei validate --jobs``), so that the process writing the document only joins texts. The
    notes and not-run rules stay apart: which of them the batch shares (and leaves out of the
    report) is known only when every report is in.

    :param head: the object's text from ``{`` to the line before ``notes``.
    :param notes: each note with its JSON string.
    :param not_run: each not-run rule with its object's text.
    :param tail: the text from ``findings`` to the closing ``}``.
    """

    head: str
    notes: tuple[tuple[str, str], ...]
    not_run: tuple[tuple[NotRun, str], ...]
    tail: str


_IN_LIST = " " * 4
"""The indent of a report object in the document's ``reports`` list."""
_IN_REPORT = " " * 6
"""The indent of a report's keys in the document."""
_IN_ITEM = " " * 8
"""The indent of an item of a report's list in the document."""
_SPLIT = f'\n{_IN_REPORT}"notes": [],\n{_IN_REPORT}"not_run": [],\n'
"""Where the report object's text without notes and not-run rules is cut (a unique place: a
string's line breaks are escaped, and only the report's own keys have this indent)."""


def report_json(report: Report, *, timings: bool = True) -> ReportJSON:
    """The text of ``report``'s object in the JSON document (indent 2), in parts.

    :param timings: ``False`` writes ``timings`` as ``{}`` (``ei validate --no-timings``).
    """
    if not timings:
        report = attrs.evolve(report, timings={})
    head, found, tail = _dumps(_report_dict(report, [], []), _IN_LIST).partition(_SPLIT)
    if not found:  # never: the shape of report_to_dict
        raise AssertionError("the report object has no empty notes and not_run")
    return ReportJSON(
        head=head,
        notes=tuple((note, _string(note)) for note in report.notes),
        not_run=tuple((item, _not_run_text(item)) for item in report.not_run),
        tail=tail,
    )


_NOT_RUN_TEXTS: dict[NotRun, str] = {}
"""The text of each not-run rule met in this process: most messages of a batch share them."""


def _not_run_text(item: NotRun) -> str:
    text = _NOT_RUN_TEXTS.get(item)
    if text is None:
        if len(_NOT_RUN_TEXTS) > 4096:  # a bound on what a long-lived process keeps
            _NOT_RUN_TEXTS.clear()
        text = _NOT_RUN_TEXTS[item] = _dumps(_not_run(item), _IN_ITEM)
    return text


def _list(name: str, texts: list[str]) -> str:
    if not texts:
        return f'{_IN_REPORT}"{name}": []'
    inner = f",\n{_IN_ITEM}".join(texts)
    return f'{_IN_REPORT}"{name}": [\n{_IN_ITEM}{inner}\n{_IN_REPORT}]'


def _joined(part: ReportJSON, notes: Collection[str], not_run: Collection[str]) -> str:
    """The report object's text: ``part`` without the notes and not-run rules the batch shares.

    The not-run rules are compared by their text.
    """
    kept_notes = [text for note, text in part.notes if note not in notes]
    kept_not_run = [text for _, text in part.not_run if text not in not_run]
    return (
        f"{part.head}\n{_list('notes', kept_notes)},\n{_list('not_run', kept_not_run)},\n"
        f"{part.tail}"
    )


def reports_to_json(
    reports: Sequence[Report],
    *,
    indent: int | None = 2,
    parts: Sequence[ReportJSON | None] = (),
) -> str:
    """Several reports as one JSON document with a summary (docs/json-format.md).

    Notes and not-run rules that two or more reports of a batch hold are written once, under
    ``shared``, with the indexes (in ``reports``) of the reports they hold for, and left out of
    those reports.

    :param parts: for ``indent=2``, the :func:`report_json` of each report, made beforehand
        (by the worker processes that checked them); one that is missing or ``None`` is made
        here. The document is the same with or without them.
    :raises InputError: an argument of the wrong kind, or more parts than reports.
    """
    expect_items("reports", reports, _is_report, "reports")
    expect("indent", indent, int, "whole-number")
    expect_items("parts", parts, _is_part, "report-parts")
    if len(parts) > len(reports):
        raise InputError(said_error("render-parts-count", parts=len(parts), reports=len(reports)))
    if indent != 2:
        notes = shared_notes(reports)
        not_run = shared_not_run(reports)
        document = _document(reports, notes, not_run)
        document["reports"] = [
            report_to_dict(r, omit_notes=notes, omit_not_run=not_run) for r in reports
        ]
        return json_safe(json.dumps(document, indent=indent, ensure_ascii=False))
    given = list(parts) + [None] * (len(reports) - len(parts))
    made = [report_json(r) if p is None else p for r, p in zip(reports, given, strict=True)]
    notes = shared_items([[note for note, _ in part.notes] for part in made])
    # not-run rules compared by their text (a string's hash is kept; a NotRun's is not)
    shared_texts = shared_items([[text for _, text in part.not_run] for part in made])
    rules = {text: item for part in made for item, text in part.not_run}
    not_run = {rules[text]: where for text, where in shared_texts.items()}
    text = _dumps(_document(reports, notes, not_run))
    if not reports:
        return json_safe(text)
    empty = '"reports": []\n}'
    if not text.endswith(empty):  # never: "reports" is the document's last key
        raise AssertionError("the JSON document does not end with its reports")
    body = f",\n{_IN_LIST}".join(_joined(part, notes, shared_texts) for part in made)
    return json_safe(f'{text[: -len(empty)]}"reports": [\n{_IN_LIST}{body}\n  ]\n}}')


def _document(
    reports: Sequence[Report],
    notes: Mapping[str, Sequence[int]],
    not_run: Mapping[NotRun, Sequence[int]],
) -> dict[str, Any]:
    """The JSON document but its reports (an empty list, the last key)."""
    verdicts = [r.verdict.value for r in reports]
    return {
        "format": "eistandaard-report",
        "version": JSON_FORMAT_VERSION,
        "summary": {
            "files": len(reports),
            "accepted": verdicts.count("accepted"),
            "rejected": verdicts.count("rejected"),
            "error": verdicts.count("error"),
        },
        "shared": {
            "notes": [{"text": note, "reports": list(where)} for note, where in notes.items()],
            "not_run": [
                {**_not_run(item), "reports": list(where)} for item, where in not_run.items()
            ],
        },
        "reports": [],
    }


def render_json(
    reports: Sequence[Report],
    options: RenderOptions,  # noqa: ARG001  # the Reporter signature; JSON has no options
) -> bytes:
    """The ``json`` reporter: :func:`reports_to_json` with a final newline, as UTF-8."""
    return (reports_to_json(reports) + "\n").encode("utf-8")


def _is_report(item: object) -> bool:
    return isinstance(item, Report)


def _is_text(item: object) -> bool:
    return isinstance(item, str)


def _is_not_run(item: object) -> bool:
    return isinstance(item, NotRun)


def _is_part(item: object) -> bool:
    return item is None or isinstance(item, ReportJSON)
