"""Send, follow and fetch through VECOZO (issue 14): HTTP layer, client, retries, outbox.

- :mod:`~eistandaard.vecozo.transport.http`: the one-method :class:`HttpClient` protocol and
  the httpx adapter (time-outs, TLS 1.2+, client certificates).
- :mod:`~eistandaard.vecozo.transport.client`: typed REST operations (push, berichtstatus v2/v3,
  pull) and problem details as findings.
- :mod:`~eistandaard.vecozo.transport.retry`: the retry policy and :func:`deliver`, which never
  delivers a message twice.
- :mod:`~eistandaard.vecozo.transport.outbox`: outbox, poller and inbox ``run_once()`` steps.
- :mod:`~eistandaard.vecozo.transport.safety`: which environment a message may go to.
"""

from __future__ import annotations

from eistandaard.vecozo.transport.client import Berichtstatus, StatusValue, VecozoClient
from eistandaard.vecozo.transport.http import (
    HttpClient,
    HttpRequest,
    HttpResponse,
    HttpxClient,
    NotSent,
    OutcomeUnknown,
    Timeouts,
    client_context,
)
from eistandaard.vecozo.transport.outbox import Alarm, Inbox, Outbox, Poller
from eistandaard.vecozo.transport.retry import (
    Delivery,
    RetryPolicy,
    State,
    SystemClock,
    VirtualClock,
    deliver,
)

__all__ = [
    "Alarm",
    "Berichtstatus",
    "Delivery",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "HttpxClient",
    "Inbox",
    "NotSent",
    "Outbox",
    "OutcomeUnknown",
    "Poller",
    "RetryPolicy",
    "State",
    "StatusValue",
    "SystemClock",
    "Timeouts",
    "VecozoClient",
    "VirtualClock",
    "client_context",
    "deliver",
]
