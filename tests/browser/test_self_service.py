"""Self-service journeys in the real browser: search, read, vote; pick a situation; suggestions."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from catalog import calendar as cal
from faq.models import Article, ArticleVote
from tests.factories import ArticleFactory

from .conftest import check_accessibility

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


def switch_to_english(page):
    with page.expect_navigation():
        page.select_option("#language-select", "en")


REFUND_TABLE = """## 결제 수단별 환불 시점

| 결제 수단 | 환불 시점 |
| --- | --- |
| 신용·체크카드 | 3~7영업일 |
| 포인트 | 즉시 |
"""


@pytest.mark.django_db(transaction=True)
def test_a_buyer_searches_opens_an_article_and_votes(page, reference_data):
    categories = reference_data.categories
    ArticleFactory(
        slug="delivery-delay-compensation",
        category=categories["delivery"],
        question_ko="배송 지연이 길어지면 보상을 받을 수 있나요?",
        answer_ko="발송 예정일보다 5영업일 이상 늦으면 지연 보상 포인트를 신청할 수 있습니다.",
    )
    ArticleFactory(
        slug="refund-procedure",
        category=categories["refund"],
        question_ko="환불 절차를 알려주세요",
        question_en="The refund procedure, step by step",
        answer_ko=REFUND_TABLE,
        answer_en=REFUND_TABLE.replace("결제 수단", "Payment method"),
    )
    page.goto(page.base + "/faq/")
    check_accessibility(page, "faq-index-ko")
    page.fill("#faq-q", "환불")
    results = page.locator("#faq-results .result-title")
    results.first.wait_for()
    assert "환불" in page.locator("#faq-results .results-count").inner_text()
    assert page.url.endswith("q=%ED%99%98%EB%B6%88")  # pushed: the address can be shared
    check_accessibility(page, "faq-search-ko")

    page.fill("#faq-q", "배송지연")
    page.locator("#faq-results a[href='/faq/delivery-delay-compensation/']").wait_for()

    page.locator("#faq-results a[href='/faq/delivery-delay-compensation/']").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("배송 지연이 길어지면")
    check_accessibility(page, "faq-article-ko")

    page.fill("#id_comment", "표로 정리되어 있어 좋아요")
    page.get_by_role("button", name="네, 도움이 되었어요").click()
    page.get_by_role("heading", name="의견 감사합니다").wait_for()
    article = Article.objects.get(slug="delivery-delay-compensation")
    assert article.helpful_count == 1
    assert ArticleVote.objects.get(article=article).comment == "표로 정리되어 있어 좋아요"

    page.reload()
    assert page.get_by_role("heading", name="의견 감사합니다").is_visible()  # once per session
    switch_to_english(page)
    page.goto(page.base + "/faq/refund-procedure/")
    assert page.get_by_role("heading", level=1).inner_text() == "The refund procedure, step by step"
    assert page.locator(".prose table").is_visible()
    check_accessibility(page, "faq-article-en")
    page.goto(page.base + "/faq/?q=refund")
    check_accessibility(page, "faq-search-en")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("moment", "name", "phone_state"),
    [
        (datetime(2026, 11, 24, 12, 0, tzinfo=SEOUL), "weekday", "운영 중, 18:00까지"),
        (datetime(2026, 9, 24, 20, 0, tzinfo=SEOUL), "chuseok", "월요일 09:00에 열림"),
    ],
)
def test_a_buyer_picks_refund_and_sees_the_channels_open_now(
    page, people, time_machine, moment, name, phone_state
):
    time_machine.move_to(moment)  # the server's clock; it ticks on, as the browser needs
    page.goto(page.base + "/contacts/")
    page.get_by_label("환불").check()
    page.locator("#situation-title").wait_for()
    assert page.locator("#situation-title").inner_text() == "“환불” 문의는 이곳으로"
    cards = page.locator("#situation-result .channel-card")
    first = cards.first
    assert "운영 중" in first.locator(".badge").first.inner_text()  # open channels lead
    phone = page.locator("#situation-result article[aria-labelledby='pick-phone']")
    assert phone_state in phone.inner_text()
    assert "결제 수단" in page.locator(".prepare").inner_text()
    assert "category=refund" in page.url
    check_accessibility(page, f"contacts-refund-{name}-ko")

    switch_to_english(page)
    assert page.locator("#situation-title").inner_text() == "Where to go for “Refund”"
    check_accessibility(page, f"contacts-refund-{name}-en")


@pytest.mark.django_db(transaction=True)
def test_suggestions_appear_beside_the_inquiry_form_and_count_a_solved_case(page, reference_data):
    ArticleFactory(
        slug="refund-account",
        category=reference_data.categories["refund"],
        question_ko="환불 계좌는 어디에서 바꾸나요?",
        answer_ko="내 정보 > 환불 계좌에서 본인 명의 계좌로 바꿀 수 있습니다.",
    )
    page.goto(page.base + "/tickets/new/")
    page.get_by_label("환불").first.check()
    page.locator("#faq-suggestions .suggestion-list a").first.wait_for()
    page.fill("#id_subject", "환불 계좌 변경")
    page.locator("#faq-suggestions a[href^='/faq/refund-account/']").wait_for()
    check_accessibility(page, "inquiry-suggestions-ko")

    with page.context.expect_page() as opened:
        page.locator("#faq-suggestions a[href^='/faq/refund-account/']").click()
    article = opened.value
    article.wait_for_load_state()
    article.get_by_role("button", name="해결되었어요, 문의하지 않을게요").click()
    article.wait_for_load_state()
    expect(article.get_by_role("heading", name="해결되어 다행입니다")).to_be_visible()

    from faq.models import Deflection

    assert sorted(Deflection.objects.values_list("kind", "category__slug")) == [
        ("opened", "refund"),
        ("solved", "refund"),
    ]
    assert page.locator("#id_subject").input_value() == "환불 계좌 변경"  # the form is intact
