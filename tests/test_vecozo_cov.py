"""COV: VZ801/VZ802 objects, preconditions, the fake's SOAP answers and the policy merge."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree
from tests.conftest import FIXTURES
from tests.transport_helpers import world

from eistandaard.core.errors import InputError
from eistandaard.standards.wording import in_lang
from eistandaard.vecozo.cov import (
    CovPreconditionError,
    CovRequest,
    CovResponse,
    Policy,
    Verzekerde,
    Verzekering,
    Zoekopdracht,
    Zoekresultaat,
    elfproef,
    merge_policies,
)
from eistandaard.vecozo.testing import Fault

BSN = "999900006"
D = dt.date(2026, 6, 1)
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 6, 2, 10, 0, tzinfo=dt.UTC)


def policy(
    pid: str,
    origin: str = "COV",
    uzovi: str = "3311",
    number: str = "123456789",
    kind: str = "Basis",
    **kw: object,
) -> Policy:
    """A policy with defaults."""
    return Policy(id=pid, origin=origin, uzovi=uzovi, number=number, kind=kind, **kw)  # type: ignore[arg-type]


def entry(
    uzovi: str = "3311",
    number: str = "123456789",
    soort: str = "Basis",
    resultaat: str = "Actief",
    **kw: object,
) -> Verzekering:
    """A VZ802 insurance with defaults."""
    return Verzekering(
        resultaat=resultaat, uzovi=uzovi, verzekerdennummer=number, soort=soort, **kw
    )  # type: ignore[arg-type]


def found(
    *entries: Verzekering,
    result: str = "Gevonden",
    person: str = "ActieveVerzekeringen",
    **kw: object,
) -> Zoekresultaat:
    """A found search result for the BSN."""
    return Zoekresultaat(1, result, None, Verzekerde(person, BSN, verzekeringen=entries, **kw))  # type: ignore[arg-type]


def by_id(policies: list[Policy]) -> dict[str, Policy]:
    """Policies by id."""
    return {p.id: p for p in policies}


# -- preconditions and XML --------------------------------------------------------------------


def test_elfproef() -> None:
    """The 11-test accepts the test BSN and refuses a changed digit and short input."""
    assert elfproef(BSN)
    assert not elfproef("999900007")
    assert not elfproef("12345678")


def test_preconditions_list_every_problem() -> None:
    """Bad BSN, two search paths, no birth date, peildatum 2 years back, 21 searches: refused."""
    today = dt.date(2026, 6, 1)
    searches = [
        Zoekopdracht(1, dt.date(1980, 1, 1), today, bsn="123456789"),
        Zoekopdracht(2, dt.date(1980, 1, 1), today, bsn=BSN, verzekerdennummer="X1"),
        Zoekopdracht(3, None, today, bsn=BSN),
        Zoekopdracht(4, dt.date(1980, 1, 1), dt.date(2024, 6, 1), bsn=BSN),
    ]
    with pytest.raises(CovPreconditionError) as caught:
        CovRequest("01234567", searches).check(today)
    text = " ".join(caught.value.problems)
    assert "11-test" in text
    assert "exactly one" in text
    assert "birth date" in text
    assert "Peildatum2JaarOfOuder" in text
    many = [Zoekopdracht(i, dt.date(1980, 1, 1), today, bsn=BSN) for i in range(21)]
    with pytest.raises(CovPreconditionError, match="MeerDan20"):
        CovRequest("01234567", many).check(today)
    CovRequest("01234567", many[:20]).check(today)  # 20 is fine (volgnummers unique)


def test_each_search_path_alone_is_accepted_and_half_a_path_is_not() -> None:
    """Each search path alone is fine; half a path or two years back is refused before calling.

    Insured number alone and postcode + house number alone pass; a postcode without house number
    (or the reverse), no path, no searches, a peildatum exactly two years back are refused.
    """
    today = dt.date(2026, 6, 1)
    birth = dt.date(1980, 1, 1)
    CovRequest("01234567", [Zoekopdracht(1, birth, today, verzekerdennummer="123456789")]).check(
        today
    )
    CovRequest("01234567", [Zoekopdracht(1, birth, today, postcode="1234AB", huisnummer=5)]).check(
        today
    )
    CovRequest("01234567", [Zoekopdracht(1, birth, dt.date(2024, 6, 2), bsn=BSN)]).check(today)
    for search, expected in (
        (Zoekopdracht(1, birth, today, postcode="1234AB"), "postcode and house number"),
        (Zoekopdracht(1, birth, today, huisnummer=5), "postcode and house number"),
        (Zoekopdracht(1, birth, today), "exactly one search path"),
        (Zoekopdracht(1, birth, dt.date(2024, 6, 1), bsn=BSN), "Peildatum2JaarOfOuder"),
        (Zoekopdracht(1, birth, None, bsn=BSN), "peildatum is required"),
    ):
        with pytest.raises(CovPreconditionError, match=expected):
            CovRequest("01234567", [search]).check(today)
    with pytest.raises(CovPreconditionError, match="GeenZoekopdrachten"):
        CovRequest("01234567", []).check(today)


def test_vz801_and_vz802_round_trip() -> None:
    """Request and response survive serialisation with every field."""
    request = CovRequest(
        "01234567", [Zoekopdracht(1, dt.date(1980, 1, 1), D, bsn=BSN, referentie="client-7")]
    )
    assert CovRequest.from_xml(request.to_xml()) == request
    response = CovResponse(
        "VerzoekAkkoord",
        [found(entry(pakketcode="P1", ingangsdatum=D, einddatum=None), overleden=True)],
    )
    assert CovResponse.from_xml(response.to_xml()) == response


def test_every_vz801_and_vz802_field_round_trips_under_its_element_name() -> None:
    """Each field is written under its own element, in the layout's order, and read back."""
    search = Zoekopdracht(
        3,
        dt.date(1980, 1, 1),
        D,
        postcode="1234AB",
        huisnummer=12,
        huisnummertoevoeging="b",
        referentie="client-9",
    )
    request = CovRequest("01234567", [search])
    data = request.to_xml()
    assert CovRequest.from_xml(data) == request
    children = [
        (etree.QName(c).localname, c.text)
        for e in etree.fromstring(data).iter()
        if etree.QName(e).localname == "Zoekopdracht"
        for c in e
    ]
    assert children == [
        ("Volgnummer", "3"),
        ("Postcode", "1234AB"),
        ("Huisnummer", "12"),
        ("Huisnummertoevoeging", "b"),
        ("Geboortedatum", "1980-01-01"),
        ("Peildatum", "2026-06-01"),
        ("ReferentieZorgaanbieder", "client-9"),
    ]
    full = entry(
        pakketcode="P1",
        pakketnaam="Basis Plus",
        labelcode="L7",
        labelnaam="Label",
        ingangsdatum=dt.date(2026, 1, 1),
        einddatum=dt.date(2026, 12, 31),
    )
    response = CovResponse(
        "VerzoekAkkoord",
        [attrs.evolve(found(full, geboortedatum=dt.date(1980, 1, 1)), referentie="client-9")],
    )
    data = response.to_xml()
    assert CovResponse.from_xml(data) == response
    policy_elements = [
        etree.QName(c).localname
        for e in etree.fromstring(data).iter()
        if etree.QName(e).localname == "Verzekering"
        for c in e
    ]
    assert policy_elements == [
        "Resultaat",
        "UZOVI",
        "Verzekerdenummer",
        "SoortVerzekering",
        "Pakketcode",
        "Pakketnaam",
        "Labelcode",
        "Labelnaam",
        "Ingangsdatum",
        "Einddatum",
    ]


def test_fake_cov_answers_every_kind() -> None:
    """The fake's COV: found, not found, 11-test, two paths, too many, and a SOAP fault."""
    with world() as w:
        w.fake.cov_answers[BSN] = found(entry())
        ok = Zoekopdracht(1, dt.date(1980, 1, 1), w.fake.today(), bsn=BSN)
        searches = [
            ok,
            attrs.evolve(ok, volgnummer=2, bsn="999900018"),
            attrs.evolve(ok, volgnummer=3, bsn="123456789"),
            attrs.evolve(ok, volgnummer=4, verzekerdennummer="X"),
            attrs.evolve(ok, volgnummer=5, bsn=None),
        ]
        answer = CovResponse.from_xml(w.client.cov_call(CovRequest("01234567", searches).to_xml()))
        assert answer.resultaat == "VerzoekAkkoord"
        assert [z.resultaat for z in answer.zoekresultaten] == [
            "Gevonden",
            "NietGevonden",
            "BsnVoldoetNietAanElfProef",
            "MeerdereZoekpadenOpgegeven",
            "GeenGeldigZoekpad",
        ]
        many = [attrs.evolve(ok, volgnummer=i) for i in range(21)]
        assert (
            CovResponse.from_xml(w.client.cov_call(CovRequest("01234567", many).to_xml())).resultaat
            == "MeerDan20Zoekopdrachten"
        )
        assert (
            CovResponse.from_xml(w.client.cov_call(CovRequest("01234567", []).to_xml())).resultaat
            == "GeenZoekopdrachten"
        )
        w.fake.inject(Fault.UNPROCESSABLE, op="cov")
        fault = CovResponse.from_xml(w.client.cov_call(CovRequest("01234567", [ok]).to_xml()))
        assert fault.fault is not None


# -- merge: NOTES.md §3.4 edge cases ------------------------------------------------------------


def test_basis_and_aanvullend_same_number_are_two_policies() -> None:
    """Same insurer, same number, basic + supplementary: two policies (kind in the key)."""
    out, report = merge_policies([], found(entry(), entry(soort="Aanvullend")), D, NOW)
    assert len(out) == 2
    assert len(report.added) == 2


def test_label_switch_two_numbers() -> None:
    """A new number is added; the absent old one is deactivated only if its period has D."""
    old_covering = policy("old", number="111", start=dt.date(2026, 1, 1))
    old_past = policy("past", number="222", end=dt.date(2025, 12, 31))
    out, report = merge_policies([old_covering, old_past], found(entry(number="333")), D, NOW)
    got = by_id(out)
    assert not got["old"].active
    assert got["past"].active  # its period does not contain D: COV said nothing about it
    assert report.deactivated == ("old",)
    assert len(report.added) == 1


def test_same_key_twice_collapses_to_the_covering_period() -> None:
    """Package change: two entries of one key, the one whose period contains D wins."""
    a = entry(
        pakketcode="OLD",
        ingangsdatum=dt.date(2025, 1, 1),
        einddatum=dt.date(2025, 12, 31),
        resultaat="Inactief",
    )
    b = entry(pakketcode="NEW", ingangsdatum=dt.date(2026, 1, 1))
    out, report = merge_policies([], found(a, b), D, NOW)
    assert [p.package_code for p in out] == ["NEW"]
    assert len(report.collapsed) == 1


def test_number_formatting_matches_strictly() -> None:
    """'123-456 789' and '123456789' are the same number."""
    out, report = merge_policies([policy("p", number="123-456 789")], found(entry()), D, NOW)
    assert report.added == ()
    assert report.unchanged == ()
    assert report.updated == ("p",)  # the number as COV spells it
    assert by_id(out)["p"].number == "123456789"


def test_leading_zeros_match_loosely_with_warning() -> None:
    """'00123456' vs '123456': matched when unique, with a warning."""
    out, report = merge_policies(
        [policy("p", number="00123456")], found(entry(number="123456")), D, NOW
    )
    assert report.added == ()
    assert any("matched_loosely" in w for w in report.warnings)
    assert len(out) == 1


def test_uzovi_as_short_number_is_padded() -> None:
    """UZOVI 311 (a number that lost its zero) matches 0311."""
    out, report = merge_policies([policy("p", uzovi="0311")], found(entry(uzovi="311")), D, NOW)
    assert report.added == ()
    assert by_id(out)["p"].uzovi == "0311"


def test_short_cov_number_is_accepted() -> None:
    """COV's '559' (shorter than manual entry allows) is taken as it is."""
    out, _ = merge_policies(
        [], found(entry(number="559", soort="Aanvullend", uzovi="3000")), D, NOW
    )
    assert out[0].number == "559"


def test_end_dated_policy_is_kept_inactive() -> None:
    """An Inactief entry ending before D is added inactive; nothing is deleted."""
    e = entry(resultaat="Inactief", einddatum=dt.date(2026, 1, 31))
    out, report = merge_policies([], found(e, person="InactieveVerzekeringen"), D, NOW)
    assert len(out) == 1
    assert not out[0].active
    assert report.added == (out[0].id,)


def test_deactivated_policy_comes_back() -> None:
    """A COV policy set inactive before and Actief again now is reactivated."""
    out, report = merge_policies([policy("p", active=False)], found(entry()), D, NOW)
    assert by_id(out)["p"].active
    assert report.reactivated == ("p",)


@pytest.mark.parametrize("result", ["NietGevonden", "BsnOnbekend", None])
def test_not_found_fault_or_timeout_changes_nothing(result: str | None) -> None:
    """Anything but a found result (None: fault/time-out) leaves the list as it was."""
    before = [policy("p")]
    answer = None if result is None else Zoekresultaat(1, result)
    out, report = merge_policies(before, answer, D, NOW)
    assert out == before
    assert report.not_verified == (result or "no-answer")


def test_message_level_refusal_changes_nothing() -> None:
    """A VZ802 that is not VerzoekAkkoord changes nothing."""
    before = [policy("p")]
    out, report = merge_policies(before, found(), D, NOW, message_result="MeerDan20Zoekopdrachten")
    assert out == before
    assert report.not_verified == "MeerDan20Zoekopdrachten"


def test_answer_for_another_person_changes_nothing() -> None:
    """A result whose BSN differs from the one asked is not merged."""
    before = [policy("p")]
    out, report = merge_policies(before, found(), D, NOW, bsn="999900018")
    assert out == before
    assert report.not_verified == "other-person"


def test_hidden_insurer_is_not_deactivated() -> None:
    """NietGeautoriseerdVoorZorgverzekeraar for X: no policy created, X's policies kept."""
    hidden = entry(uzovi="3311", number="999", resultaat="NietGeautoriseerdVoorZorgverzekeraar")
    out, report = merge_policies([policy("p")], found(hidden), D, NOW)
    assert by_id(out)["p"].active
    assert report.added == ()
    assert report.deactivated == ()


def test_manual_with_same_key_is_untouched_and_conflicts() -> None:
    """MANUAL stays as it is; the COV policy is added beside it; a conflict is reported."""
    manual = policy("m", origin="MANUAL", package_name="typed in")
    out, report = merge_policies([manual], found(entry(pakketnaam="COV")), D, NOW)
    got = by_id(out)
    assert got["m"] == manual
    assert len(out) == 2
    assert report.conflicts == (("m", report.added[0]),)


def test_past_peildatum_only_deactivates_covering_policies() -> None:
    """A check for last year deactivates only COV policies whose period contains that date."""
    last_year = dt.date(2025, 6, 1)
    current = policy("now", number="1", start=dt.date(2026, 1, 1))
    then = policy("then", number="2", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    out, report = merge_policies([current, then], found(entry(number="3")), last_year, NOW)
    assert report.deactivated == ("then",)
    assert by_id(out)["now"].active


def test_same_answer_twice_only_moves_last_verified() -> None:
    """Merging the same answer again changes nothing but last_verified."""
    answer = found(entry(), entry(soort="Aanvullend", number="77"))
    once, _ = merge_policies([policy("p", number="5")], answer, D, NOW)
    twice, report = merge_policies(once, answer, D, LATER)
    assert [attrs.evolve(p, last_verified=None) for p in twice] == [
        attrs.evolve(p, last_verified=None) for p in once
    ]
    assert report.added == ()
    assert report.deactivated == ()


def test_warnings_double_insurance_deceased_future() -> None:
    """Double insurance, deceased and a future peildatum are reported as warnings."""
    answer = found(
        entry(),
        entry(uzovi="7029", number="9"),
        result="GevondenPeildatumInToekomst",
        person="DubbeleActieveVerzekeringenGevonden",
        overleden=True,
    )
    out, report = merge_policies([], answer, D, NOW)
    text = " ".join(report.warnings)
    assert "Dubbele" in text
    assert "Overleden" in text
    assert "Toekomst" in text
    assert "more than one active basic" in text
    assert all(p.active for p in out)
    assert report.enable_insurance_funding
    dutch = " ".join(in_lang(w, "nl") for w in report.warnings)  # each warning knows its Dutch
    assert "Overleden: COV meldt dat de persoon is overleden" in dutch
    assert "meer dan één actieve basisverzekering na het samenvoegen" in dutch
    assert "more than one" not in dutch


# -- properties -------------------------------------------------------------------------------

uzovis = st.sampled_from(["3311", "311", "7029", "0203"])
numbers = st.sampled_from(["123456789", "123-456-789", "00123", "123", "559"])
kinds = st.sampled_from(["Basis", "Aanvullend", "Tand", "Hoofdverzekering"])
dates = st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)))
policies_st = st.lists(
    st.builds(
        Policy,
        id=st.uuids().map(str),
        origin=st.sampled_from(["MANUAL", "COV"]),
        uzovi=uzovis,
        number=numbers,
        kind=kinds,
        start=dates,
        end=dates,
        active=st.booleans(),
    ),
    max_size=6,
    unique_by=lambda p: p.id,
)
entries_st = st.lists(
    st.builds(
        Verzekering,
        resultaat=st.sampled_from(["Actief", "Inactief", "NietGeautoriseerdVoorZorgverzekeraar"]),
        uzovi=uzovis,
        verzekerdennummer=numbers,
        soort=kinds,
        ingangsdatum=dates,
        einddatum=dates,
    ),
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(policies_st, entries_st, st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))
def test_property_idempotent(
    existing: list[Policy], entries: list[Verzekering], day: dt.date
) -> None:
    """Merging the result of a merge with the same answer gives the same list."""
    answer = found(*entries)
    once, _ = merge_policies(existing, answer, day, NOW)
    twice, _ = merge_policies(once, answer, day, NOW)
    assert twice == once


@settings(max_examples=150, deadline=None)
@given(policies_st, entries_st, st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))
def test_property_manual_untouched_and_nothing_deleted(
    existing: list[Policy], entries: list[Verzekering], day: dt.date
) -> None:
    """MANUAL policies come out unchanged, every id survives, new ones are COV."""
    out, report = merge_policies(existing, found(*entries), day, NOW)
    got = by_id(out)
    for p in existing:
        assert p.id in got
        if p.origin == "MANUAL":
            assert got[p.id] == p
    for pid in report.added:
        assert got[pid].origin == "COV"
    assert len(out) == len(existing) + len(report.added)


COV_FIXTURES = sorted((FIXTURES / "vecozo/cov").glob("*.xml"))


@pytest.mark.parametrize("path", COV_FIXTURES, ids=lambda p: p.stem)
def test_cov_fixture_reads_and_merges_as_its_sidecar_says(path: Path) -> None:
    """Each VZ802 fixture parses and merges into an empty list as its sidecar expects."""
    expected = tomllib.loads(path.with_suffix("").with_suffix(".expected.toml").read_text())
    answer = CovResponse.from_xml(path.read_bytes())
    assert answer.resultaat == expected["resultaat"]
    assert [z.resultaat for z in answer.zoekresultaten] == expected["zoekresultaten"]
    assert (answer.fault is not None) == expected["fault"]
    first = answer.zoekresultaten[0] if answer.zoekresultaten else None
    policies = first.verzekerde.verzekeringen if first and first.verzekerde else ()
    assert len(policies) == expected["verzekeringen"]
    out, report = merge_policies([], first, D, NOW, bsn=BSN, message_result=answer.resultaat)
    merge = expected["merge"]
    assert len(report.added) == merge["added"]
    assert sum(p.active for p in out) == merge["active"]
    assert (report.not_verified or "") == merge["not_verified"]


def test_vz802_value_split_by_a_comment_is_read_whole() -> None:
    """A comment inside a VZ802 value is left out, not where the value stops.

    ``<Bsn>1234<!--x-->56782</Bsn>`` is read as its string value, as every other reader does.
    """
    response = CovResponse(
        "VerzoekAkkoord",
        [found(entry(pakketcode="P1", ingangsdatum=D, einddatum=None), overleden=True)],
    )
    data = response.to_xml()
    assert f">{BSN}<".encode() in data
    split = data.replace(f">{BSN}<".encode(), f">{BSN[:4]}<!--x-->{BSN[4:]}<".encode(), 1)
    assert split != data
    assert CovResponse.from_xml(split) == response


@pytest.mark.parametrize("origin", ["manual", "cov", "", "IMPORT"])
def test_a_policy_of_an_unknown_origin_is_refused(origin: str) -> None:
    """An origin other than MANUAL or COV is refused when the policy is made.

    The merge would treat it as neither: never changed, never reported as a conflict.
    """
    with pytest.raises(InputError, match="neither MANUAL nor COV"):
        Policy(id="p1", origin=origin, uzovi="3311", number="123")


def test_the_merge_reads_active_and_hidden_results_from_cov_toml() -> None:
    """The result values the merge compares are data: every one is a known policy result."""
    from eistandaard.vecozo.cov import cov_data

    results = cov_data()["results"]
    assert set(results["active"]) | set(results["hidden"]) <= set(results["policy"])
    assert not set(results["active"]) & set(results["hidden"])
