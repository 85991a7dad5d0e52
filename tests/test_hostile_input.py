"""Hostile and junk input at level 1: every attack gives its own finding and never a traceback."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from eistandaard.levels.intake import Payload, read_bytes, read_path, read_stream
from eistandaard.levels.intake.archive import unzip_single
from eistandaard.levels.intake.wellformed import parse_document
from eistandaard.standards.codes import code_table

MESSAGE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<Bericht xmlns="http://www.istandaarden.nl/ijw/3_2/jw323/schema">\n'
    b"  <Header><BerichtCode>490</BerichtCode></Header>\n"
    b"  <Client><Bsn>999900018</Bsn></Client>\n"
    b"</Bericht>\n"
)

LEVEL1_CODES = {code for code in code_table() if code.startswith("EI1")}


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Build a ZIP archive holding ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def codes(payload: Payload) -> list[str]:
    """List the codes of a payload's findings, in order."""
    return [f.code for f in payload.findings]


def assert_sane(payload: object) -> None:
    """Check for a Payload that is readable, or rejected with level-1 findings and no data."""
    assert isinstance(payload, Payload)
    if payload.findings:
        assert payload.data is None
        assert payload.tree is None
        assert {f.code for f in payload.findings} <= LEVEL1_CODES
    else:
        assert payload.tree is not None
        assert payload.data is not None


def xxe(target: str) -> bytes:
    """Build a document whose entity points at ``target`` and is used in the content."""
    return (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE Bericht [<!ENTITY secret SYSTEM "' + target.encode() + b'">]>\n'
        b"<Bericht>&secret;</Bericht>\n"
    )


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n<lolz>&lol9;</lolz>\n"
)


# --- XXE -----------------------------------------------------------------------------------


def test_xxe_etc_passwd_is_refused_and_never_read() -> None:
    """An entity pointing at file:///etc/passwd is EI118; nothing of that file is in the result."""
    payload = read_bytes(xxe("file:///etc/passwd"))
    assert codes(payload) == ["EI118"]
    assert "root:" not in repr(payload)
    assert "/bin/" not in repr(payload)


def test_xxe_secret_file_never_appears(tmp_path: Path) -> None:
    """With a secret of our own, no part of the result holds it, through every entry point."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a9c", encoding="utf-8")
    document = xxe(secret.as_uri())
    path = tmp_path / "xxe.xml"
    path.write_bytes(document)
    results = [
        read_bytes(document),
        read_path(path),
        read_stream(io.BytesIO(document)),
        read_bytes(make_zip({"xxe.xml": document})),
    ]
    for payload in results:
        assert codes(payload) == ["EI118"]
        assert "TOPSECRET" not in repr(payload)


def test_hardened_parser_does_not_resolve_even_when_detection_is_bypassed(tmp_path: Path) -> None:
    """Straight into the parser (no byte check), the entity is not fetched and EI106 still fires."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-51bd", encoding="utf-8")
    parsed = parse_document(xxe(secret.as_uri()))
    assert parsed.tree is None
    assert [f.code for f in parsed.findings] == ["EI106"]
    assert "TOPSECRET" not in repr(parsed)


def test_external_dtd_is_not_fetched(tmp_path: Path) -> None:
    """A DOCTYPE pointing at a local DTD that defines a default attribute: EI106, DTD unused."""
    dtd = tmp_path / "a.dtd"
    dtd.write_text('<!ATTLIST a leaked CDATA "TOPSECRET-dtd">', encoding="utf-8")
    document = b'<!DOCTYPE a SYSTEM "' + dtd.as_uri().encode() + b'"><a/>'
    assert codes(read_bytes(document)) == ["EI106"]
    parsed = parse_document(document)
    assert "TOPSECRET" not in repr(parsed)


# --- entity expansion ----------------------------------------------------------------------


def test_billion_laughs_is_refused() -> None:
    """The billion-laughs document is EI107 and is not expanded."""
    payload = read_bytes(BILLION_LAUGHS)
    assert codes(payload) == ["EI107"]
    assert "lollollol" not in repr(payload)


def test_billion_laughs_straight_into_the_parser_is_not_expanded() -> None:
    """Even past the byte check nothing is expanded: libxml2 refuses or the DTD is reported."""
    parsed = parse_document(BILLION_LAUGHS)
    assert parsed.tree is None
    assert [f.code for f in parsed.findings] in (["EI106"], ["EI108"])
    assert "lollollol" not in repr(parsed)


def test_deep_nesting_is_a_parser_limit_for_the_default_parser() -> None:
    """100,000 nested elements exceed libxml2's depth limit: EI132 (a parser limit), no crash."""
    depth = 100_000
    payload = read_bytes(b"<a>" * depth + b"</a>" * depth)
    assert codes(payload) == ["EI132"]
    assert "XML_PARSE_HUGE" not in (payload.findings[0].details or "")


# --- size ----------------------------------------------------------------------------------


def test_30_mb_file_is_refused_from_its_size(tmp_path: Path) -> None:
    """A 30 MB file is EI101 through every entry point, without building a tree."""
    path = tmp_path / "big.xml"
    with path.open("wb") as handle:
        handle.write(b"<Bericht>")
        handle.write(b"<Client><Bsn>999900018</Bsn></Client>" * (30 * 1024 * 1024 // 38))
        handle.write(b"</Bericht>")
    assert path.stat().st_size > 30 * 1000 * 1000
    assert codes(read_path(path)) == ["EI101"]
    data = path.read_bytes()
    assert codes(read_bytes(data)) == ["EI101"]
    with path.open("rb") as handle:
        assert codes(read_stream(handle)) == ["EI101"]


def test_zip_bomb_is_refused() -> None:
    """A 60 MB member of zeros packed in kilobytes is refused (EI115) without being unpacked."""
    bomb = make_zip({"bericht.xml": bytes(60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    payload = read_bytes(bomb, name="bomb.zip")
    assert codes(payload) == ["EI115"]


def lie_about_size(archive: bytes, size: int) -> bytes:
    """Write ``size`` as the uncompressed size in both headers of a one-member ZIP."""
    data = bytearray(archive)
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + size_offset
        data[at : at + 4] = size.to_bytes(4, "little")
    return bytes(data)


def test_zip_bomb_with_lying_headers_is_stopped_while_unpacking() -> None:
    """Headers that understate the size do not help: unpacking stops and the ZIP is refused."""
    honest = make_zip({"bericht.xml": bytes(40 * 1024 * 1024)})
    payload = read_bytes(lie_about_size(honest, 1000))
    assert payload.data is None
    assert codes(payload)[0] in {"EI110", "EI115", "EI116"}


def test_ratio_guard_stops_before_the_size_limit() -> None:
    """With lying headers and a high size limit the streaming ratio guard (EI116) stops it."""
    honest = make_zip({"bericht.xml": bytes(8 * 1024 * 1024)})
    forged = lie_about_size(honest, 1024)
    result = unzip_single(forged, max_uncompressed=100 * 1024 * 1024, max_ratio=200)
    assert result.data is None
    assert result.findings[0].code in {"EI110", "EI116"}


# --- other hostile shapes ------------------------------------------------------------------


def test_zip_with_two_files() -> None:
    """Two files in the ZIP: EI112, and neither is parsed."""
    payload = read_bytes(make_zip({"a.xml": MESSAGE, "b.xml": b"<broken"}))
    assert codes(payload) == ["EI112"]


def test_truncated_document() -> None:
    """A document cut off in the middle is EI108 at its last line."""
    payload = read_bytes(MESSAGE[: MESSAGE.index(b"</Bsn>")])
    assert codes(payload) == ["EI108"]
    assert payload.findings[0].line == 4


def test_utf16_file(tmp_path: Path) -> None:
    """A UTF-16 file is EI103."""
    path = tmp_path / "utf16.xml"
    path.write_bytes(MESSAGE.replace(b"UTF-8", b"UTF-16").decode().encode("utf-16"))
    assert codes(read_path(path)) == ["EI103"]


def test_random_bytes_never_raise() -> None:
    """Seeded random byte strings always give a sane Payload; almost all are rejected."""
    rng = random.Random(20261123)
    rejected = 0
    for _ in range(500):
        data = rng.randbytes(rng.randrange(0, 300))
        payload = read_bytes(data, name=rng.choice(["r.xml", "r.zip", "<bytes>"]))
        assert_sane(payload)
        rejected += bool(payload.findings)
    assert rejected == 500


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Flip, cut or drop a few bytes of ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if len(out) < 2:
            break
        choice = rng.random()
        at = rng.randrange(len(out))
        if choice < 0.6:
            out[at] = rng.randrange(256)
        elif choice < 0.8:
            del out[at:]
        else:
            del out[at : at + rng.randrange(1, 40)]
    return bytes(out)


def test_mutated_zips_never_raise() -> None:
    """Damaged archives of every compression method give findings, never an exception."""
    rng = random.Random(7)
    seeds = [
        make_zip({"a.xml": MESSAGE * 5}, method)
        for method in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_BZIP2,
            zipfile.ZIP_LZMA,
        )
    ]
    for _ in range(2000):
        assert_sane(read_bytes(mutate(rng.choice(seeds), rng), name="m.zip"))


def test_mutated_documents_never_raise() -> None:
    """Damaged documents (with BOMs, DTDs and CDATA to start from) give sane Payloads."""
    rng = random.Random(11)
    seeds = [
        MESSAGE,
        b"\xef\xbb\xbf" + MESSAGE,
        BILLION_LAUGHS,
        b'<?xml version="1.0"?><!-- c --><a b="1"><![CDATA[x]]><?p q?>&amp;</a>',
    ]
    for _ in range(2000):
        assert_sane(read_bytes(mutate(rng.choice(seeds), rng)))


# --- junk at every entry point -------------------------------------------------------------


class BrokenStream(io.RawIOBase):
    """A stream whose read fails like a broken pipe."""

    def readable(self) -> bool:
        """Claim to be readable."""
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        """Fail."""
        raise OSError(32, "Broken pipe")


def junk_streams(rng: random.Random) -> list[object]:
    """Make streams of every kind: random bytes, failing, empty.

    A text-mode or an already closed stream is the caller's mistake and raises SourceTypeError
    (tests/test_api_arguments.py), as it is no message that could be unreadable.
    """
    return [
        io.BytesIO(rng.randbytes(200)),
        io.BytesIO(b""),
        io.BufferedReader(io.BytesIO(rng.randbytes(100))),
        BrokenStream(),
    ]


def junk_paths(tmp_path: Path, rng: random.Random) -> list[object]:
    """Make paths of every kind: missing, a folder, NUL, too long, a device, random content."""
    random_file = tmp_path / "random.bin"
    random_file.write_bytes(rng.randbytes(1000))
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    return [
        tmp_path / "missing.xml",
        str(tmp_path),
        "bad\x00name.xml",
        "x" * 5000,
        "",
        "/dev/null",
        random_file,
        str(empty),
        "\udcff.xml",
    ]


def test_junk_at_every_entry_point(tmp_path: Path) -> None:
    """Garbage bytes, paths and streams give a Payload with findings; nothing raises."""
    rng = random.Random(99)
    for _ in range(50):
        assert_sane(read_bytes(rng.randbytes(rng.randrange(50)), name="junk"))
    assert_sane(read_bytes(bytearray(b"<a/>")))
    assert_sane(read_bytes(memoryview(b"PK\x05\x06")))
    for path in junk_paths(tmp_path, rng):
        payload = read_path(path)  # type: ignore[arg-type]
        assert_sane(payload)
        assert payload.findings, path
    for stream in junk_streams(rng):
        payload = read_stream(stream)  # type: ignore[arg-type]
        assert_sane(payload)
        assert payload.findings, stream


@pytest.mark.parametrize("value", [None, 42, "<a/>", ["<a/>"]])
def test_read_bytes_refuses_non_bytes_as_a_programming_error(value: object) -> None:
    """Anything that is not bytes-like is a TypeError (a programming error, not a finding)."""
    with pytest.raises(TypeError):
        read_bytes(value)  # type: ignore[arg-type]


def test_large_valid_document_is_read(tmp_path: Path) -> None:
    """A 20 MB well-formed document passes level 1 (no false positive near the limit)."""
    path = tmp_path / "large.xml"
    client = b"<Client><Bsn>999900018</Bsn><Naam>J\xc3\xa9r\xc3\xb4me</Naam></Client>\n"
    count = 20 * 1024 * 1024 // len(client)
    path.write_bytes(b"<Bericht>\n" + client * count + b"</Bericht>\n")
    payload = read_path(path)
    assert payload.findings == ()
    assert payload.tree is not None
    assert len(payload.tree.getroot()) == count
