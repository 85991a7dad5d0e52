"""The chain of STB figure 5-1 (flows 1-7): every flow reached by a fixture, outputs checked."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT

from eistandaard.answers import explain
from eistandaard.cli.main import main
from eistandaard.conventions.vektis.bm import diff_bm, simulate_chain
from eistandaard.levels.checks import load_check
from eistandaard.render.explain import render_explanation

CHAIN = FIXTURES / "bm" / "2.0" / "chain"
CASES = sorted(CHAIN.glob("*.xml"))
DAY = dt.date(2026, 11, 23)
SCHEMAS = ROOT / "schemas" / "bm" / "2.0"


def xsd(name: str) -> etree.XMLSchema:
    """A bundled schema of schemas/bm/2.0."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def expected(path: Path) -> dict[str, object]:
    """The chain sidecar of a fixture."""
    return tomllib.loads(path.with_name(path.stem + ".chain.toml").read_text(encoding="utf-8"))


def codes_of(data: bytes, kind: str) -> set[str]:
    """Retourcodes of a BM802, or finding codes of a foutbericht."""
    root = etree.fromstring(data)
    if kind == "BM802":
        return {e.text or "" for e in root.iter("{*}Retourcode")}
    return {e.get("code", "") for e in root.iter("{*}Fout")}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_chain_fixture_takes_its_path_and_produces_its_messages(path: Path) -> None:
    """The flows, outcome, final message, its codes, classes and granted total match the sidecar."""
    want = expected(path)
    checks = [load_check(str(c)) for c in want.get("cak_checks", [])]  # type: ignore[attr-defined]
    result = simulate_chain(path, as_of=DAY, cak_checks=checks)
    assert list(result.flows) == want["flows"], result.error
    assert result.outcome == want["outcome"]
    final = result.messages[-1]
    assert final.kind == want["final"]
    schema = xsd("BM802.xsd" if final.kind == "BM802" else "Foutbericht.xsd")
    for message in result.messages:
        if message.kind != "BM801":
            checked = xsd("BM802.xsd" if message.kind == "BM802" else "Foutbericht.xsd")
            if message.flow != 5 or 6 not in result.flows:
                assert checked.validate(etree.fromstring(message.data)), checked.error_log
    assert schema is not None
    assert codes_of(final.data, final.kind) == set(want["codes"])  # type: ignore[arg-type]
    if final.kind == "BM802":
        root = etree.fromstring(final.data)
        classes = {
            etree.QName(e.getparent()).localname
            for e in root.iter("{*}Feedback")
            if e.getparent() is not None
        }
        assert classes == set(want["classes"])  # type: ignore[arg-type]
        toegekend = root.find("{*}Overzicht/{*}TotaalToegekendBedragDC")
        assert toegekend is not None
        granted = f"{toegekend.findtext('{*}Bedrag')} {toegekend.findtext('{*}DebetCreditCode')}"
        assert granted == want["granted"]


def test_all_seven_flows_are_reached() -> None:
    """Together the chain fixtures reach flows 1 to 7."""
    reached: set[int] = set()
    for path in CASES:
        reached.update(expected(path)["flows"])  # type: ignore[arg-type]
    assert reached == {1, 2, 3, 4, 5, 6, 7}


def test_flow4_forwards_the_bm801_unchanged() -> None:
    """What VECOZO forwards to the CAK is the zorgkantoor's message, byte for byte (flow 4)."""
    path = CHAIN / "flow7-accepted.xml"
    result = simulate_chain(path, as_of=DAY)
    forwarded = next(m for m in result.messages if m.flow == 4)
    assert forwarded.data == path.read_bytes()


def test_cli_chain_writes_messages_and_refuses_to_overwrite(tmp_path: Path) -> None:
    """`ei chain` exits 0 on acceptance, writes the flows, never overwrites without --force."""
    args = [
        "chain",
        str(CHAIN / "flow7-accepted.xml"),
        "--as-of",
        "2026-11-23",
        "-o",
        str(tmp_path),
    ]
    assert main(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "flow4-BM801.xml",
        "flow5-BM802.xml",
        "flow7-BM802.xml",
    ]
    assert main(args) == 2
    assert main([*args, "--force"]) == 0


def test_cli_chain_exits_1_when_rejected() -> None:
    """A rejection anywhere in the chain gives exit code 1."""
    assert main(["chain", str(CHAIN / "flow3-header-rejected.xml"), "--as-of", "2026-11-23"]) == 1


def test_diff_explains_a_cak_return_per_payment_order() -> None:
    """diff_bm: BO-0001 rejected with its code and betrokken elementen, BO-0002 accepted, totals."""
    path = CHAIN / "flow5-cak-rejects.xml"
    checks = [load_check("eistandaard.conventions.vektis.bm.cak:amount_over_one_million")]
    result = simulate_chain(path, as_of=DAY, cak_checks=checks)
    diff = diff_bm(path.read_bytes(), result.messages[-1].data)
    statuses = {o.betaalopdrachtnummer: o.status for o in diff.opdrachten}
    assert statuses == {"BO-0001": "rejected", "BO-0002": "accepted"}
    assert diff.granted == -200
    assert diff.requested == 1999800
    text = render_explanation(explain(path, result.messages[-1].data), "text", "en")
    assert "P013 " in text
    assert "[Bedrag=2000000.00, Limiet=1000000.00]" in text


def test_diff_marks_orders_not_checked_after_a_header_rejection() -> None:
    """With a Header or Overzicht rejection every payment order is "not checked"."""
    path = CHAIN / "flow3-overzicht-rejected.xml"
    result = simulate_chain(path, as_of=DAY)
    diff = diff_bm(path.read_bytes(), result.messages[-1].data)
    assert {o.status for o in diff.opdrachten} == {"not-checked"}
    assert [f.retourcode for f in diff.overzicht_feedback] == ["0150"]
