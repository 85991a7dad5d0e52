"""The ZIP envelope of level 1: one file, no folder, no password, no bomb.

VECOZO takes a message as one file in one ZIP archive. :func:`unzip_single` checks the
envelope and unpacks its single member in chunks, stopping as soon as the member grows past
the size limit or compresses suspiciously well, so a zip bomb never fills memory.
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib

import attrs

from eistandaard.core.findings import Finding
from eistandaard.core.text import quoted
from eistandaard.standards.codes import finding

__all__ = ["ZIP_SIGNATURES", "Unzipped", "looks_like_zip", "unzip_single"]

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
"""A local file header (an archive with members) and an end-of-archive record (an empty one)."""

_ENCRYPTED_FLAG = 0x1
"""Bit 0 of the general-purpose flags: the member is encrypted."""
_CHUNK = 64 * 1024
_RATIO_FLOOR = 1024 * 1024
"""The compression-ratio guard applies only above this many unpacked bytes: small members
(a few kB of white space, say) compress very well without being a threat."""
_SHOWN_NAMES = 5

# What zipfile and zlib raise on a damaged or unsupported archive.
_CORRUPT = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def looks_like_zip(data: bytes, name: str) -> bool:
    """Tell whether ``data`` starts like a ZIP archive or ``name`` ends in ``.zip``."""
    return data.startswith(ZIP_SIGNATURES) or name.lower().endswith(".zip")


@attrs.frozen
class Unzipped:
    """Outcome of :func:`unzip_single`: the single member, or the findings that stopped it."""

    member: str | None = None
    data: bytes | None = None
    findings: tuple[Finding, ...] = ()


def _names(infos: list[zipfile.ZipInfo]) -> str:
    return ", ".join(quoted(info.filename) for info in infos[:_SHOWN_NAMES])


def _listed(wording: str, infos: list[zipfile.ZipInfo]) -> tuple[str, dict[str, object]]:
    """The wording (``-more`` when names are left out) and values that list ``infos``."""
    more = len(infos) - _SHOWN_NAMES
    values = {"count": len(infos), "names": _names(infos), "more": more}
    return (f"{wording}-more" if more > 0 else wording), values


def _is_dir(info: zipfile.ZipInfo) -> bool:
    # ZipInfo.is_dir() fails on an empty name, which a damaged archive can hold.
    return info.filename.endswith("/")


def _is_folder(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    return _is_dir(info) or "/" in name.rstrip("/") or "\\" in name


def _envelope_findings(infos: list[zipfile.ZipInfo]) -> list[Finding]:
    """EI113 (folders), EI112 (more than one file), EI114 (no file)."""
    findings: list[Finding] = []
    folders = [info for info in infos if _is_folder(info)]
    files = [info for info in infos if not _is_dir(info)]
    if folders:
        wording, values = _listed("folders", folders)
        findings.append(finding("EI113", detail=wording, values=values))
    if len(files) > 1:
        wording, values = _listed("files", files)
        findings.append(finding("EI112", detail=wording, values=values))
    if not files:
        findings.append(finding("EI114", detail="folders-only" if infos else "no-entries"))
    return findings


def _too_compressed(unpacked: int, packed: int, max_ratio: int) -> bool:
    return unpacked > _RATIO_FLOOR and unpacked > max_ratio * max(packed, 1)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_uncompressed: int, max_ratio: int
) -> Unzipped:
    """Unpack ``info`` in chunks, stopping at the first chunk past a limit."""
    name = info.filename
    if info.file_size > max_uncompressed:
        values = {"member": quoted(name), "size": info.file_size, "limit": max_uncompressed}
        return Unzipped(member=name, findings=(finding("EI115", detail="declares", values=values),))
    if _too_compressed(info.file_size, info.compress_size, max_ratio):
        values = {
            "member": quoted(name),
            "size": info.file_size,
            "packed": info.compress_size,
            "ratio": max_ratio,
        }
        return Unzipped(member=name, findings=(finding("EI116", detail="declares", values=values),))
    parts: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            total += len(chunk)
            if total > max_uncompressed:
                values = {"member": quoted(name), "limit": max_uncompressed}
                found = finding("EI115", detail="unpacks", values=values)
                return Unzipped(member=name, findings=(found,))
            if _too_compressed(total, info.compress_size, max_ratio):
                values = {
                    "member": quoted(name),
                    "size": total,
                    "packed": info.compress_size,
                    "ratio": max_ratio,
                }
                found = finding("EI116", detail="unpacks", values=values)
                return Unzipped(member=name, findings=(found,))
            parts.append(chunk)
    return Unzipped(member=name, data=b"".join(parts))


_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_DESCRIPTOR_FLAG = 0x8
"""Bit 3 of the general-purpose flags: sizes follow the data in a data descriptor."""


def _end_record(data: bytes) -> int:
    """Offset of the end-of-archive record that ends exactly at the end of ``data``, or -1."""
    position = len(data)
    while True:
        position = data.rfind(_EOCD, 0, position)
        if position < 0:
            return -1
        if position + _EOCD_SIZE > len(data):
            continue
        (comment_size,) = struct.unpack_from("<H", data, position + 20)
        if position + _EOCD_SIZE + comment_size == len(data):
            return position


def _layout_problem(
    data: bytes, infos: list[zipfile.ZipInfo]
) -> tuple[str, dict[str, object]] | None:
    """Why ``data`` is not exactly one archive (EI130's wording and values), or ``None``.

    One archive means: the end record ends the file, the central directory sits right before
    it at the offset it declares, and the members fill the bytes from offset 0 up to the
    central directory without a gap. Anything else is a second archive or extra data, which
    another reader (VECOZO's) may read differently.
    """
    end = _end_record(data)
    if end < 0:
        return "after", {}
    cd_size, cd_offset = struct.unpack_from("<2L", data, end + 12)
    directory_end = end
    locator = end - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and data.startswith(_ZIP64_LOCATOR, locator):
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record >= len(data) or not data.startswith(b"PK\x06\x06", record):
            return "zip64", {}
        cd_size, cd_offset = struct.unpack_from("<2Q", data, record + 40)
        directory_end = record
    if cd_offset + cd_size != directory_end:
        extra = directory_end - (cd_offset + cd_size)
        return "before-archive", {"size": extra}
    position = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != position:
            return "between", {"size": info.header_offset - position}
        header = _LOCAL_HEADER.unpack_from(data, position)
        name_size, extra_size = header[-2], header[-1]
        position += _LOCAL_HEADER.size + name_size + extra_size + info.compress_size
        if info.flag_bits & _DESCRIPTOR_FLAG:
            for size in (16, 12, 24, 20):
                if position + size == cd_offset or (
                    position + size < cd_offset and data.startswith(b"PK\x03\x04", position + size)
                ):
                    position += size
                    break
    if position != cd_offset:
        return "directory", {"size": cd_offset - position}
    return None


def unzip_single(data: bytes, *, max_uncompressed: int, max_ratio: int) -> Unzipped:
    """Check the ZIP envelope of ``data`` and unpack its only member.

    Findings: EI110 (not a ZIP, or damaged), EI130 (more than one archive, or data before,
    between or after), EI114 (empty), EI113 (folders), EI112 (more than one file), EI111
    (password), EI115 (member too large), EI116 (compression ratio).
    """
    if not data.startswith(ZIP_SIGNATURES):
        first = data.find(b"PK\x03\x04")
        if first > 0 and _end_record(data) > first:
            found = finding("EI130", detail="before", values={"size": first})
            return Unzipped(findings=(found,))
        if not data:
            return Unzipped(findings=(finding("EI110", detail="no-bytes"),))
        found = finding("EI110", detail="signature", values={"bytes": data[:4].hex(" ")})
        return Unzipped(findings=(found,))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            layout = _layout_problem(data, infos)
            if layout is not None:
                return Unzipped(findings=(finding("EI130", detail=layout[0], values=layout[1]),))
            envelope = _envelope_findings(infos)
            if envelope:
                return Unzipped(findings=tuple(envelope))
            info = infos[0]
            if info.flag_bits & _ENCRYPTED_FLAG:
                found = finding(
                    "EI111", detail="encrypted", values={"member": quoted(info.filename)}
                )
                return Unzipped(member=info.filename, findings=(found,))
            return _read_member(archive, info, max_uncompressed, max_ratio)
    except _CORRUPT as exc:
        return Unzipped(findings=(finding("EI110", detail="damaged", values={"problem": exc}),))
