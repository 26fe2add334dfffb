from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client

from catalog import calendar as cal

SEOUL = ZoneInfo("Asia/Seoul")
# A Tuesday in Seoul: the chat channel (weekdays 09-22) is open.
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)
# The same Tuesday at 23:00: the chat channel is closed.
TUESDAY_23 = datetime(2026, 11, 24, 23, 0, tzinfo=SEOUL)
ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


@pytest.fixture(autouse=True)
def _in_memory_layer(settings):
    """Each test process has its own channel layer: a Redis one would be shared by every
    test process (and their chats have the same ids in their own databases)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def tuesday(time_machine):
    time_machine.move_to(TUESDAY_10, tick=True)
    return TUESDAY_10


def go_online(agent):
    from chat import services

    return services.set_availability(agent, "online")


def start(
    people, reference_data, *, who="buyer", category="other", body="안녕하세요, 문의가 있어요"
):
    from chat import services

    guest = who is None
    return services.start_chat(
        requester=None if guest else people[who],
        category=reference_data.categories[category],
        body=body,
        requester_name="손님 최" if guest else "",
        requester_email="guest@example.com" if guest else "",
    )


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


def socket(path, *, user=None, headers=()):
    from helpdesk.asgi import application

    all_headers = [ORIGIN, *headers]
    if user is not None:
        all_headers.append(session_cookie(user))
    return WebsocketCommunicator(application, path, headers=all_headers)


def run(scenario):
    """Run an async scenario from a sync test: the consumers' database calls then run in this
    thread, on the test's own connection."""
    return async_to_sync(scenario)()


async def receive_until(communicator, kind, *, timeout=5, **match):
    """The next message of this type (and these values), skipping the others."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message.get("type") == kind and all(message.get(k) == v for k, v in match.items()):
            return message
