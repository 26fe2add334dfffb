"""Ask once in the real browser: a buyer writing about an order they already asked about is
told of their open inquiry (the category suggested as they type) and continues there; Korean
and English, axe-clean, desktop and phone screenshots."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from catalog import calendar as cal
from tickets import services
from tickets.models import Message, Ticket

from .conftest import check_accessibility, login

SEOUL = ZoneInfo("Asia/Seoul")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)

WORDS = {
    "ko": {
        "subject": "제목",
        "body": "어떤 일이 있었나요?",
        "typed": "택배 배송지연이 계속돼요",
        "order": "주문번호",
        "store": "스토어 (판매자 ID)",
        "send": "문의 보내기",
        "told": "이미 문의하신 건이 있어요",
        "added": "메시지를 남겼어요",
        "choose": "“배송” 선택",
    },
    "en": {
        "subject": "Subject",
        "body": "What happened?",
        "typed": "My parcel is late again",
        "order": "Order number",
        "store": "Store (seller ID)",
        "send": "Send inquiry",
        "told": "You have already asked about this order",
        "added": "Your message was added",
        "choose": "Choose “Delivery”",
    },
}


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_buyer_is_told_of_their_open_inquiry_and_continues_there(
    page, people, reference_data, time_machine, language
):
    time_machine.move_to(TUESDAY_10)
    words = WORDS[language]
    buyer = people["buyer"]
    earlier = services.open_ticket(
        requester=buyer,
        category=reference_data.categories["delivery"],
        subject="주문한 상품이 오지 않아요",
        body="일주일째 배송 조회가 되지 않습니다.",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket

    login(page, "buyer")
    if language == "en":
        with page.expect_navigation():
            page.select_option("#language-select", "en")
    page.goto(page.base + "/tickets/new/")
    # Writing first: the form suggests the category, and choosing it shows the case's fields.
    page.get_by_label(words["subject"]).fill(words["typed"])
    suggestion = page.locator("#category-suggestion [data-pick-category]")
    expect(suggestion).to_have_text(words["choose"])
    suggestion.click()
    page.wait_for_selector("#case-fields:not([hidden])")
    expect(page.locator("input[name=category][value=delivery]")).to_be_checked()
    page.get_by_label(words["order"]).fill("2026-1114-1234-5678")
    page.get_by_label(words["store"]).fill("haru-living")
    page.get_by_label(words["body"]).fill("Still nothing, the tracking page shows no movement.")
    page.get_by_role("button", name=words["send"]).click()

    notice = page.locator(".duplicate-notice")
    expect(notice.get_by_role("heading")).to_have_text(words["told"])
    expect(notice.get_by_role("link", name=re.compile(earlier.reference))).to_be_visible()
    check_accessibility(page, f"ask-once-told-{language}")
    assert Ticket.objects.count() == 1

    notice.get_by_role("button", name=re.compile(earlier.reference)).click()
    page.wait_for_url(re.compile(rf"/tickets/{earlier.reference}/$"))
    expect(page.locator(".flash").first).to_contain_text(words["added"])
    expect(page.get_by_text("Still nothing, the tracking page shows no movement.")).to_be_visible()
    check_accessibility(page, f"ask-once-continued-{language}")
    assert Ticket.objects.count() == 1
    assert Message.objects.filter(ticket=earlier).count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_agent_links_a_similar_ticket_from_the_panel(page, people, reference_data, time_machine):
    time_machine.move_to(TUESDAY_10)
    delivery = reference_data.categories["delivery"]
    details = {"order_number": "2026111412345678", "store_id": "haru-living"}
    first = services.open_ticket(
        requester=people["buyer"],
        category=delivery,
        subject="배송이 안 와요",
        body="아직이요.",
        details=details,
    ).ticket
    second = services.open_ticket(
        requester=people["buyer2"],
        category=delivery,
        subject="Parcel missing",
        body="Nothing.",
        details=details,
    ).ticket
    login(page, "agent")
    page.goto(page.base + f"/agent/tickets/{second.reference}/")
    panel = page.locator("#similar")
    panel.scroll_into_view_if_needed()  # loaded once it comes into view
    expect(panel.get_by_role("link", name=re.compile(first.reference))).to_be_visible()
    check_accessibility(page, "ask-once-similar-panel-ko")
    panel.get_by_role("button", name=re.compile(f"연결 {first.reference}")).click()
    expect(panel.get_by_text("연결됨")).to_be_visible()
    expect(panel.get_by_text("비슷한 티켓이 없어요.")).to_be_visible()
    check_accessibility(page)


@pytest.mark.django_db(transaction=True)
def test_a_guest_is_told_without_the_reference_and_gets_the_link_by_e_mail(
    page, people, reference_data, time_machine
):
    time_machine.move_to(TUESDAY_10)
    earlier = services.open_ticket(
        requester=None,
        category=reference_data.categories["delivery"],
        subject="주문한 상품이 오지 않아요",
        body="일주일째 그대로예요.",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
        requester_name="최민수",
        requester_email="minsu@example.com",
    ).ticket
    page.goto(page.base + "/tickets/new/?category=delivery")
    page.get_by_label("주문번호").fill("2026 1114 1234 5678")
    page.get_by_label("스토어 (판매자 ID)").fill("haru-living")
    page.get_by_label("이름").fill("최민수")
    page.get_by_label("이메일").fill("minsu@example.com")
    page.get_by_label("제목").fill("아직도 안 와요")
    page.get_by_label("어떤 일이 있었나요?").fill("택배가 아직 안 왔어요.")
    page.get_by_role("button", name="문의 보내기").click()
    notice = page.locator(".duplicate-notice")
    expect(notice.get_by_role("heading")).to_have_text("이미 문의하신 건이 있어요")
    assert earlier.reference not in notice.inner_text()
    check_accessibility(page, "ask-once-guest-told-ko")
    notice.get_by_role("button", name="문의 링크를 이메일로 받기").click()
    expect(page.locator(".flash").first).to_contain_text("이메일로 보내 드렸어요")
    assert Ticket.objects.count() == 1
