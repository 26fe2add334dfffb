"""Reads about chats: who may join which, who is there to answer, the waiting line, and the
measured figures (wait, answered, missed) the contact directory and the reports show."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from catalog import calendar as business
from catalog.models import Category, Queue
from contacts.models import ContactChannel
from tickets.models import Message
from tickets.selectors import agent_queue_ids

from .models import Availability, Chat

GUEST_SALT = "chat.guest"
# A guest's signed token opens their chat for this long (a chat lasts minutes).
GUEST_TOKEN_SECONDS = 24 * 3600
# The measured wait: the median of the last 30 days, once there are enough answered chats.
WAIT_DAYS = 30
WAIT_MIN_SAMPLE = 5


# --- Who joins which chat ------------------------------------------------------------------


def guest_token(chat: Chat) -> str:
    """What a guest's browser holds to join their chat: the chat's random key, signed."""
    return signing.dumps(chat.key, salt=GUEST_SALT, compress=False)


def chat_for_guest(token: str) -> Chat | None:
    if not token or len(token) > 200:
        return None
    try:
        key = signing.loads(token, salt=GUEST_SALT, max_age=GUEST_TOKEN_SECONDS)
    except signing.BadSignature:
        return None
    return (
        Chat.objects.select_related("ticket", "agent")
        .filter(key=str(key), requester__isnull=True)
        .first()
    )


def chat_for_requester(user: User | AnonymousUser, key: str, token: str = "") -> Chat | None:
    """The chat ``key`` if this person asked it: their account, or a guest's signed token.
    Anybody else's chat is None, exactly like a chat that does not exist."""
    if user.is_authenticated:
        chat = (
            Chat.objects.select_related("ticket", "agent").filter(key=key, requester=user).first()
        )
        if chat is not None:
            return chat
    if token:
        chat = chat_for_guest(token)
        if chat is not None and chat.key == key:
            return chat
    return None


def live_chat_of(user: User | None, guest_tokens: dict[str, str]) -> Chat | None:
    """The person's chat still going on, to take them back to it rather than start another."""
    live = Chat.objects.filter(state__in=Chat.LIVE_STATES)
    if user is not None:
        chat = live.filter(requester=user).order_by("-started_at").first()
        if chat is not None:
            return chat
    for key, token in guest_tokens.items():
        chat = chat_for_guest(str(token))
        if chat is not None and chat.key == key and chat.is_live:
            return chat
    return None


def agent_chats(user: User) -> QuerySet[Chat]:
    """The chats an agent may see and join: those of their queues (supervisors: all)."""
    chats = Chat.objects.select_related("ticket", "agent", "requester")
    if not user.is_agent:
        return chats.none()
    if user.is_supervisor:
        return chats
    return chats.filter(queue_id__in=agent_queue_ids(user))


def chat_for_agent(user: User, key: str) -> Chat | None:
    return agent_chats(user).filter(key=key).first()


# --- Who is there to answer -----------------------------------------------------------------


def fresh_after(now: datetime | None = None) -> datetime:
    """Heartbeats older than this no longer count: the agent has vanished."""
    return (now or timezone.now()) - timedelta(seconds=settings.CHAT_AGENT_TIMEOUT_SECONDS)


def online_agent_ids(*, now: datetime | None = None) -> set[int]:
    return set(
        Availability.objects.filter(
            status=Availability.Status.ONLINE, seen_at__gte=fresh_after(now)
        ).values_list("agent_id", flat=True)
    )


def availability_of(user: User, *, now: datetime | None = None) -> str:
    """The status the agent shows now: online only with a fresh heartbeat."""
    row = Availability.objects.filter(agent=user).first()
    if row is None:
        return Availability.Status.OFFLINE
    if row.status == Availability.Status.ONLINE and (
        row.seen_at is None or row.seen_at < fresh_after(now)
    ):
        return Availability.Status.OFFLINE
    return row.status


def live_chat_counts(agent_ids: set[int]) -> dict[int, int]:
    rows = (
        Chat.objects.filter(agent_id__in=agent_ids, state=Chat.State.ACTIVE)
        .values("agent_id")
        .annotate(count=Count("pk"))
    )
    return {row["agent_id"]: row["count"] for row in rows}


def has_capacity(user: User) -> bool:
    held = Chat.objects.filter(agent=user, state=Chat.State.ACTIVE).count()
    return bool(held < settings.CHAT_MAX_PER_AGENT)


def agents_with_capacity(queue: Queue | None = None, *, now: datetime | None = None) -> list[int]:
    """Online agents (of ``queue``, or of any queue) holding fewer chats than the limit."""
    online = online_agent_ids(now=now)
    if queue is not None:
        members = set(queue.memberships.values_list("user_id", flat=True))
        supervisors = set(
            User.objects.filter(pk__in=online, role=User.Role.SUPERVISOR).values_list(
                "pk", flat=True
            )
        )
        online &= members | supervisors
    counts = live_chat_counts(online)
    return sorted(pk for pk in online if counts.get(pk, 0) < settings.CHAT_MAX_PER_AGENT)


def chat_channel() -> ContactChannel | None:
    return (
        ContactChannel.objects.filter(is_active=True, kind=ContactChannel.Kind.CHAT)
        .select_related("calendar")
        .order_by("sort_order", "slug")
        .first()
    )


@dataclass(frozen=True)
class ChatOffer:
    """Whether the chat button shows now, and why not when it does not."""

    is_available: bool
    is_open: bool
    channel: ContactChannel | None


def chat_offer(*, now: datetime | None = None) -> ChatOffer:
    """Chat is offered while its channel is open by its hours and an agent is online with
    room for one more chat; otherwise people are sent to the inquiry form."""
    now = now or timezone.now()
    channel = chat_channel()
    if channel is None:
        return ChatOffer(False, False, None)
    is_open = business.is_open(channel.calendar, now)
    is_available = is_open and bool(agents_with_capacity(now=now))
    return ChatOffer(is_available, is_open, channel)


def chat_categories() -> list[Category]:
    """The situations the chat channel serves (every active one when it names none)."""
    channel = chat_channel()
    categories = Category.objects.filter(is_active=True)
    if channel is not None and channel.categories.exists():
        categories = categories.filter(channels=channel)
    return list(categories.order_by("sort_order", "pk"))


# --- The waiting line -----------------------------------------------------------------------


def queue_position(chat: Chat) -> int | None:
    """1 for the next chat to be taken in its queue; None once an agent has it."""
    if chat.state != Chat.State.WAITING:
        return None
    ahead = Chat.objects.filter(
        queue_id=chat.queue_id, state=Chat.State.WAITING, started_at__lt=chat.started_at
    ).count()
    return ahead + 1


def waiting_chats(user: User) -> list[Chat]:
    """The chats waiting in this agent's queues, oldest first (the order they are offered)."""
    return list(agent_chats(user).filter(state=Chat.State.WAITING).order_by("started_at", "pk"))


def held_chats(user: User) -> list[Chat]:
    return list(
        Chat.objects.select_related("ticket", "requester")
        .filter(agent=user, state=Chat.State.ACTIVE)
        .order_by("accepted_at", "pk")
    )


def transfer_targets(chat: Chat, *, by: User) -> list[User]:
    """Online agents of the chat's queue, other than its holder, with room for one more."""
    ids = [pk for pk in agents_with_capacity(chat.queue) if pk not in (by.pk, chat.agent_id)]
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "pk"))


def transcript(chat: Chat) -> QuerySet[Message]:
    """The chat's lines: the ticket's public messages, in order, with their files."""
    return (
        chat.ticket.messages.filter(visibility=Message.Visibility.PUBLIC)
        .select_related("author", "ticket")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


# --- Measured -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChatWait:
    """The chat channel's wait in minutes: measured (the median first answer of the last
    30 days) once there are enough answered chats."""

    minutes: int | None
    measured: bool
    sample_size: int


def first_answer_seconds(*, since: datetime, until: datetime | None = None) -> list[int]:
    chats = Chat.objects.filter(answered_at__gte=since, first_answer_seconds__isnull=False)
    if until is not None:
        chats = chats.filter(answered_at__lt=until)
    return [
        seconds
        for seconds in chats.values_list("first_answer_seconds", flat=True)
        if seconds is not None
    ]


def measured_chat_wait(channel: ContactChannel | None = None) -> ChatWait:
    """How long people waited for the first answer in chat, for the contact directory and the
    chat window (the configured wait until enough chats were answered)."""
    values = first_answer_seconds(since=timezone.now() - timedelta(days=WAIT_DAYS))
    if len(values) >= WAIT_MIN_SAMPLE:
        minutes = max(1, round(statistics.median(values) / 60))
        return ChatWait(minutes=minutes, measured=True, sample_size=len(values))
    channel = channel or chat_channel()
    configured = channel.expected_wait_minutes if channel is not None else None
    return ChatWait(minutes=configured, measured=False, sample_size=len(values))


@dataclass(frozen=True)
class ChatFigures:
    """The reports' chat figures for a period."""

    waiting_now: int
    started: int
    answered: int
    missed: int
    median_first_answer_seconds: int | None
    p90_first_answer_seconds: int | None


def chat_figures(
    *, since: datetime, until: datetime, queue_ids: list[int] | None = None
) -> ChatFigures:
    """Chats started in the period (of these queues: an agent's report shows theirs)."""
    chats = Chat.objects.all() if queue_ids is None else Chat.objects.filter(queue_id__in=queue_ids)
    started = chats.filter(started_at__gte=since, started_at__lt=until)
    counts = started.aggregate(
        started=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        missed=Count("pk", filter=Q(answered_at__isnull=True, ended_at__isnull=False)),
    )
    seconds = sorted(
        value
        for value in started.filter(first_answer_seconds__isnull=False).values_list(
            "first_answer_seconds", flat=True
        )
        if value is not None
    )
    median = round(statistics.median(seconds)) if seconds else None
    p90 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.9))] if seconds else None
    return ChatFigures(
        waiting_now=chats.filter(state=Chat.State.WAITING).count(),
        started=counts["started"],
        answered=counts["answered"],
        missed=counts["missed"],
        median_first_answer_seconds=median,
        p90_first_answer_seconds=p90,
    )
