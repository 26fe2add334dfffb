"""Claim deadlines count business days on the platform's calendar: nights, weekends and
Korean public holidays (Seollal, Chuseok, their substitute days) are skipped. Each clock is
fixed with time-machine, never today's date."""

import pytest
import time_machine
from django.test import override_settings

from claims.models import Claim, ClaimReminder

from .conftest import at, make_claim, moved

R = ClaimReminder.Kind


def rows(claim):
    return {
        (row.kind, row.due_at)
        for row in ClaimReminder.objects.filter(claim=claim, state=ClaimReminder.State.SCHEDULED)
    }


@pytest.mark.parametrize(
    ("made", "due"),
    [
        # Monday 10:00: Tuesday 10:00.
        (at(2026, 11, 30, 10, 0), at(2026, 12, 1, 10, 0)),
        # Friday 16:00: over the weekend to Monday 16:00.
        (at(2026, 12, 4, 16, 0), at(2026, 12, 7, 16, 0)),
        # Saturday: the next business day after Sunday is Monday, at the same time.
        (at(2026, 12, 5, 11, 0), at(2026, 12, 7, 11, 0)),
        # Wednesday 23 September 2026, before Chuseok (Thu 24 - Sat 26): Monday 28th.
        (at(2026, 9, 23, 10, 0), at(2026, 9, 28, 10, 0)),
        # Friday 5 February 2027, before Seollal (Sat 6 - Mon 8) and its substitute day
        # (Tue 9): Wednesday 10th.
        (at(2027, 2, 5, 10, 0), at(2027, 2, 10, 10, 0)),
        # After hours on Thursday: Friday's same time is after hours too, so Monday 09:00.
        (at(2026, 12, 3, 20, 0), at(2026, 12, 7, 9, 0)),
    ],
)
def test_the_store_answers_within_one_business_day(people, made, due):
    with time_machine.travel(made, tick=False):
        claim = make_claim(people)
    assert claim.seller_answer_due_at == due
    assert (R.STORE_ANSWER.value, due) in rows(claim)


@pytest.mark.parametrize(
    ("received", "reminder", "due"),
    [
        # Wednesday: reminded Friday, due Monday (3 business days, the weekend skipped).
        (at(2026, 12, 2, 14, 0), at(2026, 12, 4, 14, 0), at(2026, 12, 7, 14, 0)),
        # Tuesday 22 September 2026: Wed 23, then Chuseok to Mon 28, Tue 29 (due).
        (at(2026, 9, 22, 11, 0), at(2026, 9, 28, 11, 0), at(2026, 9, 29, 11, 0)),
        # Thursday 4 February 2027: Fri 5, then Seollal and its substitute to Wed 10, Thu 11.
        (at(2027, 2, 4, 11, 0), at(2027, 2, 10, 11, 0), at(2027, 2, 11, 11, 0)),
    ],
)
def test_the_refund_is_due_three_business_days_after_receipt_and_reminded_a_day_before(
    people, received, reminder, due
):
    with time_machine.travel(received, tick=False):
        claim = make_claim(people)
        claim = moved(
            claim,
            ("accepted", people["seller"]),
            ("return_shipped", people["buyer"], "CJ1"),
            ("received", people["seller"]),
        )
        assert claim.refund_due_at == due
        assert {(R.REFUND_REMINDER.value, reminder), (R.REFUND_DUE.value, due)} <= rows(claim)


def test_a_cancellation_is_due_for_refund_three_business_days_after_acceptance(people):
    with time_machine.travel(at(2026, 12, 4, 15, 0), tick=False):  # a Friday
        claim = make_claim(people, kind="cancel", delivered_at=None)
        claim = moved(claim, ("accepted", people["seller"]))
    assert claim.refund_due_at == at(2026, 12, 9, 15, 0)  # Wednesday


@override_settings(
    HELPDESK_CLAIM_STORE_ANSWER_BUSINESS_DAYS=2, HELPDESK_CLAIM_REFUND_BUSINESS_DAYS=5
)
def test_the_durations_are_settings(people):
    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False):
        claim = make_claim(people, kind="cancel", delivered_at=None)
        assert claim.seller_answer_due_at == at(2026, 12, 2, 10, 0)
        claim = moved(claim, ("accepted", people["seller"]))
    assert claim.refund_due_at == at(2026, 12, 7, 10, 0)


def test_an_accepted_exchange_has_no_refund_deadline_but_closes_when_nothing_happens(people):
    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False):
        claim = make_claim(people, kind="exchange")
        claim = moved(claim, ("accepted", people["seller"]))
    assert claim.refund_due_at is None
    # 21 business days after the last move, Christmas Day skipped: Wednesday 30 December.
    assert (R.AUTO_CLOSE.value, at(2026, 12, 30, 10, 0)) in rows(claim)
    assert Claim.objects.get(pk=claim.pk).state == "accepted"
