"""Turn the PATH arguments of ``ei`` into the list of inputs to check."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from eistandaard.core.errors import InputError
from eistandaard.levels.intake import Payload, read_path, read_stream

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


def read_one(raw: str, role: str) -> Payload:
    """One message argument of ``ei return`` / ``ei diff``: a file, a ZIP of one message, ``-``.

    :raises InputError: the file does not exist, or level 1 refuses it (the finding's text).
    """
    if raw == STDIN:
        payload = read_stream(sys.stdin.buffer)
    else:
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"{role}: no such file: {raw}")
        payload = read_path(path)
    if payload.tree is None:
        reasons = "; ".join(f"{f.code} {f.text_en}" for f in payload.findings) or "unreadable"
        raise InputError(f"{role} {payload.name}: {reasons}")
    return payload
