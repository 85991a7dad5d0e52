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
    shown = ", ".join(repr(info.filename) for info in infos[:_SHOWN_NAMES])
    more = len(infos) - _SHOWN_NAMES
    return shown + (f" and {more} more" if more > 0 else "")


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
        findings.append(finding("EI113", details=f"folder entries: {_names(folders)}"))
    if len(files) > 1:
        findings.append(finding("EI112", details=f"{len(files)} files: {_names(files)}"))
    if not files:
        what = "the archive has no entries" if not infos else "the archive holds only folders"
        findings.append(finding("EI114", details=what))
    return findings


def _too_compressed(unpacked: int, packed: int, max_ratio: int) -> bool:
    return unpacked > _RATIO_FLOOR and unpacked > max_ratio * max(packed, 1)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_uncompressed: int, max_ratio: int
) -> Unzipped:
    """Unpack ``info`` in chunks, stopping at the first chunk past a limit."""
    name = info.filename
    if info.file_size > max_uncompressed:
        details = f"{name!r} declares {info.file_size} bytes; the maximum is {max_uncompressed}"
        return Unzipped(member=name, findings=(finding("EI115", details=details),))
    if _too_compressed(info.file_size, info.compress_size, max_ratio):
        details = (
            f"{name!r} declares {info.file_size} bytes packed in {info.compress_size}; "
            f"the maximum ratio is {max_ratio}"
        )
        return Unzipped(member=name, findings=(finding("EI116", details=details),))
    parts: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            total += len(chunk)
            if total > max_uncompressed:
                details = f"{name!r} unpacks to more than {max_uncompressed} bytes"
                return Unzipped(member=name, findings=(finding("EI115", details=details),))
            if _too_compressed(total, info.compress_size, max_ratio):
                details = (
                    f"{name!r} unpacks to more than {total} bytes from {info.compress_size}; "
                    f"the maximum ratio is {max_ratio}"
                )
                return Unzipped(member=name, findings=(finding("EI116", details=details),))
            parts.append(chunk)
    return Unzipped(member=name, data=b"".join(parts))


def unzip_single(data: bytes, *, max_uncompressed: int, max_ratio: int) -> Unzipped:
    """Check the ZIP envelope of ``data`` and unpack its only member.

    Findings: EI110 (not a ZIP, or damaged), EI114 (empty), EI113 (folders), EI112 (more than
    one file), EI111 (password), EI115 (member too large), EI116 (compression ratio).
    """
    if not data.startswith(ZIP_SIGNATURES):
        details = f"no ZIP signature at the start (found {data[:4].hex(' ') or 'no bytes'})"
        return Unzipped(findings=(finding("EI110", details=details),))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            envelope = _envelope_findings(infos)
            if envelope:
                return Unzipped(findings=tuple(envelope))
            info = infos[0]
            if info.flag_bits & _ENCRYPTED_FLAG:
                details = f"{info.filename!r} is encrypted"
                return Unzipped(member=info.filename, findings=(finding("EI111", details=details),))
            return _read_member(archive, info, max_uncompressed, max_ratio)
    except _CORRUPT as exc:
        return Unzipped(findings=(finding("EI110", details=f"damaged archive: {exc}"),))
