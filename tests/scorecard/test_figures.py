"""The scorecard's figures at their edges, against numbers worked out by hand.

The clock reads Monday 30 November 2026, 10:00 Seoul. The windows are whole days in Seoul,
today included: 7 days from Tuesday 24 November, 30 days from 1 November, 90 days from
2 September. The store's window is 540 business minutes (one business day).
"""

import pytest

from reports.scorecard import (
    LATER,
    OVERDUE,
    SOON,
    TODAY,
    store_scorecard,
    store_scorecards,
    waiting_inquiries,
)
from tests.factories import BusinessCalendarFactory, UserFactory
from tickets.models import Ticket

from .conftest import at


def card(shop, **kwargs):
    return store_scorecard(shop.store, **kwargs)


def test_an_answer_exactly_at_the_window_is_on_time_and_a_minute_later_is_late(shop):
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=540)
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=541)
    week = card(shop).on_time_7d
    assert (week.counted, week.on_time, week.late) == (2, 1, 1)
    assert week.share == 0.5


def test_the_stores_own_window_decides(shop):
    shop.store.answer_target_minutes = 60
    shop.store.save()
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=60)
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=61)
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=540)
    assert (card(shop).on_time_7d.counted, card(shop).on_time_7d.on_time) == (3, 1)


def test_an_inquiry_marked_no_answer_needed_is_left_out(shop):
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=30)
    # Marked before any answer, deadline long past, even flagged: never counted.
    shop.inquiry(
        at(2026, 11, 20, 9, 0),
        store_answer_not_needed=True,
        store_missed_at=at(2026, 11, 23, 9, 0),
    )
    # Marked, then answered late anyway: still left out, of the median too.
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_not_needed=True, store_answer_minutes=3000)
    scorecard = card(shop)
    assert (scorecard.on_time_30d.counted, scorecard.on_time_30d.on_time) == (1, 1)
    assert scorecard.answered == 1
    assert scorecard.median_first_answer_minutes == 30


def test_an_open_inquiry_not_yet_due_is_not_counted_and_one_past_its_deadline_is_late(shop):
    # Filed Friday 17:00, due Monday 17:00: still running.
    shop.inquiry(at(2026, 11, 27, 17, 0), store_answer_due_at=at(2026, 11, 30, 17, 0))
    # Due at this very moment, unanswered: the deadline has passed (due <= now).
    shop.inquiry(at(2026, 11, 27, 10, 0), store_answer_due_at=at(2026, 11, 30, 10, 0))
    # Flagged by the sweep and taken over by the platform at the buyer's request.
    shop.inquiry(
        at(2026, 11, 25, 9, 0),
        store_missed_at=at(2026, 11, 26, 9, 0),
        escalated_at=at(2026, 11, 26, 12, 0),
    )
    # Resolved by an agent before the store's deadline: nothing to hold against the store.
    shop.inquiry(at(2026, 11, 26, 9, 0), status=Ticket.Status.RESOLVED)
    week = card(shop).on_time_7d
    assert (week.counted, week.on_time, week.late) == (2, 0, 2)
    assert week.share == 0.0


def test_nothing_counted_is_no_share_rather_than_zero(shop):
    shop.inquiry(at(2026, 11, 30, 9, 0), store_answer_due_at=at(2026, 12, 1, 9, 0))
    scorecard = card(shop)
    assert [item.share for item in scorecard.on_time] == [None, None, None]
    assert scorecard.median_first_answer_minutes is None
    assert scorecard.satisfaction.average is None and scorecard.satisfaction.good_share is None


@pytest.mark.parametrize(
    ("filed_at", "windows"),
    [
        (at(2026, 11, 24, 0, 0), (7, 30, 90)),  # the first moment of the 7 days
        (at(2026, 11, 23, 23, 59), (30, 90)),
        (at(2026, 11, 1, 0, 0), (30, 90)),
        (at(2026, 10, 31, 23, 59), (90,)),
        (at(2026, 9, 2, 0, 0), (90,)),
        (at(2026, 9, 1, 23, 59), ()),
    ],
)
def test_the_7_30_and_90_day_windows_start_at_midnight_in_seoul(shop, filed_at, windows):
    shop.inquiry(filed_at, store_answer_minutes=10)
    scorecard = card(shop)
    assert tuple(item.days for item in scorecard.on_time if item.counted) == windows
    assert tuple(item.days for item in scorecard.on_time if item.on_time) == windows


def test_the_median_first_answer_of_the_last_30_days_in_business_minutes(shop):
    for minutes in (30, 2000, 90):
        shop.inquiry(at(2026, 11, 20, 9, 0), store_answer_minutes=minutes)
    shop.inquiry(at(2026, 10, 20, 9, 0), store_answer_minutes=5)  # older than 30 days
    shop.inquiry(at(2026, 11, 20, 9, 0), store=shop.other_store, store_answer_minutes=1)
    scorecard = card(shop)
    assert scorecard.median_first_answer_minutes == 90
    assert scorecard.answered == 3
    shop.inquiry(at(2026, 11, 21, 9, 0), store_answer_minutes=100)
    assert card(shop).median_first_answer_minutes == 95  # between 90 and 100, as PostgreSQL


def test_escalations_are_missed_deadlines_and_step_in_requests_of_the_last_30_days(shop):
    shop.inquiry(at(2026, 11, 20, 9, 0), store_missed_at=at(2026, 11, 23, 9, 0))
    shop.inquiry(at(2026, 11, 20, 9, 0), escalated_at=at(2026, 11, 1, 0, 0))
    # Both on one inquiry: one escalation.
    shop.inquiry(
        at(2026, 10, 20, 9, 0),
        store_missed_at=at(2026, 11, 2, 9, 0),
        escalated_at=at(2026, 11, 3, 9, 0),
    )
    shop.inquiry(at(2026, 10, 20, 9, 0), store_missed_at=at(2026, 10, 31, 23, 59))  # before
    shop.inquiry(
        at(2026, 11, 20, 9, 0), store=shop.other_store, store_missed_at=at(2026, 11, 23, 9, 0)
    )
    assert card(shop).escalations == 3


def test_satisfaction_of_the_last_30_days_mean_and_share_of_4_and_5(shop):
    for score in (5, 4, 2):
        shop.inquiry(at(2026, 11, 20, 9, 0), rating=score, rated_at=at(2026, 11, 25, 9, 0))
    shop.inquiry(at(2026, 10, 1, 9, 0), rating=1, rated_at=at(2026, 10, 31, 23, 59))  # before
    shop.inquiry(at(2026, 11, 20, 9, 0), store=shop.other_store, rating=1)
    shop.inquiry(at(2026, 11, 20, 9, 0), category=shop.other_category, rating=1)
    satisfaction = card(shop).satisfaction
    assert (satisfaction.count, satisfaction.good) == (3, 2)
    assert satisfaction.average == pytest.approx(11 / 3)
    assert satisfaction.good_share == pytest.approx(2 / 3)


def test_spam_merged_and_other_categories_are_not_the_stores_inquiries(shop):
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=9999, is_spam=True)
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=9999, category=shop.other_category)
    target = shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=10)
    shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_minutes=9999, merged_into=target)
    week = card(shop).on_time_7d
    assert (week.counted, week.on_time) == (1, 1)


# --- Open inquiries by time left ------------------------------------------------------------


def _waiting(shop, due, **fields):
    return shop.inquiry(at(2026, 11, 27, 9, 0), store_answer_due_at=due, **fields)


def test_open_inquiries_by_time_left_on_a_monday_morning(shop):
    # Now Monday 10:00: two business hours run to 12:00, today to midnight.
    expected = {
        at(2026, 11, 30, 9, 59): OVERDUE,
        at(2026, 11, 30, 10, 0): OVERDUE,
        at(2026, 11, 30, 10, 1): SOON,
        at(2026, 11, 30, 12, 0): SOON,
        at(2026, 11, 30, 12, 1): TODAY,
        at(2026, 11, 30, 23, 59): TODAY,
        at(2026, 12, 1, 0, 0): LATER,
        at(2026, 12, 4, 9, 0): LATER,
    }
    tickets = {_waiting(shop, due).pk: bucket for due, bucket in expected.items()}
    _waiting(shop, at(2026, 11, 30, 9, 0), status=Ticket.Status.RESOLVED)  # not open
    shop.inquiry(at(2026, 11, 27, 9, 0), status=Ticket.Status.OPEN)  # nothing owed
    _waiting(shop, at(2026, 11, 30, 9, 0), store=shop.other_store)
    scorecard = card(shop)
    assert (scorecard.open.overdue, scorecard.open.soon, scorecard.open.today) == (2, 2, 2)
    assert (scorecard.open.later, scorecard.open.total) == (2, 8)
    supervisor = UserFactory(supervisor=True)
    listed = waiting_inquiries(shop.store, supervisor)
    assert {row.ticket.pk: row.bucket for row in listed} == tickets
    assert [row.due_at for row in listed] == sorted(expected)  # the most urgent first
    overdue = waiting_inquiries(shop.store, supervisor, overdue_only=True)
    assert [row.bucket for row in overdue] == [OVERDUE, OVERDUE]


def test_on_a_friday_evening_two_business_hours_reach_into_monday(shop, clock):
    clock.set(2026, 11, 27, 17, 30)
    _waiting(shop, at(2026, 11, 27, 23, 0))  # later today, but within 2 business hours
    _waiting(shop, at(2026, 11, 30, 10, 30))  # 17:30-18:00 and 09:00-10:30: two hours
    _waiting(shop, at(2026, 11, 30, 10, 31))
    scorecard = card(shop)
    assert (scorecard.open.soon, scorecard.open.today, scorecard.open.later) == (2, 0, 1)


def test_a_store_on_its_own_calendar_counts_time_left_on_it(shop):
    late_shift = BusinessCalendarFactory(hours=[(d, 13, 22) for d in range(5)])
    shop.store.calendar = late_shift
    shop.store.save()
    # Monday 10:00: the late shift opens at 13:00, so two business hours end at 15:00.
    _waiting(shop, at(2026, 11, 30, 14, 59))
    _waiting(shop, at(2026, 11, 30, 15, 1))
    scorecard = card(shop)
    assert (scorecard.open.soon, scorecard.open.today) == (1, 1)


def test_the_ranking_computes_each_store_as_its_own_scorecard_does(shop):
    """Stores with different windows and calendars, computed together (the ranking) and one
    by one (the page and the API): the same figures."""
    shop.other_store.answer_target_minutes = 60
    shop.other_store.calendar = BusinessCalendarFactory(hours=[(d, 13, 22) for d in range(5)])
    shop.other_store.save()
    for store in (shop.store, shop.other_store):
        for minutes in (30, 61, 540, 541):
            shop.inquiry(at(2026, 11, 20, 9, 0), store=store, store_answer_minutes=minutes)
        for due in (at(2026, 11, 30, 9, 0), at(2026, 11, 30, 11, 30), at(2026, 11, 30, 14, 0)):
            _waiting(shop, due, store=store)
        shop.inquiry(at(2026, 11, 20, 9, 0), store=store, rating=5, store_missed_at=due)
    together = store_scorecards([shop.store, shop.other_store], every_store=True)
    for store in (shop.store, shop.other_store):
        assert together[store.pk] == store_scorecard(store)
    assert together[shop.store.pk].on_time_30d.on_time == 3
    assert together[shop.other_store.pk].on_time_30d.on_time == 1
    assert together[shop.store.pk].open.soon == 1  # 11:30 on the office calendar
    assert together[shop.other_store.pk].open.soon == 2  # 11:30 and 14:00 on the late shift


def test_a_store_without_inquiries_has_an_empty_scorecard(shop):
    scorecard = card(shop)
    assert [item.counted for item in scorecard.on_time] == [0, 0, 0]
    assert (scorecard.escalations, scorecard.open.total, scorecard.satisfaction.count) == (0, 0, 0)
