"""Check a submission as VECOZO receives it: the payload ZIP and its metadata together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs

from eistandaard.core.report import Report
from eistandaard.pipeline import VecozoCheck, validate
from eistandaard.vecozo.checks import DEFAULT_PAYLOAD_LIMIT, inspect_path, not_a_zip
from eistandaard.vecozo.envelope import Envelope

__all__ = ["check_submission"]


def check_submission(
    payload: Path,
    envelope: Envelope,
    *,
    as_of: dt.date | None = None,
    payload_limit: int = DEFAULT_PAYLOAD_LIMIT,
    vecozo_checks: Sequence[VecozoCheck] = (),
    environment: str = "P",
) -> Report:
    """Validate the payload file with its envelope; a payload that is no ZIP gets CC01/BRS16.

    :param payload: the file that is (or would be) sent: a ZIP with one member.
    :param envelope: its ``berichtMetadata``.
    :param vecozo_checks: registry and ledger checks
        (:class:`~eistandaard.pipeline.VecozoCheck`).
    :returns: the :class:`~eistandaard.core.report.Report` of all levels plus the envelope checks.
    :raises InputError: as :func:`eistandaard.validate` does.
    """
    report = validate(
        payload,
        as_of=as_of,
        envelope=envelope,
        payload_limit=payload_limit,
        vecozo_checks=vecozo_checks,
        environment=environment,
    )
    try:
        is_zip = inspect_path(payload).is_zip
    except OSError:  # the report already says the file cannot be read
        return report
    if is_zip:
        return report
    family = report.identity.family if report.identity is not None else None
    return attrs.evolve(report, findings=(not_a_zip(envelope, family), *report.findings))
