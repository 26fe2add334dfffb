import pytest

from tests.factories import QueueFactory, UserFactory, member


@pytest.fixture
def queue(db):
    return QueueFactory(slug="orders")


@pytest.fixture
def other_queue(db):
    return QueueFactory(slug="payments")


@pytest.fixture
def agent(queue):
    return member(UserFactory(agent=True, display_name="Agent Kim"), queue)


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture(autouse=True)
def _private_cache(settings):
    # Presence lives in the cache; a per-test memory cache keeps parallel workers apart.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "agent-tests",
        }
    }
