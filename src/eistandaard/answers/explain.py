"""The one explain engine: :func:`explain` an answer against its request, for every family.

The catalog says which family and convention a request belongs to; the convention's comparison
(iStandaarden IV028/IV087: :func:`eistandaard.diff.diff`; Vektis STB 5.3-5.8:
:func:`eistandaard.conventions.vektis.gds.diff_gds`,
:func:`eistandaard.conventions.vektis.bm.diff_bm`) checks the pair, and this
module turns its findings into one :class:`~eistandaard.answers.explanation.Explanation`,
deciding every state top down and reading product and period of each line from the request
with the names of ``rbc/common/explain.toml``.

>>> import eistandaard
>>> request = "fixtures/iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
>>> import datetime
>>> report = eistandaard.validate(request, as_of=datetime.date(2024, 5, 10))
>>> answer = eistandaard.build_return(request, report, identificatie="R-1",
...     dagtekening="2024-05-10").message
>>> explained = eistandaard.explain(request, answer)
>>> explained.outcome, explained.state.value, str(explained.totals.granted)
('fully-accepted', 'accepted', '562.00')
"""

from __future__ import annotations

import datetime as dt
import importlib
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from eistandaard.answers.explanation import ZERO, Amounts, Code, Explanation, Group, Line, State
from eistandaard.core import clock, xml
from eistandaard.core.arguments import expect, expect_items
from eistandaard.core.errors import DataError, EIError, InputError
from eistandaard.core.findings import Severity
from eistandaard.core.message import Message
from eistandaard.core.money import Money
from eistandaard.levels.intake import read_document
from eistandaard.standards.catalog import Catalog, MessageSpec, default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.resources import data_dir
from eistandaard.standards.wording import Worded, said_error, worded

__all__ = [
    "Comparison",
    "Fact",
    "LineView",
    "Pair",
    "Source",
    "Verdict",
    "answer_refused_at_reception",
    "explain",
    "identify_pair",
    "line_view",
    "named_request",
    "names_other",
    "read_tree",
    "refused_at_reception",
]

Source = Message | bytes | str | Path | etree._ElementTree | etree._Element
"""A message: a :class:`~eistandaard.Message` (parsed once), its bytes, a path, or a tree."""


@attrs.frozen
class LineView:
    """How one convention or family shows its lines (``rbc/common/explain.toml``)."""

    group: str
    group_key: tuple[str, ...]
    line: tuple[str, ...]
    line_key: str
    product: str | None
    period: tuple[str, ...]
    top: tuple[str, ...] = ()
    line_kinds: Mapping[str, str] = attrs.field(factory=dict)
    no_rejection: frozenset[str] = frozenset()
    not_assessed: frozenset[str] = frozenset()


@cache
def _views() -> Mapping[str, LineView]:
    path = data_dir("rbc") / "common" / "explain.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return {
            name: LineView(
                group=str(entry["group"]),
                group_key=tuple(entry["group_key"]),
                line=tuple(entry["line"]),
                line_key=str(entry["line_key"]),
                product=entry.get("product"),
                period=tuple(entry.get("period", ())),
                top=tuple(entry.get("top", ())),
                line_kinds=dict(entry.get("line_kinds", {})),
                no_rejection=frozenset(entry.get("no_rejection", ())),
                not_assessed=frozenset(entry.get("not_assessed", ())),
            )
            for name, entry in raw.items()
            if isinstance(entry, dict)
        }
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise DataError(f"{path}: {exc}") from exc


def line_view(spec: MessageSpec) -> LineView:
    """The line view of a request's family (else its convention).

    :raises DataError: when ``rbc/common/explain.toml`` has neither.
    """
    views = _views()
    found = views.get(spec.family) or views.get(spec.release.convention)
    if found is None:
        raise DataError(f"rbc/common/explain.toml has no entry for {spec.family}")
    return found


def read_tree(source: Source, *, what: str = "") -> etree._ElementTree:
    """A message as a tree, parsed at most once.

    A :class:`~eistandaard.Message` gives its own tree (parsed by :func:`eistandaard.validate`),
    a tree is taken as it is; bytes, a path or a stream are read through level 1
    (:func:`eistandaard.levels.intake.read_document`: size limit, no DOCTYPE, parser limits,
    comments and processing instructions removed), as :func:`eistandaard.validate` reads them.

    :param what: how an error names the source (``the answer``); ``""``: "the message".
    :raises UnreadableError: (an ``InputError``) level 1 refused the document.
    :raises SourceError, SourceTypeError, SourceNotFoundError: a source that cannot be used.
    """
    if isinstance(source, Message):
        return source.tree
    if isinstance(source, etree._ElementTree):
        return source
    if isinstance(source, etree._Element):
        return source.getroottree()
    return read_document(source, what=what)


_WRONG_WAY = {
    ("retour", "heen"): "explain-swapped",
    ("heen", "heen"): "explain-answer-is-request",
    ("retour", "retour"): "explain-request-is-answer",
}
"""(direction of REQUEST, direction of ANSWER) -> the refusal of ``rbc/common/errors.toml``."""


def identify_pair(
    request: etree._ElementTree,
    answer: etree._ElementTree,
    catalog: Catalog,
    *,
    labels: tuple[str, str] | None = None,
) -> tuple[MessageSpec, MessageSpec]:
    """The catalog specs of a request and its answer: THE check of what each of the two is.

    Every reader of a pair (:func:`explain`, :func:`eistandaard.diff`, ``ei diff``,
    ``POST /explain``) asks here, so each gets the same words.

    :param labels: how the two are named in an error (``ei diff``: ``REQUEST r.xml`` and
        ``ANSWER a.xml``; a path given to :func:`explain`: ``the answer a.xml``; default
        ``the request`` / ``the answer``, in both languages).
    :raises InputError: either is no message of the catalog; they are swapped ("... is a
        WMO325, an answer: did you swap REQUEST and ANSWER?"); both are requests ("... is a
        WMO301, a request, not an answer (a WMO323 is answered by a WMO325)") or both answers;
        an argument of the wrong kind.
    """
    expect("request", request, etree._ElementTree, "xml-tree", optional=False)
    expect("answer", answer, etree._ElementTree, "xml-tree", optional=False)
    expect("catalog", catalog, Catalog, "catalog", optional=False)
    if labels is not None:
        expect_items("labels", labels, _is_text, "two-names", count=2)
    req = catalog.identify(request.getroot())
    ans = catalog.identify(answer.getroot())
    req_label, ans_label = labels or (said_error("label-request"), said_error("label-answer"))
    directions = (req.direction, ans.direction) if req and ans else None
    if req and ans and directions in _WRONG_WAY:
        raise InputError(
            said_error(
                _WRONG_WAY[directions],
                req_label=req_label,
                req_name=req.name,
                req_request=req.request,
                req_answer=req.answer,
                ans_label=ans_label,
                ans_name=ans.name,
            )
        )
    return _checked(req, request, req_label, catalog), _checked(ans, answer, ans_label, catalog)


def _checked(
    spec: MessageSpec | None, tree: etree._ElementTree, label: str, catalog: Catalog
) -> MessageSpec:
    """``spec``, or the one refusal of a message the catalog does not check (request or answer).

    :raises InputError: ``spec`` is ``None``; the text says why (unknown, retired (EI121),
        another release (EI122)).
    """
    if spec is None:
        why_not = catalog.why_not(tree.getroot())
        raise InputError(said_error("explain-not-checked", label=label, why_not=why_not))
    return spec


def _labels(request: Source, answer: Source) -> tuple[str, str]:
    """``the request``/``the answer``, with the file or message name when there is one."""

    def label(role: str, source: Source) -> str:
        name = source.name if isinstance(source, Message) else source
        if isinstance(name, str | Path) and str(name) and not str(name).startswith("<"):
            # a path, or a Message's file name (not "<bytes>")
            return said_error(f"label-{role}-named", name=str(name))
        return said_error(f"label-{role}")

    return label("request", request), label("answer", answer)


def _is_text(item: object) -> bool:
    return isinstance(item, str)


def explain(
    request: Source,
    answer: Source,
    *,
    catalog: Catalog | None = None,
    codelists: CodeLists | None = None,
    reasons: bool = True,
    labels: tuple[str, str] | None = None,
    as_of: dt.date | str | None = None,
    check_schemas: bool = True,
) -> Explanation:
    """Explain an answer against its request: the same :class:`Explanation` for every family.

    :param request: the request (WMO323, JW323, GDS801, BM801): bytes, a path or a parsed tree.
    :param answer: its answer (WMO325, JW325, GDS802, BM802).
    :param codelists: the code lists the answer's retourcodes are checked with (iStandaarden).
    :param reasons: for a technical rejection (0001), validate the request again at level 3 on
        the answer's date to name the rules it fails (``technical_reasons``).
    :param labels: how the two are named in an error (default: ``the request``/``the answer``,
        with the path or the message's name when given one).
    :param as_of: the peildatum of the date checks (the 0001 reasons, the answer's codes on their
        list) instead of the answer's own date; a date or ``YYYY-MM-DD`` text.
    :param check_schemas: check both messages against their XSD (level 2: a request or an answer
        that fails it cannot be part of an exchange). ``False`` only where both were checked
        already: :func:`~eistandaard.build_return` explains the answer it built (the request's
        report and the answer's self-check did).
    :raises InputError: either is unreadable or no message of the catalog, they are swapped,
        or both are requests or both answers (:func:`identify_pair` names what each is); a
        keyword of the wrong kind (:mod:`eistandaard.core.arguments`), never an
        ``AttributeError`` or ``TypeError``.
    """
    expect("catalog", catalog, Catalog, "catalog")
    expect("codelists", codelists, CodeLists, "codelists")
    expect("reasons", reasons, bool, "bool")
    expect("check_schemas", check_schemas, bool, "bool")
    if labels is not None:
        expect_items("labels", labels, _is_text, "two-names", count=2)
    cat = catalog or default_catalog()
    peildatum = clock.peildatum(as_of, "as_of")
    names = labels or _labels(request, answer)
    # each named when it cannot be read: "the answer cannot be read: EI108 ..." (two messages
    # of bytes, as POST /explain gives, were both "the message")
    req_tree, ans_tree = read_tree(request, what=names[0]), read_tree(answer, what=names[1])
    req_spec, ans_spec = identify_pair(req_tree, ans_tree, cat, labels=names)
    # an answer of another message, or to a request VECOZO refused: no states, only the mismatch
    mismatch = _other_message(req_spec, ans_spec, req_tree, ans_tree)
    if not mismatch and check_schemas:
        mismatch = refused_at_reception(req_spec, req_tree, ans_spec)
    if mismatch:
        return _unanswered(req_spec, ans_spec, req_tree, ans_tree, mismatch)
    # the answer's own XSD, checked before any typed model reads it (docs/returns.md)
    refused_answer = answer_refused_at_reception(ans_spec, ans_tree) if check_schemas else ()
    view = line_view(req_spec)
    try:
        found = _comparison(
            Pair(req_tree, ans_tree, req_spec, ans_spec, view, cat, codelists, reasons, peildatum)
        )
    except InputError:
        if not refused_answer:
            raise
        # what the answer says cannot be read (a Vektis model lacks the element): only the problem
        unread = _unanswered(req_spec, ans_spec, req_tree, ans_tree, refused_answer)
        return attrs.evolve(unread, answer_unreadable=True)
    if refused_answer:
        problems = (*refused_answer, *found.base.get("problems", ()))
        found = attrs.evolve(found, base={**found.base, "problems": problems})
    explained = _walk(view, found)
    explained = attrs.evolve(
        explained,
        request_reference=explained.request_reference
        or req_spec.identity(req_tree.getroot()).identificatie,
        answer_reference=explained.answer_reference
        or ans_spec.identity(ans_tree.getroot()).identificatie,
    )
    return _with_details(explained, req_tree, view)


def _unanswered(
    request: MessageSpec,
    answer: MessageSpec,
    request_tree: etree._ElementTree,
    answer_tree: etree._ElementTree,
    problems: tuple[str, ...],
) -> Explanation:
    """The explanation of an answer that says nothing of this request: only ``problems``."""
    return Explanation(
        family=request.family,
        convention=request.release.convention,
        request_message=request.name,
        answer_message=answer.name,
        responder="receiver",
        outcome="not-answered",
        state=State.NOT_ANSWERED,
        top_codes=(),
        groups=(),
        totals=None,
        problems=problems,
        request_reference=request.identity(request_tree.getroot()).identificatie,
        answer_reference=answer.own_identification(answer_tree.getroot())[0],
    )


def _schema_errors(spec: MessageSpec, tree: etree._ElementTree) -> list[Any]:
    """The level-2 (XSD) errors of a message, in document order (empty: it passes).

    Empty too when its schema cannot be used here (the explanation is then as before).
    """
    from eistandaard.levels.structure import check_structure  # lxml's XSD layer, on demand

    try:
        findings = check_structure(spec, tree)
    except EIError:
        return []
    return [f for f in findings if f.severity is Severity.ERROR]


def _first_schema_error(errors: list[Any]) -> dict[str, Any]:
    """The fields of a schema problem's text: the codes, where the first is, what it says."""
    first = errors[0]
    place = first.locations[0] if first.locations else None
    return {
        "codes": sorted({f.code for f in errors}),
        "where": worded("answer-to-refused-request-where", line=place.line, path=place.xpath)
        if place is not None and place.line is not None and place.xpath
        else first.code,
        "first": Worded(first.text("en"), first.text("nl")),
    }


def refused_at_reception(
    request: MessageSpec, tree: etree._ElementTree, answer: MessageSpec
) -> tuple[str, ...]:
    """Why no answer can exist: the request fails its XSD (level 2), so VECOZO refused it.

    A message that is not XSD-valid gets a foutbericht from VECOZO and never reaches the
    receiver: no WMO325/JW325 (IV028), no GDS802 or BM802 (DOMAIN.md, levels 1-2). Empty when the
    request passes, or when its schema cannot be used here (the explanation is then as before).
    """
    errors = _schema_errors(request, tree)
    if not errors:
        return ()
    return (
        worded(
            "answer-to-refused-request",
            request=request.name,
            answer=answer.name,
            **_first_schema_error(errors),
        ),
    )


def answer_refused_at_reception(answer: MessageSpec, tree: etree._ElementTree) -> tuple[str, ...]:
    """Why the answer is not what VECOZO passes on: it fails its own XSD (level 2).

    The same kind as :func:`refused_at_reception`, on the answer side, checked before any typed
    model reads the answer, in every family. The problem makes the explanation inconsistent;
    what the answer says is still shown when it can be read (iStandaarden trees), else it is
    ``not-answered`` with only this problem (a Vektis model that lacks the element). Empty when
    the answer passes, or when its schema cannot be used here.
    """
    errors = _schema_errors(answer, tree)
    if not errors:
        return ()
    return (worded("answer-fails-its-xsd", answer=answer.name, **_first_schema_error(errors)),)


# -- does the answer belong to this request? One place for every family ----------------------


def named_request(identificatie: str | None, dagtekening: str | None) -> Worded:
    """A request as an answer or a request names it: ``X of 2026-03-10`` / ``X van ...``."""
    if not identificatie:
        return worded("answer-no-identification")
    if not dagtekening:
        return Worded(identificatie, identificatie)
    return worded("answer-identification-day", identificatie=identificatie, dagtekening=dagtekening)


def names_other(
    request_spec: MessageSpec,
    answer_spec: MessageSpec,
    request: etree._Element,
    answer: etree._Element,
) -> Worded | None:
    """The mismatch when ``answer`` names another request than ``request`` (``None``: same).

    What the answer names is read where its catalog entry says (``refers``: the 325's
    DeclaratieIdentificatie, a retour's copied Header, a Vektis Referentienummer); the request's
    own identification from its Header. A dagtekening only one of them gives is not compared.
    """
    got_id, got_day = answer_spec.answered(answer)
    wanted = request_spec.identity(request)
    wanted_id, wanted_day = wanted.identificatie, wanted.dagtekening
    same_day = got_day is None or wanted_day is None or got_day == wanted_day
    same_kind = answer_spec.request == request_spec.name
    if same_kind and got_id == wanted_id and same_day:
        return None
    return worded(
        "answer-names-other",
        answers=answer_spec.request or answer_spec.name,
        got=named_request(got_id, got_day),
        request=request_spec.name,
        wanted=named_request(wanted_id, wanted_day if got_day is not None else None),
    )


def _other_message(
    request_spec: MessageSpec,
    answer_spec: MessageSpec,
    request: etree._ElementTree,
    answer: etree._ElementTree,
) -> tuple[str, ...]:
    """Why the answer is another message than the one that answers this request (empty: it is).

    Then it belongs to another request: not answered, only the mismatch (issue 10 item 5).
    """
    same_message = (
        answer_spec.request == request_spec.name and answer_spec.family == request_spec.family
    )
    if same_message and answer_spec.release.release == request_spec.release.release:
        return ()
    if same_message:
        # GDS 1.0 and 2.0 share a namespace: only the Header's version tells them apart, and an
        # answer is of its request's release
        named = {**answer_spec.named("answer"), **request_spec.named("request")}
        return (worded("answer-other-release", **named),)
    found: list[str] = [
        worded(
            "answer-wrong-message",
            answer=answer_spec.name,
            answers=answer_spec.request or "?",
            request=request_spec.name,
        )
    ]
    other = names_other(request_spec, answer_spec, request.getroot(), answer.getroot())
    if other is not None:
        found.append(other)
    return tuple(found)


# -- product and period of each line, read from the request ------------------------------------


def _details(tree: etree._ElementTree, view: LineView) -> dict[tuple[str, str | None], list[Any]]:
    """Product and period of every line, by (class, key), in document order.

    One C-level pass over the lines and the elements named last in the view's paths; each
    such element counts for the line it sits in at the view's path (checked up its parents).
    """
    lines = set(view.line)
    fields = {"key": view.line_key, **({"product": view.product} if view.product else {})}
    fields.update({f"period{i}": path for i, path in enumerate(view.period)})
    wanted: dict[str, list[tuple[str, list[str]]]] = {}
    for field, path in fields.items():
        steps = path.split("/")
        wanted.setdefault(steps[-1], []).append((field, steps[:-1]))
    found: dict[tuple[str, str | None], list[Any]] = {}

    def close(line: etree._Element | None, values: dict[str, str]) -> None:
        if line is None:
            return
        dates = [values.get(f"period{i}") for i in range(len(view.period))]
        span = (dates[0], dates[1] if len(dates) > 1 else None) if dates else None
        found.setdefault((xml.local_name(line), values.get("key")), []).append(
            (values.get("product"), span)
        )

    current: etree._Element | None = None
    values: dict[str, str] = {}
    tags = [f"{{*}}{name}" for name in (*lines, *wanted)]
    for element in tree.getroot().iter(*tags):
        name = xml.local_name(element)
        if name in lines:
            close(current, values)
            current, values = element, {}
            continue
        for field, above in wanted.get(name, ()):
            node: etree._Element | None = element.getparent()
            for step in reversed(above):
                node = (
                    node.getparent() if node is not None and xml.local_name(node) == step else None
                )
            if node is current and current is not None and field not in values:
                values[field] = xml.value_of(element).strip()  # the string value, every text node
    close(current, values)
    return found


def _with_details(explained: Explanation, tree: etree._ElementTree, view: LineView) -> Explanation:
    if not explained.groups:
        return explained
    queues = _details(tree, view)
    groups = []
    for group in explained.groups:
        lines = []
        for line in group.lines:
            queue = queues.get((line.kind, line.key))
            if queue:
                product, period = queue.pop(0)
                line = attrs.evolve(line, product=product, period=period)
            lines.append(line)
        groups.append(attrs.evolve(group, lines=tuple(lines)))
    return attrs.evolve(explained, groups=tuple(groups))


# -- iStandaarden (IV028 / IV087) ---------------------------------------------------------------


@attrs.frozen
class Pair:
    """A request and its answer, identified, with what their comparison needs."""

    request: etree._ElementTree
    answer: etree._ElementTree
    request_spec: MessageSpec
    answer_spec: MessageSpec
    view: LineView
    catalog: Catalog
    codelists: CodeLists | None
    reasons: bool
    as_of: dt.date | None = None
    """The peildatum of the pair's date checks instead of the answer's date (``--as-of``)."""


def explanation_base(pair: Pair, responder: str, **more: Any) -> dict[str, Any]:
    """The fields of an :class:`Explanation` every convention fills the same way.

    :param responder: ``receiver`` or ``vecozo`` (who wrote the answer).
    :param more: the convention's own fields (``problems``, references).
    """
    return {
        "family": pair.request_spec.family,
        "convention": pair.request_spec.release.convention,
        "request_message": pair.request_spec.name,
        "answer_message": pair.answer_spec.name,
        "responder": responder,
        **more,
    }


# -- the one walk: a convention's facts -> states top down -> one Explanation ----------------------


@attrs.frozen
class Fact:
    """One line of the request as a convention's comparison found it in the answer.

    ``status``: ``accepted``, ``rejected`` or ``not-checked`` (what the answer says of the line
    itself); ``split``: (granted, rejected, not assessed), signed, as the convention counts them.
    """

    group: str | None
    kind: str
    key: str | None
    status: str
    codes: tuple[Code, ...]
    split: tuple[Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO)
    state: State | None = None
    """The line's state when the convention decides it from its class tree (IV032: a class with
    rejected classes below it is partly rejected); else the walk decides from status and split."""


Verdict = Callable[[tuple[Group, ...]], tuple[str, State]]


@attrs.frozen
class Comparison:
    """What a convention's comparison says of a pair; :func:`_walk` decides every state from it.

    The convention supplies only policy: where codes sit (``top``, ``group_codes``, each fact's
    codes), how a parent's rejection propagates (``top_rejected``: nothing below is assessed;
    the facts' status and split), amounts (``totals``, splits) and the verdict of the message.
    """

    base: Mapping[str, Any]
    top: tuple[Code, ...]
    answered: bool
    facts: tuple[Fact, ...] = ()
    groups: tuple[str | None, ...] = ()
    group_codes: Mapping[str | None, tuple[Code, ...]] = attrs.field(factory=dict)
    group_kinds: Mapping[str | None, str] = attrs.field(factory=dict)
    """A group's class when it is not the view's group (IV032: Client, Antwoord ...)."""
    group_states: Mapping[str | None, State] = attrs.field(factory=dict)
    """A group's state when the convention decides it from its class tree (IV032)."""
    top_rejected: bool = False
    totals: Amounts | None = None
    verdict: Verdict | None = None
    technical_reasons: tuple[str, ...] = ()
    reasons_sought: bool = False


def _walk(view: LineView, found: Comparison) -> Explanation:
    """THE explain walk of every family: message -> group -> line, top down."""
    if not found.answered:
        return Explanation(
            outcome="not-answered",
            state=State.NOT_ANSWERED,
            top_codes=found.top,
            groups=(),
            totals=None,
            **found.base,
        )
    lines: dict[str | None, list[Line]] = {group: [] for group in found.groups}
    for fact in found.facts:
        state, amounts = _line_state(fact.status, fact.split)
        if fact.state is not None:
            state = fact.state
        if found.top_rejected:
            state = State.NOT_ASSESSED
        lines.setdefault(fact.group, []).append(
            Line(fact.kind, fact.key, state, fact.codes, amounts)
        )
    groups: list[Group] = []
    for group, members in lines.items():
        own = tuple(found.group_codes.get(group, ()))
        state = found.group_states.get(group) or _group_state(found.top_rejected, own, members)
        kind = found.group_kinds.get(group, view.group)
        groups.append(Group(kind, group, state, own, tuple(members)))
    assert found.verdict is not None  # an answered comparison always has one
    totals, base = _reconciled(found, groups)
    outcome, verdict_state = found.verdict(tuple(groups))
    if outcome == "technical-rejection" and found.reasons_sought and not found.technical_reasons:
        # a 0001 needs a technical ground: the request was checked again and fails no rule
        unfounded = worded("answer-technical-without-reason", request=found.base["request_message"])
        base = {**base, "problems": (*base.get("problems", ()), unfounded)}
    return Explanation(
        outcome=outcome,
        state=verdict_state,
        top_codes=found.top,
        groups=tuple(groups),
        totals=totals,
        technical_reasons=found.technical_reasons,
        reasons_sought=found.reasons_sought,
        **base,
    )


def _reconciled(found: Comparison, groups: list[Group]) -> tuple[Amounts | None, Mapping[str, Any]]:
    """The message's totals, never an equation that is false, and the fields of the base.

    A convention's totals that do not reconcile (an answer whose own granted total differs:
    TotaalToegekendBedrag, TotaalToegekendBedragDC) are replaced by the sums of the lines, which
    do; the answer's own total is a problem (the convention's check names it; when none did,
    ``answer-totals-from-lines`` says so).
    """
    totals = found.totals
    if totals is None or totals.reconciles:
        return totals, found.base
    summed = Amounts()
    for group in groups:
        summed = summed + group.amounts
    problems = tuple(found.base.get("problems", ()))
    if not problems:
        problems = (
            worded(
                "answer-totals-from-lines",
                submitted=Money.of(totals.submitted),
                granted=Money.of(totals.granted),
                rejected=Money.of(totals.rejected),
                not_assessed=Money.of(totals.not_assessed),
            ),
        )
    return summed, {**found.base, "problems": problems}


def _line_state(status: str, split: tuple[Decimal, ...]) -> tuple[State, Amounts]:
    """A line's state and amounts from what the answer says of it (its parents come after)."""
    granted, rejected, not_assessed = split
    amounts = Amounts(granted + rejected + not_assessed, granted, rejected, not_assessed)
    if status in ("not-checked", "unknown") or (not_assessed and not granted and not rejected):
        return State.NOT_ASSESSED, amounts
    if status == "rejected":
        return State.REJECTED, amounts
    if rejected:
        return State.PARTLY_REJECTED, amounts
    return State.ACCEPTED, amounts


# -- iStandaarden (IV028 / IV087): the 325 ---------------------------------------------------------


def _group_state(message_rejected: bool, own: tuple[Code, ...], lines: list[Line]) -> State:
    """A group's state, top down: its parent, its own codes, then its lines.

    Rejected only by a rejection code of its own; a group whose own codes reject nothing but
    with rejected lines (all of them, too) is partly rejected (issue 10 item 5: "a class whose
    own code is none of rejection but some children are rejected").
    """
    if message_rejected:
        return State.NOT_ASSESSED
    if any(c.rejects for c in own):
        return State.REJECTED
    states = {line.state for line in lines}
    if states & {State.REJECTED, State.PARTLY_REJECTED}:
        return State.PARTLY_REJECTED
    if states and states <= {State.NOT_ASSESSED}:
        return State.NOT_ASSESSED
    return State.ACCEPTED


def _comparison(pair: Pair) -> Comparison:
    """The convention's comparison of a pair: its policy, chosen by family, else convention."""
    name = _POLICIES.get(pair.request_spec.family) or _POLICIES.get(
        pair.request_spec.release.convention
    )
    if name is None:  # pragma: no cover - every catalog family has one (test_explain)
        raise DataError(f"no explain policy for {pair.request_spec.family}")
    module, _, function = name.partition(":")
    policy: Callable[[Pair], Comparison] = getattr(importlib.import_module(module), function)
    return policy(pair)


_POLICIES: dict[str, str] = {
    "istandaarden": "eistandaard.conventions.istandaarden.explain:comparison",
    "gds": "eistandaard.conventions.vektis.explain:gds_comparison",
    "bm": "eistandaard.conventions.vektis.explain:bm_comparison",
}
"""Convention or family -> the policy that compares a pair (``module:function``, imported on
use). The policy reads where codes sit, how a parent's rejection propagates and the amounts;
:func:`_walk` decides every state from what it returns (the iStandaarden policy covers the 325,
IV028/IV087, and the retour messages of 301-319, IV032, whose class tree it reads from the class
model)."""
