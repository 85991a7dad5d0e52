"""Shared test helpers: where the repository, its fixtures and ../shared are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
"""Reference data and conformance corpora; tests that need them skip when it is absent."""

REFERENCE = SHARED / "reference" / "istandaarden"
JAAPJUNIOR = REFERENCE / "jaapjunior" / "packages" / "api"
CONFORMANCE = SHARED / "conformance"


def need_shared(*parts: str) -> Path:
    """The path below ../shared, or skip the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is not available ({path} missing)")
    return path


@pytest.fixture
def shared() -> Path:
    """The ../shared folder (the test skips when it is absent)."""
    return need_shared()
