"""The arguments every answer builder takes, checked once for every convention.

:func:`eistandaard.build_return` (the one return engine) and the builders of each convention it
calls, which are public too (:func:`eistandaard.conventions.istandaarden.build_return`,
:func:`~eistandaard.conventions.vektis.gds.build_gds802`,
:func:`~eistandaard.conventions.vektis.bm.builder.build_bm802`), refuse the same misuse with the
same texts (``rbc/common/errors.toml``): an argument of the wrong kind is an ``InputError`` (a
decisions object of the wrong kind a ``DecisionError``), never an ``AttributeError`` or
``TypeError``; an answer is never dated before its request; and a report is the report of the
request, not of another message of the same kind and identification.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import inspect
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from lxml import etree

from eistandaard.core import clock
from eistandaard.core.arguments import expect, expect_items
from eistandaard.core.errors import DecisionError, InputError
from eistandaard.core.findings import Finding
from eistandaard.core.message import Message, digest_of
from eistandaard.core.report import Report
from eistandaard.core.text import quoted
from eistandaard.levels.intake import DocumentSource, read_payload
from eistandaard.levels.intake.reading import clean_tree
from eistandaard.standards.catalog import Catalog, MessageSpec, default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import said_error

__all__ = [
    "RESPONDERS",
    "answer_builder",
    "answer_day",
    "decisions_object",
    "read_request",
    "refuse_decisions_of_other_kind",
    "refuse_report_of_other_content",
    "refuse_unknown_responder",
    "refuse_wrong_findings",
    "refuse_wrong_kinds",
]

RESPONDERS = ("receiver", "vecozo")
"""Who answers: the addressee (municipality, insurer, CAK), or VECOZO (Vektis messages)."""


def refuse_unknown_responder(responder: object) -> str:
    """``responder`` when it is one of :data:`RESPONDERS` (``receiver``, ``vecozo``).

    :raises InputError: any other value, naming the ones there are.
    """
    if isinstance(responder, str) and responder in RESPONDERS:
        return responder
    raise InputError(
        said_error(
            "return-unknown-responder",
            responders=", ".join(RESPONDERS),
            responder=quoted(responder),
        )
    )


def refuse_wrong_findings(findings: object) -> None:
    """``findings`` of an answer builder that is no list or tuple of findings: an ``InputError``."""
    expect_items("findings", findings, _is_finding, "findings")


def _is_finding(item: object) -> bool:
    return isinstance(item, Finding)


def refuse_wrong_kinds(
    *,
    identificatie: object = None,
    codelists: object = None,
    catalog: object = None,
    environment: object = None,
    check: object = True,
) -> None:
    """The keywords every answer builder shares, of the wrong kind: an ``InputError`` each.

    :param identificatie: text or ``None`` (the answer's BerichtIdentificatie).
    :param codelists: a :class:`~eistandaard.standards.codelists.CodeLists` or ``None``.
    :param catalog: a :class:`~eistandaard.standards.catalog.Catalog` or ``None``.
    :param environment: ``P``, ``T`` or ``None`` (the VECOZO environment, Vektis rule 8028).
    :param check: ``True`` or ``False`` (not merely true or false: ``check="no"`` would check).
    :raises InputError: naming the keyword, what it takes and the type given.
    """
    expect("identificatie", identificatie, str, "text")
    expect("codelists", codelists, CodeLists, "codelists")
    expect("catalog", catalog, Catalog, "catalog")
    if environment is not None and environment not in ("P", "T"):
        raise InputError(said_error("validate-environment", environment=quoted(environment)))
    expect("check", check, bool, "bool", optional=False)  # None would read as "do not check"


_SHARED = ("identificatie", "codelists", "catalog", "environment", "check")
"""The keywords of :func:`refuse_wrong_kinds`: an answer builder takes some or all of them."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def answer_builder(builder: Callable[_P, _R]) -> Callable[_P, _R]:
    """An answer builder whose shared keywords are refused before it runs when of the wrong kind.

    Every answer builder takes some of the keywords of :func:`refuse_wrong_kinds`
    (``identificatie``, ``codelists``, ``catalog``, ``environment``, ``check``); each is checked
    here, once, with the value given or the builder's own default: no builder passes them on.

    :param builder: a function taking those of the keywords it has as keyword-only parameters.
    :raises InputError: (from the builder) naming the keyword, what it takes and the type given.
    """
    parameters = inspect.signature(builder).parameters
    defaults = {name: parameters[name].default for name in _SHARED if name in parameters}
    assert all(parameters[name].kind is inspect.Parameter.KEYWORD_ONLY for name in defaults)

    @functools.wraps(builder)
    def checked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        refuse_wrong_kinds(**{name: kwargs.get(name, value) for name, value in defaults.items()})
        return builder(*args, **kwargs)

    return checked


def refuse_decisions_of_other_kind(decisions: object, expected: type, spec_name: str) -> None:
    """Refuse a decisions object that is not of the family's kind (``None`` passes).

    :param expected: the decisions class of the family.
    :param spec_name: the request's message name, for the text (``GDS801``).
    :raises DecisionError: naming the kind expected and the type given.
    """
    if decisions is None or isinstance(decisions, expected):
        return
    raise DecisionError(
        said_error(
            "return-decisions-object",
            spec_name=spec_name,
            expected=expected.__name__,
            type=type(decisions).__name__,
        )
    )


_D = TypeVar("_D")


def decisions_object(
    decisions: object,
    kind: type[_D],
    spec_name: str,
    *,
    load: Callable[[Path], _D],
    from_data: Callable[[Any, str], _D],
) -> _D | None:
    """The family's decisions object of what a builder was given as ``decisions``.

    :param decisions: ``None``, the family's object (``kind``), a path to a decisions file, or a
        mapping holding what such a file holds (read as strictly as the file).
    :param load: the family's reader of a decisions file.
    :param from_data: the family's reader of a file's parsed content.
    :raises DecisionError: unreadable, malformed, an unknown key, or an object of another kind.
    """
    if isinstance(decisions, str | Path):
        return load(Path(decisions))
    if isinstance(decisions, Mapping):
        return from_data(decisions, "decisions")
    refuse_decisions_of_other_kind(decisions, kind, spec_name)
    return decisions if isinstance(decisions, kind) else None


def answer_day(
    root: etree._Element,
    day: object,
    *,
    name: str,
    as_of: object = None,
    catalog: Catalog | None = None,
) -> tuple[dt.date, dt.date | None]:
    """The answer's date and peildatum as given to a builder, checked against the request.

    With a peildatum (``as_of``), as :func:`eistandaard.build_return` does: the peildatum may not
    lie before the request's own date, nor the answer's date. Without one, the answer's date
    is the answering party's "today" and the peildatum: a request dated after it is post-dated
    (VECOZO rejects it, Vektis rule 8986; iStandaarden TR135), and its answer, of that day,
    rightly predates it.

    :param root: the request's root element (its own date is its catalog identity's:
        Dagtekening for iStandaarden, Verzenddatum for Vektis).
    :param day: the answer's date: a ``datetime.date`` or ``YYYY-MM-DD`` text.
    :param name: the keyword, for the text (``verzenddatum``).
    :param as_of: the peildatum given (or ``None``).
    :returns: the answer's date and the peildatum (``None`` when none was given).
    :raises InputError: a date of the wrong kind; with a peildatum, a peildatum before the
        request's own date (:func:`eistandaard.core.clock.not_before_request`) or an answer
        dated before it.
    """
    when = clock.peildatum(day, name)
    if when is None:
        raise InputError(
            said_error("date-not-a-date", what=name, type=type(day).__name__, value=quoted(day))
        )
    peildatum = clock.peildatum(as_of)
    if peildatum is None:  # the answer's date is the peildatum: see above
        return when, None
    spec = (catalog or default_catalog()).identify(root)
    created = spec.identity(root).dagtekening if spec is not None else None
    clock.not_before_request(peildatum, created)
    clock.answer_date(created, when, refuse_earlier=True)
    return when, peildatum


def read_request(
    request: Message | etree._ElementTree | etree._Element | DocumentSource,
) -> tuple[etree._ElementTree, str | None]:
    """The request's tree, and the digest of its cleaned bytes (``None`` for a tree given).

    A :class:`~eistandaard.core.message.Message` gives its own; bytes, a path or a stream are
    read through level 1 as :func:`eistandaard.validate` reads them, so the same document gives
    the same cleaned bytes.

    :raises UnreadableError: the request does not pass level 1 (an ``InputError``).
    """
    if isinstance(request, Message):
        return request.tree, request.digest
    if isinstance(request, etree._ElementTree):
        return request, None
    if isinstance(request, etree._Element):
        return request.getroottree(), None
    payload = read_payload(request)
    assert payload.tree is not None  # read_payload refuses a document without one
    assert payload.data is not None
    return payload.tree, digest_of(payload.data)


def refuse_report_of_other_content(
    spec: MessageSpec, tree: etree._ElementTree, content: str | None, report: Report
) -> None:
    """Refuse the report of another message of the same kind: its content is not the request's.

    The report carries the digest of the cleaned bytes it checked (:attr:`Report.digest`); the
    request's is the same when it is the same document. When they differ (or a tree is given,
    which has no bytes) and the report still holds its parsed message, the two trees are
    compared, serialised alike: a comment one of them has and the other lacks is no other
    content. A report made by hand (no digest), or a pickled one with a tree as the request,
    cannot be compared and is taken as it is.

    :raises InputError: naming the message and both identifications, in both languages.
    """
    if report.digest is None or content == report.digest:
        return
    if report.message is not None:
        if _serialised(tree) == _serialised(report.message.tree):
            return
    elif content is None:
        return
    raise InputError(
        said_error(
            "return-report-of-other-content",
            message=spec.name,
            identificatie=quoted(spec.identity(tree.getroot()).identificatie or ""),
            report_identificatie=quoted(
                (report.identity.identificatie if report.identity else None) or ""
            ),
        )
    )


def _serialised(tree: etree._ElementTree) -> bytes:
    """A tree as bytes, without comments and processing instructions (as level 1 cleans it)."""
    root = tree.getroot()
    if any(True for _ in root.iter(etree.Comment, etree.ProcessingInstruction)):
        tree = copy.deepcopy(tree)
        clean_tree(tree)
        root = tree.getroot()
    return etree.tostring(root)
