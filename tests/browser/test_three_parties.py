"""The three parties in a real browser: the help center asks the store, the seller answers
in the side conversation, and a buyer whose store missed its deadline asks the help center
to step in; in Korean and in English, each page axe-clean."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from catalog import calendar as cal
from catalog.models import Category
from tickets import reminders, services
from tickets.models import Message, Ticket

from .conftest import check_accessibility, login

SEOUL = ZoneInfo("Asia/Seoul")

WORDS = {
    "ko": {
        "ask": "스토어에 요청",
        "send": "보내기",
        "asked": "스토어에 답변을 요청했습니다.",
        "notifications": "알림",
        "main_nav": "주 메뉴",
        "to_store": "내 스토어에만",
        "only_center": "고객센터만",
        "to_center": "고객센터에만",
        "step_in": "고객센터에 처리 요청",
        "stepped_in": "고객센터가 처리합니다.",
    },
    "en": {
        "ask": "Ask the store",
        "send": "Send",
        "asked": "The store was asked to answer.",
        "notifications": "Notifications",
        "main_nav": "Main",
        "to_store": "To your store only",
        "only_center": "Only the help center",
        "to_center": "To the help center only",
        "step_in": "Ask the help center to step in",
        "stepped_in": "The help center is on it",
    },
}
# Who plays each part in each language (tests/reference.py): agent2 and buyer2 write English.
CAST = {"ko": ("agent", "buyer"), "en": ("agent2", "buyer2")}


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


def file_for(buyer, subject):
    return services.open_ticket(
        requester=buyer,
        category=Category.objects.get(slug="delivery"),
        subject=subject,
        body="주문한 냄비가 일주일째 오지 않아요.",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket


def sign_in_as(page, username, language):
    page.context.clear_cookies()
    login(page, username)
    if language != "ko":
        with page.expect_navigation():
            page.select_option("#language-select", language)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.django_db(transaction=True)
def test_the_help_center_asks_the_store_and_the_seller_answers_only_the_help_center(
    page, people, time_machine, language
):
    time_machine.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=SEOUL))  # a Monday; it ticks on
    words = WORDS[language]
    agent, buyer = CAST[language]
    ticket = file_for(people[buyer], "배송 지연 문의")

    sign_in_as(page, agent, language)
    page.goto(f"{page.base}/agent/tickets/{ticket.reference}/")
    page.get_by_label(words["ask"]).check()
    page.locator("#reply-form textarea[name=body]").fill("택배사 송장번호를 알려주실 수 있나요?")
    page.locator("#reply-form").get_by_role("button", name=words["send"], exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text(words["asked"])).to_be_visible()
    check_accessibility(page, f"agent-asks-store-{language}")

    sign_in_as(page, "seller", language)
    page.get_by_role("navigation", name=words["main_nav"]).get_by_role(
        "link", name=words["notifications"]
    ).click()
    page.wait_for_load_state()
    check_accessibility(page, f"seller-notifications-{language}")
    page.get_by_role("link", name=ticket.reference).first.click()
    page.wait_for_load_state()
    expect(page.get_by_text(words["to_store"])).to_be_visible()
    expect(page.get_by_text("택배사 송장번호를 알려주실 수 있나요?")).to_be_visible()
    page.get_by_label(words["only_center"]).check()
    page.locator("textarea[name=body]").fill("송장번호는 1234-5678-9012 입니다.")
    page.get_by_role("button", name=words["send"], exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text(words["to_center"])).to_be_visible()
    check_accessibility(page, f"seller-side-answer-{language}")
    answer = Message.objects.get(body="송장번호는 1234-5678-9012 입니다.")
    assert answer.visibility == "store" and answer.as_store

    sign_in_as(page, buyer, language)  # the buyer never sees the side conversation
    page.goto(f"{page.base}/tickets/{ticket.reference}/")
    expect(page.get_by_text("주문한 냄비가 일주일째 오지 않아요.")).to_be_visible()
    assert page.get_by_text("1234-5678-9012").count() == 0
    assert page.get_by_text("택배사 송장번호").count() == 0
    check_accessibility(page, f"buyer-thread-{language}")


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.django_db(transaction=True)
def test_a_buyer_asks_the_help_center_to_step_in_when_the_store_is_late(
    page, people, time_machine, language
):
    time_machine.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=SEOUL))
    words = WORDS[language]
    _agent, buyer = CAST[language]
    ticket = file_for(people[buyer], "스토어가 답이 없어요")
    time_machine.move_to(datetime(2026, 12, 1, 11, 0, tzinfo=SEOUL))  # past Tuesday 10:00
    reminders.sweep()

    sign_in_as(page, buyer, language)
    page.goto(f"{page.base}/tickets/{ticket.reference}/")
    check_accessibility(page, f"buyer-store-late-{language}")
    page.get_by_role("button", name=words["step_in"]).click()
    page.wait_for_load_state()
    expect(page.get_by_text(words["stepped_in"])).to_be_visible()
    check_accessibility(page, f"buyer-stepped-in-{language}")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.escalated_at is not None and ticket.store_missed_at is not None
    assert page.get_by_role("button", name=words["step_in"]).count() == 0

    sign_in_as(page, CAST[language][0], language)
    page.goto(f"{page.base}/agent/?view=store_missed")
    expect(page.get_by_role("link", name=ticket.reference)).to_be_visible()
    check_accessibility(page, f"agent-store-missed-{language}")
