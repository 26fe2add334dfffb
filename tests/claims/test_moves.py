"""Every move of PRODUCT.md's claims table, allowed and refused, for each role: the buyer,
the store (a member of its team) and a help center agent. A move a role never makes is
refused as not allowed (403); one it makes, but not from this state or for this kind, as a
conflict (409). Nothing is recorded for a refused move."""

import pytest

from claims import services
from claims.errors import ClaimConflict, ClaimNotAllowed, InvalidClaim
from claims.models import Claim, ClaimEvent
from tickets.models import TicketEvent

from .conftest import SETUPS, claim_in

S = Claim.State
TARGETS = [s.value for s in S]

# Written from PRODUCT.md's table, not from the code: who may move a claim where, per state.
ALLOWED = {
    "requested": {"buyer": {"withdrawn"}, "seller": {"accepted", "rejected"}, "agent": {"closed"}},
    "requested_late": {
        "buyer": {"withdrawn", "escalated"},
        "seller": {"accepted", "rejected"},
        "agent": {"closed"},
    },
    "accepted": {"buyer": {"withdrawn", "return_shipped"}, "seller": set(), "agent": {"closed"}},
    "accepted_cancel": {
        "buyer": {"withdrawn"},
        "seller": {"refunded"},
        "agent": {"refunded", "closed"},
    },
    "accepted_cancel_late": {
        "buyer": {"withdrawn", "escalated"},
        "seller": {"refunded"},
        "agent": {"refunded", "closed"},
    },
    "rejected": {"buyer": {"escalated"}, "seller": set(), "agent": {"closed"}},
    "escalated": {"buyer": set(), "seller": set(), "agent": {"accepted", "rejected", "closed"}},
    "return_shipped": {"buyer": set(), "seller": {"received"}, "agent": {"closed"}},
    "received": {"buyer": set(), "seller": {"refunded"}, "agent": {"refunded", "closed"}},
    "received_exchange": {
        "buyer": set(),
        "seller": {"refunded", "exchange_shipped"},
        "agent": {"refunded", "closed"},
    },
    "refunded": {"buyer": {"completed"}, "seller": set(), "agent": {"closed"}},
    "exchange_shipped": {"buyer": {"completed"}, "seller": set(), "agent": {"closed"}},
    "completed": {"buyer": set(), "seller": set(), "agent": set()},
    "withdrawn": {"buyer": set(), "seller": set(), "agent": set()},
    "closed": {"buyer": set(), "seller": set(), "agent": set()},
}
# The targets each role never moves a claim to (PRODUCT.md): refused with 403 in any state.
NEVER = {
    "buyer": {
        "requested",
        "accepted",
        "rejected",
        "received",
        "refunded",
        "exchange_shipped",
        "closed",
    },
    "seller": {"requested", "withdrawn", "escalated", "return_shipped", "completed", "closed"},
    "agent": {
        "requested",
        "withdrawn",
        "escalated",
        "return_shipped",
        "received",
        "exchange_shipped",
        "completed",
    },
}
CASES = [
    (setup, role, target)
    for setup in SETUPS
    for role in ("buyer", "seller", "agent")
    for target in TARGETS
]


def expected(setup, role, target):
    if target in ALLOWED[setup][role]:
        return "ok"
    return 403 if target in NEVER[role] else 409


@pytest.mark.parametrize(("setup", "role"), sorted({(s, r) for s, r, _t in CASES}))
def test_each_role_makes_exactly_the_moves_of_the_table(people, clock, setup, role):
    outcomes = {}
    for target in TARGETS:
        claim = claim_in(people, clock, setup)
        before = ClaimEvent.objects.filter(claim=claim).count()
        history = TicketEvent.objects.filter(ticket=claim.ticket, kind="claim").count()
        try:
            moved = services.transition_claim(
                claim, by=people[role], to=target, note="메모", tracking_number="CJ999"
            )
        except ClaimNotAllowed:
            outcomes[target] = 403
        except ClaimConflict:
            outcomes[target] = 409
        else:
            outcomes[target] = "ok"
            assert moved.state == target
            assert ClaimEvent.objects.filter(claim=claim).count() == before + 1
            event = ClaimEvent.objects.filter(claim=claim).last()
            assert (event.old_state, event.new_state, event.note) == (claim.state, target, "메모")
            assert (
                TicketEvent.objects.filter(ticket=claim.ticket, kind="claim").count() == history + 1
            )
            continue
        assert ClaimEvent.objects.filter(claim=claim).count() == before
        assert Claim.objects.get(pk=claim.pk).state == claim.state
    assert outcomes == {target: expected(setup, role, target) for target in TARGETS}


def test_someone_with_no_part_in_the_claim_may_make_no_move(people, clock):
    claim = claim_in(people, clock, "requested")
    for target in TARGETS:
        with pytest.raises(ClaimNotAllowed):
            services.transition_claim(claim, by=people["buyer2"], to=target)


def test_shipping_back_needs_a_tracking_number(people, clock):
    claim = claim_in(people, clock, "accepted")
    with pytest.raises(InvalidClaim) as refused:
        services.ship_return(claim, by=people["buyer"], tracking_number="  ")
    assert "tracking_number" in refused.value.errors
    assert Claim.objects.get(pk=claim.pk).state == S.ACCEPTED


def test_a_double_move_gives_one_event(people, clock):
    claim = claim_in(people, clock, "requested")
    services.accept_claim(claim, by=people["seller"])
    with pytest.raises(ClaimConflict):
        services.accept_claim(claim, by=people["seller"])  # the same stale object, again
    assert ClaimEvent.objects.filter(claim=claim, new_state="accepted").count() == 1


def test_the_refund_after_a_return_is_due_three_business_days_after_receipt(people, clock):
    claim = claim_in(people, clock, "received")  # received on Monday 30 November 10:00
    assert claim.refund_due_at.isoformat() == "2026-12-03T01:00:00+00:00"  # Thursday 10:00
