"""Over real WebSockets, against two running daphne servers sharing the Redis channel layer:
a buyer's window on one, the agent's console on the other, and every line crosses through
Redis (the web processes scale out on the same Redis)."""

import asyncio
import json
import os
import uuid

import pytest
from asgiref.sync import async_to_sync
from django.test import Client

from chat import services
from chat.models import Chat
from contacts.models import ContactChannel
from tests.chat.conftest import start
from tests.chat.server import daphne

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: no real Redis channel layer"),
    pytest.mark.django_db(transaction=True),
]


def cookie_of(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def next_of(connection, kind, **match):
    while True:
        data = json.loads(await asyncio.wait_for(connection.recv(), timeout=10))
        if data.get("type") == kind and all(data.get(k) == v for k, v in match.items()):
            return data


def test_a_chat_across_two_servers_on_the_redis_layer(people, reference_data, settings, tmp_path):
    from websockets.asyncio.client import connect

    # The servers run on the real clock: the chat channel is open at any hour here.
    ContactChannel.objects.filter(kind="chat").update(calendar=None)
    agent, buyer = people["agent"], people["buyer"]
    services.set_availability(agent, "online")
    chat = start(people, reference_data, body="주문한 상품이 안 와요")
    prefix = f"chat-itest-{uuid.uuid4().hex[:8]}"
    headers = {"Origin": "http://127.0.0.1"}
    buyer_headers = {**headers, "Cookie": cookie_of(buyer)}
    agent_headers = {**headers, "Cookie": cookie_of(agent)}

    with (
        daphne(settings, tmp_path, redis_url=REDIS_URL, prefix=prefix) as one,
        daphne(settings, tmp_path, redis_url=REDIS_URL, prefix=prefix) as two,
    ):

        async def scenario():
            window_url = one.replace("http", "ws") + f"/ws/chat/{chat.key}/"
            console_url = two.replace("http", "ws") + "/ws/agent/chat/"
            async with (
                connect(window_url, additional_headers=buyer_headers) as window,
                connect(console_url, additional_headers=agent_headers) as console,
            ):
                state = await next_of(window, "state")
                assert state["state"] == "waiting" and state["position"] == 1
                waiting = await next_of(console, "console")
                assert [item["chat"] for item in waiting["waiting"]] == [chat.key]
                await console.send(json.dumps({"type": "accept", "chat": chat.key}))
                assert (await next_of(window, "state", state="active"))["agent"] == "상담원 김하늘"
                await window.send(json.dumps({"type": "message", "body": "언제 오나요?"}))
                line = await next_of(console, "message", chat=chat.key, side="buyer")
                assert line["body"] == "언제 오나요?"
                await console.send(json.dumps({"type": "typing", "chat": chat.key, "typing": True}))
                assert (await next_of(window, "typing"))["typing"] is True
                await console.send(
                    json.dumps({"type": "message", "chat": chat.key, "body": "내일 도착합니다"})
                )
                answer = await next_of(window, "message", side="help_center")
                assert answer["body"] == "내일 도착합니다"

        async_to_sync(scenario)()

    chat = Chat.objects.get(pk=chat.pk)
    assert chat.state == "active" and chat.agent == agent and chat.first_answer_seconds is not None
    assert list(chat.ticket.messages.values_list("body", "visibility")) == [
        ("주문한 상품이 안 와요", "public"),
        ("언제 오나요?", "public"),
        ("내일 도착합니다", "public"),
    ]
