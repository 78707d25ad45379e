"""Danish public holidays in "open now" and the printed hours: Juledag, Langfredag, Grundlovsdag, DST."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from editing import TODAY, replace
from flask import Flask, render_template_string

from helpsite.content import model
from helpsite.content.loader import check
from helpsite.content.model import CLOSED, HOLIDAY, OPEN, HolidayHours, Hours, Slot
from helpsite.content.publicholidays import holiday_name

CPH = ZoneInfo("Europe/Copenhagen")
UTC = dt.UTC
WEEKDAYS = Hours(always=False, slots=(Slot((0, 1, 2, 3, 4), dt.time(8), dt.time(14)),))


def at(day: str, time: str, zone: dt.tzinfo = CPH) -> dt.datetime:
    """A moment, e.g. at("2026-12-25", "10:00")."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=zone)


def with_holidays(held: HolidayHours) -> Hours:
    """The weekday service, with stated holiday hours."""
    return Hours(always=False, slots=WEEKDAYS.slots, holidays=held)


def test_the_library_knows_the_days() -> None:
    assert holiday_name(dt.date(2026, 12, 25)) == "Juledag"
    assert holiday_name(dt.date(2027, 3, 26)) == "Langfredag"
    assert holiday_name(dt.date(2026, 6, 5)) == "Grundlovsdag"
    assert holiday_name(dt.date(2026, 12, 22)) is None


@pytest.mark.parametrize(
    "day",
    ["2026-12-25", "2027-03-26", "2026-06-05"],  # Juledag, Langfredag, Grundlovsdag: all on a Friday
)
def test_a_weekday_service_says_call_and_ask_on_a_holiday_it_said_nothing_about(day: str) -> None:
    assert WEEKDAYS.state(at(day, "10:00")) == HOLIDAY
    assert not WEEKDAYS.is_open(at(day, "10:00"))
    ordinary_friday = dt.date.fromisoformat(day) - dt.timedelta(days=7)
    assert WEEKDAYS.state(at(str(ordinary_friday), "10:00")) == OPEN


def test_stated_holiday_hours_decide() -> None:
    juledag = at("2026-12-25", "10:30")
    assert with_holidays(HolidayHours()).state(juledag) == CLOSED
    assert with_holidays(HolidayHours(always=True)).state(juledag) == OPEN
    short = with_holidays(HolidayHours(times=((dt.time(10), dt.time(12)),)))
    assert short.state(juledag) == OPEN and short.state(at("2026-12-25", "12:30")) == CLOSED
    # Not a holiday: the weekly hours, whatever the holiday hours say.
    assert with_holidays(HolidayHours()).state(at("2026-12-22", "10:30")) == OPEN


def test_grundlovsdag_on_a_saturday_is_just_closed_for_a_weekday_service() -> None:
    assert holiday_name(dt.date(2027, 6, 5)) == "Grundlovsdag"
    assert WEEKDAYS.state(at("2027-06-05", "10:00")) == CLOSED


def test_a_24_hour_service_is_open_on_every_holiday() -> None:
    assert Hours(always=True).state(at("2026-12-25", "03:00")) == OPEN


def test_the_holiday_is_the_copenhagen_date_not_the_utc_one() -> None:
    every_day = Hours(always=False, slots=(Slot(tuple(range(7)), dt.time(0), dt.time(23, 59)),))
    assert every_day.state(at("2026-12-24", "23:30", UTC)) == HOLIDAY  # 00:30 on Juledag in Copenhagen
    assert every_day.state(at("2026-12-25", "23:30", UTC)) == HOLIDAY  # 00:30 on 2. juledag
    assert every_day.state(at("2026-12-26", "23:30", UTC)) == OPEN  # 00:30 on 27 December


def test_opening_follows_copenhagen_time_across_the_dst_changes() -> None:
    # Summer time began on Sunday 29 March 2026: 06:30 UTC is 07:30 before it, 08:30 after.
    assert WEEKDAYS.state(at("2026-03-23", "06:30", UTC)) == CLOSED
    assert WEEKDAYS.state(at("2026-03-30", "06:30", UTC)) == OPEN
    # It ended on Sunday 25 October 2026: 06:30 UTC is 08:30 before it, 07:30 after.
    assert WEEKDAYS.state(at("2026-10-19", "06:30", UTC)) == OPEN
    assert WEEKDAYS.state(at("2026-10-26", "06:30", UTC)) == CLOSED
    # Påskedag 2027 is the day summer time begins: holiday hours in local time on that short day.
    sundays = Hours(
        always=False,
        slots=(Slot((6,), dt.time(9), dt.time(15)),),
        holidays=HolidayHours(times=((dt.time(10), dt.time(14)),)),
    )
    assert holiday_name(dt.date(2027, 3, 28)) == "Påskedag"
    assert sundays.state(at("2027-03-28", "07:30", UTC)) == CLOSED  # 09:30 CEST
    assert sundays.state(at("2027-03-28", "08:30", UTC)) == OPEN  # 10:30 CEST


def test_the_page_says_helligdag_i_dag_ring_og_hoer(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "holiday_name", lambda day: "Juledag")
    every_day = Hours(always=False, slots=(Slot(tuple(range(7)), dt.time(0), dt.time(23, 59)),))
    source = '{% from "components/hours.html" import hours_text %}{{ hours_text(hours) }}'
    with app.test_request_context("/da/"):
        app.preprocess_request()
        html = render_template_string(source, hours=every_day)
        assert "Helligdag i dag: ring og hør" in html and "Åben nu" not in html
        stated = Hours(always=False, slots=every_day.slots, holidays=HolidayHours())
        html = render_template_string(source, hours=stated)
        assert "Lukket nu" in html and "<li>Lukket på helligdage</li>" in html
        ten_to_two = HolidayHours(times=((dt.time(10), dt.time(14)),))
        short = Hours(always=False, slots=every_day.slots, holidays=ten_to_two)
        html = render_template_string(source, hours=short)
        assert 'Helligdage <bdi class="num">10:00–14:00</bdi>' in html


WEEKLY = 'hours:\n  - {days: mon-fri, open: "08:00", close: "14:00"}\n'


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("closed", None),
        ("always", None),
        ('"10:00-14:00"', None),
        ('"10:00-12:00, 13:00-15:00"', None),
        ('"14:00-10:00"', "'holiday_hours: 14:00-10:00' is not understood"),
        ("sometimes", "'holiday_hours: sometimes' is not understood"),
    ],
)
def test_the_check_reads_holiday_hours(fixture_content: Path, value: str, problem: str | None) -> None:
    path = fixture_content / "services" / "red-center.md"
    replace(path, "hours: always\n", f"{WEEKLY}holiday_hours: {value}\n")
    content, problems = check(fixture_content, ["da", "en"], TODAY)
    found = [p for p in problems if p.path.endswith("red-center.md") and p.severity == "error"]
    if problem is None:
        assert found == [] and content is not None
        assert content.services["red-center"].hours.holidays is not None  # type: ignore[union-attr]
    else:
        assert [p.message for p in found] == [problem]


def test_holiday_hours_need_weekly_hours(fixture_content: Path) -> None:
    path = fixture_content / "services" / "red-center.md"
    replace(path, "hours: always\n", "hours: always\nholiday_hours: closed\n")
    _, problems = check(fixture_content, ["da", "en"], TODAY)
    assert "'holiday_hours' means nothing for a service open 24 hours" in [p.message for p in problems]
