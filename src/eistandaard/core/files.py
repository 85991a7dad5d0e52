"""Which version of a data file is on disk: the key of every per-file cache.

Schemas, rule stylesheets and code lists are read or compiled once per process and file
version. The version is what ``stat`` says of the file a path leads to: its device, inode and
modification time in nanoseconds. An edited file, or a path re-pointed to another file, is read
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

from pathlib import Path

from eistandaard.core.errors import EIError
from eistandaard.standards.wording import os_reason, said_error

__all__ = ["FileVersion", "file_version"]

FileVersion = tuple[int, int, int]
"""``(st_dev, st_ino, st_mtime_ns)`` of a file."""


def file_version(path: Path, /, error: type[EIError], key: str, **fields: object) -> FileVersion:
    """The version of the file at ``path``, or the error ``key`` that says why there is none.

    :param error: the error class to raise (``EngineError`` for the bundled stylesheets and
        schemas, ``DataError`` for data the user chose).
    :param key: the reason in ``rbc/common/errors.toml``; it gets ``fields`` and ``reason``,
        the system's reason in both languages.
    :returns: ``(st_dev, st_ino, st_mtime_ns)``.
    :raises EIError: of class ``error`` when ``stat`` fails (nothing there, no access).
    """
    try:
        found = path.stat()
    except OSError as exc:
        raise error(said_error(key, reason=os_reason(exc), **fields)) from exc
    return (found.st_dev, found.st_ino, found.st_mtime_ns)
