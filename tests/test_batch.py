"""Uniqueness across the files of one batch, and the notes that say what did not run.

Fixtures: ``fixtures/batch/<case>/*.xml`` with ``batch.expected.toml`` (per file its verdict and
codes, and the file every duplicate finding names). The field case fc05 of ../shared is checked
too when it is there.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, need_shared
from tests.messages import valid_fixture

import eistandaard
from eistandaard.batch import BatchContext, rules_for, validate_batch
from eistandaard.cli.main import main
from eistandaard.core.errors import DataError, InputError
from eistandaard.core.notrun import reason_text
from eistandaard.render import reports_to_json
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.codes import code_table
from eistandaard.standards.inheritance import has_release_file
from eistandaard.standards.registry import load_registry
from eistandaard.standards.resources import data_dir

AS_OF = dt.date(2026, 11, 23)
BATCHES = sorted(p for p in (FIXTURES / "batch").iterdir() if p.is_dir())


def _expected(folder: Path) -> dict[str, object]:
    return tomllib.loads((folder / "batch.expected.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", BATCHES, ids=lambda p: p.name)
def test_batch_gives_each_file_its_findings(folder: Path) -> None:
    """Each file of a batch folder gets its sidecar's verdict and codes.

    Every duplicate finding names the file where the value occurred first, and its line there.
    """
    expected = _expected(folder)
    files = expected["files"]
    assert isinstance(files, dict)
    paths = [folder / name for name in sorted(files)]
    reports = validate_batch(paths, as_of=AS_OF)
    for path, report in zip(paths, reports, strict=True):
        want = files[path.name]
        assert report.verdict.value == want["verdict"], (path.name, report.findings)
        assert sorted({f.code for f in report.findings}) == sorted(want["codes"]), path.name
        for finding in report.findings:
            assert f"{folder / str(expected['first'])} (line " in (finding.details or "")
            assert finding.level == 5
            assert finding.line is not None


@pytest.mark.parametrize("twice", ["bytes", "path"])
def test_a_message_given_twice_names_the_other_file_not_itself(twice: str) -> None:
    """Two sources with one name (bytes are both "<bytes>"; a path given twice).

    The duplicate finding says it occurred in an earlier file of the batch, never "earlier in
    this message".
    """
    path = FIXTURES / "batch" / "wmo323-duplicate-identificatie" / "a.xml"
    source: Path | bytes = path.read_bytes() if twice == "bytes" else path
    first, second = validate_batch([source, source], as_of=AS_OF)
    assert first.verdict.value == "accepted"
    assert second.verdict.value == "rejected"
    details = [f.details or "" for f in second.findings if f.code == "TR056"]
    assert details, second.findings
    for text in details:
        assert "in this message" not in text
        assert "in an earlier file of this batch" in text


@pytest.mark.parametrize("folder", BATCHES, ids=lambda p: p.name)
def test_each_file_alone_is_accepted(folder: Path) -> None:
    """Outside a batch no file of these folders is rejected: the duplicates are across files."""
    for path in sorted(folder.glob("*.xml")):
        report = eistandaard.validate(path, as_of=AS_OF)
        assert report.verdict is eistandaard.Verdict.ACCEPTED, (path, report.findings)


def test_duplicate_findings_carry_the_registry_and_vecozo_codes() -> None:
    """Duplicate findings carry the registry's retourcode and class and VECOZO's code.

    TR056: 9056, Header, BRS20; TR333: 9333 on the Declaratie; Vektis EI501: BRS20, no retourcode.
    """
    wmo = FIXTURES / "batch" / "wmo323-duplicate-identificatie"
    second = validate_batch([wmo / "a.xml", wmo / "b.xml"], as_of=AS_OF)[1]
    (tr056,) = second.findings
    assert (tr056.code, tr056.retourcode, tr056.vecozo_code, tr056.message_class) == (
        "TR056",
        "9056",
        "BRS20",
        "Header",
    )
    assert tr056.xpath == "/Bericht/Header/BerichtIdentificatie/Identificatie"
    assert "FIX0001" in (tr056.details or "")
    declaratie = FIXTURES / "batch" / "jw323-duplicate-declaratie"
    later = validate_batch([declaratie / "a.xml", declaratie / "b.xml"], as_of=AS_OF)[1]
    tr333 = next(f for f in later.findings if f.code == "TR333")
    assert (tr333.retourcode, tr333.message_class) == ("9333", "Declaratie")
    bm = FIXTURES / "batch" / "bm801-duplicate-referentienummer"
    (ei501,) = validate_batch([bm / "a.xml", bm / "b.xml"], as_of=AS_OF)[1].findings
    assert (ei501.code, ei501.vecozo_code, ei501.retourcode) == ("EI501", "BRS20", None)


def test_order_decides_which_file_is_flagged() -> None:
    """The first file keeps its identification; the later one is flagged, whichever it is."""
    folder = FIXTURES / "batch" / "wmo323-duplicate-identificatie"
    first, second = validate_batch([folder / "b.xml", folder / "a.xml"], as_of=AS_OF)
    assert first.accepted
    assert [f.code for f in second.findings] == ["TR056"]
    assert "b.xml (line 11)" in (second.findings[0].details or "")


def test_an_unreadable_or_xsd_invalid_message_is_not_remembered(tmp_path: Path) -> None:
    """Only messages that reach level 5 count.

    An XSD-invalid copy does not make the valid message after it a duplicate.
    """
    folder = FIXTURES / "batch" / "wmo323-duplicate-identificatie"
    broken = tmp_path / "broken.xml"
    text = (folder / "a.xml").read_text(encoding="utf-8")
    broken.write_text(text.replace("<m:BerichtCode>484<", "<m:BerichtCode>X<"), encoding="utf-8")
    context = BatchContext()
    bad = eistandaard.validate(broken, as_of=AS_OF, batch=context)
    assert bad.verdict is eistandaard.Verdict.REJECTED
    assert context.messages == 0
    good = eistandaard.validate(folder / "a.xml", as_of=AS_OF, batch=context)
    assert good.accepted
    assert context.messages == 1


def test_validate_batch_refuses_name_and_batch() -> None:
    """validate_batch names its sources itself and makes its own context: misuse raises."""
    with pytest.raises(InputError, match="neither name nor batch"):
        validate_batch([b""], name="x")
    with pytest.raises(InputError, match="neither name nor batch"):
        validate_batch([b""], batch=BatchContext())


def test_fc05_second_message_is_flagged_within_the_batch() -> None:
    """Field case fc05: the second WMO323 with the same BerichtIdentificatie is flagged.

    The second gets TR056 (9056, VECOZO BRS20) naming the first, and the notes name the rules
    that did not run.
    """
    folder = need_shared("field-cases", "fc05-batch-duplicate-identificatie", "batch")
    first, second = validate_batch([folder / "a.xml", folder / "b.xml"])
    assert first.accepted
    assert second.verdict is eistandaard.Verdict.REJECTED
    tr056 = [f for f in second.findings if f.code == "TR056"]
    assert [(f.retourcode, f.vecozo_code) for f in tr056] == [("9056", "BRS20")]
    assert str(folder / "a.xml") in (tr056[0].details or "")
    for report in (first, second):
        assert 5 not in report.levels_complete
        named = " ".join(report.notes)
        for rule in ("TR056", "TR304", "TR333", "TR389"):
            assert rule in named


def test_cli_batch_prints_shared_notes_once(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei validate DIR`: notes that hold for every file are printed once for the batch."""
    folder = FIXTURES / "batch" / "wmo323-duplicate-identificatie"
    code = main(["validate", "--as-of", "2026-11-23", str(folder)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("opmerkingen bij de batch (3 bestanden):") == 1
    toewijzing = reason_text("toewijzing", lang="nl")  # the notes follow --lang (default nl)
    assert out.count(toewijzing) == 1
    assert f"{toewijzing} [alle bestanden]" in out
    assert out.index("opmerkingen bij de batch (3 bestanden):") > out.index("c.xml")
    assert "TR056" in out


def test_cli_single_file_keeps_its_notes(capsys: pytest.CaptureFixture[str]) -> None:
    """With one file there is no batch section: its notes follow it."""
    main(["validate", "--as-of", "2026-11-23", str(valid_fixture("iwmo", "WMO323"))])
    out = capsys.readouterr().out
    assert "opmerkingen bij de batch" not in out
    assert out.count(reason_text("toewijzing", lang="nl")) == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_cli_notes_follow_the_language(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The text output gives the not-run reasons in the --lang of the findings."""
    path = str(valid_fixture("ijw", "JW323"))
    main(["validate", "--as-of", "2026-11-23", "--lang", lang, path])
    out = capsys.readouterr().out
    assert f"TR318, TR323, TR389, TR390: {reason_text('history', lang=lang)}" in out
    other = "en" if lang == "nl" else "nl"
    assert reason_text("history", lang=other) not in out


def test_json_holds_shared_notes_once(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON v2: a note or not-run rule that several reports hold sits once under ``shared``.

    It carries the indexes of those reports, and is left out of them; levels_complete leaves out
    level 5 (rules checked across the batch only).
    """
    folder = FIXTURES / "batch" / "gds801-duplicate-referentienummer"
    code = main(["validate", "--as-of", "2026-11-23", "--format", "json", str(folder)])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert document["version"] == 2
    shared = document["shared"]
    batch = [n for n in shared["notes"] if "EI501" in n["text"]]
    assert len(batch) == 1
    assert batch[0]["reports"] == [0, 1, 2]
    rules = {item["rule"]: item for item in shared["not_run"]}
    assert rules["EI501"]["reason"] == rules["EI502"]["reason"] == "batch"
    assert rules["EI501"]["reports"] == [0, 1, 2]
    texts = {n["text"] for n in shared["notes"]}
    for report in document["reports"]:
        assert not texts & set(report["notes"])
        assert not {n["rule"] for n in report["not_run"]} & {"EI501", "EI502"}
        assert report["levels_run"] == [1, 2, 3, 4, 5]
        assert 5 not in report["levels_complete"]


def test_a_list_note_of_some_files_is_printed_once(capsys: pytest.CaptureFixture[str]) -> None:
    """A note that holds for some files of a batch is printed once.

    Such as a code list nobody supplied, used by some of the messages: printed with how many
    files it holds for.
    """
    folder = FIXTURES / "gds" / "1.0" / "GDS801" / "valid"
    files = [str(p) for p in sorted(folder.glob("*.xml"))]
    main(["validate", "--as-of", "2027-01-06", *files])
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if "note:" in line]
    assert len(notes) == len(set(notes))
    assert any("van 4 bestanden]" in line for line in notes) or all(
        "[alle bestanden]" in line for line in notes if "note:" in line and "[" in line
    )


def test_json_of_one_report_has_an_empty_shared_section() -> None:
    """A single report keeps its notes; ``shared`` is there but empty."""
    report = eistandaard.validate(valid_fixture("ijw", "JW323"), as_of=AS_OF)
    document = json.loads(reports_to_json([report]))
    assert document["shared"] == {"notes": [], "not_run": []}
    (item,) = document["reports"]
    assert item["notes"] == list(report.notes)
    assert {n["rule"] for n in item["not_run"]} == {n.rule for n in report.not_run}


def test_valid_wmo323_prints_no_note_about_code_lists(capsys: pytest.CaptureFixture[str]) -> None:
    """The public lists are bundled: a valid WMO323 gives no code-list note (level 4 runs)."""
    assert main(["validate", str(valid_fixture("iwmo", "WMO323"))]) == 0
    out = capsys.readouterr().out.lower()
    assert "code list" not in out
    assert "codelijst" not in out
    assert "not available" not in out


@pytest.mark.parametrize(
    ("family", "message"),
    [("iwmo", "WMO323"), ("iwmo", "WMO325"), ("ijw", "JW323"), ("ijw", "JW325")],
)
def test_every_registry_rule_that_did_not_run_is_named(family: str, message: str) -> None:
    """Each applicable registry rule with ``needs`` runs elsewhere or is named as not run.

    Another engine (level 4, batch) runs it, or not_run names it with a reason; the notes too.
    """
    report = eistandaard.validate(valid_fixture(family, message), as_of=AS_OF)
    assert report.accepted
    named = {item.rule: item for item in report.not_run}
    notes = " ".join(report.notes)
    level4 = {"TR135", "TR378"}  # run by referential.toml with bundled data
    for rule in load_registry(family, "3.2").values():
        if rule.needs is None or not rule.applies_to(message, AS_OF) or rule.id in level4:
            continue
        assert rule.id in named, rule.id
        assert rule.id in notes, rule.id
        assert named[rule.id].level == rule.level
    assert not level4 & set(named)


def test_vektis_not_run_rules_are_named() -> None:
    """Vektis messages name their not-run rules too.

    BM801: the CAK's own checks (level 5) are named as plug-in checks; GDS801: a code the
    message uses from a list nobody supplied names every rule of that list.
    """
    bm_path = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
    bm = eistandaard.validate(bm_path, as_of=AS_OF)
    reasons = {item.rule: item.reason for item in bm.not_run}
    assert reasons["CAK01"] == reasons["CAK02"] == "plugin"
    assert reasons["EI501"] == "batch"
    gds_path = FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    assert "<InformatiesysteemCode>" in gds_path.read_text(encoding="utf-8")
    report = eistandaard.validate(gds_path, as_of=dt.date(2027, 1, 6))
    assert report.accepted
    codelist = {item.rule for item in report.not_run if item.reason == "codelist"}
    assert {"RC052-9323", "RC052-9324", "RC052-9325"} <= codelist
    assert any("COD805-VEKT" in note for note in report.notes)


def test_uniqueness_data_names_known_rules() -> None:
    """Every uniqueness entry of every release names a registry rule or one of our codes."""
    catalog = default_catalog()
    seen = 0
    for folder in sorted(data_dir("rbc").glob("*/*")):
        if not has_release_file(folder.parent.name, folder.name, "uniqueness.toml"):
            continue
        registry = load_registry(folder.parent.name, folder.name)
        for spec in catalog:
            if (spec.release.family, spec.release.release) != (folder.parent.name, folder.name):
                continue
            for rule in rules_for(spec):
                seen += 1
                assert rule.rule in registry if rule.rule else rule.code in code_table()
    assert seen >= 10


def test_malformed_uniqueness_file_is_a_data_error(tmp_path: Path) -> None:
    """A uniqueness.toml without format 1, or naming both rule and code, raises DataError."""
    from eistandaard.batch import _load_file

    bad = tmp_path / "uniqueness.toml"
    bad.write_text("[[unique]]\nrule = 'X'\n", encoding="utf-8")
    with pytest.raises(DataError, match="format"):
        _load_file(bad)
    both = tmp_path / "both.toml"
    both.write_text(
        "format = 1\n[[unique]]\nrule = 'A'\ncode = 'B'\nmessages = ['X']\nselect = ['a']\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="exactly one"):
        _load_file(both)


def test_answers_copying_the_request_number_are_not_checked() -> None:
    """A GDS802 or BM802 copies its request's Referentienummer, so two answers may share it.

    A WMO325 has a BerichtIdentificatie of its own: a repeat is TR056, as for a 323.
    """
    gds802 = sorted((FIXTURES / "gds" / "1.0" / "GDS802" / "valid").glob("*.xml"))[0]
    bm802 = sorted((FIXTURES / "bm" / "2.0" / "BM802" / "valid").glob("*.xml"))[0]
    for path in (gds802, bm802):
        reports = validate_batch([path, path], as_of=dt.date(2027, 1, 6))
        assert [r.codes for r in reports] == [[], []], path
    wmo325 = valid_fixture("iwmo", "WMO325")
    first, second = validate_batch([wmo325, wmo325], as_of=AS_OF)
    assert first.accepted
    assert [f.code for f in second.findings] == ["TR056"]


def test_a_plug_in_that_declares_its_rule_removes_it_from_not_run() -> None:
    """The CAK example checks declare CAK01/CAK02 (``rules``): passed as plug-ins, they run."""
    from decimal import Decimal

    from eistandaard.conventions.vektis.bm.cak import amount_over_limit, blocked_ibans

    path = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
    plain = {item.rule for item in eistandaard.validate(path, as_of=AS_OF).not_run}
    assert {"CAK01", "CAK02"} <= plain
    checked = eistandaard.validate(
        path, as_of=AS_OF, checks=[amount_over_limit(Decimal("10.00")), blocked_ibans([])]
    )
    assert not {"CAK01", "CAK02"} & {item.rule for item in checked.not_run}
    assert "CAK01" in checked.codes  # it did run: the limit of 10.00 is exceeded


@pytest.mark.parametrize("folder", BATCHES, ids=lambda p: p.name)
def test_duplicate_details_are_dutch_under_nl_and_english_under_en(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A duplicate's details (where the value occurred first) come in the run's language.

    ``details`` stays English (JSON, machines), ``details_nl`` is the Dutch wording; ``ei validate``
    prints only the run's one.
    """
    expected = _expected(folder)
    files = expected["files"]
    assert isinstance(files, dict)
    paths = [folder / name for name in sorted(files)]
    flagged = [
        f for report in validate_batch(paths, as_of=AS_OF) for f in report.findings if f.details
    ]
    assert flagged
    for finding in flagged:
        assert " also occurs " in (finding.details or "")
        assert " komt ook voor " in (finding.details_nl or "")
        assert "(regel " in (finding.details_nl or "")
        assert "also" not in (finding.details_nl or "")
    argv = ["validate", "--as-of", AS_OF.isoformat(), *map(str, paths)]
    assert main([*argv, "--lang", "nl"]) == 1
    dutch = capsys.readouterr().out
    assert " komt ook voor " in dutch
    assert " also occurs " not in dutch
    assert main([*argv, "--lang", "en"]) == 1
    english = capsys.readouterr().out
    assert " also occurs " in english
    assert " komt ook voor " not in english


TR056_MESSAGES = ("301", "305", "307", "315", "317", "319", "323", "325")


@pytest.mark.parametrize("family", ["iwmo", "ijw"])
@pytest.mark.parametrize("number", [*TR056_MESSAGES, "302", "320"])
def test_tr056_covers_every_message_it_is_used_in(family: str, number: str) -> None:
    """TR056 (9056, VECOZO BRS20) is used in the 301-319 requests, the 323 and the 325.

    The same valid message twice in a batch: its second copy repeats the sender's
    BerichtIdentificatie for that message type. Before, only a 323 or 325 was caught and a
    repeated WMO301 toewijzing passed. A retour message (302, 320) is not in TR056's list.
    """
    message = ("WMO" if family == "iwmo" else "JW") + number
    path = valid_fixture(family, message)
    first, second = validate_batch([path, path], as_of=AS_OF)
    assert first.codes == [], (message, first.codes)
    expected = ["TR056"] if number in TR056_MESSAGES else []
    assert [f.code for f in second.findings if f.code == "TR056"] == expected, message
    if expected:
        assert second.verdict.value == "rejected"
        (finding,) = [f for f in second.findings if f.code == "TR056"]
        assert finding.retourcode == "9056"
