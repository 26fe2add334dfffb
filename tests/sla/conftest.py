from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from catalog import calendar as cal
from catalog.models import BusinessCalendar, OpeningHours
from tests.factories import CategoryFactory, QueueFactory, UserFactory, member
from tests.reference import TARGETS
from tickets.models import SLAPolicy

SEOUL = ZoneInfo("Asia/Seoul")


def at(*args):
    return datetime(*args, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _fresh(settings):
    """Calendars and the expected wait are cached per process; tests start clean."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sla"}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cal.forget_cached()
    cache.clear()
    yield
    cal.forget_cached()


@pytest.fixture
def office(db):
    """The default calendar: Monday to Friday, 09:00-18:00 Seoul, Korean holidays closed."""
    calendar = BusinessCalendar.objects.create(name="office", is_default=True)
    for weekday in range(5):
        OpeningHours.objects.create(
            calendar=calendar, weekday=weekday, opens_at=time(9), closes_at=time(18)
        )
    return calendar


@pytest.fixture
def targets(db):
    """The default targets: first response urgent 1 h, high 4 h, normal 8 h, low 16 h."""
    for priority, (first, nxt, resolution) in TARGETS.items():
        SLAPolicy.objects.create(
            priority=priority,
            first_response_minutes=first,
            next_response_minutes=nxt,
            resolution_minutes=resolution,
        )


class Team:
    def __init__(self):
        self.queue = QueueFactory(slug="orders")
        self.category = CategoryFactory(slug="delivery", queue=self.queue)
        self.agent = member(UserFactory(agent=True, preferred_language="ko"), self.queue)
        self.agent2 = member(UserFactory(agent=True, preferred_language="en"), self.queue)
        self.supervisor = member(UserFactory(supervisor=True, preferred_language="en"), self.queue)
        self.other_supervisor = UserFactory(supervisor=True)  # not in this queue


@pytest.fixture
def team(db):
    return Team()


class Clock:
    """The clock, stopped at a moment the test sets (time-machine): ``timezone.now()``, model
    defaults and the database comparisons of the sweep all read it."""

    def __init__(self, traveller, start):
        self._traveller = traveller
        self.now = start
        traveller.move_to(start)

    def set(self, *args):
        self.now = at(*args)
        self._traveller.move_to(self.now)
        return self.now


@pytest.fixture
def clock():
    """Monday 30 November 2026, 10:00 Seoul, stopped; ``clock.set(...)`` moves it."""
    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False) as traveller:
        yield Clock(traveller, at(2026, 11, 30, 10, 0))
