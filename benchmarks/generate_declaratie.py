"""Write a large, fictitious WMO323/JW323 declaration for timing the relation rules.

Usage: python benchmarks/generate_declaratie.py PRESTATIES [--family iwmo|ijw] [--out FILE]

Ten Prestaties per Client, fictitious BSNs (9999xxxxx, 11-proef), one calendar month; the
message is meant to pass the XSD and the relation rules, so timings measure a full pass.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAMESPACES = {
    "iwmo": ("wmo323", "iwmo", "http://www.istandaarden.nl/iwmo/3_2/wmo323/schema", "484"),
    "ijw": ("jw323", "ijw", "http://www.istandaarden.nl/ijw/3_2/jw323/schema", "490"),
}
CATEGORIES = {"iwmo": "07", "ijw": "45"}
"""A product category each family's schema allows (WMO020 / JZ020)."""


def bsns(count: int) -> list[str]:
    """``count`` distinct valid fictitious BSNs."""
    result: list[str] = []
    candidate = 999900000
    while len(result) < count:
        digits = [int(c) for c in str(candidate)]
        total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
        if total % 11 == 0:
            result.append(str(candidate))
        candidate += 1
    return result


def generate(prestaties: int, family: str = "iwmo") -> str:
    """The message text."""
    msg, base, ns, code = NAMESPACES[family]
    category = CATEGORIES[family]
    basens = ns.replace(f"{msg}/schema", "basisschema/schema")
    per_client = 10
    clients = max(1, (prestaties + per_client - 1) // per_client)
    amount = 3 * 2500
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<{msg}:Bericht xmlns:{msg}="{ns}" xmlns:{base}="{basens}">',
        f"<{msg}:Header><{msg}:BerichtCode>{code}</{msg}:BerichtCode>"
        f"<{msg}:BerichtVersie>3</{msg}:BerichtVersie><{msg}:BerichtSubversie>2</{msg}:BerichtSubversie>"
        f"<{msg}:Afzender>99000001</{msg}:Afzender><{msg}:Ontvanger>0363</{msg}:Ontvanger>"
        f"<{msg}:BerichtIdentificatie><{base}:Identificatie>BENCH1</{base}:Identificatie>"
        f"<{base}:Dagtekening>2026-04-02</{base}:Dagtekening></{msg}:BerichtIdentificatie>"
        f"<{msg}:XsdVersie><{base}:BasisschemaXsdVersie>1.0.0</{base}:BasisschemaXsdVersie>"
        f"<{base}:BerichtXsdVersie>1.0.0</{base}:BerichtXsdVersie></{msg}:XsdVersie></{msg}:Header>",
        f"<{msg}:Declaratie><{msg}:DeclaratieNummer>BENCH{prestaties}</{msg}:DeclaratieNummer>"
        f"<{msg}:DeclaratiePeriode><{base}:Begindatum>2026-03-01</{base}:Begindatum>"
        f"<{base}:Einddatum>2026-03-31</{base}:Einddatum></{msg}:DeclaratiePeriode>"
        f"<{msg}:DeclaratieDagtekening>2026-04-01</{msg}:DeclaratieDagtekening>"
        f"<{msg}:TotaalIngediendBedrag>"
        f"<{base}:TotaalBedrag>{amount * prestaties}</{base}:TotaalBedrag>"
        f"<{base}:DebetCredit>D</{base}:DebetCredit></{msg}:TotaalIngediendBedrag><{msg}:Clienten>",
    ]
    number = 0
    for client_bsn in bsns(clients):
        lines.append(f"<{msg}:Client><{msg}:Bsn>{client_bsn}</{msg}:Bsn><{msg}:Prestaties>")
        for _ in range(min(per_client, prestaties - number)):
            number += 1
            lines.append(
                f"<{msg}:Prestatie><{msg}:ProductReferentie><{base}:ReferentieNummer>R{number:08d}"
                f"</{base}:ReferentieNummer></{msg}:ProductReferentie>"
                f"<{msg}:ToewijzingNummer>{10000000 + number}</{msg}:ToewijzingNummer>"
                f"<{msg}:ProductCategorie>{category}</{msg}:ProductCategorie>"
                f"<{msg}:ProductCode>{category}A01</{msg}:ProductCode>"
                f"<{msg}:ProductPeriode><{base}:Begindatum>2026-03-01</{base}:Begindatum>"
                f"<{base}:Einddatum>2026-03-31</{base}:Einddatum></{msg}:ProductPeriode>"
                f"<{msg}:GeleverdVolume>3</{msg}:GeleverdVolume><{msg}:Eenheid>04</{msg}:Eenheid>"
                f"<{msg}:ProductTarief>2500</{msg}:ProductTarief><{msg}:IngediendBedrag>"
                f"<{base}:Bedrag>{amount}</{base}:Bedrag><{base}:DebetCredit>D</{base}:DebetCredit>"
                f"</{msg}:IngediendBedrag></{msg}:Prestatie>"
            )
        lines.append(f"</{msg}:Prestaties></{msg}:Client>")
        if number >= prestaties:
            break
    lines.append(f"</{msg}:Clienten></{msg}:Declaratie></{msg}:Bericht>")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prestaties", type=int)
    parser.add_argument("--family", choices=sorted(NAMESPACES), default="iwmo")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    text = generate(args.prestaties, args.family)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
