"""The GDS and BM names are the generated bindings: no second restatement of the XSDs.

``eistandaard.conventions.vektis.gds.model`` / ``...vektis.bm.model`` (and the names their
packages export) re-export ``eistandaard.models.gds`` / ``eistandaard.models.bm``, whose classes
are those xsdata generated from the schemas.
"""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from tests.conftest import FIXTURES

import eistandaard.conventions.vektis.bm as bm_package
import eistandaard.conventions.vektis.bm.model as bm_model
import eistandaard.conventions.vektis.gds as gds_package
import eistandaard.conventions.vektis.gds.model as gds_model
from eistandaard.conventions.vektis.gds import build_gds802
from eistandaard.models import bm, bm20, gds, gds10, parse
from eistandaard.models.gds20 import GDS802 as GDS802_2

FORMER_GDS = {
    "GDS801", "GDS801_NAMESPACE", "GDS802", "GDS802_NAMESPACE", "AanvullendPrestatieKenmerk",
    "BedragDC", "CreditPrestatie", "DebetPrestatie", "DeclaratieContext", "Diagnose", "Header",
    "Plaatsingsbesluit", "Verwijzing", "Verzekerde", "Zorgaanbieder", "Zorgtraject",
    "parse_gds802", "serialize_gds801",
}  # fmt: skip
"""The public names of the former hand-written gds.model (but its reader view ReturnedClass)."""
FORMER_BM = {
    "BM801", "BM801_NAMESPACE", "BM802", "BM802_NAMESPACE", "Bankgegevens", "BedragDC",
    "Begunstigde", "Betaalopdracht", "Betaalopdrachtspecificatie", "Header", "parse_bm801",
    "parse_bm802", "serialize_bm801",
}  # fmt: skip


@pytest.mark.parametrize(
    ("module", "models", "former"),
    [(gds_model, gds, FORMER_GDS), (bm_model, bm, FORMER_BM)],
    ids=["gds", "bm"],
)
def test_the_former_modules_re_export_the_generated_names(
    module: object, models: object, former: set[str]
) -> None:
    """Every former public name is there and is the very object of models.gds / models.bm."""
    exported = set(module.__all__)
    assert former <= exported
    for name in exported:
        assert getattr(module, name) is getattr(models, name), name


@pytest.mark.parametrize(("module", "generated"), [(gds_model, gds10), (bm_model, bm20)])
def test_no_hand_written_class_is_left(module: object, generated: object) -> None:
    """Each class the model modules export is defined in the generated package."""
    classes = [v for v in vars(module).values() if inspect.isclass(v)]
    assert len(classes) >= 8
    prefix = generated.__name__
    assert all(c.__module__.startswith(prefix) for c in classes), [c.__module__ for c in classes]


def test_the_packages_export_the_generated_messages() -> None:
    """The GDS and BM policy packages export the generated message roots (GDS801, BM801)."""
    assert gds_package.GDS801 is gds10.GDS801
    assert gds_package.GDS802 is gds10.GDS802
    assert bm_package.BM801 is bm20.BM801
    assert bm_package.BM802 is bm20.BM802
    assert gds.GDS801_NAMESPACE == "http://ei.vektis.nl/declaratiebericht573"
    assert bm.BM802_NAMESPACE == "http://ei.vektis.nl/betaalopdracht538"


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
