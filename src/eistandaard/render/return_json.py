"""``ei return --format json``: what the return run did, in the versioned JSON of its family.

One document per run (``format`` ``eistandaard-return``, docs/json-format.md), beside
``eistandaard-report`` (``ei validate``) and ``eistandaard-explanation`` (``ei diff``): the
outcome, where the answer was written, its identification, the counts and totals of the
answer explained against its request (the ``explanation`` of ``ei diff --format json``), and,
when no answer was written for a reason (``no-answer``, ``error``; not ``forwarded``), the
validation report that says why (``report``, the shape of one entry of ``eistandaard-report``'s
``reports``).

>>> from eistandaard.core.report import Report
>>> document = return_to_dict(Report(source="x.xml"), outcome="no-answer", lang="en")
>>> document["format"], document["version"], document["outcome"], document["written"]
('eistandaard-return', 1, 'no-answer', None)
>>> document["outcome_text"]
'no answer'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eistandaard.core.report import Report
from eistandaard.render.explain import explanation_to_dict, outcome_words
from eistandaard.render.json_report import report_to_dict
from eistandaard.render.safe import json_safe

__all__ = ["RETURN_JSON_VERSION", "render_return_json", "return_to_dict"]

RETURN_JSON_VERSION = 1
"""Raised when a field is removed or changes meaning; new fields do not raise it."""


def return_to_dict(
    report: Report,
    *,
    outcome: str,
    lang: str = "nl",
    result: Any = None,
    written: Path | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """One ``ei return`` run as plain data (docs/json-format.md, ``eistandaard-return``).

    :param report: the request's validation report.
    :param outcome: an :class:`~eistandaard.answers.result.Outcome` value
        (``partly-rejected``, ``forwarded``, ``no-answer`` ...) or ``error`` (the run could not
        check the request or its answer; ``error`` says why).
    :param result: the :class:`~eistandaard.conventions.istandaarden.ReturnResult`, when an
        answer was built.
    :param written: the file the answer was written to (``None``: nothing written).
    :param error: why the run failed, in ``lang`` (outcome ``error``).
    """
    explained = getattr(result, "explanation", None)
    identity = report.identity
    plain = explained is not None and explained.totals is None
    answered = result is not None and getattr(result, "message", None) is not None
    full = None if explained is None else explanation_to_dict(explained, lang, rejected_only=True)
    return {
        "format": "eistandaard-return",
        "version": RETURN_JSON_VERSION,
        "lang": lang,
        "request": {
            "source": report.source,
            "message": identity.message if identity else None,
            "family": identity.family if identity else None,
            "identificatie": identity.identificatie if identity else None,
            "verdict": report.verdict.value,
        },
        "outcome": outcome,
        "outcome_text": outcome_words(outcome, lang, plain=plain),
        "written": str(written) if written is not None else None,
        "answer": {
            "message": result.answer_name,
            "identificatie": result.identificatie,
            "identificatie_generated": result.identificatie_generated,
            "dagtekening": result.dagtekening,
        }
        if answered
        else None,
        "error": error,
        "summary": None if full is None else full["summary"],
        "totals": None if full is None else full["totals"],
        "counts": None if full is None else full["counts"],
        "explanation": full,
        # why no answer was written; a forward (VECOZO finds nothing to reject) needs no why
        "report": None if answered or outcome == "forwarded" else report_to_dict(report),
    }


def render_return_json(report: Report, *, outcome: str, lang: str = "nl", **more: Any) -> str:
    """:func:`return_to_dict` as a JSON text (terminal controls escaped), ending in a newline."""
    document = return_to_dict(report, outcome=outcome, lang=lang, **more)
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
