"""Simulate the chain of STB figure 5-1 (flows 1-7) for one BM801.

1. zorgkantoor -> VECOZO: the BM801.
2. VECOZO -> zorgkantoor: a foutbericht when the BM801 fails level 1 or 2.
3. VECOZO -> zorgkantoor: a BM802 from VECOZO (role 6) when it fails level 3 or 4.
4. VECOZO -> CAK: the BM801, unchanged, when VECOZO finds nothing.
5. CAK -> VECOZO: the CAK's BM802 after its levels 3-5.
6. VECOZO -> CAK: a foutbericht when that BM802 fails level 2, 3 or 4.
7. VECOZO -> zorgkantoor: the CAK's BM802, unchanged.

Every check runs through :func:`eistandaard.validate`; an engine failure anywhere stops the
chain with outcome ``error`` (fail closed), never with an acceptance.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from eistandaard.conventions.vektis.roles import Responder, Role
from eistandaard.core import clock
from eistandaard.core.arguments import expect
from eistandaard.core.bounds import DEFAULT_MEMORY, DEFAULT_SECONDS
from eistandaard.core.errors import EIError, InputError, OutputExistsError
from eistandaard.core.findings import Finding, Severity
from eistandaard.core.report import Report, Verdict
from eistandaard.levels.checks import Check
from eistandaard.levels.intake import read_document, read_raw
from eistandaard.pipeline import validate
from eistandaard.standards.wording import joined, reason_of, said_error
from eistandaard.vecozo.foutbericht import build_foutbericht

__all__ = ["CHAIN_FILE_NAMES", "ChainMessage", "ChainResult", "simulate_chain", "write_messages"]


@attrs.frozen
class ChainMessage:
    """A message produced in the chain."""

    flow: int
    sender: str
    receiver: str
    kind: str
    """``BM801``, ``BM802`` or ``foutbericht``."""
    data: bytes

    @property
    def filename(self) -> str:
        """The file name ``write_messages`` uses (``flow5-BM802.xml``)."""
        return f"flow{self.flow}-{self.kind}.xml"


CHAIN_FILE_NAMES: tuple[str, ...] = tuple(
    sorted(
        ChainMessage(flow, "", "", kind, b"").filename
        for flow, kind in (
            (2, "foutbericht"),
            (3, "BM802"),
            (4, "BM801"),
            (5, "BM802"),
            (6, "foutbericht"),
            (7, "BM802"),
        )
    )
)
"""Every file name a chain can write (``ei chain -o`` checks them before the run)."""


@attrs.frozen
class ChainResult:
    """The path taken, the messages produced, and the reports of each check."""

    flows: tuple[int, ...]
    messages: tuple[ChainMessage, ...]
    reports: dict[str, Report]
    outcome: str
    """``accepted`` (flow 7, nothing rejected), ``rejected`` or ``error``."""
    error: str | None = None

    @property
    def accepted(self) -> bool:
        """True only when the payment order was accepted in full."""
        return self.outcome == "accepted"

    @property
    def path(self) -> str:
        """The flows taken, as ``1 -> 4 -> 5 -> 7``."""
        return " -> ".join(str(flow) for flow in self.flows)


def _errors(report: Report, levels: Sequence[int]) -> list[Finding]:
    return [f for f in report.findings if f.severity is Severity.ERROR and int(f.level) in levels]


def simulate_chain(
    source: bytes | Path,
    *,
    as_of: dt.date,
    cak_checks: Sequence[Check] = (),
    name: str | None = None,
    timeout: float = DEFAULT_SECONDS,
    max_memory: int = DEFAULT_MEMORY,
) -> ChainResult:
    """Run one BM801 through VECOZO and the CAK as STB figure 5-1 describes.

    :param source: the BM801 (bytes or a path).
    :param as_of: "today" for VECOZO and the CAK (Verzenddatum checks, the return's date; an
        answer is never dated before the BM801, see :func:`eistandaard.core.clock.answer_date`).
    :param cak_checks: the CAK's level-5 checks (plug-ins taking a ``ParsedMessage``).
    :param timeout: seconds each stylesheet run and each CAK check may take (see
        :func:`eistandaard.validate`).
    :param max_memory: bytes a stylesheet run or the CAK checks may allocate.
    :raises InputError: when the message is another EI message than a BM801, or the path is no
        readable regular file (a FIFO, say).
    :raises SourceNotFoundError: the path names no file.
    """
    from eistandaard.conventions.vektis.bm.builder import (
        build_bm802,  # bm re-exports this module: import late
    )

    data = read_raw(source) if isinstance(source, Path) else source
    label = name or (source.name if isinstance(source, Path) else "<bytes>")
    flows = [1]
    messages: list[ChainMessage] = []
    reports: dict[str, Report] = {}

    def done(outcome: str, error: str | None = None) -> ChainResult:
        return ChainResult(tuple(flows), tuple(messages), reports, outcome, error)

    def check(role: str, source: bytes, name: str, levels: tuple[int, ...], **extra: Any) -> Report:
        """One party checks a message of the chain (bounded, no entry points); kept as ``role``."""
        reports[role] = validate(
            source,
            name=name,
            as_of=as_of,
            levels=levels,
            entry_points=False,
            timeout=timeout,
            max_memory=max_memory,
            **extra,
        )
        return reports[role]

    def refuse(flow: int, to: str, report: Report, findings: list[Finding], source: bytes) -> None:
        """Flow 2 or 6: VECOZO's foutbericht to the sender of ``source``."""
        header = _read_header(source)
        foutbericht = build_foutbericht(
            report,
            findings,
            datum=answered,
            receiver=header.get("Verzender"),
            receiver_role=header.get("VerzenderRol") or (Role.CAK.value if flow == 6 else None),
            referentienummer=header.get("Referentienummer"),
        )
        flows.append(flow)
        messages.append(ChainMessage(flow, "VECOZO", to, "foutbericht", foutbericht))

    vecozo = check("vecozo-bm801", data, label, (3, 4))
    if vecozo.verdict is Verdict.ERROR:
        return done("error", joined(vecozo.engine_errors, "; "))
    if vecozo.identity is not None and vecozo.identity.message != "BM801":
        raise InputError(
            said_error(
                "chain-not-bm801", label=label, vecozo_identity_message=vecozo.identity.message
            )
        )
    # Answers are dated "today" (as_of), never before the request's Verzenddatum.
    answered = clock.answer_date(vecozo.identity.dagtekening if vecozo.identity else None, on=as_of)
    technical = _errors(vecozo, (1, 2))
    if technical:
        refuse(2, "zorgkantoor", vecozo, technical, data)
        return done("rejected")
    content = _errors(vecozo, (3, 4))
    if content:
        flows.append(3)
        bm802 = build_bm802(data, content, responder=Responder.VECOZO, verzenddatum=answered)
        messages.append(ChainMessage(3, "VECOZO", "zorgkantoor", "BM802", bm802))
        return done("rejected")
    flows.append(4)
    messages.append(ChainMessage(4, "VECOZO", "CAK", "BM801", data))

    cak = check("cak-bm801", data, label, (3, 4, 5), checks=cak_checks)
    if cak.verdict is Verdict.ERROR:
        return done("error", joined(cak.engine_errors, "; "))
    cak_findings = _errors(cak, (3, 4, 5))
    try:
        # No self-check here: the chain simulates a CAK whose BM802 VECOZO checks (flow 6).
        bm802 = build_bm802(
            data, cak_findings, responder=Responder.RECEIVER, verzenddatum=answered, check=False
        )
    except EIError as exc:  # the CAK cannot write its answer: never an acceptance
        return done("error", reason_of(exc))
    flows.append(5)
    messages.append(ChainMessage(5, "CAK", "VECOZO", "BM802", bm802))

    returned = check("vecozo-bm802", bm802, "flow5-BM802.xml", (3, 4))
    if returned.verdict is Verdict.ERROR:
        return done("error", joined(returned.engine_errors, "; "))
    if not returned.accepted:
        refuse(6, "CAK", returned, _errors(returned, (1, 2, 3, 4)), bm802)
        return done("rejected")
    flows.append(7)
    messages.append(ChainMessage(7, "VECOZO", "zorgkantoor", "BM802", bm802))
    return done("rejected" if cak_findings else "accepted")


def _read_header(data: bytes) -> dict[str, str]:
    """Header values of a message that may be broken (empty when unreadable)."""
    from eistandaard.conventions.vektis.header import header_values
    from eistandaard.core.xml import child

    try:
        root = read_document(data).getroot()
    except EIError:
        return {}
    header = child(root, "Header")
    return header_values(header) if header is not None else {}


def write_messages(result: ChainResult, folder: Path, *, force: bool = False) -> list[Path]:
    """Write every produced message into ``folder``; existing files only with ``force``.

    :raises OutputExistsError: a target exists and ``force`` is false (nothing is written).
    :raises InputError: ``result`` is no ChainResult, or ``folder`` no ``str`` or
        ``pathlib.Path``.
    """
    expect("result", result, ChainResult, "chain-result", optional=False)
    expect("folder", folder, (str, os.PathLike), "folder", optional=False)
    folder = Path(folder)
    targets = [(folder / m.filename, m) for m in result.messages]
    if not force:
        existing = [str(path) for path, _ in targets if path.exists()]
        if existing:
            raise OutputExistsError(said_error("chain-exists", existing=", ".join(existing)))
    folder.mkdir(parents=True, exist_ok=True)
    for path, message in targets:
        path.write_bytes(message.data)
    return [path for path, _ in targets]
