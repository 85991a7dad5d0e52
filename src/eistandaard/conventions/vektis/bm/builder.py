"""Build the BM802 return of a BM801 from its findings (STB BM801-BM802 5.3-5.8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from lxml import etree

from eistandaard.conventions.arguments import answer_builder
from eistandaard.conventions.istandaarden.selfcheck import check_decision_codes
from eistandaard.conventions.vektis.answering import Answerable
from eistandaard.conventions.vektis.bm.decisions import (
    CakDecisions,
    decided_orders,
    decision_findings,
    decisions_from_data,
    load_decisions,
)
from eistandaard.conventions.vektis.bm.diff import diff_bm
from eistandaard.conventions.vektis.decisions import refuse_uncarried
from eistandaard.conventions.vektis.returns import build_return
from eistandaard.conventions.vektis.roles import Responder
from eistandaard.core.findings import Finding
from eistandaard.models.bm import BM802_NAMESPACE, parse_bm801
from eistandaard.standards.codelists import CodeLists

__all__ = ["BM802_CODE", "build_bm802"]

BM802_CODE = "538"
RETOURCODE_LIST = "COD954-VEKT"
"""The retourcode list of the Vektis answers (not bundled: ``--codelist COD954-VEKT=FILE``)."""


@answer_builder
def build_bm802(
    request: bytes | Path | etree._Element,
    findings: Sequence[Finding],
    *,
    responder: Responder | str,
    verzenddatum: dt.date | str,
    release: str = "2.0",
    namespace: str = BM802_NAMESPACE,
    codelists: CodeLists | None = None,
    as_of: dt.date | str | None = None,
    check: bool = True,
    decisions: CakDecisions | Mapping[str, object] | str | Path | None = None,
    environment: str = "P",
) -> bytes:
    """The BM802 (UTF-8 XML) answering ``request`` with the level 3-5 ``findings``.

    :param request: the BM801 (bytes, a path, or its parsed root); it should be XSD-valid.
    :param findings: the findings of VECOZO (levels 3-4) or the CAK (levels 3-5); only errors
        reject. Each needs a retourcode, from the finding or the registry (``rules.toml``).
    :param responder: ``vecozo`` (flow 3) or ``receiver`` (the CAK, flow 5).
    :param verzenddatum: the Verzenddatum of the return.
    :param codelists: the code lists the request was checked with (``--codelist``); the answer
        is checked with them.
    :param as_of: the peildatum the request was checked on (default: ``verzenddatum``).
    :param decisions: the CAK's own rejections per payment order (level 5): a
        :class:`CakDecisions`, a path to a decisions file or a mapping holding what such a file
        holds (read as strictly); refused for VECOZO, which makes no receiver decisions.
    :param environment: the VECOZO environment (``P``/``T``) the request was checked for; the
        answer is checked for the same one (rule 8028).
    :param check: check the answer before returning it
        (:mod:`eistandaard.conventions.istandaarden.selfcheck`):
        validated at levels 1-4 and consistent with the request by :func:`diff_bm`.
    :raises InputError: a request that is no BM801 (of ``release``), VECOZO without a
        rejecting finding (it forwards the BM801: no BM802), a finding has no retourcode or
        cannot be placed in a class, the
        Verzenddatum lies after ``as_of``, ``as_of`` lies before the request's own
        Verzenddatum or, with ``as_of``, the Verzenddatum does
        (:func:`eistandaard.conventions.arguments.answer_day`), an argument is of the wrong
        kind (:mod:`eistandaard.conventions.arguments`:
        a ``verzenddatum`` or ``as_of`` that is no date or ``YYYY-MM-DD`` text, an unknown
        ``responder``, ``codelists``, ``environment`` or ``check`` of the wrong kind).
    :raises DecisionError: (an ``InputError``) a decision does not fit the BM801, or its code
        is not valid on ``verzenddatum`` in COD954-VEKT (when that list is given).
    :raises AnswerCheckError: (an ``EngineError``) the built answer fails its own check.
    """
    frame = _REQUEST.open(
        request, findings, responder, verzenddatum, decisions, as_of, release, namespace
    )
    heen, chosen = frame.request, frame.decisions
    all_findings = list(findings)
    if chosen is not None and frame.responder is Responder.RECEIVER:
        all_findings += decision_findings(heen, chosen)
        refuse_uncarried(
            {e: f"betaalopdracht.{n}" for e, n in decided_orders(heen, chosen).items()},
            frame.carried(all_findings),
            frame.model,
        )
        codelist = (codelists or CodeLists()).get(RETOURCODE_LIST, family="bm", release=release)
        if codelist is not None:
            check_decision_codes(chosen.keyed_codes(), codelist, frame.verzenddatum)
    answer = build_return(
        heen, all_findings, frame.model, frame.return_request(namespace, BM802_CODE)
    )
    return frame.finish(
        answer,
        check=check,
        codelists=codelists,
        environment=environment,
        problems=lambda data: diff_bm(parse_bm801(heen), data).problems,
    )


_REQUEST = Answerable(
    "bm", "BM801", CakDecisions, load_decisions, decisions_from_data, optional_release=False
)
