"""GDS801 (573) and GDS802 (574) models: the generated bindings, under their former names.

The hand-written attrs classes that stood here are replaced by the classes xsdata generates
from the bundled schemas (``eistandaard.models.gds10``, ``gds20``; docs/models.md). This module
re-exports :mod:`eistandaard.models.gds` so that ``from eistandaard.conventions.vektis.gds.model
import GDS801``
keeps working; the classes are shaped like the schema (``GDS801(header=..., declaratie_context=...,
overzicht=..., verzekerde=[...])``, amounts ``Decimal`` in a ``BedragDC`` with its
``DebetCreditCode``). A parsed GDS802 carries each class's Feedback on the class itself
(``verzekerde[0].prestatie[0].debet_prestatie.feedback``); the explain engine
(:func:`eistandaard.conventions.vektis.gds.diff_gds`) reads it through
:mod:`eistandaard.conventions.vektis.views`.
"""

from __future__ import annotations

# A compatibility alias: exactly the public names of models.gds, one list of them (its __all__).
from eistandaard.models.gds import *  # noqa: F403 - re-exports exactly its __all__
from eistandaard.models.gds import __all__ as __all__
