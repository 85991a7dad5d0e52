"""BM801 (537) and BM802 (538) models: the generated bindings, under their former names.

The hand-written attrs classes that stood here are replaced by the classes xsdata generates
from the bundled schemas (``eistandaard.models.bm20``; docs/models.md). This module re-exports
:mod:`eistandaard.models.bm` so that ``from eistandaard.conventions.vektis.bm.model import
parse_bm801`` keeps
working; the classes are shaped like the schema (``BM801(header=..., overzicht=...,
betaalopdracht=[...])``, amounts ``BedragDC(bedrag=Decimal, debet_credit_code=DebetCreditCode.D)``,
dates :class:`datetime.date`). A parsed BM802 carries each class's Feedback on the class itself
(``betaalopdracht[0].bankgegevens.feedback``); the explain engine
(:func:`eistandaard.conventions.vektis.bm.diff_bm`) reads it through
:mod:`eistandaard.conventions.vektis.views`.
"""

from __future__ import annotations

# A compatibility alias: exactly the public names of models.bm, one list of them (its __all__).
from eistandaard.models.bm import *  # noqa: F403 - re-exports exactly its __all__
from eistandaard.models.bm import __all__ as __all__
