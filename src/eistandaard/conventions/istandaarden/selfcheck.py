"""An answer is checked like a request before anyone gets it (every family).

Two checks run on every built answer (WMO325/JW325, BM802, GDS802) before a builder returns it:

1. :func:`eistandaard.validate` on the answer, at levels 1-4, with the caller's code lists and
   peildatum, as ``ei validate --codelist ... --as-of ...`` would check it. Level 5 (the
   receiver's own systems) does not apply to the receiver's own answer.
2. The consistency check of ``ei diff``: the answer compared with its request.

Either failing raises :class:`~eistandaard.core.errors.AnswerCheckError` (an engine error: the
builder made an answer its own checks refuse). Decision codes are checked earlier, with
:func:`check_decision_codes`, so that a bad decision is the caller's error (``DecisionError``),
naming the code and its dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from eistandaard.core.errors import AnswerCheckError, DecisionError, EIError
from eistandaard.core.findings import Finding, Severity
from eistandaard.core.report import Report, Verdict
from eistandaard.standards.catalog import Catalog
from eistandaard.standards.codelists import CodeList, CodeLists, CodeStatus
from eistandaard.standards.wording import LANGUAGES, Worded, joined, reason_of, said_error, worded

__all__ = ["ANSWER_LEVELS", "check_answer", "check_decision_codes", "periods"]

ANSWER_LEVELS = (3, 4)
"""Levels 3-4 run on an answer (levels 1-2 always run)."""


def check_answer(
    answer: bytes,
    *,
    as_of: dt.date,
    codelists: CodeLists | None,
    problems: Callable[[], Iterable[object]],
    catalog: Catalog | None = None,
    echo_classes: Iterable[str] = (),
    environment: str = "P",
) -> Report:
    """Validate ``answer`` and run its consistency check; return the answer's report.

    An answer never changes the request's data. When it rejects a top class of the request
    (Header; Vektis also DeclaratieContext and Overzicht), the data it copies from that class
    are the very data it rejects, so the answer's own findings located in that class (outside
    its retourcodes and Feedback) echo the request's fault and are tolerated: the answer
    reports them. Nothing else is.

    :param answer: the serialised answer (UTF-8 XML).
    :param as_of: the peildatum the request was checked on.
    :param codelists: the code lists the request was checked with (``None``: the bundled ones).
    :param problems: runs the ``ei diff`` check of the answer against its request; each item
        returned is one inconsistency.
    :param environment: the VECOZO environment (``P``/``T``) the request was checked for; the
        answer goes back through the same one (Vektis rule 8028).
    :param echo_classes: the answer's top classes (local names below the root) that carry a
        rejection of the request's class.
    :raises AnswerCheckError: the answer's validation is not ``accepted`` or a problem is found.
    """
    from eistandaard.pipeline import validate  # the pipeline imports the builders' packages

    report = validate(
        answer,
        name="<answer>",
        as_of=as_of,
        codelists=codelists,
        levels=ANSWER_LEVELS,
        entry_points=False,
        catalog=catalog,
        environment=environment,
    )
    echoed = frozenset(echo_classes)
    errors = [
        f for f in report.findings if f.severity is Severity.ERROR and not _echoes(f.xpath, echoed)
    ]
    if report.verdict is Verdict.ERROR or errors:
        reasons = [worded("selfcheck-engine", error=error) for error in report.engine_errors]
        reasons += [_finding_said(finding) for finding in errors]
        raise AnswerCheckError(worded("selfcheck-invalid"), tuple(reasons))
    try:
        found = tuple(_said(problem) for problem in problems())
    except EIError as exc:  # the diff cannot read the answer: never a pass
        raise AnswerCheckError(worded("selfcheck-unreadable"), (reason_of(exc),)) from exc
    if found:
        raise AnswerCheckError(worded("selfcheck-inconsistent"), found)
    refused = _retourcode_problems(report, codelists)
    if refused:
        raise AnswerCheckError(worded("selfcheck-codes"), refused)
    return report


def _retourcode_problems(report: Report, codelists: CodeLists | None) -> tuple[Worded, ...]:
    """A Vektis answer's Feedback codes against COD954 (its retourcode list), when there is one.

    iStandaarden answers have their codes checked against WJ001 by their consistency check.
    """
    message = report.message
    if message is None or message.spec.release.convention != "vektis":
        return ()
    from eistandaard.conventions.vektis.selfcheck import feedback_code_problems

    day = report.identity.dagtekening if report.identity else None
    try:
        on = dt.date.fromisoformat(day) if day else report.as_of
    except ValueError:  # the answer's own date check reports a bad Verzenddatum
        on = report.as_of
    return feedback_code_problems(message.tree.getroot(), message.spec, codelists, on=on)


def _finding_said(finding: Finding) -> Worded:
    """One finding of the answer's validation in both languages (code, place, text, details)."""
    code = finding.code + (f" ({finding.retourcode})" if finding.retourcode else "")
    texts = {}
    for lang in LANGUAGES:
        where = worded("selfcheck-at", where=finding.xpath).text(lang) if finding.xpath else ""
        details = finding.detail(lang)
        text = finding.text(lang).rstrip(".") if details else finding.text(lang)
        texts[lang] = f"{code}{where}: {text}" + (f": {details}" if details else "")
    return Worded(texts["en"], texts["nl"])


def _said(problem: object) -> str:
    """A consistency problem as people read it: no internal check slug, both languages."""
    said = getattr(problem, "said", None)  # the 325's Problem: reason (where)
    if callable(said):
        found = said()
        return found if isinstance(found, str) else str(found)
    return problem if isinstance(problem, str) else str(problem)


_CODES = frozenset({"RetourCodes", "RetourCode", "Feedback", "Retourcode"})


def _echoes(xpath: str | None, classes: frozenset[str]) -> bool:
    """Whether a location lies in one of ``classes`` (a child of the root), outside its codes."""
    if not xpath or not classes:
        return False
    steps = [s.split("[")[0].rpartition(":")[2] for s in xpath.split("/") if s]
    return len(steps) >= 2 and steps[1] in classes and not _CODES.intersection(steps)


def periods(codelist: CodeList, code: str) -> str:
    """The validity periods of ``code`` as text (``from 2024-01-01 (Ingangsdatum) until ...``).

    :returns: a :class:`~eistandaard.standards.wording.Worded` text (``str``: English).
    """
    parts = []
    for entry in codelist.entries_for(code):
        words = []
        if entry.ingangsdatum:
            words.append(said_error("period-from", day=entry.ingangsdatum.isoformat()))
        if entry.expiratiedatum:
            words.append(said_error("period-until", day=entry.expiratiedatum.isoformat()))
        parts.append(joined(words, " ") if words else said_error("period-always"))
    return joined(parts, "; ")


def check_decision_codes(codes: Iterable[tuple[str, str]], codelist: CodeList, on: dt.date) -> None:
    """Refuse a decision code that ``codelist`` lacks or that is not valid on ``on``.

    :param codes: (code, where) pairs; ``where`` names the decision key (``prestaties RN001``).
    :param on: the answer's date (Dagtekening / Verzenddatum).
    :raises DecisionError: naming the key, the code and the code's dates.
    """
    for code, where in codes:
        status = codelist.status(code, on)
        if status is CodeStatus.VALID:
            continue
        if status is CodeStatus.UNKNOWN:
            if not codelist.complete:
                continue  # an incomplete list cannot prove a code wrong
            raise DecisionError(
                said_error(
                    "decisions-code-not-in-list",
                    where=where,
                    code=code,
                    codelist_name=codelist.name,
                )
            )
        state = said_error(
            "code-not-yet-valid" if status is CodeStatus.NOT_YET_VALID else "code-expired"
        )
        raise DecisionError(
            said_error(
                "decisions-code-not-valid",
                where=where,
                code=code,
                state=state,
                on=on.isoformat(),
                codelist_name=codelist.name,
                periods=periods(codelist, code),
            )
        )
