"""The clock stops while the ticket waits on the requester or is on hold, and due times move
when it resumes, when the priority or category changes, and when an answer is given."""

import pytest

from tests.factories import CategoryFactory, StoreFactory, TicketFactory, UserFactory
from tickets import services, sla
from tickets.models import Message, Reminder, SLAPolicy, Ticket, TicketEvent

from .conftest import at

K = Reminder.Kind


def scheduled(ticket, *kinds):
    rows = Reminder.objects.filter(ticket=ticket, state=Reminder.State.SCHEDULED)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return {(r.kind, r.due_at) for r in rows}


@pytest.fixture
def ticket(office, targets, team, clock):
    """Filed Monday 30 Nov 2026 10:00, normal priority: first response due Monday 18:00,
    resolution (1620 min = 3 days) due Thursday 3 Dec 10:00."""
    clock.set(2026, 11, 30, 10, 0)
    ticket = TicketFactory(
        category=team.category, created_at=clock.now, assignee=team.agent, status="new"
    )
    sla.start_clocks(ticket)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == at(2026, 11, 30, 18, 0)
    assert ticket.resolution_due_at == at(2026, 12, 3, 10, 0)
    return ticket


def test_waiting_on_the_requester_pauses_and_their_reply_resumes_the_clock(ticket, team, clock):
    clock.set(2026, 11, 30, 11, 0)
    services.add_message(ticket, by=team.agent, body="주문번호를 알려주세요.", new_status="pending")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.PENDING
    assert ticket.sla_paused_at == at(2026, 11, 30, 11, 0)
    # Nothing of the targets fires while paused; the requester is reminded after 3 business
    # days and the inquiry resolves itself after 7.
    assert scheduled(ticket, *sla.TARGET_KINDS) == set()
    assert scheduled(ticket, *sla.PENDING_KINDS) == {
        (K.PENDING_NUDGE, at(2026, 12, 3, 11, 0)),
        (K.AUTO_RESOLVE, at(2026, 12, 9, 11, 0)),
    }

    clock.set(2026, 12, 2, 11, 0)  # Wednesday: paused 420 + 540 + 120 = 1080 business minutes
    services.add_message(ticket, by=ticket.requester, body="2026111412345678 입니다.")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert ticket.sla_paused_at is None
    # Thursday 10:00 + 1080: Thu 480, Fri 540, Mon 60 -> Monday 7 Dec 10:00.
    assert ticket.resolution_due_at == at(2026, 12, 7, 10, 0)
    # The requester wrote again: next response (960 min) from Wednesday 11:00 -> Thursday 18:00.
    assert ticket.next_response_due_at == at(2026, 12, 3, 18, 0)
    assert scheduled(ticket, *sla.PENDING_KINDS) == set()
    assert scheduled(ticket, K.RESOLUTION_BREACH, K.NEXT_RESPONSE_BREACH) == {
        (K.RESOLUTION_BREACH, at(2026, 12, 7, 10, 0)),
        (K.NEXT_RESPONSE_BREACH, at(2026, 12, 3, 18, 0)),
    }
    reasons = list(
        TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.DUE).values_list(
            "reason", flat=True
        )
    )
    assert any("1080" in reason for reason in reasons)


def test_on_hold_before_the_first_answer_moves_the_first_response_due(ticket, team, clock):
    clock.set(2026, 11, 30, 12, 0)
    services.change_status(ticket, by=team.agent, status="on_hold", reason="판매자 확인 중")
    clock.set(2026, 12, 1, 12, 0)  # 6 h Monday + 3 h Tuesday = 540 business minutes
    services.change_status(ticket, by=team.agent, status="open")
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == at(2026, 12, 1, 18, 0)
    assert (K.FIRST_RESPONSE_BREACH, at(2026, 12, 1, 18, 0)) in scheduled(ticket)
    assert not Reminder.objects.filter(
        ticket=ticket, kind=K.FIRST_RESPONSE_BREACH, due_at=at(2026, 11, 30, 18, 0)
    ).exclude(state=Reminder.State.CANCELLED)


def test_the_first_public_answer_meets_the_first_response_target(ticket, team, clock):
    clock.set(2026, 11, 30, 13, 30)
    services.add_message(ticket, by=team.agent, body="확인 중입니다.", kind=Message.Kind.NOTE)
    ticket.refresh_from_db()
    assert ticket.first_response_at is None  # a note is not an answer
    assert scheduled(ticket, K.FIRST_RESPONSE_BREACH)

    services.add_message(ticket, by=team.agent, body="택배사에 확인했습니다.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == at(2026, 11, 30, 13, 30)
    assert ticket.first_response_minutes == 210
    assert scheduled(ticket, K.FIRST_RESPONSE_WARNING, K.FIRST_RESPONSE_BREACH) == set()
    assert scheduled(ticket, K.RESOLUTION_BREACH)  # still to resolve
    met = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.DUE).last()
    assert met.new == "2026-11-30 13:30"
    assert met.reason == "첫 답변 기한 준수"


def test_the_next_response_clock_runs_from_the_requesters_message_to_our_answer(
    ticket, team, clock
):
    clock.set(2026, 11, 30, 11, 0)
    services.add_message(ticket, by=team.agent, body="확인했습니다.")
    clock.set(2026, 11, 30, 15, 0)
    services.add_message(ticket, by=ticket.requester, body="언제 오나요?")
    ticket.refresh_from_db()
    # 960 min from Monday 15:00: Monday 180, Tuesday 540, Wednesday 240 -> Wed 13:00.
    assert ticket.next_response_due_at == at(2026, 12, 2, 13, 0)
    clock.set(2026, 11, 30, 16, 0)
    services.add_message(ticket, by=ticket.requester, body="답 주세요.")
    ticket.refresh_from_db()
    assert ticket.next_response_due_at == at(2026, 12, 2, 13, 0)  # the first message counts

    clock.set(2026, 12, 1, 10, 0)
    services.add_message(ticket, by=team.agent, body="내일 도착합니다.")
    ticket.refresh_from_db()
    assert ticket.next_response_due_at is None
    assert scheduled(ticket, K.NEXT_RESPONSE_WARNING, K.NEXT_RESPONSE_BREACH) == set()


def test_the_store_answering_as_seller_meets_the_first_response(office, targets, clock):
    clock.set(2026, 11, 30, 10, 0)
    store = StoreFactory()
    category = CategoryFactory(concerns_store=True)
    ticket = TicketFactory(category=category, store=store, created_at=clock.now)
    sla.start_clocks(ticket)
    clock.set(2026, 11, 30, 11, 0)
    services.add_message(ticket, by=store.owner, body="교환해 드리겠습니다.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == at(2026, 11, 30, 11, 0)
    assert scheduled(ticket, K.FIRST_RESPONSE_BREACH) == set()


def test_raising_the_priority_moves_the_due_times_earlier(ticket, team, clock):
    clock.set(2026, 11, 30, 10, 30)
    services.change_priority(ticket, by=team.agent, priority="urgent", reason="VIP")
    ticket.refresh_from_db()
    # Urgent: first response 60 min, resolution 540 min from Monday 10:00.
    assert ticket.first_response_due_at == at(2026, 11, 30, 11, 0)
    assert ticket.resolution_due_at == at(2026, 12, 1, 10, 0)
    assert scheduled(ticket, K.FIRST_RESPONSE_WARNING, K.FIRST_RESPONSE_BREACH) == {
        (K.FIRST_RESPONSE_WARNING, at(2026, 11, 30, 10, 45)),
        (K.FIRST_RESPONSE_BREACH, at(2026, 11, 30, 11, 0)),
    }
    cancelled = Reminder.objects.filter(ticket=ticket, state=Reminder.State.CANCELLED)
    assert (K.FIRST_RESPONSE_BREACH, at(2026, 11, 30, 18, 0)) in {
        (r.kind, r.due_at) for r in cancelled
    }
    event = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.DUE).last()
    assert event.actor == team.agent
    assert "Urgent" in event.reason or "긴급" in event.reason


def test_a_missed_target_stays_missed_when_the_priority_rises(ticket, team, clock):
    clock.set(2026, 12, 1, 9, 30)  # first response was due Monday 18:00
    services.change_priority(ticket, by=None, priority="high", reason="missed")
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == at(2026, 11, 30, 18, 0)
    # ...but the resolution target, still running, moves: 1080 instead of 1620 min.
    assert ticket.resolution_due_at == at(2026, 12, 2, 10, 0)
    assert not Reminder.objects.filter(
        ticket=ticket, kind=K.FIRST_RESPONSE_BREACH, due_at__gt=at(2026, 11, 30, 18, 0)
    ).exists()


def test_lowering_the_priority_gives_more_time(ticket, team, clock):
    clock.set(2026, 11, 30, 17, 0)
    services.change_priority(ticket, by=team.agent, priority="low")
    ticket.refresh_from_db()
    # Low: 960 min from Monday 10:00 -> Tuesday 17:00.
    assert ticket.first_response_due_at == at(2026, 12, 1, 17, 0)
    assert scheduled(ticket, K.FIRST_RESPONSE_BREACH) == {
        (K.FIRST_RESPONSE_BREACH, at(2026, 12, 1, 17, 0))
    }


def test_a_new_category_brings_its_own_targets(ticket, team, clock):
    faster = CategoryFactory(slug="payment", queue=team.queue)
    SLAPolicy.objects.create(
        category=faster,
        priority="normal",
        first_response_minutes=120,
        next_response_minutes=240,
        resolution_minutes=600,
    )
    clock.set(2026, 11, 30, 10, 30)
    services.change_category(ticket, by=team.agent, category=faster)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == at(2026, 11, 30, 12, 0)
    assert ticket.resolution_due_at == at(2026, 12, 1, 11, 0)


def test_resolving_stops_the_clock_and_asks_for_a_rating(ticket, team, clock):
    clock.set(2026, 11, 30, 11, 0)
    services.add_message(ticket, by=team.agent, body="환불되었습니다.", new_status="resolved")
    ticket.refresh_from_db()
    assert scheduled(ticket, *sla.TARGET_KINDS) == set()
    assert scheduled(ticket, K.SATISFACTION, K.AUTO_CLOSE) == {
        (K.SATISFACTION, at(2026, 11, 30, 11, 0)),
        (K.AUTO_CLOSE, at(2026, 12, 7, 11, 0)),
    }
    # Reopened: the satisfaction request and automatic closing no longer apply.
    clock.set(2026, 11, 30, 11, 5)
    services.reopen_ticket(ticket, by=ticket.requester)
    ticket.refresh_from_db()
    assert scheduled(ticket, K.SATISFACTION, K.AUTO_CLOSE) == set()
    # 960 min from Monday 11:05: Monday 415, Tuesday 540, Wednesday 5 -> Wednesday 09:05.
    assert ticket.next_response_due_at == at(2026, 12, 2, 9, 5)
    assert scheduled(ticket, K.NEXT_RESPONSE_BREACH)


def test_a_requester_closing_their_own_inquiry_is_not_asked_to_rate(ticket, clock):
    clock.set(2026, 11, 30, 11, 0)
    services.close_ticket(ticket, by=ticket.requester)
    assert not Reminder.objects.filter(ticket=ticket, kind=K.SATISFACTION).exists()
    assert not Reminder.objects.filter(ticket=ticket, state=Reminder.State.SCHEDULED).exists()


def test_an_agent_not_on_the_ticket_changing_nothing_records_nothing(ticket, team, clock):
    before = TicketEvent.objects.filter(ticket=ticket).count()
    services.change_priority(ticket, by=UserFactory(agent=True), priority="normal")
    assert TicketEvent.objects.filter(ticket=ticket).count() == before
