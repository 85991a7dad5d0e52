"""One reader of iWmo/iJw decisions: the same content means the same in JSON, TOML or a mapping.

A newcomer's trial (stop 14): the older lists were read from JSON and from a mapping but refused
in TOML, and a malformed entry of the shared table format was named by the internal field
(``prestaties X``), not as the user wrote it (``prestatie.X.retourcodes``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.core.errors import DecisionError

REQUEST = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
LISTS = {"prestaties": {"WMO-2024-0302": ["0611"]}}
TABLES_TOML = '[prestatie."WMO-2024-0302"]\nretourcodes = ["0611"]\n'
LISTS_TOML = '[prestaties]\n"WMO-2024-0302" = ["0611"]\n'


@pytest.fixture(scope="module")
def report() -> eistandaard.Report:
    """The request's own report (build_return wants it)."""
    return eistandaard.validate(REQUEST)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lists.json", json.dumps(LISTS)),
        ("lists.toml", LISTS_TOML),
        ("tables.toml", TABLES_TOML),
        ("tables.json", json.dumps({"prestatie": {"WMO-2024-0302": {"retourcodes": ["0611"]}}})),
    ],
)
def test_the_same_decision_in_any_syntax_rejects_the_same_prestatie(
    name: str, text: str, tmp_path: Path, report: eistandaard.Report
) -> None:
    """Lists or tables, JSON or TOML: one prestatie rejected with 0611."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    same = {"identificatie": "R-1", "dagtekening": "2024-05-10"}
    built = eistandaard.build_return(REQUEST, report, decisions=path, **same)
    assert built.summary.prestaties_rejected == 1
    from_mapping = eistandaard.build_return(REQUEST, report, decisions=LISTS, **same)
    assert from_mapping.message == built.message


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ("0611", "prestatie.WMO-2024-0302.retourcodes must be a list of retourcodes"),
        (["611"], 'prestatie.WMO-2024-0302.retourcodes: "611" is not a 4-character retourcode'),
        ([], "prestatie.WMO-2024-0302.retourcodes"),
    ],
)
def test_a_malformed_table_entry_is_named_as_written(
    entry: object, said: str, report: eistandaard.Report
) -> None:
    """The error names the table, key and field the user wrote, not the internal field name."""
    decisions = {"prestatie": {"WMO-2024-0302": {"retourcodes": entry}}}
    with pytest.raises(DecisionError) as raised:
        eistandaard.build_return(REQUEST, report, decisions=decisions)
    assert said in str(raised.value)
    assert "prestaties" not in str(raised.value)
