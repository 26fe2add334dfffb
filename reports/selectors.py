"""The numbers of the reports, computed by the database.

Every figure is an aggregate over indexed columns (Count/Avg with ``filter=``, TruncDate in
the business time zone, ``percentile_cont`` on PostgreSQL), so a page costs a fixed number
of queries whatever the number of tickets. SQLite has no percentile function: there the
medians come from a bounded list of the latest values, computed in Python.

Most figures describe the tickets *filed* in the period (the cohort): volume, target
compliance, response times, reopened tickets. Throughput (resolved, replies sent) counts
what happened in the period; the backlog counts open tickets at the end of each day.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Store, User
from accounts.selectors import member_stores
from catalog import reference
from catalog.models import Category, Priority, Queue
from community.selectors import (
    CommunityFunnel,
    CommunityNumbers,
    community_funnel,
    community_numbers,
)
from faq.models import SearchLog
from faq.selectors import CategoryFunnel, self_service_funnel
from notices.selectors import NoticeFunnel, notice_funnel
from tickets.models import Message, SatisfactionRating, Ticket, TicketEvent
from tickets.sla import DONE, RUNNING

MAX_DAYS = 92
DEFAULT_DAYS = 7
# SQLite fallback: percentiles of the latest this many answered tickets.
SQLITE_SAMPLE_ROWS = 20_000
LIST_LIMIT = 10


def business_zone() -> ZoneInfo:
    return ZoneInfo(settings.BUSINESS_TIME_ZONE)


# --- Period and scope -----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole days in the business time zone, first and last day included."""

    first_day: date
    last_day: date

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, *, today: date | None = None) -> Period:
        today = today or timezone.localdate(timezone.now(), business_zone())
        return cls(today - timedelta(days=days - 1), today)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time.min, tzinfo=business_zone())

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=business_zone())

    @property
    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]


@dataclass(frozen=True)
class Scope:
    """Whose figures: a supervisor sees every queue, an agent only the queues they work in;
    the filters narrow it further."""

    user: User
    queue: Queue | None = None
    category: Category | None = None
    priority: str = ""

    def q(self, prefix: str = "") -> Q:
        """The condition on tickets (``prefix`` reaches them from a related model)."""
        condition = Q(**{f"{prefix}is_spam": False, f"{prefix}merged_into__isnull": True})
        if not self.user.is_supervisor:
            own = Queue.objects.filter(memberships__user=self.user).values("pk")
            condition &= Q(**{f"{prefix}queue_id__in": own})
        if self.queue is not None:
            condition &= Q(**{f"{prefix}queue_id": self.queue.pk})
        if self.category is not None:
            condition &= Q(**{f"{prefix}category_id": self.category.pk})
        if self.priority:
            condition &= Q(**{f"{prefix}priority": self.priority})
        return condition

    def tickets(self) -> QuerySet[Ticket]:
        return Ticket.objects.filter(self.q())

    def sees_category(self, category: Category, queue_ids: set[int] | None) -> bool:
        if self.category is not None and category.pk != self.category.pk:
            return False
        if self.queue is not None and category.queue_id != self.queue.pk:
            return False
        return queue_ids is None or category.queue_id in queue_ids


# --- Target compliance, as tickets/sla.py records it ---------------------------------------
# sla.agent_replied and sla._finished call a target met when the answer (or resolution) came
# at or before its due time. A ticket still waiting past its due time, with the clock running,
# has missed it too; one still within it is not counted either way.


def first_response_met() -> Q:
    return Q(first_response_at__isnull=False, first_response_at__lte=F("first_response_due_at"))


def first_response_breached(now: datetime) -> Q:
    return Q(first_response_due_at__isnull=False) & (
        Q(first_response_at__gt=F("first_response_due_at"))
        | Q(first_response_at__isnull=True, first_response_due_at__lt=now, status__in=RUNNING)
    )


def resolution_met() -> Q:
    return Q(resolved_at__isnull=False, resolved_at__lte=F("resolution_due_at"))


def resolution_breached(now: datetime) -> Q:
    return Q(resolution_due_at__isnull=False) & (
        Q(resolved_at__gt=F("resolution_due_at"))
        | Q(resolved_at__isnull=True, resolution_due_at__lt=now, status__in=RUNNING)
    )


def _holder_at_first_response_due() -> Subquery:
    """Who held the ticket when its first answer fell due: the last assignment before it
    ("" when it was taken away, NULL when it never had anyone)."""
    return Subquery(
        TicketEvent.objects.filter(
            ticket=OuterRef("pk"),
            kind=TicketEvent.Kind.ASSIGNEE,
            created_at__lte=OuterRef("first_response_due_at"),
        )
        .order_by("-created_at", "-pk")
        .values("new")[:1]
    )


UNASSIGNED_AT_DUE = Q(holder_at_due__isnull=True) | Q(holder_at_due="")


# --- Percentiles ----------------------------------------------------------------------------


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of a column (0.5: the median); ``filter=`` limits
    the rows it reads, as with Count."""

    function = "percentile_cont"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = FloatField()

    def __init__(self, expression: str, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The same interpolation as PostgreSQL's percentile_cont, over sorted values."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


@dataclass(frozen=True)
class Times:
    """Median and 90th percentile of first response and resolution, in business minutes."""

    first_median: float | None = None
    first_p90: float | None = None
    resolution_median: float | None = None
    resolution_p90: float | None = None


def _times_from(row: Mapping[str, Any]) -> Times:
    return Times(row["fr50"], row["fr90"], row["res50"], row["res90"])


def response_times(tickets: QuerySet[Ticket]) -> tuple[Times, dict[int, Times]]:
    """Overall and per category: two queries on PostgreSQL, one bounded one on SQLite."""
    if settings.IS_POSTGRES:
        aggregates = {
            "fr50": Percentile("first_response_minutes", 0.5),
            "fr90": Percentile("first_response_minutes", 0.9),
            "res50": Percentile("resolution_minutes", 0.5),
            "res90": Percentile("resolution_minutes", 0.9),
        }
        overall = _times_from(tickets.aggregate(**aggregates))
        per_category = {
            row["category_id"]: _times_from(row)
            for row in tickets.order_by().values("category_id").annotate(**aggregates)
        }
        return overall, per_category
    rows = list(
        tickets.filter(
            Q(first_response_minutes__isnull=False) | Q(resolution_minutes__isnull=False)
        )
        .order_by("-created_at")
        .values_list("category_id", "first_response_minutes", "resolution_minutes")[
            :SQLITE_SAMPLE_ROWS
        ]
    )
    return _python_times(rows), {
        category: _python_times(group) for category, group in _grouped(rows).items()
    }


def _grouped(rows: Iterable[tuple[int, int | None, int | None]]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return groups


def _python_times(rows: Sequence[tuple[int, int | None, int | None]]) -> Times:
    first = sorted(r[1] for r in rows if r[1] is not None)
    resolution = sorted(r[2] for r in rows if r[2] is not None)
    return Times(
        percentile_cont(first, 0.5),
        percentile_cont(first, 0.9),
        percentile_cont(resolution, 0.5),
        percentile_cont(resolution, 0.9),
    )


# --- Rows of the report ---------------------------------------------------------------------


@dataclass
class Counts:
    """Counts of one group of filed tickets (a category, queue, channel or priority)."""

    filed: int = 0
    open: int = 0
    resolved: int = 0
    first_met: int = 0
    first_breached: int = 0
    first_breached_unassigned: int = 0
    resolution_met: int = 0
    resolution_breached: int = 0
    reopened: int = 0
    reopens: int = 0

    def add(self, row: Mapping[str, Any]) -> None:
        for name in Counts.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + int(row.get(name) or 0))

    @property
    def first_measured(self) -> int:
        return self.first_met + self.first_breached

    @property
    def first_breach_rate(self) -> float | None:
        return self.first_breached / self.first_measured if self.first_measured else None

    @property
    def first_met_rate(self) -> float | None:
        return self.first_met / self.first_measured if self.first_measured else None

    @property
    def resolution_measured(self) -> int:
        return self.resolution_met + self.resolution_breached

    @property
    def resolution_breach_rate(self) -> float | None:
        if not self.resolution_measured:
            return None
        return self.resolution_breached / self.resolution_measured

    @property
    def first_breached_assigned(self) -> int:
        return self.first_breached - self.first_breached_unassigned

    @property
    def unassigned_share(self) -> float | None:
        if not self.first_breached:
            return None
        return self.first_breached_unassigned / self.first_breached

    @property
    def reopen_rate(self) -> float | None:
        return self.reopened / self.resolved if self.resolved else None


@dataclass
class CategoryRow(Counts):
    category: Category | None = None
    times: Times = field(default_factory=Times)


@dataclass
class GroupRow(Counts):
    key: str = ""
    label: str = ""


@dataclass(frozen=True)
class DayPoint:
    day: date
    value: int


@dataclass
class AgentRow:
    user_id: int
    name: str
    open_assigned: int = 0
    resolved: int = 0
    replies: int = 0


@dataclass(frozen=True)
class Satisfaction:
    average: float | None
    count: int
    distribution: list[tuple[int, int]]  # (score, how many), 5 down to 1


@dataclass(frozen=True)
class SearchMiss:
    query: str
    count: int


def _name(user_values: Mapping[str, Any], prefix: str) -> str:
    return str(user_values.get(f"{prefix}__display_name") or user_values.get(f"{prefix}__username"))


class Report:
    """The supervisor's report for a scope and a period; each section is read when needed,
    so a CSV export of one table runs only that table's queries."""

    def __init__(
        self,
        scope: Scope,
        period: Period,
        *,
        now: datetime | None = None,
        categories: Iterable[Category] | None = None,
        queues: Iterable[Queue] | None = None,
    ) -> None:
        self.scope = scope
        self.period = period
        self.now = now or timezone.now()
        # The page has read these for its filters already: no need to ask twice.
        if categories is not None:
            self.__dict__["categories"] = {c.pk: c for c in categories}
        if queues is not None:
            self.__dict__["queues"] = {q.pk: q for q in queues}

    # -- building blocks --

    @cached_property
    def filed(self) -> QuerySet[Ticket]:
        """The cohort: tickets filed in the period, in scope."""
        return self.scope.tickets().filter(
            created_at__gte=self.period.start, created_at__lt=self.period.end
        )

    @cached_property
    def categories(self) -> dict[int, Category]:
        return {c.pk: c for c in Category.objects.order_by("sort_order", "slug")}

    @cached_property
    def queues(self) -> dict[int, Queue]:
        return {q.pk: q for q in Queue.objects.order_by("slug")}

    @cached_property
    def scope_queue_ids(self) -> set[int] | None:
        """The queues an agent works in (None: a supervisor, every queue)."""
        if self.scope.user.is_supervisor:
            return None
        return set(
            Queue.objects.filter(memberships__user=self.scope.user).values_list("pk", flat=True)
        )

    @cached_property
    def breakdown(self) -> list[Mapping[str, Any]]:
        """One grouped query: counts per category, queue, channel and priority (a few
        hundred rows at most, whatever the number of tickets)."""
        now = self.now
        first_breached = first_response_breached(now)
        return list(
            self.filed.annotate(holder_at_due=_holder_at_first_response_due())
            .order_by()
            .values("category_id", "queue_id", "channel", "priority")
            .annotate(
                filed=Count("pk"),
                open=Count("pk", filter=Q(status__in=Ticket.OPEN_STATUSES)),
                resolved=Count("pk", filter=Q(status__in=DONE)),
                first_met=Count("pk", filter=first_response_met()),
                first_breached=Count("pk", filter=first_breached),
                first_breached_unassigned=Count("pk", filter=first_breached & UNASSIGNED_AT_DUE),
                resolution_met=Count("pk", filter=resolution_met()),
                resolution_breached=Count("pk", filter=resolution_breached(now)),
                reopened=Count("pk", filter=Q(reopened_count__gt=0)),
                reopens=Sum("reopened_count"),
            )
        )

    def _group(self, key: str) -> dict[Any, Counts]:
        groups: dict[Any, Counts] = defaultdict(Counts)
        for row in self.breakdown:
            groups[row[key]].add(row)
        return groups

    @cached_property
    def totals(self) -> Counts:
        total = Counts()
        for row in self.breakdown:
            total.add(row)
        return total

    @cached_property
    def times(self) -> tuple[Times, dict[int, Times]]:
        return response_times(self.filed)

    # -- sections --

    @cached_property
    def by_category(self) -> list[CategoryRow]:
        """Compliance per category, the most missed first."""
        times = self.times[1]
        rows = []
        for category_id, counts in self._group("category_id").items():
            row = CategoryRow(category=self.categories.get(category_id))
            row.add(counts.__dict__)
            row.times = times.get(category_id, Times())
            rows.append(row)
        return sorted(
            rows,
            key=lambda r: (
                -(r.first_breach_rate or 0),
                -r.first_breached,
                -r.filed,
                r.category.slug if r.category else "",
            ),
        )

    @cached_property
    def worst_category(self) -> CategoryRow | None:
        top = self.by_category[0] if self.by_category else None
        return top if top is not None and top.first_breached else None

    @cached_property
    def by_priority(self) -> list[GroupRow]:
        groups = self._group("priority")
        rows = []
        for value, label in reversed(Priority.choices):
            row = GroupRow(key=value, label=str(label))
            if value in groups:
                row.add(groups[value].__dict__)
            rows.append(row)
        return rows

    @cached_property
    def by_queue(self) -> list[GroupRow]:
        rows = []
        for queue_id, counts in self._group("queue_id").items():
            queue = self.queues.get(queue_id)
            row = GroupRow(key=queue.slug if queue else "", label=queue.name if queue else "")
            row.add(counts.__dict__)
            rows.append(row)
        return sorted(rows, key=lambda r: (-r.filed, r.key))

    @cached_property
    def by_channel(self) -> list[GroupRow]:
        groups = self._group("channel")
        rows = []
        for value, label in Ticket.Channel.choices:
            row = GroupRow(key=value, label=str(label))
            if value in groups:
                row.add(groups[value].__dict__)
            rows.append(row)
        return sorted(rows, key=lambda r: -r.filed)

    @cached_property
    def per_day(self) -> list[DayPoint]:
        zone = business_zone()
        counts = {
            row["day"]: row["n"]
            for row in self.filed.annotate(day=TruncDate("created_at", tzinfo=zone))
            .order_by()
            .values("day")
            .annotate(n=Count("pk"))
        }
        return [DayPoint(day, counts.get(day, 0)) for day in self.period.days]

    @cached_property
    def backlog(self) -> list[DayPoint]:
        """Tickets open at the end of each day: filed before it and not resolved by then.
        (A reopened ticket loses its first resolution time and counts as open throughout.)"""
        ends = {
            f"d{index}": datetime.combine(day + timedelta(days=1), time.min, business_zone())
            for index, day in enumerate(self.period.days)
        }
        row = (
            self.scope.tickets()
            .filter(created_at__lt=self.period.end)
            .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=self.period.start))
            .aggregate(
                **{
                    key: Count(
                        "pk",
                        filter=Q(created_at__lt=end)
                        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)),
                    )
                    for key, end in ends.items()
                }
            )
        )
        return [
            DayPoint(day, int(row[f"d{index}"] or 0)) for index, day in enumerate(self.period.days)
        ]

    @cached_property
    def satisfaction(self) -> Satisfaction:
        row = self._ratings().aggregate(
            average=Avg("score"),
            count=Count("pk"),
            **{f"s{score}": Count("pk", filter=Q(score=score)) for score in range(1, 6)},
        )
        return Satisfaction(
            average=row["average"],
            count=int(row["count"]),
            distribution=[(score, int(row[f"s{score}"])) for score in range(5, 0, -1)],
        )

    def _ratings(self) -> QuerySet[SatisfactionRating]:
        return SatisfactionRating.objects.filter(
            self.scope.q("ticket__"),
            created_at__gte=self.period.start,
            created_at__lt=self.period.end,
        )

    @cached_property
    def comments(self) -> list[SatisfactionRating]:
        return list(
            self._ratings()
            .exclude(comment="")
            .select_related("ticket")
            .order_by("-created_at", "-pk")[:LIST_LIMIT]
        )

    @cached_property
    def agents(self) -> list[AgentRow]:
        """Open tickets each agent holds now, tickets resolved and replies sent in the period."""
        rows: dict[int, AgentRow] = {}

        def row_for(values: Mapping[str, Any], prefix: str) -> AgentRow:
            user_id = values[f"{prefix}_id"]
            if user_id not in rows:
                rows[user_id] = AgentRow(user_id=user_id, name=_name(values, prefix))
            return rows[user_id]

        names = ("assignee_id", "assignee__display_name", "assignee__username")
        for values in (
            self.scope.tickets()
            .filter(status__in=Ticket.OPEN_STATUSES, assignee__isnull=False)
            .order_by()
            .values(*names)
            .annotate(n=Count("pk"))
        ):
            row_for(values, "assignee").open_assigned = values["n"]
        for values in (
            self.scope.tickets()
            .filter(
                resolved_at__gte=self.period.start,
                resolved_at__lt=self.period.end,
                assignee__isnull=False,
            )
            .order_by()
            .values(*names)
            .annotate(n=Count("pk"))
        ):
            row_for(values, "assignee").resolved = values["n"]
        for values in (
            Message.objects.filter(
                self.scope.q("ticket__"),
                kind=Message.Kind.REPLY,
                created_at__gte=self.period.start,
                created_at__lt=self.period.end,
                author__role__in=[User.Role.AGENT, User.Role.SUPERVISOR],
            )
            .order_by()
            .values("author_id", "author__display_name", "author__username")
            .annotate(n=Count("pk"))
        ):
            row_for(values, "author").replies = values["n"]
        return sorted(rows.values(), key=lambda r: (-r.open_assigned, -r.resolved, r.name))

    @cached_property
    def resolved_in_period(self) -> int:
        return (
            self.scope.tickets()
            .filter(resolved_at__gte=self.period.start, resolved_at__lt=self.period.end)
            .count()
        )

    @cached_property
    def reopened_tickets(self) -> list[Ticket]:
        return list(
            self.filed.filter(reopened_count__gt=0)
            .select_related("category", "assignee")
            .order_by("-reopened_count", "-created_at")[:LIST_LIMIT]
        )

    @cached_property
    def breached_tickets(self) -> list[Ticket]:
        """The latest tickets that missed a target: where to look for the why."""
        return list(
            self.filed.filter(first_response_breached(self.now) | resolution_breached(self.now))
            .select_related("category", "assignee")
            .order_by("-created_at", "-pk")[: LIST_LIMIT * 2]
        )

    @cached_property
    def funnel(self) -> list[CategoryFunnel]:
        queue_ids = self.scope_queue_ids
        return [
            row
            for row in self_service_funnel(self.period.start, self.period.end)
            if self.scope.sees_category(row.category, queue_ids)
        ]

    @cached_property
    def funnel_rows(self) -> list[tuple[CategoryFunnel, CommunityFunnel]]:
        """Each category's FAQ funnel beside its community one: answers from the community
        opened from the inquiry form, and people who ended there instead of filing."""
        community = community_funnel(self.period.start, self.period.end)
        return [
            (row, community.get(row.category.pk) or CommunityFunnel(row.category.pk, 0, 0))
            for row in self.funnel
        ]

    @cached_property
    def community(self) -> CommunityNumbers:
        """Questions asked in the period in the categories this report covers."""
        queue_ids = self.scope_queue_ids
        category_ids = [
            category.pk
            for category in reference.active_categories()
            if self.scope.sees_category(category, queue_ids)
        ]
        return community_numbers(self.period.start, self.period.end, category_ids=category_ids)

    @cached_property
    def notice_funnel(self) -> list[NoticeFunnel]:
        """Per category: people shown a known-issue notice on the inquiry form, and how
        many of them filed anyway or left without filing."""
        queue_ids = self.scope_queue_ids
        return [
            row
            for row in notice_funnel(self.period.start, self.period.end)
            if self.scope.sees_category(row.category, queue_ids)
        ]

    @cached_property
    def search_misses(self) -> list[SearchMiss]:
        """The words people searched for most without finding an answer."""
        logs = SearchLog.objects.filter(
            day__gte=self.period.first_day, day__lte=self.period.last_day
        )
        if self.scope.category is not None:
            logs = logs.filter(category=self.scope.category)
        if self.scope.queue is not None:
            logs = logs.filter(category__queue=self.scope.queue)
        if not self.scope.user.is_supervisor:
            logs = logs.filter(category__queue__memberships__user=self.scope.user)
        return [
            SearchMiss(row["query"], int(row["total"]))
            for row in logs.order_by()
            .values("query")
            .annotate(total=Sum("count"))
            .order_by("-total", "query")[:LIST_LIMIT]
        ]


# --- Seller statistics ----------------------------------------------------------------------


def seller_stores(user: User) -> QuerySet[Store]:
    """The stores this person is on the team of (owner or manager); nobody else's."""
    if not user.is_active or not user.is_seller:
        return Store.objects.none()
    return member_stores(user)


@dataclass(frozen=True)
class StoreBreakdown:
    """A store's inquiries filed in a period, by category and status, and the ratings given
    on its inquiries in the period (the answer figures are the scorecard's)."""

    store: Store
    period: Period
    by_category: list[tuple[Category | None, dict[str, int], int]]
    statuses: list[tuple[str, str]]
    filed: int
    satisfaction: Satisfaction


def store_breakdown(store: Store, period: Period) -> StoreBreakdown:
    """Two grouped queries; the categories come from the cached reference data."""
    categories = {c.pk: c for c in reference.all_categories()}
    store_categories = [pk for pk, c in categories.items() if c.concerns_store]
    tickets = Ticket.objects.filter(
        store=store,
        category_id__in=store_categories,
        is_spam=False,
        created_at__gte=period.start,
        created_at__lt=period.end,
    )
    grid: dict[int, dict[str, int]] = defaultdict(dict)
    for row in tickets.order_by().values("category_id", "status").annotate(n=Count("pk")):
        grid[row["category_id"]][row["status"]] = row["n"]
    by_category = sorted(
        (
            (categories.get(category_id), counts, sum(counts.values()))
            for category_id, counts in grid.items()
        ),
        key=lambda item: (-item[2], item[0].sort_order if item[0] else 0),
    )
    ratings = SatisfactionRating.objects.filter(
        ticket__store=store,
        ticket__category_id__in=store_categories,
        ticket__is_spam=False,
        created_at__gte=period.start,
        created_at__lt=period.end,
    ).aggregate(
        average=Avg("score"),
        count=Count("pk"),
        **{f"s{score}": Count("pk", filter=Q(score=score)) for score in range(1, 6)},
    )
    return StoreBreakdown(
        store=store,
        period=period,
        by_category=by_category,
        statuses=[(value, str(label)) for value, label in Ticket.Status.choices],
        filed=sum(total for _category, _counts, total in by_category),
        satisfaction=Satisfaction(
            average=ratings["average"],
            count=int(ratings["count"]),
            distribution=[(score, int(ratings[f"s{score}"])) for score in range(5, 0, -1)],
        ),
    )
