"""Reference data that rarely changes: categories, queues, who works in which, macros.

Every page of the workspace reads them, many times, and they change a few times a week. So
each worker process keeps the lists it has read (helpdesk.copies: tagged with the shared
generation, COPY_SECONDS at most, dropped while the generation cannot be read, healed after
an outage). The lists themselves are also kept in the cache under their generation, for
COPY_SECONDS, so a new process need not ask the database. A save, delete or bulk write of
one of their rows (``forget``) starts a new generation and every process reads them again.

Who may see which ticket is not decided from these lists: visible_tickets reads the agent's
own memberships from the database (tickets.selectors.agent_queue_ids).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import PERSON_FIELDS, Store, User
from helpdesk import copies

from .models import BusinessCalendar, Category, Closure, OpeningHours, Queue, QueueMembership

PREFIX = "reference:v3:"
GENERATION_KEY = copies.GENERATION_KEY

_lists: copies.Copies[list[Any]] = copies.Copies("reference-lists", kept=100)


def current_generation() -> int | None:
    return copies.current_generation()


def cached_list[T](name: str, build: Callable[[], list[T]]) -> list[T]:
    """The list called ``name``, from this process, the cache or ``build`` (the database)."""
    generation = current_generation()
    if generation is None:
        return build()

    def shared() -> list[T]:
        # Kept in the cache with the time it was read, so that it too is read again after
        # COPY_SECONDS, whatever the cache's own expiry does.
        key = f"{PREFIX}{generation}:{name}"
        held = cache.get(key)
        if isinstance(held, tuple) and len(held) == 2 and isinstance(held[1], list):
            read_at, value = held
            if copies.wall_clock() - read_at < copies.COPY_SECONDS:
                return list(value)
        value = build()
        cache.set(key, (copies.wall_clock(), value), int(copies.COPY_SECONDS))
        return value

    return list(_lists.get_or_build(name, shared))


def forget_local() -> None:
    """Drop this process's copies; the next call reads the generation again."""
    copies.drop_local()


def forget(*names: str) -> None:
    """Reference data changed: every process reads its lists again (``names`` say which
    changed; every copy goes, they are cheap to read again)."""
    copies.forget()


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


def _forget(**kwargs: Any) -> None:
    forget()


def _forget_person(
    sender: Any, created: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    # A new person is in no queue yet: the buyers signing up all day leave the lists alone.
    if not created and (update_fields is None or PERSON_FIELDS & set(update_fields)):
        forget()


# Calendars and their hours and closures (the queues carry theirs, catalog.calendar keeps
# their schedules) and stores (tickets.details.find_store) change rarely too.
for _model in (Category, Queue, QueueMembership, BusinessCalendar, OpeningHours, Closure, Store):
    _name = _model.__name__
    post_save.connect(_forget, sender=_model, dispatch_uid=f"reference-{_name}-save")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"reference-{_name}-del")
m2m_changed.connect(_forget, sender=Queue.members.through, dispatch_uid="reference-members")
post_save.connect(_forget_person, sender=User, dispatch_uid="reference-person-save")
post_delete.connect(_forget, sender=User, dispatch_uid="reference-person-del")
