"""Eligibility windows, checked when a claim is made, at their edges (days in Seoul): change of
mind until 7 days after delivery, goods not as described until 3 months after delivery and
30 days after the problem was found. Too late, the message names the contact to try."""

from datetime import timedelta

import pytest
import time_machine

from claims.errors import ClaimTooLate, InvalidClaim
from claims.models import Claim

from .conftest import at, make_claim

DELIVERED = at(2026, 11, 2, 15, 0)  # a Monday afternoon in Seoul


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (at(2026, 11, 9, 23, 59), True),  # the 7th day after delivery, its last minute
        (at(2026, 11, 10, 0, 0), False),  # the 8th day
    ],
)
@pytest.mark.parametrize("kind", ["cancel", "return", "exchange"])
def test_a_change_of_mind_is_open_until_seven_days_after_delivery(
    people, reference_data, kind, now, allowed
):
    with time_machine.travel(now, tick=False):
        if allowed:
            assert make_claim(people, kind=kind, delivered_at=DELIVERED).state == "requested"
            return
        with pytest.raises(ClaimTooLate) as refused:
            make_claim(people, kind=kind, delivered_at=DELIVERED)
    message = refused.value.errors["delivered_at"][0]
    assert "7" in message and "2026-11-09" in message
    # The contact to try instead: a channel that serves returns (reference data), by address.
    assert any(address in message for address in ("/tickets/new/", "1588-0000", "@helpdesk"))
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (at(2027, 2, 2, 23, 59), True),  # 3 months after 2 November: 2 February, last minute
        (at(2027, 2, 3, 0, 0), False),
    ],
)
def test_goods_not_as_described_are_open_until_three_months_after_delivery(people, now, allowed):
    with time_machine.travel(now, tick=False):
        found = now - timedelta(days=1)
        if allowed:
            claim = make_claim(
                people,
                kind="not_as_described",
                fault="seller",
                delivered_at=DELIVERED,
                discovered_at=found,
            )
            assert claim.discovered_at == found
            return
        with pytest.raises(ClaimTooLate) as refused:
            make_claim(
                people,
                kind="not_as_described",
                fault="seller",
                delivered_at=DELIVERED,
                discovered_at=found,
            )
    assert "3" in refused.value.errors["delivered_at"][0]


@pytest.mark.parametrize(
    ("now", "allowed"),
    [(at(2026, 12, 12, 23, 59), True), (at(2026, 12, 13, 0, 0), False)],
)
def test_and_within_thirty_days_of_finding_the_problem(people, now, allowed):
    found = at(2026, 11, 12, 20, 0)  # 12 November: open until 12 December
    with time_machine.travel(now, tick=False):
        if allowed:
            make_claim(
                people,
                kind="not_as_described",
                fault="seller",
                delivered_at=DELIVERED,
                discovered_at=found,
            )
            return
        with pytest.raises(ClaimTooLate) as refused:
            make_claim(
                people,
                kind="not_as_described",
                fault="seller",
                delivered_at=DELIVERED,
                discovered_at=found,
            )
    assert "30" in refused.value.errors["discovered_at"][0]


def test_a_faulty_item_sent_back_follows_the_longer_window(people):
    with time_machine.travel(at(2026, 12, 20, 10, 0), tick=False):
        claim = make_claim(people, kind="return", fault="seller", delivered_at=DELIVERED)
    assert claim.state == "requested"


def test_a_parcel_that_never_came_has_no_window(people):
    with time_machine.travel(at(2027, 6, 1, 10, 0), tick=False):
        claim = make_claim(people, kind="not_received", fault="seller", delivered_at=None)
    assert claim.delivered_at is None


def test_bad_input_is_refused_with_a_message_per_field_and_saves_nothing(people):
    with (
        time_machine.travel(at(2026, 11, 30, 10, 0), tick=False),
        pytest.raises(InvalidClaim) as refused,
    ):
        make_claim(
            people,
            kind="return",
            reason=" ",
            amount=0,
            store_id="no-such-store",
            delivered_at=at(2026, 12, 25, 10, 0),
        )
    assert {"reason", "amount", "store_id", "delivered_at"} <= set(refused.value.errors)
    assert not Claim.objects.exists()


def test_the_message_is_in_the_persons_language(people):
    from django.utils import translation

    with (
        time_machine.travel(at(2026, 11, 30, 10, 0), tick=False),
        translation.override("en"),
        pytest.raises(ClaimTooLate) as refused,
    ):
        make_claim(people, kind="return", delivered_at=at(2026, 11, 1, 10, 0))
    assert "change-of-mind" in refused.value.errors["delivered_at"][0]
