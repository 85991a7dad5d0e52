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

from eistandaard.models.bm import (
    BM801,
    BM801_NAMESPACE,
    BM802,
    BM802_NAMESPACE,
    Bankgegevens,
    BedragDC,
    Begunstigde,
    Betaalopdracht,
    Betaalopdrachtspecificatie,
    Header,
    parse_bm801,
    parse_bm802,
    serialize_bm801,
)

__all__ = [
    "BM801",
    "BM801_NAMESPACE",
    "BM802",
    "BM802_NAMESPACE",
    "Bankgegevens",
    "BedragDC",
    "Begunstigde",
    "Betaalopdracht",
    "Betaalopdrachtspecificatie",
    "Header",
    "parse_bm801",
    "parse_bm802",
    "serialize_bm801",
]
