"""A store answering inquiries about its orders, on the office calendar (weekdays 09-18 in
Seoul), with the clock stopped on Monday 30 November 2026, 10:00 Seoul."""

import pytest

from tests.factories import CategoryFactory, StoreFactory, TicketFactory, UserFactory

# The office calendar, a clock the test sets and fresh per-process copies: the same
# fixtures as the response-time tests.
from tests.sla.conftest import _fresh, at, clock, office  # noqa: F401
from tickets.models import SatisfactionRating, Ticket

# What a seller must never see of a buyer, on any surface.
PRIVATE = ("buyer-secret@example.com", "이서연", "010-1234-5678")


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


@pytest.fixture
def busy(shop):
    """The seller's store: answered on time twice and late once in the last 30 days, one
    inquiry overdue, one due within two business hours, one due tomorrow; the other store
    answered everything on time; a third store has no inquiries."""
    shop.buyer.display_name = "이서연"
    shop.buyer.save()
    for minutes in (30, 90, 2000):
        shop.inquiry(at(2026, 11, 20, 9, 0), store_answer_minutes=minutes, rating=5)
    shop.overdue = shop.inquiry(
        at(2026, 11, 26, 9, 0),
        subject="냄비가 안 와요",
        status=Ticket.Status.OPEN,
        store_answer_due_at=at(2026, 11, 27, 9, 0),
        store_missed_at=at(2026, 11, 27, 9, 0),
        details={"phone": PRIVATE[2]},
    )
    shop.soon = shop.inquiry(
        at(2026, 11, 27, 11, 0),
        subject="Parcel stuck",
        status=Ticket.Status.NEW,
        store_answer_due_at=at(2026, 11, 30, 11, 0),
    )
    shop.tomorrow = shop.inquiry(
        at(2026, 11, 30, 9, 30),
        subject="재입고 문의",
        status=Ticket.Status.NEW,
        store_answer_due_at=at(2026, 12, 1, 9, 30),
    )
    for _index in range(2):
        shop.inquiry(at(2026, 11, 20, 9, 0), store=shop.other_store, store_answer_minutes=10)
    shop.quiet_store = StoreFactory(seller_id="quiet-store", name="Quiet store")
    return shop
