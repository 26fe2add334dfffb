"""What the agent's "similar tickets" panel shows, scoped through visible_tickets, and what
the reports count of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, Q, QuerySet, Subquery

from accounts.models import User
from tickets.models import Ticket
from tickets.selectors import visible_tickets, without_joins

from . import similarity
from .models import Suggestion, TicketLink

# Same requester and category within this many days of each other.
REQUESTER_DAYS = 7
# Text similarity looks this far back, so it reads recent rows through the created_at index.
TEXT_DAYS = 30
# Subjects at least this alike are suggested (pg_trgm word_similarity, or the bigram Dice
# coefficient on SQLite; both 0-1).
TEXT_THRESHOLD = 0.5
# Subjects are compared with at most this many of the newest tickets (pg_trgm), or this few
# with the bigram fallback, which reads each row into Python.
TEXT_CANDIDATES = 2000
FALLBACK_CANDIDATES = 300
LIMIT = 6


@dataclass(frozen=True)
class Similar:
    ticket: Ticket
    reason: str
    score: float

    @property
    def reason_label(self) -> str:
        return str(Suggestion.Reason(self.reason).label)


def _candidates(ticket: Ticket, viewer: User) -> QuerySet[Ticket]:
    return (
        without_joins(visible_tickets(viewer))
        .exclude(pk=ticket.pk)
        .filter(merged_into__isnull=True, is_spam=False)
    )


def _same_requester(ticket: Ticket) -> Q:
    if ticket.requester_id is not None:
        return Q(requester_id=ticket.requester_id)
    return Q(requester__isnull=True, requester_email__iexact=ticket.requester_email)


def _settled_ids(ticket: Ticket) -> set[int]:
    """Tickets already dismissed, merged or linked beside this one (either way round)."""
    pairs = Suggestion.objects.filter(
        Q(ticket=ticket) | Q(suggested=ticket), ~Q(state=Suggestion.State.SHOWN)
    ).values_list("ticket_id", "suggested_id")
    links = TicketLink.objects.filter(Q(ticket=ticket) | Q(other=ticket)).values_list(
        "ticket_id", "other_id"
    )
    return {pk for pair in [*pairs, *links] for pk in pair} - {ticket.pk}


def _by_text(ticket: Ticket, candidates: QuerySet[Ticket]) -> list[tuple[Ticket, float]]:
    recent = candidates.filter(created_at__gte=ticket.created_at - timedelta(days=TEXT_DAYS))
    if connection.vendor == "postgresql":
        # Scored among the newest tickets only (read through the created_at index), so a
        # supervisor's panel costs the same at a million tickets as at a thousand.
        newest = recent.order_by("-created_at").values("pk")[:TEXT_CANDIDATES]
        rows = (
            Ticket.objects.filter(pk__in=Subquery(newest))
            .with_reference()
            .annotate(similarity=TrigramWordSimilarity(ticket.subject, "subject"))
            .filter(similarity__gte=TEXT_THRESHOLD)
            .order_by("-similarity", "-pk")[:LIMIT]
        )
        return [(row, float(getattr(row, "similarity", 0.0))) for row in rows]
    scored = [
        (row, similarity.similarity(ticket.subject, row.subject))
        for row in recent.order_by("-created_at")[:FALLBACK_CANDIDATES]
    ]
    scored = [(row, score) for row, score in scored if score >= TEXT_THRESHOLD]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:LIMIT]


def similar_tickets(ticket: Ticket, viewer: User, *, limit: int = LIMIT) -> list[Similar]:
    """Tickets this agent may see that may be about the same matter: the same requester in the
    same category within 7 days, the same order number from anyone, or a subject alike; none
    already merged, linked or dismissed beside this one."""
    settled = _settled_ids(ticket)
    candidates = _candidates(ticket, viewer).exclude(pk__in=settled)
    found: dict[int, Similar] = {}
    if ticket.order_number:
        for row in candidates.filter(order_number=ticket.order_number).order_by("-created_at")[
            :limit
        ]:
            found.setdefault(row.pk, Similar(row, Suggestion.Reason.ORDER, 1.0))
    window = timedelta(days=REQUESTER_DAYS)
    same = candidates.filter(
        _same_requester(ticket),
        category_id=ticket.category_id,
        created_at__gte=ticket.created_at - window,
        created_at__lte=ticket.created_at + window,
    )
    for row in same.order_by("-created_at")[:limit]:
        found.setdefault(row.pk, Similar(row, Suggestion.Reason.REQUESTER, 1.0))
    if len(found) < limit:
        for row, score in _by_text(ticket, candidates):
            found.setdefault(row.pk, Similar(row, Suggestion.Reason.TEXT, round(score, 2)))
    return list(found.values())[:limit]


def related_tickets(ticket: Ticket, viewer: User) -> dict[str, list[Ticket]]:
    """The tickets already tied to this one that the agent may see: the one it follows up,
    its follow-ups, and those linked to it."""
    visible = without_joins(visible_tickets(viewer))
    link_ids = {
        pk
        for pair in TicketLink.objects.filter(Q(ticket=ticket) | Q(other=ticket)).values_list(
            "ticket_id", "other_id"
        )
        for pk in pair
    } - {ticket.pk}
    wanted = Q(follows_id=ticket.pk) | Q(pk__in=link_ids)
    if ticket.follows_id:
        wanted |= Q(pk=ticket.follows_id)
    rows = list(visible.filter(wanted).order_by("created_at", "pk"))
    return {
        "follows": [row for row in rows if row.pk == ticket.follows_id],
        "follow_ups": [row for row in rows if row.follows_id == ticket.pk],
        "linked": [row for row in rows if row.pk in link_ids],
    }


@dataclass(frozen=True)
class Precision:
    shown: int
    merged: int
    linked: int
    dismissed: int

    @property
    def accepted(self) -> int:
        return self.merged + self.linked

    @property
    def decided(self) -> int:
        return self.accepted + self.dismissed

    @property
    def precision(self) -> float | None:
        """Of the suggestions agents decided on, the share they accepted (merged or linked)."""
        return self.accepted / self.decided if self.decided else None


def suggestion_precision(start: datetime, end: datetime) -> Precision:
    """What became of the suggestions first shown in [start, end)."""
    counts = dict(
        Suggestion.objects.filter(shown_at__gte=start, shown_at__lt=end)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return Precision(
        shown=sum(counts.values()),
        merged=counts.get(Suggestion.State.MERGED, 0),
        linked=counts.get(Suggestion.State.LINKED, 0),
        dismissed=counts.get(Suggestion.State.DISMISSED, 0),
    )
