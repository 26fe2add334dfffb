"""Reads about callbacks: when one may be asked for, who sees the number, which callbacks an
agent works, and the phone channel's measured wait."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from catalog import calendar as business
from catalog.models import BusinessCalendar
from contacts.models import ContactChannel
from tickets.models import Ticket
from tickets.selectors import agent_queue_ids, visible_tickets

from .models import Callback
from .phones import masked_phone

# A phone channel offers callbacks when it is closed, or when its wait is at least this long.
OFFER_WAIT_MINUTES = 10
# "As soon as possible" means within this much of the channel's business time.
ASAP_MINUTES = 30
# Preferred times are offered on the half hour, from this long after now, over a few days.
SLOT_MINUTES = 30
SLOT_LEAD_MINUTES = 15
SLOT_DAYS = 3
LATEST_DAYS = 14
# The measured wait: the median of the last 30 days, once there are enough callbacks.
WAIT_DAYS = 30
WAIT_MIN_SAMPLE = 5


def callback_channels() -> QuerySet[ContactChannel]:
    """The active phone channels: each can take callback requests."""
    return ContactChannel.objects.filter(
        is_active=True, kind=ContactChannel.Kind.PHONE
    ).select_related("calendar")


def offers_callback(
    channel: ContactChannel, *, is_open_now: bool, wait_minutes: int | None
) -> bool:
    """Where the directory shows the phone closed, or its wait long, it offers a callback."""
    if channel.kind != ContactChannel.Kind.PHONE or not channel.is_active:
        return False
    return not is_open_now or (wait_minutes or 0) >= OFFER_WAIT_MINUTES


def inside_hours(calendar: BusinessCalendar | None, moment: datetime) -> datetime:
    """add_business_minutes may land on the closing minute itself: step back into the hours."""
    if business.is_open(calendar, moment):
        return moment
    return moment - timedelta(minutes=1)


def due_at_for(
    calendar: BusinessCalendar | None, *, preferred_at: datetime | None, now: datetime
) -> datetime:
    """When the call is due: the preferred time (already inside the hours), or within
    ASAP_MINUTES of business time from now (or from the next opening)."""
    if preferred_at is not None:
        return preferred_at
    start = business.next_opening(calendar, now)
    if start is None:
        raise business.NeverOpen(getattr(calendar, "name", ""))
    return inside_hours(calendar, business.add_business_minutes(calendar, start, ASAP_MINUTES))


def preferred_slots(calendar: BusinessCalendar | None, *, now: datetime) -> list[datetime]:
    """Times on the half hour inside the channel's hours, over its next SLOT_DAYS open days."""
    step = timedelta(minutes=SLOT_MINUTES)
    moment = now + timedelta(minutes=SLOT_LEAD_MINUTES)
    moment = moment.replace(second=0, microsecond=0)
    if moment.minute % SLOT_MINUTES:
        moment += timedelta(minutes=SLOT_MINUTES - moment.minute % SLOT_MINUTES)
    slots: list[datetime] = []
    days: set[object] = set()
    horizon = now + timedelta(days=LATEST_DAYS)
    while moment < horizon:
        if business.is_open(calendar, moment):
            day = timezone.localtime(moment).date()
            if day not in days and len(days) == SLOT_DAYS:
                break
            days.add(day)
            slots.append(moment)
            moment += step
            continue
        opening = business.next_opening(calendar, moment)
        if opening is None:
            break
        if opening.minute % SLOT_MINUTES or opening.second:
            opening = opening.replace(second=0, microsecond=0) + timedelta(
                minutes=(SLOT_MINUTES - opening.minute % SLOT_MINUTES) % SLOT_MINUTES
            )
        moment = max(opening, moment + step)
    return slots


def preferred_time_problem(
    calendar: BusinessCalendar | None, preferred_at: datetime, *, now: datetime
) -> bool:
    """True when a preferred time cannot be taken: past, too far, or outside the hours."""
    return (
        preferred_at <= now
        or preferred_at > now + timedelta(days=LATEST_DAYS)
        or not business.is_open(calendar, preferred_at)
    )


# --- Who sees what --------------------------------------------------------------------------


def works_callback(callback: Callback, user: User | AnonymousUser | None) -> bool:
    """The callback's agents: its ticket's assignee, and the agents of its ticket's queue."""
    if user is None or not user.is_authenticated or not isinstance(user, User):
        return False
    if not user.is_agent:
        return False
    ticket = callback.ticket
    return ticket.assignee_id == user.pk or ticket.queue_id in agent_queue_ids(user)


def shown_phone(callback: Callback, *, to: User | AnonymousUser | None) -> str:
    """The number in full for the agents who work this callback; masked (010-****-5678) for
    everyone else, the requester and supervisors outside the queue included; a seller
    following the inquiry gets nothing of it at all (not even the last digits)."""
    if works_callback(callback, to):
        return callback.phone
    if isinstance(to, User) and to.is_seller and to.pk != callback.ticket.requester_id:
        return ""
    return masked_phone(callback.phone)


def agent_callbacks(user: User) -> QuerySet[Callback]:
    """The callbacks of the tickets this agent may see (visible_tickets decides)."""
    return Callback.objects.filter(ticket__in=visible_tickets(user).values("pk")).select_related(
        "ticket", "ticket__category", "ticket__assignee", "ticket__requester", "channel"
    )


def waiting_callbacks(user: User) -> QuerySet[Callback]:
    # A ticket closed or resolved meanwhile needs no call any more.
    return (
        agent_callbacks(user)
        .filter(state=Callback.State.WAITING, ticket__status__in=list(Ticket.OPEN_STATUSES))
        .order_by("due_at", "pk")
    )


def recent_callbacks(user: User, *, days: int = 7) -> QuerySet[Callback]:
    since = timezone.now() - timedelta(days=days)
    return (
        agent_callbacks(user)
        .exclude(state=Callback.State.WAITING)
        .filter(created_at__gte=since)
        .order_by("-created_at", "-pk")
    )


def callback_for_ticket(ticket_id: int) -> Callback | None:
    return (
        Callback.objects.filter(ticket_id=ticket_id)
        .select_related("ticket", "channel")
        .prefetch_related("attempts__agent")
        .first()
    )


# --- The measured wait ----------------------------------------------------------------------


@dataclass(frozen=True)
class CallbackWait:
    """How long people waited for the call (business minutes): the median of the last 30 days,
    or, with fewer than WAIT_MIN_SAMPLE callbacks, not measured (minutes None)."""

    minutes: int | None
    measured: bool
    sample_size: int


def measured_callback_wait(channel: ContactChannel) -> CallbackWait:
    """(settings.CONTACTS_MEASURED_PHONE_WAIT) The phone channel's wait from its callbacks."""
    values = list(
        Callback.objects.filter(
            channel=channel,
            source=Callback.Source.REQUESTED,
            wait_minutes__isnull=False,
            first_attempt_at__gte=timezone.now() - timedelta(days=WAIT_DAYS),
        )
        .order_by("-first_attempt_at")
        .values_list("wait_minutes", flat=True)[:1000]
    )
    clean = [value for value in values if value is not None]
    if len(clean) < WAIT_MIN_SAMPLE:
        return CallbackWait(minutes=None, measured=False, sample_size=len(clean))
    return CallbackWait(
        minutes=max(1, round(statistics.median(clean))), measured=True, sample_size=len(clean)
    )
