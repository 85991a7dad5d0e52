"""BM801/BM802: moved to :mod:`eistandaard.conventions.vektis.bm`; kept for plug-ins and callers.

Only the public names stay here; ``eistandaard.bm.cak`` keeps the CAK's example checks reachable
under their old ``--check``/``--cak-checks`` path. ``diff_bm`` and its ``BMDiff`` and
``OpdrachtOutcome`` are views of the one request/answer pairing
(:mod:`eistandaard.answers.pairing`).
"""

from __future__ import annotations

from eistandaard.conventions.vektis.bm import *  # noqa: F403  # a re-export of the moved module's public names (its __all__)
from eistandaard.conventions.vektis.bm import __all__ as _moved

__all__ = list(_moved)
