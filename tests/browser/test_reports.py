import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Category
from tickets import services
from tickets.models import SatisfactionRating, Ticket

from .conftest import check_accessibility, login


def _activity(people):
    """Four inquiries answered, resolved and rated, and a payment one still unanswered past
    its first-response due time: payment is the category that misses its target."""

    def file(who, slug, subject, **details):
        return services.open_ticket(
            requester=people[who],
            category=Category.objects.get(slug=slug),
            subject=subject,
            body="확인 부탁드립니다.",
            details=details,
        ).ticket

    answered = [
        file(
            "buyer",
            "delivery",
            "냄비가 오지 않아요",
            order_number="2026111412345678",
            store_id="haru-living",
        ),
        file(
            "buyer2",
            "refund",
            "Refund not received",
            order_number="2026110212349999",
            payment_method="card",
            amount=129000,
        ),
        file("seller", "sales-statistics", "11월 매출 통계가 비어 있어요", store_id="haru-living"),
        file("buyer", "feedback", "주문 조회가 느려요"),
    ]
    late = file("buyer2", "payment", "Charged twice", payment_method="card", amount=32000)
    Ticket.objects.filter(pk=late.pk).update(
        first_response_due_at=timezone.now() - timedelta(hours=1)
    )
    for index, ticket in enumerate(answered):
        services.add_message(
            ticket, by=people["agent2"], body="처리했습니다.", new_status=Ticket.Status.RESOLVED
        )
        SatisfactionRating.objects.create(
            ticket=ticket, score=5 - index, comment="=빠른 답변 감사합니다" if index else ""
        )


@pytest.mark.django_db(transaction=True)
def test_the_supervisor_reads_which_category_misses_its_target_and_downloads_the_table(
    page, people
):
    _activity(people)
    login(page, "admin")
    page.goto(page.base + "/agent/")
    page.get_by_role("link", name="리포트").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("리포트")
    expect(page.get_by_role("heading", name="유형별 목표 준수율")).to_be_visible()
    expect(page.locator(".callout")).to_contain_text("결제")  # the payment inquiry is late
    expect(page.locator(".callout-good")).to_have_count(0)
    expect(page.locator("svg.chart-kind-bars rect.chart-bar").first).to_be_attached()
    check_accessibility(page, "reports")
    # On a phone the wide tables scroll inside their box; the page itself never scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as info:
        page.locator("#compliance-title ~ a.csv-link").first.click()
    download = info.value
    assert download.suggested_filename.startswith("report-compliance-")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "문의 유형"
    assert rows[1][0] == "결제"  # sorted by breach rate: the late payment inquiry first

    with page.expect_download() as info:
        page.locator("a.csv-link[href*='table=comments']").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "'=빠른 답변 감사합니다" in text

    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    page.get_by_role("link", name="Last 30 days").click()
    expect(page.locator(".lead")).to_contain_text("(Seoul time)")
    check_accessibility(page, "reports-en")


@pytest.mark.django_db(transaction=True)
def test_the_seller_opens_their_store_statistics_from_my_inquiries(page, people):
    _activity(people)
    login(page, "seller")
    page.goto(page.base + "/tickets/")
    page.locator("main").get_by_role("link", name="스토어 통계").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("스토어 통계")
    expect(page.locator(".lead")).to_contain_text("하루살림 생활용품")
    check_accessibility(page, "seller-stats")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Store statistics")
    check_accessibility(page, "seller-stats-en")
