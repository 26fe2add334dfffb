import itertools

import pytest

from catalog.models import Queue
from tests.factories import UserFactory, member

from .helpers import file_ticket

_caches = itertools.count()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Demo people are made with their passwords in every test: hash them cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttle_cache(settings):
    """Throttle counters live in the cache: each test starts with its own, empty one."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-tests-{next(_caches)}",
        }
    }


@pytest.fixture
def outsider_agent(people):
    """An agent of the seller-success queue only: order and payment tickets are not theirs."""
    agent = UserFactory(agent=True, username="outsider-agent")
    return member(agent, Queue.objects.get(slug="seller-success"))


@pytest.fixture
def tickets(people):
    """One ticket of each kind the scoping rules tell apart."""
    return {
        # The buyer's order inquiry about the seller's store (haru-living): the seller sees it.
        "buyer_delivery": file_ticket(people["buyer"]),
        # The buyer's payment inquiry concerns no store: the seller never sees it.
        "buyer_payment": file_ticket(
            people["buyer"],
            "payment",
            subject="Charged twice",
            details={"payment_method": "card", "amount": 45900},
        ),
        "buyer2_delivery": file_ticket(
            people["buyer2"],
            details={"order_number": "2026111012340000", "store_id": "modern-kitchen"},
        ),
        # The seller's own inquiry, routed to seller-success.
        "seller_own": file_ticket(
            people["seller"],
            "sales-statistics",
            subject="Statistics are empty",
            details={"store_id": "haru-living"},
        ),
    }
