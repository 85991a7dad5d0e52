"""The Dutch "today" (Europe/Amsterdam), resolved once, whatever the machine's time zone.

A fake clock (:func:`eistandaard.core.clock.using`) stands just before and just after midnight in
Amsterdam, in winter (UTC+1) and in summer (UTC+2). Messages dated the Dutch "today" are not in the
future; answers are never dated before their request.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, need_shared

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core import clock
from eistandaard.core.errors import InputError

UTC = dt.UTC
WINTER_BEFORE = dt.datetime(2026, 11, 30, 22, 59, 59, tzinfo=UTC)  # 23:59:59 in Amsterdam
WINTER_AFTER = dt.datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 December
SUMMER_BEFORE = dt.datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC)  # 23:59:59 CEST
SUMMER_AFTER = dt.datetime(2026, 6, 30, 22, 0, tzinfo=UTC)  # 00:00 on 1 July

# (fixture, code when the message is "in the future", the request's date element)
DATED = [
    ("iwmo/3.2/WMO323/invalid/today-dagtekening-2026-12-01.xml", "TR135"),
    ("ijw/3.2/JW323/invalid/today-dagtekening-2026-12-01.xml", "TR135"),
    ("gds/1.0/GDS801/invalid/today-verzenddatum-2026-12-01.xml", "VC006-8986"),
    ("bm/2.0/BM801/invalid/today-verzenddatum-2026-12-01.xml", "VC004"),
]


def _ids(case: tuple[str, str]) -> str:
    return case[0].split("/")[2]


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (WINTER_BEFORE, dt.date(2026, 11, 30)),
        (WINTER_AFTER, dt.date(2026, 12, 1)),
        (SUMMER_BEFORE, dt.date(2026, 6, 30)),
        (SUMMER_AFTER, dt.date(2026, 7, 1)),
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), dt.date(2026, 3, 29)),  # DST starts
        (dt.datetime(2026, 10, 25, 22, 59, tzinfo=UTC), dt.date(2026, 10, 25)),  # after DST
        (dt.datetime(2026, 10, 25, 23, 0, tzinfo=UTC), dt.date(2026, 10, 26)),
    ],
)
def test_today_is_the_amsterdam_calendar_date(moment: dt.datetime, day: dt.date) -> None:
    """clock.today() gives Amsterdam's date, before and after midnight, winter and summer."""
    with clock.using(moment):
        assert clock.today() == day


def test_a_moment_in_another_zone_is_converted() -> None:
    """An aware time in any zone is read as the same instant (New York evening = NL next day)."""
    new_york = dt.datetime(2026, 11, 30, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with clock.using(lambda: new_york):
        assert clock.today() == dt.date(2026, 12, 1)
        assert clock.now().utcoffset() == dt.timedelta(hours=1)


def test_a_naive_clock_is_refused() -> None:
    """A source without a zone is ambiguous: an InputError, never a guess."""
    with clock.using(lambda: dt.datetime(2026, 11, 30, 23, 30)), pytest.raises(InputError):
        clock.today()


def test_the_fake_clock_is_restored() -> None:
    """After the block the real source is back (a fixed moment does not leak)."""
    with clock.using(WINTER_BEFORE):
        assert clock.today() == dt.date(2026, 11, 30)
    assert clock._source is clock._system_now


@pytest.mark.parametrize("case", DATED, ids=_ids)
def test_message_dated_today_in_nl_is_not_in_the_future(case: tuple[str, str]) -> None:
    """A message of 2026-12-01 is "in the future" at 23:59 on 30 Nov NL, not at 00:30 on 1 Dec."""
    path, code = case
    with clock.using(WINTER_BEFORE):
        before = eistandaard.validate(FIXTURES / path)
    with clock.using(WINTER_AFTER):
        after = eistandaard.validate(FIXTURES / path)
    assert before.as_of == dt.date(2026, 11, 30)
    assert code in before.codes
    assert after.as_of == dt.date(2026, 12, 1)
    assert after.accepted, after.findings


@pytest.mark.parametrize("case", DATED, ids=_ids)
def test_summer_midnight_is_at_22_utc(case: tuple[str, str]) -> None:
    """The same message dated 2026-07-01: in the future at 21:59Z, not at 22:00Z (UTC+2).

    (Other dates of the message now lie after the one changed, so only the "today" rule is read.)
    """
    path, code = case
    data = (FIXTURES / path).read_bytes().replace(b"2026-12-01", b"2026-07-01")
    with clock.using(SUMMER_BEFORE):
        before = eistandaard.validate(data)
    with clock.using(SUMMER_AFTER):
        after = eistandaard.validate(data)
    assert (before.as_of, after.as_of) == (dt.date(2026, 6, 30), dt.date(2026, 7, 1))
    assert code in before.codes
    assert code not in after.codes


def test_cli_validate_uses_the_dutch_date(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei validate` at 23:30Z on 30 Nov accepts a WMO323 of 1 Dec and reports as_of 1 Dec."""
    path = FIXTURES / DATED[0][0]
    with clock.using(WINTER_AFTER):
        assert main(["validate", "--format", "json", str(path)]) == 0
    assert '"as_of": "2026-12-01"' in capsys.readouterr().out


def _answer_date(path: Path) -> str:
    root = etree.parse(str(path)).getroot()
    found = root.xpath(
        "/*/*[local-name()='Header']/*[local-name()='Verzenddatum']"
        " | /*/*[local-name()='Header']/*[local-name()='BerichtIdentificatie']"
        "/*[local-name()='Dagtekening']"
    )
    assert found, "the answer has no date"
    return str(found[0].text)


@pytest.mark.parametrize("case", DATED, ids=_ids)
@pytest.mark.parametrize("moment", [WINTER_BEFORE, WINTER_AFTER])
def test_cli_answer_is_never_dated_before_its_request(
    case: tuple[str, str], moment: dt.datetime, tmp_path: Path
) -> None:
    """`ei return` dates the answer today in NL, and never before the request (2026-12-01)."""
    path, _ = case
    out = tmp_path / "answer.xml"
    with clock.using(moment):
        code = main(["return", str(FIXTURES / path), "-o", str(out)])
    assert code == 0
    assert _answer_date(out) == "2026-12-01"


def test_cli_answer_dated_on_a_later_dutch_day(tmp_path: Path) -> None:
    """A request of 2026-11-20 answered at 23:30Z on 1 Dec gets 2 Dec (the Dutch date)."""
    request = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
    out = tmp_path / "answer.xml"
    with clock.using(dt.datetime(2026, 12, 1, 23, 30, tzinfo=UTC)):
        assert main(["return", str(request), "-o", str(out)]) == 0
    assert _answer_date(out) == "2026-12-02"


def test_cli_refuses_an_answer_date_before_the_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dagtekening before the request's date is a usage error; nothing is written."""
    out = tmp_path / "answer.xml"
    path = FIXTURES / DATED[0][0]
    argv = ["return", str(path), "--dagtekening", "2026-11-30", "-o", str(out)]
    assert main([*argv, "--lang", "en"]) == 2
    assert "before its request" in capsys.readouterr().err
    assert main(argv) == 2  # Dutch by default
    assert "ligt vóór die van het heenbericht" in capsys.readouterr().err
    assert not out.exists()


def test_library_answer_default_is_not_before_the_request() -> None:
    """build_return without a dagtekening: today in NL, at least the request's Dagtekening."""
    path = FIXTURES / DATED[0][0]
    with clock.using(WINTER_BEFORE):
        report = eistandaard.validate(path)
        result = eistandaard.build_return(path, report)
    assert result.dagtekening == "2026-12-01"


def test_chain_answers_are_not_before_the_bm801(tmp_path: Path) -> None:
    """`ei chain` at 23:59 NL on 30 Nov: every message it writes is dated 2026-12-01 or later."""
    path = FIXTURES / DATED[3][0]
    (tmp_path / "out").mkdir()
    with clock.using(WINTER_BEFORE):
        assert main(["chain", str(path), "-o", str(tmp_path / "out")]) == 1
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == ["flow3-BM802.xml"]
    assert _answer_date(written[0]) == "2026-12-01"  # HuidigeDatum in its Feedback stays 30 Nov


@pytest.mark.parametrize(
    ("request_date", "explicit", "on", "expected"),
    [
        ("2026-12-01", None, dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
        ("2026-11-20", None, dt.date(2026, 11, 30), dt.date(2026, 11, 30)),
        ("2026-12-01+01:00", None, dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
        ("not a date", None, dt.date(2026, 11, 30), dt.date(2026, 11, 30)),
        (None, None, dt.date(2026, 11, 30), dt.date(2026, 11, 30)),
        ("2026-12-01", dt.date(2026, 12, 5), dt.date(2026, 11, 30), dt.date(2026, 12, 5)),
    ],
)
def test_answer_date(
    request_date: str | None, explicit: dt.date | None, on: dt.date, expected: dt.date
) -> None:
    """answer_date: the caller's date, else the later of today and the request's date."""
    assert clock.answer_date(request_date, explicit, on=on) == expected


def test_answer_date_refuses_an_earlier_explicit_date() -> None:
    """With refuse_earlier an explicit date before the request is an InputError."""
    with pytest.raises(InputError, match="before its request"):
        clock.answer_date("2026-12-01", dt.date(2026, 11, 30), refuse_earlier=True)


def test_no_module_reads_the_machine_date() -> None:
    """Only clock.py asks the system for the time; nothing in src/ calls date.today() or now()."""
    src = Path(eistandaard.__file__).parent
    offenders = []
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("date.today(", "datetime.now(", "utcnow(", "datetime.today(", "time.time("):
            if needle in text and path.name != "clock.py":
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []


@pytest.mark.parametrize(
    "name", ["WMO323-dagtekening-2026-12-01.xml", "GDS801-verzenddatum-2026-12-01.xml"]
)
def test_field_case_fc02(name: str) -> None:
    """fc02: the shared messages of 2026-12-01 are accepted at 23:30Z on 30 Nov."""
    path = need_shared("field-cases", "fc02-dutch-today", name)
    with clock.using(WINTER_AFTER):
        report = eistandaard.validate(path)
    assert report.accepted, report.findings


def test_a_batch_uses_one_today(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`ei validate` reads the clock once: a batch crossing midnight keeps one peildatum."""
    moments = iter([WINTER_BEFORE, WINTER_AFTER, WINTER_AFTER, WINTER_AFTER])
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"  # one file twice is one
    for copy in (first, second):
        copy.write_bytes((FIXTURES / DATED[0][0]).read_bytes())
    with clock.using(lambda: next(moments)):
        assert main(["validate", "--format", "json", str(first), str(second)]) == 1
    out = capsys.readouterr().out
    assert out.count('"as_of": "2026-11-30"') == 2
    assert '"as_of": "2026-12-01"' not in out


def test_the_zone_loads_without_a_system_zone_database() -> None:
    """With no system tz database (an empty TZPATH) the tzdata package supplies Amsterdam."""
    import tomllib
    import zoneinfo

    from tests.conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert any(dep.startswith("tzdata") for dep in declared["dependencies"])
    zoneinfo.reset_tzpath(to=[])
    try:
        zone = zoneinfo.ZoneInfo.no_cache("Europe/Amsterdam")
        assert WINTER_AFTER.astimezone(zone).date() == dt.date(2026, 12, 1)
        assert SUMMER_AFTER.astimezone(zone).date() == dt.date(2026, 7, 1)
    finally:
        zoneinfo.reset_tzpath()
