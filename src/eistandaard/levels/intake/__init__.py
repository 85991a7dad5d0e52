"""Control level 1 (onleesbaar): turn raw bytes, a file or a stream into a parsed document.

The checks run in this order, each on the outcome of the one before::

    size -> ZIP envelope (if ZIP) -> empty -> byte order mark -> encoding -> DTD/entities
         -> well-formedness -> cleaning (comments, processing instructions) -> parser limits

Every problem becomes a :class:`~eistandaard.core.findings.Finding` (codes EI100-EI132, see
``rbc/common/level1.toml`` and ``docs/intake.md``); the functions here do not raise for any
input (misuse of the API, such as a text-mode stream, raises :class:`SourceTypeError`). Nothing
is fetched, no entity is expanded and oversized input is never parsed.

A readable document comes out cleaned: without comments and processing instructions, in the
tree and in the bytes (:mod:`eistandaard.levels.intake.reading`), so that every later stage reads
each value as its string value and Saxon parses the very document lxml parsed.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import attrs
from lxml import etree

from eistandaard.core.errors import (
    DataError,
    InputError,
    SourceError,
    SourceNotFoundError,
    SourceTypeError,
    UnreadableError,
)
from eistandaard.core.files import (
    KINDS as _KINDS,
    not_regular as _not_regular,
    open_regular,
    refuse_not_regular,
)
from eistandaard.core.findings import Finding
from eistandaard.core.text import quoted
from eistandaard.levels.intake.archive import ZIP_SIGNATURES, looks_like_zip, unzip_single
from eistandaard.levels.intake.raw import check_bom, check_doctype, check_empty, check_encoding
from eistandaard.levels.intake.reading import check_parser_limits, clean_tree, serialize
from eistandaard.levels.intake.wellformed import parse_document
from eistandaard.standards.codes import finding
from eistandaard.standards.wording import Worded, os_reason, prefixed, said_error

__all__ = [
    "Limits",
    "Payload",
    "broken_link",
    "findings_summary",
    "open_regular",
    "read_bytes",
    "read_document",
    "read_path",
    "read_payload",
    "read_raw",
    "read_regular_file",
    "read_stream",
    "refuse_not_regular",
    "source_path",
]

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
    :param data: the cleaned document as UTF-8 bytes (unzipped, without comments and
        processing instructions): what Saxon parses; ``None`` when level 1 failed.
    :param tree: the parsed and cleaned document, line numbers of the input kept; ``None``
        when level 1 failed.
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


def _too_large(name: str, size: int | None, limits: Limits, *, unpacked: bool = False) -> Payload:
    """EI101: more than the maximum, or ``size`` bytes unpacked from a ZIP.

    One wording for every reader ("more than LIMIT bytes"): a file (its size from ``stat()``),
    bytes, a stream or stdin (read up to one byte past the maximum) all say the same, so the
    finding does not depend on how the message was handed over.
    """
    wording = "unpacked" if unpacked else "over"
    values = {"size": size, "limit": limits.max_bytes}
    return _rejected(name, finding("EI101", detail=wording, values=values))


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
    tree = parsed.tree
    # Untouched bytes when there was nothing to clean (the common case): Saxon then reads the
    # very file, and nothing is serialised.
    try:
        cleaned = serialize(tree) if clean_tree(tree) else body
        limits = check_parser_limits(tree, cleaned, original=body)
    except DataError as exc:
        # Fail closed: without its limits the intake cannot vouch for the document.
        return _rejected(name, finding("EI132", detail="unavailable", values={"problem": exc}))
    if limits:
        return _rejected(name, *limits)
    return Payload(name=name, data=cleaned, tree=tree)


def read_bytes(data: bytes, *, name: str = "<bytes>", limits: Limits = Limits()) -> Payload:
    """Run level 1 on ``data`` (a document or a ZIP archive holding one).

    A ZIP is recognised by its signature or a ``.zip`` name; its single member is checked
    like a document and named ``name!member``.
    """
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise SourceTypeError(said_error("source-not-bytes", type=type(data).__name__))
    if len(data) > limits.max_bytes:
        return _too_large(name, len(data), limits)
    if not looks_like_zip(data, name):
        return _check_document(data, name)
    unzipped = unzip_single(
        data, max_uncompressed=limits.max_uncompressed, max_ratio=limits.max_ratio
    )
    if unzipped.data is None or unzipped.member is None:
        return _rejected(name, *unzipped.findings)
    inner_name = f"{name}!{unzipped.member}"
    if unzipped.data.startswith(ZIP_SIGNATURES):
        values = {"member": quoted(unzipped.member)}
        return _rejected(inner_name, finding("EI117", detail="zip", values=values))
    if len(unzipped.data) > limits.max_bytes:
        return _too_large(inner_name, len(unzipped.data), limits, unpacked=True)
    return _check_document(unzipped.data, inner_name)


def _read_limited(stream: BinaryIO, name: str, limits: Limits) -> bytes | Payload:
    """At most ``max_bytes + 1`` bytes of ``stream``, or the Payload that says why not.

    :raises SourceTypeError: the stream is closed already, or gives text: the caller's mistake,
        not the message's (a finding would call the message unreadable).
    """
    if getattr(stream, "closed", False) is True:
        raise SourceTypeError(said_error("source-closed-stream", name=name))
    parts: list[bytes] = []
    total = 0
    wanted = limits.max_bytes + 1
    while total < wanted:
        try:
            chunk = stream.read(min(_CHUNK, wanted - total))
        except (OSError, ValueError) as exc:
            return _rejected(name, _unreadable(exc))
        if not chunk:
            break
        if not isinstance(chunk, bytes | bytearray):
            raise SourceTypeError(
                said_error("source-text-stream", name=name, type=type(chunk).__name__)
            )
        parts.append(bytes(chunk))
        total += len(chunk)
    if total > limits.max_bytes:
        return _too_large(name, None, limits)
    return b"".join(parts)


def read_stream(stream: BinaryIO, *, name: str = "<stdin>", limits: Limits = Limits()) -> Payload:
    """Run level 1 on what ``stream`` gives, reading at most ``max_bytes + 1`` bytes.

    :raises SourceTypeError: the stream gives text, not bytes (opened in text mode): misuse, not
        a property of the message.
    """
    data = _read_limited(stream, name, limits)
    if isinstance(data, Payload):
        return data
    return read_bytes(data, name=name, limits=limits)


def read_path(path: Path | str, *, limits: Limits = Limits()) -> Payload:
    """Run level 1 on the file at ``path``; its size is checked with ``stat()`` before reading.

    A file that cannot be read (missing, a folder, no permission) gives EI109, and so does
    anything that is not a regular file (a FIFO, socket, character or block device): it is
    opened without blocking and refused before a byte is read, so it can never hang the check.
    """
    name = os.fspath(path) if isinstance(path, os.PathLike | str) else str(path)
    try:
        file = Path(path)
        info = file.stat()
        kind = _not_regular(info.st_mode)
        if kind is not None:
            values = {"name": name, "kind": kind}
            return _rejected(name, finding("EI109", detail=_KINDS[kind], values=values))
        size = info.st_size
        if size > limits.max_bytes:
            return _too_large(name, size, limits)
        with open_regular(file) as handle:
            data = _read_limited(handle, name, limits)
    except (OSError, ValueError) as exc:
        link = broken_link(path) if isinstance(exc, OSError) else None
        if link is not None:  # the real reason, as ``ei`` says it for a link named to it
            kind, target = link
            values = {"name": name, "target": target}
            return _rejected(name, finding("EI109", detail=kind, values=values))
        return _rejected(name, _unreadable(exc))
    if isinstance(data, Payload):
        return data
    return read_bytes(data, name=name, limits=limits)


def broken_link(path: Path | str) -> tuple[str, str] | None:
    """Why ``path`` leads to no file through symbolic links, or ``None`` when that is not why.

    ``("link-loop", "")``: the links go round (``ELOOP``, not "does not exist");
    ``("dangling-link", target)``: ``path`` is a link to ``target``, which does not exist.
    Only names are looked at (``stat``, ``lstat``, ``readlink``); nothing is opened.
    """
    try:
        Path(path).stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ("link-loop", "")
        if exc.errno == errno.ENOENT:
            try:
                return ("dangling-link", str(Path(path).readlink()))
            except (OSError, ValueError):  # no link, or one that went away: plainly missing
                return None
    except ValueError:
        return None
    return None


def source_path(source: str | os.PathLike[str]) -> Path:
    """``source`` as the path of an existing file; misuse raises.

    An existing file is taken whatever its name.

    :raises SourceError: ``source`` names no file and is XML text (starts with ``<``, or holds
        a line break): pass the XML as bytes.
    :raises SourceNotFoundError: nothing exists at the path.
    """
    path = Path(source)
    try:
        exists = path.exists() or path.is_symlink()
    except (OSError, ValueError):
        exists = None  # not a usable name: read_path reports it as EI109, unless it is XML
    if exists:
        return path
    if isinstance(source, str):
        text = source.lstrip("\ufeff \t\r\n")
        if text.startswith("<") or "\n" in source:
            raise SourceError(said_error("source-xml-as-str"))
    if exists is False:
        raise SourceNotFoundError(said_error("source-no-such-file", fspath=os.fspath(path)))
    return path


DocumentSource = bytes | bytearray | memoryview | str | os.PathLike[str] | BinaryIO
"""What :func:`read_document` takes: bytes, a file path or a binary stream."""


def read_document(
    source: DocumentSource, *, what: str = "", limits: Limits = Limits()
) -> etree._ElementTree:
    """The cleaned tree of ``source`` after level 1, for the readers outside the pipeline.

    ``ei diff``, ``ei return``, ``ei chain`` and the parse functions of the GDS, BM and answer
    models read user XML through here: the same size limit, no DOCTYPE, the same parser
    limits and the same cleaning as :func:`eistandaard.validate`.

    :param what: how the error names the source (``"the GDS801"``; a text in both languages
        keeps its Dutch); ``""``: "the message".
    :raises UnreadableError: level 1 refused the document; its findings are attached.
    :raises SourceError, SourceNotFoundError, SourceTypeError: as :func:`source_path` and
        :func:`read_stream`.
    """
    tree = read_payload(source, what=what, limits=limits).tree
    assert tree is not None  # read_payload refuses a document without one
    return tree


def read_payload(source: DocumentSource, *, what: str = "", limits: Limits = Limits()) -> Payload:
    """As :func:`read_document`, the whole :class:`Payload`: the cleaned tree and its bytes.

    :raises UnreadableError: level 1 refused the document; its findings are attached.
    :raises SourceError, SourceNotFoundError, SourceTypeError: as :func:`read_document`.
    """
    what = what or said_error("what-message")
    if isinstance(source, bytes | bytearray | memoryview):
        payload = read_bytes(bytes(source), limits=limits)
    elif isinstance(source, str | os.PathLike):
        payload = read_path(source_path(source), limits=limits)
    elif hasattr(source, "read"):
        payload = read_stream(source, limits=limits)
    else:
        raise SourceTypeError(
            said_error("source-wrong-type", what=what, type=type(source).__name__)
        )
    if payload.tree is None or payload.findings:
        summary = findings_summary(payload.findings)
        raise UnreadableError(
            said_error("source-unreadable", what=what, summary=summary), payload.findings
        )
    return payload


def findings_summary(findings: Iterable[Finding]) -> Worded:
    """The level-1 findings on one line, in both languages: code, text and details of each.

    :returns: a :class:`~eistandaard.standards.wording.Worded` (``str``: English).
    """
    found = tuple(findings)
    texts = {
        lang: "; ".join(
            f"{f.code} {f.text(lang)}" + (f" ({f.detail(lang)})" if f.details else "")
            for f in found
        )
        for lang in ("en", "nl")
    }
    return Worded(texts["en"], texts["nl"])


def read_raw(path: str | os.PathLike[str], *, limits: Limits = Limits()) -> bytes:
    """The bytes of the file at ``path``, at most ``max_bytes + 1`` of them.

    For callers that pass the bytes on to :func:`eistandaard.validate` (which then reports
    EI101 for a file past the limit): a huge file is never read whole.

    :raises SourceNotFoundError: nothing exists at ``path``.
    :raises SourceError: the file cannot be read (no permission) or is not a regular file (a
        FIFO, device or folder is refused without blocking).
    """
    return _read_regular(source_path(path), limits.max_bytes + 1, SourceError)


def read_regular_file(path: Path | str) -> bytes:
    """The bytes of the regular file at ``path``, for readers outside level 1 (decisions, diff).

    Like :func:`read_path`, a FIFO, socket, device or directory is refused before a byte is
    read, and the file is opened without blocking.

    :raises InputError: when the file cannot be read or is not a regular file.
    """
    return _read_regular(Path(path), -1, InputError)


def _read_regular(file: Path, size: int, error: type[InputError]) -> bytes:
    """At most ``size`` bytes (``-1``: all) of the regular ``file``; ``error`` when it cannot be.

    A FIFO, socket, device or directory is refused before a byte is read (never blocking).
    """
    try:
        refuse_not_regular(file, error)
        with open_regular(file) as handle:
            return handle.read(size)
    except InputError:  # worded already (a ValueError too): never wrapped in English
        raise
    except (OSError, ValueError) as exc:
        reason = os_reason(exc)
        raise error(said_error("source-cannot-read", path=os.fspath(file), reason=reason)) from exc


def _unreadable(exc: Exception) -> Finding:
    """EI109 for a read that failed: the error's type, and its reason in each language."""
    error = prefixed(f"{type(exc).__name__}: ", os_reason(exc))
    return finding("EI109", detail="error", values={"error": error})
