"""models.gds and models.bm give the public names of the hand-written gds/bm models.

So that the lead can replace ``eistandaard.gds.model`` and ``eistandaard.bm.model`` by the
generated bindings with a re-export; only the reader views of returned classes (no schema
type) have no counterpart.
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import FIXTURES

import eistandaard.bm.model as hand_bm
import eistandaard.gds.model as hand_gds
from eistandaard.gds import build_gds802
from eistandaard.models import bm, gds, parse
from eistandaard.models.gds20 import GDS802 as GDS802_2

READER_VIEWS = {"ReturnedClass", "ReturnedOpdracht", "ReturnedPart"}


def test_every_hand_written_gds_name_is_there() -> None:
    """All public names of gds.model but the reader view ReturnedClass, same namespaces."""
    assert set(hand_gds.__all__) - READER_VIEWS <= set(gds.__all__)
    assert gds.GDS801_NAMESPACE == hand_gds.GDS801_NAMESPACE
    assert gds.GDS802_NAMESPACE == hand_gds.GDS802_NAMESPACE


def test_every_hand_written_bm_name_is_there() -> None:
    """All public names of bm.model but its reader views, same namespaces."""
    assert set(hand_bm.__all__) - READER_VIEWS <= set(bm.__all__)
    assert bm.BM801_NAMESPACE == hand_bm.BM801_NAMESPACE
    assert bm.BM802_NAMESPACE == hand_bm.BM802_NAMESPACE


def test_the_functions_read_and_write() -> None:
    """parse_bm801/serialize_bm801 round trip; parse_gds802 reads either release."""
    source = FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"
    model = bm.parse_bm801(source)
    assert bm.parse_bm801(bm.serialize_bm801(model)) == model
    golden = FIXTURES / "golden/rc003-9302-verzenderrol-unknown.GDS802.xml"
    assert isinstance(gds.parse_gds802(golden), gds.GDS802)
    request = next((FIXTURES / "gds/2.0/GDS801/valid").glob("*.xml")).read_bytes()
    answer = build_gds802(request, [], responder="receiver", verzenddatum=dt.date(2026, 11, 30))
    assert isinstance(gds.parse_gds802(answer), GDS802_2)
    gds801 = parse(FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml")
    assert parse(gds.serialize_gds801(gds801)) == gds801
