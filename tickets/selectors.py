"""Reads scoped to the person asking: the one place that decides who sees which ticket."""

from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Aggregate, Count, FloatField, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from catalog.models import Category, Priority

from .models import Message, Ticket
from .sla import policy_for

logger = logging.getLogger(__name__)


def visible_tickets(user: User | AnonymousUser) -> QuerySet[Ticket]:
    """Buyers see their own; sellers theirs and their stores' order inquiries; agents their
    queues; supervisors everything."""
    tickets = Ticket.objects.select_related("category", "queue", "store", "assignee", "requester")
    if not user.is_authenticated or not user.is_active:
        return tickets.none()
    assert isinstance(user, User)
    if user.is_supervisor:
        return tickets
    if user.is_agent:
        return tickets.filter(queue__memberships__user=user)
    if user.is_seller:
        return tickets.filter(
            Q(requester=user) | Q(store__owner=user, category__concerns_store=True)
        )
    return tickets.filter(requester=user)


def ticket_for_guest(token: str) -> Ticket | None:
    if not token or len(token) > 100:
        return None
    return (
        Ticket.objects.select_related("category", "queue", "store")
        .filter(guest_token=token, requester__isnull=True)
        .first()
    )


def visible_messages(ticket: Ticket, user: User | AnonymousUser | None) -> QuerySet[Message]:
    """The thread as this person may read it: notes and system lines only for agents."""
    messages = ticket.messages.select_related("author").prefetch_related("attachments")
    if user is not None and user.is_authenticated and isinstance(user, User) and user.is_agent:
        return messages
    return messages.filter(kind=Message.Kind.REPLY)


# --- Expected wait --------------------------------------------------------------------------

EXPECTED_WAIT_DAYS = 30
# Fewer answered tickets than this and the median says little: show the target instead.
EXPECTED_WAIT_MIN_SAMPLE = 10
EXPECTED_WAIT_CACHE_SECONDS = 300
# SQLite has no percentile function: the median of the latest this many answers.
EXPECTED_WAIT_SQLITE_ROWS = 1000


@dataclass(frozen=True)
class ExpectedWait:
    """How long an answer takes, in business minutes: measured (the median of the last 30
    days) or, with too few answers to measure, the normal-priority target."""

    minutes: int | None
    measured: bool
    sample_size: int


class Median(Aggregate):
    """PostgreSQL's continuous median of a column."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def expected_first_response(category: Category) -> ExpectedWait:
    """The live median first-response time of this category's inquiries (business minutes),
    cached for a few minutes; the category's normal-priority target when too few."""
    key = f"expected-first-response:v1:{category.pk}"
    try:
        cached = cache.get(key)
    except Exception:  # a cache that is down must not break the inquiry form
        logger.warning("Cache unavailable for %s", key, exc_info=True)
        cached = None
    if isinstance(cached, ExpectedWait):
        return cached
    wait = _measure_first_response(category)
    try:
        cache.set(key, wait, EXPECTED_WAIT_CACHE_SECONDS)
    except Exception:
        logger.warning("Cache unavailable for %s", key, exc_info=True)
    return wait


def _measure_first_response(category: Category) -> ExpectedWait:
    answered = Ticket.objects.filter(
        category=category,
        first_response_minutes__isnull=False,
        first_response_at__gte=timezone.now() - timedelta(days=EXPECTED_WAIT_DAYS),
    )
    if settings.IS_POSTGRES:
        row = answered.aggregate(median=Median("first_response_minutes"), count=Count("pk"))
        median, count = row["median"], int(row["count"])
    else:
        values = [
            minutes
            for minutes in answered.order_by("-first_response_at").values_list(
                "first_response_minutes", flat=True
            )[:EXPECTED_WAIT_SQLITE_ROWS]
            if minutes is not None
        ]
        median, count = (statistics.median(values) if values else None), len(values)
    if count >= EXPECTED_WAIT_MIN_SAMPLE and median is not None:
        return ExpectedWait(minutes=round(median), measured=True, sample_size=count)
    policy = policy_for(category.pk, Priority.NORMAL)
    minutes = policy.first_response_minutes if policy else None
    return ExpectedWait(minutes=minutes, measured=False, sample_size=count)
