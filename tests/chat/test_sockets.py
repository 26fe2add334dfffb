"""The chat's WebSockets through the real ASGI stack (origin check, session, routing):
joining, scoping, broadcast, typing, availability and capacity."""

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async

from chat import selectors, services
from chat.models import Availability, Chat
from tests.chat.conftest import go_online, receive_until, run, socket, start
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chat(people, reference_data, tuesday):
    go_online(people["agent"])
    return start(people, reference_data)


def test_the_requester_joins_their_chat_and_sees_its_line_and_place_in_line(chat, people):
    async def scenario():
        window = socket(f"/ws/chat/{chat.key}/", user=people["buyer"])
        connected, _ = await window.connect(timeout=5)
        assert connected
        state = await receive_until(window, "state")
        assert state["state"] == "waiting"
        assert state["position"] == 1
        assert [line["body"] for line in state["messages"]] == ["안녕하세요, 문의가 있어요"]
        await window.disconnect()

    run(scenario)


@pytest.mark.parametrize("who", ["buyer2", "seller", "anonymous"])
def test_anyone_else_is_refused_like_a_chat_that_does_not_exist(chat, people, who):
    async def scenario():
        user = None if who == "anonymous" else people[who]
        refused = []
        for path in (f"/ws/chat/{chat.key}/", "/ws/chat/no-such-chat/"):
            window = socket(path, user=user)
            connected, code = await window.connect(timeout=5)
            refused.append((connected, code))
        assert refused == [(False, 4404), (False, 4404)]

    run(scenario)


def test_a_guest_joins_with_their_signed_token_only(people, reference_data, tuesday):
    go_online(people["agent"])
    chat = start(people, reference_data, who=None)
    token = selectors.guest_token(chat)
    other = start(people, reference_data, who="buyer2")

    async def scenario():
        window = socket(f"/ws/chat/{chat.key}/?token={token}")
        assert (await window.connect(timeout=5))[0]
        await window.disconnect()
        # The same token opens no other chat, and a forged one none at all.
        for path in (
            f"/ws/chat/{other.key}/?token={token}",
            f"/ws/chat/{chat.key}/?token=x{token}",
        ):
            assert await socket(path).connect(timeout=5) == (False, 4404)

    run(scenario)


def test_a_socket_from_another_site_is_refused(chat, people):
    from channels.testing import WebsocketCommunicator

    from helpdesk.asgi import application
    from tests.chat.conftest import session_cookie

    async def scenario():
        foreign = WebsocketCommunicator(
            application,
            f"/ws/chat/{chat.key}/",
            headers=[(b"origin", b"https://evil.example"), session_cookie(people["buyer"])],
        )
        connected, _ = await foreign.connect(timeout=5)
        assert not connected

    run(scenario)


def test_an_agent_joins_only_chats_of_their_queues(people, reference_data, tuesday):
    go_online(people["agent2"])
    # seller-registration routes to seller-success: agent2 works there, agent does not.
    seller_chat = start(
        people, reference_data, who="seller", category="seller-registration", body="입점 문의"
    )

    async def scenario():
        outsider = socket("/ws/agent/chat/", user=people["agent"])
        assert (await outsider.connect(timeout=5))[0]
        await receive_until(outsider, "console")
        await outsider.send_json_to({"type": "watch", "chat": seller_chat.key})
        error = await receive_until(outsider, "error")
        assert error["message"]
        await outsider.send_json_to({"type": "accept", "chat": seller_chat.key})
        await receive_until(outsider, "error")
        await outsider.disconnect()
        # A buyer on the agents' socket is refused outright.
        assert await socket("/ws/agent/chat/", user=people["buyer"]).connect(timeout=5) == (
            False,
            4404,
        )

    run(scenario)
    assert Chat.objects.get(pk=seller_chat.pk).agent is None


def test_a_line_is_saved_first_then_reaches_the_requester_and_two_agents(chat, people):
    go_online(people["agent2"])

    async def scenario():
        window = socket(f"/ws/chat/{chat.key}/", user=people["buyer"])
        assert (await window.connect(timeout=5))[0]
        await receive_until(window, "state")
        consoles = []
        for name in ("agent", "agent2"):
            console = socket("/ws/agent/chat/", user=people[name])
            assert (await console.connect(timeout=5))[0]
            waiting = await receive_until(console, "console")
            assert [item["chat"] for item in waiting["waiting"]] == [chat.key]
            consoles.append(console)
        first, second = consoles
        await first.send_json_to({"type": "accept", "chat": chat.key})
        await receive_until(first, "transcript", chat=chat.key)
        await second.send_json_to({"type": "watch", "chat": chat.key})
        await receive_until(second, "transcript", chat=chat.key)
        state = await receive_until(window, "state", state="active")
        assert state["agent"] == "상담원 김하늘"

        await window.send_json_to({"type": "message", "body": "<b>주문</b>이 안 와요"})
        for console in consoles:
            line = await receive_until(console, "message", chat=chat.key)
            assert line["body"] == "<b>주문</b>이 안 와요"  # text, shown as text by the page
            assert line["side"] == "buyer"
            # Saved before it was broadcast: the line is the ticket's public message.
            saved = await database_sync_to_async(Message.objects.get)(pk=line["id"])
            assert saved.visibility == "public"
        await first.send_json_to({"type": "message", "chat": chat.key, "body": "확인해 볼게요"})
        answer = await receive_until(window, "message", side="help_center")
        assert answer["body"] == "확인해 볼게요"
        assert (await receive_until(second, "message", side="help_center"))["id"] == answer["id"]
        for communicator in (window, *consoles):
            await communicator.disconnect()

    run(scenario)
    chat.refresh_from_db()
    assert chat.answered_at is not None and chat.first_answer_seconds is not None
    assert list(chat.ticket.messages.values_list("body", flat=True)) == [
        "안녕하세요, 문의가 있어요",
        "<b>주문</b>이 안 와요",
        "확인해 볼게요",
    ]


def test_typing_reaches_the_other_side_only(chat, people):
    services.accept_chat(chat, agent=people["agent"])

    async def scenario():
        window = socket(f"/ws/chat/{chat.key}/", user=people["buyer"])
        assert (await window.connect(timeout=5))[0]
        await receive_until(window, "state")
        console = socket("/ws/agent/chat/", user=people["agent"])
        assert (await console.connect(timeout=5))[0]
        await receive_until(console, "console")
        await window.send_json_to({"type": "typing", "typing": True})
        seen = await receive_until(console, "typing", chat=chat.key)
        assert seen["typing"] is True
        await console.send_json_to({"type": "typing", "chat": chat.key, "typing": True})
        assert (await receive_until(window, "typing"))["side"] == "help_center"
        # Nobody is told of their own typing.
        assert await window.receive_nothing(timeout=0.3)
        for communicator in (window, console):
            await communicator.disconnect()

    run(scenario)


def test_writing_too_fast_is_refused_and_nothing_more_is_saved(chat, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "chat-message": (3, 60)}

    async def scenario():
        window = socket(f"/ws/chat/{chat.key}/", user=people["buyer"])
        assert (await window.connect(timeout=5))[0]
        await receive_until(window, "state")
        for index in range(3):
            await window.send_json_to({"type": "message", "body": f"line {index}"})
            await receive_until(window, "message", body=f"line {index}")
        await window.send_json_to({"type": "message", "body": "one too many"})
        error = await receive_until(window, "error")
        assert error["code"] == "rate_limited" and error["retry_after"] > 0
        await window.disconnect()

    run(scenario)
    assert not chat.ticket.messages.filter(body="one too many").exists()


def test_an_agent_whose_heartbeat_stops_drops_within_a_minute(chat, people, time_machine):
    agent = people["agent"]
    services.accept_chat(chat, agent=agent)
    assert selectors.availability_of(agent) == "online"

    async def scenario():
        console = socket("/ws/agent/chat/", user=agent)
        assert (await console.connect(timeout=5))[0]
        await receive_until(console, "console")
        await console.send_json_to({"type": "heartbeat"})
        await receive_until(console, "console")
        await console.disconnect()

    run(scenario)
    assert selectors.chat_offer().is_available
    time_machine.shift(timedelta(seconds=59))
    services.sweep()
    # Gone within the minute: not counted as online, and the sweep returns their chat.
    assert selectors.availability_of(agent) == "offline"
    assert not selectors.chat_offer().is_available
    assert Availability.objects.get(agent=agent).status == "offline"
    chat.refresh_from_db()
    assert (chat.state, chat.agent) == ("waiting", None)


def test_a_heartbeat_keeps_the_agent_online(chat, people, time_machine):
    agent = people["agent"]

    async def beat():
        console = socket("/ws/agent/chat/", user=agent)
        assert (await console.connect(timeout=5))[0]
        await receive_until(console, "console")
        await console.send_json_to({"type": "heartbeat"})
        await receive_until(console, "console")
        await console.disconnect()

    for _ in range(4):
        time_machine.shift(timedelta(seconds=30))
        run(beat)
        services.sweep()
        assert selectors.availability_of(agent) == "online"


def test_an_agent_at_the_limit_takes_no_more_chats(people, reference_data, tuesday, settings):
    settings.CHAT_MAX_PER_AGENT = 2
    agent = people["agent"]
    go_online(agent)
    chats = [start(people, reference_data, who=name) for name in ("buyer", "buyer2")]
    for chat in chats:
        services.accept_chat(chat, agent=agent)
    # The button goes when the last free agent is full...
    assert not selectors.chat_offer().is_available
    go_online(people["agent2"])
    third = start(people, reference_data, who=None)

    async def scenario():
        console = socket("/ws/agent/chat/", user=agent)
        assert (await console.connect(timeout=5))[0]
        state = await receive_until(console, "console")
        assert len(state["held"]) == 2
        await console.send_json_to({"type": "accept", "chat": third.key})
        error = await receive_until(console, "error")
        assert "2" in error["message"]
        await console.disconnect()

    run(scenario)
    third.refresh_from_db()
    assert third.state == "waiting"
    # ...and a free agent takes it.
    services.accept_chat(third, agent=people["agent2"])
    assert Chat.objects.get(pk=third.pk).agent == people["agent2"]


def test_the_waiting_line_moves_and_windows_hear_it(people, reference_data, tuesday):
    go_online(people["agent"])
    first = start(people, reference_data, who="buyer")
    second = start(people, reference_data, who="buyer2")

    async def scenario():
        window = socket(f"/ws/chat/{second.key}/", user=people["buyer2"])
        assert (await window.connect(timeout=5))[0]
        assert (await receive_until(window, "state"))["position"] == 2
        await database_sync_to_async(services.accept_chat)(first, agent=people["agent"])
        moved = await receive_until(window, "state")
        assert moved["position"] == 1
        await window.disconnect()

    run(scenario)


def test_a_dropped_socket_loses_nothing(chat, people):
    services.accept_chat(chat, agent=people["agent"])

    async def scenario():
        window = socket(f"/ws/chat/{chat.key}/", user=people["buyer"])
        assert (await window.connect(timeout=5))[0]
        await receive_until(window, "state")
        await window.disconnect()
        # Written while the requester's socket was away...
        await database_sync_to_async(services.post_message)(
            chat, by=people["agent"], body="주문번호를 알려주세요"
        )
        again = socket(f"/ws/chat/{chat.key}/", user=people["buyer"])
        assert (await again.connect(timeout=5))[0]
        state = await receive_until(again, "state")
        assert state["messages"][-1]["body"] == "주문번호를 알려주세요"
        await again.disconnect()
        await asyncio.sleep(0)

    run(scenario)
    assert Ticket.objects.get(pk=chat.ticket_id).channel == "chat"
