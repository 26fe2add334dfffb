"""The chat's pages: the button and its fallback, starting (signed in and as a guest), the
window, sending and files without JavaScript, the console and its actions."""

from datetime import timedelta

import pytest
from django.test import Client

from chat import services
from chat.models import Chat
from tests.chat.conftest import TUESDAY_23, go_online, start
from tickets.models import Attachment, Ticket

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/", "/faq/", "/contacts/"])
def test_the_chat_button_shows_while_an_agent_is_free(people, tuesday, path):
    go_online(people["agent"])
    page = Client().get(path).text
    assert 'href="/chat/" data-chat-button' in page
    assert "data-chat-fallback" not in page


@pytest.mark.parametrize("path", ["/", "/faq/", "/contacts/"])
def test_without_a_free_agent_the_button_is_the_inquiry_form(people, tuesday, path):
    page = Client().get(path).text
    assert "data-chat-button" not in page
    assert 'href="/tickets/new/" data-chat-fallback' in page


def test_after_hours_the_button_is_the_inquiry_form_too(people, time_machine):
    time_machine.move_to(TUESDAY_23, tick=True)
    go_online(people["agent"])
    page = Client().get("/").text
    assert "data-chat-fallback" in page and "data-chat-button" not in page


def test_the_start_page_offers_the_inquiry_form_when_nobody_can_take_a_chat(people, tuesday):
    client = signed_in(people["buyer"])
    page = client.get("/chat/").text
    assert "data-chat-offline" in page
    response = client.post("/chat/", {"category": "other", "body": "안녕하세요"})
    assert response.status_code == 200
    assert not Ticket.objects.exists()


def test_a_buyer_starts_a_chat_and_finds_it_in_my_inquiries(people, tuesday):
    go_online(people["agent"])
    client = signed_in(people["buyer"])
    response = client.post("/chat/", {"category": "other", "body": "문의 드립니다"})
    chat = Chat.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/chat/{chat.key}/"
    window = client.get(response["Location"]).text
    assert "문의 드립니다" in window and "1" in window
    # Back to the chat going on, not a second one.
    assert client.get("/chat/")["Location"] == f"/chat/{chat.key}/"
    assert chat.ticket.reference in client.get("/tickets/").text
    # The agent who takes it finds it in their own list too.
    services.accept_chat(chat, agent=people["agent"])
    assert chat.ticket.reference in signed_in(people["agent"]).get("/agent/?view=mine").text


def test_a_chat_asks_for_the_cases_details_like_the_inquiry_form(people, tuesday):
    go_online(people["agent"])
    client = signed_in(people["buyer"])
    fields = client.get("/chat/?category=delivery").text
    assert 'name="details-order_number"' in fields
    response = client.post("/chat/", {"category": "delivery", "body": "배송이 늦어요"})
    assert response.status_code == 200 and not Chat.objects.exists()
    response = client.post(
        "/chat/",
        {
            "category": "delivery",
            "body": "배송이 늦어요",
            "details-order_number": "2026111412345678",
            "details-store_id": "haru-living",
        },
    )
    assert response.status_code == 302
    assert Chat.objects.get().ticket.order_number == "2026111412345678"


def test_a_guest_gives_a_name_and_address_and_only_their_browser_opens_the_chat(people, tuesday):
    go_online(people["agent"])
    guest = Client(HTTP_ACCEPT_LANGUAGE="en")
    refused = guest.post("/chat/", {"category": "other", "body": "Hello"})
    assert refused.status_code == 200 and not Chat.objects.exists()
    response = guest.post(
        "/chat/",
        {
            "category": "other",
            "body": "Hello, a question",
            "requester_name": "Sam Guest",
            "requester_email": "sam@example.com",
        },
    )
    chat = Chat.objects.get()
    assert response["Location"] == f"/chat/{chat.key}/"
    assert chat.requester is None and chat.ticket.requester_email == "sam@example.com"
    page = guest.get(f"/chat/{chat.key}/").text
    assert "Hello, a question" in page and "data-token=" in page
    assert Client().get(f"/chat/{chat.key}/").status_code == 404
    assert signed_in(people["buyer2"]).get(f"/chat/{chat.key}/").status_code == 404


def test_lines_and_files_work_without_javascript(people, tuesday):
    go_online(people["agent"])
    client = signed_in(people["buyer"])
    client.post("/chat/", {"category": "other", "body": "첫 줄"})
    chat = Chat.objects.get()
    client.post(f"/chat/{chat.key}/send/", {"body": "<script>alert(1)</script>"})
    page = client.get(f"/chat/{chat.key}/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = client.post(
        f"/chat/{chat.key}/files/",
        {"attachments": SimpleUploadedFile("사진.png", PNG, content_type="image/png")},
        HTTP_ACCEPT="application/json",
    )
    assert ok.json() == {"ok": True, "error": ""}
    fake = client.post(
        f"/chat/{chat.key}/files/",
        {"attachments": SimpleUploadedFile("virus.png", b"MZ not a png", content_type="image/png")},
        HTTP_ACCEPT="application/json",
    )
    assert fake.status_code == 400 and fake.json()["error"]
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["사진.png"]
    assert "사진.png" in client.get(f"/chat/{chat.key}/").text
    # Someone else's chat: 404 for sending, files and leaving.
    other = signed_in(people["buyer2"])
    for action in ("send", "files", "leave"):
        assert other.post(f"/chat/{chat.key}/{action}/", {"body": "x"}).status_code == 404


def test_leaving_from_the_page_ends_the_chat(people, tuesday):
    go_online(people["agent"])
    client = signed_in(people["buyer"])
    client.post("/chat/", {"category": "other", "body": "첫 줄"})
    chat = Chat.objects.get()
    client.post(f"/chat/{chat.key}/leave/")
    chat.refresh_from_db()
    assert (chat.state, chat.end_reason) == ("ended", "left")
    assert "data-chat-composer" not in client.get(f"/chat/{chat.key}/").text


def test_starting_chats_is_rate_limited(people, tuesday, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "chat-start-user": (1, 3600)}
    go_online(people["agent"])
    client = signed_in(people["buyer"])
    client.post("/chat/", {"category": "other", "body": "첫 채팅"})
    Chat.objects.update(state="ended", ended_at=tuesday)
    again = client.post("/chat/", {"category": "other", "body": "두번째"})
    assert again.status_code == 429 and int(again["Retry-After"]) > 0
    assert Chat.objects.count() == 1


def test_the_console_takes_answers_transfers_and_converts(people, reference_data, tuesday):
    agent, agent2 = people["agent"], people["agent2"]
    go_online(agent)
    go_online(agent2)
    chat = start(people, reference_data)
    console = signed_in(agent)
    page = console.get("/agent/chat/").text
    assert chat.ticket.reference in page and "data-chat-accept" in page
    console.post(f"/agent/chat/{chat.key}/accept/")
    page = console.get(f"/agent/chat/?chat={chat.key}").text
    assert "data-chat-composer" in page and "Agent Alex Park" in page  # transfer target
    console.post(f"/agent/chat/{chat.key}/send/", {"body": "안녕하세요 고객님"})
    assert chat.ticket.messages.filter(body="안녕하세요 고객님").exists()
    console.post(f"/agent/chat/{chat.key}/transfer/", {"to": agent2.pk})
    chat.refresh_from_db()
    assert chat.agent == agent2
    response = signed_in(agent2).post(f"/agent/chat/{chat.key}/convert/")
    assert response["Location"] == f"/agent/tickets/{chat.ticket.reference}/"
    chat.refresh_from_db()
    assert chat.state == "converted"


def test_the_console_shows_the_requesters_other_inquiries_and_canned_responses(
    people, reference_data, tuesday
):
    from tests.factories import MacroFactory, TicketFactory

    MacroFactory(name="인사", body="안녕하세요, 상담원입니다.")
    earlier = TicketFactory(requester=people["buyer"], category=reference_data.categories["refund"])
    go_online(people["agent"])
    chat = start(people, reference_data)
    services.accept_chat(chat, agent=people["agent"])
    page = signed_in(people["agent"]).get(f"/agent/chat/?chat={chat.key}").text
    assert earlier.reference in page
    assert 'data-canned="안녕하세요, 상담원입니다."' in page


def test_an_agent_of_another_queue_gets_a_404_for_the_chat(people, reference_data, tuesday):
    go_online(people["agent2"])
    chat = start(people, reference_data, who="seller", category="seller-registration", body="입점")
    outsider = signed_in(people["agent"])
    assert chat.ticket.reference not in outsider.get("/agent/chat/").text
    assert outsider.post(f"/agent/chat/{chat.key}/accept/").status_code == 404
    assert signed_in(people["buyer"]).get("/agent/chat/").status_code == 403


def test_availability_is_set_from_the_console(people, tuesday, time_machine):
    console = signed_in(people["agent"])
    console.post("/agent/chat/status/", {"status": "online"})
    assert "data-chat-button" in Client().get("/").text
    console.post("/agent/chat/status/", {"status": "away"})
    assert "data-chat-button" not in Client().get("/").text
    assert console.post("/agent/chat/status/", {"status": "asleep"}).status_code == 302


def test_the_contact_directory_shows_the_chats_measured_wait(
    people, reference_data, tuesday, time_machine
):
    agent = people["agent"]
    go_online(agent)
    for index in range(5):
        chat = start(people, reference_data, who=("buyer", "buyer2", None)[index % 3])
        services.accept_chat(chat, agent=agent)
        time_machine.shift(timedelta(seconds=120))
        services.heartbeat(agent)
        services.post_message(chat, by=agent, body="네")
        services.end_chat(chat, reason=Chat.EndReason.AGENT, by=agent)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/contacts/?category=delivery").text
    assert "First answer in about 2 minutes (measured over recent chats)" in page


def test_the_reports_count_chats_waiting_answered_and_missed(people, reference_data, tuesday):
    agent = people["agent"]
    go_online(agent)
    answered = start(people, reference_data)
    services.accept_chat(answered, agent=agent)
    services.post_message(answered, by=agent, body="네")
    missed = start(people, reference_data, who="buyer2")
    services.end_chat(missed, reason=Chat.EndReason.LEFT)
    start(people, reference_data, who=None)
    page = signed_in(people["admin"]).get("/agent/reports/").text
    section = page[page.index('id="chat-report-title"') :]
    values = [part.split("</strong>")[0] for part in section.split('class="kpi-value">')[1:6]]
    assert values[:4] == ["1", "3", "1", "1"]
    assert values[4].endswith("s") or values[4].endswith("초")


def test_the_chat_scripts_speak_korean_through_the_javascript_catalog(db):
    import json

    script = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/jsi18n/").text
    catalog = json.loads(script.split("const newcatalog = ")[1].split(";\n")[0])
    assert catalog["The agent is typing…"] == "상담원이 입력하고 있습니다…"
    assert catalog["Connection lost. Reconnecting…"] == "연결이 끊겼습니다. 다시 연결하는 중…"
