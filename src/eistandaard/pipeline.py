"""The validation pipeline: bytes in, identified message, findings per level, report out.

Levels run in order; a level-1 or level-2 failure stops the pipeline (a message that cannot be
read or does not match its schema is not checked further, as VECOZO does). Any failure of the
engine itself (a schema that does not compile, a stylesheet error, a plug-in that raises) is
recorded in :attr:`Report.engine_errors` and makes the verdict ``error``, never ``accepted``.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

import attrs

from eistandaard.batch import BatchContext
from eistandaard.core import clock, notrun
from eistandaard.core.arguments import expect, expect_items
from eistandaard.core.bounds import DEFAULT_MEMORY, DEFAULT_SECONDS, Bounds
from eistandaard.core.errors import (
    DataError,
    EIError,
    InputError,
    MessageParseError,
    SourceTypeError,
)
from eistandaard.core.findings import Finding, Severity
from eistandaard.core.message import Message
from eistandaard.core.paths import LocationIndex
from eistandaard.core.report import NotRun, Report
from eistandaard.core.text import error_text, quoted
from eistandaard.levels import intake
from eistandaard.levels.checks import Check, entry_point_checks, run_checks
from eistandaard.levels.intake import Limits, Payload
from eistandaard.levels.references import check_references
from eistandaard.levels.relations import saxon
from eistandaard.levels.relations.background import Background
from eistandaard.levels.relations.external import run_rapport_stylesheet
from eistandaard.levels.relations.runner import check_relations
from eistandaard.levels.structure import check_structure, find_schema
from eistandaard.standards import codes
from eistandaard.standards.catalog import Catalog, MessageSpec, default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.inheritance import has_release_file
from eistandaard.standards.registry import load_registry
from eistandaard.standards.wording import joined, reason_of, said_error
from eistandaard.vecozo.limits import DEFAULT_PAYLOAD_LIMIT

if TYPE_CHECKING:  # the VECOZO envelope checks are imported when an envelope is given
    from eistandaard.vecozo.checks import Container
    from eistandaard.vecozo.envelope import Envelope

__all__ = ["Message", "Source", "VecozoCheck", "read_message", "validate"]

Source = bytes | str | Path | BinaryIO
"""What :func:`validate` reads: bytes, a path (``str`` or ``Path``) or a binary stream."""

ALL_LEVELS = (1, 2, 3, 4, 5)


def _is_path(item: object) -> bool:
    return isinstance(item, str | os.PathLike)


def _is_level(item: object) -> bool:
    return isinstance(item, int) and not isinstance(item, bool)


def _refuse_wrong_kinds(
    *,
    name: object,
    schemas: object,
    rules: object,
    checks: object,
    entry_points: object,
    levels: object,
    limits: object,
    catalog: object,
    codelists: object,
    batch: object,
    vecozo_checks: object,
) -> None:
    """:func:`validate`'s keywords of the wrong kind: an ``InputError`` each (never deeper down)."""
    expect("name", name, str, "text")
    expect("schemas", schemas, (str, os.PathLike), "folder")
    expect_items("rules", rules, _is_path, "stylesheets")
    expect_items("checks", checks, callable, "checks")
    expect("entry_points", entry_points, bool, "bool")
    expect_items("levels", levels, _is_level, "levels")
    expect("limits", limits, Limits, "limits")
    expect("catalog", catalog, Catalog, "catalog")
    expect("codelists", codelists, CodeLists, "codelists")
    expect("batch", batch, BatchContext, "batch")
    expect_items("vecozo_checks", vecozo_checks, callable, "envelope-checks")


def validate(
    source: Source | Message,
    *,
    name: str | None = None,
    as_of: dt.date | str | None = None,
    schemas: Path | str | None = None,
    rules: Sequence[Path] = (),
    checks: Sequence[Check] = (),
    entry_points: bool = True,
    levels: Sequence[int] = ALL_LEVELS,
    limits: Limits | None = None,
    catalog: Catalog | None = None,
    codelists: CodeLists | None = None,
    environment: str = "P",
    batch: BatchContext | None = None,
    envelope: Envelope | None = None,
    payload_limit: int = DEFAULT_PAYLOAD_LIMIT,
    vecozo_checks: Sequence[VecozoCheck] = (),
    timeout: float = DEFAULT_SECONDS,
    max_memory: int = DEFAULT_MEMORY,
) -> Report:
    """Check one message at control levels 1-5 and return its :class:`Report`.

    :param source: the message: bytes, a file path, a binary stream (``sys.stdin.buffer``), or a
        :class:`~eistandaard.core.message.Message` from :func:`read_message` (not read again).
    :param name: how the report names the source (default: the path, ``<bytes>``, ``<stdin>``).
    :param as_of: the peildatum for rules that compare with today, a date or ``YYYY-MM-DD``
        text (default: the Message's, or
        today in the Netherlands, :func:`eistandaard.core.clock.today`).
    :param schemas: a folder (path or ``str``) with an external schema release to use instead of
        the bundled XSDs; a folder that cannot be used is an engine error of level 2 that says
        why (it names no option of the command line).
    :param rules: extra stylesheets that emit the iStandaarden rapport (an official release, say);
        their findings are added at level 3.
    :param checks: level-5 checks (callables taking a
    :class:`~eistandaard.levels.checks.ParsedMessage`).
    :param entry_points: also run the checks published in the ``eistandaard.checks`` group.
    :param levels: which of levels 3-5 to run (levels 1 and 2 always run).
    :param limits: size limits for level 1.
    :param catalog: the message catalog (default: the bundled one).
    :param codelists: code lists for level 4 (default: the bundled ones).
    :param environment: the VECOZO environment the message is sent to, ``P`` (production) or
        ``T`` (test); Vektis messages must carry the matching Berichtsoort (rule 8028).
    :param batch: the batch this message belongs to (:class:`~eistandaard.batch.BatchContext`):
        the cross-message uniqueness rules (TR056, TR314, TR333, Referentienummer) then check
        it against the earlier messages of the batch too. Without one, only within the message.
        :func:`~eistandaard.batch.validate_batch` does this for a list of sources.
    :param envelope: the VECOZO metadata the message travels with: its reception checks
        (CC01-CC12, BRS24/26/30, the REST contract) run at level 1 (:mod:`eistandaard.vecozo`).
    :param payload_limit: CC03's size limit in bytes (default 25,000,000).
    :param vecozo_checks: checks that need the envelope (a party registry at level 4, a ledger
        at level 5): callables ``(message, envelope) -> findings``; they run only with an
        envelope.
    :param timeout: seconds one stylesheet run (level 3, bundled or ``rules``) or one level-5
        check may take (default 60); past it the run is stopped and the verdict is ``error``.
    :param max_memory: bytes a stylesheet run or the level-5 checks may allocate (default
        2 GiB; see :mod:`eistandaard.core.bounds`); past it the verdict is ``error``.
    :raises InputError: for an unknown ``environment`` or a bound that is not positive.

    The report's :attr:`~eistandaard.core.report.Report.message` is the parsed message (when it
    could be identified): the return and explain engines take it instead of reading the source
    again. The report's ``not_run`` and ``notes`` name every rule of the levels that ran which
    did not run for want of data (earlier messages, the receiver's data, a code list nobody
    supplied), or ran only across the batch.

    :raises SourceError: XML given as ``str`` (pass bytes, or a path).
    :raises SourceNotFoundError: the path names no file.
    :raises SourceTypeError: a stream in text mode, or a source of another type.
    :raises InputError: ``environment`` is neither ``P`` nor ``T``; ``as_of`` is neither a date
        nor ``YYYY-MM-DD`` text (:func:`eistandaard.core.clock.peildatum`); ``levels`` names a
        level other than 1-5; any other keyword of the wrong kind (``codelists="WJ001.csv"``,
        ``levels=3``, ``rules="a.xsl"``: :mod:`eistandaard.core.arguments`), never an
        ``AttributeError`` or ``TypeError``.

    >>> report = validate(b"")
    >>> report.verdict.value, report.codes
    ('rejected', ['EI100'])
    """
    _refuse_wrong_kinds(
        name=name,
        schemas=schemas,
        rules=rules,
        checks=checks,
        entry_points=entry_points,
        levels=levels,
        limits=limits,
        catalog=catalog,
        codelists=codelists,
        batch=batch,
        vecozo_checks=vecozo_checks,
    )
    schemas = Path(schemas) if schemas is not None else None
    if environment not in ("P", "T"):
        raise InputError(said_error("validate-environment", environment=quoted(environment)))
    as_of = clock.peildatum(as_of)
    unknown = [level for level in levels if level not in ALL_LEVELS]
    if unknown:  # a typo would silently skip levels 3-5 and read as a pass
        raise InputError(said_error("validate-levels", all_levels=ALL_LEVELS, unknown=unknown))
    try:
        bounds = Bounds(seconds=timeout, memory=max_memory)
    except (TypeError, ValueError) as exc:
        raise InputError(reason_of(exc)) from exc
    if 3 in levels:
        saxon.warm_up(bounds)  # the rule engine starts while levels 1-2 run
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if isinstance(source, Message):
        message = source if as_of is None else source.with_as_of(as_of)
        container = None
        if envelope is not None:
            from eistandaard.vecozo.checks import inspect_container

            container = inspect_container(message.data)
        timings["level1"] = 0.0
        base = Report(
            source=name or message.name,
            as_of=message.as_of,
            environment=environment,
            timings=timings,
        )
    else:
        peildatum = as_of or clock.today()
        container = None
        if envelope is not None:
            source, container = _container(source, limits or Limits())
        payload = _read(source, name=name, limits=limits or Limits())
        timings["level1"] = time.perf_counter() - started
        base = Report(
            source=payload.name, as_of=peildatum, environment=environment, timings=timings
        )
        gate = _Gate(envelope, container, payload_limit)
        identified = _identify(payload, catalog or default_catalog(), peildatum)
        if isinstance(identified, tuple):
            findings, failed = identified
            extra, envelope_failed = gate.check(None, None) if findings is not None else ((), ())
            return _evolve(
                base,
                findings=(*(findings or ()), *extra),
                engine_errors=(*failed, *envelope_failed),
                levels_run=(1,),
            )
        message = identified
    return _check(
        message,
        _evolve(
            base,
            identity=message.identity,
            schema_version=_schema_used(message.spec, schemas),
            message=message,
            digest=message.digest,
        ),
        _Options(
            schemas=schemas,
            rules=rules,
            checks=checks,
            entry_points=entry_points,
            levels=levels,
            codelists=codelists,
            environment=environment,
            batch=batch,
            envelope=envelope,
            vecozo_checks=vecozo_checks,
            bounds=bounds,
        ),
        _Gate(envelope, container, payload_limit),
    )


def read_message(
    source: Source,
    *,
    name: str | None = None,
    as_of: dt.date | str | None = None,
    limits: Limits | None = None,
    catalog: Catalog | None = None,
) -> Message:
    """Read, clean, parse and identify one message (level 1 and the catalog), without checking it.

    The :class:`Message` can be passed to :func:`validate` and to the return and explain
    engines, which then neither read nor parse the source again.

    :param source: bytes, a path or a binary stream (as :func:`validate` takes).
    :param name: how reports name the source.
    :param as_of: the peildatum (default: today in the Netherlands).
    :raises InputError: the source does not pass level 1 (its finding codes are named) or is
        no message of a supported standard; ``as_of`` is no date (as :func:`validate`).
    :raises InputError: ``name``, ``limits`` or ``catalog`` of the wrong kind
        (:mod:`eistandaard.core.arguments`).
    :raises DataError: the catalog cannot be loaded.

    >>> read_message(b"<a/>")
    Traceback (most recent call last):
    ...
    eistandaard.core.errors.InputError: <bytes> is no message of a supported EI standard (EI120)
    """
    as_of = clock.peildatum(as_of)
    expect("name", name, str, "text")
    expect("limits", limits, Limits, "limits")
    expect("catalog", catalog, Catalog, "catalog")
    payload = _read(source, name=name, limits=limits or Limits())
    identified = _identify(payload, catalog or default_catalog(), as_of or clock.today())
    if isinstance(identified, Message):
        return identified
    findings, failed = identified
    if failed:
        raise DataError(joined(failed, "; "))
    if findings and findings[0].code in ("EI120", "EI121", "EI122"):
        raise InputError(
            said_error("validate-not-ei", payload_name=payload.name, findings_code=findings[0].code)
        )
    codes_seen = ", ".join(f.code for f in findings or ()) or said_error(
        "validate-unreadable-no-codes"
    )
    raise InputError(
        said_error("validate-unreadable", payload_name=payload.name, codes_seen=codes_seen)
    )


def _identify(
    payload: Payload, catalog: Catalog, as_of: dt.date
) -> Message | tuple[tuple[Finding, ...] | None, tuple[str, ...]]:
    """The Message of a payload, or why there is none: (findings, engine errors).

    Findings ``None`` means the catalog failed (no envelope checks then, as before).
    """
    if payload.findings or payload.tree is None or payload.data is None:
        return payload.findings, ()
    root = payload.tree.getroot()
    try:
        spec = catalog.identify(root)
        if spec is None:
            return (_unsupported(payload, catalog),), ()
    except EIError as exc:
        return None, (said_error("engine-catalog", error=exc),)
    return Message(
        spec=spec,
        identity=spec.identity(root),
        data=payload.data,
        tree=payload.tree,
        as_of=as_of,
        name=payload.name,
    )


def _tupled(items: Iterable[Any]) -> tuple[Any, ...]:
    """What the caller gave as any sequence, kept as a tuple (attrs converter)."""
    return tuple(items)


@attrs.frozen
class _Options:
    """What :func:`validate` was asked to run, beyond the message."""

    schemas: Path | None
    rules: tuple[Path, ...] = attrs.field(converter=_tupled)
    checks: tuple[Check, ...] = attrs.field(converter=_tupled)
    entry_points: bool
    levels: tuple[int, ...] = attrs.field(converter=_tupled)
    codelists: CodeLists | None
    environment: str
    batch: BatchContext | None
    envelope: Envelope | None
    vecozo_checks: tuple[VecozoCheck, ...] = attrs.field(converter=_tupled)
    bounds: Bounds


@attrs.frozen
class _Gate:
    """The VECOZO reception checks of the envelope (CC/BRS), when there is an envelope."""

    envelope: Envelope | None
    container: Container | None
    limit: int

    def check(
        self, spec: MessageSpec | None, root: Any
    ) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        if self.envelope is None:
            return (), ()
        from eistandaard.vecozo.checks import check_envelope

        try:
            found = check_envelope(
                self.envelope, container=self.container, spec=spec, root=root, limit=self.limit
            )
        except Exception as exc:  # fail closed: a failing envelope check is never a pass
            return (), (said_error("engine-envelope", error=error_text(exc)),)
        return tuple(found), ()


class _Run:
    """The findings, engine errors, notes and levels of one run of levels 2-5."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.findings: list[Finding] = []
        self.engine_errors: list[str] = []
        self.notes: list[str] = []
        self.levels_run: list[int] = [1]

    def step(self, level: int, action: Callable[[], Iterable[Finding]]) -> bool:
        """Run one engine step; any failure is an engine error (fail closed), never a pass."""
        began = time.perf_counter()
        try:
            produced = list(action())
        except (EIError, OSError) as exc:
            self.engine_errors.append(said_error("engine-level", level=level, error=exc))
            return False
        except Exception as exc:  # fail closed: an unexpected engine failure is never a pass
            self.engine_errors.append(
                said_error("engine-level-unexpected", level=level, error=error_text(exc))
            )
            return False
        finally:
            key = f"level{level}"
            self.timings[key] = self.timings.get(key, 0.0) + (time.perf_counter() - began)
        self.findings.extend(produced)
        if level not in self.levels_run:
            self.levels_run.append(level)
        return True

    def passed(self, level: int) -> bool:
        """The level ran and found no error."""
        return level in self.levels_run and not any(
            f.severity is Severity.ERROR for f in self.findings if f.level == level
        )


def _check(message: Message, base: Report, options: _Options, gate: _Gate) -> Report:
    """Levels 2-5 (and the envelope's checks) on an identified message."""
    spec = message.spec
    run = _Run(dict(base.timings))
    envelope_found, envelope_failed = gate.check(spec, message.root)
    run.findings.extend(envelope_found)
    run.engine_errors.extend(envelope_failed)
    run.step(
        2,
        lambda: check_structure(
            spec,
            message.tree,
            schemas_dir=options.schemas,
            index=message.index,
            vecozo_overrides=spec.release.vecozo,
        ),
    )
    rules_version: str | None = None
    missing: set[str] = set()
    covered: frozenset[str] = frozenset()
    if run.passed(2):
        # Level 3 waits on the SaxonC worker in a thread while level 4 runs here; the results
        # are taken in the usual order (levels/relations/background.py).
        level3 = Background(lambda: _relations(message, options)) if 3 in options.levels else None
        level4: Background[list[Finding]] | None = None
        if 4 in options.levels:
            lists = (options.codelists or CodeLists()).fresh()
            try:
                level4 = Background.here(
                    lambda: check_references(spec, message.tree, as_of=message.as_of, lists=lists)
                )
            except BaseException:  # Ctrl-C during level 4: level 3 is not left running
                if level3 is not None:
                    level3.cancel()
                raise
            missing = lists.missing
        if level3 is not None:
            rules_version = _rules_version(spec, options.rules)
            found3 = level3.result  # waits for the thread; raises what level 3 raised
            run.step(3, lambda: [_with_lines(f, message.index) for f in found3()])
            run.timings["level3"] = level3.seconds
        if level4 is not None:
            run.step(4, level4.result)
            run.timings["level4"] = level4.seconds
        try:
            run.notes.extend(_vektis_short_circuit(spec, run.findings))
        except EIError as exc:  # fail closed: a broken class model is an engine error
            run.engine_errors.append(said_error("engine-short-circuit", error=exc))
        if 5 in options.levels:
            covered = _level5(message, options, run)
    skipped = _skipped(message, run, missing, covered)
    if options.envelope is not None and options.vecozo_checks:
        # VECOZO runs its registry and uniqueness checks at reception, before the XSD: they
        # run on every identified message, valid or not, and leave levels_run alone (which
        # says whether the message's own levels ran in full).
        for vecozo_check in options.vecozo_checks:
            if getattr(vecozo_check, "level", 5) in options.levels:
                run.findings.extend(
                    _run_vecozo(vecozo_check, message, options.envelope, run.engine_errors)
                )
    return _evolve(
        base,
        findings=tuple(sorted(run.findings, key=lambda f: f.level)),
        engine_errors=tuple(run.engine_errors),
        rules_version=rules_version,
        levels_run=tuple(run.levels_run),
        notes=tuple(run.notes),
        not_run=skipped,
        timings=run.timings,
    )


def _level5(message: Message, options: _Options, run: _Run) -> frozenset[str]:
    """Batch uniqueness and the plug-ins; returns the rules the plug-ins cover."""
    context = options.batch if options.batch is not None else BatchContext()
    unique_ok = run.step(5, lambda: context.check(message.spec, message.tree, message.name))
    level5: list[Check] = []

    def plugins() -> list[Finding]:
        level5.extend(_all_checks(options.checks, options.entry_points))  # may raise: guarded
        return list(run_checks(message, level5, bounds=options.bounds))

    checks_ok = run.step(5, plugins)
    if 5 in run.levels_run and not (unique_ok and checks_ok):
        run.levels_run.remove(5)  # a level counts as run only when all of it ran
    return notrun.covered_rules(level5)


def _skipped(
    message: Message, run: _Run, missing: set[str], covered: frozenset[str]
) -> tuple[NotRun, ...]:
    """The rules of the levels that ran which did not run; their notes go into ``run``."""
    if len(run.levels_run) <= 1:
        return ()
    skipped: tuple[NotRun, ...] = ()
    try:
        skipped = notrun.not_run(
            message.spec,
            as_of=message.as_of,
            levels_run=run.levels_run,
            missing_lists=missing,
            covered=covered,
        )
    except (EIError, OSError) as exc:
        run.engine_errors.append(said_error("engine-not-run", error=exc))
    run.notes.extend(notrun.notes(skipped))
    return skipped


class VecozoCheck(Protocol):
    """A check that needs the envelope: ``check(message, envelope) -> findings``.

    ``level`` (4 or 5) says at which control level it runs; the party registry and the ledger
    of :mod:`eistandaard.vecozo` are such checks.
    """

    @property
    def level(self) -> int:
        """The control level (4 or 5) the check runs at."""
        ...

    def __call__(self, message: Message, envelope: Envelope, /) -> Iterable[Finding]:
        """Return the findings for ``message`` travelling in ``envelope``."""
        ...


def _container(source: Source, limits: Limits) -> tuple[Source, Container]:
    """The payload as VECOZO receives it (size, ZIP members), for CC01/CC03.

    A stream is read as level 1 reads it, at most one byte past ``limits.max_bytes`` (level 1
    then says EI101); a path is opened without blocking (a FIFO or device is left to level 1).
    """
    from eistandaard.vecozo.checks import Container, inspect_container, inspect_path

    if isinstance(source, bytes | bytearray):
        return source, inspect_container(bytes(source))
    if isinstance(source, str | Path):
        try:
            return source, inspect_path(Path(source))
        except OSError:  # the intake reports an unreadable file itself
            return source, Container(size=0, is_zip=False)
    if hasattr(source, "read"):
        wanted = limits.max_bytes + 1
        parts: list[bytes] = []
        while wanted > 0:  # a pipe may give less than asked: read until the end or the bound
            chunk = source.read(wanted)
            if not isinstance(chunk, bytes | bytearray):
                raise SourceTypeError(said_error("validate-text-stream"))
            if not chunk:
                break
            parts.append(bytes(chunk))
            wanted -= len(chunk)
        data = b"".join(parts)
        return data, inspect_container(data)
    return source, Container(size=0, is_zip=False)


def _run_vecozo(
    check: VecozoCheck, message: Message, envelope: Envelope, engine_errors: list[str]
) -> list[Finding]:
    """Run one envelope check; any failure is an engine error (fail closed), never a pass."""
    try:
        produced = list(check(message, envelope))
    except Exception as exc:
        engine_errors.append(said_error("engine-level", level=check.level, error=error_text(exc)))
        return []
    if not all(isinstance(item, Finding) for item in produced):
        engine_errors.append(said_error("engine-vecozo-other", level=check.level))
        return []
    return produced


def _vektis_short_circuit(spec: MessageSpec, findings: list[Finding]) -> list[str]:
    """Vektis messages (a class model in ``rbc/``): a rejected top class stops levels 3-4 below.

    Removes those findings from ``findings`` in place; returns the note to report, if any.

    :raises DataError: the class model is malformed.
    """
    if spec.release.convention != "vektis" or not has_release_file(
        spec.family, spec.release.release, "classes.toml"
    ):
        return []
    # Vektis only: an iStandaarden run does not import the Vektis conventions
    from eistandaard.conventions.vektis.classes import ClassModel
    from eistandaard.conventions.vektis.short_circuit import (
        apply_short_circuit,
        rejected_top_classes,
    )

    model = ClassModel.for_release(spec.family, spec.release.release)
    rejected = rejected_top_classes(findings, model)
    if not rejected:
        return []
    findings[:] = apply_short_circuit(findings, model)
    return [notrun.reason_text("short-circuit", list=", ".join(rejected))]


def _read(source: Source, *, name: str | None, limits: Limits) -> Payload:
    if isinstance(source, bytes | bytearray | memoryview):
        return intake.read_bytes(bytes(source), name=name or "<bytes>", limits=limits)
    if isinstance(source, str | Path):
        path = intake.source_path(source)
        payload = intake.read_path(path, limits=limits)
        return payload if name is None else _renamed(payload, name)
    if isinstance(source, io.TextIOBase):
        raise SourceTypeError(said_error("validate-text-stream"))
    if hasattr(source, "read"):
        return intake.read_stream(source, name=name or "<stream>", limits=limits)
    raise SourceTypeError(said_error("validate-source-type", type=type(source).__name__))


def _renamed(payload: Payload, name: str) -> Payload:
    return attrs.evolve(payload, name=name)


def _unsupported(payload: Payload, catalog: Catalog) -> Finding:
    """EI121/EI122 for a document the catalog recognises but does not check, else EI120."""
    assert payload.tree is not None  # checked by the caller
    root = payload.tree.getroot()
    recognised = catalog.recognise(root)
    if recognised is not None:
        return recognised.finding()
    return codes.finding("EI120", detail="root", values={"root": root.tag})


def _relations(message: Message, options: _Options) -> list[Finding]:
    spec, data, as_of, bounds = message.spec, message.data, message.as_of, options.bounds
    produced: list[Finding] = []
    try:
        if spec.rules is not None:
            produced.extend(
                check_relations(
                    spec, data, as_of=as_of, environment=options.environment, bounds=bounds
                )
            )
        if options.rules:
            # Codes an external (official) set shares with ours get our registry's class and texts.
            registry = load_registry(spec.family, spec.release.release)
            for stylesheet in options.rules:
                produced.extend(
                    run_rapport_stylesheet(
                        stylesheet, data, as_of=as_of, registry=registry, bounds=bounds
                    )
                )
    except MessageParseError as exc:
        # One reading of the bytes: what Saxon's parser refuses is unreadable input (level 1).
        return [codes.finding("EI132", detail="saxon", values={"problem": exc})]
    return produced  # their lines are added in the pipeline's thread (_with_lines)


def _with_lines(finding: Finding, index: LocationIndex) -> Finding:
    if not finding.locations or all(loc.line is not None for loc in finding.locations):
        return finding
    located = tuple(
        index.locate(loc.xpath) if loc.xpath and loc.line is None else loc
        for loc in finding.locations
    )
    return finding.with_locations(located)


def _rules_version(spec: MessageSpec, rules: Sequence[Path]) -> str:
    parts = [spec.release.rules_version or spec.release.key] if spec.rules else []
    parts.extend(str(path) for path in rules)
    return " + ".join(parts) if parts else "none"


def _all_checks(checks: Sequence[Check], entry_points: bool) -> list[Check]:
    found = list(checks)
    if entry_points:
        found.extend(check for _, check in _published_checks())
    return found


@functools.cache
def _published_checks() -> tuple[tuple[str, Check], ...]:
    # Scanning the installed distributions takes milliseconds: do it once per process. A
    # plug-in that cannot be loaded raises every time (exceptions are not cached).
    return tuple(entry_point_checks())


def _evolve(report: Report, **changes: Any) -> Report:
    return attrs.evolve(report, **changes)


def _schema_used(spec: MessageSpec, schemas: Path | None) -> str:
    """What the report names as the schema: the bundled release, or the external file used."""
    if schemas is None:
        return spec.release.key
    try:
        return str(find_schema(spec, schemas))
    except EIError:
        return str(schemas)  # level 2 reports why no schema could be used
