"""GDS801/GDS802: moved to :mod:`eistandaard.conventions.vektis.gds`; kept for plug-ins and callers.

Only the public names stay here (the Vektis GDS policy lives under ``conventions/vektis/gds/``).
``diff_gds`` and its ``GDSDiff``/``PrestatieOutcome`` are views of the one request/answer pairing
(:mod:`eistandaard.answers.pairing`).
"""

from __future__ import annotations

from eistandaard.conventions.vektis.gds import *  # noqa: F403  # a re-export of the moved module's public names (its __all__)
from eistandaard.conventions.vektis.gds import __all__ as _moved

__all__ = list(_moved)
