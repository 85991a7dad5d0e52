"""Data inheritance between releases: a release holds only what differs; bases resolve at load."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import ROOT

from eistandaard.conventions.vektis.classes import ClassModel
from eistandaard.core.errors import DataError
from eistandaard.levels.references import rules_for
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.inheritance import (
    load_release_toml,
    release_data,
    release_file,
    release_files,
)
from eistandaard.standards.registry import load_registry
from eistandaard.standards.resources import data_dir


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_ijw_holds_only_what_differs_from_the_istandaarden_base() -> None:
    """rbc/ijw/3.2 holds its release.toml (variables), overlays and own lists only.

    No file of it repeats a file of the base (uniqueness, WJ001, WJ756 live there once); its
    rules.toml and referential.toml hold only what iJw adds or changes.
    """
    own = _files(ROOT / "rbc" / "ijw" / "3.2")
    base = _files(ROOT / "rbc" / "istandaarden" / "3.2")
    assert {"release.toml", "classes.toml", "referential.toml", "codelists/JZ020.csv"} <= own
    assert {"rules.toml", "uniqueness.toml", "codelists/WJ001.csv"} <= base
    overlays = {"referential.toml", "rules.toml", "classes.toml"}
    assert own & base <= overlays
    assert all(name.startswith("codelists/") for name in own - {"release.toml", *overlays})
    # the package's own data folder: the checkout's rbc/, or eistandaard/_data/rbc when installed
    assert release_data("ijw", "3.2").folders[1] == data_dir("rbc") / "istandaarden" / "3.2"


@pytest.mark.parametrize(
    ("family", "prefix", "products"), [("iwmo", "WMO", "WMO020"), ("ijw", "JW", "JZ020")]
)
def test_iwmo_and_ijw_read_the_base_with_their_own_names(
    family: str, prefix: str, products: str
) -> None:
    """The shared registry, level-4 checks and uniqueness rules carry each family's names."""
    registry = load_registry(family, "3.2")
    assert {f"{prefix}323", f"{prefix}325"} <= set(registry["TR101"].messages)
    assert all(name.startswith(prefix) for rule in registry.values() for name in rule.messages)
    spec = default_catalog().get(f"{prefix}323")
    checks = {check.id: check for check in rules_for(spec).checks}  # type: ignore[union-attr]
    assert checks["productcategorie"].list == products
    assert f"{prefix}323" in checks["productcategorie"].messages
    assert CodeLists().get("WJ001", family=family, release="3.2") is not None


def test_iwmo_and_ijw_registries_are_the_same_rules() -> None:
    """Both families have the rules of the base; iJw adds only what its overlay holds."""
    wmo, jw = load_registry("iwmo", "3.2"), load_registry("ijw", "3.2")
    assert set(jw) - set(wmo) == {"CS318", "TR377", "TR409"}
    assert set(wmo) <= set(jw)
    assert all(wmo[key].retourcode == jw[key].retourcode for key in wmo)
    assert jw["TR019"].messages == ("JW305", "JW307")


def test_gds_2_0_extends_1_0_by_data() -> None:
    """GDS 2.0's registry is 1.0's minus the dropped rules plus its own; its classes add one."""
    one, two = load_registry("gds", "1.0"), load_registry("gds", "2.0")
    dropped = release_data("gds", "2.0").drop["rules.toml"]
    assert set(one) - dropped <= set(two)
    assert not dropped & set(two)
    assert two["VC004-9263"].provisional
    model = ClassModel.for_release("gds", "2.0")
    assert model.release == "2.0"
    assert "InternationaalVerzekeringsbewijs" in model.classes
    assert "InternationaalVerzekeringsbewijs" not in ClassModel.for_release("gds", "1.0").classes
    assert release_file("gds", "2.0", "codelists/CL0002-VEKT.csv") == (
        data_dir("rbc") / "gds" / "1.0" / "codelists" / "CL0002-VEKT.csv"
    )


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_overlay_rules_of_the_mechanism(tmp_path: Path) -> None:
    """Variables fill the base; tables replace, arrays merge by id, drop removes; own files win."""
    _write(
        tmp_path / "base" / "1",
        "data.toml",
        'format = 1\n[A]\nx = "${who}"\n[B]\nx = "b"\n'
        '[[check]]\nid = "one"\nv = 1\n[[check]]\nid = "two"\nv = 2\n',
    )
    _write(tmp_path / "base" / "1" / "codelists", "L.csv", "code\n")
    _write(
        tmp_path / "fam" / "1",
        "release.toml",
        'extends = "base/1"\n[variables]\nwho = "fam"\n[drop]\n"data.toml" = ["B", "two"]\n',
    )
    _write(
        tmp_path / "fam" / "1",
        "data.toml",
        '[[check]]\nid = "one"\nv = 10\n[[check]]\nid = "three"\n',
    )
    found = load_release_toml("fam", "1", "data.toml", tmp_path)
    assert found is not None
    data, path = found
    assert path == tmp_path / "fam" / "1" / "data.toml"
    assert data["A"] == {"x": "fam"}
    assert "B" not in data
    assert data["check"] == [{"id": "one", "v": 10}, {"id": "three"}]
    assert set(release_files("fam", "1", "codelists", "*.csv", tmp_path)) == {"L"}


def test_broken_inheritance_is_a_data_error(tmp_path: Path) -> None:
    """A missing variable, a missing base or a loop raise DataError, never a wrong merge."""
    _write(tmp_path / "base" / "1", "data.toml", 'x = "${nobody}"\n')
    _write(tmp_path / "fam" / "1", "release.toml", 'extends = "base/1"\n')
    with pytest.raises(DataError, match="nobody"):
        load_release_toml("fam", "1", "data.toml", tmp_path)
    _write(tmp_path / "lost" / "1", "release.toml", 'extends = "gone/9"\n')
    with pytest.raises(DataError, match="does not exist"):
        release_data("lost", "1", tmp_path)
    _write(tmp_path / "a" / "1", "release.toml", 'extends = "b/1"\n')
    _write(tmp_path / "b" / "1", "release.toml", 'extends = "a/1"\n')
    with pytest.raises(DataError, match="loops"):
        release_data("a", "1", tmp_path)


def test_extend_appends_to_the_base_lists(tmp_path: Path) -> None:
    """``extend`` appends to a list of the file, of a keyed table or of an item, nothing else.

    The other keys of an extending table replace the base's; an entry the base already has is
    not repeated; a plain overlay table still replaces the whole base table.
    """
    _write(
        tmp_path / "base" / "1",
        "data.toml",
        'classes = ["A", "B"]\n[R1]\nmessages = ["X301"]\nlevel = 3\n[R2]\nmessages = ["X1"]\n'
        '[[check]]\nid = "one"\nselect = ["a/b"]\nlist = "L1"\n',
    )
    _write(tmp_path / "fam" / "1", "release.toml", 'extends = "base/1"\n')
    _write(
        tmp_path / "fam" / "1",
        "data.toml",
        '[extend]\nclasses = ["C", "A"]\n'
        '[R1]\nlevel = 5\nextend = { messages = ["X307"] }\n'
        '[R2]\nmessages = ["X2"]\n'
        '[[check]]\nid = "one"\nextend = { select = ["c/d"] }\n',
    )
    found = load_release_toml("fam", "1", "data.toml", tmp_path)
    assert found is not None
    data = found[0]
    assert data["classes"] == ["A", "B", "C"]
    assert data["R1"] == {"messages": ["X301", "X307"], "level": 5}
    assert data["R2"] == {"messages": ["X2"]}
    assert data["check"] == [{"id": "one", "select": ["a/b", "c/d"], "list": "L1"}]
    assert all("extend" not in str(key) for key in data)


@pytest.mark.parametrize(
    ("overlay", "said"),
    [
        ('[extend]\nnone = ["x"]\n', "extend names none, which is no list"),
        ('[extend]\nlevel = ["x"]\n', "extend names level, which is no list"),
        ('extend = ["x"]\n', "extend must map keys to lists"),
        ('[extend]\nclasses = "C"\n', "extend must map keys to lists"),
        ('[R9]\nextend = { messages = ["x"] }\n', "extend in R9, which the base does not have"),
        ('[[check]]\nid = "nine"\nextend = { select = ["x"] }\n', "extend in nine, which the base"),
    ],
)
def test_an_extend_that_does_not_fit_is_a_data_error(
    tmp_path: Path, overlay: str, said: str
) -> None:
    """An ``extend`` of something the base lacks, or not a table of lists, raises DataError."""
    _write(
        tmp_path / "base" / "1",
        "data.toml",
        'classes = ["A"]\nlevel = 3\n[[check]]\nid = "one"\nselect = ["a"]\n',
    )
    _write(tmp_path / "fam" / "1", "release.toml", 'extends = "base/1"\n')
    _write(tmp_path / "fam" / "1", "data.toml", overlay)
    with pytest.raises(DataError, match=said):
        load_release_toml("fam", "1", "data.toml", tmp_path)


def test_ijw_overlays_hold_no_copy_of_a_base_entry() -> None:
    """Every entry of the iJw overlays is new, or extends the base's: none restates it whole.

    A rule or check of the base appears in ``rbc/ijw/3.2`` only as ``extend``; the class list
    is extended, not written out again.
    """
    import tomllib

    own = ROOT / "rbc" / "ijw" / "3.2"
    base = ROOT / "rbc" / "istandaarden" / "3.2"
    for name in ("rules.toml", "referential.toml"):
        mine = tomllib.loads((own / name).read_text(encoding="utf-8"))
        theirs = tomllib.loads((base / name).read_text(encoding="utf-8"))
        for key, value in mine.items():
            if key in theirs and isinstance(value, dict) and key != "extend":
                assert set(value) == {"extend"}, f"{name}: {key} restates the base's"
        base_ids = {item["id"] for item in theirs.get("check", [])}
        for item in mine.get("check", []):
            if item["id"] in base_ids:
                assert set(item) == {"id", "extend"}, f"{name}: {item['id']} restates the base's"
        assert "classes" not in mine
