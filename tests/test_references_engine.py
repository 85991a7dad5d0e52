"""The one level-4 engine: one TOML format, the Vektis retourcodes as fields of a check."""

from __future__ import annotations

from pathlib import Path

import pytest

from eistandaard.core.errors import DataError
from eistandaard.levels.references import ReferentialRules, rules_for
from eistandaard.standards.catalog import default_catalog

CHECK = """format = 1
[[check]]
id = "RC003-9302"
kind = "codelist"
rule = "RC003"
list = "CL0002-VEKT"
messages = ["GDS801"]
select = ["Header/VerzenderRol"]
"""


def _load(tmp_path: Path, text: str) -> ReferentialRules:
    path = tmp_path / "referential.toml"
    path.write_text(text, encoding="utf-8")
    return ReferentialRules.load(path)


def test_retourcodes_are_fields_of_a_check(tmp_path: Path) -> None:
    """exists/ingang/expiratie give the finding codes <rule>-<retourcode>; top is a field too."""
    text = CHECK + 'retourcodes = { exists = "9302", expiratie = "9304" }\ntop = true\n'
    (check,) = _load(tmp_path, text).checks
    assert check.per_retourcode
    assert check.top
    assert check.codes() == ("RC003-9302", "RC003-9304")


def test_a_python_hook_is_no_longer_a_kind_of_check(tmp_path: Path) -> None:
    """Kind = "function" (a Python hook named in data) is refused as malformed data."""
    text = (
        'format = 1\n[[check]]\nid = "x"\nkind = "function"\nmessages = ["GDS801"]\nselect = []\n'
    )
    with pytest.raises(DataError, match="unknown kind"):
        _load(tmp_path, text)


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ('retourcodes = { exist = "9302" }\n', "retourcodes are"),
        ('retourcodes = { ingang = "9303" }\n', "need kind codelist, a rule and exists"),
        ('retourcodes = { exists = "1" }\npeildatum = ["a", "b"]\n', "one path"),
    ],
)
def test_malformed_retourcodes_are_data_errors(tmp_path: Path, extra: str, error: str) -> None:
    """A misspelt retourcode key, a missing exists or two peildatum paths raise DataError."""
    with pytest.raises(DataError, match=error):
        _load(tmp_path, CHECK + extra)


def test_gds_code_list_rules_are_checks_of_the_one_engine() -> None:
    """GDS801's code-list rules are referential checks with retourcodes (1.0 and 2.0 alike)."""
    for release in ("1.0", "2.0"):
        spec = default_catalog().get("GDS801", family="gds", release=release)
        rules = rules_for(spec)
        assert rules is not None
        coded = [c for c in rules.for_message("GDS801") if c.per_retourcode]
        assert len(coded) == 39
        assert sum(c.top for c in coded) >= 4
