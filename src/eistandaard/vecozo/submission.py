"""Check a submission as VECOZO receives it: the payload ZIP and its metadata together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs

from eistandaard.core.report import Report
from eistandaard.pipeline import VecozoCheck, validate
from eistandaard.vecozo.checks import (
    DEFAULT_PAYLOAD_LIMIT,
    inspect_container,
    inspect_path,
    not_a_zip,
)
from eistandaard.vecozo.envelope import Envelope

__all__ = ["check_submission"]


def check_submission(
    payload: Path | bytes,
    envelope: Envelope,
    *,
    name: str | None = None,
    as_of: dt.date | None = None,
    payload_limit: int = DEFAULT_PAYLOAD_LIMIT,
    vecozo_checks: Sequence[VecozoCheck] = (),
    environment: str = "P",
) -> Report:
    """Validate the payload file with its envelope; a payload that is no ZIP gets CC01/BRS16.

    :param payload: the file that is (or would be) sent: a ZIP with one member (a path or its
        bytes).
    :param name: how the report names the payload (default: the path, or ``<bytes>``).
    :param envelope: its ``berichtMetadata``.
    :param vecozo_checks: registry and ledger checks
        (:class:`~eistandaard.pipeline.VecozoCheck`).
    :returns: the :class:`~eistandaard.core.report.Report` of all levels plus the envelope checks.
    :raises InputError: as :func:`eistandaard.validate` does.
    """
    report = validate(
        payload,
        name=name,
        as_of=as_of,
        envelope=envelope,
        payload_limit=payload_limit,
        vecozo_checks=vecozo_checks,
        environment=environment,
    )
    try:
        container = (
            inspect_container(payload, name or "")
            if isinstance(payload, bytes)
            else inspect_path(payload)
        )
        is_zip = container.is_zip
    except OSError:  # the report already says the file cannot be read
        return report
    if is_zip:
        return report
    family = report.identity.family if report.identity is not None else None
    return attrs.evolve(report, findings=(not_a_zip(envelope, family), *report.findings))
