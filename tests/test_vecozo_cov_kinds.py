"""COV objects and the policy merge refuse values of the wrong kind with a worded ``InputError``.

A newcomer trial passed ``existing=None``, a whole ``CovResponse`` as ``answer``, a text or a
datetime as ``peildatum``, a naive ``now``, and built ``Policy(uzovi=None, start="2026-01-01",
active="no")``: raw ``TypeError``/``AttributeError`` deep in the merge, or silently stored.
Each is now an ``InputError`` naming the argument (or ``Record.field``), what it takes and
what was given, in Dutch and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from tests.test_api_robustness import ODD
from tests.test_vecozo_cov import BSN, NOW, D, entry, found, policy

from eistandaard.core.errors import InputError
from eistandaard.vecozo import cov
from eistandaard.vecozo.cov import Policy, merge_policies

NAIVE = dt.datetime(2026, 6, 1, 10, 0)
FOUND = found(entry(ingangsdatum=dt.date(2026, 1, 1)))
MANUAL = policy("m", origin="MANUAL", number="1")


def _merge_args() -> dict[str, Any]:
    return {
        "existing": [MANUAL],
        "answer": FOUND,
        "peildatum": D,
        "now": NOW,
        "bsn": BSN,
        "message_result": "VerzoekAkkoord",
    }


def _refusal(call: Callable[[], object]) -> InputError:
    with pytest.raises(InputError) as caught:
        call()
    return caught.value


def _refused(call: Callable[[], object]) -> InputError | None:
    """The ``InputError`` ``call`` raised, ``None`` when it returned (any other error fails)."""
    try:
        call()
    except InputError as error:
        return error
    return None


@pytest.mark.parametrize(
    ("argument", "value", "english", "dutch"),
    [
        (
            "existing",
            None,
            "existing must be a list or tuple of policies",
            "geen|gegeven: NoneType",
        ),
        ("existing", [None], "given: NoneType", "gegeven: NoneType"),
        ("existing", [{"id": "p"}], "given: dict", "gegeven: dict"),
        ("answer", 5, "not int", "geen int"),
        (
            "answer",
            cov.CovResponse("VerzoekAkkoord", [FOUND]),
            "not CovResponse",
            "geen CovResponse",
        ),
        ("peildatum", None, "a date (datetime.date), not NoneType", "geen NoneType"),
        ("peildatum", "2026-06-01", "a date (datetime.date), not str", "geen str"),
        ("peildatum", NOW, "a date (datetime.date), not datetime", "geen datetime"),
        (
            "now",
            None,
            "with a time zone (UTC), not NoneType",
            "met tijdzone (UTC) zijn, geen NoneType",
        ),
        ("now", "2026-06-01T10:00Z", "not str", "geen str"),
        ("now", D, "not date", "geen date"),
        ("now", NAIVE, "not a naive datetime (2026-06-01T10:00:00)", "datetime zonder tijdzone"),
        ("bsn", 999900006, "bsn must be text (a str), not int", "bsn moet tekst (een str) zijn"),
        ("message_result", None, "message_result must be text", "message_result moet tekst"),
    ],
)
def test_merge_policies_refuses_each_argument_of_the_wrong_kind(
    argument: str, value: object, english: str, dutch: str
) -> None:
    """The trial's calls: each an ``InputError`` naming the argument, in English and Dutch.

    Before: ``existing=None`` a ``TypeError``, ``[None]`` an ``AttributeError``, a whole
    ``CovResponse`` as ``answer`` silently ``not_verified='VerzoekAkkoord'``, a naive or text
    ``now`` stored as ``last_verified``.
    """
    args = {**_merge_args(), argument: value}
    error = _refusal(lambda: cov.merge_policies(**args))
    assert str(error).startswith(argument)
    assert english in str(error)
    assert error.text("nl").startswith(argument)
    assert any(part in error.text("nl") for part in dutch.split("|"))


@pytest.mark.parametrize("argument", list(_merge_args()))
@pytest.mark.parametrize("value", ODD, ids=repr)
def test_merge_policies_never_fails_inside_whatever_an_argument_is(
    argument: str, value: object
) -> None:
    """Any odd value of any argument: a merge, or an ``InputError`` naming that argument."""
    args = {**_merge_args(), argument: value}
    error = _refused(lambda: cov.merge_policies(**args))
    assert error is None or str(error).startswith(argument), error


def test_a_valid_merge_still_merges_and_a_tuple_of_policies_is_taken() -> None:
    """The checks refuse only wrong kinds: a tuple of policies and an aware ``now`` merge."""
    later = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    out, report = cov.merge_policies((MANUAL,), FOUND, D, later, bsn=BSN)
    assert report.added == ("cov-3311-123456789-basis",)
    assert out[-1].last_verified == later


@pytest.mark.parametrize(
    ("field", "value", "given"),
    [
        ("id", 1, "int"),
        ("origin", None, "NoneType"),
        ("uzovi", None, "NoneType"),
        ("uzovi", 3311, "int"),
        ("number", None, "NoneType"),
        ("kind", None, "NoneType"),
        ("package_name", 5, "int"),
        ("start", "2026-01-01", "str"),
        ("end", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "datetime"),
        ("active", "no", "str"),
        ("active", 0, "int"),
        ("last_verified", "2026-01-01", "str"),
        ("last_verified", D, "date"),
    ],
)
def test_policy_refuses_a_field_of_the_wrong_kind(field: str, value: object, given: str) -> None:
    """``Policy(...)``: a field of the wrong kind names ``Policy.<field>`` and the type given.

    Before, ``Policy(uzovi=None)`` was built and the merge crashed on it later.
    """
    fields: dict[str, Any] = {"id": "p", "origin": "COV", "uzovi": "3311", "number": "1"}
    error = _refusal(lambda: cov.Policy(**{**fields, field: value}))
    assert str(error).startswith(f"Policy.{field} must be ")
    assert str(error).endswith(f"not {given}")
    assert error.text("nl").startswith(f"Policy.{field} moet ")


def test_policy_refuses_a_naive_last_verified_and_evolve_checks_too() -> None:
    """``last_verified`` is documented UTC: a naive datetime is refused, also by ``evolve``."""
    error = _refusal(lambda: attrs.evolve(MANUAL, last_verified=NAIVE))
    assert "Policy.last_verified" in str(error)
    assert "naive datetime" in str(error)
    assert "zonder tijdzone" in error.text("nl")
    assert attrs.evolve(MANUAL, last_verified=NOW).last_verified == NOW


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: cov.Verzekering("Actief", 3311, "1", "Basis"), "Verzekering.uzovi"),
        (
            lambda: cov.Verzekering("Actief", "3311", "1", "Basis", einddatum="2026"),
            "Verzekering.einddatum",
        ),
        (lambda: cov.Verzekerde("Actief", BSN, verzekeringen=5), "Verzekerde.verzekeringen"),
        (lambda: cov.Verzekerde("Actief", BSN, verzekeringen=[{}]), "Verzekerde.verzekeringen"),
        (lambda: cov.Verzekerde("Actief", BSN, overleden="ja"), "Verzekerde.overleden"),
        (lambda: cov.Zoekresultaat(1, "Gevonden", None, {"bsn": BSN}), "Zoekresultaat.verzekerde"),
        (lambda: cov.Zoekresultaat("1", "Gevonden"), "Zoekresultaat.volgnummer"),
        (lambda: cov.CovResponse("VerzoekAkkoord", FOUND), "CovResponse.zoekresultaten"),
        (lambda: cov.CovResponse(None), "CovResponse.resultaat"),
        (lambda: cov.CovRequest(12345678, []), "CovRequest.agb"),
        (lambda: cov.CovRequest("12345678", [None]), "CovRequest.zoekopdrachten"),
        (lambda: cov.Zoekopdracht(1, "1980-01-01", D), "Zoekopdracht.geboortedatum"),
        (lambda: cov.Zoekopdracht(1, None, D, huisnummer="5"), "Zoekopdracht.huisnummer"),
    ],
)
def test_the_vz801_and_vz802_records_refuse_a_field_of_the_wrong_kind(
    build: Callable[[], object], named: str
) -> None:
    """Records built by a caller (as tests and the fake do) refuse wrong kinds when built.

    Before, ``Zoekresultaat(..., verzekerde={...})`` was accepted and crashed the merge.
    """
    error = _refusal(build)
    assert str(error).startswith(f"{named} must be ")
    assert error.text("nl").startswith(f"{named} moet ")


SEARCH = cov.Zoekopdracht(1, dt.date(1980, 1, 1), D, bsn=BSN)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: cov.CovResponse.from_xml(5), "data must be bytes, not int"),
        (lambda: cov.CovRequest.from_xml("<a/>"), "data must be bytes, not str"),
        (lambda: cov.CovRequest("12345678", [SEARCH]).check("2026-06-01"), "today must be a date"),
        (lambda: SEARCH.problems(None), "today must be a date (datetime.date), not NoneType"),
        (lambda: SEARCH.problems(NOW), "today must be a date (datetime.date), not datetime"),
    ],
)
def test_the_methods_of_the_records_refuse_an_argument_of_the_wrong_kind(
    call: Callable[[], object], named: str
) -> None:
    """``from_xml``, ``check`` and ``problems``: before, a ``TypeError`` or ``AttributeError``."""
    assert named in str(_refusal(call))


@pytest.mark.parametrize("field", [f.name for f in attrs.fields(cov.Policy)])
@pytest.mark.parametrize("value", ODD, ids=repr)
def test_any_policy_that_can_be_built_can_be_merged(field: str, value: object) -> None:
    """Each field of ``Policy`` with each odd value: refused when built, or merged.

    Never a failure inside the merge: the kind of the trial's defect, not only its instances.
    """
    fields: dict[str, Any] = {"id": "p", "origin": "COV", "uzovi": "3311", "number": "1"}
    built: list[cov.Policy] = []
    error = _refused(lambda: built.append(cov.Policy(**{**fields, field: value})))
    if error is not None:
        assert str(error).startswith((f"Policy.{field} ", "policy origin")), error
        return
    out, _report = cov.merge_policies(built, FOUND, D, NOW, bsn=BSN)
    assert len(out) == 2


def test_verify_answer_says_another_person_no_person_and_the_answer_warnings() -> None:
    """``verify_answer``: steps 1 and 2 of the merge for a caller that only shows the answer."""
    other = cov.verify_answer(FOUND, bsn="999990020")
    assert (other.person, other.not_verified) == (None, "other-person")
    assert cov.verify_answer(cov.Zoekresultaat(1, "Gevonden")).not_verified == "no-person"
    assert cov.verify_answer(FOUND, message_result="Fault").not_verified == "Fault"
    person = cov.Verzekerde("DubbeleActieveVerzekeringenGevonden", BSN, overleden=True)
    both = cov.verify_answer(attrs.evolve(FOUND, verzekerde=person), bsn=BSN)
    assert both.person == person
    assert both.not_verified is None
    assert [w.split(":")[0] for w in both.warnings] == [
        "DubbeleActieveVerzekeringenGevonden",
        "Overleden",
    ]
    error = _refusal(lambda: cov.verify_answer(cov.CovResponse("VerzoekAkkoord", [FOUND])))
    assert "one of CovResponse.zoekresultaten" in str(error)


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"id": ""}, "Policy.id is empty"),
        ({"uzovi": " "}, "Policy.uzovi is empty"),
        ({"number": ""}, "Policy.number is empty"),
    ],
)
def test_a_policy_without_a_key_is_refused(fields: dict[str, object], said: str) -> None:
    """An empty key is refused when the policy is made.

    It would match no COV policy, or a wrong one: a MANUAL "" conflicted with a COV "000".
    A period that ends the day before it starts is kept (a policy cancelled before it began).
    """
    given: dict[str, object] = {"id": "p1", "origin": "MANUAL", "uzovi": "3311", "number": "1"}
    with pytest.raises(InputError, match=said):
        Policy(**{**given, **fields})  # type: ignore[arg-type]
    assert Policy(**given, start=dt.date(2026, 1, 2), end=dt.date(2026, 1, 1))  # type: ignore[arg-type]


def test_two_policies_of_one_id_are_refused_by_the_merge() -> None:
    """The merge report names policies by id: two of one id could not be told apart."""
    one = Policy(id="p1", origin="COV", uzovi="3311", number="1")
    other = Policy(id="p1", origin="COV", uzovi="3311", number="999")
    with pytest.raises(InputError, match='two policies with the same id: "p1"'):
        merge_policies(
            [one, other], None, dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        )


def test_a_soap_fault_text_is_its_whole_string_value() -> None:
    """A comment inside ``faultstring`` does not cut the fault's text at its first text node."""
    soap = "http://schemas.xmlsoap.org/soap/envelope/"
    data = (
        f'<s:Envelope xmlns:s="{soap}"><s:Body><s:Fault><faultcode>s:Client</faultcode>'
        "<faultstring>Ongeldig <!-- x -->verzoek</faultstring></s:Fault></s:Body></s:Envelope>"
    ).encode()
    assert cov.CovResponse.from_xml(data).fault == "Ongeldig verzoek"
