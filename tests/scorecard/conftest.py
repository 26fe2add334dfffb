"""A store answering inquiries about its orders, on the office calendar (weekdays 09-18 in
Seoul), with the clock stopped on Monday 30 November 2026, 10:00 Seoul."""

import pytest

from tests.factories import CategoryFactory, StoreFactory, TicketFactory, UserFactory

# The office calendar, a clock the test sets and fresh per-process copies: the same
# fixtures as the response-time tests.
from tests.sla.conftest import _fresh, at, clock, office  # noqa: F401
from tickets.models import SatisfactionRating


class Shop:
    def __init__(self):
        self.category = CategoryFactory(slug="delivery", concerns_store=True)
        self.other_category = CategoryFactory(slug="feedback", concerns_store=False)
        self.store = StoreFactory(seller_id="haru-living", name="하루살림")
        self.other_store = StoreFactory(seller_id="other-shop", name="Other shop")
        self.buyer = UserFactory(
            username="buyer", email="buyer-secret@example.com", display_name="이서연"
        )

    def inquiry(self, filed_at, *, store=None, category=None, rating=None, rated_at=None, **fields):
        """An inquiry about the store's order filed at ``filed_at``; ``fields`` set its
        store columns directly (the services that set them are tested in tests/parties)."""
        ticket = TicketFactory(
            requester=self.buyer,
            category=category or self.category,
            store=store or self.store,
            created_at=filed_at,
            **fields,
        )
        if rating is not None:
            SatisfactionRating.objects.create(
                ticket=ticket, score=rating, created_at=rated_at or filed_at
            )
        return ticket


@pytest.fixture
def shop(office, clock):  # noqa: F811
    return Shop()
