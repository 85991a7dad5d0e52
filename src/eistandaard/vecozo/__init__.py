"""VECOZO's side, offline: the envelope, its reception checks, a party registry and a ledger.

- :mod:`~eistandaard.vecozo.envelope`: the REST push ``berichtMetadata`` model and payload ZIP.
- :mod:`~eistandaard.vecozo.build`: envelopes for a request or an answer of any message.
- :mod:`~eistandaard.vecozo.checks`: CC01-CC12, BRS24/26/30 and the contract, as findings.
- :mod:`~eistandaard.vecozo.registry`: the simulated registry checks (BRS01-05, BRS18, BRS33).
- :mod:`~eistandaard.vecozo.ledger`: the message ledger (SQLite, PostgreSQL): uniqueness and links.
- :mod:`~eistandaard.vecozo.transport`: send, follow and fetch through VECOZO (retries, outbox).
- :mod:`~eistandaard.vecozo.cov`: COV VZ801/VZ802 and the policy merge.
- :mod:`~eistandaard.vecozo.testing`: a fake VECOZO on 127.0.0.1 for tests.
"""

from __future__ import annotations

from eistandaard.vecozo.build import (
    Application,
    build_answer,
    build_envelope,
    build_request,
    parse_payload,
)
from eistandaard.vecozo.checks import DEFAULT_PAYLOAD_LIMIT, check_envelope, inspect_container
from eistandaard.vecozo.envelope import Envelope, is_uuid4, new_uuid, payload_zip

__all__ = [
    "DEFAULT_PAYLOAD_LIMIT",
    "Application",
    "Envelope",
    "build_answer",
    "build_envelope",
    "build_request",
    "check_envelope",
    "inspect_container",
    "is_uuid4",
    "new_uuid",
    "parse_payload",
    "payload_zip",
]
