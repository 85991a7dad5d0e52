"""Level 4 on long lists: the one-scan walk gives the findings of the walk child by child."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from lxml import etree
from tests.conftest import FIXTURES

from eistandaard.core.xml import local_name
from eistandaard.levels import references
from eistandaard.levels.references import check_references
from eistandaard.standards.catalog import default_catalog

AS_OF = dt.date(2026, 11, 23)
ROWS = 3 * references._MANY


def _long_message(family: str, message: str) -> etree._ElementTree:
    """A valid fixture with its first product row repeated ROWS times, some rows wrong."""
    path = FIXTURES / family / "3.2" / message / "valid" / "complete.xml"
    tree = etree.parse(str(path))
    rows = [e for e in tree.getroot().iter() if local_name(e) == "ToegewezenProduct"]
    first, parent = rows[0], rows[0].getparent()
    assert parent is not None
    for number in range(ROWS):
        row = copy.deepcopy(first)
        for element in row.iter():
            name = local_name(element)
            if name == "Categorie" and number % 7 == 3:
                element.text = "98"  # not in the category list
            elif name == "Frequentie" and number % 11 == 5:
                element.text = "9"  # not in WMO757 / JZ757
            elif name == "Eenheid" and number % 13 == 4:
                element.text = "99"  # not in WJ756
        parent.append(row)
    return tree


@pytest.mark.parametrize(("family", "message"), [("iwmo", "WMO301"), ("ijw", "JW301")])
def test_many_rows_give_the_findings_of_the_row_by_row_walk(
    family: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hundreds of rows (one scan by tag) and the same rows walked child by child agree."""
    spec = default_catalog().get(message)
    assert spec is not None
    tree = _long_message(family, message)
    fast = check_references(spec, tree, as_of=AS_OF)
    monkeypatch.setattr(references, "_MANY", 10**9)  # always ask each parent for its children
    slow = check_references(spec, tree, as_of=AS_OF)
    assert [f.code for f in fast] == [f.code for f in slow]
    assert [f.locations for f in fast] == [f.locations for f in slow]
    assert [f.details for f in fast] == [f.details for f in slow]
    expected = sum(1 for n in range(ROWS) if n % 7 == 3 or n % 11 == 5 or n % 13 == 4)
    rows_with_findings = {
        f.locations[0].xpath.split("/ToegewezenProduct[")[1].split("]")[0] for f in fast
    }
    assert len(rows_with_findings) == expected


def test_findings_come_in_check_then_document_order() -> None:
    """Each check's findings follow the rows in document order (the order before the speed-up)."""
    spec = default_catalog().get("WMO301")
    assert spec is not None
    found = check_references(spec, _long_message("iwmo", "WMO301"), as_of=AS_OF)
    assert found, "the wrong rows give findings"
    lines = [f.locations[0].line or 0 for f in found if "Categorie" in (f.details or "")]
    assert lines == sorted(lines)
    assert len(lines) == sum(1 for n in range(ROWS) if n % 7 == 3)
