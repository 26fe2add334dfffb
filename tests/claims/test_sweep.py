"""The claims' deadlines move claims by rows in their reminder table: the automatic acceptance,
the late-refund escalation, completion and closing each happen exactly once, with two beat
processes at once (PostgreSQL row locks) and after Redis was down."""

import threading
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from claims import reminders, services, tasks
from claims.models import Claim, ClaimEvent, ClaimReminder
from claims.selectors import agent_claims
from outbox.models import OutboundEmail
from tickets.models import Notification
from tickets.notifications import platform_people

from .conftest import HOST, at, make_claim, moved

S = Claim.State


def system_moves(claim, target):
    return ClaimEvent.objects.filter(claim=claim, party="system", new_state=target).count()


def test_a_claim_the_store_leaves_unanswered_is_accepted_for_it_once(people, clock):
    claim = make_claim(people)
    clock.move_to(at(2026, 12, 1, 9, 59))
    assert reminders.sweep().done == 0
    clock.move_to(at(2026, 12, 1, 10, 0))  # the end of the store's one business day
    assert reminders.sweep().done == 1
    assert reminders.sweep().done == 0
    claim.refresh_from_db()
    assert (claim.state, claim.auto_accepted) == (S.ACCEPTED, True)
    assert system_moves(claim, "accepted") == 1
    # The buyer hears of it by e-mail, the store in the app and by e-mail, each in their language.
    assert (
        OutboundEmail.objects.filter(
            to=people["buyer"].email, subject__contains=claim.reference
        ).count()
        == 1
    )
    notice = (
        Notification.objects.filter(recipient=people["seller"], kind="claim").order_by("pk").last()
    )
    assert claim.reference in notice.text and "시스템" in notice.text


def test_a_claim_out_of_policy_goes_to_the_help_center_instead(people, clock, settings):
    settings.HELPDESK_CLAIM_AUTO_ACCEPT_MAX_AMOUNT = 10_000
    claim = make_claim(people, amount=39_000)
    assert not claim.is_in_policy
    clock.move_to(at(2026, 12, 1, 10, 0))
    reminders.sweep()
    claim.refresh_from_db()
    assert (claim.state, claim.is_escalated) == (S.ESCALATED, True)


def test_a_late_refund_escalates_to_the_platform_once_and_the_buyer_is_told(people, clock):
    claim = moved(
        make_claim(people, kind="cancel", delivered_at=None), ("accepted", people["seller"])
    )
    due = claim.refund_due_at
    assert due == at(2026, 12, 3, 10, 0)
    clock.move_to(at(2026, 12, 2, 10, 0))  # a business day before: the store is reminded
    assert reminders.sweep().done == 1
    assert (
        Notification.objects.filter(
            recipient=people["seller"], kind="claim", text__contains="환불"
        ).count()
        == 1
    )
    clock.move_to(at(2026, 12, 3, 10, 0))
    assert reminders.sweep().done == 1
    assert reminders.sweep().done == 0
    claim.refresh_from_db()
    assert (claim.state, claim.is_escalated, claim.refund_late) == (S.ESCALATED, True, True)
    assert system_moves(claim, "escalated") == 1
    assert OutboundEmail.objects.filter(
        to=people["buyer"].email, subject__contains=claim.reference
    ).exists()
    # The platform hears of it and sees it in its escalated and overdue views.
    told = set(Notification.objects.filter(kind="claim").values_list("recipient", flat=True))
    assert {person.pk for person in platform_people(claim.ticket)} <= told
    assert claim in agent_claims(people["agent"], "escalated")
    assert claim in agent_claims(people["agent"], "overdue")
    # The help center refunds on the store's behalf after deciding.
    claim = moved(claim, ("accepted", people["agent"]), ("refunded", people["agent"]))
    assert claim.state == S.REFUNDED and claim.refund_late


def test_a_refunded_claim_completes_after_a_week_and_an_idle_one_closes(people, clock):
    refunded = moved(
        make_claim(people, kind="cancel", delivered_at=None),
        ("accepted", people["seller"]),
        ("refunded", people["seller"]),
    )
    idle = moved(
        make_claim(people, order_number="2026112099999999"), ("rejected", people["seller"])
    )
    clock.move_to(at(2026, 12, 7, 9, 59))
    reminders.sweep()
    assert Claim.objects.get(pk=refunded.pk).state == S.REFUNDED
    clock.move_to(at(2026, 12, 7, 10, 0))
    reminders.sweep()
    assert Claim.objects.get(pk=refunded.pk).state == S.COMPLETED
    assert Claim.objects.get(pk=idle.pk).state == S.REJECTED
    clock.move_to(at(2026, 12, 30, 10, 0))  # 21 business days after the rejection
    reminders.sweep()
    idle.refresh_from_db()
    assert idle.state == S.CLOSED and idle.done_at is not None
    assert system_moves(idle, "closed") == 1


def test_a_move_before_the_deadline_makes_the_row_stand_down(people, clock):
    claim = make_claim(people)
    services.reject_claim(claim, by=people["seller"], note="사용 흔적이 있어요")
    clock.move_to(at(2026, 12, 1, 10, 0))
    reminders.sweep()
    assert Claim.objects.get(pk=claim.pk).state == S.REJECTED
    assert not ClaimReminder.objects.filter(claim=claim, kind="store_answer", state="sent").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("deadline", ["answer", "refund"])
def test_two_beat_processes_make_each_automatic_move_once(reference_data, people, deadline):
    if not settings.IS_POSTGRES:
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time")
    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False) as traveller:
        claims = []
        for n in range(8):
            claim = make_claim(
                people, kind="cancel", delivered_at=None, order_number=f"2026112000000{n:03d}"
            )
            if deadline == "refund":
                claim = moved(claim, ("accepted", people["seller"]))
            claims.append(claim)
        traveller.move_to(at(2026, 12, 3, 10, 0))
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
        reminders.sweep()  # whatever a busy claim left for the next sweep
    target = "accepted" if deadline == "answer" else "escalated"
    for claim in claims:
        assert system_moves(claim, target) == 1
    assert Claim.objects.filter(pk__in=[c.pk for c in claims], state=target).count() == 8


def test_claims_made_while_redis_is_down_are_saved_and_moved_once_it_is_back(client, people, clock):
    client.force_login(people["buyer"])
    with mock.patch("helpdesk.queueing._send", side_effect=OSError("Redis is down")):
        response = client.post(
            "/claims/new/",
            {
                "kind": "cancel",
                "fault": "buyer",
                "order_number": "2026112055555555",
                "store_id": "haru-living",
                "amount": "12000",
                "reason": "주문을 잘못했어요",
                "submission_id": "outage-1",
            },
            **HOST,
        )
        assert response.status_code == 302
        claim = Claim.objects.get()
        clock.move_to(at(2026, 12, 1, 10, 0))
        # Beat runs again with the broker still away: the rows are in the database.
        assert tasks.sweep_claim_reminders() == 1
    assert tasks.sweep_claim_reminders() == 0
    claim.refresh_from_db()
    assert claim.state == S.ACCEPTED and system_moves(claim, "accepted") == 1
    # Every e-mail waits in the outbox for its own sweep; none was lost or doubled.
    assert (
        OutboundEmail.objects.filter(
            to=people["buyer"].email, subject__contains=claim.reference
        ).count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_make_one_move(reference_data, people):
    if not settings.IS_POSTGRES:
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time")
    from claims.errors import ClaimConflict

    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False):
        claim = make_claim(people)
        barrier = threading.Barrier(2)
        outcomes = []

        def click():
            try:
                barrier.wait()
                services.accept_claim(claim, by=people["seller"])
                outcomes.append("moved")
            except ClaimConflict:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == ["moved", "refused"]
    assert ClaimEvent.objects.filter(claim=claim, new_state="accepted").count() == 1
    from audit.models import AuditEntry

    assert (
        AuditEntry.objects.filter(object_id=claim.reference, summary="requested → accepted").count()
        == 1
    )
