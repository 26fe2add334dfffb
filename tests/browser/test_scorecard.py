"""The store's scorecard in a real browser: the seller reads theirs and opens an overdue
inquiry; a supervisor ranks the stores, downloads the CSV and opens a store; in Korean and
English, axe-clean, at desktop and phone width."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Category
from tickets import services
from tickets.models import SatisfactionRating, Ticket

from .conftest import check_accessibility, login


def _store_inquiries(people):
    """The seller's store haru-living: two inquiries answered (one rated), one overdue, one
    due in ten days; the other store, modern-kitchen, one answered inquiry."""
    delivery = Category.objects.get(slug="delivery")

    def inquiry(who, subject, store="haru-living"):
        return services.open_ticket(
            requester=people[who],
            category=delivery,
            subject=subject,
            body="주문한 상품이 아직 오지 않았어요.",
            details={"order_number": "2026111412345678", "store_id": store},
        ).ticket

    for subject in ("냄비 배송 문의", "Where is my kettle?"):
        answered = inquiry("buyer", subject)
        services.add_message(answered, by=people["seller"], body="오늘 출고합니다.")
    SatisfactionRating.objects.create(ticket=answered, score=5)
    overdue = inquiry("buyer2", "프라이팬이 일주일째 안 와요")
    now = timezone.now()
    Ticket.objects.filter(pk=overdue.pk).update(
        store_answer_due_at=now - timedelta(hours=3), store_missed_at=now - timedelta(hours=3)
    )
    later = inquiry("buyer", "재입고 알림 문의")
    Ticket.objects.filter(pk=later.pk).update(store_answer_due_at=now + timedelta(days=10))
    other = inquiry("buyer2", "Blender box damaged", store="modern-kitchen")
    Ticket.objects.filter(pk=other.pk).update(store_answer_minutes=30, store_answer_due_at=None)
    return overdue


def _no_sideways_scroll(page):
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.django_db(transaction=True)
def test_the_seller_reads_their_scorecard_and_opens_the_overdue_inquiry(page, people):
    overdue = _store_inquiries(people)
    login(page, "seller")
    page.goto(page.base + "/tickets/")
    page.locator("main").get_by_role("link", name="스토어 통계").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("스토어 통계")
    expect(page.get_by_role("heading", name="성과표")).to_be_visible()
    kpis = page.locator(".scorecard-kpis").first
    expect(kpis).to_contain_text("기한 내 답변, 최근 30일")
    expect(kpis).to_contain_text("67%")  # 2 answered on time, 1 overdue
    expect(page.locator(".time-left-overdue .kpi-value")).to_have_text("1")
    expect(page.locator(".time-left-later .kpi-value")).to_have_text("1")
    check_accessibility(page, "seller-scorecard")
    _no_sideways_scroll(page)
    # The buyers' names and addresses never reach the seller's scorecard.
    text = page.locator("main").inner_text()
    for secret in ("이서연", "Jamie", "buyer@example.com", "buyer2@example.com"):
        assert secret not in text

    page.locator(".time-left-overdue a").click()
    expect(page).to_have_url(re.compile("#left-overdue$"))
    page.get_by_role("link", name=re.compile("프라이팬이 일주일째 안 와요")).click()
    expect(page).to_have_url(re.compile(f"/tickets/{overdue.reference}/$"))

    page.goto(page.base + "/tickets/stats/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Store statistics")
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
    expect(page.locator(".time-left-overdue")).to_contain_text("Overdue")
    check_accessibility(page, "seller-scorecard-en")


@pytest.mark.django_db(transaction=True)
def test_a_supervisor_ranks_the_stores_downloads_them_and_opens_one(page, people):
    overdue = _store_inquiries(people)
    login(page, "admin")
    page.goto(page.base + "/agent/reports/")
    page.get_by_role("link", name="스토어 순위").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("스토어 순위")
    rows = page.locator(".ranking-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("모던키친")  # 100% on time
    expect(rows.nth(1)).to_contain_text("하루살림 생활용품")  # 67%
    check_accessibility(page, "store-ranking")
    _no_sideways_scroll(page)

    page.get_by_role("link", name=re.compile("^기한 초과")).click()  # sort by overdue
    expect(rows.nth(0)).to_contain_text("하루살림 생활용품")
    expect(page.locator("th[aria-sort]")).to_contain_text("기한 초과")

    with page.expect_download() as info:
        page.locator("a.csv-link").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["순위", "스토어", "판매자 ID"]
    assert [row[2] for row in table[1:]] == ["haru-living", "modern-kitchen"]
    assert "@example.com" not in text

    page.get_by_role("link", name="하루살림 생활용품").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("하루살림 생활용품")
    link = page.get_by_role("link", name=re.compile("프라이팬이 일주일째 안 와요"))
    expect(link).to_have_attribute("href", f"/agent/tickets/{overdue.reference}/")
    check_accessibility(page, "store-page")

    page.goto(page.base + "/agent/reports/stores/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Store ranking")
    expect(page.locator(".ranking-table thead")).to_contain_text("Answered on time, 30 days")
    check_accessibility(page, "store-ranking-en")
