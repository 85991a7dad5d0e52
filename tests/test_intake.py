"""Level 1 (onleesbaar): one test per EI1nn code, and the behaviour of the intake API."""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, need_shared

from eistandaard.core.errors import SourceTypeError
from eistandaard.core.findings import Level
from eistandaard.levels.intake import Limits, Payload, read_bytes, read_path, read_stream
from eistandaard.standards.codes import code_table

MESSAGE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo323/schema">\n'
    b"  <Header><BerichtCode>484</BerichtCode></Header>\n"
    b"  <Client><Bsn>999900006</Bsn><Naam>J\xc3\xa9r\xc3\xb4me</Naam></Client>\n"
    b"</Bericht>\n"
)
"""A readable document with non-ASCII UTF-8 text (fictitious BSN 999900006 passes the 11-proef)."""


def make_zip(members: dict[str, bytes]) -> bytes:
    """Build a ZIP archive (deflated) holding ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def codes(payload: Payload) -> list[str]:
    """List the codes of a payload's findings, in order."""
    return [f.code for f in payload.findings]


def assert_rejected(payload: Payload, *expected: str) -> None:
    """Level 1 failed with exactly ``expected`` and left no data and no tree."""
    assert codes(payload) == list(expected)
    assert payload.data is None
    assert payload.tree is None
    assert not payload.readable


# --- readable input ------------------------------------------------------------------------


def test_readable_document_gives_tree_and_unchanged_bytes() -> None:
    """A well-formed UTF-8 document passes with its bytes untouched and a tree with line numbers."""
    payload = read_bytes(MESSAGE)
    assert payload.findings == ()
    assert payload.readable
    assert payload.data == MESSAGE
    assert payload.name == "<bytes>"
    assert payload.tree is not None
    bsn = payload.tree.find(".//{*}Bsn")
    assert bsn is not None
    assert bsn.text == "999900006"
    assert bsn.sourceline == 4


def test_zip_with_one_document_is_unpacked_and_named_after_both() -> None:
    """A ZIP with one XML file gives that file's bytes and the name ``zip!member``."""
    payload = read_bytes(make_zip({"declaratie.xml": MESSAGE}), name="batch.zip")
    assert payload.findings == ()
    assert payload.name == "batch.zip!declaratie.xml"
    assert payload.data == MESSAGE
    assert payload.tree is not None


def test_zip_is_recognised_by_content_without_zip_name() -> None:
    """ZIP bytes read from a stream without a name are still unpacked."""
    payload = read_stream(io.BytesIO(make_zip({"d.xml": MESSAGE})))
    assert payload.findings == ()
    assert payload.name == "<stdin>!d.xml"


def test_read_path_reads_a_file(tmp_path: Path) -> None:
    """read_path gives the file's bytes and names the payload after the path."""
    path = tmp_path / "a.xml"
    path.write_bytes(MESSAGE)
    payload = read_path(path)
    assert payload.findings == ()
    assert payload.name == str(path)
    assert payload.data == MESSAGE


def test_conformance_corpus_is_readable() -> None:
    """Every message of the shared conformance corpus passes level 1 (they are all XSD-valid)."""
    corpus = need_shared("conformance")
    messages = [p for p in sorted(corpus.rglob("*.xml")) if not p.name.endswith(".rapport.xml")]
    assert len(messages) >= 300
    failing = {p.name: codes(read_path(p)) for p in messages}
    assert {name: found for name, found in failing.items() if found} == {}


# --- one test per code ---------------------------------------------------------------------


def test_ei100_empty_and_whitespace_only() -> None:
    """Zero bytes and white space only are both EI100 (VECOZO BRS14)."""
    assert_rejected(read_bytes(b""), "EI100")
    payload = read_bytes(b" \r\n\t ")
    assert_rejected(payload, "EI100")
    assert payload.findings[0].vecozo_code == "BRS14"


def test_ei101_larger_than_max_bytes() -> None:
    """Input over ``max_bytes`` is EI101 (BRS06), checked before anything else."""
    payload = read_bytes(b"<a/>" + b" " * 100, limits=Limits(max_bytes=100))
    assert_rejected(payload, "EI101")
    assert payload.findings[0].vecozo_code == "BRS06"
    assert "100" in (payload.findings[0].details or "")


def test_ei101_size_limit_is_inclusive() -> None:
    """Exactly ``max_bytes`` bytes is still accepted."""
    data = b"<a/>" + b" " * 96
    assert read_bytes(data, limits=Limits(max_bytes=len(data))).findings == ()


def test_ei102_utf8_bom() -> None:
    """A UTF-8 byte order mark is EI102 (OP192), on line 1."""
    payload = read_bytes(b"\xef\xbb\xbf" + MESSAGE)
    assert_rejected(payload, "EI102")
    assert payload.findings[0].line == 1


def test_ei102_bom_does_not_hide_later_problems() -> None:
    """After a UTF-8 mark the rest is still checked: a broken document gives EI102 and EI108."""
    assert_rejected(read_bytes(b"\xef\xbb\xbf<a><b></a>"), "EI102", "EI108")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("<a/>".encode("utf-16"), "UTF-16"),
        (b"\xfe\xff" + "<a/>".encode("utf-16-be"), "UTF-16 BE"),
        (b"\xff\xfe\x00\x00" + "<a/>".encode("utf-32-le"), "UTF-32 LE"),
        (b"\x00\x00\xfe\xff" + "<a/>".encode("utf-32-be"), "UTF-32 BE"),
        ('<?xml version="1.0"?><a/>'.encode("utf-16-le"), "UTF-16 LE"),
        ('<?xml version="1.0"?><a/>'.encode("utf-16-be"), "UTF-16 BE"),
    ],
)
def test_ei103_utf16_and_utf32(data: bytes, encoding: str) -> None:
    """UTF-16 and UTF-32, with or without a byte order mark, are EI103 naming the encoding."""
    payload = read_bytes(data)
    assert_rejected(payload, "EI103")
    assert encoding in (payload.findings[0].details or "")


def test_ei104_invalid_utf8_reports_offset_line_and_column() -> None:
    """An invalid byte is EI104 (BRS14) with its byte offset, line and character column."""
    data = MESSAGE.replace(b"<Naam>J", b"<Naam>\xe9J")
    payload = read_bytes(data)
    assert_rejected(payload, "EI104")
    found = payload.findings[0]
    offset = data.index(b"\xe9J")
    assert f"byte offset {offset}" in (found.details or "")
    line_start = data.rfind(b"\n", 0, offset) + 1
    assert found.line == 4
    assert found.location.column == offset - line_start + 1


def test_ei104_column_counts_characters_not_bytes() -> None:
    """Multi-byte characters before the bad byte count as one column each."""
    payload = read_bytes("<a>ééé".encode() + b"\xff</a>")
    assert_rejected(payload, "EI104")
    assert payload.findings[0].location.column == 7


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252", "UTF-16", "ascii"])
def test_ei105_declared_other_encoding(encoding: str) -> None:
    """An XML declaration naming anything but UTF-8 is EI105, even when the bytes are ASCII."""
    data = f"<?xml version='1.0' encoding='{encoding}'?><a/>".encode("ascii")
    payload = read_bytes(data)
    assert_rejected(payload, "EI105")
    assert encoding in (payload.findings[0].details or "")


@pytest.mark.parametrize("spelling", ["UTF-8", "utf-8", "Utf-8"])
def test_utf8_declaration_in_any_case_is_accepted(spelling: str) -> None:
    """The encoding name is case-insensitive."""
    data = f'<?xml version="1.0" encoding="{spelling}"?><a/>'.encode()
    assert read_bytes(data).findings == ()


def test_ei106_doctype_without_entities() -> None:
    """A DOCTYPE (here an external DTD) is EI106 on its own line, and nothing is fetched."""
    data = b'<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd">\n<a/>'
    payload = read_bytes(data)
    assert_rejected(payload, "EI106")
    assert payload.findings[0].line == 3


def test_ei107_entity_declaration() -> None:
    """An internal entity declaration is EI107 and is not expanded."""
    data = b'<!DOCTYPE a [<!ENTITY name "expanded-text">]><a>&name;</a>'
    payload = read_bytes(data)
    assert_rejected(payload, "EI107")
    assert "expanded-text" not in repr(payload)


def test_ei108_not_well_formed_carries_parser_message_line_and_column() -> None:
    """Mismatched tags are EI108 (BRS14) with the parser's message, line and column."""
    payload = read_bytes(b"<a>\n  <b>\n</a>")
    assert_rejected(payload, "EI108")
    found = payload.findings[0]
    assert found.vecozo_code == "BRS14"
    assert "mismatch" in (found.details or "")
    assert found.line == 3
    assert found.location.column is not None


@pytest.mark.parametrize(
    "data",
    [
        b"<Bericht><Header>",  # truncated
        b"just some text",  # text only
        b"<?xml version='1.0'?><?pi data?>",  # processing instructions only
        b"<a/>junk",  # junk after the root
        b"<a/><b/>",  # two roots
        b"<a>&undeclared;</a>",  # an entity reference without declaration
        b"<a>\x00</a>",  # NUL is valid UTF-8 but not XML
    ],
)
def test_ei108_variants(data: bytes) -> None:
    """Every kind of not-well-formed input is EI108."""
    assert_rejected(read_bytes(data), "EI108")


def test_ei109_missing_file_and_folder(tmp_path: Path) -> None:
    """A path that cannot be read gives EI109 instead of raising."""
    assert_rejected(read_path(tmp_path / "missing.xml"), "EI109")
    assert_rejected(read_path(tmp_path), "EI109")


def test_text_stream_is_misuse() -> None:
    """A stream in text mode is misuse of the API: InputError (an EIError), not a finding."""
    with pytest.raises(SourceTypeError, match="binary mode"):
        read_stream(io.StringIO("<a/>"))  # type: ignore[arg-type]


def test_ei110_named_zip_that_is_not_one() -> None:
    """A ``.zip`` name on bytes without a ZIP signature is EI110 (BRS15)."""
    payload = read_bytes(MESSAGE, name="batch.zip")
    assert_rejected(payload, "EI110")
    assert payload.findings[0].vecozo_code == "BRS15"


def test_ei110_damaged_archive() -> None:
    """A ZIP signature followed by a cut-off archive is EI110."""
    assert_rejected(read_bytes(make_zip({"a.xml": MESSAGE})[:60]), "EI110")


def test_ei110_bad_crc() -> None:
    """A stored member whose data no longer matches its CRC is EI110."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.xml", MESSAGE)
    data = bytearray(buffer.getvalue())
    at = data.index(b"999900006")
    data[at] = ord("8")
    assert_rejected(read_bytes(bytes(data)), "EI110")


def encrypted_zip() -> bytes:
    """Build a one-member ZIP with the 'encrypted' flag set by hand in both headers."""
    data = bytearray(make_zip({"a.xml": MESSAGE}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + flag_offset] |= 0x01
    return bytes(data)


def test_ei111_password_protected() -> None:
    """A member with the encryption flag is EI111 (BRS17)."""
    payload = read_bytes(encrypted_zip())
    assert_rejected(payload, "EI111")
    assert payload.findings[0].vecozo_code == "BRS17"


def test_ei112_more_than_one_file() -> None:
    """Two files in one ZIP is EI112 (BRS16), naming both."""
    payload = read_bytes(make_zip({"a.xml": MESSAGE, "b.xml": MESSAGE}), name="x.zip")
    assert_rejected(payload, "EI112")
    assert payload.findings[0].vecozo_code == "BRS16"
    assert '"a.xml"' in (payload.findings[0].details or "")
    assert '"b.xml"' in (payload.findings[0].details or "")


@pytest.mark.parametrize(
    "members", [{"map/a.xml": MESSAGE}, {"map/": b"", "a.xml": MESSAGE}, {"map\\a.xml": MESSAGE}]
)
def test_ei113_folder_inside(members: dict[str, bytes]) -> None:
    """A folder entry or a member inside a folder is EI113 (BRS29)."""
    payload = read_bytes(make_zip(members))
    assert_rejected(payload, "EI113")
    assert payload.findings[0].vecozo_code == "BRS29"


def test_ei114_empty_archive() -> None:
    """An archive without members (recognised by its end record) is EI114 (BRS21)."""
    payload = read_bytes(make_zip({}))
    assert_rejected(payload, "EI114")
    assert payload.findings[0].vecozo_code == "BRS21"


def test_ei114_only_a_folder() -> None:
    """An archive with only a folder gives EI113 and EI114."""
    assert_rejected(read_bytes(make_zip({"map/": b""})), "EI113", "EI114")


def test_ei115_member_larger_than_limit() -> None:
    """A member that unpacks past ``max_uncompressed`` is EI115 (BRS19)."""
    limits = Limits(max_uncompressed=len(MESSAGE) - 1)
    payload = read_bytes(make_zip({"a.xml": MESSAGE}), limits=limits)
    assert_rejected(payload, "EI115")
    assert payload.findings[0].vecozo_code == "BRS19"


def test_ei116_compression_ratio() -> None:
    """A member far more compressible than a real message is EI116 (BRS19), under the size limit."""
    payload = read_bytes(make_zip({"a.xml": b"<a>" + b" " * (3 * 1024 * 1024) + b"</a>"}))
    assert_rejected(payload, "EI116")
    assert payload.findings[0].vecozo_code == "BRS19"


def test_small_compressible_member_is_not_a_bomb() -> None:
    """Below 1 MiB unpacked the ratio guard does not apply: white space compresses well."""
    data = b"<a>" + b" " * 100_000 + b"</a>"
    assert read_bytes(make_zip({"a.xml": data})).findings == ()


def test_ei117_zip_inside_zip() -> None:
    """A ZIP whose member is another ZIP is EI117, named after the member."""
    payload = read_bytes(make_zip({"inner.zip": make_zip({"a.xml": MESSAGE})}), name="b.zip")
    assert_rejected(payload, "EI117")
    assert payload.name == "b.zip!inner.zip"


def test_zip_member_goes_through_the_document_checks() -> None:
    """A member with a BOM gives EI102, under the member's name."""
    payload = read_bytes(make_zip({"a.xml": b"\xef\xbb\xbf" + MESSAGE}), name="b.zip")
    assert_rejected(payload, "EI102")
    assert payload.name == "b.zip!a.xml"


# --- order, limits and the code table ------------------------------------------------------


def test_size_is_checked_before_the_zip_envelope() -> None:
    """An oversized damaged ZIP is EI101, not EI110: the size check comes first."""
    assert_rejected(read_bytes(b"PK\x03\x04" + b"x" * 200, limits=Limits(max_bytes=100)), "EI101")


def test_encoding_is_checked_before_the_doctype() -> None:
    """A DOCTYPE in a Latin-1 document is reported as EI105 only."""
    data = b'<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE a><a/>'
    assert_rejected(read_bytes(data), "EI105")


def test_read_path_checks_size_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An oversized file is refused from its stat() size without being opened."""
    path = tmp_path / "big.xml"
    with path.open("wb") as handle:
        handle.truncate(200)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse)
    assert_rejected(read_path(path, limits=Limits(max_bytes=100)), "EI101")


def test_read_stream_reads_at_most_one_byte_more_than_the_limit() -> None:
    """An endless stream is read up to ``max_bytes + 1`` and then refused with EI101."""

    class Endless(io.RawIOBase):
        delivered = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = b"x" * len(buffer)
            self.delivered += len(buffer)
            return len(buffer)

    stream = Endless()
    payload = read_stream(stream, limits=Limits(max_bytes=1000))  # type: ignore[arg-type]
    assert_rejected(payload, "EI101")
    assert stream.delivered == 1001


def test_limits_must_be_positive() -> None:
    """A zero or negative limit is a programming error."""
    with pytest.raises(ValueError, match="max_bytes"):
        Limits(max_bytes=0)
    with pytest.raises(ValueError, match="max_ratio"):
        Limits(max_ratio=-1)


def test_level1_table_is_complete() -> None:
    """Every level-1 code has a name, both texts and level 1; EI120-EI122 are for the catalog."""
    level1 = {code: d for code, d in code_table().items() if code.startswith("EI1")}
    assert set(level1) == {f"EI1{n:02d}" for n in range(19)} | {
        "EI120",
        "EI121",
        "EI122",
        "EI130",
        "EI131",
        "EI132",
    }
    assert all(d.level is Level.UNREADABLE and d.text_nl and d.text_en for d in level1.values())
    assert level1["EI120"].name == "unsupported-message"
    assert level1["EI120"].vecozo == "BRS25"
    assert len({d.name for d in level1.values()}) == len(level1)


def test_stored_fixtures_match_their_sidecars() -> None:
    """Each file in fixtures/intake gives exactly the codes (and lines) its sidecar names."""
    folder = FIXTURES / "intake"
    inputs = [p for p in sorted(folder.iterdir()) if p.suffix in {".xml", ".zip", ".txt", ".bin"}]
    assert len(inputs) >= 20
    for path in inputs:
        expected = tomllib.loads(path.with_name(path.stem + ".expected.toml").read_text("utf-8"))
        assert expected["verdict"] == "rejected"
        payload = read_path(path)
        assert sorted(set(codes(payload))) == sorted(expected["codes"]), path.name
        for code, line in expected.get("lines", {}).items():
            first = next(f for f in payload.findings if f.code == code)
            assert first.line == line, path.name
