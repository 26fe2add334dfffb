"""What the sockets carry, as plain data: the text is sent as written and shown by the page
as text (never as markup), so nothing a person writes can run in another's window."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from tickets.models import Message
from tickets.selectors import author_side

from . import selectors
from .models import Chat


def message_payload(chat: Chat, message: Message) -> dict[str, Any]:
    message.ticket = chat.ticket
    return {
        "chat": chat.key,
        "id": message.pk,
        "side": author_side(message),
        # Requester and agents both see the names in full (tickets.selectors.shown_name).
        "name": message.author_name,
        "body": message.body,
        "at": message.created_at.isoformat(),
        "attachments": [
            {"id": item.pk, "name": item.original_name, "size": item.size_bytes}
            for item in message.attachments.all()
        ],
    }


def requester_state(chat: Chat) -> dict[str, Any]:
    """What the requester's window shows above the conversation."""
    chat.refresh_from_db(fields=["state", "agent", "end_reason", "answered_at"])
    position = selectors.queue_position(chat)
    wait = selectors.measured_chat_wait()
    agent_name = str(chat.agent) if chat.agent_id and chat.agent else ""
    return {
        "type": "state",
        "state": chat.state,
        "position": position,
        "wait_minutes": wait.minutes if chat.state == Chat.State.WAITING else None,
        "wait_measured": wait.measured,
        "agent": agent_name,
        "end_reason": chat.end_reason,
        "status_text": status_text(
            chat, position=position, agent_name=agent_name, wait_minutes=wait.minutes
        ),
    }


def status_text(
    chat: Chat, *, position: int | None, agent_name: str, wait_minutes: int | None = None
) -> str:
    if chat.state == Chat.State.WAITING:
        text = _("You are number %(position)d in line.") % {"position": position or 1}
        if wait_minutes:
            text += " " + ngettext(
                "Expected wait: about %(minutes)d minute.",
                "Expected wait: about %(minutes)d minutes.",
                wait_minutes,
            ) % {"minutes": wait_minutes}
        return text
    if chat.state == Chat.State.ACTIVE:
        return _("You are chatting with %(name)s.") % {"name": agent_name}
    if chat.state == Chat.State.CONVERTED:
        return _(
            "This chat continues as an inquiry: the answer comes by e-mail and in My inquiries."
        )
    return _("This chat has ended. Answers still to come are sent to you by e-mail.")


def chat_summary(chat: Chat) -> dict[str, Any]:
    """A chat in the console's lists."""
    return {
        "chat": chat.key,
        "state": chat.state,
        "reference": chat.ticket.reference,
        "subject": chat.ticket.subject,
        "requester": chat.ticket.requester_display,
        "started_at": chat.started_at.isoformat(),
        "agent": str(chat.agent) if chat.agent_id and chat.agent else "",
    }


def console_state(agent: User) -> dict[str, Any]:
    return {
        "type": "console",
        "status": selectors.availability_of(agent),
        "waiting": [chat_summary(chat) for chat in selectors.waiting_chats(agent)],
        "held": [chat_summary(chat) for chat in selectors.held_chats(agent)],
    }
