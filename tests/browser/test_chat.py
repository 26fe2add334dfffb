"""Live chat in the real browser, over a real WebSocket: a buyer and an agent in two browser
contexts chat (Korean and English), the buyer sees their place in line, the agent's typing
and answer, and leaves; without a free agent the button is the inquiry form. axe-clean, with
screenshots at desktop and phone width. The server is daphne (the ASGI server of `make run`),
in a process of its own on the test database."""

import re

import pytest
from playwright.sync_api import expect

from chat.models import Chat
from contacts.models import ContactChannel
from tests.chat.server import daphne

from .conftest import check_accessibility

WORDS = {
    "ko": {
        "chat now": "지금 상담원과 채팅하기",
        "write inquiry": "문의 남기기",
        "other": "기타",
        "question": "질문",
        "start": "채팅 시작",
        "in line": "대기 순서 1번째입니다.",
        "availability": "상담 가능 상태",
        "online": "online",
        "set": "적용",
        "take": "맡기",
        "message": "메시지",
        "agent typing": "상담원이 입력하고 있습니다…",
        "customer typing": "고객이 입력하고 있습니다…",
        "agent": "agent",
        "chatting": "상담원 김하늘 상담원과 대화 중입니다.",
        "answer": ("안녕하세요! 주문을 확인하고", " 있습니다."),
        "leave": "채팅 나가기",
        "ended": "채팅이 종료되었습니다.",
        "offline": "지금은 모든 채팅 상담원이 상담 중입니다.",
    },
    "en": {
        "chat now": "Chat with an agent now",
        "write inquiry": "Write an inquiry",
        "other": "Other",
        "question": "Your question",
        "start": "Start the chat",
        "in line": "You are number 1 in line.",
        "availability": "Availability",
        "online": "online",
        "set": "Set",
        "take": "Take",
        "message": "Message",
        "agent typing": "The agent is typing…",
        "customer typing": "The customer is typing…",
        "agent": "agent2",
        "chatting": "You are chatting with Agent Alex Park.",
        "answer": ("Hello! I am checking", " your order now."),
        "leave": "Leave the chat",
        "ended": "This chat has ended.",
        "offline": "Every chat agent is busy right now.",
    },
}


@pytest.fixture
def server(transactional_db, reference_data, people, settings, tmp_path):
    # The server runs on the real clock: the chat channel is open at any hour here.
    ContactChannel.objects.filter(kind="chat").update(calendar=None)
    with daphne(settings, tmp_path) as base:
        yield base


def open_page(browser, base, locale):
    context = browser.new_context(
        locale="ko-KR" if locale == "ko" else "en-US", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = base
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and "Content Security Policy" in msg.text
            and page.csp_errors.append(msg.text)
        ),
    )
    return page


def sign_in(page, username):
    """The session of a signed-in person, as a cookie: the server checks passwords with the
    production hashers, the tests' accounts are hashed for speed."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": page.base}]
    )


def in_language(page, language):
    if language == "en":
        with page.expect_navigation():
            page.select_option("#language-select", "en")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_buyer_and_an_agent_chat_in_korean_and_english(browser, server, language):
    words = WORDS[language]
    agent = open_page(browser, server, language)
    buyer = open_page(browser, server, language)
    try:
        sign_in(agent, words["agent"])
        agent.goto(server + "/agent/chat/")
        in_language(agent, language)
        agent.locator("#chat-status").select_option("online")
        with agent.expect_navigation():
            agent.get_by_role("button", name=words["set"], exact=True).click()
        expect(agent.locator("#chat-status")).to_have_value("online")

        sign_in(buyer, "buyer")
        buyer.goto(server + "/")
        in_language(buyer, language)
        buyer.get_by_role("link", name=words["chat now"]).click()
        buyer.wait_for_url(re.compile(r"/chat/$"))
        with buyer.expect_response(re.compile(r"/chat/\?category=")):
            buyer.get_by_role("radio", name=words["other"]).check()
        check_accessibility(buyer, f"chat-start-{language}")
        buyer.get_by_label(words["question"]).fill("안녕하세요, 주문한 물건이 일주일째 안 와요")
        buyer.get_by_role("button", name=words["start"]).click()
        buyer.wait_for_url(re.compile(r"/chat/[\w-]+/$"))
        expect(buyer.locator("[data-chat-status]")).to_contain_text(words["in line"])
        chat = Chat.objects.get()
        check_accessibility(buyer, f"chat-waiting-{language}")

        # The waiting chat reaches the console over the socket, without a reload.
        take = agent.locator(f'[data-chat-accept="{chat.key}"]')
        expect(take).to_be_visible()
        take.click()
        agent.wait_for_url(re.compile(rf"/agent/chat/\?chat={chat.key}$"))
        expect(agent.locator("[data-chat-log]")).to_contain_text("일주일째 안 와요")
        expect(buyer.locator("[data-chat-status]")).to_have_text(words["chatting"])

        composer = agent.get_by_label(words["message"])
        first, rest = words["answer"]
        composer.press_sequentially(first, delay=20)
        expect(buyer.locator("[data-chat-typing]")).to_have_text(words["agent typing"])
        composer.press_sequentially(rest, delay=5)
        composer.press("Enter")
        expect(buyer.locator("[data-chat-log]")).to_contain_text(first + rest)
        expect(buyer.locator("[data-chat-typing]")).to_have_text("")

        line = buyer.get_by_label(words["message"])
        line.press_sequentially("<b>감사합니다</b>", delay=20)
        expect(agent.locator("[data-chat-typing]")).to_have_text(words["customer typing"])
        line.press("Enter")
        expect(agent.locator("[data-chat-log]")).to_contain_text("<b>감사합니다</b>")  # as text
        check_accessibility(buyer, f"chat-window-{language}")
        check_accessibility(agent, f"chat-console-{language}")

        buyer.get_by_role("button", name=words["leave"]).click()
        expect(buyer.locator("[data-chat-status]")).to_contain_text(words["ended"])
        expect(buyer.locator("[data-chat-composer]")).to_be_hidden()
        check_accessibility(buyer, f"chat-ended-{language}")

        chat.refresh_from_db()
        assert chat.state == "ended" and chat.ticket.status == "pending"
        assert list(chat.ticket.messages.values_list("body", flat=True)) == [
            "안녕하세요, 주문한 물건이 일주일째 안 와요",
            "".join(words["answer"]),
            "<b>감사합니다</b>",
        ]
        # The transcript is an inquiry on both sides.
        buyer.goto(server + "/tickets/")
        expect(buyer.get_by_text(chat.ticket.reference)).to_be_visible()
        agent.goto(server + f"/agent/tickets/{chat.ticket.reference}/")
        expect(agent.locator("main")).to_contain_text("<b>감사합니다</b>")
        assert not buyer.csp_errors and not agent.csp_errors
    finally:
        agent.context.close()
        buyer.context.close()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_without_a_free_agent_the_chat_button_is_the_inquiry_form(browser, server, language):
    words = WORDS[language]
    buyer = open_page(browser, server, language)
    try:
        buyer.goto(server + "/")
        in_language(buyer, language)
        expect(buyer.get_by_role("link", name=words["chat now"])).to_have_count(0)
        buyer.locator("main").get_by_role("link", name=words["write inquiry"]).first.click()
        buyer.wait_for_url(re.compile(r"/tickets/new/$"))
        buyer.goto(server + "/chat/")
        expect(buyer.locator("[data-chat-offline]")).to_contain_text(words["offline"])
        check_accessibility(buyer, f"chat-offline-{language}")
    finally:
        buyer.context.close()
