"""A ticket filed and handled in Korean reads in English for an English agent, and the
other way round: the history is said in the reader's language."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from catalog.models import Category
from tickets import services

from .conftest import check_accessibility, login

HANGUL = re.compile(r"[가-힣]")


def _filed_and_handled_in_korean(people):
    with translation.override("ko"):
        ticket = services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="delivery"),
            subject="택배가 일주일째 오지 않아요",
            body="배송 조회를 해도 계속 배송 중으로 나옵니다.",
            details={"order_number": "2026112400001", "store_id": "modern-kitchen"},
        ).ticket
        agent = ticket.assignee
        services.change_category(ticket, by=agent, category=Category.objects.get(slug="refund"))
        services.add_message(ticket, by=agent, body="확인해 보겠습니다.", new_status="pending")
    return ticket


def _history_words(page) -> str:
    """The history as read, without people's names (the actor, the assignee's lines)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#history li')]
            .filter(li => !li.querySelector('strong').textContent.match(/Assignee|담당자/))
            .map(li => { const c = li.cloneNode(true);
                         c.querySelectorAll('.history-actor').forEach(a => a.remove());
                         return c.textContent; })
            .join(' ')"""
    )


@pytest.mark.django_db(transaction=True)
def test_an_english_agent_reads_in_english_what_was_written_in_korean(page, people):
    ticket = _filed_and_handled_in_korean(people)

    login(page, "agent")
    page.goto(f"{page.base}/agent/tickets/{ticket.reference}/")
    page.select_option("#case select[name=priority]", "high")
    expect(page.locator("#history")).to_contain_text("보통 → 높음")
    history = page.locator("#history")
    expect(history).to_contain_text("배송 → 환불")
    expect(history).to_contain_text("웹 양식")
    expect(history).to_contain_text("우선순위 보통으로 배정")
    expect(history).to_contain_text("시스템")
    assert not re.search(r"Web form|System|Normal|Delivery", _history_words(page))
    check_accessibility(page, "reader-language-ko")

    page.context.clear_cookies()
    login(page, "agent2")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    page.goto(f"{page.base}/agent/tickets/{ticket.reference}/")
    history = page.locator("#history")
    expect(history).to_contain_text("Normal → High")
    expect(history).to_contain_text("Delivery → Refund")
    expect(history).to_contain_text("Web form")
    expect(history).to_contain_text("Category Delivery routes to queue")
    expect(history).to_contain_text("First response target met")
    expect(history).to_contain_text("System")
    words = _history_words(page)
    assert not HANGUL.search(words), words
    check_accessibility(page, "reader-language-en")


@pytest.mark.django_db(transaction=True)
def test_a_notice_written_in_korean_reads_in_english_once_the_agent_switches(page, people):
    with translation.override("ko"):
        ticket = services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="other"),  # no automatic assignment
            subject="포인트가 적립되지 않았어요",
            body="지난주 구매한 상품의 포인트가 아직 적립되지 않았습니다.",
        ).ticket
        services.assign_ticket(ticket, by=people["admin"], assignee=people["agent"])

    login(page, "agent")
    page.goto(f"{page.base}/agent/notifications/")
    expect(page.locator(".notification-list")).to_contain_text(
        f"{ticket.reference} 티켓이 배정되었습니다"
    )
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    page.goto(f"{page.base}/agent/notifications/")
    notices = page.locator(".notification-list")
    expect(notices).to_contain_text(f"{ticket.reference} was assigned to you")
    expect(notices).not_to_contain_text("배정되었습니다")
    check_accessibility(page, "reader-language-notifications-en")
