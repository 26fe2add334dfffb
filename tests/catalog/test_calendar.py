"""Business-time arithmetic over evenings, weekends, Korean holidays and closures."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from catalog import calendar as cal
from catalog.models import BusinessCalendar, Closure, OpeningHours

SEOUL = ZoneInfo("Asia/Seoul")


def at(*args):
    return datetime(*args, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cal.forget_cached()
    yield
    cal.forget_cached()


@pytest.fixture
def office(db):
    """Monday to Friday, 09:00-18:00 Seoul, closed on Korean public holidays."""
    calendar = BusinessCalendar.objects.create(name="office", is_default=True)
    for weekday in range(5):
        OpeningHours.objects.create(
            calendar=calendar, weekday=weekday, opens_at=time(9), closes_at=time(18)
        )
    return calendar


def test_minutes_within_one_working_day_add_up_plainly(office):
    assert cal.add_business_minutes(office, at(2026, 11, 24, 10, 0), 90) == at(2026, 11, 24, 11, 30)


def test_an_evening_start_counts_from_the_next_morning(office):
    # Tuesday 20:00 + 1 h -> Wednesday 10:00
    assert cal.add_business_minutes(office, at(2026, 11, 24, 20, 0), 60) == at(2026, 11, 25, 10, 0)


def test_time_left_on_friday_carries_over_the_weekend(office):
    # Friday 17:00 + 2 h: one hour on Friday, one on Monday
    assert cal.add_business_minutes(office, at(2026, 11, 27, 17, 0), 120) == at(2026, 11, 30, 10, 0)


def test_chuseok_and_its_weekend_are_skipped(office):
    # Wed 23 Sep 2026 17:00 + 2 h: Thu 24 - Sat 26 are Chuseok, then Sunday; Monday 28 10:00
    assert cal.add_business_minutes(office, at(2026, 9, 23, 17, 0), 120) == at(2026, 9, 28, 10, 0)


def test_seollal_with_its_substitute_holiday_is_skipped(office):
    # Fri 5 Feb 2027 17:00 + 2 h: Seollal 6-8 Feb and the substitute Tue 9 Feb -> Wed 10 Feb
    assert cal.add_business_minutes(office, at(2027, 2, 5, 17, 0), 120) == at(2027, 2, 10, 10, 0)


def test_a_closure_added_by_a_supervisor_is_skipped(office):
    Closure.objects.create(calendar=office, date=date(2026, 11, 25), reason="워크숍")
    assert cal.add_business_minutes(office, at(2026, 11, 24, 17, 30), 60) == at(2026, 11, 26, 9, 30)


def test_a_calendar_may_ignore_public_holidays(office):
    office.observes_korean_holidays = False
    office.save()
    assert cal.add_business_minutes(office, at(2026, 9, 23, 17, 0), 120) == at(2026, 9, 24, 10, 0)


def test_business_minutes_between_count_only_open_time(office):
    assert (
        cal.business_minutes_between(office, at(2026, 11, 27, 17, 0), at(2026, 11, 30, 10, 0))
        == 120
    )
    assert (
        cal.business_minutes_between(office, at(2026, 11, 28, 9, 0), at(2026, 11, 29, 18, 0)) == 0
    )
    assert (
        cal.business_minutes_between(office, at(2026, 11, 30, 10, 0), at(2026, 11, 27, 17, 0)) == 0
    )


def test_adding_then_measuring_gives_back_the_same_minutes(office):
    start = at(2026, 9, 22, 16, 45)
    for minutes in (1, 59, 480, 1620, 2700):
        end = cal.add_business_minutes(office, start, minutes)
        assert cal.business_minutes_between(office, start, end) == minutes


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (at(2026, 11, 24, 8, 59), False),
        (at(2026, 11, 24, 9, 0), True),
        (at(2026, 11, 24, 17, 59), True),
        (at(2026, 11, 24, 18, 0), False),
        (at(2026, 11, 28, 12, 0), False),  # Saturday
        (at(2026, 9, 25, 12, 0), False),  # Chuseok
    ],
)
def test_open_now_at_the_edges_of_opening_hours(office, moment, open_):
    assert cal.is_open(office, moment) is open_


def test_next_opening_after_closing_and_over_a_holiday(office):
    assert cal.next_opening(office, at(2026, 11, 24, 18, 0)) == at(2026, 11, 25, 9, 0)
    assert cal.next_opening(office, at(2026, 9, 23, 19, 0)) == at(2026, 9, 28, 9, 0)
    assert cal.next_opening(office, at(2026, 11, 24, 10, 0)) == at(2026, 11, 24, 10, 0)


def test_no_calendar_means_always_open(db):
    moment = at(2026, 9, 25, 3, 0)
    assert cal.is_open(None, moment)
    assert cal.add_business_minutes(None, moment, 60) == at(2026, 9, 25, 4, 0)


def test_a_calendar_without_hours_is_refused_rather_than_looping(db):
    empty = BusinessCalendar.objects.create(name="empty")
    with pytest.raises(cal.NeverOpen):
        cal.add_business_minutes(empty, at(2026, 11, 24, 10, 0), 60)
    assert cal.next_opening(empty, at(2026, 11, 24, 10, 0)) is None
