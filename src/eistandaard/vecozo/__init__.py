"""VECOZO's side, offline: the envelope, its reception checks, a party registry and a ledger.

- :mod:`~eistandaard.vecozo.envelope`: the REST push ``berichtMetadata`` model and payload ZIP.
- :mod:`~eistandaard.vecozo.build`: envelopes for a request or an answer of any message.
- :mod:`~eistandaard.vecozo.checks`: CC01-CC12, BRS24/26/30 and the contract, as findings.
- :mod:`~eistandaard.vecozo.registry`: the simulated registry checks (BRS01-05, BRS18, BRS33).
- :mod:`~eistandaard.vecozo.ledger`: the message ledger (SQLite, PostgreSQL): uniqueness and links.
- :mod:`~eistandaard.vecozo.transport`: send, follow and fetch through VECOZO (retries, outbox).
- :mod:`~eistandaard.vecozo.cov`: COV VZ801/VZ802 and the policy merge.
- :mod:`~eistandaard.vecozo.testing`: a fake VECOZO on 127.0.0.1 for tests.

The names below are imported from their modules on first use (PEP 562): a module of this
package (:mod:`~eistandaard.vecozo.limits`, say) can be imported without the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eistandaard.core.lazy import lazy_exports

if TYPE_CHECKING:  # the names as type checkers and IDEs see them (`X as X`: re-exported)
    from eistandaard.vecozo.build import (
        Application as Application,
        build_answer as build_answer,
        build_envelope as build_envelope,
        build_request as build_request,
        parse_payload as parse_payload,
    )
    from eistandaard.vecozo.checks import (
        check_envelope as check_envelope,
        inspect_container as inspect_container,
    )
    from eistandaard.vecozo.envelope import (
        Envelope as Envelope,
        is_uuid4 as is_uuid4,
        new_uuid as new_uuid,
        payload_zip as payload_zip,
    )
    from eistandaard.vecozo.limits import DEFAULT_PAYLOAD_LIMIT as DEFAULT_PAYLOAD_LIMIT

__getattr__, __dir__, __all__ = lazy_exports(
    globals(),
    {
        ".build": "Application build_answer build_envelope build_request parse_payload",
        ".checks": "check_envelope inspect_container",
        ".envelope": "Envelope is_uuid4 new_uuid payload_zip",
        ".limits": "DEFAULT_PAYLOAD_LIMIT",
    },
)
