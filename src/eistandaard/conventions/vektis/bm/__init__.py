"""Betaalopdracht Wlz BM801 (537) and its return BM802 (538), Vektis standard release 2.0.

* the generated models (:mod:`eistandaard.models.bm20`, re-exported by
  :mod:`~eistandaard.conventions.vektis.bm.model`) with :func:`parse_bm801`, :func:`parse_bm802`,
  :func:`serialize_bm801`;
* :func:`build_bm802`: the return of VECOZO or the CAK (STB 5.3-5.8);
* :func:`diff_bm`: a BM802 explained against its BM801;
* :func:`load_decisions`: the CAK's own rejections per payment order (strict);
* :func:`simulate_chain`: STB figure 5-1, flows 1-7 (VECOZO's side: :mod:`eistandaard.vecozo.chain`,
  re-exported here);
* :mod:`~eistandaard.conventions.vektis.bm.cak`: example level-5 checks of the CAK.

The BER, XSD and RBC of this standard are not public; what is modelled here and why is in
docs/standards/bm801.md.
"""

from __future__ import annotations

from eistandaard.conventions.vektis.bm.builder import build_bm802
from eistandaard.conventions.vektis.bm.decisions import CakDecisions, load_decisions
from eistandaard.conventions.vektis.bm.diff import BMDiff, diff_bm
from eistandaard.models.bm import BM801, BM802, parse_bm801, parse_bm802, serialize_bm801
from eistandaard.vecozo.chain import ChainMessage, ChainResult, simulate_chain, write_messages
from eistandaard.vecozo.foutbericht import build_foutbericht

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
