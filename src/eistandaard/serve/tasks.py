"""The work ``ei serve`` hands to its worker processes, and what comes back.

Every task is a small picklable value that carries the message bytes; every answer is a
:class:`Outcome` (HTTP status, media type, body). A task never raises: a failure of the engine
becomes an outcome with status 500 and a problem body without a traceback, and a message that
cannot be checked completely gets the verdict ``error``, never a pass.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs

from eistandaard.answers import build_return, explain
from eistandaard.answers.explain import identify_pair, read_tree
from eistandaard.core import clock
from eistandaard.core.errors import DataError, EIError, InputError
from eistandaard.core.findings import Severity
from eistandaard.core.report import Report, Verdict
from eistandaard.levels.intake import Limits, read_bytes
from eistandaard.pipeline import validate
from eistandaard.render import RenderOptions, report_to_dict, reporter
from eistandaard.render.explain import render_explanation
from eistandaard.standards.catalog import MessageSpec, default_catalog
from eistandaard.standards.wording import said_error, texts_in

__all__ = [
    "ExplainTask",
    "Outcome",
    "ReturnTask",
    "Task",
    "ValidateTask",
    "problem",
    "run_task",
    "said",
    "warm_up",
]

PROBLEM_JSON = "application/problem+json"


@attrs.frozen
class Outcome:
    """What a task answers: an HTTP status, a media type, the body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


_WORDS = "words/serve.toml"
"""The titles and details of the service's problem documents, both languages."""


def said(lang: str, key: str, /, **values: Any) -> str:
    """Text ``key`` of ``rbc/common/words/serve.toml`` in ``lang``, its fields filled."""
    return texts_in(_WORDS, lang)[key].format(**values)


def problem(status: int, title: str, detail: str, **extra: Any) -> Outcome:
    """An RFC 9457 problem document (``application/problem+json``)."""
    document = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    document.update(extra)
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return Outcome(status, PROBLEM_JSON, body)


@attrs.frozen
class _MessageTask:
    """What every task on one message has.

    :param data: the message (XML, or a ZIP holding one).
    :param name: how the report names it.
    :param as_of: the peildatum, or ``None`` for today (keyword).
    :param max_bytes: the size limit of level 1 (keyword).
    """

    data: bytes
    name: str
    as_of: dt.date | None = attrs.field(default=None, kw_only=True)
    max_bytes: int = attrs.field(default=Limits().max_bytes, kw_only=True)


@attrs.frozen
class ValidateTask(_MessageTask):
    """Check one message and render its report.

    :param fmt: a reporter name (``rapport``, ``json``, ``html`` ...).
    :param lang: ``nl`` or ``en``.
    :param release: the release the caller requires (``X-Version-Override``), or ``None``.
    """

    fmt: str = "rapport"
    lang: str = "nl"
    release: str | None = None


@attrs.frozen
class ReturnTask(_MessageTask):
    """Validate a request message and build its answer (WMO325/JW325, GDS802, BM802).

    :param lang: ``nl`` or ``en``: the language of its problem documents.
    :param release: the release the caller requires of the request (``X-Version-Override``),
        or ``None``.
    """

    responder: str = "receiver"
    lang: str = "nl"
    release: str | None = None


@attrs.frozen
class ExplainTask:
    """Explain an answer against its request (``ei diff``).

    :param release: the release the caller requires of the request (``X-Version-Override``),
        or ``None``.
    """

    request: bytes
    answer: bytes
    fmt: str = "html"
    lang: str = "nl"
    release: str | None = None


Task = ValidateTask | ReturnTask | ExplainTask


def _verdict_headers(report: Report) -> tuple[tuple[str, str], ...]:
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    return (("X-Verdict", report.verdict.value), ("X-Findings", str(errors)))


def _other_release(
    task: ValidateTask | ReturnTask | ExplainTask, family: str, release: str
) -> Outcome | None:
    """The 400 when the message is of another release than ``X-Version-Override`` asks.

    ``None``: none asked, or the message's own (``3.2`` or ``iwmo/3.2`` for an iWmo 3.2 one).
    Its ``available`` lists the releases of the message's family this service checks.
    """
    have = f"{family}/{release}"
    if task.release is None or task.release in (release, have):
        return None
    family_releases = [r.key for r in default_catalog().releases if r.family == family]
    return problem(
        400,
        said(task.lang, "title-version"),
        said(task.lang, "version-other", asked=task.release, have=have),
        available=sorted(family_releases),
    )


def _release_of(task: ValidateTask | ReturnTask, report: Report) -> Outcome | None:
    """The 400 when the message's own release is not the one ``X-Version-Override`` asks.

    The release of a message that was checked is its identity's; that of a message of a
    release this service does not check (EI122: an iWmo 3.0 one) or a retired one named by its
    namespace (EI121) is the release its namespace names. Such a message was answered 200
    with EI122, as if it had been checked against the release asked: the DVS answers 400 for
    a release it cannot apply, and so does this service. A message whose release cannot be
    told (no standard's, not well-formed) gets its report, the header notwithstanding.
    """
    if task.release is None:
        return None
    identity = report.identity
    if identity is not None:
        return _other_release(task, identity.family, identity.release)
    if not any(f.code in ("EI121", "EI122") for f in report.findings):
        return None
    found = _recognised_release(task)
    return _other_release(task, *found) if found is not None else None


def _recognised_release(task: ValidateTask | ReturnTask) -> tuple[str, str] | None:
    """The family and release (``iwmo``, ``3.0``) the message's namespace names, if it does."""
    payload = read_bytes(task.data, name=task.name, limits=Limits(max_bytes=task.max_bytes))
    if payload.tree is None:
        return None
    catalog = default_catalog()
    recognised = catalog.recognise(payload.tree.getroot())
    if recognised is None or recognised.release is None:
        return None
    for release in catalog.releases:
        if release.standard == recognised.standard:
            return release.family, recognised.release
    return None


def _validate(task: ValidateTask) -> Outcome:
    report = validate(
        task.data, name=task.name, as_of=task.as_of, limits=Limits(max_bytes=task.max_bytes)
    )
    if other := _release_of(task, report):
        return other
    chosen = reporter(task.fmt)
    options = RenderOptions(lang=task.lang, sources={task.name: task.data}, uploads=True)
    body = chosen.render([report], options)
    return Outcome(200, chosen.media_type, body, _verdict_headers(report))


def _return(task: ReturnTask) -> Outcome:
    """As ``ei return`` does: validate, date the answer, build it (the builders check it)."""
    limits = Limits(max_bytes=task.max_bytes)
    peildatum = task.as_of or clock.today()
    report = validate(task.data, name=task.name, as_of=peildatum, limits=limits)
    if other := _release_of(task, report):
        return other
    if report.verdict is Verdict.ERROR:
        return _report_problem(
            500, said(task.lang, "title-engine-error"), said(task.lang, "not-checked"), report
        )
    if any(f.severity is Severity.ERROR and int(f.level) <= 2 for f in report.findings):
        return _no_answer(report, task.lang)
    identity = report.identity
    # `ei serve --as-of` before the request, as `ei return --as-of` (an answer: build_return says)
    if task.as_of is not None and identity is not None and identity.direction != "retour":
        clock.not_before_request(task.as_of, identity.dagtekening)
    answer_day = clock.answer_date(
        report.identity.dagtekening if report.identity else None,
        None,
        on=peildatum,
        refuse_earlier=True,
    )
    checked_on = max(peildatum, answer_day)  # the answer is checked like a request on this day
    if report.message is None:
        return _no_answer(report, task.lang)
    result = build_return(
        report.message,
        report,
        responder=task.responder,
        date=answer_day,
        as_of=checked_on,
    )
    if result.outcome.value == "forwarded":  # VECOZO has nothing to reject: it forwards
        return Outcome(204, "application/xml", b"", _verdict_headers(report))
    if result.message is None:
        return _no_answer(report, task.lang)
    return Outcome(200, "application/xml", result.message, _verdict_headers(report))


def _no_answer(report: Report, lang: str) -> Outcome:
    return _report_problem(422, said(lang, "title-no-answer"), said(lang, "no-answer"), report)


def _report_problem(status: int, title: str, detail: str, report: Report) -> Outcome:

    return problem(status, title, detail, report=report_to_dict(report))


def _explain(task: ExplainTask) -> Outcome:
    """As ``ei diff`` does: the one explain engine, rendered by name."""
    media = {"html": "text/html; charset=utf-8", "json": "application/json"}
    media_type = media.get(task.fmt, "text/plain; charset=utf-8")
    spec = _request_spec(task) if task.release is not None else None
    if spec is not None and (other := _other_release(task, spec.family, spec.release.release)):
        return other
    explained = explain(task.request, task.answer)
    text = render_explanation(explained, task.fmt, task.lang)
    headers = (("X-Consistent", "true" if explained.consistent else "false"),)
    return Outcome(200, media_type, text.encode("utf-8"), headers)


def _request_spec(task: ExplainTask) -> MessageSpec | None:
    """What the request of a pair is, as :func:`explain` reads it (``None``: it cannot tell).

    A pair that cannot be read or identified is left to :func:`explain`, which says why in its
    own words.
    """
    try:
        request = read_tree(task.request, what=said_error("label-request"))
        answer = read_tree(task.answer, what=said_error("label-answer"))
        return identify_pair(request, answer, default_catalog())[0]
    except EIError:
        return None


def warm_up() -> int:
    """Compile every bundled schema and relation stylesheet in this process; returns how many.

    A worker does this before it takes its first task, so that no request pays for it (and the
    time limit measures checking only). A file that does not compile is skipped here: the check
    that needs it reports the failure as an engine error.
    """
    from eistandaard.levels.relations import saxon as _saxon
    from eistandaard.levels.relations.runner import stylesheet_path
    from eistandaard.levels.structure import compile_schema, find_schema

    compiled = 0
    for spec in default_catalog().messages:
        try:
            compile_schema(find_schema(spec))
            compiled += 1
            if spec.rules:
                _saxon.compile_stylesheet(stylesheet_path(spec))
                compiled += 1
        except Exception:  # reported by the check that needs the file
            continue
    return compiled


def run_task(task: Task) -> Outcome:
    """Run one task (in a worker process); never raises."""
    try:
        if isinstance(task, ValidateTask):
            return _validate(task)
        if isinstance(task, ReturnTask):
            return _return(task)
        return _explain(task)
    except (InputError, DataError) as exc:  # the reason in the request's language, if it has one
        return problem(400, said(task.lang, "title-bad-input"), exc.text(task.lang))
    except EIError as exc:
        return problem(500, said(task.lang, "title-engine-error"), exc.text(task.lang))
    except Exception as exc:  # fail closed, and no traceback leaves the worker
        name = type(exc).__name__
        return problem(
            500, said(task.lang, "title-engine-error"), said(task.lang, "unexpected", name=name)
        )
