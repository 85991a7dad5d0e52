"""The message catalog identifies messages by root namespace and reads their Header."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from eistandaard.core.errors import CatalogError
from eistandaard.standards.catalog import Catalog, default_catalog

WMO323 = "http://www.istandaarden.nl/iwmo/3_2/wmo323/schema"


ISTANDAARDEN_CODES = {
    # COD002-VEKT: iWmo 3.2 and iJw 3.2, every message with its retour message.
    "WMO301": "414", "WMO302": "415", "WMO305": "418", "WMO306": "419", "WMO307": "420",
    "WMO308": "421", "WMO315": "444", "WMO316": "445", "WMO317": "480", "WMO318": "481",
    "WMO319": "482", "WMO320": "483", "WMO323": "484", "WMO325": "485",
    "JW301": "436", "JW302": "437", "JW305": "438", "JW306": "439", "JW307": "440",
    "JW308": "441", "JW315": "446", "JW316": "447", "JW317": "486", "JW318": "487",
    "JW319": "488", "JW320": "489", "JW323": "490", "JW325": "491",
}  # fmt: skip


def test_bundled_catalog_knows_every_istandaarden_message() -> None:
    """IWmo and iJw 3.2 bring all 14 messages each, with the berichtcodes of COD002-VEKT."""
    catalog = default_catalog()
    codes = {spec.name: spec.berichtcode for spec in catalog if spec.family in ("iwmo", "ijw")}
    assert codes == ISTANDAARDEN_CODES
    assert catalog.get("wmo323").answer == "WMO325"
    assert catalog.get("JW325").direction == "retour"
    assert all(spec.schema_path.is_file() for spec in catalog)


def test_every_heen_message_names_its_retour_message_and_back() -> None:
    """Each heen message names its retour message, which names it back; namespaces are unique."""
    catalog = default_catalog()
    specs = [spec for spec in catalog if spec.family in ("iwmo", "ijw")]
    for spec in specs:
        family = "iwmo" if spec.name.startswith("WMO") else "ijw"
        assert spec.family == family
        assert spec.namespace == (
            f"http://www.istandaarden.nl/{family}/3_2/{spec.name.lower()}/schema"
        )
        if spec.direction == "heen":
            assert spec.answer is not None
            assert catalog.get(spec.answer, family=family).request == spec.name
        else:
            assert spec.request is not None
            assert catalog.get(spec.request, family=family).answer == spec.name
    assert len({spec.namespace for spec in specs}) == len(specs) == 28


def test_identify_reads_namespace_and_header() -> None:
    """A WMO323 root is found by namespace; the identity carries the Header values."""
    root = etree.fromstring(
        f'<Bericht xmlns="{WMO323}"><Header><BerichtCode>484</BerichtCode>'
        "<BerichtVersie>3</BerichtVersie><BerichtSubversie>2</BerichtSubversie>"
        "<BerichtIdentificatie><Identificatie>X1</Identificatie>"
        "<Dagtekening>2024-01-02</Dagtekening></BerichtIdentificatie></Header></Bericht>".encode()
    )
    spec = default_catalog().identify(root)
    assert spec is not None
    assert spec.name == "WMO323"
    identity = spec.identity(root)
    assert (identity.header_code, identity.identificatie, identity.dagtekening) == (
        "484",
        "X1",
        "2024-01-02",
    )


def test_unknown_namespace_or_root_is_not_identified() -> None:
    """Another namespace, no namespace, or another root name: no spec."""
    catalog = default_catalog()
    assert catalog.identify(etree.fromstring(b'<Bericht xmlns="urn:other"/>')) is None
    assert catalog.identify(etree.fromstring(b"<Bericht/>")) is None
    assert catalog.identify(etree.fromstring(f'<Other xmlns="{WMO323}"/>'.encode())) is None


def test_adding_a_release_is_adding_a_folder(tmp_path: Path) -> None:
    """A catalog.toml in a new folder is a new release; a broken one is a CatalogError."""
    folder = tmp_path / "demo" / "1.0"
    folder.mkdir(parents=True)
    (folder / "catalog.toml").write_text(
        'family = "demo"\nrelease = "1.0"\nstandard = "Demo"\nconvention = "istandaarden"\n'
        '[header]\ncode = "Header/BerichtCode"\n'
        '[[messages]]\nname = "D1"\nberichtcode = "1"\nnamespace = "urn:demo"\n'
        'direction = "heen"\nschema = "D1.xsd"\n',
        encoding="utf-8",
    )
    catalog = Catalog.load(tmp_path)
    assert catalog.get("D1").release.key == "demo/1.0"
    (folder / "catalog.toml").write_text('family = "demo"\n', encoding="utf-8")
    with pytest.raises(CatalogError):
        Catalog.load(tmp_path)


def test_releases_sharing_a_namespace_are_told_apart_by_version(tmp_path: Path) -> None:
    """Two releases with one namespace: the Header version picks; an unknown one gets the newest."""
    for release, versie in (("1.0", "1"), ("2.0", "2")):
        folder = tmp_path / "demo" / release
        folder.mkdir(parents=True)
        (folder / "catalog.toml").write_text(
            f'family = "demo"\nrelease = "{release}"\nstandard = "Demo"\nconvention = "vektis"\n'
            f'berichtversies = ["{versie}"]\n'
            '[header]\nversie = "Header/Berichtversie"\n'
            '[[messages]]\nname = "D1"\nberichtcode = "1"\nnamespace = "urn:demo"\n'
            'direction = "heen"\nschema = "D1.xsd"\n',
            encoding="utf-8",
        )
    catalog = Catalog.load(tmp_path)

    def release_of(versie: str) -> str | None:
        root = etree.fromstring(
            f'<Bericht xmlns="urn:demo"><Header><Berichtversie>{versie}</Berichtversie>'
            "</Header></Bericht>".encode()
        )
        spec = catalog.identify(root)
        return spec.release.release if spec else None

    assert release_of("1") == "1.0"
    assert release_of("2") == "2.0"
    assert release_of("7") == "2.0"
