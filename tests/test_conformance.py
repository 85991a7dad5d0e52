"""The relation rules agree with the official iStandaarden rule set on the conformance corpus.

For every message of ``../shared/conformance/{iwmo32,ijw32}`` the findings of
:func:`check_relations` equal the official rapport's as a multiset of (Code, sorted Locatie
list). Skipped when ``../shared`` is absent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import CONFORMANCE, REFERENCE

import eistandaard
from eistandaard.core.findings import Level
from eistandaard.core.report import Verdict
from eistandaard.levels.relations.runner import check_relations
from eistandaard.standards.catalog import default_catalog

RAPPORT = "{http://www.istandaarden.nl/validatie/1_1/rapport/schema}"
AS_OF = dt.date(2026, 11, 23)


def _corpus() -> list[Path]:
    return sorted(
        path
        for folder in ("iwmo32", "ijw32")
        for path in (CONFORMANCE / folder).glob("*.xml")
        if not path.name.endswith(".rapport.xml")
    )


def _official(rapport: Path) -> Counter[tuple[str, tuple[str, ...]]]:
    tree = etree.parse(str(rapport))
    return Counter(
        (
            (fout.findtext(f"{RAPPORT}Code") or "").strip(),
            tuple(sorted((loc.text or "").strip() for loc in fout.iter(f"{RAPPORT}Locatie"))),
        )
        for fout in tree.iter(f"{RAPPORT}Fout")
    )


def _ours(message: Path, name: str) -> Counter[tuple[str, tuple[str, ...]]]:
    spec = default_catalog().get(name)
    findings = check_relations(spec, message.read_bytes(), as_of=AS_OF)
    return Counter(
        (f.code, tuple(sorted(loc.xpath or "" for loc in f.locations))) for f in findings
    )


def _assert_same(message: Path, rapport: Path, name: str) -> None:
    expected = _official(rapport)
    got = _ours(message, name)
    missing = expected - got
    extra = got - expected
    assert got == expected, f"{message.name}: missing {dict(missing)}; extra {dict(extra)}"


@pytest.mark.shared
@pytest.mark.parametrize("message", _corpus(), ids=lambda p: p.stem)
def test_corpus_message_agrees_with_official_rapport(message: Path) -> None:
    """Our findings equal the official rapport's (code + sorted locations, with repeats)."""
    _assert_same(message, message.with_suffix(".rapport.xml"), message.name.split("-")[0])


def test_corpus_is_present_or_skipped() -> None:
    """The corpus has 300 messages when ../shared exists (else the test skips)."""
    if not CONFORMANCE.is_dir():
        pytest.skip("../shared is not available")
    assert len(_corpus()) == 300


GENERATED = [
    (
        "jaapjunior/packages/api/jw/bronnen/berichten/JW323.xml",
        "_generated/ijw32/JW323.rapport.xml",
        "JW323",
    ),
    (
        "jaapjunior/packages/api/jw/bronnen/berichten/JW325.xml",
        "_generated/ijw32/JW325.rapport.xml",
        "JW325",
    ),
    (
        "jaapjunior/packages/api/wmo/bronnen/berichten/WMO323.xml",
        "_generated/iwmo32/WMO323.rapport.xml",
        "WMO323",
    ),
    (
        "_generated/iwmo32/WMO323_invalid_derived.xml",
        "_generated/iwmo32/WMO323_invalid_derived.rapport.xml",
        "WMO323",
    ),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("message", "rapport", "name"), GENERATED, ids=[g[0].split("/")[-1] for g in GENERATED]
)
def test_example_message_agrees_with_official_rapport(
    message: str, rapport: str, name: str
) -> None:
    """The published example messages give the official rapports (the JW323 example: TR101)."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared is not available")
    _assert_same(REFERENCE / message, REFERENCE / rapport, name)


def _examples() -> list[Path]:
    """Every official example message of iWmo and iJw 3.2 (empty without ../shared)."""
    folders = [
        REFERENCE / f"jaapjunior/packages/api/{std}/bronnen/berichten" for std in ("wmo", "jw")
    ]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.glob("*.xml"))


# The examples that the official XSDs reject (their XSLT rapports are empty).
XSD_INVALID_EXAMPLES = {"JW315", "JW318"}


@pytest.mark.shared
@pytest.mark.parametrize("message", _examples(), ids=lambda p: p.stem)
def test_validate_on_every_example_gives_the_official_rules(message: Path) -> None:
    """``ei validate`` on an official example gives the official rapport's rules and verdict.

    The whole pipeline runs: the level-3 findings equal the rapport's, and the verdict is that
    of the official XSD plus rule set. The peildatum lies after every Dagtekening of the
    examples, so the level-4 TR135 (a date in the future) stays silent; the invalid JW315 and
    JW318 stop at level 2.
    """
    generated = "iwmo32" if message.stem.startswith("WMO") else "ijw32"
    rapport = REFERENCE / "_generated" / generated / f"{message.stem}.rapport.xml"
    report = eistandaard.validate(message, as_of=dt.date(2027, 6, 30))
    structural = [f for f in report.findings if f.level in (Level.UNREADABLE, Level.STRUCTURE)]
    relation = Counter(
        (f.code, tuple(sorted(loc.xpath or "" for loc in f.locations)))
        for f in report.findings
        if f.level is Level.RELATION
    )
    assert relation == _official(rapport)
    if message.stem in XSD_INVALID_EXAMPLES:
        assert structural
        assert report.verdict is Verdict.REJECTED
    else:
        assert not structural, [f.text_en for f in structural]
        expected = Verdict.REJECTED if relation else Verdict.ACCEPTED
        assert report.verdict is expected, [(f.level, f.code) for f in report.findings]


def test_every_example_message_is_covered() -> None:
    """All 21 official example messages (7 iWmo, 14 iJw) are checked when ../shared exists."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared is not available")
    names = {path.stem for path in _examples()}
    assert len(names) == 21
    assert {"WMO301", "WMO319", "JW302", "JW320"} <= names
