"""The store's deadline in business time, its reminders, the escalation and the buyer's
request for the help center to step in."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from catalog.models import Priority
from outbox.models import OutboundEmail
from tickets import reminders, services
from tickets.models import Notification, Reminder, Ticket, TicketEvent
from tickets.services import InvalidTransition, NotAllowed

from .conftest import HOST, at, file_store_inquiry

K = Reminder.Kind
JSON = "application/json"


def store_rows(ticket):
    return dict(
        Reminder.objects.filter(
            ticket=ticket, kind__in=[K.STORE_ANSWER_WARNING, K.STORE_ANSWER_MISSED]
        )
        .filter(state=Reminder.State.SCHEDULED)
        .values_list("kind", "due_at")
    )


def sent(ticket):
    return set(
        Reminder.objects.filter(ticket=ticket, kind__startswith="store_", state="sent").values_list(
            "kind", flat=True
        )
    )


def test_an_order_inquiry_gives_the_store_one_business_day(people, clock):
    ticket = file_store_inquiry(people)  # Monday 10:00
    assert ticket.store_answer_due_at == at(2026, 12, 1, 10, 0)  # Tuesday 10:00
    rows = store_rows(ticket)
    assert rows[K.STORE_ANSWER_MISSED] == at(2026, 12, 1, 10, 0)
    # The warning when three quarters of the 540 minutes have passed: 405 minutes later.
    assert rows[K.STORE_ANSWER_WARNING] == at(2026, 11, 30, 16, 45)


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        # Friday 16:00 before a Saturday holiday and a Monday substitute holiday: two hours
        # on Friday, seven on Tuesday.
        (at(2026, 10, 2, 16, 0), at(2026, 10, 6, 16, 0)),
        # Friday 17:00 before Seollal (Saturday to the Tuesday substitute day).
        (at(2027, 2, 5, 17, 0), at(2027, 2, 10, 17, 0)),
        # Chuseok eve on Wednesday 16:00: Thursday to Saturday closed, then Monday.
        (at(2026, 9, 23, 16, 0), at(2026, 9, 28, 16, 0)),
        # After hours on a Saturday: the window starts on Monday at 09:00.
        (at(2026, 12, 5, 21, 0), at(2026, 12, 7, 18, 0)),
    ],
)
def test_the_deadline_skips_nights_weekends_and_public_holidays(people, clock, filed, due):
    clock.move_to(filed)
    assert file_store_inquiry(people).store_answer_due_at == due


def test_a_store_with_its_own_calendar_is_timed_by_it(people, reference_data, clock):
    store = people["seller"].stores.get()
    store.calendar = reference_data.calendars["chat"]  # weekdays 09-22, weekends 10-17
    store.answer_target_minutes = 120
    store.save()
    clock.move_to(at(2026, 12, 4, 21, 0))  # Friday 21:00: one hour that day, one on Saturday
    assert file_store_inquiry(people).store_answer_due_at == at(2026, 12, 5, 11, 0)


def test_the_store_is_reminded_then_the_platform_takes_over_and_the_buyer_may_ask(
    client, people, clock
):
    ticket = file_store_inquiry(people)
    clock.move_to(at(2026, 11, 30, 17, 0))
    reminders.sweep()
    assert sent(ticket) == {K.STORE_ANSWER_WARNING}
    reminder = Notification.objects.get(recipient=people["seller"], kind="store_reminder")
    assert ticket.reference in reminder.text
    assert (
        OutboundEmail.objects.filter(to=people["seller"].email, subject__contains="답변해").count()
        == 1
    )

    client.force_login(people["buyer"])
    early = client.post(f"/tickets/{ticket.reference}/step-in/", {}, **HOST, follow=True)
    assert "답변 기한이 지나면" in early.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).escalated_at is None

    clock.move_to(at(2026, 12, 1, 10, 1))
    reminders.sweep()
    assert sent(ticket) == {K.STORE_ANSWER_WARNING, K.STORE_ANSWER_MISSED}
    reminders.sweep()  # exactly once
    ticket.refresh_from_db()
    assert ticket.store_missed_at == at(2026, 12, 1, 10, 1)
    assert (
        TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STORE_MISSED).count() == 1
    )
    told = OutboundEmail.objects.get(to=people["buyer"].email, subject__contains="스토어가 아직")
    assert "고객센터에 처리 요청" in told.body_text
    assert Notification.objects.filter(ticket=ticket, kind="store_missed").exists()

    page = client.get(f"/tickets/{ticket.reference}/", **HOST).content.decode()
    assert "고객센터에 처리 요청" in page
    ticket.refresh_from_db()
    before = ticket.priority
    client.post(f"/tickets/{ticket.reference}/step-in/", {"reason": "아직 못 받았어요"}, **HOST)
    ticket.refresh_from_db()
    assert ticket.escalated_at is not None
    assert ticket.priority == Priority.raised(before) != before
    assert ticket.store_answer_due_at is None
    assert Notification.objects.filter(ticket=ticket, kind="step_in").exists()
    with pytest.raises(InvalidTransition):
        services.ask_help_center(ticket, by=people["buyer"])
    agent_page = client.get(f"/tickets/{ticket.reference}/", **HOST).content.decode()
    assert "처리 중" in agent_page


def test_only_the_requester_may_ask_the_help_center_to_step_in(client, people, clock):
    ticket = file_store_inquiry(people)
    clock.move_to(at(2026, 12, 2, 10, 0))
    for other in (people["seller"], people["agent"]):
        with pytest.raises(NotAllowed):
            services.ask_help_center(ticket, by=other)
    client.force_login(people["buyer2"])
    url = f"/api/v1/tickets/{ticket.reference}/escalate/"
    assert client.post(url, {}, content_type=JSON, **HOST).status_code == 404
    client.force_login(people["buyer"])
    response = client.post(url, {"reason": "아직이요"}, content_type=JSON, **HOST)
    assert response.status_code == 200 and response.json()["escalated_at"]
    again = client.post(url, {}, content_type=JSON, **HOST)
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid_state"


def test_the_store_answering_stops_its_clock_and_counts_on_time(people, clock):
    ticket = file_store_inquiry(people)
    clock.move_to(at(2026, 11, 30, 15, 0))
    services.add_message(ticket, by=people["seller"], body="오늘 발송합니다")
    ticket.refresh_from_db()
    assert ticket.store_answer_due_at is None and ticket.store_answer_minutes == 300
    assert store_rows(ticket) == {}
    clock.move_to(at(2026, 12, 2, 10, 0))
    assert reminders.sweep().sent == 0
    # The buyer writes again: the store owes another answer, from now.
    services.add_message(ticket, by=people["buyer"], body="송장번호가 안 보여요")
    ticket.refresh_from_db()
    assert ticket.store_answer_due_at == at(2026, 12, 3, 10, 0)


def test_an_agent_asking_the_store_sets_a_new_deadline_and_closing_ends_it(people, clock):
    ticket = file_store_inquiry(people)
    services.add_message(ticket, by=people["seller"], body="확인 중입니다")
    clock.move_to(at(2026, 12, 4, 14, 0))  # Friday 14:00
    services.request_store_answer(ticket, by=people["agent"], body="송장번호를 알려주세요")
    ticket.refresh_from_db()
    assert ticket.store_answer_due_at == at(2026, 12, 7, 14, 0)  # Monday 14:00
    assert ticket.store_requested_at == at(2026, 12, 4, 14, 0)
    services.change_status(ticket, by=people["agent"], status="resolved")
    ticket.refresh_from_db()
    assert ticket.store_answer_due_at is None and store_rows(ticket) == {}


def test_no_answer_needed_is_recorded_and_leaves_the_inquiry_out_of_the_on_time_share(
    client, people, clock
):
    ticket = file_store_inquiry(people)
    first = ticket.messages.get()
    client.force_login(people["buyer"])  # not the store: refused, nothing changes
    client.post(f"/tickets/{ticket.reference}/messages/{first.pk}/no-answer-needed/", **HOST)
    first.refresh_from_db()
    assert first.no_answer_needed_at is None
    client.force_login(people["seller"])
    page = client.get(f"/tickets/{ticket.reference}/", **HOST).content.decode()
    assert "답변 불필요" in page
    client.post(f"/tickets/{ticket.reference}/messages/{first.pk}/no-answer-needed/", **HOST)
    first.refresh_from_db()
    ticket.refresh_from_db()
    assert first.no_answer_needed_at is not None
    assert ticket.store_answer_not_needed and ticket.store_answer_due_at is None
    assert store_rows(ticket) == {}
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.NO_ANSWER).count() == 1
    with pytest.raises(InvalidTransition):
        services.mark_no_answer_needed(first, by=people["seller"])


@pytest.mark.django_db(transaction=True)
def test_two_beat_processes_escalate_each_missed_deadline_once(reference_data, people):
    if not settings.IS_POSTGRES:
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time")
    import time_machine

    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False) as traveller:
        tickets = [file_store_inquiry(people, subject=f"문의 {n}") for n in range(12)]
        traveller.move_to(at(2026, 12, 1, 11, 0))
        barrier = threading.Barrier(2)
        results = []

        def run():
            try:
                barrier.wait()
                results.append(reminders.sweep(batch_size=3))
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    missed = TicketEvent.objects.filter(kind=TicketEvent.Kind.STORE_MISSED)
    assert missed.count() == 12 and len({e.ticket_id for e in missed}) == 12
    assert OutboundEmail.objects.filter(subject__contains="스토어가 아직").count() == 12
    assert (
        Ticket.objects.filter(pk__in=[t.pk for t in tickets], store_missed_at__isnull=False).count()
        == 12
    )
