"""Small helpers to get valid messages of our own for tests (from fixtures/)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES


def valid_fixture(family: str, message: str) -> Path:
    """The first valid fixture of a message type (``iwmo``, ``WMO323``)."""
    folder = FIXTURES / family / "3.2" / message / "valid"
    found = sorted(folder.glob("*.xml"))
    assert found, f"no valid fixture in {folder}"
    return found[0]
