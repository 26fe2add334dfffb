"""Reference data comes from the cache, follows every save, and a cache that fails is left
alone for a while instead of costing every lookup its timeout."""

from unittest import mock

from catalog import reference
from tests.factories import CategoryFactory


def test_a_saved_category_shows_in_the_cached_list_at_once(db):
    first = CategoryFactory(slug="delivery-x", sort_order=1)
    assert [c.slug for c in reference.active_categories()] == ["delivery-x"]
    CategoryFactory(slug="refund-x", sort_order=2)
    first.is_active = False
    first.save()
    assert [c.slug for c in reference.active_categories()] == ["refund-x"]


def test_a_failing_cache_is_skipped_for_a_while(db, monkeypatch):
    CategoryFactory(slug="delivery-y")
    monkeypatch.setattr(reference, "_paused_until", 0.0)
    broken = mock.Mock(get=mock.Mock(side_effect=ConnectionError("down")))
    monkeypatch.setattr(reference, "cache", broken)
    assert [c.slug for c in reference.active_categories()] == ["delivery-y"]
    assert [c.slug for c in reference.active_categories()] == ["delivery-y"]
    assert broken.get.call_count == 1
    assert not reference.cache_is_usable()
    monkeypatch.setattr(reference, "_paused_until", 0.0)
