"""Golden files: the exact bytes of what eistandaard writes for a few fixed inputs.

A change in any of these outputs shows up as a diff against ``fixtures/golden/``. After a
deliberate change, regenerate with ``EI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py``
and review the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard import bm, gds
from eistandaard.answers import answer_findings
from eistandaard.render import report_to_rapport

GOLDEN = FIXTURES / "golden"
AS_OF = dt.date(2026, 11, 23)


def _rapport(path: Path) -> bytes:
    return report_to_rapport(eistandaard.validate(path, as_of=AS_OF))


def _wmo325(path: Path) -> bytes:
    report = eistandaard.validate(path, as_of=AS_OF)
    result = eistandaard.build_return(path, report, identificatie="GOLDEN1", dagtekening=AS_OF)
    assert result.message is not None
    return result.message


def _bm802(path: Path) -> bytes:
    report = eistandaard.validate(path, as_of=AS_OF)
    findings = answer_findings(report, "receiver")
    return bm.build_bm802(path, findings, responder="receiver", verzenddatum=AS_OF)


def _gds802(path: Path) -> bytes:
    report = eistandaard.validate(path, as_of=AS_OF)
    findings = answer_findings(report, "vecozo")
    return gds.build_gds802(path, findings, responder="vecozo", verzenddatum=AS_OF)


CASES: dict[str, tuple[str, Callable[[Path], bytes]]] = {
    "cs337-two-months.rapport.xml": ("iwmo/3.2/WMO323/invalid/cs337-two-months.xml", _rapport),
    "tr101-same-bsn.rapport.xml": ("ijw/3.2/JW323/invalid/tr101-same-bsn.xml", _rapport),
    "cs002-bsn-elfproef.WMO325.xml": ("iwmo/3.2/WMO323/invalid/cs002-bsn-elfproef.xml", _wmo325),
    "two-clients-with-credit.WMO325.xml": (
        "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
        _wmo325,
    ),
    "flow3-every-rejection.BM802.xml": ("bm/2.0/chain/flow3-every-rejection.xml", _bm802),
    "rc003-9302-verzenderrol-unknown.GDS802.xml": (
        "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
        _gds802,
    ),
}


@pytest.mark.parametrize("golden", sorted(CASES))
def test_output_equals_its_golden_file(golden: str) -> None:
    """The output for a fixed input is byte for byte the committed golden file."""
    source, make = CASES[golden]
    produced = make(FIXTURES / source)
    target = GOLDEN / golden
    if os.environ.get("EI_UPDATE_GOLDEN") == "1":
        target.write_bytes(produced)
    assert target.is_file(), f"no golden file {target.name}: run with EI_UPDATE_GOLDEN=1"
    assert produced.decode("utf-8") == target.read_text(encoding="utf-8")
