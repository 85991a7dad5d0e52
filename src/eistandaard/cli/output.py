"""Writing output files safely: never overwrite without consent, always atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from eistandaard.errors import OutputExistsError

__all__ = ["write_new_file"]


def write_new_file(path: Path, data: bytes, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    :raises OutputExistsError: when ``path`` exists and ``force`` is false; the file is untouched.
    """
    if path.exists() and not force:
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not force and path.exists():
            raise OutputExistsError(f"{path} appeared while writing; use --force to overwrite it")
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
