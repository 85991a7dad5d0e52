"""THE guard of every file eistandaard reads, and which version of a data file is on disk.

A message, a decisions or registry file, a code list, a schema, a stylesheet, a certificate, a
ledger or a TOML data file named by mistake as a FIFO, a device or a folder would hang the
reader (``open()`` of a FIFO waits for a writer; ``/dev/zero`` never ends) or fail with an
obscure error. :func:`refuse_not_regular` refuses such a path with ``stat()`` alone, worded in
Dutch and English; :func:`open_regular` opens a file without blocking and refuses it when it
turned out not to be regular after all. ``levels/intake`` re-exports both.

Schemas, rule stylesheets and code lists are read or compiled once per process and file
version: :func:`file_version`, what ``stat`` says of the file a path leads to (device, inode,
modification time in nanoseconds). An edited file, or a path re-pointed to another file, is read
again; no ``resolve()`` is needed for that (it costs a look-up per path component).

>>> import tempfile, pathlib
>>> from eistandaard.core.errors import DataError
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder, "lijst.csv")
...     try:
...         file_version(path, DataError, "codelist-unreadable", path=path.name)
...     except DataError as error:
...         print(error.text("nl"))
kan codelijst lijst.csv niet lezen: map of bestand bestaat niet
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from eistandaard.core.errors import EIError, InputError

__all__ = [
    "KINDS",
    "FileVersion",
    "file_version",
    "not_regular",
    "open_regular",
    "read_regular",
    "refuse_not_regular",
]

FileVersion = tuple[int, int, int]
"""``(st_dev, st_ino, st_mtime_ns)`` of a file."""

KINDS = {
    "a directory": "directory",
    "a FIFO": "fifo",
    "a socket": "socket",
    "a character device": "character-device",
    "a block device": "block-device",
    "not a regular file": "other",
}
"""What :func:`not_regular` says -> the key of its wording (``kind-*`` of
``rbc/common/errors.toml``, and EI109's details in ``rbc/common/level1.toml``)."""


def not_regular(mode: int) -> str | None:
    """What a non-regular file is (``"a FIFO"`` ...), or ``None`` for a regular file."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    for test, kind in kinds:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def refuse_not_regular(file: str | os.PathLike[str], error: type[EIError] = InputError) -> None:
    """Refuse ``file`` when it is there but no regular file (a FIFO, socket, device, folder).

    Checked with ``stat()`` alone: nothing is opened, so a FIFO never blocks.

    :param error: the error class raised (``InputError``; ``DataError`` for a data file).
    :raises InputError: ("... is een FIFO, geen bestand") for such a file, or ``error``.
    :raises OSError: when ``stat()`` fails (``FileNotFoundError`` for nothing there).
    """
    kind = not_regular(Path(file).stat().st_mode)
    if kind is not None:
        from eistandaard.standards.wording import said_error  # wording reads files through here

        raise error(
            said_error(
                "source-not-regular",
                path=os.fspath(file),
                kind=said_error(f"kind-{KINDS[kind]}"),
            )
        )


def open_regular(file: str | os.PathLike[str]) -> BinaryIO:
    """Open ``file`` for reading without ever blocking, and only if it is a regular file.

    ``O_NONBLOCK`` makes ``open()`` return at once even when the path was swapped for a FIFO
    after the ``stat()``; the check on the open descriptor then refuses it.

    :raises OSError: when the file cannot be opened or is not a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(file, flags | getattr(os, "O_BINARY", 0))
    try:
        kind = not_regular(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise OSError(errno.EINVAL, f"{kind}, not a file")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(file: str | os.PathLike[str], error: type[EIError] = InputError) -> bytes:
    """Every byte of the regular ``file``: :func:`refuse_not_regular`, then :func:`open_regular`.

    :raises InputError: (or ``error``) for a FIFO, socket, device or folder.
    :raises OSError: when the file is not there or cannot be read.
    """
    refuse_not_regular(file, error)
    with open_regular(file) as handle:
        return handle.read()


def file_version(path: Path, /, error: type[EIError], key: str, **fields: object) -> FileVersion:
    """The version of the regular file at ``path``, or the error ``key`` saying why there is none.

    :param error: the error class to raise (``EngineError`` for the bundled stylesheets and
        schemas, ``DataError`` for data the user chose).
    :param key: the reason in ``rbc/common/errors.toml``; it gets ``fields`` and ``reason``,
        the system's reason in both languages.
    :returns: ``(st_dev, st_ino, st_mtime_ns)``.
    :raises EIError: of class ``error`` when ``stat`` fails (nothing there, no access) or the
        path is no regular file (a FIFO, device or folder: never opened, so never a hang).
    """
    from eistandaard.standards.wording import os_reason, said_error  # it reads through here

    try:
        found = path.stat()
    except OSError as exc:
        raise error(said_error(key, reason=os_reason(exc), **fields)) from exc
    kind = not_regular(found.st_mode)
    if kind is not None:  # cached now, read later: a FIFO or device would hang that read
        why = said_error(
            "source-not-regular", path=os.fspath(path), kind=said_error(f"kind-{KINDS[kind]}")
        )
        raise error(said_error(key, reason=why, **fields))
    return (found.st_dev, found.st_ino, found.st_mtime_ns)
