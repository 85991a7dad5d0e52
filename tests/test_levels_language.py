"""The validation levels speak the run's language and their own words, through every reader.

Kinds (a newcomer's findings on the levels):

1. English under ``--lang nl``: the UTF-8 codec's reason in EI104, the level-4 details
   ("... lies after the peildatum", "... does not occur in code list ...", an identifier's
   checker), a code list's English provenance note. Every detail a level builds has a Dutch
   and an English wording as data (``rbc/common/level1.toml``, ``rbc/common/details.toml``,
   ``rbc/vecozo/codes.toml``).
2. One EI101 wording ("meer dan LIMIT bytes") whichever reader got the message: a file, stdin,
   bytes, a stream, a ZIP, the service; the reception's CC03/BRS06 alike.
3. A libxml2 limit reached before ours (nesting deeper than 256, names over 50000 characters,
   texts over 10000000 bytes) is the parser limit EI132 in our words, never EI108 with
   libxml2's "use XML_PARSE_HUGE option".
4. ``--schemas DIR`` looks only a few levels deep, never walks a folder such as ``/tmp``
   whole, and says clearly when the folder holds no schema.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import string
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.errors import InputError
from eistandaard.core.findings import Finding
from eistandaard.levels.intake import Limits, read_bytes, read_path, read_stream
from eistandaard.levels.structure import (
    SCHEMA_FOLDER_DEPTH,
    SCHEMA_FOLDER_ENTRIES,
    check_schema_folder,
)
from eistandaard.serve.tasks import ValidateTask, run_task
from eistandaard.standards.codes import detail_wordings

AS_OF = dt.date(2026, 11, 23)
INTAKE = FIXTURES / "intake"
WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
BM801 = FIXTURES / "bm" / "2.0" / "BM801" / "invalid"

CODEC_REASONS = ("invalid start byte", "invalid continuation byte", "unexpected end of data")
LIBXML_WORDS = ("XML_PARSE_HUGE", "Resource limit", "Excessive depth", "Name too long", "too big")


Cli = Callable[..., tuple[int, str]]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``ei`` with ``args`` (and ``stdin`` bytes); its exit code and its output."""

    def run(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return run


def _zip(name: str, data: bytes, tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    path = tmp_path / "message.zip"
    path.write_bytes(buffer.getvalue())
    return path


def _only(payload_findings: tuple[Finding, ...] | list[Finding], code: str) -> Finding:
    found = [f for f in payload_findings if f.code == code]
    assert len(found) == 1, [f.code for f in payload_findings]
    return found[0]


# --- 1. English under nl --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "dutch", "english"),
    [
        ("binary.png", "ongeldige beginbyte", "invalid start byte"),
        ("invalid-utf8.xml", "ongeldige vervolgbyte", "invalid continuation byte"),
        ("cut-character.xml", "eindigt midden in een teken", "unexpected end of data"),
    ],
)
def test_ei104_names_the_utf8_fault_in_each_language(
    fixture: str, dutch: str, english: str
) -> None:
    """EI104's details word the decoder's fault per language; the codec's message never leaks."""
    finding = _only(read_path(INTAKE / fixture).findings, "EI104")
    assert dutch in (finding.detail("nl") or "")
    assert not any(reason in (finding.detail("nl") or "") for reason in CODEC_REASONS)
    assert english in (finding.detail("en") or "")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_binary_file_is_worded_in_the_language_through_every_reader(
    cli: Cli, lang: str, tmp_path: Path
) -> None:
    """CLI file, stdin and ZIP, the API and the service all give EI104 in the run's words."""
    data = (INTAKE / "binary.png").read_bytes()
    wanted, unwanted = (
        ("ongeldige beginbyte", "invalid start byte")
        if lang == "nl"
        else ("invalid start byte", "ongeldige beginbyte")
    )
    outputs = []
    for args, stdin in (
        ([str(INTAKE / "binary.png")], None),
        (["-"], data),
        ([str(_zip("binary.png", data, tmp_path))], None),
    ):
        code, output = cli("validate", "--lang", lang, *args, stdin=stdin)
        assert code == 1, output
        outputs.append(output)
    served = run_task(ValidateTask(data, "binary.png", fmt="text", lang=lang, as_of=AS_OF))
    outputs.append(served.body.decode("utf-8"))
    api = _only(eistandaard.validate(data, as_of=AS_OF).findings, "EI104")
    outputs.append(api.detail(lang) or "")
    for output in outputs:
        assert "EI104" in output or wanted in output
        assert wanted in output, output
        assert unwanted not in output, output


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_date_after_the_peildatum_is_worded_in_the_language(cli: Cli, lang: str) -> None:
    """TR135's details (levels/references.py): Dutch under nl, English under en, in the CLI too."""
    report = eistandaard.validate(WMO323, as_of=dt.date(1900, 1, 1))
    finding = _only(report.findings, "TR135")
    assert finding.detail("nl") == "Dagtekening 2025-04-02 ligt na de peildatum 1900-01-01"
    assert finding.detail("en") == "Dagtekening 2025-04-02 lies after the peildatum 1900-01-01"
    code, output = cli("validate", "--lang", lang, "--as-of", "1900-01-01", str(WMO323))
    assert code == 1
    assert ("ligt na de peildatum" in output) is (lang == "nl")
    assert ("lies after the peildatum" in output) is (lang == "en")


def test_a_code_outside_its_list_is_worded_in_the_language_without_the_provenance_note() -> None:
    """A code-list finding names element, code, list and peildatum in words of each language."""
    report = eistandaard.validate(BM801 / "ontvangerrol-unknown.xml", as_of=AS_OF)
    finding = _only(report.findings, "RC003")
    dutch, english = finding.detail("nl") or "", finding.detail("en") or ""
    assert dutch.startswith('OntvangerRol "9" komt niet voor in codelijst CL0002-VEKT op peildatum')
    assert english.startswith('OntvangerRol "9" does not occur in code list CL0002-VEKT on')
    assert "as used by" not in dutch
    assert "does not occur" not in dutch


def test_an_invalid_identifier_is_worded_in_the_language() -> None:
    """An identifier its checker refuses: the kind of refusal in Dutch, not the exception name."""
    report = eistandaard.validate(BM801 / "iban-check-digits-wrong.xml", as_of=AS_OF)
    finding = _only(report.findings, "RC004")
    assert "controlecijfer klopt niet" in (finding.detail("nl") or "")
    assert "InvalidChecksum" not in (finding.detail("nl") or "")
    assert "is no valid iban" in (finding.detail("en") or "")


def test_every_details_wording_has_both_languages_with_the_same_values() -> None:
    """rbc/common/details.toml: each wording has Dutch and English that differ, same {values}."""
    tables = detail_wordings()
    assert "references" in tables
    count = 0
    for table in tables.values():
        for key, (dutch, english) in table.items():
            count += 1
            fields = {f for _, f, _, _ in string.Formatter().parse(dutch) if f}
            assert fields == {f for _, f, _, _ in string.Formatter().parse(english) if f}, key
            assert dutch != english, key
    assert count >= 10


def test_a_damaged_zip_has_a_dutch_lead_before_the_readers_message() -> None:
    """EI110: the ZIP reader's own (English) message follows a Dutch lead under nl."""
    finding = _only(read_path(INTAKE / "damaged.zip").findings, "EI110")
    assert (finding.detail("nl") or "").startswith("beschadigd archief; melding van de ZIP-lezer:")


# --- 2. one EI101 wording -----------------------------------------------------------------


def test_over_size_input_has_one_wording_for_every_reader(tmp_path: Path) -> None:
    """A file, bytes, a stream and a ZIP past the maximum all say "meer dan LIMIT bytes"."""
    limits = Limits(max_bytes=100)
    data = b"<a>" + b"x" * 500 + b"</a>"
    path = tmp_path / "big.xml"
    path.write_bytes(data)
    zipped = _zip("big.xml", b"<a>" + os.urandom(600).hex().encode() + b"</a>", tmp_path)
    payloads = [
        read_path(path, limits=limits),
        read_bytes(data, limits=limits),
        read_stream(io.BytesIO(data), limits=limits),
        read_path(zipped, limits=limits),
    ]
    details = {(_only(p.findings, "EI101").detail("nl")) for p in payloads}
    assert details == {"meer dan 100 bytes; het maximum is 100 bytes"}
    english = {(_only(p.findings, "EI101").detail("en")) for p in payloads}
    assert english == {"more than 100 bytes; the maximum is 100 bytes"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_stdin_and_a_file_over_the_size_say_the_same(cli: Cli, lang: str, tmp_path: Path) -> None:
    """``ei validate -`` says "meer dan 100" as a file does, never the bytes it happened to read."""
    data = b"<a>" + b"x" * 500 + b"</a>"
    path = tmp_path / "big.xml"
    path.write_bytes(data)
    _, from_file = cli("validate", "--lang", lang, "--max-size", "100", str(path))
    _, from_stdin = cli("validate", "--lang", lang, "--max-size", "100", "-", stdin=data)
    wording = "meer dan 100 bytes" if lang == "nl" else "more than 100 bytes"
    assert wording in from_file
    assert wording in from_stdin
    assert "101 bytes" not in from_stdin


def test_the_reception_says_more_than_the_limit_for_any_payload_size() -> None:
    """CC03's payload wording does not depend on how much of the payload was read."""
    from eistandaard.vecozo import build_request, check_envelope, parse_payload
    from eistandaard.vecozo.checks import Container

    heen = build_request(parse_payload(WMO323.read_bytes()))
    details = set()
    for size in (25_000_001, 26_214_401, 30_000_000):
        container = Container(size=size, is_zip=True, members=(("a.xml", 10),))
        details.add(_only(check_envelope(heen, container=container), "CC03").detail("nl"))
    assert details == {"de payload heeft meer dan 25000000 bytes"}


# --- 3. libxml2's limits are parser limits ------------------------------------------------

LIMIT_CASES = {
    "depth": (b"<a>" * 300 + b"</a>" * 300, "256 niveaus", "256 levels"),
    "text": (b"<a>" + b"x" * 10_000_001 + b"</a>", "10000000 bytes", "10000000 bytes"),
    "attribute value": (b"<a b='" + b"x" * 10_000_001 + b"'/>", "10000000", "10000000"),
    "cdata": (b"<a><![CDATA[" + b"x" * 10_000_001 + b"]]></a>", "10000000", "10000000"),
    "comment": (b"<a><!--" + b"x" * 10_000_001 + b"--></a>", "10000000", "10000000"),
    "processing instruction": (b"<a><?p " + b"x" * 10_000_001 + b"?></a>", "10000000", "10000000"),
    "namespace name": (b"<a xmlns='" + b"u" * 10_000_001 + b"'/>", "10000000", "10000000"),
    "element name": (b"<" + b"a" * 50_001 + b"/>", "50000 tekens", "50000 characters"),
    "attribute name": (b"<a " + b"b" * 50_001 + b"='1'/>", "50000 tekens", "50000 characters"),
}


@pytest.mark.parametrize("case", list(LIMIT_CASES), ids=list(LIMIT_CASES))
def test_a_libxml_limit_is_ei132_in_our_words(case: str) -> None:
    """Each libxml2 limit that can be hit before ours is EI132 (not EI108), worded as data."""
    data, dutch, english = LIMIT_CASES[case]
    finding = _only(read_bytes(data).findings, "EI132")
    assert dutch in (finding.detail("nl") or "")
    assert english in (finding.detail("en") or "")
    for words in LIBXML_WORDS:
        assert words not in (finding.detail("nl") or "")
        assert words not in (finding.detail("en") or "")
    assert finding.line == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_deep_nesting_is_ei132_through_every_reader(cli: Cli, lang: str, tmp_path: Path) -> None:
    """The depth-300 fixture by file, stdin, ZIP, stream and the service: EI132, our words."""
    path = INTAKE / "depth-300.xml"
    data = path.read_bytes()
    wanted = "256 niveaus" if lang == "nl" else "256 levels"
    outputs = []
    for args, stdin in (
        ([str(path)], None),
        (["-"], data),
        ([str(_zip("d.xml", data, tmp_path))], None),
    ):
        code, output = cli("validate", "--lang", lang, *args, stdin=stdin)
        assert code == 1, output
        outputs.append(output)
    outputs.append(run_task(ValidateTask(data, "d.xml", fmt="text", lang=lang)).body.decode())
    for output in outputs:
        assert "EI132" in output, output
        assert "EI108" not in output
        assert wanted in output
        assert "XML_PARSE_HUGE" not in output
    assert [f.code for f in read_stream(io.BytesIO(data)).findings] == ["EI132"]


def test_every_libxml_limit_of_the_data_has_a_wording() -> None:
    """Each kind in ``[libxml]`` of parser-limits.toml has its EI132 wording in both languages."""
    from eistandaard.levels.intake.reading import parser_limits
    from eistandaard.standards.codes import code_table

    kinds = {limit.kind for limit in parser_limits().libxml}
    assert kinds == {"depth", "name", "size"}
    wordings = code_table()["EI132"].details
    for kind in kinds:
        dutch, english = wordings[f"libxml-{kind}"]
        assert "{parser}" in dutch
        assert "{parser}" in english


def test_a_malformed_document_is_still_ei108() -> None:
    """Only libxml2's limits become EI132: a tag mismatch stays EI108."""
    assert [f.code for f in read_bytes(b"<a><b></a>").findings] == ["EI108"]


# --- 4. --schemas looks where schemas can be ----------------------------------------------


def test_a_huge_folder_is_refused_without_being_walked(cli: Cli, tmp_path: Path) -> None:
    """More entries than a schema folder can hold within the levels looked at: a clear refusal."""
    crowded = tmp_path / "crowded"
    crowded.mkdir()
    for number in range(SCHEMA_FOLDER_ENTRIES + 1):
        (crowded / f"f{number}").touch()
    code, output = cli("validate", "--schemas", str(crowded), str(WMO323), "--lang", "en")
    assert code == 2
    assert "no schema folder" in output
    with pytest.raises(InputError, match="give the folder of one release"):
        check_schema_folder(crowded, ["WMO323.xsd"])


def test_an_empty_folder_says_it_holds_no_schema(cli: Cli, tmp_path: Path) -> None:
    """A folder without any schema: usage error naming the folder and how deep it looked."""
    code, output = cli("validate", "--schemas", str(tmp_path), str(WMO323), "--lang", "en")
    assert code == 2
    assert "holds no schema of a supported message" in output
    assert f"{SCHEMA_FOLDER_DEPTH} levels deep" in output


_EMPTY_XSD = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>'


def test_schemas_are_found_only_within_the_bounded_depth(tmp_path: Path) -> None:
    """A schema 3 folders down is found, one 4 folders down is not looked for."""
    found = tmp_path / "found"
    (found / "a" / "b" / "c").mkdir(parents=True)
    (found / "a" / "b" / "c" / "WMO323.xsd").write_text(_EMPTY_XSD, encoding="utf-8")
    assert check_schema_folder(found, ["WMO323.xsd"]) == {
        "WMO323.xsd": found / "a" / "b" / "c" / "WMO323.xsd"
    }
    deep = tmp_path / "deep"
    (deep / "a" / "b" / "c" / "d").mkdir(parents=True)
    (deep / "a" / "b" / "c" / "d" / "WMO323.xsd").write_text(_EMPTY_XSD, encoding="utf-8")
    with pytest.raises(InputError, match="holds no schema"):
        check_schema_folder(deep, ["WMO323.xsd"])


def test_the_bundled_layout_is_a_schema_folder(cli: Cli) -> None:
    """A folder laid out as the bundled schemas/ (family/release/file) validates as before."""
    root = Path(__file__).resolve().parents[1] / "schemas" / "iwmo"
    code, output = cli("validate", "--schemas", str(root), "--as-of", "2026-11-23", str(WMO323))
    assert code == 0, output


def test_a_linked_folder_is_not_followed(tmp_path: Path) -> None:
    """A symbolic link to a folder is not walked (it could lead anywhere, even to a loop)."""
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "WMO323.xsd").write_text("<x/>", encoding="utf-8")
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "link").symlink_to(target, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    with pytest.raises(InputError, match="holds no schema"):
        check_schema_folder(folder, ["WMO323.xsd"])


def test_ei_return_reads_stdin_only_up_to_the_limit(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``ei return -`` reads one byte past the maximum, then says "meer dan" as a file does."""
    limit = Limits().max_bytes
    stream = io.BytesIO(b"<a>" + b"x" * (limit + 1000) + b"</a>")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    code, output = cli("return", "-", "-o", str(tmp_path / "answer.xml"), "--as-of", "2026-11-23")
    assert code == 1, output
    assert f"meer dan {limit} bytes" in output
    assert stream.tell() == limit + 1
    assert not (tmp_path / "answer.xml").exists()


def test_ei_send_reads_a_message_as_every_reader_does(cli: Cli, tmp_path: Path) -> None:
    """``ei send``: an over-size file is EI101 "more than" (not sent), a FIFO a usage line."""
    from tests.transport_helpers import world

    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.truncate(Limits().max_bytes + 10)
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    with world(environment="T") as w:
        common = ["--lang", "en", "--environment", "tst", "--url", w.fake.base_url]
        ledger = ["--ledger", f"sqlite:///{tmp_path / 'l.db'}"]
        code, output = cli("send", str(big), *common, *ledger)
        assert code == 1, output
        assert "EI101" in output
        code, output = cli("send", str(fifo), *common, *ledger)
        assert code == 2, output
        assert "FIFO" in output
        assert w.requests_sent() == 0


def test_with_an_envelope_a_fifo_is_refused_and_a_stream_read_bounded(tmp_path: Path) -> None:
    """The reception reads the payload as level 1 does: no blocking open, no whole read."""
    from eistandaard.vecozo import build_request, parse_payload

    heen = build_request(parse_payload(WMO323.read_bytes()))
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    report = eistandaard.validate(fifo, envelope=heen, as_of=AS_OF)
    assert [f.code for f in report.findings if f.code.startswith("EI")] == ["EI109"]
    stream = io.BytesIO(b"<a>" + b"x" * 1000 + b"</a>")
    report = eistandaard.validate(stream, envelope=heen, as_of=AS_OF, limits=Limits(max_bytes=100))
    assert stream.tell() == 101
    ei101 = _only(report.findings, "EI101")
    assert ei101.detail("nl") == "meer dan 100 bytes; het maximum is 100 bytes"
