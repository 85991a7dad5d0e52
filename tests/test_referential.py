import copy
import datetime as dt
import tomllib
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, need_shared

from eistandaard.core.errors import DataError
from eistandaard.core.findings import Level
from eistandaard.levels.references import ReferentialRules, check_references, rules_for
from eistandaard.standards.catalog import MessageSpec, default_catalog
from eistandaard.standards.codelists import CodeLists

D = dt.date
HEADER = """# codelist: {name}
# publisher: eistandaard tests
# source: written by the test
# version: test
# retrieved: 2026-11-23
{extra}code,ingangsdatum,expiratiedatum,omschrijving
"""
FIXTURE_NAME = "dagtekening-after-peildatum"


def _fixture(family: str, message: str) -> Path:
    return FIXTURES / family / "3.2" / message / "invalid" / f"{FIXTURE_NAME}.xml"


def _load(family: str, message: str) -> tuple[MessageSpec, etree._ElementTree]:
    tree = etree.parse(str(_fixture(family, message)))
    spec = default_catalog().identify(tree.getroot())
    assert spec is not None
    assert spec.name == message
    return spec, tree


def _codelist(tmp_path: Path, name: str, rows: str, *, extra: str = "") -> Path:
    path = tmp_path / f"{name}-{abs(hash(rows)) % 10**8}.csv"
    path.write_text(HEADER.format(name=name, extra=extra) + rows, encoding="utf-8")
    return path


def _set(tree: etree._ElementTree, local_path: str, value: str) -> etree._Element:
    """Set the text of the first element on a local-name path below the root."""
    node = tree.getroot()
    for step in local_path.split("/"):
        node = next(c for c in node if etree.QName(c).localname == step)
    node.text = value
    return node


# The 325 fixture has Dagtekening 2026-12-04; peildatum for its retourcodes is that date.
AFTER = D(2026, 12, 31)


def test_fixture_messages_give_tr135_only_after_the_peildatum() -> None:
    """Each authored fixture gives exactly TR135 (8848, Header) at its sidecar's as_of."""
    for family, prefix in (("iwmo", "WMO"), ("ijw", "JW")):
        for kind in ("323", "325"):
            spec, tree = _load(family, prefix + kind)
            sidecar = _fixture(family, prefix + kind).with_name(f"{FIXTURE_NAME}.expected.toml")
            expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
            findings = check_references(spec, tree, as_of=expected["as_of"])
            assert {f.code for f in findings} == set(expected["codes"]) == {"TR135"}
            (finding,) = findings
            assert finding.retourcode == "8848"
            assert finding.level is Level.REFERENTIAL
            assert finding.message_class == "Header"
            assert finding.xpath == "/Bericht/Header/BerichtIdentificatie/Dagtekening"
            assert finding.line is not None
            assert check_references(spec, tree, as_of=AFTER) == []


def test_dagtekening_on_the_peildatum_itself_is_accepted() -> None:
    """TR135 allows a Dagtekening equal to the peildatum and rejects the day after."""
    spec, tree = _load("iwmo", "WMO323")
    assert check_references(spec, tree, as_of=D(2026, 12, 2)) == []
    assert [f.code for f in check_references(spec, tree, as_of=D(2026, 12, 1))] == ["TR135"]


def test_retourcode_expired_on_the_peildatum(tmp_path: Path) -> None:
    """A 325 retourcode whose Expiratiedatum is on or before the Dagtekening gives EI403."""
    spec, tree = _load("iwmo", "WMO325")
    rows = "0200,,2026-12-04,verlopen\n8001,,,open\n"
    lists = CodeLists(overrides={"WJ001": _codelist(tmp_path, "WJ001", rows)})
    findings = check_references(spec, tree, as_of=AFTER, lists=lists)
    assert [f.code for f in findings] == ["EI403"]
    assert findings[0].xpath == "/Bericht/Header/RetourCodes/RetourCode"
    assert findings[0].message_class == "Header"
    assert "0200" in (findings[0].details or "")
    assert "2026-12-04" in (findings[0].details or "")


def test_retourcode_valid_until_the_day_after_the_peildatum(tmp_path: Path) -> None:
    """Expiratiedatum is exclusive: expiring the day after the Dagtekening is still valid."""
    spec, tree = _load("ijw", "JW325")
    rows = "0200,,2026-12-05,nog geldig\n8001,2026-12-04,,begint vandaag\n"
    lists = CodeLists(overrides={"WJ001": _codelist(tmp_path, "WJ001", rows)})
    assert check_references(spec, tree, as_of=AFTER, lists=lists) == []


def test_retourcode_not_in_wj001_or_not_yet_valid(tmp_path: Path) -> None:
    """A retourcode missing from the list gives EI401; one that starts later gives EI402."""
    spec, tree = _load("iwmo", "WMO325")
    rows = "8001,2026-12-05,,begint morgen\n"
    lists = CodeLists(overrides={"iwmo/3.2/WJ001": _codelist(tmp_path, "WJ001", rows)})
    findings = check_references(spec, tree, as_of=AFTER, lists=lists)
    assert [(f.code, f.message_class) for f in findings] == [
        ("EI401", "Header"),
        ("EI402", "DeclaratieAntwoord"),
    ]
    assert findings[1].xpath == "/Bericht/DeclaratieAntwoord/RetourCodes/RetourCode"


def test_incomplete_list_never_rejects_an_absent_code(tmp_path: Path) -> None:
    """A list marked ``complete: no`` cannot prove a code wrong, but still dates the ones it has."""
    spec, tree = _load("iwmo", "WMO325")
    rows = "8001,,2026-01-01,verlopen\n"
    path = _codelist(tmp_path, "WJ001", rows, extra="# complete: no\n")
    findings = check_references(spec, tree, as_of=AFTER, lists=CodeLists(overrides={"WJ001": path}))
    assert [f.code for f in findings] == ["EI403"]


def test_repeated_prestaties_get_indexed_locations(tmp_path: Path) -> None:
    """A failing code in the second of two Prestaties is located with Prestatie[2]."""
    spec, tree = _load("iwmo", "WMO323")
    prestaties = tree.getroot().find(".//{*}Prestaties")
    assert prestaties is not None
    second = copy.deepcopy(prestaties[0])
    prestaties.append(second)
    next(e for e in second.iter() if etree.QName(e).localname == "Eenheid").text = "01"
    rows = "04,,,uur\n01,,2026-11-01,minuut vervallen\n"
    lists = CodeLists(overrides={"WJ756": _codelist(tmp_path, "WJ756", rows)})
    findings = check_references(spec, tree, as_of=AFTER, lists=lists)
    assert [(f.code, f.xpath, f.message_class) for f in findings] == [
        (
            "EI403",
            "/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie[2]/Eenheid",
            "Prestatie",
        )
    ]


def test_product_lists_use_the_productperiode_as_peildatum(tmp_path: Path) -> None:
    """ProductCategorie is dated on ProductPeriode/Begindatum (2026-11-02), not the Dagtekening."""
    spec, tree = _load("iwmo", "WMO323")
    valid_then = "02,,2026-11-03,vervalt na de begindatum\n"
    lists = CodeLists(overrides={"WMO020": _codelist(tmp_path, "WMO020", valid_then)})
    assert check_references(spec, tree, as_of=AFTER, lists=lists) == []
    expired = "02,,2026-11-02,vervallen op de begindatum\n"
    lists = CodeLists(overrides={"WMO020": _codelist(tmp_path, "WMO020", expired)})
    assert [f.code for f in check_references(spec, tree, as_of=AFTER, lists=lists)] == ["EI403"]


def test_gemeentecode_is_checked_against_the_bundled_cbs_list(tmp_path: Path) -> None:
    """The bundled CBS list accepts Utrecht (0344); a supplied list replaces it (TR378/S300)."""
    spec, tree = _load("ijw", "JW323")
    assert check_references(spec, tree, as_of=AFTER) == []
    cbs = _codelist(tmp_path, "CBS-gemeenten", "0363,,,Amsterdam\n")
    findings = check_references(
        spec, tree, as_of=AFTER, lists=CodeLists(overrides={"CBS-gemeenten": cbs})
    )
    assert [(f.code, f.retourcode, f.xpath) for f in findings] == [
        ("TR378", "S300", "/Bericht/Header/Ontvanger")
    ]
    assert findings[0].text_nl
    assert findings[0].text_en


@pytest.mark.parametrize(
    ("code", "dagtekening", "expected"),
    [
        pytest.param("0457", "2022-03-23", [], id="weesp-before-joining-amsterdam"),
        pytest.param("0457", "2026-12-04", [], id="weesp-after-merger-existed-by"),
        pytest.param("1992", "2022-12-31", ["TR378"], id="voorne-aan-zee-before-it-existed"),
        pytest.param("1992", "2023-01-01", [], id="voorne-aan-zee-first-day"),
        pytest.param("9021", "2026-12-04", ["TR378"], id="fictitious-9xxx"),
    ],
)
def test_bundled_cbs_list_knows_the_mergers(
    code: str, dagtekening: str, expected: list[str]
) -> None:
    """The bundled CBS list knows the municipal mergers (TR378).

    A merged municipality's code stays acceptable after the merger (existed-by); a code formed
    by a merger is not yet valid before its first day; an unknown code is rejected.
    """
    spec, tree = _load("iwmo", "WMO325")
    _set(tree, "Header/Afzender", code)
    _set(tree, "Header/BerichtIdentificatie/Dagtekening", dagtekening)
    findings = check_references(spec, tree, as_of=AFTER)
    assert [f.code for f in findings if f.code == "TR378"] == expected


def test_productcode_must_belong_to_its_category(tmp_path: Path) -> None:
    """With a supplied product code list, ProductCode is looked up as ``categorie/code``."""
    spec, tree = _load("iwmo", "WMO323")
    good = _codelist(tmp_path, "productcodes", "02/02H04,,,begeleiding\n")
    lists = CodeLists(overrides={"productcodes": good})
    assert check_references(spec, tree, as_of=AFTER, lists=lists) == []
    wrong = _codelist(tmp_path, "productcodes", "03/02H04,,,andere categorie\n")
    findings = check_references(
        spec, tree, as_of=AFTER, lists=CodeLists(overrides={"productcodes": wrong})
    )
    assert [(f.code, f.retourcode, f.message_class) for f in findings] == [
        ("TR381", "S329", "Prestatie")
    ]


def test_missing_bundled_list_fails_closed(tmp_path: Path) -> None:
    """A required list that cannot be found raises DataError: the pipeline fails closed."""
    spec, tree = _load("iwmo", "WMO325")
    with pytest.raises(DataError, match="missing"):
        check_references(spec, tree, as_of=AFTER, lists=CodeLists(root=tmp_path))


def test_every_bundled_release_has_its_required_lists() -> None:
    """Every iWmo/iJw message has level-4 rules and every non-optional list they name is bundled.

    TR135 (Dagtekening not in the future) applies to the messages its rule text names: the
    heen messages and the 325 (not the other retour messages, whose Header copies the request's).
    """
    lists = CodeLists()
    seen = 0
    for spec in default_catalog():
        if spec.family not in {"iwmo", "ijw"}:
            continue
        rules = rules_for(spec)
        assert rules is not None, spec.name
        checks = rules.for_message(spec.name)
        retour_only = spec.direction == "retour" and spec.name[-3:] != "325"
        assert any(c.code == "TR135" for c in checks) is not retour_only, spec.name
        assert any(c.list == "COD002-VEKT" for c in checks), spec.name
        for check in checks:
            if check.kind == "codelist" and not check.optional:
                assert check.list is not None
                lists.require(check.list, family=spec.family, release=spec.release.release)
                seen += 1
    assert seen >= 12


def test_identifier_checks_from_a_custom_rule_file(tmp_path: Path) -> None:
    """An integrator's rule file can check identifiers; a bad AGB gives EI404."""
    path = tmp_path / "referential.toml"
    path.write_text(
        """format = 1
classes = ["Header"]
[[check]]
id = "afzender-agb"
kind = "identifier"
identifier = "agb"
messages = ["WMO323"]
select = ["Header/Afzender"]
""",
        encoding="utf-8",
    )
    rules = ReferentialRules.load(path)
    spec, tree = _load("iwmo", "WMO323")
    assert check_references(spec, tree, as_of=AFTER, rules=rules) == []
    _set(tree, "Header/Afzender", "00112233")
    findings = check_references(spec, tree, as_of=AFTER, rules=rules)
    assert [(f.code, f.xpath) for f in findings] == [("EI404", "/Bericht/Header/Afzender")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("classes = []\n", "format"),
        ('format = 1\n[[check]]\nid = "x"\nkind = "magic"\nmessages = []\nselect = []\n', "kind"),
        (
            'format = 1\n[[check]]\nid = "x"\nkind = "codelist"\nmessages = []\nselect = []\n',
            "list",
        ),
        (
            'format = 1\n[[check]]\nid = "x"\nkind = "codelist"\nlist = "A"\nmessages = []\n'
            'select = []\ncode = "TR999"\n',
            "texts",
        ),
        ('format = 1\n[[check]]\nid = "x"\nkind = "codelist"\n', "malformed"),
        ("format = \n", "TOML"),
    ],
    ids=["no-format", "bad-kind", "no-list", "rule-without-texts", "missing-keys", "bad-toml"],
)
def test_malformed_rule_files_raise_data_error(tmp_path: Path, text: str, message: str) -> None:
    """A malformed referential.toml raises DataError, never runs half a rule set."""
    path = tmp_path / "referential.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        ReferentialRules.load(path)


def test_conformance_corpus_and_examples_give_no_level4_findings_but_fictitious_gemeenten() -> None:
    """Fictitious but otherwise valid test data pass level 4, except their gemeentecodes.

    The corpus uses gemeentecodes 9xxx, which no municipality has: against the bundled CBS list
    they give TR378 (S300) and nothing else; real codes (0363, 0384) pass. The faulty corpus
    messages' faults are level-3 faults, and the BSN 11-proef is rule CS002 at level 3, which
    level 4 does not repeat.
    """
    shared = need_shared()
    paths = [
        p for p in sorted(shared.glob("conformance/*/*.xml")) if not p.name.endswith(".rapport.xml")
    ]
    examples = shared / "reference" / "istandaarden" / "jaapjunior" / "packages" / "api"
    paths += sorted(examples.glob("*/bronnen/berichten/*32[35].xml"))
    assert len(paths) >= 300
    catalog = default_catalog()
    fictitious = 0
    for path in paths:
        tree = etree.parse(str(path))
        spec = catalog.identify(tree.getroot())
        assert spec is not None, path.name
        findings = check_references(spec, tree, as_of=D(2026, 11, 23))
        for finding in findings:
            assert finding.code == "TR378", path.name
            assert '"9' in (finding.details or ""), path.name
        fictitious += len(findings)
    assert fictitious > 0


def test_fixtures_are_valid_against_the_official_xsd(tmp_path: Path) -> None:
    """The authored level-4 fixtures are XSD-valid against the official 3.2 schemas."""
    api = need_shared("reference", "istandaarden", "jaapjunior", "packages", "api")
    for folder, family, prefix in (("wmo", "iwmo", "WMO"), ("jw", "ijw", "JW")):
        target = tmp_path / folder
        target.mkdir()
        for xsd in (api / folder / "bronnen" / "xsd").glob("*.xsd"):
            (target / xsd.name).write_bytes(xsd.read_bytes())
        (target / "basisschema.xsd").write_bytes((target / "Basisschema.xsd").read_bytes())
        for kind in ("323", "325"):
            schema = etree.XMLSchema(etree.parse(str(target / f"{prefix}{kind}.xsd")))
            document = etree.parse(str(_fixture(family, prefix + kind)))
            assert schema.validate(document), schema.error_log
