"""The report's numbers against fixtures computed by hand, business hours included."""

from datetime import date

import pytest

from reports.selectors import Period, Report, Scope, percentile_cont
from tests.factories import CategoryFactory, TicketFactory, UserFactory, member
from tickets import services, sla
from tickets.models import Message, SatisfactionRating, Ticket, TicketEvent

from .conftest import at

WEEK = Period(date(2026, 11, 24), date(2026, 11, 30))  # Tuesday to Monday


def report_for(user, period=WEEK, now=None, **filters):
    return Report(Scope(user, **filters), period, now=now or at(2026, 11, 30, 12, 0))


@pytest.fixture
def friday_ticket(office, targets, team, clock):
    """Filed Friday 27 Nov 17:00, answered Monday 10:00, resolved Monday 11:00."""
    clock.set(2026, 11, 27, 17, 0)
    ticket = TicketFactory(category=team.category, created_at=clock.now, status="new")
    sla.start_clocks(ticket)
    clock.set(2026, 11, 30, 10, 0)
    services.add_message(ticket, by=team.agent, body="확인해 보겠습니다.")
    clock.set(2026, 11, 30, 11, 0)
    services.change_status(ticket, by=team.agent, status=Ticket.Status.RESOLVED)
    ticket.refresh_from_db()
    return ticket


def test_an_answer_from_friday_17_to_monday_10_counts_120_business_minutes(friday_ticket, team):
    # Friday 17:00-18:00 and Monday 09:00-10:00; the weekend does not count.
    assert friday_ticket.first_response_minutes == 120
    # Resolved Monday 11:00: one more business hour... plus the one before: 60 + 120.
    assert friday_ticket.resolution_minutes == 180
    overall, per_category = report_for(team.supervisor).times
    assert (overall.first_median, overall.first_p90) == (120, 120)
    assert (overall.resolution_median, overall.resolution_p90) == (180, 180)
    assert per_category[team.category.pk].first_median == 120


def test_reopening_clears_the_resolution_time_and_resolving_again_stores_the_new_one(
    friday_ticket, team, clock
):
    clock.set(2026, 11, 30, 12, 0)
    services.reopen_ticket(friday_ticket, by=team.agent)
    friday_ticket.refresh_from_db()
    assert friday_ticket.resolution_minutes is None
    assert friday_ticket.reopened_count == 1
    clock.set(2026, 11, 30, 15, 0)
    services.change_status(friday_ticket, by=team.agent, status=Ticket.Status.RESOLVED)
    friday_ticket.refresh_from_db()
    assert friday_ticket.resolution_minutes == 60 + 360
    report = report_for(team.supervisor, now=at(2026, 11, 30, 16, 0))
    assert (report.totals.reopened, report.totals.reopens) == (1, 1)
    assert [t.pk for t in report.reopened_tickets] == [friday_ticket.pk]


def test_a_store_answer_stores_its_business_minutes_once(office, targets, team, clock):
    team.category.concerns_store = True
    team.category.save()
    from tests.factories import StoreFactory

    store = StoreFactory()
    clock.set(2026, 11, 27, 17, 30)
    ticket = TicketFactory(category=team.category, created_at=clock.now, store=store)
    clock.set(2026, 11, 30, 9, 45)
    services.add_message(ticket, by=store.owner, body="스토어입니다.")
    clock.set(2026, 11, 30, 14, 0)
    services.add_message(ticket, by=store.owner, body="다시 스토어입니다.")
    ticket.refresh_from_db()
    assert ticket.store_answered_at == at(2026, 11, 30, 9, 45)
    assert ticket.store_answer_minutes == 30 + 45


def test_percentiles_interpolate_as_postgresql_does():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert percentile_cont(values, 0.5) == 55
    assert percentile_cont(values, 0.9) == 91
    assert percentile_cont([], 0.5) is None


def _ticket(category, *, created, first_due, answered=None, status="open", assignee=None):
    return TicketFactory(
        category=category,
        created_at=created,
        first_response_due_at=first_due,
        first_response_at=answered,
        resolution_due_at=at(2026, 12, 31, 18, 0),
        status=status,
        assignee=assignee,
    )


def _assigned(ticket, agent, when):
    TicketEvent.objects.create(
        ticket=ticket, kind=TicketEvent.Kind.ASSIGNEE, new=str(agent), created_at=when
    )


@pytest.fixture
def compliance(office, team):
    """Delivery: 4 measured first responses, 3 late (2 of them with nobody assigned at the due
    time), 1 not yet due. Refund: 2 measured, 1 late (assigned)."""
    delivery, agent = team.category, team.agent
    refund = CategoryFactory(slug="refund", queue=team.queue)
    due = at(2026, 11, 25, 18, 0)
    on_time = _ticket(
        delivery, created=at(2026, 11, 25, 10), first_due=due, answered=at(2026, 11, 25, 11)
    )
    _assigned(on_time, agent, at(2026, 11, 25, 10, 1))
    late_unassigned = _ticket(
        delivery, created=at(2026, 11, 25, 10), first_due=due, answered=at(2026, 11, 26, 10)
    )
    _assigned(late_unassigned, agent, at(2026, 11, 26, 9))  # taken only after the due time
    waiting_past_due = _ticket(delivery, created=at(2026, 11, 25, 10), first_due=due, status="new")
    late_assigned = _ticket(
        delivery,
        created=at(2026, 11, 25, 10),
        first_due=due,
        answered=at(2026, 11, 26, 10),
        assignee=agent,
    )
    _assigned(late_assigned, agent, at(2026, 11, 25, 10, 5))
    not_yet_due = _ticket(
        delivery, created=at(2026, 11, 30, 11), first_due=at(2026, 11, 30, 18), status="new"
    )
    _ticket(
        refund,
        created=at(2026, 11, 26, 10),
        first_due=at(2026, 11, 26, 18),
        answered=at(2026, 11, 26, 12),
    )
    refund_late = _ticket(
        refund,
        created=at(2026, 11, 26, 10),
        first_due=at(2026, 11, 26, 18),
        answered=at(2026, 11, 27, 12),
    )
    _assigned(refund_late, agent, at(2026, 11, 26, 10, 30))
    # Spam and tickets filed outside the week are left out.
    TicketFactory(
        category=delivery, created_at=at(2026, 11, 25, 10), first_response_due_at=due, is_spam=True
    )
    _ticket(
        refund,
        created=at(2026, 11, 23, 10),
        first_due=at(2026, 11, 23, 18),
        answered=at(2026, 11, 24, 12),
    )
    return {
        "delivery": delivery,
        "refund": refund,
        "waiting_past_due": waiting_past_due,
        "not_yet_due": not_yet_due,
        "late": {late_unassigned.pk, waiting_past_due.pk, late_assigned.pk, refund_late.pk},
    }


def test_compliance_per_category_is_sorted_by_breach_rate_and_splits_unassigned_breaches(
    compliance, team
):
    report = report_for(team.supervisor)
    rows = {row.category.slug: row for row in report.by_category}
    delivery, refund = rows["delivery"], rows["refund"]
    assert (delivery.filed, delivery.first_measured, delivery.first_breached) == (5, 4, 3)
    assert (refund.filed, refund.first_measured, refund.first_breached) == (2, 2, 1)
    assert [row.category.slug for row in report.by_category] == ["delivery", "refund"]
    assert report.worst_category is rows["delivery"]
    # Late with nobody assigned at the due time: taken after it, or never taken at all.
    assert delivery.first_breached_unassigned == 2
    assert delivery.first_breached_assigned == 1
    assert delivery.unassigned_share == pytest.approx(2 / 3)
    assert refund.first_breached_unassigned == 0
    assert report.totals.first_breached == 4


def test_the_breach_list_and_the_priority_table_count_the_same_tickets(compliance, team):
    report = report_for(team.supervisor)
    late = {t.pk for t in report.breached_tickets}
    assert compliance["late"] <= late
    assert compliance["not_yet_due"].pk not in late
    normal = next(row for row in report.by_priority if row.key == "normal")
    assert normal.first_breached == report.totals.first_breached == 4
    assert late == compliance["late"]


def test_volume_per_day_uses_seoul_days_and_the_backlog_counts_open_tickets_at_each_day_end(
    office, team
):
    category = team.category
    # 23:30 Seoul on the 24th and 00:30 Seoul on the 25th: both 24th in UTC.
    TicketFactory(category=category, created_at=at(2026, 11, 24, 23, 30))
    TicketFactory(category=category, created_at=at(2026, 11, 25, 0, 30))
    resolved = TicketFactory(
        category=category,
        created_at=at(2026, 11, 25, 9),
        status="resolved",
        resolved_at=at(2026, 11, 27, 10),
    )
    TicketFactory(category=category, created_at=at(2026, 11, 20, 9))  # open since before
    report = report_for(team.supervisor)
    filed = {point.day.day: point.value for point in report.per_day}
    assert filed == {24: 1, 25: 2, 26: 0, 27: 0, 28: 0, 29: 0, 30: 0}
    backlog = {point.day.day: point.value for point in report.backlog}
    assert backlog == {24: 2, 25: 4, 26: 4, 27: 3, 28: 3, 29: 3, 30: 3}
    assert resolved.resolved_at


def test_satisfaction_workload_and_channels(office, team):
    category = team.category
    agent = team.agent
    tickets = [
        TicketFactory(
            category=category, created_at=at(2026, 11, 25, 10), assignee=agent, channel=channel
        )
        for channel in ("web", "web", "email")
    ]
    for ticket, score, comment in zip(tickets, (5, 4, 1), ("", "좋아요", "느려요"), strict=True):
        SatisfactionRating.objects.create(
            ticket=ticket, score=score, comment=comment, created_at=at(2026, 11, 26, 10)
        )
    Ticket.objects.filter(pk=tickets[0].pk).update(
        status="resolved", resolved_at=at(2026, 11, 26, 9)
    )
    Message.objects.create(
        ticket=tickets[1], author=agent, author_name="a", body="x", created_at=at(2026, 11, 25, 11)
    )
    Message.objects.create(
        ticket=tickets[1],
        author=agent,
        author_name="a",
        body="n",
        kind="note",
        created_at=at(2026, 11, 25, 11),
    )
    report = report_for(team.supervisor)
    assert report.satisfaction.count == 3
    assert report.satisfaction.average == pytest.approx(10 / 3)
    assert dict(report.satisfaction.distribution) == {5: 1, 4: 1, 3: 0, 2: 0, 1: 1}
    assert sorted(r.comment for r in report.comments) == sorted(["좋아요", "느려요"])
    row = next(r for r in report.agents if r.user_id == agent.pk)
    assert (row.open_assigned, row.resolved, row.replies) == (2, 1, 1)
    channels = {r.key: r.filed for r in report.by_channel}
    assert (channels["web"], channels["email"], channels["phone"]) == (2, 1, 0)


def test_filters_narrow_every_figure(compliance, team):
    report = report_for(team.supervisor, category=compliance["refund"])
    assert [row.category.slug for row in report.by_category] == ["refund"]
    assert report.totals.filed == 2
    assert report_for(team.supervisor, priority="urgent").totals.filed == 0


def test_a_new_agent_with_no_queue_sees_nothing(compliance, team):
    outsider = member(UserFactory(agent=True), CategoryFactory(slug="other").queue)
    assert report_for(outsider).totals.filed == 0
