"""The chat's WebSockets: the requester's window (``/ws/chat/<key>/``) and the agent's console
(``/ws/agent/chat/``). They parse and call ``services``; the services write, then broadcast.

Scoping is decided at connect, by the same selectors the pages use: a requester joins only
their own chat (their account, or a guest's signed token), an agent only chats of their
queues. Anything else is refused before the socket is accepted, like a chat that does not
exist."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation

from accounts.models import User
from catalog import reference
from helpdesk import ratelimit
from helpdesk.errors import DomainError

from . import broadcast, selectors, services
from .models import Chat
from .payloads import console_state, message_payload, requester_state

# Database work runs in a pool of threads, each with its own connection, not all in the one
# thread Django's sync code shares by default: one slow write must not queue every window.
db = partial(database_sync_to_async, thread_sensitive=False)

REFUSED = 4404  # the chat is not theirs, or does not exist: the same answer
BODY_MAX = 2000


def _limited(key: str) -> int:
    """Seconds to wait when this side of the chat writes too fast, else 0."""
    try:
        return int(ratelimit.hit(ratelimit.limit("chat-message"), key))
    except Exception:  # the cache away: write on, uncounted (the message must be saved)
        return 0


def _language(scope: dict[str, Any], user: Any) -> str:
    """The language the person's pages are in: the one they picked (the language cookie),
    else their account's, else their browser's; Korean by default."""
    from django.conf import settings

    headers = dict(scope.get("headers", []))
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        key, _sep, code = part.strip().partition("=")
        if key == settings.LANGUAGE_COOKIE_NAME and code in ("ko", "en"):
            return str(code)
    preferred = getattr(user, "preferred_language", "") if user is not None else ""
    if preferred in ("ko", "en"):
        return str(preferred)
    if headers.get(b"accept-language", b"").decode("latin-1").lower().startswith("en"):
        return "en"
    return "ko"


class ChatSocket(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    """What both sockets share: who is connected, their language, errors said in it."""

    user: User | None
    language: str

    def _person(self) -> User | None:
        user = self.scope.get("user")
        return user if isinstance(user, User) and user.is_authenticated else None

    async def error(self, message: str, **extra: Any) -> None:
        await self.send_json({"type": "error", "message": message, **extra})

    async def call(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        """A service call in the person's language; a broken rule is told, not raised."""

        def run() -> Any:
            with translation.override(self.language):
                return function(*args, **kwargs)

        try:
            return await db(run)()
        except DomainError as refusal:
            await self.error(str(refusal))
            return None

    async def too_fast(self, key: str) -> bool:
        retry_after = await db(_limited)(key)
        if retry_after:
            with translation.override(self.language):
                text = translation.gettext("You are writing too fast. Wait a moment.")
            await self.error(text, code="rate_limited", retry_after=retry_after)
        return bool(retry_after)


class RequesterConsumer(ChatSocket):
    chat: Chat | None = None

    async def connect(self) -> None:
        self.user = self._person()
        self.language = _language(self.scope, self.user)
        key = str(self.scope["url_route"]["kwargs"]["key"])
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [""])[0]
        self.chat = await db(selectors.chat_for_requester)(self.scope.get("user"), key, token)
        if self.chat is None:
            await self.close(code=REFUSED)
            return
        self.group = broadcast.chat_group(self.chat.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_snapshot()

    async def disconnect(self, code: int) -> None:
        if self.chat is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    def _snapshot(self) -> dict[str, Any]:
        assert self.chat is not None  # noqa: S101
        with translation.override(self.language):
            state = requester_state(self.chat)
            state["messages"] = [
                message_payload(self.chat, message) for message in selectors.transcript(self.chat)
            ]
        return state

    def _state(self) -> dict[str, Any]:
        assert self.chat is not None  # noqa: S101
        with translation.override(self.language):
            return requester_state(self.chat)

    async def send_snapshot(self) -> None:
        await self.send_json(await db(self._snapshot)())

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.chat is None or not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "message":
            body = str(content.get("body", ""))[:BODY_MAX]
            if not body.strip() or await self.too_fast(f"requester:{self.chat.pk}"):
                return
            await self.call(services.post_message, self.chat, by=self.user, body=body)
        elif kind == "typing":
            await self.channel_layer.group_send(
                self.group,
                {
                    "type": "chat.typing",
                    "chat": self.chat.pk,
                    "side": "buyer",
                    "typing": bool(content.get("typing")),
                    "sender": self.channel_name,
                },
            )
        elif kind == "ping":
            await db(services.requester_seen)(self.chat)
            await self.send_json(await db(self._state)())
        elif kind == "resync":
            await self.send_snapshot()
        elif kind == "leave":
            await self.call(services.end_chat, self.chat, reason=Chat.EndReason.LEFT)

    # Events from the channel layer.
    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", **event["message"]})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event.get("sender") != self.channel_name and event.get("side") != "buyer":
            await self.send_json(
                {"type": "typing", "side": event["side"], "typing": event["typing"]}
            )

    async def chat_state(self, event: dict[str, Any]) -> None:
        await self.send_json(await db(self._state)())


class AgentConsumer(ChatSocket):
    """One socket per console: the waiting line of the agent's queues, the chats they hold
    or watch, their heartbeat and availability."""

    agent: User | None = None

    async def connect(self) -> None:
        self.user = self._person()
        if self.user is None or not self.user.is_agent:
            await self.close(code=REFUSED)
            return
        self.agent = self.user
        self.language = _language(self.scope, self.user)
        self.groups_joined: set[str] = set()
        self.watching: dict[int, str] = {}  # chat id: key
        queue_ids, held = await db(self._start)()
        for queue_id in queue_ids:
            await self.join(broadcast.queue_group(queue_id))
        await self.join(broadcast.agent_group(self.user.pk))
        for chat_id, key in held:
            await self.join(broadcast.chat_group(chat_id))
            self.watching[chat_id] = key
        await self.accept()
        await self.send_console()

    def _start(self) -> tuple[list[int], list[tuple[int, str]]]:
        assert self.agent is not None  # noqa: S101
        from tickets.selectors import agent_queues

        services.heartbeat(self.agent)
        queues = (
            [queue.pk for queue in reference.all_queues()]
            if self.agent.is_supervisor
            else [queue.pk for queue in agent_queues(self.agent)]
        )
        held = [(chat.pk, chat.key) for chat in selectors.held_chats(self.agent)]
        return queues, held

    async def join(self, group: str) -> None:
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.add(group)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", set()):
            await self.channel_layer.group_discard(group, self.channel_name)

    def _console(self) -> dict[str, Any]:
        assert self.agent is not None  # noqa: S101
        with translation.override(self.language):
            return console_state(self.agent)

    async def send_console(self) -> None:
        await self.send_json(await db(self._console)())

    def _chat(self, key: Any) -> Chat | None:
        assert self.agent is not None  # noqa: S101
        return selectors.chat_for_agent(self.agent, str(key or ""))

    def _transcript(self, chat: Chat) -> dict[str, Any]:
        return {
            "type": "transcript",
            "chat": chat.key,
            "state": chat.state,
            "messages": [message_payload(chat, m) for m in selectors.transcript(chat)],
        }

    async def watch(self, chat: Chat) -> None:
        await self.join(broadcast.chat_group(chat.pk))
        self.watching[chat.pk] = chat.key
        await self.send_json(await db(self._transcript)(chat))

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.agent is None or not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "heartbeat":
            await db(services.heartbeat)(self.agent)
            await self.send_console()
            return
        if kind == "status":
            if await self.call(services.set_availability, self.agent, str(content.get("status"))):
                await self.send_console()
            return
        chat = await db(self._chat)(content.get("chat"))
        if chat is None:
            with translation.override(self.language):
                await self.error(translation.gettext("This chat is not in your queues."))
            return
        if kind == "watch":
            await self.watch(chat)
        elif kind == "accept":
            if await self.call(services.accept_chat, chat, agent=self.agent):
                await self.watch(chat)
        elif kind == "message":
            body = str(content.get("body", ""))[:BODY_MAX]
            if body.strip() and not await self.too_fast(f"agent:{self.agent.pk}:{chat.pk}"):
                await self.call(services.post_message, chat, by=self.agent, body=body)
        elif kind == "typing":
            await self.channel_layer.group_send(
                broadcast.chat_group(chat.pk),
                {
                    "type": "chat.typing",
                    "chat": chat.pk,
                    "side": "help_center",
                    "typing": bool(content.get("typing")),
                    "sender": self.channel_name,
                },
            )
        elif kind == "end":
            await self.call(services.end_chat, chat, reason=Chat.EndReason.AGENT, by=self.agent)

    # Events from the channel layer.
    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", **event["message"]})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event.get("sender") != self.channel_name and event.get("side") == "buyer":
            key = self.watching.get(int(event["chat"]))
            if key:
                await self.send_json(
                    {"type": "typing", "chat": key, "side": "buyer", "typing": event["typing"]}
                )

    async def chat_state(self, event: dict[str, Any]) -> None:
        await self.send_console()

    async def queue_changed(self, event: dict[str, Any]) -> None:
        await self.send_console()

    async def chat_given(self, event: dict[str, Any]) -> None:
        chat = await db(
            lambda: Chat.objects.select_related("ticket").filter(pk=event["chat"]).first()
        )()
        if chat is not None:
            await self.watch(chat)
        await self.send_console()
