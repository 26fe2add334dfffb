"""Peak relief in the real browser: a buyer meets a known-issue notice on the inquiry form,
and a callback goes from the request to the agent's logged call; Korean and English, axe-clean."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from callbacks.models import Callback, CallbackAttempt
from catalog import calendar as cal
from notices.models import Notice, NoticeView

from .conftest import check_accessibility, login

SEOUL = ZoneInfo("Asia/Seoul")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)
TUESDAY_EVENING = datetime(2026, 11, 24, 20, 0, tzinfo=SEOUL)  # the phone line is closed

WORDS = {
    "ko": {
        "payment": "결제",
        "refund": "환불",
        "title": "카드 결제가 14시부터 실패하고 있어요",
        "offer": "대신 전화 요청하기",
        "phone": "전화번호",
        "when": "언제 전화드릴까요?",
        "situation": "어떤 일이 있었나요?",
        "order": "주문번호",
        "amount": "금액",
        "method": "결제 수단",
        "ask": "전화 요청하기",
        "reached": "통화함",
        "note": "메모",
        "log": "통화 기록",
        "logged": "통화를 기록했습니다.",
    },
    "en": {
        "payment": "Payment",
        "refund": "Refund",
        "title": "Card payments have been failing since 14:00",
        "offer": "Call me back instead",
        "phone": "Phone number",
        "when": "When should we call?",
        "situation": "What happened?",
        "order": "Order number",
        "amount": "Amount",
        "method": "Payment method",
        "ask": "Ask for a callback",
        "reached": "Reached",
        "note": "Note",
        "log": "Log the call",
        "logged": "The call is logged.",
    },
}


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


def in_language(page, language):
    if language == "en":
        with page.expect_navigation():
            page.select_option("#language-select", "en")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_buyer_meets_a_notice_on_the_inquiry_form_and_leaves(
    page, reference_data, time_machine, language
):
    time_machine.move_to(TUESDAY_10)
    notice = Notice.objects.create(
        title_ko=WORDS["ko"]["title"],
        title_en=WORDS["en"]["title"],
        body_ko="다시 문의하지 않으셔도 됩니다.",
        body_en="No need to write to us again.",
        starts_at=TUESDAY_10 - timedelta(hours=1),
    )
    notice.categories.set([reference_data.categories["payment"]])
    words = WORDS[language]
    page.goto(page.base + "/tickets/new/")
    in_language(page, language)
    expect(page.locator(".notice")).to_have_count(0)  # nothing before a category is chosen
    with page.expect_response(re.compile(r"/tickets/new/\?category=")):
        page.get_by_role("radio", name=re.compile(f"^{words['payment']}")).check()
    notice_box = page.locator("#case-fields .notice")
    expect(notice_box).to_contain_text(words["title"])
    check_accessibility(page, f"notice-on-form-{language}")
    page.goto(page.base + "/")  # the buyer leaves without filing
    expect(page.locator(".notice").first).to_contain_text(words["title"])
    check_accessibility(page, f"notice-help-center-{language}")
    seen = NoticeView.objects.get()
    assert (seen.notice, seen.filed_ticket) == (notice, None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_callback_from_the_request_to_the_logged_call(page, people, time_machine, language):
    time_machine.move_to(TUESDAY_EVENING)
    words = WORDS[language]
    login(page, "buyer")
    page.goto(page.base + "/contacts/?category=refund")
    in_language(page, language)
    page.locator("#situation-result").get_by_role("link", name=words["offer"]).click()
    page.wait_for_url(re.compile(r"/callbacks/new/"))
    check_accessibility(page, f"callback-form-{language}")
    expect(page.get_by_role("radio", name=words["refund"])).to_be_checked()
    page.get_by_label(words["phone"]).fill("010-1234-5678")
    when = page.get_by_label(words["when"])
    when.select_option(index=2)  # a time tomorrow, within the line's hours
    page.get_by_label(words["situation"]).fill("환불이 아직 들어오지 않았어요")
    page.get_by_label(words["order"]).fill("2026111412345678")
    page.get_by_label(words["method"]).select_option("card")
    page.get_by_label(words["amount"]).fill("30000")
    page.get_by_role("button", name=words["ask"]).click()
    page.wait_for_url(re.compile(r"/tickets/HD-\d+/\?filed=1$"))
    expect(page.locator(".callback-phone")).to_have_text("010-****-5678")
    check_accessibility(page, f"callback-requested-{language}")
    callback = Callback.objects.get()
    assert callback.ticket.channel == "phone"
    assert callback.due_at.astimezone(SEOUL).date() == datetime(2026, 11, 25).date()

    page.context.clear_cookies()
    login(page, "agent")
    page.goto(page.base + "/agent/callbacks/")
    in_language(page, language)
    expect(page.locator(".callback-table .callback-phone").first).to_have_text("010-1234-5678")
    check_accessibility(page, f"agent-callbacks-{language}")
    page.locator(".callback-table tbody th a").first.click()
    page.get_by_role("radio", name=words["reached"]).check()
    page.get_by_label(words["note"]).fill("환불 일정 안내함")
    page.get_by_role("button", name=words["log"]).click()
    expect(page.get_by_text(words["logged"])).to_be_visible()
    check_accessibility(page, f"agent-callback-logged-{language}")
    attempt = CallbackAttempt.objects.get()
    assert (attempt.outcome, attempt.agent.username) == ("reached", "agent")
