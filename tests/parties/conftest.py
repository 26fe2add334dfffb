from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from catalog import calendar as cal
from catalog.models import Category
from tickets import services

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


def file_store_inquiry(people, *, requester=None, subject="냄비가 안 와요", **extra):
    """A buyer's delivery inquiry about an order of the store haru-living (the seller's)."""
    return services.open_ticket(
        requester=requester if requester is not None else people["buyer"],
        category=Category.objects.get(slug="delivery"),
        subject=subject,
        body="일주일째 배송 준비 중이에요",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
        **extra,
    ).ticket


@pytest.fixture
def inquiry(people, clock):
    return file_store_inquiry(people)
