"""The overlap rules (TR302, TR386, TR410) give exactly the pairs of the official pairwise test.

The official set compares every product row with every earlier sibling; our stylesheets sweep
per product. Seeded random lists (categories incl. hulpmiddelen, missing codes, missing
Product, open ends, withdrawn toewijzingen) are checked against a small Python model of the
official comparison (``isPeriodOverlay`` and the product match), for iWmo and iJw.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pytest

from eistandaard.levels.relations.runner import check_relations
from eistandaard.standards.catalog import default_catalog

AS_OF = dt.date(2026, 11, 23)
HULPMIDDELEN = {"11", "12", "13", "14"}


@dataclass
class Row:
    """One ToegewezenProduct of a generated 301."""

    category: str | None
    code: str | None
    start: str
    end: str | None
    reden: str | None


def _date(rng: random.Random) -> str:
    return f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _rows(rng: random.Random, count: int, family: str) -> list[Row]:
    categories = ["02", "03", "12"] if family == "iwmo" else ["45", "46", "47"]
    rows = []
    for _ in range(count):
        category = rng.choice([*categories, None]) if rng.random() < 0.95 else None
        code = rng.choice(["A0001", "A0002", None]) if category else None
        start = _date(rng)
        end = rng.choice([None, max(start, _date(rng))])
        reden = None
        if end is not None and rng.random() < 0.15:
            end, reden = start, rng.choice(["01", "13"])
        rows.append(Row(category, code, start, end, reden))
    return rows


def _message(rows: list[Row], family: str) -> bytes:
    std, prefix, code = ("iwmo", "wmo", "414") if family == "iwmo" else ("ijw", "jw", "436")
    items = []
    for number, row in enumerate(rows, start=1):
        product = ""
        if row.category:
            code_xml = f"<b:Code>{row.code}</b:Code>" if row.code else ""
            product = f"<m:Product><b:Categorie>{row.category}</b:Categorie>{code_xml}</m:Product>"
        end = f"<m:Einddatum>{row.end}</m:Einddatum>" if row.end else ""
        reden = f"<m:RedenWijziging>{row.reden}</m:RedenWijziging>" if row.reden else ""
        items.append(
            f"<m:ToegewezenProduct><m:ToewijzingNummer>{number}</m:ToewijzingNummer>{product}"
            "<m:Toewijzingsdatum>2026-01-01</m:Toewijzingsdatum><m:Toewijzingstijd>09:00:00</m:Toewijzingstijd>"
            f"<m:Ingangsdatum>{row.start}</m:Ingangsdatum>{end}{reden}<m:Budget>100</m:Budget>"
            "</m:ToegewezenProduct>"
        )
    text = (
        f'<m:Bericht xmlns:m="http://www.istandaarden.nl/{std}/3_2/{prefix}301/schema" '
        f'xmlns:b="http://www.istandaarden.nl/{std}/3_2/basisschema/schema">'
        f"<m:Header><m:BerichtCode>{code}</m:BerichtCode><m:BerichtIdentificatie>"
        "<b:Identificatie>X</b:Identificatie><b:Dagtekening>2026-12-31</b:Dagtekening>"
        "</m:BerichtIdentificatie></m:Header><m:Client><m:Bsn>999900018</m:Bsn>"
        f"<m:ToegewezenProducten>{''.join(items)}</m:ToegewezenProducten></m:Client></m:Bericht>"
    )
    return text.encode()


def _n(date: str | None) -> int:
    return int(date.replace("-", "")) if date else 0


def _overlap(a: Row, b: Row) -> bool:
    """The official isPeriodOverlay on valid dates."""
    if a.end and b.end:
        return not (_n(a.end) < _n(b.start) or _n(b.end) < _n(a.start))
    if a.end:
        return _n(a.end) >= _n(b.start)
    if b.end:
        return _n(b.end) >= _n(a.start)
    return True


def _same_product(a: Row, b: Row) -> bool:
    same_category = a.category is not None and b.category is not None and a.category == b.category
    return (
        (a.code is not None and b.code is not None and a.code == b.code and same_category)
        or ((a.code is None or b.code is None) and same_category)
        or (a.code is None and a.category is None)
        or (b.code is None and b.category is None)
    )


def _official_pairs(rows: list[Row], family: str) -> set[tuple[int, int]]:
    """Every (earlier, later) pair the official pairwise TR302 reports (1-based positions)."""

    def withdrawn(row: Row) -> bool:
        return row.reden in ("01", "13") and row.end is not None and row.end == row.start

    pairs = set()
    for j, this in enumerate(rows):
        if withdrawn(this):
            continue
        for i, other in enumerate(rows[:j]):
            exempt = family == "iwmo" and (
                this.category in HULPMIDDELEN or other.category in HULPMIDDELEN
            )
            matches = not withdrawn(other) and _same_product(this, other) and not exempt
            if matches and _overlap(this, other):
                pairs.add((i + 1, j + 1))
    return pairs


def _our_pairs(rows: list[Row], family: str) -> list[tuple[int, int]]:
    spec = default_catalog().get("WMO301" if family == "iwmo" else "JW301")
    findings = check_relations(spec, _message(rows, family), as_of=AS_OF)
    pairs = []
    for finding in findings:
        if finding.code != "TR302":
            continue
        numbers = sorted(
            int((loc.xpath or "").rsplit("[", 1)[1].rstrip("]")) for loc in finding.locations
        )
        pairs.append((numbers[0], numbers[1]))
    return pairs


@pytest.mark.parametrize("family", ["iwmo", "ijw"])
@pytest.mark.parametrize("seed", range(12))
def test_tr302_pairs_equal_the_official_pairwise_comparison(family: str, seed: int) -> None:
    """Random lists of 2-30 products give the same TR302 pairs, each once, as the official model."""
    rng = random.Random(seed)
    rows = _rows(rng, rng.randint(2, 30), family)
    ours = _our_pairs(rows, family)
    assert len(ours) == len(set(ours)), "a pair is reported twice"
    assert set(ours) == _official_pairs(rows, family)


def test_model_sees_overlaps_at_all() -> None:
    """The random lists do produce overlapping pairs (guards against a vacuous comparison)."""
    total = sum(
        len(_official_pairs(_rows(random.Random(seed), 20, "iwmo"), "iwmo")) for seed in range(12)
    )
    assert total > 10


def _named(rows: list[Row], family: str) -> list[list[int]]:
    """The 1-based positions each TR302 finding names, per finding."""
    spec = default_catalog().get("WMO301" if family == "iwmo" else "JW301")
    findings = check_relations(spec, _message(rows, family), as_of=AS_OF)
    return [
        sorted(int((loc.xpath or "").rsplit("[", 1)[1].rstrip("]")) for loc in f.locations)
        for f in findings
        if f.code == "TR302"
    ]


@pytest.mark.parametrize("family", ["iwmo", "ijw"])
@pytest.mark.parametrize("count", [2, 3, 10])
def test_up_to_ten_identical_rows_give_the_official_pairs(family: str, count: int) -> None:
    """2, 3 or 10 rows of one product and period: every pair once, as the official set gives."""
    category = "02" if family == "iwmo" else "45"
    rows = [Row(category, "A0001", "2026-03-01", "2026-12-31", None)] * count
    ours = [(a, b) for a, b in _named(rows, family)]
    assert sorted(ours) == sorted(_official_pairs(rows, family))
    assert len(ours) == count * (count - 1) // 2


@pytest.mark.parametrize("family", ["iwmo", "ijw"])
@pytest.mark.parametrize("code", ["A0001", None])
def test_many_identical_rows_are_one_finding_naming_every_row(
    family: str, code: str | None
) -> None:
    """200 identical rows (with or without Code): one finding naming all 200, not 19,900 pairs."""
    category = "02" if family == "iwmo" else "45"
    rows = [Row(category, code, "2026-03-01", None, None)] * 200
    assert _named(rows, family) == [list(range(1, 201))]


@pytest.mark.parametrize("family", ["iwmo", "ijw"])
def test_identical_groups_name_exactly_the_rows_of_the_official_pairs(family: str) -> None:
    """Groups above the bound, singles and rows without code: the same rows, each pair covered.

    Every official pair lies within one of our findings, and every finding's rows overlap as
    the official test says (no row is named that the official pairs do not name).
    """
    cat = "02" if family == "iwmo" else "45"
    rows = (
        [Row(cat, "A0001", "2026-03-01", "2026-06-30", None)] * 12  # a big group
        + [Row(cat, "A0001", "2026-06-01", "2026-08-31", None)]  # overlaps the group (13)
        + [Row(cat, "A0001", "2026-10-01", "2026-10-31", None)] * 11  # only the no-code rows
        + [Row(cat, None, "2026-08-15", None, None)] * 11  # no code (25-35): the category
        + [Row(cat, "A0002", "2027-01-01", None, None)]  # another code, overlaps the no-code
    )
    ours = _named(rows, family)
    official = _official_pairs(rows, family)
    covered = {(a, b) for found in ours for a in found for b in found if a < b}
    assert official <= covered
    named = {n for found in ours for n in found}
    assert named == {n for pair in official for n in pair}
    assert len(ours) < 10  # groups, not 500 pairs
    assert [13, *range(25, 36)] in ours  # the single June row with the no-code group
