"""The issues' "done when" lines, checked end to end through the `ei` command line."""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import CONFORMANCE, JAAPJUNIOR, need_shared
from tests.messages import valid_fixture

from eistandaard.cli.main import main
from eistandaard.levels.relations import runner as relation
from eistandaard.standards.registry import load_registry

RAPPORT = "{http://www.istandaarden.nl/validatie/1_1/rapport/schema}"


def _findings(rapport: bytes) -> Counter[tuple[str, tuple[str, ...]]]:
    root = etree.fromstring(rapport)
    found: Counter[tuple[str, tuple[str, ...]]] = Counter()
    for fout in root.iter(f"{RAPPORT}Fout"):
        code = fout.findtext(f"{RAPPORT}Code") or ""
        places = tuple(sorted(loc.text or "" for loc in fout.iter(f"{RAPPORT}Locatie")))
        found[(code, places)] += 1
    return found


def _corpus() -> list[Path]:
    if not CONFORMANCE.is_dir():
        return []
    return sorted(p for p in CONFORMANCE.glob("*/*.xml") if not p.name.endswith(".rapport.xml"))


def _beyond_the_official_set() -> set[str]:
    """Rules the official XSLT set does not run.

    External sources (level 4) and cross-message rules (level 5, such as TR314 in one message).
    """
    return {
        rule.id
        for family in ("iwmo", "ijw")
        for rule in load_registry(family, "3.2").values()
        if rule.level >= 4
    }


@pytest.mark.parametrize("message", _corpus(), ids=lambda p: p.stem)
def test_rapport_output_equals_the_official_rapport(
    message: Path, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    """`ei validate --format rapport` gives the official set's findings, message by message.

    The comparison covers what the official set checks (levels 1-3). The corpus's gemeentecodes
    are fictitious (9xxx), so a CBS list that cannot reject (``complete: no``) stands in for the
    bundled one; rules beyond the official set (TR314 on a repeated ReferentieNummer) are left
    out of the comparison but still decide the exit code.
    """
    cbs = tmp_path / "cbs.csv"
    cbs.write_text(
        "# codelist: CBS-gemeenten\n# publisher: test\n# source: test\n# version: test\n"
        "# retrieved: 2026-12-01\n# complete: no\ncode,ingangsdatum,expiratiedatum,omschrijving\n",
        encoding="utf-8",
    )
    code = main(
        [
            "validate",
            "--format",
            "rapport",
            "--as-of",
            "2026-11-23",
            "--codelist",
            f"CBS-gemeenten={cbs}",
            str(message),
        ]
    )
    found = _findings(capsysbinary.readouterr().out)
    beyond = _beyond_the_official_set()
    ours = Counter({key: n for key, n in found.items() if key[0] not in beyond})
    official = _findings(message.with_suffix(".rapport.xml").read_bytes())
    assert ours == official
    assert set(found) - set(ours) <= {key for key in found if key[0] == "TR314"}
    assert code == (1 if found else 0)


def test_corpus_is_there_or_skipped() -> None:
    """Without ../shared the parametrized corpus test is empty: say so with a skip."""
    need_shared("conformance")
    assert len(_corpus()) == 300


def test_examples_accepted_and_jw323_rejected_for_tr101_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The published WMO323 is accepted; the published JW323 is rejected for TR101 only."""
    need_shared("reference")
    wmo = JAAPJUNIOR / "wmo" / "bronnen" / "berichten" / "WMO323.xml"
    jw = JAAPJUNIOR / "jw" / "bronnen" / "berichten" / "JW323.xml"
    assert main(["validate", "--as-of", "2026-11-23", str(wmo)]) == 0
    capsys.readouterr()
    assert main(["validate", "--as-of", "2026-11-23", "--format", "json", str(jw)]) == 1
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    # The duplicated row repeats its ReferentieNummer inside the one message; the official set
    # does not check TR314 there, and neither do we (it runs across the messages of a batch).
    assert [f["code"] for f in findings] == ["TR101"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _hostile(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = valid_fixture("ijw", "JW323").read_bytes()
    levels = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    laughs = f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(levels)}]><lolz>&lol9;</lolz>'.encode()
    cases = {
        "bom": (b"\xef\xbb\xbf" + good, "EI102", "bom.xml"),
        "xxe": (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
            "EI118",
            "xxe.xml",
        ),
        "billion-laughs": (laughs, "EI107", "laughs.xml"),
        "zip-two-files": (_zip({"a.xml": good, "b.xml": good}), "EI112", "two.zip"),
        "truncated": (good[: len(good) // 3], "EI108", "truncated.xml"),
    }
    files: dict[str, tuple[Path, str]] = {}
    for key, (data, code, name) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        files[key] = (path, code)
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.write(good[:-20])
        handle.write(b" " * (30 * 1024 * 1024))
    files["30-mb"] = (big, "EI101")
    return files


@pytest.mark.parametrize(
    "case", ["bom", "xxe", "billion-laughs", "30-mb", "zip-two-files", "truncated"]
)
def test_hostile_input_gives_its_own_level1_finding(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each hostile input: its own level-1 code, exit 1, no traceback, the file unchanged."""
    path, code = _hostile(tmp_path)[case]
    before = path.read_bytes()
    assert main(["validate", "--format", "json", str(path)]) == 1
    captured = capsys.readouterr()
    assert f'"code": "{code}"' in captured.out
    assert '"level": 1' in captured.out
    assert "Traceback" not in captured.err + captured.out
    assert "root:x:" not in captured.out
    assert path.read_bytes() == before


def test_impossible_date_is_a_level2_finding_with_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A JW323 with 2027-06-31 gives EI202 at level 2 on the line of that date."""
    path = (
        Path(__file__).parents[1] / "fixtures/ijw/3.2/JW323/invalid/impossible-date-2027-06-31.xml"
    )
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "2027-06-31" in text
    )
    assert main(["validate", "--format", "json", str(path)]) == 1
    out = capsys.readouterr().out
    assert '"code": "EI202"' in out
    assert f'"line": {line}' in out


def test_missing_bundled_stylesheet_exits_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stylesheet that is not there: verdict error and exit 3."""
    monkeypatch.setattr(relation, "stylesheet_path", lambda _spec: Path("/no/such/rules.xsl"))
    assert main(["validate", str(valid_fixture("iwmo", "WMO323"))]) == 3
    assert "rules.xsl" in capsys.readouterr().out


def test_stylesheet_runtime_error_exits_3(tmp_path: Path) -> None:
    """An extra rule stylesheet that fails while running: exit 3, never accepted."""
    failing = tmp_path / "failing.xsl"
    failing.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="/"><xsl:sequence select="error()"/></xsl:template>'
        "</xsl:stylesheet>",
        encoding="utf-8",
    )
    assert main(["validate", "--rules", str(failing), str(valid_fixture("ijw", "JW323"))]) == 3


def test_failing_plugin_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A level-5 plug-in that raises: exit 3."""
    (tmp_path / "failing_check.py").write_text(
        "def check(message):\n    raise RuntimeError('receiver database down')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    argv = ["validate", "--check", "failing_check:check", str(valid_fixture("iwmo", "WMO323"))]
    assert main(argv) == 3


def test_official_schema_release_can_be_used_instead(capsys: pytest.CaptureFixture[str]) -> None:
    """--schemas with the official folder (Basisschema.xsd, imported as basisschema.xsd) works."""
    official = need_shared("reference", "istandaarden", "jaapjunior", "packages", "api", "jw")
    xsd = official / "bronnen" / "xsd"
    impossible = (
        Path(__file__).parents[1]
        / "fixtures"
        / "ijw"
        / "3.2"
        / "JW323"
        / "invalid"
        / "impossible-date-2027-06-31.xml"
    )
    assert main(["validate", "--schemas", str(xsd), str(valid_fixture("ijw", "JW323"))]) == 0
    assert main(["validate", "--format", "json", "--schemas", str(xsd), str(impossible)]) == 1
    out = capsys.readouterr().out
    assert '"code": "EI202"' in out
    assert str(xsd) in out  # the report names the schema release it used


def test_external_rapport_stylesheet_joins_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    """--rules runs an unchanged rapport stylesheet; its findings join ours at level 3."""
    stylesheet = Path(__file__).parent / "data" / "rapport_rules.xsl"
    path = valid_fixture("iwmo", "WMO323")
    assert main(["validate", "--format", "json", "--rules", str(stylesheet), str(path)]) == 1
    report = json.loads(capsys.readouterr().out)["reports"][0]
    tr101 = [f for f in report["findings"] if f["code"] == "TR101"]
    assert len(tr101) == 1
    assert tr101[0]["level"] == 3
    assert tr101[0]["class"] == "Prestatie"  # from our registry
    assert str(stylesheet) in report["rules_version"]
