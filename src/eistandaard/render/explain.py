"""Explain renderers by name: an :class:`~eistandaard.answers.Explanation` as text, JSON or HTML.

One design for every family. Every output leads with the outcome in one sentence, then counts
and amounts per state and a tally per retourcode with its meaning; then a table per client /
verzekerde (BM: the order) with each line's state in words, codes with their meaning, product
code and period, and amounts. ``lang`` (``nl`` default, ``en``) sets every text; amounts are
``1.234,56 D`` in Dutch, ``1,234.56 D`` in English, signed Decimal strings in JSON. The words
are data, ``rbc/common/words/explain.toml``.
``rejected_only`` keeps only lines that are rejected or partly rejected, and rejected groups with
all their lines (not assessed: the group is rejected).

>>> from eistandaard.render.explain import EXPLAIN_RENDERERS, euro
>>> sorted(EXPLAIN_RENDERERS)
['html', 'json', 'text']
>>> euro(__import__("decimal").Decimal("-1234.5"), "nl")
'1.234,50 C'
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from eistandaard.answers.explanation import JSON_VERSION, Code, Explanation, Group, Line, State
from eistandaard.core.arguments import expect
from eistandaard.core.money import Money
from eistandaard.core.text import quoted
from eistandaard.render.safe import json_safe
from eistandaard.standards.wording import in_lang, said_error, texts_in

__all__ = [
    "EXPLAIN_RENDERERS",
    "euro",
    "explanation_to_dict",
    "outcome_words",
    "render_explanation",
    "summary_sentence",
]

_SHOWN = (State.REJECTED, State.PARTLY_REJECTED)


def _t(lang: str) -> Mapping[str, str]:
    """The words of the explanation in ``lang`` (``rbc/common/words/explain.toml``)."""
    return texts_in("words/explain.toml", lang)


def euro(value: Decimal | None, lang: str = "nl") -> str:
    """An amount as ``1.234,56 D`` (nl) or ``1,234.56 D`` (en); credit is ``C``, none ``-``."""
    if value is None:
        return "-"
    return Money.of(value).text(lang)  # the one money type and its one text formatter


def _signed(value: Decimal) -> str:
    return f"{value:.2f}"


def outcome_words(outcome: str, lang: str = "nl", *, plain: bool = False) -> str:
    """An outcome in words of ``lang``, for people: ``gedeeltelijk toegekend``.

    ``outcome`` is an :class:`~eistandaard.answers.result.Outcome`, an
    :attr:`Explanation.outcome` (``partly-rejected``), or ``error`` (an ``ei return`` run whose
    check failed); words: ``word:<outcome>`` of ``rbc/common/words/explain.toml``. ``plain``
    is for an answer without amounts (the retour messages 302-320, IV032): nothing is
    "granted" there, an accepted message is ``geaccepteerd`` and ``rejected`` (the whole
    message) has words too.
    An outcome without words (none today) is returned as it is.

    >>> outcome_words("fully-accepted"), outcome_words("fully-accepted", "en")
    ('geheel toegekend', 'fully granted')
    >>> outcome_words("fully-accepted", plain=True), outcome_words("rejected", "en", plain=True)
    ('geaccepteerd', 'rejected')
    """
    t = _t(lang)
    if plain and f"word:{outcome}:plain" in t:
        return t[f"word:{outcome}:plain"]
    return t.get(f"word:{outcome}", str(outcome))


def summary_sentence(explained: Explanation, lang: str = "nl") -> str:
    """The outcome in one sentence: the first thing every output says."""
    t = _t(lang)
    rejecting = [c.code for c in explained.top_codes if c.rejects] or [
        c.code for c, _ in explained.tally() if c.rejects
    ]
    codes = ", ".join(dict.fromkeys(rejecting))
    if explained.technical_reasons:
        codes += ": " + ", ".join(explained.technical_reasons)
    elif explained.reasons_sought and explained.outcome == "technical-rejection":
        codes += ": " + t["no_technical_reason"]
    codes = f" ({codes})" if codes else ""  # no code rejects: no "(-)" in the sentence
    totals = explained.totals
    values = {
        "request": explained.request_message,
        "answer": explained.answer_message,
        "codes": codes,
        "submitted": euro(totals.submitted if totals else None, lang),
        "granted": euro(totals.granted if totals else None, lang),
        "rejected": euro(totals.rejected if totals else None, lang),
        "not_assessed": euro(totals.not_assessed if totals else None, lang),
    }
    key = f"outcome:{explained.outcome}"
    if totals is None and explained.answers_request:  # a message without amounts (IV032)
        key += ":plain"
    if explained.answer_unreadable:  # not another request's answer: one that cannot be read
        key += ":unreadable"
    sentence = t.get(key, explained.outcome).format(**values)
    if explained.answers_request and explained.problems:  # the truth first: it does not fit
        n = len(explained.problems)
        count = t["problem_count:1"] if n == 1 else t["problem_count:n"].format(n=n)
        sentence = t["inconsistent_lead"].format(count=count) + sentence
    return sentence


def _word(t: Mapping[str, str], state: str, explained: Explanation) -> str:
    """A state in words; "accepted" is "no remark" for a message without amounts (IV032)."""
    if explained.totals is None and f"{state}:plain" in t:
        return t[f"{state}:plain"]
    return t[state]


def _keep(group: Group, rejected_only: bool) -> tuple[Line, ...]:
    """The lines of ``group`` shown.

    With ``rejected_only``: the rejected and partly rejected ones, and every line of a rejected
    group (not assessed, because the group is rejected).
    """
    if not rejected_only or group.state is State.REJECTED:
        return group.lines
    return tuple(line for line in group.lines if line.state in _SHOWN)


def _groups(explained: Explanation, rejected_only: bool) -> list[tuple[Group, tuple[Line, ...]]]:
    """The groups shown with their lines.

    Every group, or (``rejected_only``) a rejected group, one with a rejecting code of its own,
    or one with rejected lines.
    """
    kept = []
    for group in explained.groups:
        lines = _keep(group, rejected_only)
        if (
            lines
            or not rejected_only
            or group.state is State.REJECTED
            or any(c.rejects for c in group.codes)
        ):
            kept.append((group, lines))
    return kept


def _code_text(code: Code, lang: str, *, betrokken: bool = True) -> str:
    t = _t(lang)
    text = f"{code.code} {code.meaning(lang) or '(' + t['unknown'] + ')'}"
    if betrokken and code.betrokken:
        text += " [" + ", ".join(f"{k}={v}" for k, v in code.betrokken) + "]"
    return text


def _period(line: Line) -> str:
    if not line.period:
        return ""
    begin, end = line.period
    return f"{begin or ''}..{end}" if end else (begin or "")


# -- text --------------------------------------------------------------------------------------


def render_text(
    explained: Explanation, lang: str = "nl", *, rejected_only: bool = False, lines: bool = True
) -> str:
    """Plain text: the summary first (sentence, totals, counts, retourcodes), then each group.

    :param lines: ``False`` stops after the summary (what ``ei return`` prints).
    """
    t = _t(lang)
    out = [summary_sentence(explained, lang)]
    out.append(
        f"{t['answer']}: {explained.answer_message} {explained.answer_reference or ''}".rstrip()
        + f" ({t['responder']} {t[explained.responder]})"
    )
    if explained.problems:
        out.append(t["inconsistent"])
        out += [f"  - {in_lang(problem, lang)}" for problem in explained.problems]
    else:
        out.append(t["consistent"])
    if not explained.answers_request:
        return "\n".join(out) + "\n"
    if explained.totals is not None:
        out.append(_totals_text(explained, lang))
    counts = explained.counts()
    out.append(
        f"{t['counts']}: "
        + "; ".join(
            f"{t[kind]} "
            + ", ".join(f"{n} {_word(t, state, explained)}" for state, n in counts[kind].items())
            for kind in ("groups", "lines")
        )
    )
    tally = explained.tally()
    if tally:
        out.append(f"{t['tally']}:")
        out += [
            f"  {t['times'].format(n=n)} {_code_text(code, lang, betrokken=False)}"
            for code, n in tally
        ]
    for code in explained.top_codes:
        out.append(f"{code.where}: {_code_text(code, lang)}")
    if not lines:
        return "\n".join(out) + "\n"
    shown = _groups(explained, rejected_only)
    if rejected_only and shown:  # the label only above what it labels
        out.append(f"({t['only_rejected']})")
    elif rejected_only:  # nothing to list: say so in words
        out.append(t["no_rejected"])
    for group, kept in shown:
        head = f"{group.kind} {group.key}" if group.key else group.kind
        out.append(f"{head}: {_word(t, group.state.value, explained)}")
        out += [f"  {_code_text(code, lang)}" for code in group.codes]
        for line in kept:
            detail = " ".join(part for part in (line.product or "", _period(line)) if part)
            a = line.amounts
            money = (
                f", {t['submitted']} {euro(a.submitted, lang)}, "
                f"{t['granted']} {euro(a.granted, lang)}"
                if explained.totals is not None
                else ""
            )
            out.append(
                f"  {line.kind} {line.key or '-'}"
                + (f" ({detail})" if detail else "")
                + f": {_word(t, line.state.value, explained)}{money}"
            )
            out += [f"    {_code_text(code, lang)}" for code in line.codes]
    return "\n".join(out) + "\n"


def _totals_text(explained: Explanation, lang: str) -> str:
    t = _t(lang)
    a = explained.totals
    assert a is not None
    return (
        f"{t['totals']}: {t['submitted']} {euro(a.submitted, lang)} = "
        f"{t['granted']} {euro(a.granted, lang)} + {t['rejected_amount']} "
        f"{euro(a.rejected, lang)} + {t['not_assessed_amount']} {euro(a.not_assessed, lang)}"
    )


# -- JSON --------------------------------------------------------------------------------------


def _amounts(value: Any) -> dict[str, str]:
    return {
        "submitted": _signed(value.submitted),
        "granted": _signed(value.granted),
        "rejected": _signed(value.rejected),
        "not_assessed": _signed(value.not_assessed),
    }


def _code(code: Code, lang: str) -> dict[str, Any]:
    return {
        "code": code.code,
        "where": code.where,
        "meaning": code.meaning(lang),
        "rejects": code.rejects,
        "betrokken": [{"element": k, "value": v} for k, v in code.betrokken],
    }


def explanation_to_dict(
    explained: Explanation, lang: str = "nl", *, rejected_only: bool = False
) -> dict[str, Any]:
    """The versioned JSON shape of an explanation (docs/json-format.md), as plain data."""
    answered = explained.answers_request
    amounts = explained.totals is not None  # messages without amounts (IV032) give null

    def _amounts_of(value: Any) -> dict[str, str] | None:
        return _amounts(value) if amounts else None

    places = explained.places()

    return {
        "format": "eistandaard-explanation",
        "version": JSON_VERSION,
        "lang": lang,
        "family": explained.family,
        "convention": explained.convention,
        "request": {"message": explained.request_message, "reference": explained.request_reference},
        "answer": {
            "message": explained.answer_message,
            "reference": explained.answer_reference,
            "responder": explained.responder,
        },
        "summary": summary_sentence(explained, lang),
        "outcome": explained.outcome,
        "state": explained.state.value,
        "consistent": explained.consistent,
        "problems": [in_lang(problem, lang) for problem in explained.problems],
        "technical_reasons": list(explained.technical_reasons),
        "totals": _amounts(explained.totals) if explained.totals is not None else None,
        "counts": explained.counts() if answered else None,
        "tally": [
            {
                **_code(code, lang),
                "count": n,
                "places": [
                    {"class": place.where, "key": place.key, "group": place.group}
                    for place in places.get(code.code, ())
                ],
            }
            for code, n in explained.tally()
        ],
        "top_codes": [_code(code, lang) for code in explained.top_codes],
        "rejected_only": rejected_only,
        "groups": [
            {
                "kind": group.kind,
                "key": group.key,
                "state": group.state.value,
                "codes": [_code(code, lang) for code in group.codes],
                "amounts": _amounts_of(group.amounts),
                "lines": [
                    {
                        "kind": line.kind,
                        "key": line.key,
                        "state": line.state.value,
                        "product": line.product,
                        "period": list(line.period) if line.period else None,
                        "codes": [_code(code, lang) for code in line.codes],
                        "amounts": _amounts_of(line.amounts),
                    }
                    for line in lines
                ],
            }
            for group, lines in _groups(explained, rejected_only)
        ],
    }


def render_json(explained: Explanation, lang: str = "nl", *, rejected_only: bool = False) -> str:
    """The explanation as versioned JSON (``format`` ``eistandaard-explanation``)."""
    document = explanation_to_dict(explained, lang, rejected_only=rejected_only)
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eee}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}
.accepted{color:#05620f}.rejected{color:#a10000;font-weight:bold}
.partly-rejected{color:#a15c00;font-weight:bold}.not-assessed{color:#555}
div.summary{border:3px solid #555;padding:.5em 1em;margin-bottom:1em;color:#111}
td.period,td.key{white-space:nowrap}h2 .codes{font-size:.8em;font-weight:normal}
.summary.accepted{border-color:#05620f}.summary.rejected{border-color:#a10000}
.summary.partly-rejected{border-color:#a15c00}.summary.not-answered{border-color:#a10000}
@media print{body{margin:0}thead{display:table-header-group}tr{break-inside:avoid}
.grand{display:none}}
"""


def render_html(explained: Explanation, lang: str = "nl", *, rejected_only: bool = False) -> str:
    """One self-contained printable page (inline CSS, all data escaped), the summary first.

    A table per group; each line's state in words and colour, its codes with their meaning,
    product code and period, amounts right-aligned. Printing repeats each table's header row
    and leaves out the grand totals block (it is in the summary).
    """
    t = _t(lang)
    e = html.escape
    state = explained.state.value
    title = t["title"].format(answer=explained.answer_message, request=explained.request_message)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{e(title)}</h1>",
        f'<div class="summary {e(state)}" id="summary"><p><strong>'
        f"{e(summary_sentence(explained, lang))}</strong></p>",
    ]
    if explained.answers_request:
        if explained.totals is not None:
            parts.append(f"<p>{e(_totals_text(explained, lang))}</p>")
        counts = explained.counts()
        parts.append(
            "<p>"
            + "<br>".join(
                f"{e(t[kind])}: "
                + ", ".join(f"{n} {e(_word(t, s, explained))}" for s, n in counts[kind].items())
                for kind in ("groups", "lines")
            )
            + "</p>"
        )
    if explained.problems:
        items = "".join(f"<li>{e(in_lang(p, lang))}</li>" for p in explained.problems)
        parts.append(f"<p>{e(t['inconsistent'])}</p><ul>{items}</ul>")
    else:
        parts.append(f"<p>{e(t['consistent'])}</p>")
    parts.append("</div>")
    parts.append(
        f"<p>{e(t['request'])}: {e(explained.request_message)} "
        f"{e(explained.request_reference or '')}<br>{e(t['answer'])}: "
        f"{e(explained.answer_message)} {e(explained.answer_reference or '')} "
        f"({e(t['responder'])} {e(t[explained.responder])})</p>"
    )
    if not explained.answers_request:
        return "".join(parts) + "</body></html>\n"
    tally = explained.tally()
    if tally:
        rows = "".join(
            f"<tr><td>{e(code.code)}</td><td>{e(code.meaning(lang) or t['unknown'])}</td>"
            f'<td class="num">{n}</td></tr>'
            for code, n in tally
        )
        parts.append(
            f"<h2>{e(t['tally'])}</h2><table><thead><tr><th>{e(t['codes'])}</th><th></th>"
            f'<th class="num">#</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    for code in explained.top_codes:
        parts.append(f"<p>{e(code.where)}: {e(_code_text(code, lang))}</p>")
    shown = _groups(explained, rejected_only)
    if rejected_only and shown:
        parts.append(f"<p><em>{e(t['only_rejected'])}</em></p>")
    elif rejected_only:  # nothing to list: words, not an empty table
        parts.append(f"<p><em>{e(t['no_rejected'])}</em></p>")

    money = explained.totals is not None  # a message without amounts (IV032): no columns
    for group, lines in shown:
        head = f"{group.kind} {group.key}" if group.key else group.kind
        own = "".join(
            f'<br><span class="codes">{e(_code_text(code, lang))}</span>' for code in group.codes
        )
        parts.append(
            f'<h2>{e(head)}: <span class="{group.state.value}">'
            f"{e(_word(t, group.state.value, explained))}</span>"
            f"{own}</h2>"
        )
        rows = "".join(
            f'<tr><td class="key">{e(line.kind)} {e(line.key or "-")}</td>'
            f"<td>{e(line.product or '')}</td>"
            f'<td class="period">{e(_period(line))}</td>'
            f'<td class="{line.state.value}">{e(_word(t, line.state.value, explained))}</td>'
            f"<td>{'<br>'.join(e(_code_text(code, lang)) for code in line.codes)}</td>"
            + (
                f'<td class="num">{e(euro(line.amounts.submitted, lang))}</td>'
                f'<td class="num">{e(euro(line.amounts.granted, lang))}</td>'
                if money
                else ""
            )
            + "</tr>"
            for line in lines
        )
        amounts_head = (
            f'<th class="num">{e(t["submitted"])}</th><th class="num">{e(t["granted"])}</th>'
            if money
            else ""
        )
        foot = (
            f'<tfoot><tr><th colspan="5">{e(t["totals"])} {e(head)}</th>'
            f'<td class="num">{e(euro(group.amounts.submitted, lang))}</td>'
            f'<td class="num">{e(euro(group.amounts.granted, lang))}</td></tr></tfoot>'
            if money
            else ""
        )
        if rejected_only and not lines:  # a group shown for its own code: no empty table
            continue
        parts.append(
            f"<table><thead><tr><th>{e(t['line'])}</th><th>{e(t['product'])}</th>"
            f"<th>{e(t['period'])}</th><th>{e(t['state'])}</th><th>{e(t['codes'])}</th>"
            f"{amounts_head}</tr></thead><tbody>{rows}</tbody>{foot}</table>"
        )
    if explained.totals is not None:
        parts.append(f'<p class="grand">{e(_totals_text(explained, lang))}</p>')
    return "".join(parts) + "</body></html>\n"


Renderer = Callable[..., str]

EXPLAIN_RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "html": render_html,
}
"""Explain renderers by name: ``render(explanation, lang, *, rejected_only=False) -> str``."""


def render_explanation(
    explained: Explanation, fmt: str = "text", lang: str = "nl", *, rejected_only: bool = False
) -> str:
    """Render with the renderer named ``fmt`` (``text``, ``json``, ``html``).

    :param explained: what :func:`eistandaard.explain` returned.
    :param lang: ``nl`` or ``en`` (any other text is Dutch).
    :raises UnknownFormatError: (an ``InputError`` and a ``KeyError``) for a name no renderer
        has; the reason lists the known ones.
    :raises InputError: an argument of the wrong kind, naming it (never an ``AttributeError``).
    """
    from eistandaard.render.registry import UnknownFormatError

    expect("explained", explained, Explanation, "explanation", optional=False)
    expect("fmt", fmt, str, "text", optional=False)
    expect("lang", lang, str, "text", optional=False)
    expect("rejected_only", rejected_only, bool, "bool")
    renderer = EXPLAIN_RENDERERS.get(fmt)
    if renderer is None:
        known = ", ".join(sorted(EXPLAIN_RENDERERS))
        raise UnknownFormatError(said_error("render-unknown-format", name=quoted(fmt), known=known))
    return renderer(explained, lang, rejected_only=rejected_only)
