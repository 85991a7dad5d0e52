"""Foutbericht: eistandaard's own error message for STB flows 2 and 6.

The STB says a message failing control level 1 or 2 (and, at flow 6, a BM802 failing levels 2-4)
gets a "foutbericht" instead of a return message, but does not define its form. This is ours,
namespace ``urn:eistandaard:foutbericht:1``, schema ``schemas/bm/2.0/Foutbericht.xsd``::

    <Foutbericht versie="1">
      <Afzender rol="6"/>                       VECOZO (no code)
      <Ontvanger rol="5">5599</Ontvanger>       the sender of the rejected message, when readable
      <Datum>2026-11-23</Datum>
      <Bericht naam="BM801" berichtcode="537" referentienummer="..."/>   when identified
      <Bron>BM801.xml</Bron>
      <Fout niveau="2" code="EI201" vecozo="BRS13" retourcode="...">
        <Locatie regel="12">/Bericht/Header/Verzenddatum</Locatie>
        <Tekst>...</Tekst>
        <Details>...</Details>
      </Fout>
    </Foutbericht>
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lxml import etree

from eistandaard.conventions.arguments import refuse_wrong_findings
from eistandaard.core import clock
from eistandaard.core.arguments import expect
from eistandaard.core.errors import AnswerCheckError
from eistandaard.core.findings import Finding
from eistandaard.core.report import Report
from eistandaard.core.xml import Builder
from eistandaard.levels.structure import compile_schema
from eistandaard.render.safe import xml_text
from eistandaard.standards.resources import data_dir
from eistandaard.standards.wording import worded

__all__ = ["FOUTBERICHT_NAMESPACE", "build_foutbericht"]

FOUTBERICHT_NAMESPACE = "urn:eistandaard:foutbericht:1"


def build_foutbericht(
    report: Report,
    findings: Sequence[Finding],
    *,
    datum: dt.date,
    sender_role: str = "6",
    receiver: str | None = None,
    receiver_role: str | None = None,
    referentienummer: str | None = None,
) -> bytes:
    """A foutbericht listing ``findings`` of the rejected message described by ``report``.

    Like every answer it is checked before it is returned: against its own schema
    (``schemas/bm/2.0/Foutbericht.xsd``).

    :raises AnswerCheckError: (an ``EngineError``) the foutbericht would not be schema-valid.
    :raises InputError: an argument of the wrong kind (``datum``: a ``datetime.date``).
    """
    expect("report", report, Report, "report", optional=False)
    refuse_wrong_findings(findings)
    expect("datum", datum, dt.date, "date", optional=False)
    clock.peildatum(datum, "datum")  # a datetime is refused: its calendar day is not known
    for keyword, value in (
        ("sender_role", sender_role),
        ("receiver", receiver),
        ("receiver_role", receiver_role),
        ("referentienummer", referentienummer),
    ):
        expect(keyword, value, str, "text", optional=keyword != "sender_role")
    # The file name (Bron) and details quote the user's input: escaped where XML cannot hold it.
    write = Builder(FOUTBERICHT_NAMESPACE, clean=xml_text)
    add = write.add
    root = write.root("Foutbericht")
    root.set("versie", "1")
    add(root, "Afzender").set("rol", sender_role)
    ontvanger = add(root, "Ontvanger", receiver or None)
    if receiver_role:
        ontvanger.set("rol", receiver_role)
    add(root, "Datum", datum.isoformat())
    if report.identity is not None:
        bericht = add(root, "Bericht")
        bericht.set("naam", report.identity.message)
        bericht.set("berichtcode", report.identity.berichtcode)
        if referentienummer:
            bericht.set("referentienummer", referentienummer)
    add(root, "Bron", report.source)
    for finding in findings:
        fout = add(root, "Fout")
        fout.set("niveau", str(int(finding.level)))
        fout.set("code", finding.code)
        if finding.vecozo_code:
            fout.set("vecozo", finding.vecozo_code)
        if finding.retourcode:
            fout.set("retourcode", finding.retourcode)
        for location in finding.locations:
            if location.xpath:
                locatie = add(fout, "Locatie", location.xpath)
                if location.line is not None:
                    locatie.set("regel", str(location.line))
        add(fout, "Tekst", finding.text_nl)
        details = finding.detail("nl")  # the foutbericht is Dutch, as its Tekst
        if details:
            add(fout, "Details", details)
    schema = compile_schema(data_dir("schemas") / "bm" / "2.0" / "Foutbericht.xsd")
    if not schema.validate(root):
        raise AnswerCheckError(
            worded("selfcheck-foutbericht"),
            tuple(str(schema.error_log).splitlines()),
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
