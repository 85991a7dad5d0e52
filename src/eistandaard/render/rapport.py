"""A report as the iStandaarden validation rapport (namespace .../validatie/1_1/rapport/schema).

The rapport is what the official validation tool writes, so our output can be compared with
it: ``Rapport/Header`` (message code, version, identification) and ``Fouten/Fout`` with
``Code``, ``Retourcode``, one or more ``Locatie`` and ``Details``. Findings without a location
(level 1: the file cannot be read) get ``Locatie`` ``/``. Header values that cannot be read
from the message are written as ``0`` (codes and versions) and the peildatum (Dagtekening).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lxml import etree

from eistandaard.core import clock
from eistandaard.core.report import Report
from eistandaard.core.xml import Builder
from eistandaard.render.registry import RenderOptions
from eistandaard.render.safe import xml_safe, xml_text
from eistandaard.render.words import engine_error_text

__all__ = ["RAPPORT_NAMESPACE", "report_to_rapport"]

RAPPORT_NAMESPACE = "http://www.istandaarden.nl/validatie/1_1/rapport/schema"
_WRITE = Builder(RAPPORT_NAMESPACE, prefix="r", clean=xml_text)
_sub = _WRITE.add


def _small_int(value: str | None) -> str:
    return value if value is not None and value.isdigit() and int(value) <= 99 else "0"


def _date(value: str | None, fallback: dt.date | None) -> str:
    if value:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    return (fallback or clock.today()).isoformat()


def report_to_rapport(report: Report, *, xslt_version: str | None = None) -> bytes:
    """The rapport XML of one report, UTF-8 encoded with an XML declaration."""
    identity = report.identity
    root = _WRITE.root("Rapport")
    header = _sub(root, "Header")
    code = (identity.header_code or identity.berichtcode) if identity else None
    _sub(header, "BerichtCode", code or "0")
    _sub(header, "BerichtVersie", _small_int(identity.header_versie if identity else None))
    _sub(header, "BerichtSubversie", _small_int(identity.header_subversie if identity else None))
    ident = _sub(header, "BerichtIdentificatie")
    _sub(ident, "Identificatie", ((identity.identificatie or "") if identity else "")[:12])
    _sub(ident, "Dagtekening", _date(identity.dagtekening if identity else None, report.as_of))
    if xslt_version:
        _sub(header, "XSLTVersie", xslt_version)
    fouten = _sub(root, "Fouten")
    for finding in report.findings:
        fout = _sub(fouten, "Fout")
        _sub(fout, "Code", finding.code)
        if finding.retourcode:
            _sub(fout, "Retourcode", finding.retourcode)
        paths = [loc.xpath for loc in finding.locations if loc.xpath] or ["/"]
        for path in paths:
            _sub(fout, "Locatie", path)
        extra = finding.detail("nl")  # the rapport is Dutch: its texts and details
        _sub(fout, "Details", f"{finding.text_nl} {extra}" if extra else finding.text_nl)
    for problem in report.engine_errors:
        fout = _sub(fouten, "Fout")
        _sub(fout, "Code", "ENGINE")
        _sub(fout, "Locatie", "/")
        _sub(fout, "Details", engine_error_text(problem, "nl"))
    return xml_safe(
        bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    )


def render_rapport(
    reports: Sequence[Report],
    options: RenderOptions,  # noqa: ARG001  # the Reporter signature; the rapport has no options
) -> bytes:
    """The ``rapport`` reporter: :func:`report_to_rapport` of the one report.

    :raises ValueError: for any number of reports but one.
    """
    if len(reports) != 1:
        raise ValueError("the rapport format holds exactly one message")
    return report_to_rapport(reports[0])
