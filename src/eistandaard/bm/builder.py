"""Build the BM802 return of a BM801 from its findings (STB BM801-BM802 5.3-5.8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from eistandaard.bm.model import BM802_NAMESPACE
from eistandaard.bm.registry import registry
from eistandaard.findings import Finding
from eistandaard.vektis.classes import ClassModel
from eistandaard.vektis.request import request_root
from eistandaard.vektis.returns import ReturnRequest, build_return
from eistandaard.vektis.roles import Responder

__all__ = ["BM802_CODE", "build_bm802"]

BM802_CODE = "538"


def build_bm802(
    request: bytes | Path | etree._Element,
    findings: Sequence[Finding],
    *,
    responder: Responder | str,
    verzenddatum: dt.date,
    release: str = "2.0",
    namespace: str = BM802_NAMESPACE,
) -> bytes:
    """The BM802 (UTF-8 XML) answering ``request`` with the level 3-5 ``findings``.

    :param request: the BM801 (bytes, a path, or its parsed root); it should be XSD-valid.
    :param findings: the findings of VECOZO (levels 3-4) or the CAK (levels 3-5); only errors
        reject. Each needs a retourcode, from the finding or the registry (``rules.toml``).
    :param responder: ``vecozo`` (flow 3) or ``receiver`` (the CAK, flow 5).
    :param verzenddatum: the Verzenddatum of the return.
    :raises InputError: a finding has no retourcode or cannot be placed in a class.
    """
    retourcodes = {rule.id: rule.retourcode for rule in registry(release).values()}
    root = build_return(
        request_root(request, "BM801"),
        findings,
        ClassModel.for_release("bm", release),
        ReturnRequest(
            namespace=namespace,
            answer_code=BM802_CODE,
            responder=Responder(responder),
            verzenddatum=verzenddatum,
            retourcodes=retourcodes,
        ),
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
