"""Stable import path of the exceptions (:mod:`eistandaard.core.errors`) for callers.

Every name of :mod:`eistandaard.core.errors` (its ``__all__``, the one list of them), re-exported.
"""

from __future__ import annotations

from eistandaard.core import errors as _errors
from eistandaard.core.errors import *  # noqa: F403  # every name of core.errors.__all__, listed once there

__all__ = list(_errors.__all__)
