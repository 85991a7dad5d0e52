"""VECOZO's reception checks on the envelope, run offline (control level 1).

Each check gives a :class:`~eistandaard.core.findings.Finding` whose code is VECOZO's own (texts in
``rbc/vecozo/codes.toml``): CC01/BRS16 (one file in a ZIP), CC03/BRS06 (size), CC04 (UUID v4),
CC05 (request: conversatieId = traceerId), CC06 (application data), CC12 (answer: alsAntwoordOp),
BRS24 (the stream of the message), BRS26 (payload sender/receiver = routing), BRS30 (an
addressee) and EV001 (the REST push contract: required fields, lengths, ranges).
Wmo/Jw messages get the CC codes, the other families the BRS code of the same rule.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs
from lxml import etree

from eistandaard.core.arguments import expect
from eistandaard.core.findings import Finding, Location
from eistandaard.core.text import quoted
from eistandaard.core.xml import text_at
from eistandaard.levels.intake import open_regular
from eistandaard.standards.catalog import MessageSpec
from eistandaard.vecozo.data import family_rules, metadata_schema, streams, vecozo_finding
from eistandaard.vecozo.envelope import Envelope, is_uuid4
from eistandaard.vecozo.limits import DEFAULT_PAYLOAD_LIMIT

__all__ = [
    "DEFAULT_PAYLOAD_LIMIT",
    "Container",
    "check_envelope",
    "check_stream",
    "inspect_container",
    "inspect_path",
    "not_a_zip",
    "payload_text",
]

APPLICATION_KEYS = ("Applicatie", "ApplicatieVersie", "ApplicatieSubversie")
"""The verwerkingscontext keys CC06 asks for."""


@attrs.frozen
class Container:
    """What the payload looks like from outside: a ZIP (with its members) or a bare file.

    :param size: bytes of the payload as given.
    :param is_zip: True for a ZIP archive (readable or not).
    :param members: ``(name, unpacked size)`` of each file member; folders count too (as names
        ending in ``/``).
    :param readable: False when the ZIP cannot be read at all.
    """

    size: int
    is_zip: bool
    members: tuple[tuple[str, int], ...] = ()
    readable: bool = True


def inspect_container(data: bytes, name: str = "") -> Container:
    """Look at the payload bytes: size, ZIP or not, and the ZIP's members.

    :raises InputError: ``data`` is no bytes, or ``name`` no text.
    """
    expect("data", data, (bytes, bytearray), "bytes", optional=False)
    expect("name", name, str, "text", optional=False)
    is_zip = data.startswith((b"PK\x03\x04", b"PK\x05\x06")) or name.lower().endswith(".zip")
    if not is_zip:
        return Container(size=len(data), is_zip=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = tuple((info.filename, info.file_size) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return Container(size=len(data), is_zip=True, readable=False)
    return Container(size=len(data), is_zip=True, members=members)


def inspect_path(path: Path) -> Container:
    """Like :func:`inspect_container` for a file, without reading a large one into memory.

    :raises OSError: when the file cannot be read or is not a regular file.
    """
    # Opened as level 1 opens a file: never blocking, a FIFO, device or folder refused (OSError).
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(4)
        if not (head.startswith((b"PK\x03\x04", b"PK\x05\x06")) or path.suffix.lower() == ".zip"):
            return Container(size=size, is_zip=False)
        handle.seek(0)
        try:
            with zipfile.ZipFile(handle) as archive:
                members = tuple((info.filename, info.file_size) for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
            return Container(size=size, is_zip=True, readable=False)
    return Container(size=size, is_zip=True, members=members)


def check_envelope(
    envelope: Envelope,
    *,
    container: Container | None = None,
    spec: MessageSpec | None = None,
    root: etree._Element | None = None,
    limit: int = DEFAULT_PAYLOAD_LIMIT,
    expect_zip: bool = False,
) -> list[Finding]:
    """All offline envelope checks of one message.

    :param envelope: the metadata.
    :param container: the payload as given (``None``: not known; CC01/CC03 do not run).
    :param spec: the message, when the payload was identified (its family decides CC or BRS
        codes; without it, the family is taken from the envelope's berichtsubtype).
    :param root: the parsed payload (BRS26 compares its sender and receiver).
    :param limit: CC03's limit in bytes (default 25,000,000).
    :param expect_zip: the payload is what is sent, so it must be a ZIP (``ei envelope check``);
        otherwise a bare XML is the message before packing and CC01 does not apply.
    :returns: findings at level 1, in a stable order.
    :raises InputError: an argument of the wrong kind.
    """
    expect("envelope", envelope, Envelope, "envelope", optional=False)
    expect("container", container, Container, "container")
    expect("spec", spec, MessageSpec, "spec")
    expect("root", root, etree._Element, "xml-element")
    expect("limit", limit, int, "whole-number", optional=False)
    family = spec.family if spec is not None else _family_of(envelope)
    wmojw = _wmojw(family)

    def pick(cc: str, brs: str) -> str:
        """The code of the WMO/JW checks (CC) or, for another family, of the BRS."""
        return cc if wmojw else brs

    findings: list[Finding] = []
    findings.extend(_contract(envelope))
    if container is not None:
        findings.extend(_container(container, pick, limit, expect_zip))
    answer = spec.direction == "retour" if spec is not None else _is_answer(envelope)
    refs = envelope.referenties
    bad_ids: list[tuple[str, Mapping[str, object]]] = []
    if not is_uuid4(refs.traceer_id):
        bad_ids.append(("not-uuid", {"name": "traceerId", "value": quoted(refs.traceer_id)}))
    if answer and not is_uuid4(refs.conversatie_id):
        bad_ids.append(
            ("not-uuid", {"name": "conversatieId", "value": quoted(refs.conversatie_id)})
        )
    if bad_ids:
        findings.append(vecozo_finding("CC04", parts=bad_ids))
    if wmojw is not False:
        if not answer and refs.conversatie_id != refs.traceer_id:
            ids = {"conversatie": quoted(refs.conversatie_id), "traceer": quoted(refs.traceer_id)}
            findings.append(vecozo_finding("CC05", parts=[("differ", ids)]))
        findings.extend(_application(envelope))
        if answer and not is_uuid4(refs.als_antwoord_op):
            value = {"value": quoted(refs.als_antwoord_op)}
            findings.append(vecozo_finding("CC12", parts=[("not-uuid", value)]))
    if not envelope.geadresseerden:
        findings.append(vecozo_finding("BRS30"))
    if spec is not None:
        findings.extend(_stream(envelope, spec))
        if root is not None:
            findings.extend(_parties(envelope, spec, root))
    return findings


def not_a_zip(envelope: Envelope, family: str | None = None) -> Finding:
    """CC01 (Wmo/Jw) or BRS16 (other families) for a payload that is sent without a ZIP."""
    wmojw = _wmojw(family if family is not None else _family_of(envelope))
    return vecozo_finding("BRS16" if wmojw is False else "CC01", parts=[("not-zip", {})])


def _family_of(envelope: Envelope) -> str | None:
    subtype = envelope.berichtstroom.berichtsubtype
    found = streams().get(subtype) if subtype else None
    return found.family if found is not None else None


def _wmojw(family: str | None) -> bool | None:
    if family is None:
        return None
    try:
        return family_rules(family).wmojw
    except Exception:  # a family without VECOZO data: the generic (BRS) codes
        return False


def _is_answer(envelope: Envelope) -> bool:
    subtype = envelope.berichtstroom.berichtsubtype
    known = streams().get(subtype) if subtype else None
    if known is not None:
        return known.actie.endswith("Antwoord")
    return envelope.referenties.als_antwoord_op is not None


def _contract(envelope: Envelope) -> list[Finding]:
    import jsonschema  # only with an envelope: ``ei validate`` of messages does not load it

    data = envelope.raw if envelope.raw is not None else envelope.to_json()
    validator = jsonschema.Draft202012Validator(
        metadata_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not problems:
        return []
    parts = [
        (
            "field" if problem.absolute_path else "top",
            {"path": "/".join(str(p) for p in problem.absolute_path), "problem": problem.message},
        )
        for problem in problems[:10]
    ]
    return [vecozo_finding("EV001", parts=parts)]


def _container(
    container: Container, pick: Callable[[str, str], str], limit: int, expect_zip: bool
) -> list[Finding]:
    found: list[Finding] = []
    one_file = pick("CC01", "BRS16")
    if container.is_zip:
        files = [name for name, _ in container.members]
        folders = [n for n in files if n.endswith("/") or "/" in n or "\\" in n]
        if not container.readable:
            found.append(vecozo_finding(one_file, parts=[("unreadable", {})]))
        elif len(files) != 1 or folders:
            shown = ", ".join(quoted(n) for n in files[:5])
            members = ("members", {"count": len(files), "names": shown}) if files else ("empty", {})
            found.append(vecozo_finding(one_file, parts=[members]))
    elif expect_zip:
        found.append(vecozo_finding(one_file, parts=[("not-zip", {})]))
    over: list[tuple[str, Mapping[str, object]]] = []
    if container.size > limit:
        # "more than LIMIT", as EI101: a payload from stdin is read only one byte past the maximum,
        # so its size is not known; every reader gives the same wording.
        over.append(("payload", {"limit": limit}))
    over.extend(
        ("member", {"member": quoted(name), "size": size})
        for name, size in container.members
        if size > limit
    )
    if over:
        found.append(vecozo_finding(pick("CC03", "BRS06"), parts=over, values={"limit": limit}))
    return found


def _application(envelope: Envelope) -> list[Finding]:
    context = envelope.verwerkingscontext
    problems: list[tuple[str, Mapping[str, object]]] = []
    for key in APPLICATION_KEYS:
        value = context.get(key) if context is not None else None
        if value is None or not value.strip():
            problems.append(("missing", {"key": key}))
        elif key != "Applicatie" and not value.strip().isdigit():
            problems.append(("not-number", {"key": key, "value": quoted(value)}))
    if not problems:
        return []
    return [vecozo_finding("CC06", parts=problems)]


def _stream(envelope: Envelope, spec: MessageSpec) -> list[Finding]:
    """BRS24: the berichtstroom is not that of the message (another message's META.json)."""
    expected = streams().get(spec.name)
    stroom = envelope.berichtstroom
    if expected is None:
        return []
    wrong: list[tuple[str, Mapping[str, object]]] = [
        (
            "field",
            {
                "message": spec.name,
                "field": field,
                "found": quoted(getattr(stroom, field)),
                "expected": quoted(getattr(expected, field)),
            },
        )
        for field in ("berichttype", "berichtsubtype", "actie")
        if getattr(stroom, field) is not None and getattr(stroom, field) != getattr(expected, field)
    ]
    if not wrong:
        return []
    return [vecozo_finding("BRS24", parts=wrong)]


check_stream = _stream


def _parties(envelope: Envelope, spec: MessageSpec, root: etree._Element) -> list[Finding]:
    try:
        rules = family_rules(spec.family)
    except Exception:  # no VECOZO data for this family: nothing to compare
        return []
    sender = payload_text(root, rules.sender)
    receiver = payload_text(root, rules.receiver)
    problems: list[tuple[str, Mapping[str, object]]] = []
    locations: list[Location] = []
    if sender is not None and envelope.afzender.code != sender:
        problems.append(
            ("sender", {"payload": quoted(sender), "routing": quoted(envelope.afzender.code)})
        )
        locations.append(Location(xpath="/" + "/".join(["Bericht", rules.sender])))
    codes = [g.code for g in envelope.geadresseerden]
    if receiver is not None and codes and codes != [receiver]:
        problems.append(("receiver", {"payload": quoted(receiver), "routing": quoted(codes)}))
        locations.append(Location(xpath="/" + "/".join(["Bericht", rules.receiver])))
    if not problems:
        return []
    return [vecozo_finding("BRS26", parts=problems, locations=locations)]


payload_text = text_at
"""Text of the first element on a local-name path below ``root`` (``None`` if absent)."""
