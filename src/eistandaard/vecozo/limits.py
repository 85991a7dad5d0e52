"""VECOZO's limits as constants, importable without the rest of :mod:`eistandaard.vecozo`.

A plain ``ei validate`` (no envelope) names these in its options and defaults, but never
loads the envelope model or its checks.
"""

from __future__ import annotations

__all__ = ["DEFAULT_PAYLOAD_LIMIT"]

DEFAULT_PAYLOAD_LIMIT = 25_000_000
"""CC03's "25 MB", read as the stricter 25,000,000 bytes (VECOZO does not define MB)."""
