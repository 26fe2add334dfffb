"""Reference data that rarely changes, cached: categories, queues and who works in which.

Every page of the workspace needs them and they change a few times a week, so each list is
read from the database once and kept in the cache (Redis in production) until one of its rows
is saved or deleted: the receivers below forget the list then, on every process at once.
A cache that is down is skipped: the list is read from the database as before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import User

from .models import Category, Queue, QueueMembership

logger = logging.getLogger(__name__)
CACHE_SECONDS = 3600
PREFIX = "reference:v1:"


# After a cache error the cache is left alone for this long: a hung Redis costs one request
# its timeout, not every lookup of every request.
CACHE_PAUSE_SECONDS = 30.0
_paused_until = 0.0


def cache_is_usable() -> bool:
    return time.monotonic() >= _paused_until


def cache_failed(key: str) -> None:
    """Log a cache error and stop using the cache for CACHE_PAUSE_SECONDS."""
    global _paused_until
    _paused_until = time.monotonic() + CACHE_PAUSE_SECONDS
    logger.warning("Cache unavailable for %s", key, exc_info=True)


def cached_list[T](name: str, build: Callable[[], list[T]]) -> list[T]:
    """The cached list called ``name``, built (and cached) when missing."""
    key = PREFIX + name
    if not cache_is_usable():
        return build()
    try:
        value = cache.get(key)
    except Exception:  # a cache that is down must not break the page
        cache_failed(key)
        return build()
    if isinstance(value, list):
        return value
    value = build()
    try:
        cache.set(key, value, CACHE_SECONDS)
    except Exception:
        cache_failed(key)
    return value


def forget(*names: str) -> None:
    """Drop cached lists; after the transaction commits, so no reader caches the old rows."""

    def drop() -> None:
        try:
            cache.delete_many([PREFIX + name for name in names])
        except Exception:
            cache_failed(", ".join(names))

    drop()  # now, for this transaction's own reads
    transaction.on_commit(drop)  # and after commit, for readers that cached in between


def active_categories() -> list[Category]:
    """Active categories in the order forms list them."""
    return cached_list(
        "categories",
        lambda: list(
            Category.objects.filter(is_active=True)
            .select_related("queue")
            .order_by("sort_order", "slug")
        ),
    )


def all_categories() -> list[Category]:
    return cached_list(
        "all-categories",
        lambda: list(Category.objects.select_related("queue").order_by("sort_order", "slug")),
    )


def all_queues() -> list[Queue]:
    return cached_list("queues", lambda: list(Queue.objects.order_by("slug")))


def memberships() -> list[QueueMembership]:
    """Every queue membership, with its person."""
    return cached_list(
        "memberships",
        lambda: list(QueueMembership.objects.select_related("user", "queue").order_by("pk")),
    )


def _forget_categories(**kwargs: Any) -> None:
    forget("categories", "all-categories")


def _forget_queues(**kwargs: Any) -> None:
    forget("queues", "memberships", "categories", "all-categories")


def _forget_memberships(**kwargs: Any) -> None:
    forget("memberships")


# Fields of a person that the cached lists show; a login (last_login) changes none of them.
PERSON_FIELDS = {"username", "display_name", "first_name", "last_name", "role", "is_active"}


def _forget_person(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is None or PERSON_FIELDS & set(update_fields):
        forget("memberships")


post_save.connect(_forget_categories, sender=Category, dispatch_uid="reference-category-save")
post_delete.connect(_forget_categories, sender=Category, dispatch_uid="reference-category-del")
post_save.connect(_forget_queues, sender=Queue, dispatch_uid="reference-queue-save")
post_delete.connect(_forget_queues, sender=Queue, dispatch_uid="reference-queue-del")
post_save.connect(
    _forget_memberships, sender=QueueMembership, dispatch_uid="reference-membership-save"
)
post_delete.connect(
    _forget_memberships, sender=QueueMembership, dispatch_uid="reference-membership-del"
)
m2m_changed.connect(
    _forget_memberships, sender=Queue.members.through, dispatch_uid="reference-members"
)
post_save.connect(_forget_person, sender=User, dispatch_uid="reference-person-save")
post_delete.connect(_forget_memberships, sender=User, dispatch_uid="reference-person-del")
