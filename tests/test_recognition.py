"""Messages the catalog recognises but does not check get their own level-1 finding.

The retired 303/304 (declaratie/factuur, replaced by the 323/325 in release 3.0) are EI121 in any
release, found by namespace or by BerichtCode; a message of another iWmo/iJw release (2.x, 3.0,
3.1 namespaces) is EI122 naming its release and the one checked. Neither is ever accepted, in
every command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.cli.main import main
from eistandaard.standards.catalog import Catalog, default_catalog

NUMBERS = ("301", "302", "305", "306", "307", "308", "315", "316", "317", "318", "319", "320")
NUMBERS += ("323", "325")
RETIRED = {
    # COD002-VEKT: the 303 declaratie/factuur and its 304 retour of both families.
    ("iwmo", "WMO303"): ("416", "448"),
    ("iwmo", "WMO304"): ("417", "449"),
    ("ijw", "JW303"): ("432", "450"),
    ("ijw", "JW304"): ("433", "451"),
}
OLDER = ("2_0", "2_2", "2_4", "3_0", "3_1")


def _bericht(namespace: str, code: str = "414") -> bytes:
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    return (
        f"<Bericht{xmlns}><Header><BerichtCode>{code}</BerichtCode>"
        "<BerichtVersie>2</BerichtVersie></Header></Bericht>"
    ).encode()


@pytest.mark.parametrize(("family", "message"), sorted(RETIRED))
@pytest.mark.parametrize("release", [*OLDER, "3_2"])
def test_retired_message_by_namespace_is_phased_out(
    family: str, message: str, release: str
) -> None:
    """A 303/304 namespace of any release: EI121 saying it is phased out and to send a 323."""
    namespace = f"http://www.istandaarden.nl/{family}/{release}/{message.lower()}/schema"
    report = eistandaard.validate(_bericht(namespace, RETIRED[family, message][0]))
    assert report.codes == ["EI121"]
    assert report.verdict is eistandaard.Verdict.REJECTED
    details = report.findings[0].details or ""
    send = "WMO323" if family == "iwmo" else "JW323"
    assert f"send a {send}" in details
    assert "2020-12-31" in details
    assert message in details
    assert "uitgefaseerd" in report.findings[0].text_nl
    assert report.findings[0].vecozo_code == "BRS25"


@pytest.mark.parametrize(
    ("family", "message", "code"),
    [(f, m, c) for (f, m), codes in sorted(RETIRED.items()) for c in codes],
)
@pytest.mark.parametrize("namespace", ["", "urn:example:other"])
def test_retired_berichtcode_in_any_namespace_is_phased_out(
    family: str, message: str, code: str, namespace: str
) -> None:
    """A Bericht whose Header has a 303/304 BerichtCode is EI121 even without a known namespace."""
    report = eistandaard.validate(_bericht(namespace, code))
    assert report.codes == ["EI121"]
    assert message in (report.findings[0].details or "")


@pytest.mark.parametrize("family", ["iwmo", "ijw"])
@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("release", OLDER)
def test_message_of_an_older_release_names_both_releases(
    family: str, number: str, release: str
) -> None:
    """Each of the 14 messages in a 2.x/3.0/3.1 namespace: EI122 with its release and ours."""
    name = ("WMO" if family == "iwmo" else "JW") + number
    namespace = f"http://www.istandaarden.nl/{family}/{release}/{name.lower()}/schema"
    report = eistandaard.validate(_bericht(namespace))
    assert report.codes == ["EI122"]
    assert report.verdict is eistandaard.Verdict.REJECTED
    details = report.findings[0].details or ""
    standard = "iWmo" if family == "iwmo" else "iJw"
    assert f"{name} of {standard} release {release.replace('_', '.')}" in details
    assert f"checks {standard} release 3.2" in details
    assert f"/{family}/3_2/{name.lower()}/schema" in details


def test_unknown_message_of_the_checked_release_stays_unsupported() -> None:
    """A 3.2 namespace of a message that does not exist, and foreign roots: still EI120."""
    for data in (
        _bericht("http://www.istandaarden.nl/iwmo/3_2/wmo399/schema"),
        _bericht("urn:example:other"),
        b"<Other><Header><BerichtCode>416</BerichtCode></Header></Other>",
    ):
        assert eistandaard.validate(data).codes == ["EI120"], data


def test_recognition_is_data(tmp_path: Path) -> None:
    """A catalog.toml with a namespace template and a [[retired]] entry is all it takes."""
    folder = tmp_path / "demo" / "2.0"
    folder.mkdir(parents=True)
    (folder / "catalog.toml").write_text(
        'family = "demo"\nrelease = "2.0"\nstandard = "Demo"\nconvention = "istandaarden"\n'
        'namespace_template = "urn:demo:{release}:{message}"\n'
        '[header]\ncode = "Header/BerichtCode"\n'
        '[[messages]]\nname = "D1"\nberichtcode = "1"\nnamespace = "urn:demo:2_0:d1"\n'
        'direction = "heen"\nschema = "D1.xsd"\n'
        '[[retired]]\nmessage = "D9"\nberichtcodes = ["9"]\ntitle = "old"\n'
        'phased_out = "2001-01-01"\nreplaced_by = "D1"\nreplaced_in = "2.0"\nsend = "D1"\n',
        encoding="utf-8",
    )
    catalog = Catalog.load(tmp_path)
    older = catalog.recognise(etree.fromstring(b'<Bericht xmlns="urn:demo:1_5:d1"/>'))
    assert older is not None
    assert (older.code, older.message, older.release) == ("EI122", "D1", "1.5")
    retired = catalog.recognise(etree.fromstring(b'<Bericht xmlns="urn:demo:2_0:d9"/>'))
    assert retired is not None
    assert retired.code == "EI121"
    assert "send a D1" in retired.details
    assert catalog.recognise(etree.fromstring(b'<Bericht xmlns="urn:demo:2_0:d1"/>')) is None


def test_cli_validate_says_phased_out_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei validate` on a WMO303: rejected (exit 1), the text names EI121 and the 323."""
    path = FIXTURES / "iwmo/3.2/WMO303/invalid/iwmo-2-4-declaratie.xml"
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "EI121" in out
    assert "WMO323" in out


def test_cli_return_and_diff_never_answer_a_retired_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return` on a WMO303 writes no answer; `ei diff` refuses it with one usage line."""
    request = FIXTURES / "iwmo/3.2/WMO303/invalid/iwmo-2-4-declaratie.xml"
    answer = FIXTURES / "iwmo/3.2/WMO304/invalid/iwmo-2-4-retour.xml"
    out = tmp_path / "answer.xml"
    assert main(["return", str(request), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "EI121" in captured.out + captured.err
    assert not out.exists()
    assert main(["diff", str(request), str(answer)]) == 2
    captured = capsys.readouterr()
    assert "uitgefaseerd" in captured.err  # the recognition's details in Dutch, the default
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize(("family", "prefix"), [("iwmo", "WMO"), ("ijw", "JW")])
def test_return_of_a_301_writes_its_302_and_diff_names_another_requests_retour(
    family: str, prefix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return` for a 301 writes its 302 (IV032, exit 0); `ei diff` sees another 301's 302.

    That 302 does not belong to the 301 (exit 1), never a 325-shaped comparison. (Before the
    retour messages existed this was a usage error naming the 302.)
    """
    request = FIXTURES / f"{family}/3.2/{prefix}301/valid/complete.xml"
    other = FIXTURES / f"{family}/3.2/{prefix}302/valid/complete.xml"
    out = tmp_path / "answer.xml"
    assert main(["return", str(request), "-o", str(out), "--as-of", "2026-11-30"]) == 0
    captured = capsys.readouterr()
    assert f"{prefix}302" in captured.out
    assert out.exists()
    assert main(["diff", str(request), str(out)]) == 0
    capsys.readouterr()
    assert main(["diff", str(request), str(other), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    expected = f"This answer ({prefix}302) does not belong to this request ({prefix}301)"
    assert expected in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_the_bundled_catalogs_list_the_retired_messages() -> None:
    """IWmo and iJw 3.2 list their 303/304 with the COD002 berichtcodes and the successor."""
    by_family = {r.family: r for r in default_catalog().releases}
    for (family, message), codes in RETIRED.items():
        retired = {r.message: r for r in by_family[family].retired}[message]
        assert retired.berichtcodes == codes
        assert retired.replaced_in == "3.0"
        assert retired.send.endswith("323")
