"""The community in a real browser: a buyer asks (and is told their phone number was
masked), a seller answers, an agent verifies the answer; the buyer sees the badge and the
notice, and the help center's search finds the answer. In Korean and English, axe-clean,
with screenshots at desktop and phone width."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Answer, Question

from .conftest import check_accessibility, login

WORDS = {
    "ko": {
        "locale": "ko-KR",
        "community": "커뮤니티",
        "ask": "커뮤니티에 질문하기",
        "title": "질문을 한 줄로",
        "body": "세부 정보",
        "audience": "누구에게 묻나요?",
        "post": "질문 올리기",
        "masked": "전화번호 1개",
        "answer": "내 답변",
        "post_answer": "답변 올리기",
        "tools": "고객센터 도구",
        "verify": "이 답변 확인하기",
        "verified": "고객센터 확인 답변",
        "notices": "내 커뮤니티 알림",
        "notice": "새 답변이 달렸어요",
        "search": "검색",
    },
    "en": {
        "locale": "en-US",
        "community": "Community",
        "ask": "Ask the community",
        "title": "Your question in one line",
        "body": "Details",
        "audience": "Who should answer?",
        "post": "Post my question",
        "masked": "1 phone number",
        "answer": "Your answer",
        "post_answer": "Post my answer",
        "tools": "Help center tools",
        "verify": "Verify this answer",
        "verified": "Verified by the help center",
        "notices": "My community notices",
        "notice": "New answer to your question",
        "search": "Search",
    },
}
TITLES = {"ko": "택배 상자가 젖은 채로 왔어요", "en": "My parcel arrived soaking wet"}


def browser_page(browser, base, locale, width=1280):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base, page.csp_errors = base, []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and "Content Security Policy" in msg.text
            and page.csp_errors.append(msg.text)
        ),
    )
    return page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_buyer_asks_a_seller_answers_and_the_help_center_verifies(
    page, people, browser, language
):
    words = WORDS[language]
    for person in people.values():
        person.date_joined = timezone.now() - timedelta(days=90)
        person.save(update_fields=["date_joined"])
    title = TITLES[language]

    # The buyer finds the community in the navigation and asks, with a phone number in it.
    buyer = browser_page(browser, page.base, words["locale"])
    login(buyer, "buyer")
    buyer.get_by_role("navigation", name=None).get_by_role(
        "link", name=words["community"], exact=True
    ).first.click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text(words["community"])
    check_accessibility(buyer, f"community-board-{language}")
    buyer.get_by_role("link", name=words["ask"]).first.click()
    buyer.get_by_label(words["title"]).fill(title)
    buyer.get_by_label(words["body"]).fill(
        "상자가 젖어서 왔어요. 010-1234-5678 로 연락 주세요. The box was wet through."
    )
    buyer.get_by_label(words["audience"]).select_option("both")
    buyer.locator("#id_category").select_option("delivery")
    check_accessibility(buyer, f"community-ask-{language}")
    buyer.get_by_role("button", name=words["post"]).click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text(title)
    expect(buyer.get_by_text(words["masked"]).first).to_be_visible()
    expect(buyer.get_by_text("010-1234-5678")).to_have_count(0)
    check_accessibility(buyer, f"community-asked-{language}")
    question = Question.objects.get(title=title)
    assert "010-••••-••••" in question.body

    # A seller answers it.
    seller = browser_page(browser, page.base, words["locale"])
    login(seller, "seller")
    seller.goto(page.base + question.get_absolute_url())
    seller.get_by_role("textbox", name=words["answer"]).fill(
        "사진을 찍어 반품 신청하시면 판매자가 배송비를 부담해요. Photograph it and ask for a return."
    )
    seller.get_by_role("button", name=words["post_answer"]).click()
    expect(seller.locator(".community-answer")).to_have_count(1)
    check_accessibility(seller, f"community-answered-{language}")
    answer = Answer.objects.get(question=question)

    # An agent verifies the answer from the help center's tools on the page.
    agent = browser_page(browser, page.base, words["locale"])
    login(agent, "agent")
    agent.goto(page.base + question.get_absolute_url())
    agent.locator(f"#answer-{answer.pk} summary", has_text=words["tools"]).click()
    agent.get_by_role("button", name=words["verify"]).click()
    expect(agent.locator(f"#answer-{answer.pk} .badge-best")).to_have_text(words["verified"])
    check_accessibility(agent, f"community-verified-staff-{language}")
    answer.refresh_from_db()
    assert answer.verified_at is not None

    # The buyer sees the badge, and the notices of the answer and of the verification.
    buyer.reload()
    expect(buyer.locator(f"#answer-{answer.pk} .badge-best")).to_have_text(words["verified"])
    check_accessibility(buyer, f"community-verified-{language}")
    buyer.goto(page.base + "/community/notifications/")
    expect(buyer.get_by_role("heading", level=1)).to_have_text(words["notices"])
    expect(buyer.get_by_text(words["notice"])).to_be_visible()
    check_accessibility(buyer, f"community-notices-{language}")

    # The help center's search box finds the verified community answer beside the FAQ.
    buyer.goto(page.base + "/")
    buyer.locator("#home-search").fill("젖은 상자" if language == "ko" else "soaking wet")
    buyer.locator("#home-search").press("Enter")
    result = buyer.locator("#faq-results li", has_text=title)
    expect(result.locator(".badge-best")).to_have_text(words["verified"])
    check_accessibility(buyer, f"community-in-search-{language}")
