"""The transport against the fake VECOZO: every fault of issue 14 and the client's answer."""

from __future__ import annotations

import datetime as dt
import json
import random

import attrs
import pytest
from tests.transport_helpers import FAST, WMO323, gds801, message, world

from eistandaard.core.errors import InputError
from eistandaard.vecozo.envelope import new_uuid
from eistandaard.vecozo.testing import Fault
from eistandaard.vecozo.transport.client import (
    Berichtstatus,
    ChecksumMismatch,
    Melding,
    StatusRecord,
    StatusValue,
    problem_findings,
)
from eistandaard.vecozo.transport.http import HttpRequest, HttpResponse, NotSent, Timeouts
from eistandaard.vecozo.transport.outbox import alarms
from eistandaard.vecozo.transport.retry import (
    Outcome,
    RetryPolicy,
    State,
    VirtualClock,
    deliver,
)

# fault -> (outbox state, pushes that reached the fake, reconciled by berichtstatus/CC08).
# A slow machine can add a time-out of its own: pushes are a minimum except where the fault
# stores first (then the client must never push again: exactly one).
PUSH_FAULTS = {
    Fault.REFUSE: ("sent", 1, False),
    Fault.STALL_BEFORE: ("sent", 2, False),
    Fault.STALL_AFTER: ("sent", 1, True),
    Fault.RESET_BEFORE: ("sent", 1, False),
    Fault.RESET_AFTER: ("sent", 1, True),
    Fault.SERVER_ERROR: ("sent", 2, False),
    Fault.SERVER_ERROR_AFTER: ("sent", 1, True),
    Fault.THROTTLE: ("sent", 2, False),
}


@pytest.mark.parametrize("fault", list(PUSH_FAULTS), ids=str)
def test_transient_push_fault_delivers_exactly_once(fault: Fault) -> None:
    """Each transient fault ends with the message stored once at VECOZO and the state ``sent``."""
    state, pushes, reconciled = PUSH_FAULTS[fault]
    with world(timeouts=FAST) as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        w.fake.inject(fault, seconds=7)
        summary = w.outbox.run_once()
        assert w.outbox.state(trace) == state
        assert w.requests_sent() == 1
        if reconciled:
            assert w.fake.pushes.get(trace, 0) == 1
            assert summary.count("reconciled") == 1
        else:
            assert w.fake.pushes.get(trace, 0) >= pushes
        assert w.ledger.get(trace).state == "sent"  # type: ignore[union-attr]


def test_throttle_waits_for_retry_after() -> None:
    """429 with Retry-After: 7 makes the client wait at least 7 (virtual) seconds."""
    with world() as w:
        envelope, data = message(gds801(1))
        w.outbox.enqueue(envelope, data)
        w.fake.inject(Fault.THROTTLE, seconds=7)
        w.outbox.run_once()
        assert w.clock.slept >= 7


def test_stall_after_storing_then_status_unavailable_is_not_resent() -> None:
    """When berichtstatus itself fails after an unknown outcome, nothing is pushed again blindly."""
    policy = RetryPolicy(max_attempts=2, base_delay=1, budget=5)
    with world(policy=policy, timeouts=FAST) as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        w.fake.inject(Fault.STALL_AFTER)
        w.fake.inject(Fault.SERVER_ERROR, op="status", count=5)
        w.fake.inject(Fault.SERVER_ERROR, op="push", count=0)
        w.outbox.run_once()
        assert w.outbox.state(trace) == "unknown"
        assert w.fake.pushes[trace] == 1
        w.clock.advance(60)
        w.fake._faults.clear()
        w.outbox.run_once()
        assert w.outbox.state(trace) == "sent"
        assert w.fake.pushes[trace] == 1


@pytest.mark.parametrize(
    ("fault", "codes"), [(Fault.UNPROCESSABLE, {"BRS04"}), (Fault.BAD_REQUEST, {"BRS04"})], ids=str
)
def test_refusal_is_never_retried(fault: Fault, codes: set[str]) -> None:
    """400/422 end as ``rejected`` after one push, with the codes as findings and an alarm."""
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        w.fake.inject(fault, codes=("BRS04",))
        w.outbox.run_once()
        assert w.outbox.state(trace) == "rejected"
        assert w.fake.pushes[trace] == 1
        assert w.requests_sent() == 0
        assert w.ledger.get(trace).state == "rejected"  # type: ignore[union-attr]
        raised = alarms(w.ledger)
        assert [a.kind for a in raised] == ["rejected"]
        assert "BRS04" in raised[0].text


def test_duplicate_traceer_id_on_a_first_push_is_a_refusal() -> None:
    """CC08/BRS114 without an earlier unknown outcome is a real duplicate: rejected."""
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        w.fake.inject(Fault.DUPLICATE)
        w.outbox.run_once()
        assert w.outbox.state(trace) == "rejected"
        assert "BRS114" in alarms(w.ledger)[0].text


def test_cc08_after_unknown_outcome_means_arrived() -> None:
    """A reset after storing, then VECOZO's CC08 on the re-send: the first attempt arrived."""
    with world() as w:
        _, data = message(gds801(1))
        envelope, _ = message(gds801(1))
        assert w.client.push(envelope, data).accepted
        clock = VirtualClock()
        w.fake.inject(Fault.RESET_BEFORE)
        # berichtstatus is skipped: the delivery starts as "sent, outcome unknown" would, but
        # the fake's record exists, so the client must not count the 422 as a refusal.
        result = deliver(w.client, envelope, data, clock=clock, rng=random.Random(1))
        assert result.state is State.SENT
        assert result.reconciled
        assert w.requests_sent() == 1


def test_wmo_reception_check_422_cc05() -> None:
    """The fake refuses a Wmo request whose conversatieId differs from its traceerId (CC05)."""
    import attrs

    with world() as w:
        envelope, data = message(WMO323.read_bytes())
        bad = attrs.evolve(
            envelope,
            referenties=attrs.evolve(envelope.referenties, conversatie_id=new_uuid()),
        )
        result = w.client.push(bad, data)
        assert result.status == 422
        assert result.problem is not None
        assert "CC05" in {f.code for f in result.problem.findings}


def test_statuses_move_and_answer_is_fetched_and_linked() -> None:
    """Sent -> statuses over the virtual clock -> GDS802 pulled, stored, linked, acknowledged."""
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        w.outbox.run_once()
        w.poller.run_once()
        w.clock.advance(45)
        w.poller.run_once()
        w.clock.advance(200)
        w.poller.run_once()
        statuses = [status for _, status, _ in w.poller.events(trace)]
        assert statuses == ["Ontvangen", "WordtVerwerkt", "Bezorgd"]
        summary = w.inbox.run_once()
        assert summary.count("stored") == 1
        answers = [r for r in w.ledger.messages() if r.direction == "retour"]
        assert [(a.message, a.answer_to, a.link_method) for a in answers] == [
            ("GDS802", trace, "alsAntwoordOp")
        ]
        assert not w.fake.ready  # acknowledged
        assert w.ledger.unanswered(w.clock.now().date() + dt.timedelta(days=60)) == []


def test_wmo323_answer_is_a_325_linked_to_its_request() -> None:
    """A WMO323 through the fake comes back as a WMO325 linked by alsAntwoordOp."""
    with world() as w:
        envelope, data = message(WMO323.read_bytes())
        trace = w.outbox.enqueue(envelope, data)
        w.outbox.run_once()
        w.clock.advance(200)
        w.inbox.run_once()
        answers = [r for r in w.ledger.messages() if r.direction == "retour"]
        assert [(a.message, a.answer_to) for a in answers] == [("WMO325", trace)]


def test_chain_rejection_is_recorded_with_meldingen() -> None:
    """An XSD-invalid message is accepted at reception, then AfgekeurdDoorDienst with BRS13."""
    xml = gds801(1).replace(
        b"<Valutacode>EUR</Valutacode>", b"<Valutacode>EUR</Valutacode><Extra/>"
    )
    with world() as w:
        envelope, data = message(xml)
        trace = w.outbox.enqueue(envelope, data)
        w.outbox.run_once()
        w.clock.advance(200)
        w.poller.run_once()
        assert w.ledger.get(trace).state == "rejected"  # type: ignore[union-attr]
        (event,) = w.poller.events(trace)
        assert event[1] == "AfgekeurdDoorDienst"
        assert event[2][0]["code"] == "BRS13"
        assert [a.kind for a in alarms(w.ledger)] == ["rejected"]


def test_checksum_mismatch_is_not_stored_and_retried() -> None:
    """A payload whose SHA-256 differs is not stored nor acknowledged; the next run stores it."""
    with world() as w:
        envelope, data = message(gds801(1))
        w.outbox.enqueue(envelope, data)
        w.outbox.run_once()
        w.clock.advance(200)
        w.fake.inject(Fault.CHECKSUM, op="download")
        first = w.inbox.run_once()
        assert first.count("checksum") == 1
        assert w.inbox.count() == 0
        assert len(w.fake.ready) == 1
        second = w.inbox.run_once()
        assert second.count("stored") == 1
        # downloaded once: VECOZO deletes the payload 24 h later, so it is also "expiring"
        assert [a.kind for a in alarms(w.ledger)] == ["checksum", "expiring"]


def test_download_checks_size_and_sha256() -> None:
    """The client refuses a download whose bytes differ from the list's checksum."""
    with world() as w:
        envelope, data = message(gds801(1))
        w.fake.queue(envelope, data)
        (listed,) = w.client.pull_list()
        w.fake.inject(Fault.CHECKSUM, op="download")
        with pytest.raises(ChecksumMismatch):
            w.client.download(listed)
        assert w.client.download(listed) == data


def test_expired_payload_raises_an_alarm() -> None:
    """A payload VECOZO no longer has (404) gives an ``expired`` alarm, nothing stored."""
    with world() as w:
        envelope, data = message(gds801(1))
        w.fake.queue(envelope, data)
        w.fake.inject(Fault.EXPIRED, op="download")
        summary = w.inbox.run_once()
        assert summary.count("expired") == 1
        assert w.inbox.count() == 0
        assert [a.kind for a in alarms(w.ledger)] == ["expired"]


def test_payload_gone_24h_after_first_download() -> None:
    """The fake deletes a payload 24 h after its first download, as VECOZO does."""
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.fake.queue(envelope, data)
        (listed,) = w.client.pull_list()
        w.client.download(listed)
        w.clock.advance(24 * 3600 + 1)
        assert w.client.pull_list() == []
        assert trace not in w.fake.ready


def test_more_than_250_ready_messages_are_all_fetched() -> None:
    """260 ready messages: two pages (250 + 10), all stored once and acknowledged."""
    with world() as w:
        for i in range(260):
            envelope, data = message(gds801(i))
            w.fake.queue(envelope, data)
        assert len(w.client.pull_list()) == 250
        summary = w.inbox.run_once()
        assert summary.count("stored") == 260
        assert w.inbox.count() == 260
        assert not w.fake.ready


def test_a_message_listed_twice_is_stored_once() -> None:
    """When the acknowledgement is lost, the message comes again and is stored only once."""
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.fake.queue(envelope, data)
        w.fake.inject(Fault.SERVER_ERROR, op="ack")
        first = w.inbox.run_once()
        second = w.inbox.run_once()
        assert first.count("stored") == 1
        assert second.count("duplicate") == 1
        assert w.inbox.count() == 1
        assert trace not in w.fake.ready


def test_unknown_status_value_is_kept() -> None:
    """A status value no contract version knows is recorded as it came, never a crash."""
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data)
        w.outbox.run_once()
        w.fake.inject(Fault.UNKNOWN_STATUS, op="status", value="Teleporteren")
        summary = w.poller.run_once()
        assert summary.count("unknown-status") == 1
        assert w.poller.events(trace)[0][1] == "Teleporteren"


def test_status_v2_names_aangeboden() -> None:
    """Berichtstatus v2 says ``Aangeboden``; the client maps it onto the same enum value."""
    with world(status_version=2) as w:
        envelope, data = message(gds801(1))
        w.client.push(envelope, data)
        w.clock.advance(100)
        (record,) = w.client.berichtstatus(traceer_id=envelope.referenties.traceer_id)
        assert record.status.raw == "Aangeboden"
        assert record.status.known is Berichtstatus.WORDT_AANGEBODEN


@pytest.mark.parametrize("version", [2, 3])
def test_status_by_conversatie_id_lists_request_and_answer(version: int) -> None:
    """Berichtstatus by conversatieId (v2 and v3) gives the request and its answer, nothing else."""
    with world(status_version=version) as w:
        envelope, data = message(WMO323.read_bytes())
        other, other_data = message(gds801(2))
        w.client.push(envelope, data)
        w.client.push(other, other_data)
        w.clock.advance(300)
        conversation = envelope.referenties.conversatie_id
        assert conversation is not None
        records = w.client.berichtstatus(conversatie_id=conversation)
        trace = envelope.referenties.traceer_id
        assert {r.conversatie_id for r in records} == {conversation}
        assert trace in {r.traceer_id for r in records}
        assert [r.als_antwoord_op for r in records if r.traceer_id != trace] == [trace]
        assert other.referenties.traceer_id not in {r.traceer_id for r in records}
        with pytest.raises(InputError):
            w.client.berichtstatus(traceer_id=trace, conversatie_id=conversation)


def test_connection_refused_is_not_sent() -> None:
    """A closed port is :class:`NotSent` (safe to retry), not an unknown outcome."""
    with world() as w:
        w.fake.refuse(30)
        with pytest.raises(NotSent):
            w.client.pull_list()
        w.clock.advance(31)
        assert w.client.pull_list() == []


def test_status_enum_keeps_unknown_values() -> None:
    """StatusValue.parse never raises and keeps the raw text."""
    assert StatusValue.parse("Bezorgd").known is Berichtstatus.BEZORGD
    assert StatusValue.parse(None).known is None
    assert StatusValue.parse("Nieuw").raw == "Nieuw"
    assert Berichtstatus.AFGEKEURD_DOOR_DIENST.rejected
    assert not Berichtstatus.VERWERKING_VOLTOOID.terminal


def test_problem_details_codes_become_findings() -> None:
    """Codes in detail, errors and extension members all become findings with texts."""
    body = {
        "status": 422,
        "title": "x",
        "detail": "BRS04: geadresseerde onbekend",
        "errors": {"payload": ["CC01 te veel bestanden"]},
        "meldingen": [{"code": "IB009"}],
    }
    found = {f.code: f for f in problem_findings(body)}
    assert set(found) == {"BRS04", "CC01", "IB009"}
    assert found["IB009"].text_nl.startswith("De indiener heeft geen toestemming")
    assert found["IB009"].text_en.startswith("The submitter has no consent")
    assert found["CC01"].text_nl.startswith("Payload")
    plain = problem_findings({"status": 400, "title": "Bad Request"})
    assert [f.code for f in plain] == ["VECOZO-400"]


def test_every_published_code_in_an_answer_gets_a_clear_text() -> None:
    """BRS, CC and IB codes VECOZO publishes get eistandaard's texts; VECOZO's words stay as detail.

    IB001-IB023 and IB901-IB905 (the iWmo/iJw traffic list), the BRS codes of VECOZO's list that
    are not checked offline, CC02. An unpublished code (CC07) keeps VECOZO's own text.
    """
    published = [f"IB{n:03d}" for n in range(1, 24)] + [f"IB{n}" for n in range(901, 906)]
    published += ["BRS12", "BRS13", "BRS14", "BRS15", "BRS17", "BRS19", "BRS21", "BRS28", "BRS29"]
    published += ["CC02"]
    body = {"status": 422, "detail": " ".join(f"{code}: fout" for code in published)}
    found = {f.code: f for f in problem_findings(body)}
    assert set(found) == set(published)
    for code, finding in found.items():
        assert finding.text_nl not in (code, f"{code}: fout"), code
        assert finding.text_en != finding.text_nl, code
    odd = problem_findings({"status": 422, "detail": "CC07 iets onbekends"})
    assert [(f.code, f.text_nl) for f in odd] == [("CC07", "CC07 iets onbekends")]


def test_status_meldingen_get_clear_texts() -> None:
    """A melding of berichtstatus with an IB code reads in clear language, VECOZO's text kept."""
    record = StatusRecord(
        traceer_id=new_uuid(),
        conversatie_id=None,
        als_antwoord_op=None,
        status=StatusValue.parse("AfgekeurdDoorDienst"),
        changed_at=None,
        meldingen=(Melding(code="IB010", omschrijving="geadresseerde onbekend"),),
    )
    (finding,) = record.findings()
    assert finding.code == "IB010"
    assert "niet aangesloten bij VECOZO" in finding.text_nl
    assert finding.details is not None
    assert "geadresseerde onbekend" in finding.details


def test_policy_table() -> None:
    """The default table: 429 retry, 5xx unknown, 422 final; jitter stays in bounds."""
    policy = RetryPolicy()
    assert policy.outcome(429) is Outcome.RETRY
    assert policy.outcome(599) is Outcome.UNKNOWN
    assert policy.outcome(422) is Outcome.FINAL
    rng = random.Random(0)
    for attempt in range(10):
        delay = policy.delay(attempt, rng)
        cap = min(policy.max_delay, policy.base_delay * 2**attempt)
        assert cap * (1 - policy.jitter) <= delay <= cap
    assert policy.delay(0, rng, retry_after=30) >= 30


def test_budget_stops_and_schedules_a_later_attempt() -> None:
    """Past the budget the message waits for the next run (ready), with a retry moment."""

    class Down:
        def send(self, request: HttpRequest) -> HttpResponse:
            raise NotSent("down")

    from eistandaard.vecozo.transport.client import VecozoClient

    clock = VirtualClock()
    envelope, data = message(gds801(1))
    result = deliver(
        VecozoClient(Down()),
        envelope,
        data,
        clock=clock,
        rng=random.Random(0),
        policy=RetryPolicy(budget=10, max_attempts=50),
    )
    assert result.state is State.READY
    assert clock.slept <= 10
    assert result.retry_at is not None
    assert result.retry_at > clock.now()


def test_timeouts_are_never_none() -> None:
    """A missing or zero time-out is refused."""
    with pytest.raises(InputError):
        Timeouts(read=0)
    with pytest.raises(InputError):
        Timeouts(connect=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("phase", ["connect", "read", "write", "pool"])
def test_each_timeout_is_checked_and_named(phase: str) -> None:
    """Every phase refuses a non-positive time-out, also through attrs.evolve, naming the phase."""
    with pytest.raises(InputError, match=f"time-out {phase} must be a positive"):
        Timeouts(**{phase: -1.0})
    with pytest.raises(InputError, match=f"time-out {phase} must be a positive"):
        attrs.evolve(Timeouts(), **{phase: 0})
    assert getattr(Timeouts(**{phase: 0.5}), phase) == 0.5


def test_metadata_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    """The HTTP layer logs method, path and status only: no payload, no BSN, no query."""
    caplog.set_level("DEBUG", logger="eistandaard.vecozo.transport")
    with world() as w:
        envelope, data = message(WMO323.read_bytes())
        w.client.push(envelope, data)
        w.client.berichtstatus(traceer_id=envelope.referenties.traceer_id)
    text = caplog.text
    assert "POST" in text
    assert "999900006" not in text  # the fixture's BSN
    assert (envelope.referenties.traceer_id or "x") not in text
    assert json.dumps(envelope.to_json())[:40] not in text


def test_no_answer_after_the_deadline_raises_an_alarm() -> None:
    """A claim without an answer past its deadline gives one ``no-answer`` alarm."""
    with world(answer=False) as w:
        envelope, data = message(gds801(1))
        trace = w.outbox.enqueue(envelope, data, sent_on=w.clock.now().date())
        w.outbox.run_once()
        w.clock.advance(40 * 86400)
        first = w.poller.run_once()
        second = w.poller.run_once()
        assert [(a.kind, a.traceer_id) for a in first.alarms] == [("no-answer", trace)]
        assert second.alarms == ()


def test_message_about_to_expire_raises_an_alarm() -> None:
    """A ready Wmo message that cannot be fetched and expires within days gives ``expiring``."""
    with world() as w:
        envelope, data = message(WMO323.read_bytes())
        w.fake.queue(envelope, data, at=w.clock.now() - dt.timedelta(days=58))
        w.fake.inject(Fault.SERVER_ERROR, op="download")
        summary = w.inbox.run_once()
        assert summary.count("failed") == 1
        assert [a.kind for a in summary.alarms] == ["expiring"]


def test_claims_answers_expire_after_90_days_not_two_months() -> None:
    """A ready GDS802 that cannot be fetched is kept 90 days: no alarm at day 58, one at day 84."""
    with world() as w:
        young, young_data = message(gds801(1))
        old, old_data = message(gds801(2))
        w.fake.queue(young, young_data, at=w.clock.now() - dt.timedelta(days=58))
        w.fake.queue(old, old_data, at=w.clock.now() - dt.timedelta(days=84))
        w.fake.inject(Fault.SERVER_ERROR, op="download", count=2)
        summary = w.inbox.run_once()
        assert summary.count("failed") == 2
        assert [(a.kind, a.traceer_id) for a in summary.alarms] == [
            ("expiring", old.referenties.traceer_id)
        ]


def test_a_downloaded_payload_that_was_not_stored_expires_in_24_hours() -> None:
    """A payload fetched but not stored is gone 24 h after its first download: ``expiring``.

    The alarm names that moment, not the 90 days of the message.
    """
    with world() as w:
        envelope, data = message(gds801(1))
        trace = w.fake.queue(envelope, data)
        w.fake.inject(Fault.CHECKSUM, op="download")
        first = w.clock.now()
        summary = w.inbox.run_once()
        assert summary.count("checksum") == 1
        expiring = [a for a in summary.alarms if a.kind == "expiring"]
        assert [a.traceer_id for a in expiring] == [trace]
        assert "24 h after its first download" in expiring[0].text
        assert (first + dt.timedelta(hours=24)).date().isoformat() in expiring[0].text


def test_fake_refuses_by_its_party_registry() -> None:
    """With a registry the fake answers 204 for a known addressee and 422 BRS04 otherwise."""
    from tests.conftest import FIXTURES

    from eistandaard.vecozo.registry import Registry

    folder = FIXTURES / "vecozo/registry"
    with world(registry=Registry.load(folder / "acceptatie.toml")) as w:
        envelope, data = message(WMO323.read_bytes())
        assert w.client.push(envelope, data).accepted
    with world(registry=Registry.load(folder / "disconnected.toml")) as w:
        envelope, data = message(WMO323.read_bytes())
        result = w.client.push(envelope, data)
        assert result.status == 422
        assert result.problem is not None
        codes = {f.code for f in result.problem.findings}
        assert "BRS04" in codes
        texts = [f.text_nl for f in result.problem.findings if f.code == "BRS04"]
        assert texts
        assert texts[0]
        assert w.requests_sent() == 0


def test_an_unreadable_list_entry_does_not_block_the_others() -> None:
    """A pull entry without traceerId or size is skipped with an alarm; the rest is fetched."""
    from eistandaard.vecozo.transport.client import VecozoClient

    with world() as w:
        envelope, data = message(gds801(1))
        w.fake.queue(envelope, data)
        real = w.client.http

        class Broken:
            def send(self, request: HttpRequest) -> HttpResponse:
                response = real.send(request)
                if request.method == "GET" and request.url.endswith("/berichten"):
                    body = json.loads(response.content)
                    body.insert(0, {"basisgegevens": {}, "referentiegegevens": {}})
                    body.insert(0, "rubbish")
                    return HttpResponse(200, response.headers, json.dumps(body).encode())
                return response

        client = VecozoClient(Broken(), base_url=w.fake.base_url)
        from eistandaard.vecozo.transport.outbox import Inbox

        summary = Inbox(w.ledger, client, clock=w.clock).run_once()
        assert summary.count("stored") == 1
        assert summary.count("unreadable") == 2
        assert {a.kind for a in alarms(w.ledger)} == {"unreadable"}


@pytest.mark.parametrize(
    "body",
    [
        b'[{"referentiegegevens": "x", "meldingen": {"a": 1}, "berichtstatus": 7}]',
        b"[1, null, {}]",
    ],
)
def test_odd_status_bodies_never_crash(body: bytes) -> None:
    """Wrong shapes inside a berichtstatus answer give empty fields, never an exception."""
    from eistandaard.vecozo.transport.client import VecozoClient

    class Odd:
        def send(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse(200, {}, body)

    records = VecozoClient(Odd()).berichtstatus(traceer_id=new_uuid())
    assert all(r.status.known is None for r in records)
    assert all(r.meldingen == () for r in records)


def test_enqueue_resumes_a_message_recorded_without_its_outbox_row() -> None:
    """Recorded in the ledger but never queued (a stop in between): enqueue queues it once."""
    from eistandaard.vecozo import parse_payload
    from eistandaard.vecozo.ledger import LedgerConflict, record_for

    with world() as w:
        envelope, data = message(gds801(1))
        parsed = parse_payload(data)
        w.ledger.add(
            record_for(
                parsed.spec, parsed.root, parsed.data, envelope, sent_on=dt.date(2026, 11, 23)
            )
        )
        trace = w.outbox.enqueue(envelope, data)
        assert w.outbox.state(trace) == "ready"
        with pytest.raises(LedgerConflict):
            w.outbox.enqueue(envelope, data)


def test_pull_retention_is_data_per_family() -> None:
    """Retention comes from streams.toml: Wmo/Jw 61 days, claims 90, unknown the shortest; 24 h."""
    from eistandaard.vecozo.data import pull_retention

    day = dt.timedelta(days=1)
    assert pull_retention("iwmo") == (61 * day, dt.timedelta(hours=24))
    assert pull_retention("ijw")[0] == 61 * day
    assert pull_retention("gds")[0] == 90 * day
    assert pull_retention("bm")[0] == 90 * day
    assert pull_retention(None)[0] == 61 * day
    assert pull_retention("nonsense")[0] == 61 * day
