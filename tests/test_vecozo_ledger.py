"""The message ledger, run against SQLite and (when a server is reachable) PostgreSQL.

PostgreSQL: set ``EISTANDAARD_TEST_POSTGRES_URL`` (``.ci/run`` starts a throw-away server and
sets it); without it, or when the server cannot be reached, those cases skip.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.core.errors import InputError
from eistandaard.vecozo import build_answer, build_request, parse_payload
from eistandaard.vecozo.build import ParsedPayload
from eistandaard.vecozo.envelope import Envelope
from eistandaard.vecozo.ledger import (
    Ledger,
    LedgerCheck,
    LedgerConflict,
    LedgerError,
    Record,
    open_ledger,
    record_for,
)
from eistandaard.vecozo.ledger.sql import migrations

POSTGRES_ENV = "EISTANDAARD_TEST_POSTGRES_URL"
WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
WMO325 = FIXTURES / "iwmo/3.2/WMO325/valid/basis.xml"
JW323 = sorted((FIXTURES / "ijw/3.2/JW323/valid").glob("*.xml"))[0]
GDS801 = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
GDS802 = FIXTURES / "gds/1.0/GDS802/valid/insurer-partly-granted.xml"
BM801 = FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"
BM802 = FIXTURES / "bm/2.0/BM802/valid/cak-fully-accepted.xml"
DAY = dt.date(2025, 4, 2)


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server for this run")
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute("DROP TABLE IF EXISTS ledger_messages, ledger_schema CASCADE")
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc}")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty ledger URL of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    return _postgres_url()


@pytest.fixture
def ledger(url: str) -> Iterator[Ledger]:
    """An open, migrated ledger (closed after the test)."""
    opened = open_ledger(url)
    yield opened
    opened.close()


def _parsed(path: Path, *replace: tuple[bytes, bytes]) -> ParsedPayload:
    data = path.read_bytes()
    for old, new in replace:
        data = data.replace(old, new)
    return parse_payload(data)


def _record(parsed: ParsedPayload, envelope: Envelope, day: dt.date = DAY) -> Record:
    return record_for(parsed.spec, parsed.root, parsed.data, envelope, sent_on=day)


def _request(
    ledger: Ledger, path: Path = WMO323, day: dt.date = DAY
) -> tuple[ParsedPayload, Envelope]:
    parsed = _parsed(path)
    envelope = build_request(parsed)
    ledger.add(_record(parsed, envelope, day))
    return parsed, envelope


def test_a_used_traceer_id_is_refused_with_cc08(ledger: Ledger) -> None:
    """Recording a second message with a used traceerId fails with CC08 (Wmo/Jw)."""
    parsed, envelope = _request(ledger)
    with pytest.raises(LedgerConflict) as refused:
        ledger.add(_record(parsed, envelope))
    assert refused.value.code == "CC08"
    assert len(ledger.messages()) == 1


def test_a_used_traceer_id_is_brs114_outside_wmo_jw(ledger: Ledger) -> None:
    """For GDS the same rule has VECOZO's generic code BRS114."""
    parsed, envelope = _request(ledger, GDS801)
    with pytest.raises(LedgerConflict) as refused:
        ledger.add(_record(parsed, envelope))
    assert refused.value.code == "BRS114"


def test_a_request_reusing_a_conversatie_id_is_refused(ledger: Ledger) -> None:
    """A request's conversatieId is unique too (CC08), even under a new traceerId."""
    _, envelope = _request(ledger)
    other = _parsed(WMO323, (b"FIX0001", b"FIX0002"), (b"D0001", b"D0002"))
    reused = attrs.evolve(
        build_request(other),
        referenties=attrs.evolve(
            build_request(other).referenties, conversatie_id=envelope.referenties.conversatie_id
        ),
    )
    with pytest.raises(LedgerConflict) as refused:
        ledger.add(_record(other, reused))
    assert refused.value.code == "CC08"


def test_a_used_bericht_identificatie_is_refused_with_brs20(ledger: Ledger) -> None:
    """The same Identificatie from the same sender for the same message type: BRS20."""
    _request(ledger)
    again = _parsed(WMO323, (b"D0001", b"D0002"))
    with pytest.raises(LedgerConflict) as refused:
        ledger.add(_record(again, build_request(again)))
    assert refused.value.code == "BRS20"


def test_a_used_declaratie_nummer_is_refused_with_tr333(ledger: Ledger) -> None:
    """A new Identificatie but a used DeclaratieNummer (same provider, same domain): TR333."""
    _request(ledger)
    again = _parsed(WMO323, (b"FIX0001", b"FIX0002"))
    with pytest.raises(LedgerConflict) as refused:
        ledger.add(_record(again, build_request(again)))
    assert refused.value.code == "TR333"


def test_the_same_declaratie_nummer_in_another_domain_is_fine(ledger: Ledger) -> None:
    """TR333 is per legal domain: a JW323 may reuse a WMO323's DeclaratieNummer."""
    _request(ledger)
    jw = _parsed(JW323)
    ledger.add(_record(jw, build_request(jw)))
    assert len(ledger.messages()) == 2


def test_a_second_answer_is_refused_with_cc11_unless_the_first_was_rejected(
    ledger: Ledger,
) -> None:
    """One answer per request; an answer VECOZO rejected does not count (CC11)."""
    _, heen = _request(ledger)
    answer = _parsed(WMO325)
    first = build_answer(answer, heen)
    link = ledger.add(_record(answer, first))
    assert link is not None
    assert link.request == heen.traceer_id
    second_payload = _parsed(WMO325, (b"ANT0001", b"ANT0002"))
    second = build_answer(second_payload, heen)
    with pytest.raises(LedgerConflict) as refused:
        ledger.add(_record(second_payload, second))
    assert refused.value.code == "CC11"
    assert ledger.get(str(second.traceer_id)) is None  # refused means not recorded
    ledger.set_state(str(first.traceer_id), "rejected")
    assert ledger.add(_record(second_payload, second)) is not None


def test_an_answer_is_linked_by_als_antwoord_op(ledger: Ledger) -> None:
    """The envelope's alsAntwoordOp names the request's traceerId: method alsAntwoordOp."""
    _, heen = _request(ledger)
    answer = _parsed(WMO325)
    retour = build_answer(answer, heen)
    ledger.add(_record(answer, retour), link=False)
    link = ledger.link(str(retour.traceer_id))
    assert (link.request, link.method) == (heen.traceer_id, "alsAntwoordOp")
    stored = ledger.get(str(retour.traceer_id))
    assert stored is not None
    assert stored.answer_to == heen.traceer_id


def test_an_answer_is_linked_by_its_payload_reference(ledger: Ledger) -> None:
    """Without alsAntwoordOp, the 325's DeclaratieIdentificatie finds the 323: method reference."""
    _, heen = _request(ledger)
    answer = _parsed(WMO325)
    retour = build_answer(answer, heen)
    loose = attrs.evolve(
        retour,
        referenties=attrs.evolve(
            retour.referenties, als_antwoord_op=None, conversatie_id=str(retour.traceer_id)
        ),
    )
    link = ledger.add(_record(answer, loose))
    assert link is not None
    assert (link.request, link.method) == (heen.traceer_id, "reference")


def test_a_gds802_is_linked_by_its_referentienummer(ledger: Ledger) -> None:
    """GDS802 copies the GDS801 header Referentienummer: that links them."""
    _, heen = _request(ledger, GDS801)
    answer = _parsed(GDS802)
    retour = build_answer(answer, heen)
    loose = attrs.evolve(retour, referenties=attrs.evolve(retour.referenties, als_antwoord_op=None))
    link = ledger.add(_record(answer, loose), link=False)
    assert link is None
    assert ledger.link(str(retour.traceer_id)).method == "reference"


def test_a_bm802_is_linked_by_its_referentienummer(ledger: Ledger) -> None:
    """BM802 copies the BM801 header Referentienummer: that links them (no alsAntwoordOp)."""
    _, heen = _request(ledger, BM801)
    answer = _parsed(BM802)
    retour = build_answer(answer, heen)
    loose = attrs.evolve(retour, referenties=attrs.evolve(retour.referenties, als_antwoord_op=None))
    assert ledger.add(_record(answer, loose), link=False) is None
    assert ledger.link(str(retour.traceer_id)).method == "reference"


def test_an_answer_is_linked_by_conversatie_id_as_a_last_resort(ledger: Ledger) -> None:
    """No alsAntwoordOp, a payload reference that names nothing: the conversatieId links."""
    _, heen = _request(ledger)
    answer = _parsed(WMO325, (b"<iwmo:Identificatie>FIX0001", b"<iwmo:Identificatie>GONE001"))
    retour = build_answer(answer, heen)
    loose = attrs.evolve(retour, referenties=attrs.evolve(retour.referenties, als_antwoord_op=None))
    link = ledger.add(_record(answer, loose))
    assert link is not None
    assert (link.request, link.method) == (heen.traceer_id, "conversatie")


def test_an_answer_of_the_wrong_stream_is_refused_with_brs24(ledger: Ledger) -> None:
    """A WMO325 whose alsAntwoordOp names a JW323 answers the wrong stream: BRS24."""
    _, heen = _request(ledger, JW323)
    answer = _parsed(WMO325)
    with pytest.raises(LedgerConflict) as refused:
        ledger.add(_record(answer, build_answer(answer, heen)))
    assert refused.value.code == "BRS24"


def test_linking_without_any_request_is_a_ledger_error(ledger: Ledger) -> None:
    """An answer whose request the ledger never saw cannot be linked (and says so)."""
    answer = _parsed(WMO325)
    heen = build_request(_parsed(WMO323))
    retour = build_answer(answer, heen)
    assert ledger.add(_record(answer, retour)) is None
    with pytest.raises(LedgerError):
        ledger.link(str(retour.traceer_id))
    with pytest.raises(LedgerError):
        ledger.link("no-such-id")


def test_unanswered_counts_three_working_days_over_holidays(ledger: Ledger) -> None:
    """OP090: sent on Thursday 24 December 2026, due 30 December (Christmas and a weekend)."""
    _, heen = _request(ledger, day=dt.date(2026, 12, 24))
    assert ledger.unanswered(dt.date(2026, 12, 30)) == []
    overdue = ledger.unanswered(dt.date(2026, 12, 31))
    assert [(o.record.traceer_id, o.deadline) for o in overdue] == [
        (heen.traceer_id, dt.date(2026, 12, 30))
    ]


def test_a_request_sent_after_the_day_asked_does_not_block_the_overdue_list(
    ledger: Ledger,
) -> None:
    """A request recorded with a date past the holiday calendar (2036) is not due on a 2026 day.

    Before, ``unanswered`` computed its deadline anyway and the whole list failed with "the
    holiday calendar runs to 2035", hiding the requests that were really overdue.
    """
    _, due = _request(ledger, day=dt.date(2026, 12, 24))
    _request(ledger, JW323, day=dt.date(2036, 12, 30))
    overdue = ledger.unanswered(dt.date(2026, 12, 31))
    assert [o.record.traceer_id for o in overdue] == [due.traceer_id]


def test_answered_and_rejected_requests_are_not_unanswered(ledger: Ledger) -> None:
    """A linked answer (not rejected) closes a request; a rejected request is never due."""
    _, heen = _request(ledger)
    answer = _parsed(WMO325)
    retour = build_answer(answer, heen)
    ledger.add(_record(answer, retour))
    assert ledger.unanswered(dt.date(2025, 5, 1)) == []
    ledger.set_state(str(retour.traceer_id), "rejected")
    assert len(ledger.unanswered(dt.date(2025, 5, 1))) == 1
    ledger.set_state(str(heen.traceer_id), "rejected")
    assert ledger.unanswered(dt.date(2025, 5, 1)) == []


def test_migrations_run_once(url: str) -> None:
    """Opening a ledger twice applies each migration once; the version is the last one's."""
    first = open_ledger(url)
    first.close()
    second = open_ledger(url)
    try:
        assert second.schema_version() == migrations()[-1][0]  # type: ignore[attr-defined]
    finally:
        second.close()


def test_validate_with_a_ledger_reports_conflicts_at_level_5(ledger: Ledger) -> None:
    """validate(..., vecozo_checks=[LedgerCheck]) reports a used traceerId without writing."""
    parsed, envelope = _request(ledger)
    report = eistandaard.validate(
        WMO323.read_bytes(),
        as_of=dt.date(2025, 4, 10),
        envelope=envelope,
        vecozo_checks=[LedgerCheck(ledger)],
        entry_points=False,
    )
    assert {(f.code, int(f.level)) for f in report.findings} >= {("CC08", 5), ("BRS20", 5)}
    assert report.verdict is eistandaard.Verdict.REJECTED
    assert len(ledger.messages()) == 1  # validating never records
    fresh = build_request(parsed)
    clean = eistandaard.validate(
        _parsed(WMO323, (b"FIX0001", b"FIX0009"), (b"D0001", b"D0009")).data,
        as_of=dt.date(2025, 4, 10),
        envelope=fresh,
        vecozo_checks=[LedgerCheck(ledger)],
        entry_points=False,
    )
    assert [f.code for f in clean.findings if int(f.level) == 5] == []


def _race(url: str, record: Record, start: multiprocessing.synchronize.Event, out: object) -> None:
    ledger = open_ledger(url)
    start.wait(30)
    try:
        ledger.add(record)
        out.put("won")  # type: ignore[attr-defined]
    except LedgerConflict as conflict:
        out.put(conflict.code)  # type: ignore[attr-defined]
    except Exception as exc:  # reported to the parent, which fails the test
        out.put(f"error {type(exc).__name__}: {exc}")  # type: ignore[attr-defined]
    finally:
        ledger.close()


def test_two_processes_recording_one_traceer_id_exactly_one_wins(url: str) -> None:
    """Two processes add the same traceerId at once, five times over: one wins each time."""
    open_ledger(url).close()  # migrated before the race
    context = multiprocessing.get_context("spawn")
    parsed = _parsed(WMO323)
    for round_number in range(5):
        data = _parsed(
            WMO323,
            (b"FIX0001", f"RACE{round_number:03d}".encode()),
            (b"D0001", f"RD{round_number:03d}".encode()),
        )
        record = _record(data, build_request(parsed))
        start = context.Event()
        out = context.Queue()
        workers = [context.Process(target=_race, args=(url, record, start, out)) for _ in range(2)]
        for worker in workers:
            worker.start()
        start.set()
        results = sorted(out.get(timeout=60) for _ in workers)
        for worker in workers:
            worker.join(60)
        assert results == ["CC08", "won"], results
    check = open_ledger(url)
    try:
        assert len(check.messages()) == 5
    finally:
        check.close()


@pytest.mark.parametrize("bad", ["mysql://x", "ledger.db", "http://localhost/ledger"])
def test_a_ledger_url_of_another_kind_is_an_input_error(bad: str) -> None:
    """Only sqlite:// and postgresql:// URLs are taken; others are a usage error."""
    with pytest.raises(InputError):
        open_ledger(bad)


def test_a_sqlite_ledger_that_cannot_be_opened_is_a_ledger_error() -> None:
    """A file SQLite cannot create (under /proc): LedgerError (exit 3 in the CLI)."""
    with pytest.raises(LedgerError):
        open_ledger("sqlite:////proc/no-ledger-here.db")


def test_a_folder_or_an_empty_file_named_as_ledger_is_an_input_error(tmp_path: Path) -> None:
    """A folder is a wrong option value (exit 2); an empty file is no ledger to read.

    A command that only reads (create=False) never turns the user's empty file into a database:
    it stays 0 bytes.
    """
    with pytest.raises(InputError, match="is a folder, not a ledger") as caught:
        open_ledger(f"sqlite:///{tmp_path}")
    assert "is een map, geen ledger" in caught.value.text("nl")
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="is empty: there is no ledger there"):
        open_ledger(f"sqlite:///{empty}", create=False)
    assert empty.read_bytes() == b""
    open_ledger(f"sqlite:///{empty}").close()  # a command that records may start it there
    assert empty.stat().st_size > 0


def test_a_failing_ledger_makes_the_verdict_error() -> None:
    """Fail closed: a ledger that raises during validate gives verdict error, not accepted."""

    class Broken:
        def conflicts(self, record: Record) -> list[LedgerConflict]:
            raise LedgerError("the database went away")

    parsed = _parsed(WMO323)
    report = eistandaard.validate(
        parsed.data,
        as_of=dt.date(2025, 4, 10),
        envelope=build_request(parsed),
        vecozo_checks=[LedgerCheck(Broken())],  # type: ignore[arg-type]
        entry_points=False,
    )
    assert report.verdict is eistandaard.Verdict.ERROR
    assert any("database went away" in e for e in report.engine_errors)


def test_late_link_and_state_changes_are_refused_with_cc11(ledger: Ledger) -> None:
    """Linking a second answer later, or un-rejecting a rejected one, breaks CC11 and says so."""
    _, heen = _request(ledger)
    first_payload = _parsed(WMO325)
    first = build_answer(first_payload, heen)
    ledger.add(_record(first_payload, first))
    second_payload = _parsed(WMO325, (b"ANT0001", b"ANT0002"))
    second = build_answer(second_payload, heen)
    assert ledger.add(_record(second_payload, second), link=False) is None
    with pytest.raises(LedgerConflict) as late:
        ledger.link(str(second.traceer_id))
    assert late.value.code == "CC11"
    ledger.set_state(str(first.traceer_id), "rejected")
    assert ledger.link(str(second.traceer_id)).request == heen.traceer_id
    with pytest.raises(LedgerConflict) as revived:
        ledger.set_state(str(first.traceer_id), "accepted")
    assert revived.value.code == "CC11"
