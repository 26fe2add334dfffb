"""Reference data is kept in each process, follows every save at once, follows another
process's save from the next request, and is read from the database while the cache is down."""

from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import reference
from catalog.models import Category
from helpdesk import copies
from tests.factories import CategoryFactory


def start_request():
    """What the request_started signal does for the lists (sending it closes connections)."""
    copies._new_request()


def test_a_saved_category_shows_in_the_cached_list_at_once(db):
    first = CategoryFactory(slug="delivery-x", sort_order=1)
    assert [c.slug for c in reference.active_categories()] == ["delivery-x"]
    CategoryFactory(slug="refund-x", sort_order=2)
    first.is_active = False
    first.save()
    assert [c.slug for c in reference.active_categories()] == ["refund-x"]


def test_the_lists_are_read_from_the_database_once_per_change(db):
    CategoryFactory(slug="delivery-w")
    reference.active_categories()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            start_request()
            assert [c.slug for c in reference.active_categories()] == ["delivery-w"]
    assert len(queries) == 0


def test_another_process_saving_is_seen_by_the_next_request(db):
    CategoryFactory(slug="delivery-v", name_ko="Before")
    assert reference.active_categories()[0].name_ko == "Before"
    # Another process renames it: its row changes and the shared generation moves on; this
    # process's memory still holds the old list.
    Category.objects.filter(slug="delivery-v").update(name_ko="After")
    cache.incr(reference.GENERATION_KEY)
    start_request()
    assert reference.active_categories()[0].name_ko == "After"


def test_with_the_cache_down_every_call_reads_the_database(db, monkeypatch):
    CategoryFactory(slug="delivery-y")
    down = DummyCache("down", {})
    monkeypatch.setattr(reference, "cache", down)
    monkeypatch.setattr(copies, "cache", down)
    start_request()
    with CaptureQueriesContext(connection) as queries:
        assert [c.slug for c in reference.active_categories()] == ["delivery-y"]
        assert [c.slug for c in reference.active_categories()] == ["delivery-y"]
    assert len(queries) == 2
