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
