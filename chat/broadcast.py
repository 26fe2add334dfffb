"""What the chat tells the sockets, sent once the database has it.

Services write first and call these inside their transaction; the event leaves after commit
(robust: a channel layer that is down costs the live update, never the saved message, and the
windows read the state again at their next heartbeat). Consumers never broadcast a change
themselves: every change, from a socket, a page or the sweep, goes out from here."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def chat_group(chat_id: int) -> str:
    """The requester's window and the agents who hold or watch the chat."""
    return f"chat.{chat_id}"


def queue_group(queue_id: int) -> str:
    """The consoles of the agents of a queue: its waiting line changed."""
    return f"chat-queue.{queue_id}"


def agent_group(agent_id: int) -> str:
    """Every console of one agent: a chat was given to them."""
    return f"chat-agent.{agent_id}"


def _send(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # Redis away: the windows catch up at their next heartbeat
        logger.warning("Chat event %s to %s not delivered", event.get("type"), group, exc_info=True)


def after_commit(group: str, event: dict[str, Any]) -> None:
    transaction.on_commit(partial(_send, group, event), robust=True)


def message(chat_id: int, payload: dict[str, Any]) -> None:
    after_commit(chat_group(chat_id), {"type": "chat.message", "message": payload})


def state_changed(chat_id: int) -> None:
    """Each window reads its own state again (queue position, agent, ended)."""
    after_commit(chat_group(chat_id), {"type": "chat.state", "chat": chat_id})


def queue_changed(queue_id: int) -> None:
    after_commit(queue_group(queue_id), {"type": "queue.changed", "queue": queue_id})


def given_to(agent_id: int, chat_id: int) -> None:
    after_commit(agent_group(agent_id), {"type": "chat.given", "chat": chat_id})
