"""A store's scorecard: how well it answers the inquiries about its orders.

The seller's page, the API and the supervisors' ranking all read ``store_scorecards``; one
store's is ``store_scorecard``. The figures, over the store's inquiries (tickets about its
orders, in a category that concerns stores, not spam, not merged away):

- **Answered on time** over the last 7, 30 and 90 days (whole days in Seoul, today
  included, like every report): of the inquiries filed then whose store deadline has passed
  or that the store answered, the share answered within the store's window
  (``store_answer_minutes <= Store.answer_target_minutes``; exactly at the window is on
  time). An inquiry still within its deadline is not counted yet, and one the seller marked
  "no answer needed" is never counted.
- **Median first answer**, business minutes, of the inquiries filed in the last 30 days
  that the store answered.
- **Escalations**: inquiries whose deadline the store let pass (``store_missed_at``) or on
  which the buyer asked the help center to step in (``escalated_at``), in the last 30 days.
  Only inquiries filed in the last 90 days are read (the scorecard's horizon): a deadline
  falls a business day or so after filing, or after a later request, so an escalation of
  an older inquiry is rare, and reading only the horizon keeps the ranking of every store
  to one pass over the recent tickets.
- **Satisfaction**: ratings given in the last 30 days on the store's inquiries: mean score,
  how many, and the share of 4 and 5.
- **Open inquiries by time left**: open inquiries that wait for the store's answer
  (``store_answer_due_at`` set), as overdue, due within two business hours (the store's
  calendar), due later today (in the calendar's time zone) and due later.

Every figure is an aggregate in the database, grouped by store: a fixed number of queries
whatever the number of tickets or stores. The cohort is read through the ``(store,
created_at)`` index (ticket_reports_store); SQLite, which has no percentile function, gets
its medians from one window-function query that returns the middle rows of each store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import Store, User
from catalog import reference
from catalog.calendar import add_business_minutes, calendar_by_id, default_calendar
from catalog.models import BusinessCalendar
from claims.reports import StoreClaims, store_claims
from tickets.models import SatisfactionRating, Ticket
from tickets.selectors import visible_tickets

from .selectors import Percentile, Period, business_zone, seller_stores

WINDOWS = (7, 30, 90)
MAIN_DAYS = 30  # the period of the median, the escalations and satisfaction
HORIZON_DAYS = max(WINDOWS)
SOON_MINUTES = 120  # "due soon": within two business hours
OPEN_LIST_LIMIT = 50

OVERDUE, SOON, TODAY, LATER = "overdue", "soon", "today", "later"
BUCKETS = (OVERDUE, SOON, TODAY, LATER)


# --- Who may see a scorecard ----------------------------------------------------------------


def scorecard_stores(user: User | AnonymousUser) -> QuerySet[Store]:
    """The stores whose scorecard this person may see: staff (agents and supervisors) every
    store, a store's members their own (``seller_stores``: the owner and managers of its
    team); nobody else any. The seller's page, the API and the staff pages all ask here."""
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Store.objects.none()
    if user.is_agent:
        return Store.objects.all()
    return seller_stores(user)


# --- The figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OnTimeShare:
    """Inquiries filed in the last ``days`` days: how many count, how many were on time."""

    days: int
    counted: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.counted - self.on_time

    @property
    def share(self) -> float | None:
        return self.on_time / self.counted if self.counted else None


@dataclass(frozen=True)
class OpenByTimeLeft:
    overdue: int = 0
    soon: int = 0
    today: int = 0
    later: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.soon + self.today + self.later

    def count(self, bucket: str) -> int:
        return int(getattr(self, bucket))


@dataclass(frozen=True)
class StoreSatisfaction:
    average: float | None = None
    count: int = 0
    good: int = 0  # ratings of 4 or 5

    @property
    def good_share(self) -> float | None:
        return self.good / self.count if self.count else None


@dataclass(frozen=True)
class Scorecard:
    store: Store
    now: datetime
    on_time: tuple[OnTimeShare, ...]
    answered: int = 0  # answered, of the inquiries filed in the last MAIN_DAYS days
    median_first_answer_minutes: float | None = None
    escalations: int = 0
    satisfaction: StoreSatisfaction = StoreSatisfaction()
    open: OpenByTimeLeft = OpenByTimeLeft()
    claims: StoreClaims = field(default_factory=StoreClaims)  # made in the last MAIN_DAYS days

    @property
    def window_minutes(self) -> int:
        return self.store.answer_target_minutes

    def share(self, days: int) -> OnTimeShare:
        return next(item for item in self.on_time if item.days == days)

    @property
    def on_time_7d(self) -> OnTimeShare:
        return self.share(7)

    @property
    def on_time_30d(self) -> OnTimeShare:
        return self.share(30)

    @property
    def on_time_90d(self) -> OnTimeShare:
        return self.share(90)


# --- Moments --------------------------------------------------------------------------------


def _calendar(calendar_id: int | None) -> BusinessCalendar | None:
    """The store's calendar (tickets.store_clock.store_calendar, by id)."""
    return calendar_by_id(calendar_id) or default_calendar()


@dataclass(frozen=True)
class Bounds:
    """Where "due soon" and "due today" end for stores on one calendar."""

    soon_end: datetime
    today_end: datetime

    @classmethod
    def at(cls, now: datetime, calendar: BusinessCalendar | None) -> Bounds:
        zone = ZoneInfo(calendar.time_zone) if calendar is not None else business_zone()
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        return cls(
            soon_end=add_business_minutes(calendar, now, SOON_MINUTES),
            today_end=datetime.combine(tomorrow, time.min, tzinfo=zone),
        )

    def bucket(self, due: datetime, now: datetime) -> str:
        if due <= now:
            return OVERDUE
        if due <= self.soon_end:
            return SOON
        if due < self.today_end:
            return TODAY
        return LATER

    def conditions(self, now: datetime) -> dict[str, Q]:
        due = "store_answer_due_at"
        soon = Q(**{f"{due}__gt": now, f"{due}__lte": self.soon_end})
        later_than_soon = Q(**{f"{due}__gt": max(now, self.soon_end)})
        return {
            OVERDUE: Q(**{f"{due}__lte": now}),
            SOON: soon,
            TODAY: later_than_soon & Q(**{f"{due}__lt": self.today_end}),
            LATER: later_than_soon & Q(**{f"{due}__gte": self.today_end}),
        }


def bounds_for(store: Store, now: datetime) -> Bounds:
    return Bounds.at(now, _calendar(store.calendar_id))


# --- Queries --------------------------------------------------------------------------------


def _store_category_ids() -> list[int]:
    """Categories whose inquiries the store answers (from the cached reference data: no
    join of the category table on a million tickets)."""
    return [c.pk for c in reference.all_categories() if c.concerns_store]


def _inquiries(stores: Sequence[Store] | None) -> QuerySet[Ticket]:
    """The inquiries a scorecard reads: of these stores (None: every store)."""
    tickets = Ticket.objects.filter(
        category_id__in=_store_category_ids(), is_spam=False, merged_into__isnull=True
    )
    if stores is None:
        return tickets.filter(store_id__isnull=False)
    if len(stores) == 1:
        return tickets.filter(store_id=stores[0].pk)
    return tickets.filter(store_id__in=[store.pk for store in stores])


def _within_window(stores: Sequence[Store]) -> Q:
    """Answered within the store's window; a plain number when every store has the same."""
    targets = {store.answer_target_minutes for store in stores}
    if len(targets) == 1:
        return Q(store_answer_minutes__lte=targets.pop())
    return Q(store_answer_minutes__lte=F("store__answer_target_minutes"))


def counted(now: datetime) -> Q:
    """Inquiries that count toward the on-time share: answered, or past their deadline
    (still waiting past it, flagged by the sweep, or taken over at the buyer's request);
    never those the seller marked as needing no answer."""
    return Q(store_answer_not_needed=False) & (
        Q(store_answer_minutes__isnull=False)
        | Q(store_missed_at__isnull=False)
        | Q(escalated_at__isnull=False)
        | Q(store_answer_due_at__lte=now)
    )


def answered() -> Q:
    return Q(store_answer_not_needed=False, store_answer_minutes__isnull=False)


def escalated(since: datetime) -> Q:
    return Q(store_missed_at__gte=since) | Q(escalated_at__gte=since)


def _starts(now: datetime) -> dict[int, datetime]:
    today = timezone.localdate(now, business_zone())
    return {days: Period.last_days(days, today=today).start for days in WINDOWS}


def _cohort(
    stores: Sequence[Store], scope: Sequence[Store] | None, now: datetime
) -> dict[int, dict[str, Any]]:
    """One grouped query over the inquiries filed within the horizon: the on-time counts of
    each window, the answered count, the median (PostgreSQL) and the escalations."""
    starts = _starts(now)
    main = Q(created_at__gte=starts[MAIN_DAYS])
    on_time = counted(now) & _within_window(stores)
    aggregates: dict[str, Any] = {}
    for days, start in starts.items():
        filed = Q(created_at__gte=start)
        aggregates[f"counted_{days}"] = Count("pk", filter=filed & counted(now))
        aggregates[f"on_time_{days}"] = Count("pk", filter=filed & on_time)
    aggregates["answered"] = Count("pk", filter=main & answered())
    aggregates["escalations"] = Count("pk", filter=escalated(starts[MAIN_DAYS]))
    if settings.IS_POSTGRES:
        aggregates["median"] = Percentile("store_answer_minutes", 0.5, filter=main & answered())
    rows = (
        _inquiries(scope)
        .filter(created_at__gte=starts[HORIZON_DAYS])
        .order_by()
        .values("store_id")
        .annotate(**aggregates)
    )
    by_store: dict[int, dict[str, Any]] = {row["store_id"]: dict(row) for row in rows}
    if not settings.IS_POSTGRES:
        for store_id, median in _sqlite_medians(scope, since=starts[MAIN_DAYS]).items():
            by_store.setdefault(store_id, {})["median"] = median
    return by_store


def _sqlite_medians(scope: Sequence[Store] | None, *, since: datetime) -> dict[int, float]:
    """The median answer time per store without percentile_cont: each store's answers are
    numbered in order, and only the middle one or two rows come back."""
    rows = (
        _inquiries(scope)
        .filter(answered(), created_at__gte=since)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("store_id")],
                order_by=[F("store_answer_minutes").asc(), F("pk").asc()],
            ),
            size=Window(Count("pk"), partition_by=[F("store_id")]),
        )
        .filter(position__gte=(F("size") + 1) / 2, position__lte=(F("size") + 2) / 2)
        .values_list("store_id", "store_answer_minutes")
    )
    middles: dict[int, list[int]] = defaultdict(list)
    for store_id, minutes in rows:  # at most two rows per store
        if store_id is not None and minutes is not None:
            middles[store_id].append(minutes)
    return {store_id: sum(values) / len(values) for store_id, values in middles.items()}


def _open(
    stores: Sequence[Store], scope: Sequence[Store] | None, now: datetime
) -> dict[int, OpenByTimeLeft]:
    """Open inquiries waiting for each store, by time left: one grouped query. Stores on
    different calendars have different "soon" and "today": one condition per calendar."""
    calendars: dict[int | None, list[Store]] = defaultdict(list)
    for store in stores:
        calendars[store.calendar_id].append(store)
    bounds = {cid: Bounds.at(now, _calendar(cid)) for cid in calendars}
    if len(bounds) == 1:
        conditions = next(iter(bounds.values())).conditions(now)
    else:
        conditions = {
            bucket: reduce(
                or_,
                (
                    (Q(store__calendar__isnull=True) if cid is None else Q(store__calendar_id=cid))
                    & one.conditions(now)[bucket]
                    for cid, one in bounds.items()
                ),
            )
            for bucket in BUCKETS
        }
    rows = (
        _inquiries(scope)
        .filter(status__in=Ticket.OPEN_STATUSES, store_answer_due_at__isnull=False)
        .order_by()
        .values("store_id")
        .annotate(**{bucket: Count("pk", filter=conditions[bucket]) for bucket in BUCKETS})
    )
    counts: dict[int, OpenByTimeLeft] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        counts[values["store_id"]] = OpenByTimeLeft(
            **{bucket: int(values[bucket]) for bucket in BUCKETS}
        )
    return counts


def _satisfaction(scope: Sequence[Store] | None, now: datetime) -> dict[int, StoreSatisfaction]:
    since = _starts(now)[MAIN_DAYS]
    ratings = SatisfactionRating.objects.filter(
        ticket__category_id__in=_store_category_ids(),
        ticket__is_spam=False,
        ticket__merged_into__isnull=True,
        created_at__gte=since,
        created_at__lte=now,
    )
    if scope is None:
        ratings = ratings.filter(ticket__store_id__isnull=False)
    else:
        ratings = ratings.filter(ticket__store_id__in=[store.pk for store in scope])
    rows = (
        ratings.order_by()
        .values("ticket__store_id")
        .annotate(average=Avg("score"), count=Count("pk"), good=Count("pk", filter=Q(score__gte=4)))
    )
    return {
        row["ticket__store_id"]: StoreSatisfaction(
            average=row["average"], count=int(row["count"]), good=int(row["good"])
        )
        for row in rows
    }


def store_scorecards(
    stores: Iterable[Store], *, now: datetime | None = None, every_store: bool = False
) -> dict[int, Scorecard]:
    """The scorecards of these stores, by store id: three grouped queries on PostgreSQL
    (four on SQLite) and one for the claims, however many stores and tickets.
    ``every_store``: ``stores`` are all the stores, so no store condition is needed (the
    ranking)."""
    now = now or timezone.now()
    stores = list(stores)
    if not stores:
        return {}
    scope = None if every_store else stores
    cohort = _cohort(stores, scope, now)
    open_now = _open(stores, scope, now)
    ratings = _satisfaction(scope, now)
    claims = store_claims(
        None if scope is None else [store.pk for store in scope], since=_starts(now)[MAIN_DAYS]
    )
    cards = {}
    for store in stores:
        row = cohort.get(store.pk, {})
        median = row.get("median")
        cards[store.pk] = Scorecard(
            store=store,
            now=now,
            on_time=tuple(
                OnTimeShare(
                    days,
                    counted=int(row.get(f"counted_{days}") or 0),
                    on_time=int(row.get(f"on_time_{days}") or 0),
                )
                for days in WINDOWS
            ),
            answered=int(row.get("answered") or 0),
            median_first_answer_minutes=None if median is None else float(median),
            escalations=int(row.get("escalations") or 0),
            satisfaction=ratings.get(store.pk, StoreSatisfaction()),
            open=open_now.get(store.pk, OpenByTimeLeft()),
            claims=claims.get(store.pk, StoreClaims()),
        )
    return cards


def store_scorecard(store: Store, *, now: datetime | None = None) -> Scorecard:
    """One store's scorecard (the same queries as the ranking's, for this store only)."""
    return store_scorecards([store], now=now)[store.pk]


# --- The inquiries behind the figures -------------------------------------------------------


@dataclass(frozen=True)
class WaitingInquiry:
    ticket: Ticket
    due_at: datetime
    bucket: str


def waiting_inquiries(
    store: Store,
    user: User,
    *,
    now: datetime | None = None,
    overdue_only: bool = False,
    limit: int = OPEN_LIST_LIMIT,
) -> list[WaitingInquiry]:
    """The open inquiries waiting for the store's answer that ``user`` may open (through
    visible_tickets), the most urgent first, at most ``limit``."""
    now = now or timezone.now()
    tickets = visible_tickets(user).filter(
        store_id=store.pk,
        category_id__in=_store_category_ids(),
        is_spam=False,
        merged_into__isnull=True,
        status__in=Ticket.OPEN_STATUSES,
        store_answer_due_at__isnull=False,
    )
    if overdue_only:
        tickets = tickets.filter(store_answer_due_at__lte=now)
    # Only what the list shows (the category comes from the cached reference data): no
    # requester or assignee rows to join and build.
    tickets = tickets.select_related(None).only(
        "reference", "subject", "status", "category_id", "queue_id", "store_answer_due_at"
    )
    bounds = bounds_for(store, now)
    rows = []
    for ticket in tickets.order_by("store_answer_due_at", "pk")[:limit]:
        due = ticket.store_answer_due_at
        assert due is not None  # noqa: S101  (filtered above; narrows for mypy)
        rows.append(WaitingInquiry(ticket, due, bounds.bucket(due, now)))
    return rows
