import re

import pytest
from playwright.sync_api import expect

from catalog.models import Category
from tests.factories import MacroFactory
from tickets import services

from .conftest import check_accessibility, login


def _buyer_inquiry(people):
    return services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="other"),  # a queue without automatic assignment
        subject="포인트가 적립되지 않았어요",
        body="지난주 구매한 상품의 포인트가 아직 적립되지 않았습니다.",
    ).ticket


@pytest.mark.django_db(transaction=True)
def test_an_agent_takes_a_new_ticket_answers_with_a_canned_response_and_the_buyer_sees_it(
    page, people
):
    ticket = _buyer_inquiry(people)
    MacroFactory(
        name="배송 조회 안내 / Tracking steps",
        body="주문 내역에서 송장번호를 눌러 배송 상황을 확인하실 수 있습니다.",
        set_status="pending",
    )
    login(page, "agent")
    page.get_by_role("link", name="상담원 워크스페이스").first.click()
    page.get_by_role("link", name=re.compile("미배정")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("미배정")
    check_accessibility(page, "agent-queue")

    page.get_by_role("link", name=re.compile(ticket.reference)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ticket.subject)
    page.get_by_role("button", name="내가 맡기").click()
    expect(page.get_by_text("이 티켓을 맡았습니다.")).to_be_visible()
    expect(page.locator("#id_assignee")).to_have_value(str(people["agent"].pk))

    page.select_option("#macro-pick", label="배송 조회 안내 / Tracking steps")
    page.get_by_role("button", name="넣기").click()
    expect(page.locator("#id_body")).to_have_value(re.compile("송장번호를 눌러 배송 상황"))
    expect(page.locator(".macro-effects")).to_be_visible()
    check_accessibility(page, "agent-ticket")

    page.get_by_role("button", name="보내고 답변 대기로 변경").click()
    expect(page.get_by_text("답변을 보냈습니다.")).to_be_visible()
    expect(page.locator("#ticket-header .badge-pending")).to_be_visible()
    expect(page.locator(".thread .msg-staff")).to_contain_text("송장번호를 눌러 배송 상황")

    page.context.clear_cookies()
    login(page, "buyer")
    page.goto(f"{page.base}/tickets/{ticket.reference}/")
    expect(page.locator(".thread")).to_contain_text("송장번호를 눌러 배송 상황")
    expect(page.locator(".ticket-head .badge-pending")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_an_agent_sees_within_seconds_that_a_colleague_is_writing_on_the_same_ticket(
    page, people, browser
):
    ticket = _buyer_inquiry(people)
    login(page, "agent")
    page.goto(f"{page.base}/agent/tickets/{ticket.reference}/")

    other = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    colleague = other.new_page()
    colleague.base = page.base
    login(colleague, "agent2")
    colleague.goto(f"{page.base}/agent/tickets/{ticket.reference}/")
    colleague.locator("#id_body").press_sequentially("Checking the points ledger")

    expect(page.locator("#presence")).to_contain_text(
        f"{people['agent2'].display_name} 님이 답변을 작성하고 있습니다.", timeout=8_000
    )
    expect(colleague.locator("#presence")).to_contain_text(
        people["agent"].display_name, timeout=8_000
    )
    check_accessibility(page, "agent-collision")
    other.close()


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_due_soon_and_breached_stay_in_view(page, people):
    login(page, "agent")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{page.base}/agent/")
    for view in ("due_soon", "breached"):
        box = page.locator(f".views-nav .view-{view}").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, view
    check_accessibility(page, "agent-queue-375")
