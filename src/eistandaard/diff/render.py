"""Render a :class:`DiffResult` as text, JSON or one self-contained, printable HTML page."""

from __future__ import annotations

import html
import json
from typing import Any

from eistandaard.diff.compare import DiffResult, Status
from eistandaard.render.safe import json_safe

__all__ = ["amount", "lead", "render_html", "render_json", "render_text"]

JSON_VERSION = 1

_LABELS = {
    "nl": {
        Status.ACCEPTED: "toegekend",
        Status.REJECTED: "afgewezen",
        Status.NOT_ASSESSED: "niet beoordeeld",
        "title": "Declaratie-antwoord tegen declaratie",
        "request": "Declaratie",
        "answer": "Antwoord",
        "number": "DeclaratieNummer",
        "header": "Header",
        "body": "DeclaratieAntwoord",
        "client": "Cliënt",
        "prestatie": "Prestatie",
        "submitted": "ingediend",
        "granted": "toegekend",
        "totals": "Totalen",
        "rejected": "afgewezen",
        "consistent": "Consistent: het antwoord past bij de declaratie.",
        "inconsistent": "NIET consistent:",
        "status": "status",
        "codes": "retourcodes",
        "unknown": "onbekende code",
        "not_assessed": "niet beoordeeld",
        "technical-rejection": "Declaratie technisch afgekeurd ({codes}): niets beoordeeld, "
        "{submitted} niet toegekend.",
        "header-rejected": "Header afgewezen ({codes}): declaratie niet beoordeeld, "
        "{submitted} niet toegekend.",
        "declaration-rejected": "Declaratie afgewezen ({codes}): {submitted} niet toegekend.",
        "partly-rejected": "Declaratie gedeeltelijk toegekend: {granted} van {submitted}.",
        "fully-accepted": "Declaratie geheel toegekend: {granted}.",
        "not-answered": "Dit antwoord hoort niet bij deze declaratie:",
    },
    "en": {
        Status.ACCEPTED: "accepted",
        Status.REJECTED: "rejected",
        Status.NOT_ASSESSED: "not assessed",
        "title": "Declaration answer against declaration",
        "request": "Declaration",
        "answer": "Answer",
        "number": "DeclaratieNummer",
        "header": "Header",
        "body": "DeclaratieAntwoord",
        "client": "Client",
        "prestatie": "Prestatie",
        "submitted": "submitted",
        "granted": "granted",
        "totals": "Totals",
        "rejected": "rejected",
        "consistent": "Consistent: the answer fits the declaration.",
        "inconsistent": "NOT consistent:",
        "status": "status",
        "codes": "retourcodes",
        "unknown": "unknown code",
        "not_assessed": "not assessed",
        "technical-rejection": "Declaration technically rejected ({codes}): nothing assessed, "
        "{submitted} not granted.",
        "header-rejected": "Header rejected ({codes}): declaration not assessed, "
        "{submitted} not granted.",
        "declaration-rejected": "Declaration rejected ({codes}): {submitted} not granted.",
        "partly-rejected": "Declaration partly granted: {granted} of {submitted}.",
        "fully-accepted": "Declaration fully granted: {granted}.",
        "not-answered": "This answer does not belong to this declaration:",
    },
}


def amount(cents: int | None) -> str:
    """Return signed eurocents as ``123.45 D`` / ``123.45 C`` (``-`` when unknown)."""
    if cents is None:
        return "-"
    return f"{abs(cents) / 100:.2f} {'C' if cents < 0 else 'D'}"


def _codes(result: DiffResult, codes: tuple[str, ...], lang: str) -> str:
    labels = _LABELS[lang]
    return ", ".join(
        f"{code} ({result.meaning(code, lang) or labels['unknown']})" for code in codes
    )


def lead(result: DiffResult, lang: str = "nl") -> str:
    """The outcome of the answer in one sentence, the first thing every output says."""
    codes = ", ".join(result.header_codes)
    if result.outcome == "declaration-rejected":
        codes = ", ".join(result.declaratie_codes)
    if result.outcome == "technical-rejection" and result.technical_reasons:
        codes += ": " + ", ".join(result.technical_reasons)
    return str(_LABELS[lang][result.outcome]).format(
        codes=codes or "-",
        submitted=amount(result.submitted),
        granted=amount(result.granted),
    )


def _totals_line(result: DiffResult, lang: str) -> str:
    t = _LABELS[lang]
    return (
        f"{t['totals']}: {t['submitted']} {amount(result.submitted)}, "
        f"{t['rejected']} {amount(result.rejected)}, "
        f"{t['not_assessed']} {amount(result.not_assessed)}, "
        f"{t['granted']} {amount(result.granted)}"
    )


def render_text(result: DiffResult, lang: str = "nl") -> str:
    """Return a plain-text explanation for analysts, led by the outcome.

    An answer that belongs to another declaration shows only the mismatch: no statuses or
    totals. Totals reconcile: submitted = rejected + not assessed + granted.
    """
    t = _LABELS[lang]
    lines = [
        f"{t['title']}: {result.request_message} {result.request_identificatie} -> "
        f"{result.answer_message} {result.answer_identificatie}",
        lead(result, lang),
        f"{t['number']}: {result.declaratie_nummer}",
    ]
    if not result.answers_request:
        lines.extend(f"  - {problem}" for problem in result.problems)
        lines.append(t["inconsistent"])
        return "\n".join(lines) + "\n"
    lines += [
        f"{t['header']}: {_codes(result, result.header_codes, lang) or '-'}",
        f"{t['body']}: {_codes(result, result.declaratie_codes, lang) or '-'}",
        "",
    ]
    for client in result.clients:
        lines.append(
            f"{t['client']} {client.bsn}: {t[client.status]}"
            + (f" - {_codes(result, client.codes, lang)}" if client.codes else "")
        )
        for p in client.prestaties:
            lines.append(
                f"  {t['prestatie']} {p.referentie}: {t[p.status]}; "
                f"{t['submitted']} {amount(p.submitted)}, {t['granted']} {amount(p.granted)}"
                + (f" - {_codes(result, p.codes, lang)}" if p.codes else "")
            )
    lines += ["", _totals_line(result, lang)]
    if result.consistent:
        lines.append(t["consistent"])
    else:
        lines.append(t["inconsistent"])
        lines.extend(f"  - {problem}" for problem in result.problems)
    return "\n".join(lines) + "\n"


def to_dict(result: DiffResult, lang: str = "nl") -> dict[str, Any]:
    """Return the result as plain data (the JSON shape, version 1).

    ``outcome`` and ``summary`` lead; for an answer to another declaration ``totals`` is
    ``null`` and ``clients`` empty (only the mismatch in ``problems`` means anything).
    """

    def codes(values: tuple[str, ...]) -> list[dict[str, Any]]:
        return [{"code": c, "meaning": result.meaning(c, lang)} for c in values]

    answered = result.answers_request
    return {
        "version": JSON_VERSION,
        "outcome": result.outcome,
        "summary": lead(result, lang),
        "technical_reasons": list(result.technical_reasons),
        "consistent": result.consistent,
        "problems": [
            {"check": p.check, "reason": p.reason, "where": p.where} for p in result.problems
        ],
        "request": {
            "message": result.request_message,
            "identificatie": result.request_identificatie,
            "declaratie_nummer": result.declaratie_nummer,
        },
        "answer": {
            "message": result.answer_message,
            "identificatie": result.answer_identificatie,
            "header_codes": codes(result.header_codes),
            "declaratie_codes": codes(result.declaratie_codes),
        },
        "totals": {
            "submitted_cents": result.submitted,
            "rejected_cents": result.rejected,
            "not_assessed_cents": result.not_assessed,
            "granted_cents": result.granted,
        }
        if answered
        else None,
        "counts": result.counts() if answered else {},
        "clients": [
            {
                "bsn": c.bsn,
                "status": c.status.value,
                "codes": codes(c.codes),
                "prestaties": [
                    {
                        "referentie": p.referentie,
                        "status": p.status.value,
                        "codes": codes(p.codes),
                        "submitted_cents": p.submitted,
                        "granted_cents": p.granted,
                    }
                    for p in c.prestaties
                ],
            }
            for c in (result.clients if answered else ())
        ],
    }


def render_json(result: DiffResult, lang: str = "nl") -> str:
    """Return the result as JSON (see :func:`to_dict` for the shape)."""
    return json_safe(json.dumps(to_dict(result, lang), indent=2, ensure_ascii=False)) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eee}td.num{text-align:right;font-variant-numeric:tabular-nums}
.accepted{color:#05620f}.rejected{color:#a10000}.not-assessed{color:#7a5a00}
.ok{border:2px solid #05620f;padding:.5em}.bad{border:2px solid #a10000;padding:.5em}
.warn{border:2px solid #7a5a00;padding:.5em}
@media print{body{margin:0}}
"""


def render_html(result: DiffResult, lang: str = "nl") -> str:
    """Return one self-contained HTML page (inline CSS, all data escaped) to open and print.

    The outcome leads, in a box coloured by it (green only for a fully granted declaration); an
    answer to another declaration shows only the mismatch.
    """
    t = _LABELS[lang]
    e = html.escape

    def code_cell(values: tuple[str, ...]) -> str:
        return "<br>".join(
            f"{e(c)} &ndash; {e(result.meaning(c, lang) or t['unknown'])}" for c in values
        )

    rows = []
    for client in result.clients:
        rows.append(
            f'<tr><th colspan="2">{e(t["client"])} {e(client.bsn or "-")}</th>'
            f'<td class="{client.status.value}">{e(t[client.status])}</td>'
            f'<td colspan="2"></td><td>{code_cell(client.codes)}</td></tr>'
        )
        for p in client.prestaties:
            rows.append(
                f"<tr><td></td><td>{e(p.referentie or '-')}</td>"
                f'<td class="{p.status.value}">{e(t[p.status])}</td>'
                f'<td class="num">{e(amount(p.submitted))}</td>'
                f'<td class="num">{e(amount(p.granted))}</td>'
                f"<td>{code_cell(p.codes)}</td></tr>"
            )
    box = {"fully-accepted": "ok", "partly-rejected": "warn"}.get(result.outcome, "bad")
    summary = f'<p class="{box}"><strong>{e(lead(result, lang))}</strong></p>'
    if result.consistent:
        verdict = f"<p>{e(t['consistent'])}</p>"
    else:
        items = "".join(f"<li>{e(str(p))}</li>" for p in result.problems)
        verdict = f'<div class="bad"><p>{e(t["inconsistent"])}</p><ul>{items}</ul></div>'
    head = (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
        f"<title>{e(t['title'])}</title><style>{_CSS}</style></head><body>"
        f"<h1>{e(t['title'])}</h1>{summary}"
    )
    if not result.answers_request:
        return head + verdict + "</body></html>\n"
    return (
        head + f"<p>{e(t['request'])}: {e(result.request_message)} "
        f"{e(result.request_identificatie or '-')}<br>"
        f"{e(t['answer'])}: {e(result.answer_message)} {e(result.answer_identificatie or '-')}"
        f"<br>{e(t['number'])}: {e(result.declaratie_nummer or '-')}</p>"
        f"{verdict}"
        f"<p>{e(t['header'])}: {code_cell(result.header_codes)}<br>"
        f"{e(t['body'])}: {code_cell(result.declaratie_codes)}</p>"
        f"<table><thead><tr><th>{e(t['client'])}</th><th>{e(t['prestatie'])}</th>"
        f"<th>{e(t['status'])}</th><th>{e(t['submitted'])}</th><th>{e(t['granted'])}</th>"
        f"<th>{e(t['codes'])}</th></tr></thead><tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th colspan="3">{e(t["totals"])}</th>'
        f'<td class="num">{e(amount(result.submitted))}</td>'
        f'<td class="num">{e(amount(result.granted))}</td>'
        f"<td>{e(t['rejected'])} {e(amount(result.rejected))}, {e(t['not_assessed'])} "
        f"{e(amount(result.not_assessed))}</td></tr></tfoot></table>"
        "</body></html>\n"
    )
