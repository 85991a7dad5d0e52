"""BM801/BM802: moved to :mod:`eistandaard.conventions.vektis.bm`; kept for plug-ins and callers.

Only the public names stay here; ``eistandaard.bm.cak`` keeps the CAK's example checks reachable
under their old ``--check``/``--cak-checks`` path.
"""

from __future__ import annotations

from eistandaard.conventions.vektis.bm import (
    BM801,
    BM802,
    BMDiff,
    CakDecisions,
    ChainMessage,
    ChainResult,
    build_bm802,
    build_foutbericht,
    diff_bm,
    load_decisions,
    parse_bm801,
    parse_bm802,
    serialize_bm801,
    simulate_chain,
    write_messages,
)

__all__ = [
    "BM801",
    "BM802",
    "BMDiff",
    "CakDecisions",
    "ChainMessage",
    "ChainResult",
    "build_bm802",
    "build_foutbericht",
    "diff_bm",
    "load_decisions",
    "parse_bm801",
    "parse_bm802",
    "serialize_bm801",
    "simulate_chain",
    "write_messages",
]
