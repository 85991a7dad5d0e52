"""Control level 1 (onleesbaar): turn raw bytes, a file or a stream into a parsed document.

The checks run in this order, each on the outcome of the one before::

    size -> ZIP envelope (if ZIP) -> empty -> byte order mark -> encoding -> DTD/entities
         -> well-formedness

Every problem becomes a :class:`~eistandaard.core.findings.Finding` (codes EI100-EI117, see
``rbc/common/level1.toml`` and ``docs/intake.md``); the functions here do not raise for any
input. Nothing is fetched, no entity is expanded and oversized input is never parsed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import attrs
from lxml import etree

from eistandaard.core.findings import Finding
from eistandaard.levels.intake.archive import ZIP_SIGNATURES, looks_like_zip, unzip_single
from eistandaard.levels.intake.raw import check_bom, check_doctype, check_empty, check_encoding
from eistandaard.levels.intake.wellformed import parse_document
from eistandaard.standards.codes import finding

__all__ = ["Limits", "Payload", "read_bytes", "read_path", "read_stream"]

_MB = 1024 * 1024
_CHUNK = 1024 * 1024

_positive = [attrs.validators.instance_of(int), attrs.validators.gt(0)]


@attrs.frozen
class Limits:
    """Size limits of the intake.

    :param max_bytes: the largest file (or ZIP archive) accepted; VECOZO's maximum for
        Wmo/Jeugdwet messages is 25 MB.
    :param max_uncompressed: the largest unpacked ZIP member (zip-bomb guard).
    :param max_ratio: the largest compression ratio of a ZIP member above 1 MiB unpacked.
    """

    max_bytes: int = attrs.field(default=25 * _MB, validator=_positive)
    max_uncompressed: int = attrs.field(default=25 * _MB, validator=_positive)
    max_ratio: int = attrs.field(default=200, validator=_positive)


def _as_tuple(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(findings)


@attrs.frozen
class Payload:
    """One document after level 1.

    :param name: display name: ``a.xml``, ``batch.zip!inner.xml``, ``<stdin>``, ``<bytes>``.
    :param data: the XML bytes to check further (unzipped); ``None`` when level 1 failed.
    :param tree: the parsed document, line numbers kept; ``None`` when level 1 failed.
    :param findings: the level-1 findings, empty when the document is readable.
    """

    name: str
    data: bytes | None
    tree: etree._ElementTree | None
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_as_tuple)

    @property
    def readable(self) -> bool:
        """True when level 1 passed and :attr:`tree` holds the document."""
        return self.tree is not None and not self.findings


def _rejected(name: str, *findings: Finding) -> Payload:
    return Payload(name=name, data=None, tree=None, findings=findings)


def _too_large(name: str, size: str, limits: Limits) -> Payload:
    details = f"{size}; the maximum is {limits.max_bytes} bytes"
    return _rejected(name, finding("EI101", details=details))


def _check_document(data: bytes, name: str) -> Payload:
    """Empty -> BOM -> encoding -> DTD -> well-formedness, on one (unzipped) document."""
    empty = check_empty(data)
    if empty:
        return _rejected(name, *empty)
    bom = check_bom(data)
    if bom.stop:
        return _rejected(name, *bom.findings)
    findings = list(bom.findings)
    # After a UTF-8 mark the rest is still checked, so that one run reports all there is.
    body = data[bom.body_start :] if bom.body_start else data
    if bom.body_start:
        empty = check_empty(body)
        if empty:
            return _rejected(name, *findings, *empty)
    for check in (check_encoding, check_doctype):
        found = check(body)
        if found:
            return _rejected(name, *findings, *found)
    parsed = parse_document(body)
    findings += parsed.findings
    if findings or parsed.tree is None:
        return _rejected(name, *findings)
    return Payload(name=name, data=data, tree=parsed.tree)


def read_bytes(data: bytes, *, name: str = "<bytes>", limits: Limits = Limits()) -> Payload:
    """Run level 1 on ``data`` (a document or a ZIP archive holding one).

    A ZIP is recognised by its signature or a ``.zip`` name; its single member is checked
    like a document and named ``name!member``.
    """
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise TypeError(f"read_bytes needs bytes, not {type(data).__name__}")
    if len(data) > limits.max_bytes:
        return _too_large(name, f"{len(data)} bytes", limits)
    if not looks_like_zip(data, name):
        return _check_document(data, name)
    unzipped = unzip_single(
        data, max_uncompressed=limits.max_uncompressed, max_ratio=limits.max_ratio
    )
    if unzipped.data is None or unzipped.member is None:
        return _rejected(name, *unzipped.findings)
    inner_name = f"{name}!{unzipped.member}"
    if unzipped.data.startswith(ZIP_SIGNATURES):
        details = f"{unzipped.member!r} starts with a ZIP signature"
        return _rejected(inner_name, finding("EI117", details=details))
    if len(unzipped.data) > limits.max_bytes:
        return _too_large(inner_name, f"{len(unzipped.data)} bytes unpacked", limits)
    return _check_document(unzipped.data, inner_name)


def _read_limited(stream: BinaryIO, name: str, limits: Limits) -> bytes | Payload:
    """At most ``max_bytes + 1`` bytes of ``stream``, or the Payload that says why not."""
    parts: list[bytes] = []
    total = 0
    wanted = limits.max_bytes + 1
    try:
        while total < wanted:
            chunk = stream.read(min(_CHUNK, wanted - total))
            if not chunk:
                break
            if not isinstance(chunk, bytes | bytearray):
                details = f"the stream gave {type(chunk).__name__}, not bytes (text mode?)"
                return _rejected(name, finding("EI109", details=details))
            parts.append(bytes(chunk))
            total += len(chunk)
    except (OSError, ValueError) as exc:
        return _rejected(name, finding("EI109", details=f"{type(exc).__name__}: {exc}"))
    if total > limits.max_bytes:
        return _too_large(name, f"more than {limits.max_bytes} bytes", limits)
    return b"".join(parts)


def read_stream(stream: BinaryIO, *, name: str = "<stdin>", limits: Limits = Limits()) -> Payload:
    """Run level 1 on what ``stream`` gives, reading at most ``max_bytes + 1`` bytes."""
    data = _read_limited(stream, name, limits)
    if isinstance(data, Payload):
        return data
    return read_bytes(data, name=name, limits=limits)


def read_path(path: Path | str, *, limits: Limits = Limits()) -> Payload:
    """Run level 1 on the file at ``path``; its size is checked with ``stat()`` before reading.

    A file that cannot be read (missing, a folder, no permission) gives EI109.
    """
    name = os.fspath(path) if isinstance(path, os.PathLike | str) else str(path)
    try:
        file = Path(path)
        size = file.stat().st_size
        if size > limits.max_bytes:
            return _too_large(name, f"{size} bytes", limits)
        with file.open("rb") as handle:
            data = _read_limited(handle, name, limits)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _rejected(name, finding("EI109", details=f"{type(exc).__name__}: {reason}"))
    if isinstance(data, Payload):
        return data
    return read_bytes(data, name=name, limits=limits)
