"""Every family x every public entry point x hostile variants: only documented EIErrors escape.

Families: WMO323, JW323, WMO325, JW325, GDS801 (1.0 and 2.0), GDS802 (1.0, and 2.0 as built),
BM801, BM802 - one valid fixture each. Entry points: ``validate`` (bytes and path), the return
builders (``build_return``, ``build_gds802``, ``build_bm802``), the diffs (``diff``, ``diff_gds``,
``diff_bm``), the parse functions (``parse_xml``, ``parse_gds802``, ``parse_bm801``,
``parse_bm802``) and ``simulate_chain``. Variants: the valid message, truncated, well-formed but
structurally incomplete, junk, and a comment or a processing instruction inside every leaf
value. The comment and PI variants must give exactly what the clean message gives: the same
findings (codes and locations), the same answers byte for byte, the same diffs.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.conventions.istandaarden.declaration import parse_xml
from eistandaard.conventions.vektis.bm import (
    build_bm802,
    diff_bm,
    parse_bm801,
    parse_bm802,
    simulate_chain,
)
from eistandaard.conventions.vektis.gds import build_gds802, diff_gds, parse_gds802
from eistandaard.core.errors import EIError

AS_OF = dt.date(2026, 11, 23)
SENT = AS_OF  # an answer is never dated after the peildatum

FAMILIES: dict[str, str] = {
    "WMO323": "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
    "JW323": "ijw/3.2/JW323/valid/basis.xml",
    "WMO325": "iwmo/3.2/WMO325/valid/basis.xml",
    "JW325": "ijw/3.2/JW325/valid/basis.xml",
    "GDS801-1.0": "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml",
    "GDS801-2.0": "gds/2.0/GDS801/valid/ggz-071.xml",
    "GDS802-1.0": "gds/1.0/GDS802/valid/insurer-partly-granted.xml",
    "BM801": "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml",
    "BM802": "bm/2.0/BM802/valid/cak-fully-accepted.xml",
}

_LEAF = re.compile(r">([^<>\r\n]+)</")


def inside_every_value(data: bytes, node: str) -> bytes:
    """``data`` with ``node`` (a comment or PI) in the middle of every leaf value."""

    def middle(match: re.Match[str]) -> str:
        value = match.group(1)
        half = len(value) // 2
        return f">{value[:half]}{node}{value[half:]}</"

    return _LEAF.sub(middle, data.decode("utf-8")).encode("utf-8")


def incomplete(data: bytes) -> bytes:
    """Well-formed, but the root's first child element (the Header) is gone."""
    root = etree.fromstring(data)
    root.remove(next(child for child in root if isinstance(child.tag, str)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def variants(data: bytes) -> dict[str, bytes]:
    """The inputs tried for one family."""
    junk = random.Random(len(data)).randbytes(300)
    return {
        "valid": data,
        "truncated": data[: len(data) // 2],
        "incomplete": incomplete(data),
        "junk": junk,
        "comment": inside_every_value(data, "<!--x-->"),
        "pi": inside_every_value(data, "<?x y?>"),
    }


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """``("ok", result)``, or ``("raised", exception type)`` for a documented EIError.

    Any other exception fails the test (it escapes from here).
    """
    try:
        return "ok", call()
    except EIError as exc:
        return "raised", type(exc).__name__


def findings_of(report: eistandaard.Report) -> list[tuple[object, ...]]:
    """What the comment/PI variants must reproduce: codes, levels, paths and lines."""
    return sorted(
        (f.code, int(f.level), f.xpath or "", f.line or 0, f.details or "") for f in report.findings
    )


def _fixture(name: str) -> bytes:
    return (FIXTURES / FAMILIES[name]).read_bytes()


def entry_points(family: str, data: bytes, tmp_path: Path) -> dict[str, tuple[str, Any]]:
    """Run every entry point that takes ``data`` as a message of ``family``."""
    path = tmp_path / "message.xml"
    path.write_bytes(data)
    report = eistandaard.validate(data, as_of=AS_OF)
    results: dict[str, tuple[str, Any]] = {
        "validate": ("ok", (report.verdict.value, findings_of(report), report.engine_errors)),
        "validate-path": outcome(
            lambda: findings_of(eistandaard.validate(path, as_of=AS_OF, name="<bytes>"))
        ),
        "parse_xml": outcome(lambda: etree.tostring(parse_xml(data))),
        "parse_xml-path": outcome(lambda: etree.tostring(parse_xml(path))),
    }
    errors = [f for f in report.findings if f.severity is eistandaard.Severity.ERROR]
    if family in ("WMO323", "JW323"):
        built = outcome(
            lambda: eistandaard.build_return(
                data, report, identificatie="ROBUUST-1", dagtekening=SENT
            )
        )
        results["build_return"] = (built[0], built[1].message if built[0] == "ok" else built[1])
        if built[0] == "ok" and built[1].message is not None:
            answer = built[1].message
            results["diff"] = outcome(lambda: repr(eistandaard.diff(data, answer)))
    if family in ("WMO325", "JW325"):
        request = _fixture(family.replace("325", "323"))
        results["diff"] = outcome(lambda: repr(eistandaard.diff(request, data)))
    if family.startswith("GDS801"):
        # VECOZO answers only what it rejects (it forwards the rest): the insurer answers all
        who = "vecozo" if errors else "receiver"
        built = outcome(lambda: build_gds802(data, errors, responder=who, verzenddatum=SENT))
        results["build_gds802"] = built
        if built[0] == "ok":
            results["diff_gds"] = outcome(lambda: repr(diff_gds(data, built[1])))
            results["parse_gds802"] = outcome(lambda: repr(parse_gds802(built[1])))
        results["diff_gds-path"] = outcome(lambda: repr(diff_gds(path, built[1])))
    if family.startswith("GDS802"):
        results["parse_gds802"] = outcome(lambda: repr(parse_gds802(data)))
        results["parse_gds802-path"] = outcome(lambda: repr(parse_gds802(path)))
        request = _fixture("GDS801-1.0")
        results["diff_gds"] = outcome(lambda: repr(diff_gds(request, data)))
    if family == "BM801":
        built = outcome(lambda: build_bm802(data, errors, responder="receiver", verzenddatum=SENT))
        results["build_bm802"] = built
        results["parse_bm801"] = outcome(lambda: repr(parse_bm801(data)))
        results["parse_bm801-path"] = outcome(lambda: repr(parse_bm801(path)))
        if built[0] == "ok":
            results["diff_bm"] = outcome(lambda: repr(diff_bm(data, built[1])))
        # The BM801 VECOZO forwards (flow 4) is the input itself; every other message is built.
        results["chain"] = outcome(
            lambda: repr(
                [
                    (m.flow, m.kind, m.data if m.kind != "BM801" else None)
                    for m in simulate_chain(data, as_of=AS_OF).messages
                ]
            )
        )
    if family == "BM802":
        results["parse_bm802"] = outcome(lambda: repr(parse_bm802(data)))
        results["parse_bm802-path"] = outcome(lambda: repr(parse_bm802(path)))
        request = _fixture("BM801")
        results["diff_bm"] = outcome(lambda: repr(diff_bm(request, data)))
    return results


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_entry_point_survives_every_variant(family: str, tmp_path: Path) -> None:
    """No exception but a documented EIError escapes; comment/PI variants equal the clean one."""
    data = _fixture(family)
    runs = {
        name: entry_points(family, variant, tmp_path) for name, variant in variants(data).items()
    }
    clean = runs["valid"]
    assert clean["validate"][1][0] == "accepted", clean["validate"]
    assert all(state == "ok" for state, _ in clean.values()), clean
    for name in ("comment", "pi"):
        assert runs[name].keys() == clean.keys(), name
        for entry, result in clean.items():
            assert runs[name][entry] == result, f"{family} {name}: {entry} differs"
    for name in ("truncated", "junk"):
        verdict, found, engine_errors = runs[name]["validate"][1]
        assert verdict == "rejected", name
        assert engine_errors == (), name
        assert found, name
        assert all(level == 1 for _, level, *_ in found), name
    verdict, _, engine_errors = runs["incomplete"]["validate"][1]
    assert verdict == "rejected"
    assert engine_errors == ()


def test_the_variants_really_hold_comments_and_pis() -> None:
    """The comment/PI variants change the bytes of every leaf (so the test above can fail)."""
    data = _fixture("WMO323")
    leaves = len(_LEAF.findall(data.decode("utf-8")))
    assert leaves > 20
    assert variants(data)["comment"].count(b"<!--x-->") == leaves
    assert variants(data)["pi"].count(b"<?x y?>") == leaves
