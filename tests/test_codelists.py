import datetime as dt
import os
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import need_shared

from eistandaard.core.errors import DataError
from eistandaard.standards.codelists import (
    REQUIRED_HEADER,
    CodeLists,
    CodeStatus,
    load_codelist,
    parse_codelist,
)
from eistandaard.standards.resources import data_dir

HEADER = """# codelist: TEST01
# name: Testlijst
# publisher: eistandaard tests
# source: written by the test
# version: 1
# retrieved: 2026-11-23
"""
COLUMNS = "code,ingangsdatum,expiratiedatum,omschrijving\n"
D = dt.date


def _list(rows: str, header: str = HEADER) -> str:
    return header + COLUMNS + rows


def _write(tmp_path: Path, text: str, name: str = "TEST01.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_start_is_inclusive_and_expiry_exclusive() -> None:
    """A code is valid from its Ingangsdatum up to the day before its Expiratiedatum."""
    codes = parse_codelist(_list("A1,2025-01-01,2026-01-01,een code\n"))
    assert not codes.is_valid("A1", D(2024, 12, 31))
    assert codes.is_valid("A1", D(2025, 1, 1))
    assert codes.is_valid("A1", D(2025, 12, 31))
    assert not codes.is_valid("A1", D(2026, 1, 1))
    assert codes.status("A1", D(2024, 12, 31)) is CodeStatus.NOT_YET_VALID
    assert codes.status("A1", D(2026, 1, 1)) is CodeStatus.EXPIRED


def test_empty_dates_are_open() -> None:
    """An empty Ingangsdatum or Expiratiedatum leaves that side of the period open."""
    codes = parse_codelist(
        _list("A1,,,open\nB2,2025-06-01,,open eind\nC3,,2025-06-01,open begin\n")
    )
    assert codes.is_valid("A1", D(1900, 1, 1))
    assert codes.is_valid("B2", D(2999, 1, 1))
    assert not codes.is_valid("B2", D(2025, 5, 31))
    assert codes.is_valid("C3", D(1900, 1, 1))
    assert not codes.is_valid("C3", D(2025, 6, 1))


def test_unknown_code_and_existence_only() -> None:
    """An absent code is UNKNOWN; without a peildatum only existence counts."""
    codes = parse_codelist(_list("A1,2025-01-01,2026-01-01,x\n"))
    assert codes.status("ZZ", D(2025, 5, 1)) is CodeStatus.UNKNOWN
    assert codes.status("A1", None) is CodeStatus.VALID
    assert "A1" in codes
    assert "ZZ" not in codes


def test_several_periods_of_one_code() -> None:
    """A code with two periods is valid in each, expired in the gap, and entry() picks the row."""
    codes = parse_codelist(_list("A1,2020-01-01,2021-01-01,eerste\nA1,2022-01-01,,tweede\n"))
    assert codes.is_valid("A1", D(2020, 6, 1))
    assert codes.status("A1", D(2021, 6, 1)) is CodeStatus.EXPIRED
    assert codes.is_valid("A1", D(2022, 1, 1))
    assert codes.status("A1", D(2019, 12, 31)) is CodeStatus.NOT_YET_VALID
    first = codes.entry("A1", D(2020, 6, 1))
    assert first is not None
    assert first.omschrijving == "eerste"
    latest = codes.entry("A1")
    assert latest is not None
    assert latest.omschrijving == "tweede"
    assert codes.entry("A1", D(2021, 6, 1)) is None
    assert codes.entry("ZZ") is None


def test_existed_by_accepts_codes_valid_on_an_earlier_day() -> None:
    """existed_by is true for a code that was valid on some day up to the peildatum."""
    codes = parse_codelist(_list("G1,2010-01-01,2020-01-01,opgeheven\nG2,2030-01-01,,nieuw\n"))
    assert codes.existed_by("G1", D(2026, 1, 1))
    assert not codes.existed_by("G2", D(2026, 1, 1))
    assert codes.existed_by("G2", D(2030, 1, 1))


def test_header_gives_provenance_and_completeness() -> None:
    """The header is kept; ``complete: no`` marks a list as incomplete."""
    codes = parse_codelist(_list("A1,,,x\n"))
    assert codes.name == "TEST01"
    assert codes.version == "1"
    assert codes.source == "written by the test"
    assert codes.complete
    partial = parse_codelist(_list("A1,,,x\n", HEADER + "# complete: no\n"))
    assert not partial.complete


def test_quoted_description_with_comma() -> None:
    """A description with a comma is written quoted and read whole."""
    codes = parse_codelist(_list('A1,,,"een, twee"\n'))
    entry = codes.entry("A1")
    assert entry is not None
    assert entry.omschrijving == "een, twee"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER.replace("# version: 1\n", "") + COLUMNS + "A1,,,x\n", "version"),
        (HEADER + "code,start,eind,tekst\nA1,,,x\n", "first row"),
        (_list("A1,,x\n"), "columns"),
        (_list("A1,2025-13-01,,x\n"), "date"),
        (_list("A1,01-01-2025,,x\n"), "date"),
        (_list("A1,2025-01-01,2025-01-01,x\n"), "expires before"),
        (_list("A1,2025-01-01,,x\nA1,2025-06-01,,y\n"), "overlapping"),
        (_list(",,,x\n"), "no code"),
        (_list("A1,,,x\n# late comment\n"), "comment"),
        (HEADER, "first row"),
    ],
    ids=[
        "missing-header-key",
        "wrong-columns",
        "short-row",
        "impossible-date",
        "dutch-date",
        "empty-period",
        "overlap",
        "empty-code",
        "late-comment",
        "no-rows-at-all",
    ],
)
def test_malformed_lists_raise_data_error(text: str, message: str) -> None:
    """Every kind of malformed list file raises DataError naming the problem."""
    with pytest.raises(DataError, match=message):
        parse_codelist(text)


def test_load_refuses_missing_undecodable_and_misnamed_files(tmp_path: Path) -> None:
    """A missing file, a non-UTF-8 file and a file with another list's name raise DataError."""
    with pytest.raises(DataError, match="cannot read"):
        load_codelist(tmp_path / "absent.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(_list("A1,,,cli\xebnt\n").encode("latin-1"))
    with pytest.raises(DataError, match="UTF-8"):
        load_codelist(latin)
    other = _write(tmp_path, _list("A1,,,x\n"))
    with pytest.raises(DataError, match='expected "WJ001"'):
        load_codelist(other, name="WJ001")
    assert isinstance(DataError("x"), ValueError)


def test_bundled_lists_load_with_provenance() -> None:
    """Every bundled list loads and its header has all required provenance keys."""
    paths = sorted(data_dir("rbc").glob("**/codelists/*.csv"))
    assert len(paths) >= 7
    for path in paths:
        codes = load_codelist(path, name=path.stem)
        assert all(codes.header.get(key) for key in REQUIRED_HEADER), path
        assert len(codes) > 0


@pytest.mark.parametrize(("family", "count"), [("iwmo", 59), ("ijw", 59)])
def test_bundled_wj001_has_the_59_retourcodes(family: str, count: int) -> None:
    """The bundled WJ001 of each release holds the 59 retourcodes, all open-ended."""
    codes = CodeLists().require("WJ001", family=family, release="3.2")
    assert len(codes.codes()) == count
    assert {"0001", "0200", "0233", "8001", "8848", "S300", "S329"} <= codes.codes()
    assert all(entry.expiratiedatum is None for entry in codes)


@pytest.mark.parametrize(
    ("folder", "family", "simple_type", "name"),
    [
        ("wmo", "iwmo", "LDT_RetourCode", "WJ001"),
        ("jw", "ijw", "LDT_RetourCode", "WJ001"),
        ("wmo", "iwmo", "LDT_ProductCategorie", "WMO020"),
        ("jw", "ijw", "LDT_ProductCategorie", "JZ020"),
        ("wmo", "iwmo", "LDT_Eenheid", "WJ756"),
        ("jw", "ijw", "LDT_Eenheid", "WJ756"),
    ],
)
def test_bundled_lists_match_the_official_enumerations(
    folder: str, family: str, simple_type: str, name: str
) -> None:
    """Each bundled iStandaarden list has exactly the codes the official basisschema enumerates."""
    api = need_shared("reference", "istandaarden", "jaapjunior", "packages", "api")
    basis = api / folder / "bronnen" / "xsd" / "Basisschema.xsd"
    values = etree.parse(str(basis)).xpath(
        f"//xs:simpleType[@name='{simple_type}']//xs:enumeration/@value",
        namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
    )
    codes = CodeLists().require(name, family=family, release="3.2")
    assert codes.codes() == frozenset(str(v) for v in values)


def test_cod002_is_shared_and_marked_incomplete() -> None:
    """COD002-VEKT comes from rbc/common, knows the 3.2 declaration codes and is incomplete."""
    lists = CodeLists()
    path = lists.path("COD002-VEKT", family="iwmo", release="3.2")
    assert path is not None
    assert path.parent.parent.name == "common"
    codes = lists.require("COD002-VEKT", family="ijw", release="3.2")
    assert {"484", "485", "490", "491"} <= codes.codes()
    assert not codes.complete


def test_gemeente_list_is_bundled_with_its_mergers() -> None:
    """The CBS list is shipped with provenance and the municipal mergers.

    A merged municipality's code is valid before the merger and expired after it, and a code
    formed by a merger is not valid before it.
    """
    gemeenten = CodeLists().require("CBS-gemeenten", family="iwmo", release="3.2")
    assert gemeenten.complete
    assert gemeenten.header["publisher"].startswith("CBS")
    assert gemeenten.status("0363", D(2015, 1, 1)) is CodeStatus.VALID  # Amsterdam, always
    assert gemeenten.status("0457", D(2022, 3, 23)) is CodeStatus.VALID  # Weesp
    assert gemeenten.status("0457", D(2022, 3, 24)) is CodeStatus.EXPIRED  # joined Amsterdam
    assert gemeenten.status("0501", D(2022, 12, 31)) is CodeStatus.VALID  # Brielle
    assert gemeenten.status("0501", D(2023, 1, 1)) is CodeStatus.EXPIRED
    assert gemeenten.status("1992", D(2022, 12, 31)) is CodeStatus.NOT_YET_VALID  # Voorne aan Zee
    assert gemeenten.status("1992", D(2023, 1, 1)) is CodeStatus.VALID
    assert gemeenten.status("9021", D(2026, 1, 1)) is CodeStatus.UNKNOWN
    assert CodeLists().path("CBS-gemeenten", family="ijw", release="3.2") is not None


@pytest.mark.parametrize(
    ("day", "count"),
    [
        ("2015-01-01", 393),
        ("2016-01-01", 390),
        ("2017-01-01", 388),
        ("2018-01-01", 380),
        ("2019-01-01", 355),
        ("2021-01-01", 352),
        ("2022-01-01", 346),
        ("2022-03-24", 345),
        ("2023-01-01", 342),
        ("2026-01-01", 342),
    ],
)
def test_gemeente_list_counts_match_the_cbs_yearly_indelingen(day: str, count: int) -> None:
    """On each first of January the list holds as many municipalities as CBS counted."""
    gemeenten = CodeLists().require("CBS-gemeenten", family="iwmo", release="3.2")
    on = D.fromisoformat(day)
    assert sum(1 for code in gemeenten.codes() if gemeenten.is_valid(code, on)) == count


def test_overrides_replace_and_add_lists(tmp_path: Path) -> None:
    """A bare-name override applies to every release; a family/release override only to that one."""
    newer = _write(tmp_path, _list("0200,,2027-01-01,x\n").replace("TEST01", "WJ001"), "a.csv")
    only_jw = _write(tmp_path, _list("8001,,,x\n").replace("TEST01", "WJ001"), "b.csv")
    gemeenten = _write(
        tmp_path, _list("0363,,,Amsterdam\n").replace("TEST01", "CBS-gemeenten"), "c.csv"
    )
    lists = CodeLists(
        overrides={"WJ001": newer, "ijw/3.2/WJ001": only_jw, "CBS-gemeenten": gemeenten}
    )
    wmo = lists.require("WJ001", family="iwmo", release="3.2")
    assert wmo.codes() == {"0200"}
    assert not wmo.is_valid("0200", D(2027, 1, 1))
    assert lists.require("WJ001", family="ijw", release="3.2").codes() == {"8001"}
    assert lists.require("CBS-gemeenten", family="iwmo", release="3.2").is_valid(
        "0363", D(2026, 1, 1)
    )
    assert (
        CodeLists().require("WJ001", family="iwmo", release="3.2").is_valid("0200", D(2027, 1, 1))
    )


def test_override_with_a_bad_file_fails_closed(tmp_path: Path) -> None:
    """An override that points at a missing or malformed file raises instead of being ignored."""
    with pytest.raises(DataError):
        CodeLists(overrides={"WJ001": tmp_path / "missing.csv"}).get(
            "WJ001", family="iwmo", release="3.2"
        )
    bad = _write(tmp_path, "just text\n")
    with pytest.raises(DataError):
        CodeLists(overrides={"WJ001": bad}).get("WJ001", family="iwmo", release="3.2")


def test_lists_are_cached_and_reread_when_the_file_changes(tmp_path: Path) -> None:
    """The same file gives the same object until it changes on disk."""
    path = _write(tmp_path, _list("A1,,,x\n"))
    lists = CodeLists(overrides={"TEST01": path})
    first = lists.require("TEST01")
    assert CodeLists(overrides={"TEST01": path}).require("TEST01") is first
    path.write_text(_list("A1,,,x\nB2,,,y\n"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = lists.require("TEST01")
    assert again is not first
    assert again.codes() == {"A1", "B2"}


@pytest.mark.parametrize("release", ["1.0", "2.0"])
def test_gds_rules_are_optional_exactly_for_lists_not_bundled(release: str) -> None:
    """A GDS code-list rule is optional (named as not run) only when its list is not bundled.

    The public NEN/Nictiz lists (Geslacht, Naamgebruik, Land, Adresgegevens) are bundled.
    """
    from eistandaard.levels.references import rules_for
    from eistandaard.standards.catalog import default_catalog
    from eistandaard.standards.inheritance import release_files

    bundled = set(release_files("gds", release, "codelists", "*.csv"))
    assert {"COD046-NEN", "COD700-NEN1", "COD032-NEN", "CL0010-NICT", "CL0011-NICT"} <= bundled
    level4 = rules_for(default_catalog().get("GDS801", family="gds", release=release))
    assert level4 is not None
    checks = [check for check in level4.for_message("GDS801") if check.per_retourcode]
    assert len(checks) > 30
    for check in checks:
        assert check.optional is (check.list not in bundled), (check.id, check.list)
    lists = CodeLists()
    land = lists.require("COD032-NEN", family="gds", release=release)
    assert "NL" in land
    assert not land.complete
    assert lists.require("CL0010-NICT", family="gds", release=release).codes() == {"by", "to"}


@pytest.mark.parametrize("written", ["20250101", "2025-W01-3", "2025-001"])
def test_a_date_not_written_yyyy_mm_dd_is_refused(written: str) -> None:
    """A code list file is written by people: 20250101 or a week/ordinal date is no date here.

    ``date.fromisoformat`` reads 2025-W01-3 (10 characters) as 1 January 2025, so a row would
    have started on a day its author never wrote.
    """
    with pytest.raises(DataError, match="not YYYY-MM-DD"):
        parse_codelist(_list(f"A1,{written},,x\n"))


def test_a_re_pointed_link_is_read_again_even_with_the_same_modification_time(
    tmp_path: Path,
) -> None:
    """An override reached through a link that is re-pointed (a deploy) gives the new list.

    Both targets have the same modification time, so only the file's identity tells them apart.
    """
    old = _write(tmp_path, _list("A1,,,x\n"), "old.csv")
    new = _write(tmp_path, _list("B2,,,y\n"), "new.csv")
    stat = old.stat()
    os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    link = tmp_path / "current.csv"
    link.symlink_to(old)
    lists = CodeLists(overrides={"TEST01": link})
    assert lists.require("TEST01").codes() == {"A1"}
    link.unlink()
    link.symlink_to(new)
    assert lists.require("TEST01").codes() == {"B2"}
