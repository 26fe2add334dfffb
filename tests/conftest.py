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

    from helpdesk import cache as redis_state
    from helpdesk import copies

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    redis_state.reset()  # a fault test may have paused the cache in this process
    copies.forget_local_state()  # copies a previous test left in this process's memory


@pytest.fixture
def reference_data(db):
    """Categories, queues, targets, channels and FAQ as the demo has them."""
    from tickets import demo

    demo.seed_reference_data()


@pytest.fixture
def people(reference_data):
    from tickets import demo

    return demo.seed_people()
