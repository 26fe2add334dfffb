import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine

from helpdesk.celery import app as celery_app

# Tasks run in-process in tests; tests/foundation/test_celery_worker.py runs a real worker.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture(autouse=True, scope="session")
def _celery_tasks_registered():
    """Eager tasks run in-process only once their module is imported. A worker imports them
    as it starts (autodiscovery); tests do too, so a task queued by name runs whichever test
    comes first in a process (else Celery would try to send it to a broker)."""
    celery_app.autodiscover_tasks(force=True)


SEOUL = ZoneInfo("Asia/Seoul")
MOVED_CLOCKS = ("year-ahead", "chuseok", "new-years-eve")


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("HELPDESK_TEST_CLOCK", ""),
        help=(
            "run each test as if the clock read this moment (it ticks on from there): "
            "year-ahead, chuseok (the next Chuseok day, 10:00 Seoul), new-years-eve (the next "
            "31 December, 23:59 Seoul) or an ISO date-time. Tests that set their own clock keep it."
        ),
    )


def moved_clock(name: str, *, today: date | None = None) -> datetime:
    """The moment a --clock name stands for, counted from the real date."""
    today = today or datetime.now(SEOUL).date()
    if name == "year-ahead":
        return datetime.now(SEOUL) + timedelta(days=365)
    if name == "chuseok":
        days = holidays.KR(years=[today.year, today.year + 1], language="en_US")
        day = min(d for d, label in days.items() if label == "Chuseok" and d >= today)
        return datetime.combine(day, time(10), SEOUL)
    if name == "new-years-eve":
        return datetime(today.year, 12, 31, 23, 59, tzinfo=SEOUL)
    moment = datetime.fromisoformat(name)
    return moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)


def pytest_report_header(config):
    name = config.getoption("--clock")
    if name:
        return f"clock moved to {moved_clock(name).isoformat()} ({name})"
    return None


@pytest.fixture(autouse=True)
def _moved_clock(request):
    """With --clock, every test runs at that moment; a test's own travel nests inside."""
    name = request.config.getoption("--clock")
    if not name:
        yield
        return
    with time_machine.travel(moved_clock(name), tick=True):
        yield


@pytest.fixture(autouse=True)
def _process_clock(settings):
    """Due reminders are compared with the database's clock in production (one clock for
    every worker); tests set the process's clock, so they compare with that one."""
    settings.HELPDESK_DATABASE_CLOCK = False


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Slow hashing protects real passwords; tests create many accounts and need none of it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves its language active in the thread: start each test in Korean."""
    from django.utils import translation

    translation.activate("ko")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Each test process counts rate limits and caches pages in its own memory, from zero."""
    from django.core.cache import cache

    from helpdesk import cache as redis_state
    from helpdesk import copies

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    redis_state.reset()  # a fault test may have paused the cache in this process
    copies.forget_local_state()  # copies a previous test left in this process's memory


@pytest.fixture
def rates(settings):
    """Set some of the API's throttle rates for one test: ``rates(user="5/minute")``."""

    def set_rates(**overrides):
        config = dict(settings.REST_FRAMEWORK)
        config["DEFAULT_THROTTLE_RATES"] = {**config["DEFAULT_THROTTLE_RATES"], **overrides}
        settings.REST_FRAMEWORK = config

    return set_rates


@pytest.fixture
def reference_data(db):
    """The ten categories in their queues, targets, calendars, channels and a few articles
    (tests/reference.py), by slug: ``reference_data.categories["delivery"]``."""
    from tests.reference import build_reference_data

    return build_reference_data()


@pytest.fixture
def people(reference_data):
    """admin (supervisor), agent, agent2, buyer, buyer2 and seller (of the store haru-living),
    by username (tests/reference.py)."""
    from tests.reference import build_people

    return build_people(reference_data.queues)
