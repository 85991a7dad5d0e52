"""BM rule registry, stylesheets, referential checks and their fixtures agree."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import FIXTURES, ROOT

from eistandaard.core.findings import Level
from eistandaard.standards.registry import load_registry

XSLT = ROOT / "xslt" / "bm" / "2.0"
RBC = ROOT / "rbc" / "bm" / "2.0"
SIDECARS = sorted((FIXTURES / "bm" / "2.0").glob("BM80?/invalid/*.expected.toml"))


def _emitted(name: str) -> set[str]:
    text = (XSLT / name).read_text(encoding="utf-8")
    return set(re.findall(r"'(VC\d{3})'", text))


def test_every_rule_emitted_by_a_stylesheet_is_registered_and_vice_versa() -> None:
    """The level-3 rule ids in BM801.xsl/BM802.xsl equal the level-3 entries of rules.toml."""
    rules = load_registry("bm", "2.0")
    for message, stylesheet in (("BM801", "BM801.xsl"), ("BM802", "BM802.xsl")):
        registered = {
            r.id for r in rules.values() if r.level == Level.RELATION and message in r.messages
        }
        assert _emitted(stylesheet) == registered, message


def test_referential_checks_are_registered_with_the_same_retourcode() -> None:
    """Each level-4 check of referential.toml has its rule id and retourcode in rules.toml."""
    rules = load_registry("bm", "2.0")
    checks = tomllib.loads((RBC / "referential.toml").read_text(encoding="utf-8"))["check"]
    level4 = {r.id for r in rules.values() if r.level == Level.REFERENTIAL}
    assert {c["code"] for c in checks} == level4
    for check in checks:
        assert rules[check["code"]].retourcode == check["retourcode"]


def test_provisional_codes_are_flagged() -> None:
    """A retourcode outside COD954 (Pnnn) is always marked provisional, and only those."""
    for rule in load_registry("bm", "2.0").values():
        assert rule.retourcode is not None, rule.id
        assert rule.provisional == rule.retourcode.startswith("P"), rule.id
        assert re.fullmatch(r"[0-9A-Z]{4}", rule.retourcode), rule.id


def test_every_bm_rule_is_triggered_by_a_fixture() -> None:
    """Each level-3/4 BM801/BM802 rule appears in the sidecar of at least one invalid fixture."""
    triggered: set[str] = set()
    for sidecar in SIDECARS:
        triggered.update(tomllib.loads(sidecar.read_text(encoding="utf-8"))["codes"])
    wanted = {
        r.id
        for r in load_registry("bm", "2.0").values()
        if r.level in (Level.RELATION, Level.REFERENTIAL)
    }
    assert wanted <= triggered, sorted(wanted - triggered)
