"""A buyer's return from request to refund in a real browser, the seller acting on it: the
buyer makes the claim, the store accepts, the buyer sends the goods back with a tracking
number, the store confirms they arrived and refunds. In Korean and in English, every page
axe-clean, screenshots at desktop and phone width."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from catalog import calendar as cal
from claims.models import Claim, ClaimEvent

from .conftest import check_accessibility, login

SEOUL = ZoneInfo("Asia/Seoul")

WORDS = {
    "ko": {
        "my_claims": "내 클레임",
        "claims": "클레임",
        "start": "클레임 신청",
        "send": "스토어에 클레임 보내기",
        "sent": "스토어에 보냈습니다",
        "accept": "승인",
        "accepted": "승인됨",
        "tracking": "택배 송장번호",
        "shipped_button": "상품을 반송했어요",
        "shipped": "반송됨",
        "arrived_button": "상품을 회수했어요",
        "refund_button": "환불 완료로 표시",
        "refunded": "환불 완료",
        "next": "다음 단계",
        "main_nav": "주 메뉴",
        "tracking_label": "송장번호",
        "masked": "구*자 이*연",
    },
    "en": {
        "my_claims": "My claims",
        "claims": "Claims",
        "start": "Start a claim",
        "send": "Send the claim to the store",
        "sent": "was sent to the store",
        "accept": "Accept",
        "accepted": "Accepted",
        "tracking": "tracking number",
        "shipped_button": "I sent the goods back",
        "shipped": "Sent back",
        "arrived_button": "The goods arrived",
        "refund_button": "Mark as refunded",
        "refunded": "Refunded",
        "next": "What happens next",
        "main_nav": "Main",
        "tracking_label": "Tracking number",
        "masked": "B**** J**** L**",
    },
}
BUYER = {"ko": "buyer", "en": "buyer2"}


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


def sign_in_as(page, username, language):
    page.context.clear_cookies()
    login(page, username)
    if language != "ko":
        with page.expect_navigation():
            page.select_option("#language-select", language)


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.django_db(transaction=True)
def test_a_buyers_return_from_request_to_refund_with_the_seller_acting(
    page, people, time_machine, language
):
    time_machine.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=SEOUL))  # a Monday; it ticks on
    words = WORDS[language]
    buyer = BUYER[language]

    sign_in_as(page, buyer, language)
    page.get_by_role("navigation", name=words["main_nav"]).get_by_role(
        "link", name=words["my_claims"]
    ).click()
    page.wait_for_load_state()
    check_accessibility(page, f"claims-empty-{language}")
    page.locator("main").get_by_role("link", name=words["start"]).first.click()
    page.wait_for_load_state()
    page.select_option("select[name=kind]", "return")
    page.select_option("select[name=fault]", "buyer")
    page.fill("input[name=order_number]", "2026112812345678")
    page.fill("input[name=store_id]", "haru-living")
    page.fill("input[name=product_name]", "원목 수납함")
    page.fill("input[name=amount]", "39000")
    page.fill("input[name=delivered_on]", "2026-11-28")
    page.fill("textarea[name=reason]", "생각보다 커서 반품하고 싶어요.")
    check_accessibility(page, f"claim-new-{language}")
    press(page, words["send"])
    expect(page.get_by_text(words["sent"])).to_be_visible()
    claim = Claim.objects.get()
    expect(page.get_by_role("heading", name=words["next"])).to_be_visible()
    check_accessibility(page, f"claim-requested-{language}")

    sign_in_as(page, "seller", language)
    page.get_by_role("navigation", name=words["main_nav"]).get_by_role(
        "link", name=words["claims"], exact=True
    ).click()
    page.wait_for_load_state()
    expect(page.get_by_text(words["masked"]).first).to_be_visible()
    check_accessibility(page, f"claims-seller-list-{language}")
    page.get_by_role("link", name=claim.reference).click()
    page.wait_for_load_state()
    assert people[buyer].email not in page.content()
    press(page, words["accept"])
    expect(page.locator(".ticket-head .badge").first).to_have_text(words["accepted"])
    check_accessibility(page, f"claim-accepted-seller-{language}")

    sign_in_as(page, buyer, language)
    page.goto(f"{page.base}/claims/{claim.reference}/")
    page.get_by_label(words["tracking_label"]).fill("CJ-6012-3456-78")
    press(page, words["shipped_button"])
    expect(page.locator(".ticket-head .badge").first).to_have_text(words["shipped"])
    check_accessibility(page, f"claim-shipped-{language}")

    sign_in_as(page, "seller", language)
    page.goto(f"{page.base}/claims/{claim.reference}/")
    press(page, words["arrived_button"])
    press(page, words["refund_button"])
    expect(page.locator(".ticket-head .badge").first).to_have_text(words["refunded"])

    sign_in_as(page, buyer, language)
    page.goto(f"{page.base}/claims/{claim.reference}/")
    expect(page.locator(".ticket-head .badge").first).to_have_text(words["refunded"])
    expect(page.get_by_text("CJ-6012-3456-78").first).to_be_visible()
    check_accessibility(page, f"claim-refunded-{language}")
    claim.refresh_from_db()
    assert claim.state == "refunded" and claim.refunded_at is not None

    sign_in_as(page, "agent" if language == "ko" else "agent2", language)
    page.goto(f"{page.base}/agent/claims/?view=open")
    expect(page.get_by_role("link", name=claim.reference)).to_be_visible()
    check_accessibility(page, f"agent-claims-{language}")
    moves = list(
        ClaimEvent.objects.filter(claim=claim, kind="moved").values_list("party", "new_state")
    )
    assert moves == [
        ("store", "accepted"),
        ("buyer", "return_shipped"),
        ("store", "received"),
        ("store", "refunded"),
    ]
