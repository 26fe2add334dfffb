"""The sweep sends each reminder exactly once: run twice, at once, after a crash, after
downtime. These tests use no business calendar (every minute counts) and the real clock."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from outbox.models import OutboundEmail
from tests.factories import QueueFactory, TicketFactory, UserFactory
from tickets import notifications, reminders, services, sla
from tickets.models import Notification, Reminder, SatisfactionRating, Ticket, TicketEvent

K = Reminder.Kind


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, nothing is committed."""


def filed(team, *, minutes_ago, **fields):
    ticket = TicketFactory(
        category=team.category,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )
    sla.start_clocks(ticket)
    ticket.refresh_from_db()
    return ticket


def database_clock():
    """What the database's clock reads (it does not follow a test's moved clock)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT CURRENT_TIMESTAMP")
        value = cursor.fetchone()[0]
    if isinstance(value, str):  # SQLite: UTC, as text
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


def mails(**filters):
    return OutboundEmail.objects.filter(**filters)


def test_a_warning_goes_to_the_assignee_once_when_the_sweep_runs_twice(targets, team):
    # Normal: first response due after 480 min, the warning at 360; filed 400 min ago.
    ticket = filed(team, minutes_ago=400, assignee=team.agent2)
    first = reminders.sweep()
    second = reminders.sweep()
    assert (first.sent, second.sent) == (1, 0)
    warning = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING)
    assert warning.state == Reminder.State.SENT
    assert warning.sent_at is not None
    notice = Notification.objects.get(ticket=ticket)
    assert notice.recipient == team.agent2
    assert notice.text.startswith(f"{ticket.reference}: first response due by ")
    email = mails(to=team.agent2.email).get()
    assert email.dedupe_key == f"reminder:{warning.pk}:{team.agent2.pk}"
    assert f"/agent/tickets/{ticket.reference}/" in email.body_text
    assert email.language == "en"
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.REMINDER).count() == 1
    # Nothing else was due: the breach is still ahead.
    assert Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_BREACH).state == "scheduled"


def test_without_an_assignee_every_agent_of_the_queue_is_warned_in_their_language(targets, team):
    ticket = filed(team, minutes_ago=400)
    reminders.sweep()
    texts = dict(Notification.objects.filter(ticket=ticket).values_list("recipient", "text"))
    assert set(texts) == {team.agent.pk, team.agent2.pk, team.supervisor.pk}
    assert "first response due by" in texts[team.agent2.pk]
    assert "첫 답변" in texts[team.agent.pk]
    assert mails().count() == 3


def test_a_breach_tells_the_supervisors_and_the_requester_and_raises_the_priority(targets, team):
    ticket = filed(team, minutes_ago=500, assignee=team.agent)
    result = reminders.sweep()
    assert result.sent == 1  # the breach alone: a warning after the fact would be noise
    assert not Reminder.objects.filter(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING).exists()
    ticket.refresh_from_db()
    assert ticket.priority == "high"
    supervisor_notice = Notification.objects.get(recipient=team.supervisor)
    assert "target missed" in supervisor_notice.text
    assert not Notification.objects.filter(recipient=team.other_supervisor).exists()
    assert Notification.objects.filter(recipient=team.agent, ticket=ticket).count() == 1
    assert mails(to=team.supervisor.email).count() == 1
    still_on_it = mails(to=ticket.requester_email).get()
    assert ticket.reference in still_on_it.subject
    escalated = TicketEvent.objects.get(ticket=ticket, kind=TicketEvent.Kind.ESCALATED)
    assert str(team.supervisor) in escalated.new
    priority = TicketEvent.objects.get(ticket=ticket, kind=TicketEvent.Kind.PRIORITY)
    assert priority.actor is None
    assert priority.reason
    # The raised priority does not make the missed target fire again.
    assert reminders.sweep().sent == 0
    assert not Reminder.objects.filter(
        ticket=ticket, kind=K.FIRST_RESPONSE_BREACH, state=Reminder.State.SCHEDULED
    ).exists()
    assert Notification.objects.filter(recipient=team.supervisor).count() == 1


def test_a_queue_without_supervisors_escalates_to_every_supervisor(targets, team):
    team.supervisor.memberships.all().delete()
    filed(team, minutes_ago=500)
    reminders.sweep()
    assert set(
        Notification.objects.filter(kind=K.FIRST_RESPONSE_BREACH).values_list(
            "recipient", flat=True
        )
    ) == {team.supervisor.pk, team.other_supervisor.pk}


def test_an_answered_ticket_is_not_reminded_even_if_a_row_was_left(targets, team):
    ticket = filed(team, minutes_ago=400, assignee=team.agent)
    # As if the answer came in between the sweep's query and its action.
    Ticket.objects.filter(pk=ticket.pk).update(first_response_at=timezone.now())
    result = reminders.sweep()
    assert (result.sent, result.cancelled) == (0, 1)
    assert not Notification.objects.exists()
    assert Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING).state == "cancelled"


def test_answering_cancels_the_reminders_before_any_sweep(targets, team):
    ticket = filed(team, minutes_ago=400, assignee=team.agent)
    services.add_message(ticket, by=team.agent, body="확인했습니다.")
    assert reminders.sweep().sent == 0
    assert not Notification.objects.filter(kind__startswith="first_response").exists()


def test_a_worker_killed_between_claim_and_send_leaves_the_reminder_for_the_next_sweep(
    targets, team, monkeypatch
):
    ticket = filed(team, minutes_ago=400, assignee=team.agent)
    real = notifications.notify_staff

    def killed(*args, **kwargs):
        real(*args, **kwargs)  # the notice and e-mail rows are written, then the worker dies
        raise WorkerKilled

    monkeypatch.setattr(notifications, "notify_staff", killed)
    with pytest.raises(WorkerKilled):
        reminders.sweep()
    warning = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING)
    assert warning.state == Reminder.State.SCHEDULED
    assert not Notification.objects.exists()
    assert not mails().exists()

    monkeypatch.setattr(notifications, "notify_staff", real)
    assert reminders.sweep().sent == 1
    assert reminders.sweep().sent == 0
    assert Notification.objects.count() == 1
    assert mails().count() == 1


def test_a_failing_reminder_is_retried_then_marked_failed(targets, team, monkeypatch):
    ticket = filed(team, minutes_ago=400, assignee=team.agent)

    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(notifications, "notify_staff", broken)
    result = reminders.sweep()
    assert result.failed == 1
    warning = Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING)
    assert (warning.state, warning.attempts) == ("scheduled", 1)
    assert "template missing" in warning.last_error
    for _ in range(reminders.MAX_ATTEMPTS - 1):
        reminders.sweep()
    warning.refresh_from_db()
    assert (warning.state, warning.attempts) == ("failed", reminders.MAX_ATTEMPTS)
    assert not Notification.objects.exists()


def test_after_downtime_one_sweep_sends_everything_that_fell_due(targets, team):
    warned = [filed(team, minutes_ago=361 + i, assignee=team.agent) for i in range(23)]
    breached = [filed(team, minutes_ago=600 + i, assignee=team.agent) for i in range(5)]
    result = reminders.sweep(batch_size=7)
    assert result.sent == 28
    assert not Reminder.objects.filter(
        state=Reminder.State.SCHEDULED, due_at__lte=timezone.now()
    ).exists()
    assert Notification.objects.filter(kind=K.FIRST_RESPONSE_WARNING).count() == 23
    assert Notification.objects.filter(kind=K.FIRST_RESPONSE_BREACH).count() == 5 * 2
    assert {t.pk for t in Ticket.objects.filter(priority="high")} == {t.pk for t in breached}
    assert len(warned) == 23
    assert reminders.sweep().sent == 0


def past_due(ticket, kind):
    Reminder.objects.filter(ticket=ticket, kind=kind).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )


def test_waiting_on_the_requester_nudges_then_resolves_then_asks_for_a_rating(targets, team):
    ticket = filed(team, minutes_ago=10, guest=True, requester_email="guest@example.com")
    services.add_message(ticket, by=team.agent, body="주문번호를 알려주세요.", new_status="pending")
    past_due(ticket, K.PENDING_NUDGE)
    assert reminders.sweep().sent == 1
    nudge = mails(to="guest@example.com").exclude(dedupe_key__startswith="answer:").get()
    assert f"/tickets/track/{ticket.guest_token}/" in nudge.body_text

    past_due(ticket, K.AUTO_RESOLVE)
    assert reminders.sweep().sent == 1
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED
    status = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STATUS).last()
    assert status.actor is None
    assert status.reason

    # The satisfaction request was due at once: the next sweep sends it.
    assert reminders.sweep().sent == 1
    survey = (
        mails(to="guest@example.com")
        .exclude(pk=nudge.pk)
        .exclude(dedupe_key__startswith="answer:")
        .get()
    )
    assert f"/tickets/track/{ticket.guest_token}/" in survey.body_text
    assert reminders.sweep().sent == 0


def test_a_resolved_inquiry_closes_itself_a_week_later(targets, team):
    ticket = filed(team, minutes_ago=10)
    services.change_status(ticket, by=team.agent, status="resolved")
    SatisfactionRating.objects.create(ticket=ticket, score=5)
    past_due(ticket, K.AUTO_CLOSE)
    result = reminders.sweep()
    assert (result.sent, result.cancelled) == (1, 1)  # closed; the survey: already rated
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CLOSED
    assert ticket.closed_at is not None


def test_a_reminder_due_when_scheduled_goes_out_right_after_commit(
    targets, team, django_capture_on_commit_callbacks
):
    ticket = filed(team, minutes_ago=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(ticket, by=team.agent, status="resolved")
    survey = Reminder.objects.get(ticket=ticket, kind=K.SATISFACTION)
    assert survey.state == Reminder.State.SENT
    assert mails(dedupe_key=f"reminder:{survey.pk}").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(targets):
    if not settings.IS_POSTGRES:
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time")
    queue = QueueFactory()
    agent = UserFactory(agent=True)
    tickets = [TicketFactory(category__queue=queue, queue=queue, assignee=agent) for _ in range(40)]
    due = timezone.now() - timedelta(minutes=5)
    Reminder.objects.bulk_create(
        Reminder(ticket=t, kind=K.RESOLUTION_WARNING, due_at=due) for t in tickets
    )
    Ticket.objects.update(resolution_due_at=timezone.now() + timedelta(hours=1), status="open")
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(reminders.sweep(batch_size=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in results) == 40
    assert Notification.objects.count() == 40
    assert OutboundEmail.objects.count() == 40
    assert Reminder.objects.filter(state=Reminder.State.SENT).count() == 40


def test_a_supervisor_can_retry_failed_reminders_from_the_admin(targets, team):
    from django.contrib import admin

    ticket = filed(team, minutes_ago=400, assignee=team.agent)
    Reminder.objects.filter(ticket=ticket).update(
        state=Reminder.State.FAILED, attempts=5, last_error="boom"
    )
    model_admin = admin.site._registry[Reminder]
    model_admin.retry_failed(None, Reminder.objects.filter(ticket=ticket))
    assert reminders.sweep().sent == 1
    assert Notification.objects.filter(recipient=team.agent).count() == 1


def test_reminders_fall_due_by_the_database_clock_whatever_the_process_says(
    targets, team, settings, time_machine
):
    """Workers whose clocks disagree still agree on what is due: production asks the
    database. A worker whose own clock runs a day behind sends the warning all the same."""
    settings.HELPDESK_DATABASE_CLOCK = True
    database_now = database_clock()
    time_machine.move_to(database_now, tick=False)  # filed by the database's clock
    ticket = filed(team, minutes_ago=400, assignee=team.agent2)
    time_machine.move_to(database_now - timedelta(days=1), tick=False)
    assert reminders.sweep().sent == 1
    assert Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING).state == "sent"


def test_tests_compare_due_times_with_the_process_clock(targets, team, time_machine):
    """With the database clock off (as in tests), a process whose clock is a day behind sees
    nothing due yet: the switch is what lets a test set the time."""
    ticket = filed(team, minutes_ago=400, assignee=team.agent2)
    time_machine.move_to(timezone.now() - timedelta(days=1), tick=False)
    assert reminders.sweep().sent == 0
    assert Reminder.objects.get(ticket=ticket, kind=K.FIRST_RESPONSE_WARNING).state == "scheduled"
