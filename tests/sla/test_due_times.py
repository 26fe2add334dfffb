"""Due times on a new ticket, counted in business hours (evenings, weekends, Chuseok)."""

from datetime import time

import pytest

from catalog.calendar import add_business_minutes
from catalog.models import BusinessCalendar, OpeningHours
from tests.factories import TicketFactory
from tickets import services, sla
from tickets.models import Reminder, SLAPolicy, Ticket, TicketEvent

from .conftest import at

K = Reminder.Kind


def scheduled(ticket):
    return sorted(
        (r.kind, r.due_at)
        for r in Reminder.objects.filter(ticket=ticket, state=Reminder.State.SCHEDULED)
    )


def test_filing_an_inquiry_sets_due_times_and_schedules_reminders(office, targets, team):
    intake = services.open_ticket(
        requester=None,
        category=team.category,
        subject="택배가 안 와요",
        body="일주일째 그대로입니다.",
        requester_name="최민수",
        requester_email="minsu@example.com",
    )
    ticket = Ticket.objects.get(pk=intake.ticket.pk)
    assert ticket.first_response_due_at == add_business_minutes(office, ticket.created_at, 480)
    assert ticket.resolution_due_at == add_business_minutes(office, ticket.created_at, 1620)
    assert ticket.next_response_due_at is None
    assert {kind for kind, _due in scheduled(ticket)} == {
        K.FIRST_RESPONSE_WARNING,
        K.FIRST_RESPONSE_BREACH,
        K.RESOLUTION_WARNING,
        K.RESOLUTION_BREACH,
    }
    breach = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_BREACH)
    assert breach.due_at == ticket.first_response_due_at
    events = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.DUE)
    assert events.count() == 2
    assert all(event.reason for event in events)


@pytest.mark.parametrize(
    ("filed", "priority", "first_due"),
    [
        # Tuesday mid-morning, normal (8 h): the same evening at closing time.
        (at(2026, 11, 24, 10, 0), "normal", at(2026, 11, 24, 18, 0)),
        # Tuesday evening, urgent (1 h): counted from Wednesday 09:00.
        (at(2026, 11, 24, 20, 0), "urgent", at(2026, 11, 25, 10, 0)),
        # Friday 17:00, high (4 h): one hour on Friday, three on Monday.
        (at(2026, 11, 27, 17, 0), "high", at(2026, 11, 30, 12, 0)),
        # Saturday, urgent: Monday 10:00.
        (at(2026, 11, 28, 11, 0), "urgent", at(2026, 11, 30, 10, 0)),
        # Wednesday before Chuseok (24-26 Sep 2026), high: one hour, then Monday 28th.
        (at(2026, 9, 23, 17, 0), "high", at(2026, 9, 28, 12, 0)),
        # Low (16 h) from Monday 09:00: Monday full day, Tuesday until 16:00.
        (at(2026, 11, 30, 9, 0), "low", at(2026, 12, 1, 16, 0)),
    ],
)
def test_first_response_due_counts_only_business_hours(office, targets, filed, priority, first_due):
    ticket = TicketFactory(created_at=filed, priority=priority)
    sla.start_clocks(ticket)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == first_due


def test_the_warning_comes_at_three_quarters_of_the_target(office, targets, clock):
    clock.set(2026, 11, 24, 10, 0)  # a warning already past would not be scheduled
    ticket = TicketFactory(created_at=at(2026, 11, 24, 10, 0), priority="normal")
    sla.start_clocks(ticket)
    warning = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING)
    # 8 h target: 6 h of business time after 10:00 is 16:00.
    assert warning.due_at == at(2026, 11, 24, 16, 0)


def test_a_warning_counted_back_over_the_weekend(office, targets, clock):
    clock.set(2026, 11, 27, 17, 0)  # a warning already past would not be scheduled
    # Friday 17:00, high (4 h): due Monday 12:00; the warning 1 h earlier, Monday 11:00.
    ticket = TicketFactory(created_at=at(2026, 11, 27, 17, 0), priority="high")
    sla.start_clocks(ticket)
    warning = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING)
    assert warning.due_at == at(2026, 11, 30, 11, 0)
    # Urgent from Friday 17:30: due Monday 09:30; 15 min earlier is Monday 09:15.
    ticket = TicketFactory(created_at=at(2026, 11, 27, 17, 30), priority="urgent")
    sla.start_clocks(ticket)
    warning = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING)
    assert warning.due_at == at(2026, 11, 30, 9, 15)
    # Urgent from Friday 17:00: due Friday 18:00; the warning at Friday 17:45.
    ticket = TicketFactory(created_at=at(2026, 11, 27, 17, 0), priority="urgent")
    sla.start_clocks(ticket)
    warning = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING)
    assert warning.due_at == at(2026, 11, 27, 17, 45)


def test_a_queue_with_its_own_calendar_uses_it(office, targets, team):
    weekend = BusinessCalendar.objects.create(name="7 days", observes_korean_holidays=False)
    for weekday in range(7):
        OpeningHours.objects.create(
            calendar=weekend, weekday=weekday, opens_at=time(9), closes_at=time(22)
        )
    team.queue.calendar = weekend
    team.queue.save()
    ticket = TicketFactory(
        category=team.category, created_at=at(2026, 11, 28, 11, 0), priority="urgent"
    )
    sla.start_clocks(ticket)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == at(2026, 11, 28, 12, 0)


def test_a_category_target_overrides_the_default(office, targets, team):
    SLAPolicy.objects.create(
        category=team.category,
        priority="normal",
        first_response_minutes=120,
        next_response_minutes=240,
        resolution_minutes=600,
    )
    ticket = TicketFactory(category=team.category, created_at=at(2026, 11, 24, 10, 0))
    sla.start_clocks(ticket)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == at(2026, 11, 24, 12, 0)
    other = TicketFactory(created_at=at(2026, 11, 24, 10, 0))
    sla.start_clocks(other)
    other.refresh_from_db()
    assert other.first_response_due_at == at(2026, 11, 24, 18, 0)


def test_without_a_target_nothing_is_due(office):
    ticket = TicketFactory(created_at=at(2026, 11, 24, 10, 0))
    sla.start_clocks(ticket)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at is None
    assert not Reminder.objects.filter(ticket=ticket).exists()


def test_scheduling_the_same_reminder_twice_keeps_one_row(office, targets):
    ticket = TicketFactory(created_at=at(2026, 11, 24, 10, 0))
    sla.start_clocks(ticket)
    before = scheduled(ticket)
    sla.sync_target_reminders(ticket, calendar=office)
    sla.schedule(ticket, K.FIRST_RESPONSE_BREACH, ticket.first_response_due_at)
    assert scheduled(ticket) == before
    assert Reminder.objects.filter(ticket=ticket).count() == len(before)


@pytest.mark.parametrize(
    ("moment", "minutes", "expected"),
    [
        (at(2026, 11, 30, 12, 0), -60, at(2026, 11, 30, 11, 0)),
        (at(2026, 11, 30, 10, 0), -120, at(2026, 11, 27, 17, 0)),  # back over the weekend
        (at(2026, 9, 28, 10, 0), -120, at(2026, 9, 23, 17, 0)),  # back over Chuseok
        (at(2026, 11, 30, 20, 0), -60, at(2026, 11, 30, 17, 0)),  # from the evening
        # Used up exactly at an opening: the previous closing time, as adding would give it.
        (at(2026, 12, 1, 18, 0), -540, at(2026, 11, 30, 18, 0)),
        (at(2026, 11, 27, 17, 0), 120, at(2026, 11, 30, 10, 0)),
    ],
)
def test_shift_moves_business_time_both_ways(office, moment, minutes, expected):
    assert sla.shift(office, moment, minutes) == expected


def test_business_days_skip_weekends_and_holidays(office):
    # Friday 11:00 + 3 business days: Monday, Tuesday, Wednesday -> Wednesday 11:00.
    assert sla.add_business_days(office, at(2026, 11, 27, 11, 0), 3) == at(2026, 12, 2, 11, 0)
    # Tuesday 22 Sep 2026 + 3: Wed 23, (Chuseok 24-26, Sun 27), Mon 28, Tue 29.
    assert sla.add_business_days(office, at(2026, 9, 22, 11, 0), 3) == at(2026, 9, 29, 11, 0)
    # From the evening: the next opening after the same time of day.
    assert sla.add_business_days(office, at(2026, 11, 27, 20, 0), 1) == at(2026, 12, 1, 9, 0)
