"""Which numbers TR315/TR316 compare: each Prestatie/ProductReferentie 3 levels below Clienten.

The official set finds earlier equal numbers anywhere under the same Clienten ancestor, five
levels up from the number; ours looks them up in one map per Clienten (``ei:by-text``). A
message no schema admits shows that both take the same elements: a number in a Prestatie under
``Clienten/Extra/Lijst`` (any names at those two levels) counts, one a level deeper does not.
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import FIXTURES

from eistandaard.levels.relations.runner import check_relations
from eistandaard.standards.catalog import default_catalog

BASIS = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
CLIENTEN = "<m:Clienten>"
REFERENCE = (
    "<m:Prestatie><m:ProductReferentie><iwmo:VorigReferentieNummer>R0002"
    "</iwmo:VorigReferentieNummer></m:ProductReferentie></m:Prestatie>"
)


def _tr316(extra: str) -> list[tuple[str, ...]]:
    """The TR316 findings of the basis message with ``extra`` first in its Clienten."""
    text = BASIS.read_text(encoding="utf-8")
    assert text.count(CLIENTEN) == 1
    payload = text.replace(CLIENTEN, CLIENTEN + extra).encode("utf-8")
    findings = check_relations(
        default_catalog().get("WMO323"), payload, as_of=dt.date(2026, 11, 23)
    )
    return [tuple(loc.xpath for loc in f.locations) for f in findings if f.code == "TR316"]


def test_a_number_three_levels_below_clienten_counts() -> None:
    """An earlier VorigReferentieNummer R0002 at Clienten/Extra/Lijst/Prestatie credits R0002."""
    found = _tr316(f"<m:Extra><m:Lijst>{REFERENCE}</m:Lijst></m:Extra>")
    odd = "/Bericht/Declaratie/Clienten/Extra/Lijst/Prestatie/ProductReferentie"
    assert (
        f"{odd}/VorigReferentieNummer",
        "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]/ProductReferentie"
        "/ReferentieNummer",
    ) in found


def test_a_number_four_levels_below_clienten_does_not() -> None:
    """The same number one level deeper is under another ancestor five levels up: no match."""
    found = _tr316(f"<m:Extra><m:Lijst><m:Diep>{REFERENCE}</m:Diep></m:Lijst></m:Extra>")
    assert not any("/Extra/" in location for locations in found for location in locations)
