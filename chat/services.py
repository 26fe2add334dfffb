"""Every change to a chat, in one place: the sockets, the pages and the sweep call these.

A chat is a ticket (channel ``chat``) opened and continued through ``tickets.services``: its
lines are the ticket's public messages, its history the ticket's. What is written here is
written before anything is broadcast (``broadcast`` sends after commit)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from catalog.models import Category
from helpdesk.errors import DomainError
from helpdesk.text import one_line
from tickets import notifications
from tickets import services as tickets
from tickets.models import Message, Ticket

from . import broadcast, offer, selectors
from .models import Availability, Chat
from .payloads import message_payload

logger = logging.getLogger(__name__)


class ChatError(DomainError):
    pass


class ChatUnavailable(ChatError):
    pass


class ChatEnded(ChatError):
    pass


class AtCapacity(ChatError):
    pass


class ChatTaken(ChatError):
    pass


class NotAllowed(ChatError):
    pass


def _subject(body: str) -> str:
    first = one_line(body).strip()
    if len(first) > 60:
        first = first[:59] + "…"
    return _("Chat: %(text)s") % {"text": first}


def start_chat(
    *,
    requester: User | None,
    category: Category,
    body: str,
    requester_name: str = "",
    requester_email: str = "",
    details: dict[str, object] | None = None,
) -> Chat:
    """Open a chat: a ticket with channel ``chat`` whose first message is the requester's
    first line, waiting in its queue (by the routing rules) for an online agent. Refused when
    the channel is closed or no agent has room for it: the inquiry form takes it then."""
    if requester is not None and requester.is_agent:
        raise NotAllowed(_("Agents answer chats from the chat console."))
    if not selectors.chat_offer().is_available:
        raise ChatUnavailable(
            _("No agent can take a chat right now. Write an inquiry instead: it keeps its place.")
        )
    with transaction.atomic():
        intake = tickets.open_ticket(
            requester=requester,
            category=category,
            subject=_subject(body),
            body=body,
            requester_name=requester_name,
            requester_email=requester_email,
            details={
                key: value for key, value in (details or {}).items() if value not in ("", None)
            },
            channel=Ticket.Channel.CHAT,
            auto_assign=False,
        )
        ticket = intake.ticket
        chat = Chat.objects.create(
            key=secrets.token_urlsafe(24),
            ticket=ticket,
            queue_id=ticket.queue_id,
            requester=requester,
            language=(translation.get_language() or "ko")[:2],
            started_at=ticket.created_at,
            last_activity_at=ticket.created_at,
            requester_seen_at=ticket.created_at,
        )
        broadcast.queue_changed(chat.queue_id)
    return chat


def _forget_offer() -> None:
    """The chat button's copy is dropped now and again at commit: a page rendered in between
    could have cached the state before this change."""
    offer.forget()
    transaction.on_commit(offer.forget)


def _locked(chat: Chat) -> Chat:
    return Chat.objects.select_for_update().select_related("ticket").get(pk=chat.pk)


def post_message(
    chat: Chat,
    *,
    by: User | None,
    body: str,
    attachments: Sequence[UploadedFile[bytes]] = (),
) -> Message:
    """A line in the chat: the requester's (``by`` None for a guest) while the chat is live,
    the agent's who holds it. Written as the ticket's public message; the first agent line is
    the chat's answer (timed from the start). An agent's line after the requester left waits
    for the batch e-mail instead of a mail of its own."""
    is_agent = by is not None and by.is_agent
    with transaction.atomic():
        chat = _locked(chat)
        if is_agent:
            assert by is not None  # noqa: S101  (narrows for mypy)
            if chat.state == Chat.State.CONVERTED:
                raise ChatEnded(_("This chat is now an inquiry: answer it on the ticket page."))
            if chat.agent_id != by.pk:
                raise NotAllowed(_("Take the chat before you write in it."))
        elif not chat.is_live:
            raise ChatEnded(_("This chat has ended. Your inquiry is kept in My inquiries."))
        message = tickets.add_message(
            chat.ticket, by=by, body=body, attachments=attachments, notify=False
        )
        now = message.created_at
        chat.last_activity_at = now
        fields = ["last_activity_at"]
        if is_agent and chat.answered_at is None:
            chat.answered_at = now
            chat.first_answer_seconds = max(0, int((now - chat.started_at).total_seconds()))
            fields += ["answered_at", "first_answer_seconds"]
        if not is_agent:
            chat.requester_seen_at = now
            fields.append("requester_seen_at")
        if is_agent and chat.state == Chat.State.ENDED and chat.batch_due_at is None:
            chat.batch_due_at = now + timedelta(seconds=settings.CHAT_BATCH_SECONDS)
            fields.append("batch_due_at")
        chat.save(update_fields=fields)
        broadcast.message(chat.pk, message_payload(chat, message))
    return message


def _availability(agent: User) -> Availability:
    row, _created = Availability.objects.select_for_update().get_or_create(agent=agent)
    return row


@transaction.atomic
def set_availability(agent: User, status: str) -> Availability:
    """Online, away or offline, as the agent chooses; online counts while heartbeats come."""
    if not agent.is_agent:
        raise NotAllowed(_("Only agents take chats."))
    if status not in Availability.Status.values:
        raise ChatError(_("Unknown status."))
    row = _availability(agent)
    now = timezone.now()
    row.status, row.seen_at, row.changed_at = status, now, now
    row.save(update_fields=["status", "seen_at", "changed_at"])
    _forget_offer()
    if status != Availability.Status.ONLINE:
        _return_chats_of(agent, reason_offline=True)
    return row


def heartbeat(agent: User) -> None:
    """The console is still open: the agent keeps counting as online."""
    now = timezone.now()
    updated = Availability.objects.filter(agent=agent).update(seen_at=now)
    if not updated:
        Availability.objects.get_or_create(agent=agent, defaults={"seen_at": now})
    offer.forget()


def requester_seen(chat: Chat) -> None:
    """The requester's window is still open."""
    Chat.objects.filter(pk=chat.pk, state__in=Chat.LIVE_STATES).update(
        requester_seen_at=timezone.now()
    )


def _notify_waiting(queue_id: int) -> None:
    """Waiting windows in this queue read their position again; the consoles their lists."""
    for chat_id in Chat.objects.filter(queue_id=queue_id, state=Chat.State.WAITING).values_list(
        "pk", flat=True
    ):
        broadcast.state_changed(chat_id)
    broadcast.queue_changed(queue_id)


def _check_agent(chat: Chat, agent: User) -> None:
    if selectors.chat_for_agent(agent, chat.key) is None:
        raise NotAllowed(_("This chat is not in your queues."))
    if selectors.availability_of(agent) != Availability.Status.ONLINE:
        raise ChatError(_("Go online to take chats."))
    if not selectors.has_capacity(agent):
        raise AtCapacity(
            _("You already hold %(count)d chats. End one before you take another.")
            % {"count": settings.CHAT_MAX_PER_AGENT}
        )


def accept_chat(chat: Chat, *, agent: User) -> Chat:
    """An agent of the chat's queue, online and under the limit, takes a waiting chat; two
    agents taking it at once get it once (a conditional update)."""
    with transaction.atomic():
        # Serialises this agent's takes: two at once must not both pass the capacity check.
        _availability(agent)
        _check_agent(chat, agent)
        now = timezone.now()
        taken = Chat.objects.filter(pk=chat.pk, state=Chat.State.WAITING).update(
            state=Chat.State.ACTIVE, agent=agent, accepted_at=now
        )
        if taken != 1:
            raise ChatTaken(_("Another agent has taken this chat."))
        chat = Chat.objects.select_related("ticket").get(pk=chat.pk)
        tickets.assign_ticket(chat.ticket, by=agent, assignee=agent, reason=_("Took the chat"))
        broadcast.given_to(agent.pk, chat.pk)
        broadcast.state_changed(chat.pk)
        _notify_waiting(chat.queue_id)
        _forget_offer()
    return chat


def transfer_chat(chat: Chat, *, by: User, to: User) -> Chat:
    """The holder (or a supervisor) hands a live chat to another online agent of its queue
    who has room for it."""
    with transaction.atomic():
        chat = _locked(chat)
        if not chat.is_live or chat.state != Chat.State.ACTIVE:
            raise ChatEnded(_("Only a chat in conversation can be transferred."))
        if chat.agent_id != by.pk and not by.is_supervisor:
            raise NotAllowed(_("Only the agent who holds the chat can transfer it."))
        if to.pk == chat.agent_id:
            raise ChatError(_("This agent already holds the chat."))
        _availability(to)
        _check_agent(chat, to)
        chat.agent = to
        chat.save(update_fields=["agent"])
        tickets.assign_ticket(chat.ticket, by=by, assignee=to, reason=_("Chat transferred"))
        broadcast.given_to(to.pk, chat.pk)
        broadcast.state_changed(chat.pk)
        broadcast.queue_changed(chat.queue_id)
        _forget_offer()
    return chat


def _end(chat: Chat, *, reason: str, at: datetime) -> None:
    """The one place a live chat ends (no save of the ticket here): answered, the ticket
    waits on the requester; never answered, it stays new in its queue, as any inquiry."""
    chat.state = Chat.State.CONVERTED if reason == Chat.EndReason.CONVERTED else Chat.State.ENDED
    chat.ended_at, chat.end_reason = at, reason
    chat.save(update_fields=["state", "ended_at", "end_reason"])
    ticket = chat.ticket
    if (
        reason != Chat.EndReason.CONVERTED
        and chat.answered_at is not None
        and chat.agent is not None
        and ticket.status in (Ticket.Status.NEW, Ticket.Status.OPEN)
    ):
        tickets.change_status(
            ticket,
            by=chat.agent,
            status=Ticket.Status.PENDING,
            reason=str(Chat.EndReason(reason).label),
        )
    broadcast.state_changed(chat.pk)
    _notify_waiting(chat.queue_id)
    _forget_offer()


def end_chat(chat: Chat, *, reason: str, by: User | None = None) -> Chat:
    """The requester leaves (or their window is gone), the agent ends it, or it idles out."""
    with transaction.atomic():
        chat = _locked(chat)
        if not chat.is_live:
            return chat
        if (
            by is not None
            and by.is_agent
            and chat.agent_id not in (by.pk, None)
            and not by.is_supervisor
        ):
            raise NotAllowed(_("Only the agent who holds the chat can end it."))
        _end(chat, reason=reason, at=timezone.now())
    return chat


def convert_chat(chat: Chat, *, by: User) -> Chat:
    """Turn a live chat into a normal inquiry: the conversation stops, the ticket stays open
    with this agent, and later answers reach the requester by e-mail as any answer does."""
    with transaction.atomic():
        chat = _locked(chat)
        if not chat.is_live:
            raise ChatEnded(_("This chat has already ended."))
        if chat.agent_id != by.pk and not by.is_supervisor:
            raise NotAllowed(_("Take the chat before you turn it into an inquiry."))
        if chat.ticket.assignee_id is None:
            tickets.assign_ticket(chat.ticket, by=by, assignee=by)
        if chat.ticket.status == Ticket.Status.NEW:
            tickets.change_status(chat.ticket, by=by, status=Ticket.Status.OPEN)
        _end(chat, reason=Chat.EndReason.CONVERTED, at=timezone.now())
    return chat


def _return_chats_of(agent: User, *, reason_offline: bool) -> int:
    """The chats of an agent who went away or vanished wait in their queue again."""
    returned = 0
    for chat in Chat.objects.filter(agent=agent, state=Chat.State.ACTIVE):
        Chat.objects.filter(pk=chat.pk, state=Chat.State.ACTIVE, agent=agent).update(
            state=Chat.State.WAITING, agent=None, accepted_at=None
        )
        broadcast.state_changed(chat.pk)
        _notify_waiting(chat.queue_id)
        returned += 1
    return returned


# --- The sweep ------------------------------------------------------------------------------


def expire_agents(now: datetime | None = None) -> int:
    """Agents whose console stopped its heartbeat go offline; their chats wait again."""
    now = now or timezone.now()
    stale = Availability.objects.filter(
        status=Availability.Status.ONLINE, seen_at__lt=selectors.fresh_after(now)
    ).select_related("agent")
    count = 0
    for row in stale:
        with transaction.atomic():
            claimed = Availability.objects.filter(
                pk=row.pk, status=Availability.Status.ONLINE, seen_at=row.seen_at
            ).update(status=Availability.Status.OFFLINE, changed_at=now)
            if claimed:
                _return_chats_of(row.agent, reason_offline=True)
                _forget_offer()
                count += 1
    return count


def end_abandoned_chats(now: datetime | None = None) -> int:
    """Live chats whose requester's window is gone, and conversations idle too long, end."""
    now = now or timezone.now()
    gone = now - timedelta(seconds=settings.CHAT_REQUESTER_TIMEOUT_SECONDS)
    idle = now - timedelta(minutes=settings.CHAT_IDLE_MINUTES)
    ended = 0
    for chat in Chat.objects.filter(state__in=Chat.LIVE_STATES, requester_seen_at__lt=gone):
        end_chat(chat, reason=Chat.EndReason.GONE)
        ended += 1
    for chat in Chat.objects.filter(state=Chat.State.ACTIVE, last_activity_at__lt=idle):
        end_chat(chat, reason=Chat.EndReason.IDLE)
        ended += 1
    return ended


def send_answer_batches(now: datetime | None = None) -> int:
    """Answers written after the requester left go out in one e-mail per chat, once: the
    batch is claimed by a conditional update, so two sweeps never send it twice."""
    now = now or timezone.now()
    sent = 0
    for chat in Chat.objects.filter(batch_due_at__lte=now).select_related("ticket"):
        with transaction.atomic():
            claimed = Chat.objects.filter(pk=chat.pk, batch_due_at=chat.batch_due_at).update(
                batch_due_at=None
            )
            if not claimed:
                continue
            answers = list(
                chat.ticket.messages.filter(
                    visibility=Message.Visibility.PUBLIC,
                    kind=Message.Kind.REPLY,
                    pk__gt=chat.emailed_through,
                    created_at__gte=chat.ended_at or chat.started_at,
                )
                .exclude(author_id=chat.ticket.requester_id)
                .exclude(author__isnull=True)
                .order_by("created_at", "pk")
            )
            if not answers:
                continue
            Chat.objects.filter(pk=chat.pk).update(emailed_through=answers[-1].pk)
            notifications.send_to_requester(
                chat.ticket,
                "chat_answers",
                dedupe_key=f"chat-answers:{chat.pk}:{answers[-1].pk}",
                answers=answers,
            )
            sent += 1
    return sent


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "agents_expired": expire_agents(now),
        "chats_ended": end_abandoned_chats(now),
        "batches_sent": send_answer_batches(now),
    }
