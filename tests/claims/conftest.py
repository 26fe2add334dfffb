from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from catalog import calendar as cal
from claims import services
from claims.models import Claim

SEOUL = ZoneInfo("Asia/Seoul")
HOST = {"HTTP_HOST": "127.0.0.1"}


def at(*args):
    return datetime(*args, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    cache.clear()
    yield
    cal.forget_cached()


@pytest.fixture
def clock():
    """Monday 30 November 2026, 10:00 Seoul, stopped; ``clock.move_to(...)`` moves it."""
    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False) as traveller:
        yield traveller


def make_claim(people, *, buyer="buyer", kind="return", fault="buyer", **extra):
    """A buyer's claim about an order of haru-living (the seller's store), delivered two
    days before the clock unless told."""
    from django.utils import timezone

    values = {
        "reason": "사이즈가 맞지 않아요",
        "order_number": "2026112012345678",
        "store_id": "haru-living",
        "amount": 39000,
        "product_name": "스테인리스 냄비",
        "delivered_at": timezone.now() - timedelta(days=2),
    }
    values.update(extra)
    return services.make_claim(buyer=people[buyer], kind=kind, fault=fault, **values)


def moved(claim, *states_and_people):
    """Walk a claim through moves: ("accepted", user), ("return_shipped", user, "TRACK")."""
    for step in states_and_people:
        target, person, *rest = step
        claim = services.transition_claim(
            claim, by=person, to=target, tracking_number=rest[0] if rest else ""
        )
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def claim(people, clock):
    return make_claim(people)


def claim_in(people, clock, setup):
    """A claim of haru-living's buyer in the state ``setup`` names (see SETUPS), reached
    through the services as the people would, with the clock moved where a deadline must
    have passed."""
    kind = SETUPS[setup]
    buyer, seller, agent = people["buyer"], people["seller"], people["agent"]
    clock.move_to(at(2026, 11, 30, 10, 0))
    _orders.append(len(_orders) + 1)
    claim = make_claim(
        people,
        kind=kind,
        fault="seller" if kind == "not_as_described" else "buyer",
        order_number=f"20261120{len(_orders):08d}",
    )
    steps = {
        "requested": [],
        "requested_late": ["late"],
        "accepted": [("accepted", seller)],
        "accepted_cancel": [("accepted", seller)],
        "accepted_cancel_late": [("accepted", seller), "late"],
        "rejected": [("rejected", seller)],
        "escalated": [("rejected", seller), ("escalated", buyer)],
        "return_shipped": [("accepted", seller), ("return_shipped", buyer, "CJ1234")],
        "received": [
            ("accepted", seller),
            ("return_shipped", buyer, "CJ1234"),
            ("received", seller),
        ],
        "received_exchange": [
            ("accepted", seller),
            ("return_shipped", buyer, "CJ1234"),
            ("received", seller),
        ],
        "refunded": [
            ("accepted", seller),
            ("return_shipped", buyer, "CJ1234"),
            ("received", seller),
            ("refunded", seller),
        ],
        "exchange_shipped": [
            ("accepted", seller),
            ("return_shipped", buyer, "CJ1234"),
            ("received", seller),
            ("exchange_shipped", seller, "CJ5678"),
        ],
        "completed": [("accepted", seller), ("refunded", seller), ("completed", buyer)],
        "withdrawn": [("withdrawn", buyer)],
        "closed": [("closed", agent)],
    }[setup]
    for step in steps:
        if step == "late":
            clock.move_to(at(2026, 12, 10, 10, 0))  # a week on: every deadline has passed
            continue
        claim = moved(claim, step)
    return Claim.objects.get(pk=claim.pk)


_orders: list[int] = []

SETUPS = {
    "requested": "return",
    "requested_late": "return",
    "accepted": "return",
    "accepted_cancel": "cancel",
    "accepted_cancel_late": "cancel",
    "rejected": "return",
    "escalated": "return",
    "return_shipped": "return",
    "received": "return",
    "received_exchange": "exchange",
    "refunded": "return",
    "exchange_shipped": "exchange",
    "completed": "cancel",
    "withdrawn": "return",
    "closed": "not_as_described",
}
