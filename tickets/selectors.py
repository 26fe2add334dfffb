"""Reads scoped to the person asking: the one place that decides who sees which ticket."""

from __future__ import annotations

import logging
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Store, User
from accounts.selectors import masked_name, member_store_ids
from catalog import reference
from catalog.models import Category, Priority, Queue, QueueMembership
from contacts.models import ContactChannel
from helpdesk import copies
from helpdesk.text import as_written

from . import transitions
from .details import normalise_order_number
from .models import Attachment, Macro, Message, Notification, Ticket, TicketEvent
from .sla import policy_for
from .transitions import Party

logger = logging.getLogger(__name__)


def visible_tickets(user: User | AnonymousUser) -> QuerySet[Ticket]:
    """Buyers see their own; sellers theirs and the order inquiries of the stores they are on
    the team of (owner or manager); agents their queues; supervisors everything."""
    tickets = Ticket.objects.select_related("store", "assignee", "requester").with_reference()
    if not user.is_authenticated or not user.is_active:
        return tickets.none()
    assert isinstance(user, User)  # noqa: S101  (narrows for mypy; AUTH_USER_MODEL is User)
    if user.is_supervisor:
        return tickets
    if user.is_agent:
        # The queue ids as a list, not a join or subquery: nothing more for the planner to weigh.
        return tickets.filter(queue_id__in=agent_queue_ids(user))
    if user.is_seller:
        # The stores as a list of ids, read once per request (accounts.selectors): a member
        # removed from a store sees none of its inquiries from the next request on.
        store_ids = member_store_ids(user)
        if not store_ids:
            return tickets.filter(requester=user)
        return tickets.filter(
            Q(requester=user) | Q(store_id__in=store_ids, category__concerns_store=True)
        )
    return tickets.filter(requester=user)


def agent_queue_ids(user: User) -> list[int]:
    """The ids of the queues this agent works in, read from the database: who may see which
    ticket is never decided from a copy that could still hold a removed membership. Read
    once per person object, like Django's permission cache: a request loads its user afresh,
    so the next request after a membership goes sees it gone."""
    held: list[int] | None = getattr(user, "_queue_ids", None)
    if held is None:
        held = list(
            QueueMembership.objects.filter(user=user)
            .order_by("queue_id")
            .values_list("queue_id", flat=True)
        )
        user._queue_ids = held  # type: ignore[attr-defined]
    return held


def forget_queue_ids(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A membership saved or deleted in this process: the person object it holds (the one a
    test or a script goes on using) reads its queues again."""
    person = instance if isinstance(instance, User) else None
    if isinstance(instance, QueueMembership) and QueueMembership.user.is_cached(instance):
        person = instance.user
    if person is not None:
        person.__dict__.pop("_queue_ids", None)


def without_joins(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """A list's tickets alone; attach_related fills in what the list shows."""
    return tickets.select_related(None)


def attach_related(tickets: Iterable[Ticket]) -> list[Ticket]:
    """A list's tickets with their store and assignee, apart from the list's query: joined into
    it, PostgreSQL plans longer than it reads (category and queue come with the tickets, see
    TicketQuerySet.with_reference). Assignees are agents, named by the cached queue
    memberships (only one no longer in any queue is read); stores come from this process's
    copies, those it does not hold read in one query."""
    rows = list(tickets)
    people = {membership.user_id: membership.user for membership in reference.memberships()}
    assignee = Ticket._meta.get_field("assignee")
    for row in rows:
        if row.assignee_id is None or row.assignee_id in people:
            assignee.set_cached_value(row, people.get(row.assignee_id))  # type: ignore[arg-type]
    prefetch_related_objects(rows, "assignee")
    stores = _stores_by_id({row.store_id for row in rows if row.store_id is not None})
    store = Ticket._meta.get_field("store")
    for row in rows:
        store.set_cached_value(row, stores.get(row.store_id))  # type: ignore[arg-type]
    return rows


# Stores by id, kept in this process for the current reference generation (a saved or deleted
# store starts a new one; helpdesk.copies), like tickets.details' stores by name: every list
# names the stores of its rows, and the same stores come back page after page.
_stores: copies.Copies[Store | None] = copies.Copies("stores-by-id", kept=2048)


def _stores_by_id(ids: set[int]) -> dict[int, Store | None]:
    """These stores, those this process does not hold read in one query."""
    read: dict[int, Store] | None = None

    def build(pk: int) -> Store | None:
        nonlocal read
        if read is None:
            read = Store.objects.in_bulk(sorted(ids))
        return read.get(pk)

    return {pk: _stores.get_or_build(pk, partial(build, pk)) for pk in ids}


def ticket_for_guest(token: str) -> Ticket | None:
    if not token or len(token) > 100:
        return None
    return (
        Ticket.objects.select_related("store")
        .with_reference()
        .filter(guest_token=token, requester__isnull=True)
        .first()
    )


def readable_visibilities(ticket: Ticket, user: User | AnonymousUser | None) -> list[str]:
    """Which messages of this ticket this person reads: the platform all of them, the store
    the public ones and the side conversation with the platform, the requester (and anyone
    else) the public ones only. ``None`` is the guest requester through their private link."""
    person = user if isinstance(user, User) and user.is_authenticated else None
    party = transitions.party_of(ticket, person)
    if party is Party.AGENT:
        return list(Message.Visibility.values)
    if party is Party.STORE:
        return [Message.Visibility.PUBLIC, Message.Visibility.STORE]
    return [Message.Visibility.PUBLIC]


def visible_messages(ticket: Ticket, user: User | AnonymousUser | None) -> QuerySet[Message]:
    """The thread as this person may read it (see readable_visibilities)."""
    # The author's name is the message's own (author_name): the thread reads no person row.
    messages = ticket.messages.prefetch_related("attachments")
    readable = readable_visibilities(ticket, user)
    if len(readable) == len(Message.Visibility.values):
        return messages
    return messages.filter(visibility__in=readable)


@dataclass(frozen=True)
class ThreadEntry:
    """A message as one reader sees it: who wrote it (``side``: buyer, store, help_center or
    system), under which name, who else reads it, and its files."""

    message: Message
    side: str
    name: str
    files: tuple[Attachment, ...] = ()

    @property
    def visibility(self) -> str:
        return self.message.visibility


def thread_entries(ticket: Ticket, user: User | AnonymousUser | None) -> list[ThreadEntry]:
    """The thread this person may read, each message with its side, shown name and files.
    Each message says whether it has files (most have none): the files are read only then."""
    has_files = Exists(Attachment.objects.filter(message=OuterRef("pk")))
    messages = list(
        visible_messages(ticket, user).prefetch_related(None).annotate(has_files=has_files)
    )
    prefetch_related_objects([m for m in messages if m.has_files], "attachments")
    return [
        ThreadEntry(
            message=message,
            side=author_side(message),
            name=shown_name(message, to=user),
            files=tuple(message.attachments.all()) if message.has_files else (),
        )
        for message in messages
    ]


def author_side(message: Message) -> str:
    """Who wrote a message, as every reader is told: ``buyer`` (the requester), ``store``,
    ``help_center`` (the platform's agents) or ``system``."""
    if message.kind == Message.Kind.SYSTEM:
        return "system"
    if message.as_store:
        return "store"
    if message.author_id is None or message.author_id == message.ticket.requester_id:
        return "buyer"
    return "help_center"


def shown_name(item: Ticket | Message, *, to: User | AnonymousUser | None) -> str:
    """How the requester of a ticket, or the author of a message, appears to ``to``: in full
    to agents and to the requester themselves, masked (홍*동, J**** L**) to anyone else, who
    can only be a store's seller following an inquiry about their orders. Agents and stores
    are named as they wrote. Pages, fragments, e-mail, the API and exports all ask here.

    ``to`` None or anonymous is the requester reading through their private link or e-mail
    (nobody else reaches a ticket without signing in)."""
    if isinstance(item, Message):
        ticket = item.ticket
        if item.as_store or item.author_id != ticket.requester_id:
            return item.author_name
        name = item.author_name
    else:
        ticket, name = item, item.requester_display
    if to is None or not to.is_authenticated:
        return name
    assert isinstance(to, User)  # noqa: S101  (narrows for mypy; AUTH_USER_MODEL is User)
    if to.is_agent or to.pk == ticket.requester_id:
        return name
    return masked_name(item.author_name if isinstance(item, Message) else ticket.requester_name)


# --- Agent workspace ----------------------------------------------------------------------

# The views of the workspace, in the order the sidebar lists them.
AGENT_VIEWS: dict[str, Any] = {
    "mine": _("Mine"),
    "unassigned": _("Unassigned"),
    "due_soon": _("Due soon"),
    "breached": _("Breached"),
    "store_missed": _("Store did not answer"),
    "open": _("All open"),
    "pending": _("Waiting on requester"),
    "on_hold": _("On hold"),
    "resolved": _("Recently resolved"),
}
# Counts stop here: "500+" is as useful as an exact number and never scans a million rows.
COUNT_LIMIT = 500
DUE_SOON = timedelta(hours=2)
RECENTLY_RESOLVED = timedelta(days=7)
PAGE_SIZE = 25
# The response clock runs only while the ticket is ours to move (not pending, not on hold).
CLOCK_RUNNING = (Ticket.Status.NEW, Ticket.Status.OPEN)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def agent_queues(user: User) -> list[Queue]:
    """The queues an agent works in (the ones visible_tickets shows), by slug; supervisors
    work in all of them."""
    if user.is_supervisor:
        return reference.all_queues()
    ids = set(agent_queue_ids(user))
    return [queue for queue in reference.all_queues() if queue.pk in ids]


def queue_agents(queues: list[Queue]) -> list[User]:
    """Active agents and supervisors of these queues, by name (cached reference data)."""
    wanted = {queue.pk for queue in queues}
    people = {
        m.user.pk: m.user
        for m in reference.memberships()
        if m.queue_id in wanted
        and m.user.is_active
        and m.user.role in (User.Role.AGENT, User.Role.SUPERVISOR)
    }
    return sorted(people.values(), key=lambda person: (person.display_name, person.username))


def agent_view(user: User, view: str, *, now: datetime | None = None) -> QuerySet[Ticket]:
    """The tickets of one workspace view, as this agent may see them (unsorted)."""
    now = now or timezone.now()
    tickets = visible_tickets(user)
    open_statuses = list(Ticket.OPEN_STATUSES)
    match view:
        case "mine":
            return tickets.filter(assignee=user, status__in=open_statuses)
        case "unassigned":
            return tickets.filter(assignee__isnull=True, status__in=open_statuses)
        case "due_soon":
            return tickets.filter(
                status__in=CLOCK_RUNNING, next_due_at__gte=now, next_due_at__lt=now + DUE_SOON
            )
        case "breached":
            return tickets.filter(status__in=CLOCK_RUNNING, next_due_at__lt=now)
        case "store_missed":
            return tickets.filter(status__in=open_statuses, store_missed_at__isnull=False)
        case "pending":
            return tickets.filter(status=Ticket.Status.PENDING)
        case "on_hold":
            return tickets.filter(status=Ticket.Status.ON_HOLD)
        case "resolved":
            return tickets.filter(
                status__in=[Ticket.Status.RESOLVED, Ticket.Status.CLOSED],
                is_spam=False,
                updated_at__gte=now - RECENTLY_RESOLVED,
            )
        case _:
            return tickets.filter(status__in=open_statuses)


def bounded_count(tickets: QuerySet[Any], limit: int = COUNT_LIMIT) -> int:
    """How many rows, counting no further than ``limit + 1``."""
    return tickets.order_by().values("pk")[: limit + 1].count()


def agent_view_counts(
    user: User, *, now: datetime | None = None, limit: int = COUNT_LIMIT
) -> dict[str, int]:
    """Every view's count in one query, each counted no further than ``limit + 1``."""
    now = now or timezone.now()
    parts: list[str] = []
    params: list[Any] = []
    for view in AGENT_VIEWS:
        try:
            sql, view_params = _bounded_count_sql(agent_view(user, view, now=now), limit)
        except EmptyResultSet:  # an agent in no queue: nothing to count
            parts.append("0")
            continue
        parts.append(f"({sql})")
        params.extend(view_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(AGENT_VIEWS, row, strict=True))


# The sidebar's counts are kept this long per agent: counting nine views costs 10 ms at a
# million tickets, and the sidebar polls every 30 s. A count is at most this old, like the
# view counts of Zendesk; the list itself is always read fresh.
VIEW_COUNTS_SECONDS = 15


def view_counts_key(user: User) -> str:
    """The sidebar counts' cache key: the agent and the queues the agent works in now, so a
    removed membership is never counted from an older entry."""
    scope = "all" if user.is_supervisor else ",".join(map(str, agent_queue_ids(user)))
    return f"agent-view-counts:v2:{user.pk}:{scope}"


def recent_agent_view_counts(user: User) -> dict[str, int]:
    """agent_view_counts, at most VIEW_COUNTS_SECONDS old."""
    key = view_counts_key(user)
    counts = cache.get(key)
    if isinstance(counts, dict):
        return counts
    counts = agent_view_counts(user)
    cache.set(key, counts, VIEW_COUNTS_SECONDS)
    return counts


@dataclass(frozen=True)
class Sort:
    """A sort order the list can be paged through by keyset: its last row's values say
    where the next page starts, so page 4,000 costs what page 1 costs."""

    label: Any
    order_by: tuple[Any, ...]


SORTS: dict[str, Sort] = {
    "due": Sort(_("Due time"), (F("next_due_at").asc(nulls_last=True), "pk")),
    "priority": Sort(_("Priority"), ("-priority_rank", "pk")),
    "updated": Sort(_("Last update"), ("-updated_at", "-pk")),
}
DEFAULT_SORT = {"pending": "updated", "on_hold": "updated", "resolved": "updated"}


def _to_micros(value: datetime) -> int:
    return (value - EPOCH) // timedelta(microseconds=1)


def _from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def cursor_after(ticket: Ticket, sort: str) -> str:
    """The cursor that continues the list after this ticket."""
    if sort == "due":
        key = "n" if ticket.next_due_at is None else str(_to_micros(ticket.next_due_at))
    elif sort == "priority":
        key = str(ticket.priority_rank)
    else:
        key = str(_to_micros(ticket.updated_at))
    return f"{key}_{ticket.pk}"


def _after(tickets: QuerySet[Ticket], sort: str, cursor: str) -> QuerySet[Ticket]:
    """Rows strictly after the cursor in the sort order; a malformed cursor starts over."""
    key, _sep, pk_text = cursor.partition("_")
    if not pk_text.isdigit() or not (key == "n" or key.lstrip("-").isdigit()):
        return tickets
    pk = int(pk_text)
    try:
        if sort == "due":
            if key == "n":
                return tickets.filter(next_due_at__isnull=True, pk__gt=pk)
            due = _from_micros(int(key))
            return tickets.filter(
                Q(next_due_at__gt=due) | Q(next_due_at=due, pk__gt=pk) | Q(next_due_at__isnull=True)
            )
        if sort == "priority":
            rank = int(key)
            return tickets.filter(Q(priority_rank__lt=rank) | Q(priority_rank=rank, pk__gt=pk))
        updated = _from_micros(int(key))
    except (OverflowError, ValueError):
        return tickets
    return tickets.filter(Q(updated_at__lt=updated) | Q(updated_at=updated, pk__lt=pk))


def search_tickets(tickets: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """Reference, order number or e-mail exactly; otherwise every word in the subject, the
    requester's name or e-mail, or a message."""
    text = " ".join(as_written(text).split())[:100]  # stored text is NFC (helpdesk.text)
    if not text:
        return tickets
    exact = Q(reference=text.upper())
    digits = normalise_order_number(text)
    if digits:
        exact |= Q(order_number=digits)
    if "@" in text:
        exact |= Q(requester_email__iexact=text)
    words = Q()
    for word in text.split()[:5]:
        words &= (
            Q(subject__icontains=word)
            | Q(requester_name__icontains=word)
            | Q(requester_email__icontains=word)
            | Q(Exists(Message.objects.filter(ticket=OuterRef("pk"), body__icontains=word)))
        )
    return tickets.filter(exact | words)


def search_visible_tickets(
    tickets: QuerySet[Ticket], text: str, *, viewer: User | AnonymousUser
) -> QuerySet[Ticket]:
    """search_tickets with the caller's scope (``tickets`` is already visible_tickets): agents
    search as in the workspace; anyone else finds e-mail addresses and names only on their
    own inquiries (a store's seller learns nothing of a buyer's address by trying one) and
    words only in the messages everyone on the inquiry reads."""
    if isinstance(viewer, User) and viewer.is_agent:
        return search_tickets(tickets, text)
    text = " ".join(as_written(text).split())[:100]
    if not text or not isinstance(viewer, User):
        return tickets
    own = Q(requester=viewer)
    exact = Q(reference=text.upper())
    digits = normalise_order_number(text)
    if digits:
        exact |= Q(order_number=digits)
    if "@" in text:
        exact |= own & Q(requester_email__iexact=text)
    words = Q()
    for word in text.split()[:5]:
        public = Message.objects.filter(
            ticket=OuterRef("pk"), visibility=Message.Visibility.PUBLIC, body__icontains=word
        )
        words &= (
            Q(subject__icontains=word)
            | (own & (Q(requester_name__icontains=word) | Q(requester_email__icontains=word)))
            | Q(Exists(public))
        )
    return tickets.filter(exact | words)


def just_written(
    user: User, body: str, *, within: timedelta = timedelta(minutes=10)
) -> Message | None:
    """The same message this person wrote on one of their inquiries moments ago, if any: a
    button pressed twice finds its first message instead of writing a second."""
    return (
        Message.objects.filter(
            author=user,
            ticket__requester=user,
            body=as_written(body).strip(),
            created_at__gte=timezone.now() - within,
        )
        .select_related("ticket")
        .order_by("-pk")
        .first()
    )


def earlier_inquiry(
    *,
    requester: User | None,
    requester_email: str = "",
    order_number: str,
    now: datetime | None = None,
) -> Ticket | None:
    """The same person's inquiry about the same order that is still open, or was resolved
    within HELPDESK_DUPLICATE_WINDOW_DAYS: offered before a second one is filed. A guest is
    known by their e-mail address (their inquiries as a guest only)."""
    digits = normalise_order_number(order_number)
    if not digits:
        return None
    if requester is not None:
        mine = Q(requester=requester)
    elif requester_email.strip():
        mine = Q(requester__isnull=True, requester_email__iexact=requester_email.strip())
    else:
        return None
    since = (now or timezone.now()) - timedelta(days=settings.HELPDESK_DUPLICATE_WINDOW_DAYS)
    recent = Q(status__in=Ticket.OPEN_STATUSES) | Q(
        status__in=[Ticket.Status.RESOLVED, Ticket.Status.CLOSED], resolved_at__gte=since
    )
    candidates = (
        Ticket.objects.filter(mine, recent, order_number=digits, merged_into__isnull=True)
        .exclude(is_spam=True)
        .with_reference()
    )
    found = list(candidates.order_by("-created_at", "-pk")[:5])
    # An open one first: that is where someone is working on it.
    found.sort(key=lambda ticket: ticket.status not in Ticket.OPEN_STATUSES)
    return found[0] if found else None


def filter_tickets(tickets: QuerySet[Ticket], filters: Mapping[str, Any]) -> QuerySet[Ticket]:
    """Narrow a list by the workspace's filters (already validated)."""
    # Queues and categories by id from the cached reference data: no join to plan.
    queue_ids = {queue.slug: queue.pk for queue in reference.all_queues()}
    category_ids = {category.slug: category.pk for category in reference.all_categories()}
    if filters.get("queue"):
        tickets = tickets.filter(queue_id=queue_ids.get(filters["queue"], 0))
    if filters.get("category"):
        tickets = tickets.filter(category_id=category_ids.get(filters["category"], 0))
    simple = {
        "status": "status",
        "priority": "priority",
        "store": "store__seller_id",
        "channel": "channel",
    }
    for name, lookup in simple.items():
        if filters.get(name):
            tickets = tickets.filter(**{lookup: filters[name]})
    assignee = filters.get("assignee")
    if assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif assignee:
        tickets = tickets.filter(assignee_id=assignee)
    if filters.get("tag"):
        tickets = tickets.filter(
            Exists(
                Ticket.tags.through.objects.filter(ticket=OuterRef("pk"), tag__name=filters["tag"])
            )
        )
    if filters.get("q"):
        tickets = search_tickets(tickets, filters["q"])
    return tickets


@dataclass(frozen=True)
class TicketPage:
    tickets: list[Ticket]
    next_cursor: str | None
    count: int
    count_limit: int = COUNT_LIMIT

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.count_limit


def agent_ticket_list(
    user: User,
    *,
    view: str,
    filters: Mapping[str, Any],
    sort: str,
    after: str = "",
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
) -> TicketPage:
    """One page of a view, filtered and sorted, with a bounded count of the whole list."""
    tickets = filter_tickets(agent_view(user, view, now=now), filters)
    try:
        counted = _bounded_count_column(tickets)
    except EmptyResultSet:  # an agent in no queue: nothing to list
        return TicketPage(tickets=[], next_cursor=None, count=0)
    # The count and each row's tags ride on the page's query: one round trip instead of three.
    ordered: QuerySet[Ticket] = (
        without_joins(tickets)
        .annotate(list_count=counted, tag_list=_tag_names_column())
        .order_by(*SORTS[sort].order_by)
    )
    if after:
        ordered = _after(ordered, sort, after)
    rows = list(ordered[: page_size + 1])
    for row in rows:
        row.tag_names = sorted((row.tag_list or "").split())  # type: ignore[attr-defined]
    if rows:
        count = int(rows[0].list_count)  # type: ignore[attr-defined]
    elif after:  # a page past the end of the list: no row carries its count
        count = bounded_count(tickets)
    else:
        count = 0
    more = len(rows) > page_size
    rows = attach_related(rows[:page_size])
    return TicketPage(
        tickets=rows, next_cursor=cursor_after(rows[-1], sort) if more else None, count=count
    )


# Tag names are slugs: no space ever falls inside one.
TAG_SEPARATOR = " "


def _tag_names_column() -> Subquery:
    """A ticket's tag names joined by TAG_SEPARATOR, in no order (SQLite cannot order an
    aggregate); NULL without tags."""
    tagged = Ticket.tags.through.objects.filter(ticket=OuterRef("pk")).values("ticket")
    names = tagged.annotate(names=StringAgg("tag__name", Value(TAG_SEPARATOR)))
    return Subquery(names.values("names"))  # type: ignore[misc]  # stubs miss the annotation


def _bounded_count_column(tickets: QuerySet[Ticket]) -> RawSQL:
    """bounded_count as a column: PostgreSQL counts once for the whole statement."""
    sql, params = _bounded_count_sql(tickets, COUNT_LIMIT)
    return RawSQL(sql, params, output_field=IntegerField())  # noqa: S611


def _bounded_count_sql(rows: QuerySet[Any], limit: int) -> tuple[str, tuple[Any, ...]]:
    """bounded_count as SQL and its parameters, to embed in a statement; EmptyResultSet
    when nothing can match."""
    sql, params = rows.order_by().values("pk")[: limit + 1].query.sql_with_params()
    # Django compiled sql and left every value in params: nothing is interpolated.
    return f"SELECT COUNT(*) FROM ({sql}) counted", tuple(params)  # noqa: S608


def unread_notification_count(user: User, limit: int = 99) -> int:
    return bounded_count(Notification.objects.filter(recipient=user, read_at__isnull=True), limit)


def agent_notifications(user: User, limit: int = 50) -> list[Notification]:
    return person_notifications(user, limit)


def person_notifications(user: User, limit: int = 50) -> list[Notification]:
    """This person's latest notices (their own only), newest first."""
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("ticket")
        .order_by("-created_at", "-pk")[:limit]
    )


def requester_other_tickets(user: User, ticket: Ticket, limit: int = 10) -> list[Ticket]:
    """The requester's other tickets this agent may see, latest first: what their lines show
    (reference, subject, status; category and queue come from the cached lists)."""
    tickets = (
        without_joins(visible_tickets(user))
        .exclude(pk=ticket.pk)
        .only("reference", "subject", "status", "category", "queue")
    )
    if ticket.requester_id is not None:
        tickets = tickets.filter(requester_id=ticket.requester_id)
    else:
        tickets = tickets.filter(requester_email=ticket.requester_email)
    return list(tickets.order_by("-updated_at", "-pk")[:limit])


def ticket_history(ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor").order_by("created_at", "pk")


def tickets_merged_into(ticket: Ticket, history: Iterable[TicketEvent]) -> list[Ticket]:
    """The duplicates merged into this ticket. Each merge leaves a line in the ticket's
    history (merge_tickets, the only way in), so a ticket without one costs no query."""
    if not any(event.kind == TicketEvent.Kind.MERGED and event.old for event in history):
        return []
    return list(ticket.merged_tickets.order_by("pk"))


def active_macros() -> list[Macro]:
    """Every active canned response with its tags, by name (cached reference data; see
    forget_macros)."""
    return reference.cached_list(
        "macros",
        lambda: list(
            Macro.objects.filter(is_active=True).prefetch_related("add_tags").order_by("name", "pk")
        ),
    )


def forget_macros(**kwargs: Any) -> None:
    """A canned response or a tag changed: the cached list is read again."""
    reference.forget("macros")


def macros_for(ticket: Ticket) -> list[Macro]:
    """Canned responses usable on this ticket: active, for every queue or for its own."""
    return [
        macro
        for macro in active_macros()
        if macro.queue_id is None or macro.queue_id == ticket.queue_id
    ]


def assignable_agents(ticket: Ticket) -> list[User]:
    """Agents of the ticket's queue, plus whoever holds it now."""
    agents = {
        m.user.pk: m.user
        for m in reference.memberships()
        if m.queue_id == ticket.queue_id and m.user.is_agent
    }
    if ticket.assignee_id is not None and ticket.assignee_id not in agents:
        # Held by someone outside the queue: another queue's member (the same cached rows),
        # or, read only then, whoever it is.
        others = {m.user.pk: m.user for m in reference.memberships()}
        holder = others.get(ticket.assignee_id) or ticket.assignee
        if holder is not None:
            agents[holder.pk] = holder
    return sorted(agents.values(), key=str)


@dataclass(frozen=True)
class Clock:
    """The response-time target that runs now on a ticket, as the workspace shows it."""

    label: Any
    due_at: datetime
    remaining: timedelta
    is_paused: bool

    @property
    def is_breached(self) -> bool:
        return self.remaining < timedelta(0)

    @property
    def is_due_soon(self) -> bool:
        return timedelta(0) <= self.remaining < DUE_SOON


def response_clock(ticket: Ticket, *, now: datetime | None = None) -> Clock | None:
    """First response until it is given, then resolution; None once resolved or untimed."""
    if not ticket.is_open:
        return None
    now = now or timezone.now()
    if ticket.first_response_at is None and ticket.first_response_due_at is not None:
        label, due = _("First response due"), ticket.first_response_due_at
    elif ticket.resolution_due_at is not None:
        label, due = _("Resolution due"), ticket.resolution_due_at
    else:
        return None
    return Clock(
        label=label,
        due_at=due,
        remaining=due - now,
        is_paused=ticket.status not in CLOCK_RUNNING,
    )


# --- Expected wait --------------------------------------------------------------------------

EXPECTED_WAIT_DAYS = 30
EXPECTED_WAIT_CACHE_SECONDS = 300
# SQLite has no percentile function: the median of the latest this many answers.
EXPECTED_WAIT_SQLITE_ROWS = 1000
# The online inquiry channel: what people file on the web form or through the API. Chats and
# callbacks have their own measured waits (chat, callbacks).
ONLINE_CHANNELS = (Ticket.Channel.WEB, Ticket.Channel.API)


def expected_wait_min_sample() -> int:
    """Fewer answered inquiries than this and the median says little: the configured figure
    is shown instead (``HELPDESK_EXPECTED_WAIT_MIN_SAMPLE``)."""
    return int(getattr(settings, "HELPDESK_EXPECTED_WAIT_MIN_SAMPLE", 5))


@dataclass(frozen=True)
class ExpectedWait:
    """How long an answer takes, in business minutes: measured (the median of the last 30
    days) or, with too few answers to measure, the configured figure."""

    minutes: int | None
    measured: bool
    sample_size: int


class Median(Aggregate):
    """PostgreSQL's continuous median of a column."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def expected_first_response(category: Category | None = None) -> ExpectedWait:
    """The online inquiry channel's expected wait: the median first response (business minutes,
    as the SLA clock and the reports count them) of the last 30 days, of one category or of
    all; with too few answers the configured figure. The one source of the number the contact
    page, the inquiry form and the API show; cached for a few minutes."""
    key = f"expected-first-response:v2:{category.pk if category is not None else 'all'}"
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


def _measure_first_response(category: Category | None) -> ExpectedWait:
    # first_response_minutes is counted once, when the first answer is given, on the ticket's
    # calendar (tickets.sla); the reports read the same column.
    answered = Ticket.objects.filter(
        channel__in=ONLINE_CHANNELS,
        first_response_minutes__isnull=False,
        first_response_at__gte=timezone.now() - timedelta(days=EXPECTED_WAIT_DAYS),
    )
    if category is not None:
        answered = answered.filter(category=category)
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
    if count >= expected_wait_min_sample() and median is not None:
        return ExpectedWait(minutes=round(median), measured=True, sample_size=count)
    return ExpectedWait(minutes=_configured_wait(category), measured=False, sample_size=count)


def _configured_wait(category: Category | None) -> int | None:
    """A category's normal-priority target; for the channel as a whole, the wait configured on
    the online channel, else the default normal-priority target."""
    if category is None:
        configured = (
            ContactChannel.objects.filter(
                kind=ContactChannel.Kind.ONLINE,
                is_active=True,
                expected_wait_minutes__isnull=False,
            )
            .order_by("sort_order", "pk")
            .values_list("expected_wait_minutes", flat=True)
            .first()
        )
        if configured is not None:
            return configured
    policy = policy_for(category.pk if category is not None else None, Priority.NORMAL)
    return policy.first_response_minutes if policy else None
