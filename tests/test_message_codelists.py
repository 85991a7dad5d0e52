"""Level 4 for the iWmo/iJw 3.2 messages 301-320: every coded element against its dated list.

The bundled lists (``rbc/{iwmo,ijw}/3.2/codelists/``) are compiled from the published code
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
from eistandaard.catalog import default_catalog
from eistandaard.codelists import CodeLists, load_codelist
from eistandaard.rules.referential import rules_for

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
    found = load_codelist(ROOT / "rbc" / family / "3.2" / "codelists" / f"{name}.csv", name=name)
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


@pytest.mark.parametrize(("family", "prefix"), [("iwmo", "WMO"), ("ijw", "JW")])
def test_reden_wijziging_01_is_expired_and_14_is_not(family: str, prefix: str) -> None:
    """The vervallen code 01 gives EI403 on a 3.2 message; its successor 14 just beside does not."""
    path = FIXTURES / family / "3.2" / f"{prefix}301" / "invalid" / "reden-wijziging-01-expired.xml"
    report = eistandaard.validate(path, as_of=AS_OF)
    assert report.codes == ["EI403"]
    assert "RedenWijziging '01' has expired" in (report.findings[0].details or "")
    beside = path.read_bytes().replace(b"RedenWijziging>01<", b"RedenWijziging>14<")
    assert b"RedenWijziging>14<" in beside
    assert eistandaard.validate(beside, as_of=AS_OF).codes == []


def test_a_newer_list_with_an_expiratiedatum_rejects_what_the_xsd_takes(tmp_path: Path) -> None:
    """An integrator's COD046 expiring code 0 on 2026-01-01: Geslacht 0 in a JW305 is EI403.

    The same message dated before the expiry, and Geslacht 2, pass: the check reads the dates.
    """
    newer = tmp_path / "COD046.csv"
    newer.write_text(
        "# codelist: COD046\n# name: Geslacht\n# publisher: test\n# source: test\n"
        "# version: test\n# retrieved: 2026-11-23\n# complete: yes\n"
        "code,ingangsdatum,expiratiedatum,omschrijving\n0,,2026-01-01,Onbekend\n"
        "1,,,Mannelijk\n2,,,Vrouwelijk\n",
        encoding="utf-8",
    )
    lists = CodeLists(overrides={"COD046": newer})
    valid = (FIXTURES / "ijw/3.2/JW305/valid/complete.xml").read_bytes()
    unknown_sex = valid.replace(b"Geslacht>2<", b"Geslacht>0<")
    assert unknown_sex != valid
    report = eistandaard.validate(unknown_sex, as_of=AS_OF, codelists=lists)
    assert report.codes == ["EI403"]
    assert report.findings[0].level == 4
    earlier = unknown_sex.replace(b"2026-03-02", b"2025-12-31")
    assert eistandaard.validate(earlier, as_of=AS_OF, codelists=lists).codes == []
    assert eistandaard.validate(valid, as_of=AS_OF, codelists=lists).codes == []


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
        bundled = load_codelist(ROOT / "rbc" / family / "3.2" / "codelists" / f"{name}.csv")
        for code in bundled.codes():
            assert f'"{code}"' in text or f"| {code} " in text, (name, code)
