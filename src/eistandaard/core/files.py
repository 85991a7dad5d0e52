"""THE guard of every file eistandaard reads: only a regular file, never opened blocking.

A message, a decisions or registry file, a code list, a schema, a stylesheet, a certificate, a
ledger or a TOML data file named by mistake as a FIFO, a device or a folder would hang the
reader (``open()`` of a FIFO waits for a writer; ``/dev/zero`` never ends) or fail with an
obscure error. :func:`refuse_not_regular` refuses such a path with ``stat()`` alone, worded in
Dutch and English; :func:`open_regular` opens a file without blocking and refuses it when it
turned out not to be regular after all. ``levels/intake`` re-exports both.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from eistandaard.core.errors import EIError, InputError

__all__ = ["KINDS", "not_regular", "open_regular", "read_regular", "refuse_not_regular"]

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
