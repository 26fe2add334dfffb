import os

import pytest

from helpdesk.celery import app as celery_app

# Tasks run in-process in tests; tests/foundation/test_celery_worker.py runs a real worker.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


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

    from catalog import reference

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    reference.forget_local()  # lists a previous test left in this process's memory


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
