"""The chat's rules, through its services: starting, taking, answering, leaving, batching,
transferring, converting, idling out, and what is measured."""

from datetime import timedelta

import pytest

from chat import offer, selectors, services
from chat.models import Chat
from outbox.models import OutboundEmail
from tests.chat.conftest import TUESDAY_23, go_online, start
from tickets.models import Ticket, TicketEvent


@pytest.fixture
def online(people, tuesday):
    go_online(people["agent"])
    return people["agent"]


def test_a_chat_is_a_ticket_with_channel_chat_in_the_requesters_list(
    people, reference_data, online
):
    # "Other" is sorted by its words, as any inquiry: the routing sends it to the orders queue.
    chat = start(people, reference_data, category="other", body="택배가 안 와요")
    ticket = chat.ticket
    assert (ticket.channel, ticket.requester, ticket.status) == ("chat", people["buyer"], "new")
    assert ticket.assignee is None  # taken by an online agent, not handed out by routing
    assert chat.queue == ticket.queue == reference_data.queues["orders"]
    assert list(Ticket.objects.filter(requester=people["buyer"])) == [ticket]
    assert chat.state == "waiting" and selectors.queue_position(chat) == 1


def test_no_chat_starts_while_no_agent_is_online(people, reference_data, tuesday):
    with pytest.raises(services.ChatUnavailable):
        start(people, reference_data)
    assert not Ticket.objects.exists()


def test_no_chat_starts_while_the_channel_is_closed(people, reference_data, time_machine):
    time_machine.move_to(TUESDAY_23, tick=True)
    go_online(people["agent"])
    assert selectors.chat_offer().is_open is False
    with pytest.raises(services.ChatUnavailable):
        start(people, reference_data)


def test_two_agents_taking_one_chat_get_it_once(people, reference_data, online):
    go_online(people["agent2"])
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=people["agent"])
    with pytest.raises(services.ChatTaken):
        services.accept_chat(chat, agent=people["agent2"])
    chat.refresh_from_db()
    assert chat.agent == people["agent"]
    assert chat.ticket.assignee == people["agent"]
    assert TicketEvent.objects.filter(ticket=chat.ticket, kind="assignee").count() == 1


def test_the_first_answer_is_timed_in_seconds(people, reference_data, online, time_machine):
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=online)
    time_machine.shift(timedelta(seconds=42))
    services.post_message(chat, by=online, body="안녕하세요, 무엇을 도와드릴까요?")
    chat.refresh_from_db()
    assert 42 <= chat.first_answer_seconds <= 44
    assert chat.ticket.first_response_at is not None


def test_lines_of_a_live_chat_send_no_mail(people, reference_data, online, mailoutbox):
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=online)
    before = OutboundEmail.objects.count()
    for body in ("네", "확인해 볼게요", "잠시만요"):
        services.post_message(chat, by=online, body=body)
    services.post_message(chat, by=people["buyer"], body="감사합니다")
    assert OutboundEmail.objects.count() == before


def test_only_the_holder_writes_as_agent(people, reference_data, online):
    go_online(people["agent2"])
    chat = start(people, reference_data)
    with pytest.raises(services.NotAllowed):
        services.post_message(chat, by=online, body="먼저 잡지 않고")
    services.accept_chat(chat, agent=online)
    with pytest.raises(services.NotAllowed):
        services.post_message(chat, by=people["agent2"], body="남의 채팅")


def test_leaving_an_answered_chat_makes_the_ticket_pending_and_batches_later_answers(
    people, reference_data, online, time_machine, settings
):
    settings.CHAT_BATCH_SECONDS = 120
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=online)
    services.post_message(chat, by=online, body="주문번호를 확인했어요")
    services.end_chat(chat, reason=Chat.EndReason.LEFT)
    chat.refresh_from_db()
    assert (chat.state, chat.end_reason) == ("ended", "left")
    assert chat.ticket.status == "pending"
    with pytest.raises(services.ChatEnded):
        services.post_message(chat, by=people["buyer"], body="다시")
    before = OutboundEmail.objects.count()
    for body in ("환불은 오늘 처리됩니다", "카드사에 따라 3일이 걸려요", "다른 문의는 언제든지"):
        services.post_message(chat, by=online, body=body)
    assert services.send_answer_batches() == 0  # not due yet
    time_machine.shift(timedelta(seconds=121))
    assert services.send_answer_batches() == 1
    assert services.send_answer_batches() == 0  # once
    mails = list(OutboundEmail.objects.order_by("pk"))[before:]
    assert len(mails) == 1
    assert mails[0].to == "buyer@example.com"
    for body in ("환불은 오늘 처리됩니다", "카드사에 따라 3일이 걸려요", "다른 문의는 언제든지"):
        assert body in mails[0].body_text
    assert "주문번호를 확인했어요" not in mails[0].body_text  # read live, not mailed


def test_a_chat_left_before_any_answer_is_missed_and_stays_in_the_queue(
    people, reference_data, online
):
    chat = start(people, reference_data)
    services.end_chat(chat, reason=Chat.EndReason.LEFT)
    chat.refresh_from_db()
    assert chat.answered_at is None and chat.state == "ended"
    assert chat.ticket.status == "new"


def test_a_chat_is_transferred_to_an_online_agent_of_its_queue(people, reference_data, online):
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=online)
    with pytest.raises(services.ChatError):  # agent2 is not online
        services.transfer_chat(chat, by=online, to=people["agent2"])
    go_online(people["agent2"])
    assert selectors.transfer_targets(chat, by=online) == [people["agent2"]]
    services.transfer_chat(chat, by=online, to=people["agent2"])
    chat.refresh_from_db()
    assert chat.agent == people["agent2"] == chat.ticket.assignee
    with pytest.raises(services.NotAllowed):
        services.post_message(chat, by=online, body="이제 내 채팅이 아님")
    services.post_message(chat, by=people["agent2"], body="I'll take it from here")


def test_a_chat_turned_into_an_inquiry_stays_open_with_its_agent(people, reference_data, online):
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=online)
    services.convert_chat(chat, by=online)
    chat.refresh_from_db()
    assert chat.state == "converted"
    assert (chat.ticket.status, chat.ticket.assignee) == ("open", online)
    with pytest.raises(services.ChatEnded):
        services.post_message(chat, by=online, body="채팅으로는 더 못 써요")


def test_idle_and_abandoned_chats_end(people, reference_data, online, time_machine, settings):
    settings.CHAT_IDLE_MINUTES = 10
    settings.CHAT_REQUESTER_TIMEOUT_SECONDS = 3600
    talking = start(people, reference_data)
    services.accept_chat(talking, agent=online)
    time_machine.shift(timedelta(minutes=9))
    services.heartbeat(online)
    assert services.end_abandoned_chats() == 0
    time_machine.shift(timedelta(minutes=2))
    services.heartbeat(online)
    assert services.end_abandoned_chats() == 1
    talking.refresh_from_db()
    assert (talking.state, talking.end_reason) == ("ended", "idle")
    settings.CHAT_REQUESTER_TIMEOUT_SECONDS = 120
    services.heartbeat(online)
    waiting = start(people, reference_data, who="buyer2")
    time_machine.shift(timedelta(seconds=60))
    services.requester_seen(waiting)
    time_machine.shift(timedelta(seconds=100))
    assert services.end_abandoned_chats() == 0
    time_machine.shift(timedelta(seconds=30))
    assert services.end_abandoned_chats() == 1
    waiting.refresh_from_db()
    assert waiting.end_reason == "gone"


def test_going_away_returns_held_chats_to_the_queue(people, reference_data, online):
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=online)
    services.set_availability(online, "away")
    chat.refresh_from_db()
    assert (chat.state, chat.agent) == ("waiting", None)
    with pytest.raises(services.ChatError):
        services.accept_chat(chat, agent=online)


def test_the_measured_wait_is_the_median_first_answer(
    people, reference_data, online, time_machine, settings
):
    settings.CHAT_MAX_PER_AGENT = 10
    assert selectors.measured_chat_wait() == selectors.ChatWait(5, False, 0)  # configured
    for index, seconds in enumerate((60, 120, 180, 240, 600)):
        chat = start(people, reference_data, who=("buyer", "buyer2", None)[index % 3])
        services.accept_chat(chat, agent=online)
        time_machine.shift(timedelta(seconds=seconds))
        services.heartbeat(online)
        services.post_message(chat, by=online, body="안녕하세요")
        services.end_chat(chat, reason=Chat.EndReason.AGENT, by=online)
    wait = selectors.measured_chat_wait()
    assert wait.measured and wait.minutes == 3 and wait.sample_size == 5


def test_report_figures_count_waiting_answered_and_missed(people, reference_data, online, tuesday):
    answered = start(people, reference_data)
    services.accept_chat(answered, agent=online)
    services.post_message(answered, by=online, body="네")
    missed = start(people, reference_data, who="buyer2")
    services.end_chat(missed, reason=Chat.EndReason.LEFT)
    start(people, reference_data, who=None)
    figures = selectors.chat_figures(
        since=tuesday - timedelta(days=1), until=tuesday + timedelta(days=1)
    )
    assert (figures.started, figures.answered, figures.missed, figures.waiting_now) == (3, 1, 1, 1)
    assert figures.median_first_answer_seconds is not None


def test_the_cached_offer_says_what_a_fresh_one_says(people, reference_data, tuesday, time_machine):
    def both():
        cached = offer.current()
        offer.forget()
        fresh = offer.current()
        return cached.is_available, fresh.is_available, selectors.chat_offer().is_available

    assert both() == (False, False, False)
    go_online(people["agent"])  # the service drops the copy
    assert both() == (True, True, True)
    time_machine.shift(timedelta(seconds=50))  # no heartbeat: the copy expires on its own
    assert both() == (False, False, False)


def test_a_line_is_broadcast_only_once_it_is_committed(
    people, reference_data, online, django_capture_on_commit_callbacks
):
    import asyncio

    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from chat import broadcast

    chat = start(people, reference_data)
    layer = get_channel_layer()
    listener = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(broadcast.chat_group(chat.pk), listener)

    async def next_event(timeout):
        try:
            return await asyncio.wait_for(layer.receive(listener), timeout)
        except TimeoutError:
            return None

    with django_capture_on_commit_callbacks() as callbacks:
        message = services.post_message(chat, by=people["buyer"], body="커밋 전에는 안 보여요")
        assert async_to_sync(next_event)(0.2) is None  # nothing leaves before commit
    for callback in callbacks:
        callback()
    event = async_to_sync(next_event)(2)
    assert event["type"] == "chat.message" and event["message"]["id"] == message.pk


def test_beat_runs_the_chat_sweep_often_enough_to_drop_a_vanished_agent_within_a_minute(
    settings,
):
    from chat.tasks import sweep_chats

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-chats"]
    assert entry["task"] == sweep_chats.name == "chat.tasks.sweep_chats"
    assert entry["schedule"].total_seconds() + settings.CHAT_AGENT_TIMEOUT_SECONDS <= 70
