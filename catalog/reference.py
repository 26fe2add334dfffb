"""Reference data that rarely changes: categories, queues, who works in which, macros.

Every page of the workspace reads them, many times, and they change a few times a week. So
each worker process keeps the lists it has read in memory, tagged with a generation number
kept in the shared cache (Redis in production); a save or delete of one of their rows bumps
the generation, and every process reads its lists again. The generation is read once per
request (at most every GENERATION_CHECK_SECONDS outside requests, in tasks), so one small
cache read replaces a dozen reads and unpicklings of whole lists. The lists themselves are
also kept in the cache under their generation, so a new process need not ask the database.

A cache that is down (helpdesk.cache.ResilientRedisCache reads it as a miss) cannot tell
processes apart changes: the lists are then read from the database on every call.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Store, User

from .models import BusinessCalendar, Category, Queue, QueueMembership

CACHE_SECONDS = 3600
PREFIX = "reference:v2:"
GENERATION_KEY = PREFIX + "generation"
GENERATION_CHECK_SECONDS = 1.0

# This process's lists: name -> (generation, list). One thread per process (gunicorn sync
# workers, Celery prefork); a threaded dev server at worst builds a list twice.
_lists: dict[str, tuple[int, Any]] = {}
_generation: int | None = None
_generation_read_at = float("-inf")


def _read_generation() -> int | None:
    """The shared generation, starting it when the cache holds none; None with no cache."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Started from the clock, so a flushed Redis never hands back a number some process
        # still holds lists for.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value if isinstance(value, int) else None


def current_generation() -> int | None:
    global _generation, _generation_read_at
    now = time.monotonic()
    if now - _generation_read_at >= GENERATION_CHECK_SECONDS:
        _generation, _generation_read_at = _read_generation(), now
    return _generation


def _new_request(**kwargs: Any) -> None:
    """Each request reads the generation afresh: a change is seen by the next request."""
    global _generation_read_at
    _generation_read_at = float("-inf")


request_started.connect(_new_request, dispatch_uid="reference-new-request")


def cached_list[T](name: str, build: Callable[[], list[T]]) -> list[T]:
    """The list called ``name``, from this process, the cache or ``build`` (the database)."""
    generation = current_generation()
    if generation is None:
        return build()
    held = _lists.get(name)
    if held is not None and held[0] == generation:
        return list(held[1])
    key = f"{PREFIX}{generation}:{name}"
    value = cache.get(key)
    if not isinstance(value, list):
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    _lists[name] = (generation, value)
    return list(value)


def forget_local() -> None:
    """Drop this process's lists; the next call reads the generation again."""
    global _generation_read_at
    _lists.clear()
    _generation_read_at = float("-inf")


def forget(*names: str) -> None:
    """Every process reads its lists again: now, for this transaction's own reads, and after
    commit, for readers in between that would have kept the old rows."""

    def bump() -> None:
        forget_local()
        # No generation yet, or no cache (ValueError): the next read starts one.
        with contextlib.suppress(ValueError):
            cache.incr(GENERATION_KEY)

    bump()
    transaction.on_commit(bump)


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
    return cached_list(
        "queues", lambda: list(Queue.objects.select_related("calendar").order_by("slug"))
    )


def memberships() -> list[QueueMembership]:
    """Every queue membership, with its person."""
    return cached_list(
        "memberships",
        lambda: list(QueueMembership.objects.select_related("user", "queue").order_by("pk")),
    )


def attach(rows: list[Any]) -> None:
    """Set each row's category and queue from the cached lists; rows that are not model
    instances with both (values(), values_list()) are left alone."""
    if not rows or not hasattr(rows[0], "category_id") or not hasattr(rows[0], "queue_id"):
        return
    meta = type(rows[0])._meta
    category_field, queue_field = meta.get_field("category"), meta.get_field("queue")
    categories = {category.pk: category for category in all_categories()}
    queues = {queue.pk: queue for queue in all_queues()}
    for row in rows:
        if row.category_id in categories and not category_field.is_cached(row):
            category_field.set_cached_value(row, categories[row.category_id])
        if row.queue_id in queues and not queue_field.is_cached(row):
            queue_field.set_cached_value(row, queues[row.queue_id])


def _forget_categories(**kwargs: Any) -> None:
    forget("categories", "all-categories")


def _forget_queues(**kwargs: Any) -> None:
    forget("queues", "memberships", "categories", "all-categories")


def _forget_memberships(**kwargs: Any) -> None:
    forget("memberships")


# Fields of a person that the cached lists show; a login (last_login) changes none of them.
PERSON_FIELDS = {"username", "display_name", "first_name", "last_name", "role", "is_active"}


def _forget_person(
    sender: Any, created: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    # A new person is in no queue yet: the buyers signing up all day leave the lists alone.
    if not created and (update_fields is None or PERSON_FIELDS & set(update_fields)):
        forget("memberships")


def _forget_all(**kwargs: Any) -> None:
    forget()


# Calendars (the queues carry theirs) and stores (tickets.details.find_store) change rarely.
for _model in (BusinessCalendar, Store):
    post_save.connect(_forget_all, sender=_model, dispatch_uid=f"reference-{_model.__name__}-save")
    post_delete.connect(_forget_all, sender=_model, dispatch_uid=f"reference-{_model.__name__}-del")
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
