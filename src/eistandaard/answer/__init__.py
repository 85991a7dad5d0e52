"""iStandaarden answers: moved to :mod:`eistandaard.conventions.istandaarden`; kept for plug-ins.

Only the public names stay here; the one return engine is :func:`eistandaard.build_return`.
"""

from __future__ import annotations

from eistandaard.conventions.istandaarden import *  # noqa: F403  # a re-export of the moved module's public names (its __all__)
from eistandaard.conventions.istandaarden import __all__ as _moved

__all__ = list(_moved)
