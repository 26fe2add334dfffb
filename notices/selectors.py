"""Which notices show where, and the funnel's numbers.

A notice shows from ``starts_at`` until ``ends_at`` (if set). Once resolved it stays on the
pages for RESOLVED_SHOWN_FOR, marked resolved, so that people who come back learn the issue is
over; after that it shows nowhere (the agents' notice pages keep it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from catalog.models import Category
from catalog.selectors import category_choices
from helpdesk import copies
from tickets.selectors import visible_tickets

from .models import Notice, NoticeTicket, NoticeView

RESOLVED_SHOWN_FOR = timedelta(hours=24)


def shown_notices(*, at: datetime | None = None) -> QuerySet[Notice]:
    """Notices on the pages at ``at``: started, not ended, not resolved long ago; the open
    ones first, the latest first."""
    at = at or timezone.now()
    return (
        Notice.objects.filter(starts_at__lte=at)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))
        .exclude(state=Notice.State.RESOLVED, resolved_at__lt=at - RESOLVED_SHOWN_FOR)
        .prefetch_related("categories")
        .order_by(F("resolved_at").asc(nulls_first=True), "-starts_at", "-pk")
    )


def _ordered(notices: Iterable[Notice]) -> list[Notice]:
    return sorted(notices, key=lambda n: (n.is_resolved, -n.starts_at.timestamp(), -n.pk))


def notices_for_categories(
    categories: Iterable[Category], *, at: datetime | None = None
) -> list[Notice]:
    """The notices shown now about any of these categories."""
    ids = [category.pk for category in categories]
    if not ids:
        return []
    return _ordered(shown_notices(at=at).filter(categories__in=ids).distinct())


def notices_for_person(user: User | AnonymousUser, *, at: datetime | None = None) -> list[Notice]:
    """The help center's list: every notice about a category this person may file under."""
    return notices_for_categories(category_choices(user), at=at)


def notices_about(category: Category, *, at: datetime | None = None) -> QuerySet[Notice]:
    """The notices shown now about this category (without their categories): a new ticket
    links to the unresolved ones."""
    return shown_notices(at=at).filter(categories=category).prefetch_related(None)


# Every filing asks which notices show about its category, and notices change a few times a
# week: each process keeps those not over yet with their categories (helpdesk.copies: a save
# or delete of a notice, or a change to its categories, starts a new generation, see
# notices/apps.py; COPY_SECONDS at most). Which of them show is decided at each call.
_not_over: copies.Copies[list[tuple[Notice, frozenset[int]]]] = copies.Copies("notices", kept=1)


def _notices_not_over() -> list[tuple[Notice, frozenset[int]]]:
    def build() -> list[tuple[Notice, frozenset[int]]]:
        now = timezone.now()
        notices = (
            Notice.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            .exclude(state=Notice.State.RESOLVED, resolved_at__lt=now - RESOLVED_SHOWN_FOR)
            .prefetch_related("categories")
        )
        return [(notice, frozenset(c.pk for c in notice.categories.all())) for notice in notices]

    return _not_over.get_or_build("not-over", build)


def notices_filed_about(category: Category, *, at: datetime) -> list[Notice]:
    """notices_about as a list (the open ones first, the latest first), from this process's
    copy: filing a ticket reads no notice from the database."""
    return _ordered(
        notice
        for notice, category_ids in _notices_not_over()
        if category.pk in category_ids
        and notice.is_shown_at(at)
        and not (
            notice.is_resolved
            and notice.resolved_at is not None
            and notice.resolved_at < at - RESOLVED_SHOWN_FOR
        )
    )


def forget_notices(**kwargs: object) -> None:
    """A notice or its categories changed: every process reads them again."""
    copies.forget()


def agent_notices(user: User) -> QuerySet[Notice]:
    """Every notice for the workspace, latest first, with its count of linked tickets."""
    return (
        Notice.objects.prefetch_related("categories")
        .annotate(
            linked=Count("links", distinct=True),
            waiting=Count("links", filter=Q(links__answered_at__isnull=True), distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


def linked_tickets(notice: Notice, user: User) -> QuerySet[NoticeTicket]:
    """The notice's links whose ticket this agent may see (visible_tickets decides)."""
    return (
        NoticeTicket.objects.filter(notice=notice, ticket__in=visible_tickets(user))
        .select_related("ticket", "ticket__category")
        .order_by("ticket__created_at", "pk")
    )


def ticket_notices(ticket_id: int) -> list[NoticeTicket]:
    """The notices a ticket is linked to, for its page in the workspace."""
    return list(
        NoticeTicket.objects.filter(ticket_id=ticket_id)
        .select_related("notice")
        .order_by("linked_at", "pk")
    )


@dataclass(frozen=True)
class NoticeFunnel:
    """People who saw a notice on the inquiry form of a category, and what they did."""

    category: Category
    saw_notice: int
    filed_anyway: int

    @property
    def left_without_filing(self) -> int:
        return self.saw_notice - self.filed_anyway


def notice_funnel(start: datetime, end: datetime) -> list[NoticeFunnel]:
    """Per category with any: distinct visitors shown a notice on the inquiry form in the
    period, and those of them who filed from a form that showed it."""
    views = NoticeView.objects.filter(seen_at__gte=start, seen_at__lt=end)
    rows = {
        row["category"]: row
        for row in views.values("category").annotate(
            seen=Count("visitor", distinct=True),
            filed=Count("visitor", filter=Q(filed_ticket__isnull=False), distinct=True),
        )
    }
    categories = Category.objects.filter(pk__in=rows).order_by("sort_order", "slug")
    return [
        NoticeFunnel(category, int(rows[category.pk]["seen"]), int(rows[category.pk]["filed"]))
        for category in categories
    ]
