"""CAK checks: moved to :mod:`eistandaard.conventions.vektis.bm.cak`: kept for plug-ins.

``ei chain --cak-checks eistandaard.bm.cak:amount_over_one_million`` keeps working.
"""

from __future__ import annotations

from eistandaard.conventions.vektis.bm.cak import (
    amount_over_limit,
    amount_over_one_million,
    blocked_ibans,
)

__all__ = ["amount_over_limit", "amount_over_one_million", "blocked_ibans"]
