"""A report as the iStandaarden validation rapport (namespace .../validatie/1_1/rapport/schema).

The rapport is what the official validation tool writes, so our output can be compared with
it: ``Rapport/Header`` (message code, version, identification) and ``Fouten/Fout`` with
``Code``, ``Retourcode``, one or more ``Locatie`` and ``Details``. Findings without a location
(level 1: the file cannot be read) get ``Locatie`` ``/``. Header values that cannot be read
from the message are written as ``0`` (codes and versions) and the peildatum (Dagtekening).
An identification longer than the schema's 12 characters (a GDS or BM Referentienummer) is
written cut to 12 in ``Identificatie``, which keeps the rapport valid, and whole in an XML
comment right after it (docs/cli-output.md): it is never cut silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lxml import etree

from eistandaard.core import clock
from eistandaard.core.arguments import expect
from eistandaard.core.errors import InputError
from eistandaard.core.report import Report
from eistandaard.core.xml import Builder
from eistandaard.render.registry import RenderOptions
from eistandaard.render.safe import xml_safe, xml_text
from eistandaard.render.words import engine_error_text
from eistandaard.standards.wording import said_error

__all__ = ["IDENTIFICATIE_MAX", "RAPPORT_NAMESPACE", "report_to_rapport"]

RAPPORT_NAMESPACE = "http://www.istandaarden.nl/validatie/1_1/rapport/schema"
_WRITE = Builder(RAPPORT_NAMESPACE, prefix="r", clean=xml_text)
_sub = _WRITE.add


IDENTIFICATIE_MAX = 12
"""The rapport schema's maxLength of ``Identificatie`` (LDT_IdentificatieBericht); the
identifications of GDS and BM messages (Referentienummer, up to 20 characters) are longer."""


def _comment_value(identificatie: str) -> str:
    """The comment that carries a whole identification the ``Identificatie`` element cannot hold.

    `` Identificatie="..." ``: ``%`` and a ``-`` after a ``-`` are percent-encoded (``%25``,
    ``%2D``), as a comment may not hold ``--``; nothing else changes.

    >>> _comment_value("GDS--2026%1")
    ' Identificatie="GDS-%2D2026%251" '
    """
    value = xml_text(identificatie).replace("%", "%25").replace("--", "-%2D")
    return f' Identificatie="{value}" '


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
    """The rapport XML of one report, UTF-8 encoded with an XML declaration.

    :raises InputError: ``report`` is no Report, or ``xslt_version`` no text.
    """
    expect("report", report, Report, "report", optional=False)
    expect("xslt_version", xslt_version, str, "text")
    identity = report.identity
    root = _WRITE.root("Rapport")
    header = _sub(root, "Header")
    code = (identity.header_code or identity.berichtcode) if identity else None
    _sub(header, "BerichtCode", code or "0")
    _sub(header, "BerichtVersie", _small_int(identity.header_versie if identity else None))
    _sub(header, "BerichtSubversie", _small_int(identity.header_subversie if identity else None))
    ident = _sub(header, "BerichtIdentificatie")
    whole = (identity.identificatie or "") if identity else ""
    _sub(ident, "Identificatie", whole[:IDENTIFICATIE_MAX])
    if len(whole) > IDENTIFICATIE_MAX:  # never cut silently: the whole one next to it
        ident[-1].addnext(etree.Comment(_comment_value(whole)))
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

    :raises InputError: (a ``ValueError``) for any number of reports but one, in both languages.
    """
    if len(reports) != 1:
        raise InputError(said_error("rapport-one-message", count=len(reports)))
    return report_to_rapport(reports[0])
