"""The requester journeys in a real browser: guest, buyer and seller."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tickets.models import Ticket

from .conftest import check_accessibility, login


def pick_category(page, name):
    with page.expect_response(re.compile(r"/tickets/new/\?category=")):
        page.get_by_role("radio", name=re.compile(name)).check()
    page.wait_for_selector("#case-fields:not([hidden])")


@pytest.mark.django_db(transaction=True)
def test_a_guest_files_a_delivery_inquiry_and_reads_it_through_the_private_link(
    page, people, browser
):
    page.goto(page.base + "/tickets/new/")
    check_accessibility(page, "inquiry-form-ko")
    pick_category(page, "^배송")
    page.get_by_label("주문번호").fill("2026112012347777")
    page.get_by_label("스토어 (판매자 ID)").fill("haru-living")
    page.get_by_label("이름").fill("최민수")
    page.get_by_label("이메일").fill("minsu@example.com")
    page.get_by_label("제목").fill("배송지를 잘못 입력했어요")
    page.get_by_label("어떤 일이 있었나요?").fill("아파트 동 호수를 잘못 적었습니다.")
    check_accessibility(page, "inquiry-form-delivery-ko")
    page.get_by_role("button", name="문의 보내기").click()
    page.wait_for_url(re.compile(r"/tickets/track/"))
    ticket = Ticket.objects.get(subject="배송지를 잘못 입력했어요")
    assert page.get_by_role("heading", name=re.compile(f"{ticket.reference}")).is_visible()
    assert ticket.order_number == "2026112012347777" and ticket.queue.slug == "orders"
    check_accessibility(page, "guest-confirmation-ko")

    # The acknowledgement e-mail carries the private link; a fresh browser opens it.
    link = re.search(r"http://\S+/tickets/track/\S+/", mail.outbox[-1].body).group(0)
    other = browser.new_context(locale="ko-KR")
    guest = other.new_page()
    guest.goto(page.base + link.split("8000", 1)[-1] if ":8000" in link else link)
    assert guest.get_by_text("아파트 동 호수를 잘못 적었습니다.").is_visible()
    assert guest.get_by_text("2026112012347777").is_visible()
    other.close()


@pytest.mark.django_db(transaction=True)
def test_a_buyer_files_a_payment_inquiry_and_finds_it_in_the_list(page, people):
    login(page, "buyer")
    page.goto(page.base + "/tickets/new/")
    pick_category(page, "^결제")
    page.locator("#id_details-payment_method").select_option("card")
    page.locator("#id_details-amount").fill("45900")
    page.get_by_label("제목").fill("결제 오류 후 승인 문자만 왔어요")
    page.get_by_label("어떤 일이 있었나요?").fill("주문 내역에는 없습니다.")
    page.get_by_role("button", name="문의 보내기").click()
    page.wait_for_url(re.compile(r"/tickets/HD-\d+/\?filed=1$"))
    assert page.get_by_role("heading", name=re.compile("감사합니다")).is_visible()
    check_accessibility(page, "buyer-ticket-ko")
    page.get_by_role("link", name="내 문의").first.click()
    row = page.get_by_role("row", name=re.compile("결제 오류 후 승인 문자만 왔어요"))
    expect(row).to_contain_text("신규")  # waits for the list to load
    check_accessibility(page, "buyer-list-ko")


@pytest.mark.django_db(transaction=True)
def test_a_buyer_sees_a_missing_detail_explained_in_english(page, people):
    login(page, "buyer2")
    page.goto(page.base + "/tickets/new/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    pick_category(page, "^Refund")
    page.get_by_label("Subject").fill("Refund missing")
    page.get_by_label("What happened?").fill("Still nothing on my card.")
    page.get_by_role("button", name="Send inquiry").click()
    expect(page.get_by_text("Please fill this in.").first).to_be_visible()
    assert not Ticket.objects.filter(subject="Refund missing").exists()
    check_accessibility(page, "inquiry-errors-en")


@pytest.mark.django_db(transaction=True)
def test_a_seller_sees_a_buyers_inquiry_about_the_store_and_answers_it(page, people):
    from catalog.models import Category
    from tickets import services

    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="return-exchange"),
        subject="유리 용기가 깨져서 왔어요",
        body="교환 가능할까요?",
        details={
            "order_number": "2026111012340000",
            "store_id": "haru-living",
            "product_name": "블렌더",
        },
    ).ticket
    login(page, "seller")
    page.goto(page.base + "/tickets/?scope=store")
    check_accessibility(page, "seller-list-ko")
    page.get_by_role("link", name=ticket.reference).click()
    page.get_by_label("답장").fill("사진을 보내주시면 바로 교환해 드릴게요.")
    page.get_by_role("button", name="보내기").click()
    page.wait_for_load_state()
    expect(page.get_by_text("사진을 보내주시면 바로 교환해 드릴게요.")).to_be_visible()
    expect(page.get_by_text("하루살림 생활용품").first).to_be_visible()
    check_accessibility(page, "seller-answer-ko")
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
