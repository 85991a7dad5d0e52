"""Turn the PATH arguments of ``ei`` into the list of inputs to check."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from eistandaard.core.errors import InputError

SUFFIXES = (".xml", ".zip")
STDIN = "-"


def collect(paths: Iterable[str]) -> list[str | Path]:
    """Files as given, directories expanded recursively to their ``*.xml``/``*.zip``, ``-`` kept.

    :raises InputError: for a path that does not exist or a directory without messages.
    """
    found: list[str | Path] = []
    for raw in paths:
        if raw == STDIN:
            found.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            # Everything but folders: a FIFO or device named *.xml is refused at level 1 (EI109)
            # by intake.read_path, never silently skipped and never opened blocking.
            members = sorted(
                p for p in path.rglob("*") if not p.is_dir() and p.suffix.lower() in SUFFIXES
            )
            if not members:
                raise InputError(f"no *.xml or *.zip files in directory {raw}")
            found.extend(members)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"no such file or directory: {raw}")
    return found
