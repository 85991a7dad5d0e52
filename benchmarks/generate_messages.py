"""Write large, fictitious iWmo/iJw 3.2 messages 301-320 for timing levels 1-4.

Usage: python benchmarks/generate_messages.py MESSAGE ROWS [--family iwmo|ijw] [--out FILE]

A 3.2 message holds one Client, so the largest realistic message of a type is one client with
many rows: ToegewezenProducten (301), StartProducten (305), StopProducten (307),
AangevraagdeProducten (315) or NieuweProducten (317). Every row has its own product code; rows
of one code follow each other month by month, so the message passes the XSD and every
relation rule (no overlaps, no duplicates) and the timings measure a full pass. The 319 answer
has a single Antwoord whatever ROWS says. All data are invented (BSN 999900018).

A retour message (302, 306, 308, 316, 318, 320) is its heen message answered in full: the
Header names the heen message (IdentificatieRetour, DagtekeningRetour, XsdVersieRetour) and
every class of it (Contact, Relatie, the product rows, Verzoek, Client, Antwoord) ends with
RetourCodes 0200, as the retour schemas order them.
"""

# The XML fragments stay on one line each (readable as XML), hence longer lines.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CODES = {
    "iwmo": {"301": "414", "305": "418", "307": "420", "315": "444", "317": "480", "319": "482"},
    "ijw": {"301": "436", "305": "438", "307": "440", "315": "446", "317": "486", "319": "488"},
}
RETOURS = {
    "iwmo": {"302": "415", "306": "419", "308": "421", "316": "445", "318": "481", "320": "483"},
    "ijw": {"302": "437", "306": "439", "308": "441", "316": "447", "318": "487", "320": "489"},
}
"""Retour message -> its BerichtCode; the heen message is the one numbered one lower."""
RETOUR_CLASSES = (
    "Contact",
    "Relatie",
    "ToegewezenProduct",
    "StartProduct",
    "StopProduct",
    "AangevraagdProduct",
    "OngewijzigdProduct",
    "TeWijzigenProduct",
    "NieuwProduct",
    "Verzoek",
    "Client",
    "Antwoord",
)
"""Classes that end with their RetourCodes in a retour message."""
CATEGORY = {"iwmo": "07", "ijw": "45"}
"""A product category each family's schema allows (WMO020 / JZ020)."""
CODES_PER_MONTH = 400
"""Distinct product codes; row n uses code n mod 400 in month n div 400 (no overlap per code)."""


def _month(row: int, first_year: int = 2000) -> tuple[str, str]:
    """First and last day of the month of ``row`` (from January ``first_year``, 400 rows a month)."""
    index = row // CODES_PER_MONTH
    year, month = first_year + index // 12, index % 12 + 1
    last = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"


def _product(row: int, family: str) -> str:
    return (
        f"<m:Product><b:Categorie>{CATEGORY[family]}</b:Categorie>"
        f"<b:Code>P{row % CODES_PER_MONTH:04d}</b:Code></m:Product>"
    )


def _omvang() -> str:
    return "<m:Omvang><b:Volume>4</b:Volume><b:Eenheid>04</b:Eenheid><b:Frequentie>4</b:Frequentie></m:Omvang>"


def _rows(message: str, rows: int, family: str) -> str:
    parts: list[str] = []
    for row in range(rows):
        # A verzoek om wijziging asks for dates after its Dagtekening (TR380).
        begin, end = _month(row, 2027 if message == "317" else 2000)
        if message == "301":
            parts.append(
                f"<m:ToegewezenProduct><m:ToewijzingNummer>{row + 1}</m:ToewijzingNummer>"
                f"{_product(row, family)}<m:Toewijzingsdatum>2026-01-02</m:Toewijzingsdatum>"
                f"<m:Toewijzingstijd>09:00:00</m:Toewijzingstijd><m:Ingangsdatum>{begin}</m:Ingangsdatum>"
                f"<m:Einddatum>{end}</m:Einddatum>{_omvang()}</m:ToegewezenProduct>"
            )
        elif message in ("305", "307"):
            tag = "StartProduct" if message == "305" else "StopProduct"
            stop = f"<m:RedenBeeindiging>02</m:RedenBeeindiging><m:Einddatum>{end}</m:Einddatum>"
            parts.append(
                f"<m:{tag}><m:ToewijzingNummer>{row + 1}</m:ToewijzingNummer>{_product(row, family)}"
                f"<m:ToewijzingIngangsdatum>{begin}</m:ToewijzingIngangsdatum><m:Begindatum>{begin}</m:Begindatum>"
                f"{stop if message == '307' else ''}<m:StatusAanlevering>1</m:StatusAanlevering></m:{tag}>"
            )
        elif message == "315":
            parts.append(
                f"<m:AangevraagdProduct><m:ReferentieAanbieder>R{row + 1}</m:ReferentieAanbieder>"
                f"{_product(row, family)}<m:ToewijzingIngangsdatum>{begin}</m:ToewijzingIngangsdatum>"
                f"<m:ToewijzingEinddatum>{end}</m:ToewijzingEinddatum>{_omvang()}"
                "<m:Verwijzer><b:Type>01</b:Type></m:Verwijzer></m:AangevraagdProduct>"
            )
        elif message == "317":
            parts.append(
                f"<m:NieuwProduct>{_product(row, family)}<m:GewensteIngangsdatum>{begin}</m:GewensteIngangsdatum>"
                f"<m:Einddatum>{end}</m:Einddatum>{_omvang()}</m:NieuwProduct>"
            )
    return "".join(parts)


def _client(message: str, rows: int, family: str) -> str:
    person = (
        "<m:Bsn>999900018</m:Bsn><m:Geboortedatum><b:Datum>1970-06-01</b:Datum></m:Geboortedatum>"
        "<m:Geslacht>1</m:Geslacht>"
    )
    kort = "<m:Naam><b:Geslachtsnaam><b:Achternaam>Jansen</b:Achternaam></b:Geslachtsnaam></m:Naam>"
    body = _rows(message, rows, family)
    if message == "301":
        naam = (
            "<m:Naam><b:Geslachtsnaam><b:Achternaam>Jansen</b:Achternaam></b:Geslachtsnaam>"
            "<b:NaamGebruik>1</b:NaamGebruik></m:Naam>"
        )
        contact = (
            "<m:Contactgegevens><m:Contact><m:Soort>01</m:Soort><m:Adres><b:Huis><b:Huisnummer>1</b:Huisnummer>"
            "</b:Huis><b:Postcode>1234AB</b:Postcode><b:LandCode>NL</b:LandCode></m:Adres></m:Contact>"
            "</m:Contactgegevens>"
        )
        return f"<m:Client>{person}{naam}{contact}<m:ToegewezenProducten>{body}</m:ToegewezenProducten></m:Client>"
    if message in ("305", "307"):
        lijst = "StartProducten" if message == "305" else "StopProducten"
        return f"<m:Client>{person}{kort}<m:{lijst}>{body}</m:{lijst}></m:Client>"
    if message == "315":
        return f"<m:Client>{person}{kort}<m:AangevraagdeProducten>{body}</m:AangevraagdeProducten></m:Client>"
    if message == "317":
        return (
            "<m:Client><m:Bsn>999900018</m:Bsn><m:Verzoek><m:ReferentieAanbieder>V1</m:ReferentieAanbieder>"
            "<m:RedenVerzoek>1</m:RedenVerzoek><m:OngewijzigdeProducten><m:OngewijzigdProduct>"
            "<m:ToewijzingNummer>1</m:ToewijzingNummer></m:OngewijzigdProduct></m:OngewijzigdeProducten>"
            f"<m:NieuweProducten>{body}</m:NieuweProducten></m:Verzoek></m:Client>"
        )
    return "<m:Antwoord><m:ReferentieAanbieder>V1</m:ReferentieAanbieder><m:VerzoekAntwoord>2</m:VerzoekAntwoord></m:Antwoord>"


def generate(message: str, rows: int, family: str = "iwmo") -> str:
    """The message text: ``message`` is '301', '305', ... '319' or a retour '302' ... '320'."""
    if message in RETOURS[family]:
        return _retour(message, rows, family)
    std, prefix = ("iwmo", "wmo") if family == "iwmo" else ("ijw", "jw")
    gemeente, aanbieder = "1680", "87654321"
    afzender, ontvanger = (
        (gemeente, aanbieder) if message in ("301", "319") else (aanbieder, gemeente)
    )
    header = (
        f"<m:Header><m:BerichtCode>{CODES[family][message]}</m:BerichtCode><m:BerichtVersie>3</m:BerichtVersie>"
        f"<m:BerichtSubversie>2</m:BerichtSubversie><m:Afzender>{afzender}</m:Afzender>"
        f"<m:Ontvanger>{ontvanger}</m:Ontvanger><m:BerichtIdentificatie><b:Identificatie>BENCH{message}</b:Identificatie>"
        "<b:Dagtekening>2026-01-02</b:Dagtekening></m:BerichtIdentificatie><m:XsdVersie>"
        "<b:BasisschemaXsdVersie>1.0.0</b:BasisschemaXsdVersie><b:BerichtXsdVersie>1.0.0</b:BerichtXsdVersie>"
        "</m:XsdVersie></m:Header>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<m:Bericht xmlns:m="http://www.istandaarden.nl/{std}/3_2/{prefix}{message}/schema" '
        f'xmlns:b="http://www.istandaarden.nl/{std}/3_2/basisschema/schema">'
        f"{header}{_client(message, rows, family)}</m:Bericht>\n"
    )


def _retour(message: str, rows: int, family: str) -> str:
    """The retour ``message`` answering the generated heen message with 0200 everywhere."""
    heen = f"{int(message) - 1}"
    text = generate(heen, rows, family)
    prefix = "wmo" if family == "iwmo" else "jw"
    text = text.replace(f"/{prefix}{heen}/schema", f"/{prefix}{message}/schema")
    text = text.replace(
        f"<m:BerichtCode>{CODES[family][heen]}</m:BerichtCode>",
        f"<m:BerichtCode>{RETOURS[family][message]}</m:BerichtCode>",
    )
    # Afzender and Ontvanger stay as in the heen message (the retour schemas' patterns).
    text = text.replace(f"BENCH{heen}", f"BENCH{message}", 1)
    text = text.replace(
        "</m:XsdVersie></m:Header>",
        f"</m:XsdVersie><m:IdentificatieRetour>BENCH{heen}</m:IdentificatieRetour>"
        "<m:DagtekeningRetour>2026-01-02</m:DagtekeningRetour><m:XsdVersieRetour>"
        "<b:BasisschemaXsdVersie>1.0.0</b:BasisschemaXsdVersie>"
        "<b:BerichtXsdVersie>1.0.0</b:BerichtXsdVersie></m:XsdVersieRetour></m:Header>",
    )
    codes = "<m:RetourCodes><m:RetourCode>0200</m:RetourCode></m:RetourCodes>"
    for name in RETOUR_CLASSES:
        text = text.replace(f"</m:{name}>", f"{codes}</m:{name}>")
    return text


def main() -> None:
    """Write one message to ``--out`` or stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message", choices=sorted({*CODES["iwmo"], *RETOURS["iwmo"]}))
    parser.add_argument("rows", type=int)
    parser.add_argument("--family", choices=["iwmo", "ijw"], default="iwmo")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    text = generate(args.message, args.rows, args.family)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
