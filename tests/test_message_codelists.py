"""Level 4 for the iWmo/iJw 3.2 messages 301-320: every coded element against its dated list.

The bundled lists (``rbc/istandaarden/3.2/codelists/`` shared, ``rbc/{iwmo,ijw}/3.2/codelists/``
for the family's own) are compiled from the published code
lists; each equals the enumeration of its data type in the 3.2 basisschema, carries its
provenance, and is wired in ``referential.toml`` for every element of that type in every
message. Dates count: a code marked vervallen (WMO002/JZ002 code 01) is expired, and an
integrator's newer list with an Expiratiedatum makes a code expire that the XSD still takes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, JAAPJUNIOR, ROOT, need_shared

import eistandaard
from eistandaard.levels.references import rules_for
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.codelists import CodeLists, load_codelist
from eistandaard.standards.inheritance import release_file

AS_OF = dt.date(2026, 11, 23)
XS = "{http://www.w3.org/2001/XMLSchema}"
NUMBERS = ("301", "302", "305", "306", "307", "308", "315", "316", "317", "318", "319", "320")
# Data type -> list (per family where the lists differ).
LISTS: dict[str, str | dict[str, str]] = {
    "LDT_LandCode": "COD032",
    "LDT_Geslacht": "COD046",
    "LDT_DatumGebruik": "COD170",
    "LDT_JaNee": "COD260",
    "LDT_TypeVerwijzer": "COD327",
    "LDT_StatusAanlevering": "COD467",
    "LDT_SoortRelatie": "COD472",
    "LDT_NaamGebruik": "COD700",
    "LDT_Communicatievorm": "COD747",
    "LDT_AdresSoort": "COD757",
    "LDT_AanduidingWoonadres": "NUM061",
    "LDT_WettelijkeVertegenwoordiging": "WJ003",
    "LDT_JuridischeStatus": "WJ232",
    "LDT_RedenVerzoek": "WJ758",
    "LDT_RedenAfwijzingVerzoek": "WJ759",
    "LDT_VerzoekAntwoord": "WJ760",
    "LDT_Frequentie": "WMO757",
    "LDT_Eenheid": "WJ756",
    "LDT_RetourCode": "WJ001",
    "LDT_RedenWijziging": {"iwmo": "WMO002", "ijw": "JZ002"},
    "LDT_RedenBeeindiging": {"iwmo": "WMO588", "ijw": "JZ588"},
    "LDT_ProductCategorie": {"iwmo": "WMO020", "ijw": "JZ020"},
}
FAMILIES = {"iwmo": "WMO", "ijw": "JW"}


def _list_of(family: str, data_type: str) -> str:
    entry = LISTS[data_type]
    return entry if isinstance(entry, str) else entry[family]


def _types(family: str, message: str) -> dict[str, etree._Element]:
    folder = ROOT / "schemas" / family / "3.2"
    found: dict[str, etree._Element] = {}
    for path, prefix in ((folder / f"{message}.xsd", "m"), (folder / "basisschema.xsd", family)):
        for definition in etree.parse(str(path)).getroot():
            if isinstance(definition.tag, str) and definition.get("name"):
                found[f"{prefix}:{definition.get('name')}"] = definition
    return found


def _paths(family: str, message: str) -> list[tuple[str, str]]:
    """(local-name path below Bericht, data type name) of every element of the message."""
    types = _types(family, message)
    found: list[tuple[str, str]] = []

    def walk(type_name: str, prefix: str) -> None:
        definition = types.get(type_name)
        if definition is None or definition.tag != f"{XS}complexType":
            return
        for element in definition.iter(f"{XS}element"):
            path = f"{prefix}/{element.get('name')}".lstrip("/")
            found.append((path, str(element.get("type")).split(":")[1]))
            walk(str(element.get("type")), path)

    walk("m:BerichtType", "")
    return found


def _enumeration(family: str, data_type: str) -> list[str]:
    basis = etree.parse(str(ROOT / "schemas" / family / "3.2" / "basisschema.xsd")).getroot()
    definition = next(d for d in basis if d.get("name") == data_type)
    return [str(e.get("value")) for e in definition.iter(f"{XS}enumeration")]


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("data_type", sorted(LISTS))
def test_bundled_list_equals_the_schema_enumeration_and_names_its_source(
    family: str, data_type: str
) -> None:
    """Each list holds exactly the codes of its data type, with a complete provenance header."""
    name = _list_of(family, data_type)
    path = release_file(family, "3.2", f"codelists/{name}.csv")  # its own, or the shared base's
    assert path is not None, name
    found = load_codelist(path, name=name)
    assert sorted(found.codes()) == sorted(_enumeration(family, data_type))
    for key in ("publisher", "source", "version", "retrieved", "dates"):
        assert found.header.get(key), f"{name} lacks {key}"
    assert found.complete


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("number", NUMBERS)
def test_every_coded_element_of_every_message_is_checked(family: str, number: str) -> None:
    """Every element whose data type has a public list is selected by a check against it."""
    message = FAMILIES[family] + number
    spec = default_catalog().get(message, family=family)
    rules = rules_for(spec)
    assert rules is not None
    checks = rules.for_message(message)
    coded = [(p, t) for p, t in _paths(family, message) if t in LISTS]
    assert coded, message
    for path, data_type in coded:
        lists = {c.list for c in checks if c.kind == "codelist" and path in c.select}
        assert _list_of(family, data_type) in lists, f"{message} {path} is not checked"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_no_check_selects_a_path_its_messages_lack(family: str) -> None:
    """Each select path of a 301-320 check exists in at least one of the messages it names."""
    spec = default_catalog().get(FAMILIES[family] + "301", family=family)
    rules = rules_for(spec)
    assert rules is not None
    paths = {
        name: {p for p, _ in _paths(family, name)}
        for name in (FAMILIES[family] + n for n in NUMBERS)
    }
    for check in rules.checks:
        mine = [m for m in check.messages if m in paths]
        if not mine:
            continue
        for path in check.select:
            assert any(path in paths[m] for m in mine), f"{check.id}: {path}"


def _with_reden_wijziging(family: str, prefix: str, code: str) -> bytes:
    """Our valid 301 with a RedenWijziging after the product's Einddatum."""
    valid = FIXTURES / family / "3.2" / f"{prefix}301" / "valid" / "default-namespace.xml"
    data = valid.read_bytes()
    marker = b"2026-08-31</Einddatum>"
    assert data.count(marker) == 1
    return data.replace(marker, marker + b"<RedenWijziging>" + code.encode() + b"</RedenWijziging>")


@pytest.mark.parametrize(("family", "prefix"), [("iwmo", "WMO"), ("ijw", "JW")])
def test_reden_wijziging_is_dated_by_the_list_in_use(
    family: str, prefix: str, tmp_path: Path
) -> None:
    """RedenWijziging 01 expires only in a list that dates it; 14 just beside stays valid.

    Code 01 is vervallen only in words: the bundled list leaves it open (CS336, a level-3 rule,
    rejects it), while a list that gives it an Expiratiedatum makes level 4 say EI403.
    """
    name = "WMO002" if family == "iwmo" else "JZ002"
    bundled = ROOT / "rbc" / family / "3.2" / "codelists" / f"{name}.csv"
    dated = tmp_path / f"{name}.csv"
    dated.write_text(
        bundled.read_text(encoding="utf-8").replace("\n01,,,", "\n01,,2022-04-01,"),
        encoding="utf-8",
    )
    assert "01,,2022-04-01," in dated.read_text(encoding="utf-8")
    lists = CodeLists(overrides={name: dated})
    withdrawn = _with_reden_wijziging(family, prefix, "01")
    assert "EI403" not in eistandaard.validate(withdrawn, as_of=AS_OF).codes
    report = eistandaard.validate(withdrawn, as_of=AS_OF, codelists=lists)
    assert "EI403" in report.codes
    found = next(f for f in report.findings if f.code == "EI403")
    assert 'RedenWijziging "01" has expired' in (found.details or "")
    successor = _with_reden_wijziging(family, prefix, "14")
    assert "EI403" not in eistandaard.validate(successor, as_of=AS_OF, codelists=lists).codes


def _cod046(path: Path, expiry: str) -> CodeLists:
    path.write_text(
        "# codelist: COD046\n# name: Geslacht\n# publisher: test\n# source: test\n"
        "# version: test\n# retrieved: 2026-11-23\n# complete: yes\n"
        f"code,ingangsdatum,expiratiedatum,omschrijving\n0,,{expiry},Onbekend\n"
        "1,,,Mannelijk\n2,,,Vrouwelijk\n",
        encoding="utf-8",
    )
    return CodeLists(overrides={"COD046": path})


def test_a_newer_list_with_an_expiratiedatum_rejects_what_the_xsd_takes(tmp_path: Path) -> None:
    """An integrator's COD046 expiring code 0 on 2026-01-01: Geslacht 0 in a JW305 is EI403.

    The same list expiring it only after the message's Dagtekening (2026-09-15), and Geslacht 2,
    pass: the check reads the dates (Expiratiedatum exclusive).
    """
    valid = (FIXTURES / "ijw/3.2/JW305/valid/complete.xml").read_bytes()
    assert b"<ijw:Dagtekening>2026-09-15<" in valid
    unknown_sex = valid.replace(b"Geslacht>2<", b"Geslacht>0<")
    assert unknown_sex != valid
    expired = _cod046(tmp_path / "expired.csv", "2026-01-01")
    report = eistandaard.validate(unknown_sex, as_of=AS_OF, codelists=expired)
    assert [f.code for f in report.findings if f.level == 4] == ["EI403"]
    assert [
        f.code for f in eistandaard.validate(valid, as_of=AS_OF, codelists=expired).findings
    ] == []
    for expiry, codes in (("2026-09-15", ["EI403"]), ("2026-09-16", [])):
        lists = _cod046(tmp_path / f"{expiry}.csv", expiry)
        report = eistandaard.validate(unknown_sex, as_of=AS_OF, codelists=lists)
        assert [f.code for f in report.findings if f.level == 4] == codes, expiry


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_bundled_lists_hold_the_published_codes(family: str) -> None:
    """Against the published code lists in ../shared: the same codes (skipped without it)."""
    folder = need_shared(
        "reference", "istandaarden", "jaapjunior", "packages", "api",
        "wmo" if family == "iwmo" else "jw", "bronnen", "codelijsten",
    )  # fmt: skip
    assert folder.is_relative_to(JAAPJUNIOR)
    for data_type in LISTS:
        name = _list_of(family, data_type)
        if name in {"WJ001", "WJ756", "WMO020", "JZ020"}:
            continue  # lists of the declaration messages, tested with them
        sources = [p for p in folder.iterdir() if p.name.upper().startswith(name + "_")]
        assert len(sources) == 1, (name, sources)
        text = sources[0].read_text(encoding="utf-8")
        path = release_file(family, "3.2", f"codelists/{name}.csv")  # own, or the base's
        assert path is not None, name
        bundled = load_codelist(path)
        for code in bundled.codes():
            assert f'"{code}"' in text or f"| {code} " in text, (name, code)
