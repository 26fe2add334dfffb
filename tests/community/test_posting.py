"""Asking: who may, on which board, what is stored, and what the author is told."""

import pytest

from community import services
from community.models import Question

from .conftest import ask


def test_a_buyer_asks_and_the_question_is_stored_as_written(community, categories):
    question = ask(community["buyer"], categories, title="  배송 지연 보상  ")
    question.refresh_from_db()
    assert (question.title, question.audience, question.category.slug) == (
        "배송 지연 보상",
        "buyer",
        "delivery",
    )
    assert question.masked == {}
    assert "배송지연" in question.search_compact


def test_order_numbers_phones_and_emails_are_masked_before_storing(community, categories):
    posted = services.ask_question(
        author=community["buyer"],
        title="주문 2026111412345678 배송 문의",
        body="연락 주세요 010-1234-5678, buyer.kim@example.com\n\n날짜는 2026-11-14 입니다.",
        audience="buyer",
        category=categories["delivery"],
    )
    question = Question.objects.get(pk=posted.post.pk)
    stored = question.title + question.body
    for secret in ("2026111412345678", "1234-5678", "buyer.kim@example.com", "kim@"):
        assert secret not in stored
    assert "••••••••••••5678" in question.title
    assert "010-••••-••••" in question.body
    assert "b•••@•••.com" in question.body
    assert "2026-11-14" in question.body  # a date is not an order number
    assert posted.masked == question.masked == {"order_number": 1, "phone": 1, "email": 1}


def test_the_author_is_told_what_was_masked_on_the_page_and_nobody_else_is(
    community, categories, client
):
    client.force_login(community["buyer"])
    response = client.post(
        "/community/ask/",
        {
            "title": "배송 문의 드립니다",
            "body": "제 번호는 010-1234-5678 이에요. 배송이 안 와요.",
            "audience": "buyer",
            "category": "delivery",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "전화번호 1개를 가렸어요" in response.text
    assert "010-1234-5678" not in response.text
    question = Question.objects.get()
    client.force_login(community["buyer2"])
    assert "전화번호 1개" not in client.get(question.get_absolute_url()).text


def test_bad_input_saves_nothing_and_says_why(community, categories, client):
    with pytest.raises(services.InvalidPost) as refused:
        ask(community["buyer"], categories, title="짧", body="짧아")
    assert set(refused.value.errors) == {"title", "body"}
    client.force_login(community["buyer"])
    response = client.post(
        "/community/ask/", {"title": "", "body": "", "audience": "buyer", "category": "delivery"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not Question.objects.exists()


def test_only_sellers_ask_on_the_seller_board(community, categories):
    with pytest.raises(services.InvalidPost) as refused:
        ask(community["buyer"], categories, audience="seller")
    assert "audience" in refused.value.errors
    question = ask(community["seller"], categories, audience="seller")
    assert question.audience == "seller"


def test_buyers_cannot_ask_in_seller_categories(community, categories):
    with pytest.raises(services.InvalidPost) as refused:
        ask(community["buyer"], categories, category=categories["seller-registration"])
    assert "category" in refused.value.errors


def test_staff_do_not_ask_and_anonymous_people_are_sent_to_sign_in(community, categories, client):
    with pytest.raises(services.NotAllowed):
        ask(community["agent"], categories)
    response = client.get("/community/ask/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post("/community/ask/", {"title": "x"}).status_code == 302
    assert not Question.objects.exists()


def test_markdown_is_sanitised_when_shown(community, categories, client):
    question = ask(
        community["buyer"],
        categories,
        body='**굵게** <script>alert(1)</script> [x](javascript:alert(1)) <a hx-get="/x">y</a>',
    )
    page = client.get(question.get_absolute_url()).text
    assert "<strong>굵게</strong>" in page
    assert "<script>alert" not in page and "javascript:" not in page and 'hx-get="/x"' not in page


def test_a_masked_number_reads_as_masked_on_the_page_not_as_markdown(community, categories, client):
    question = ask(
        community["buyer"], categories, body="제 번호는 010-1234-5678 입니다. 연락 주세요."
    )
    page = client.get(question.get_absolute_url()).text
    assert "010-••••-••••" in page and "<strong>" not in page


def test_a_double_click_posts_one_question_and_one_answer(community, categories, client):
    client.force_login(community["buyer"])
    form = {
        "submission_id": "00000000-0000-4000-8000-000000000001",
        "title": "두 번 눌러도 한 번만",
        "body": "더블클릭해도 질문은 하나만 올라가야 해요.",
        "audience": "buyer",
        "category": "delivery",
    }
    first = client.post("/community/ask/", form)
    second = client.post("/community/ask/", form)
    question = Question.objects.get()
    assert first["Location"] == second["Location"] == question.get_absolute_url()
    client.force_login(community["seller"])
    reply = {
        "submission_id": "00000000-0000-4000-8000-000000000002",
        "body": "답변은 한 번만 올라가요.",
    }
    client.post(f"/community/{question.pk}/answer/", reply)
    client.post(f"/community/{question.pk}/answer/", reply)
    assert question.answers.count() == 1


def test_hostile_text_stays_inert_on_every_community_surface(community, categories, client):
    from community import services as community_services

    hostile = '<img src=x onerror=alert(1)> 배송 "지연" <b hx-get="/x">'
    question = ask(community["buyer"], categories, title=hostile)
    reply = community_services.answer_question(
        question, author=community["seller"], body=f"{hostile} 답변 본문입니다"
    ).post
    community_services.verify_answer(reply, by=community["agent"])
    client.force_login(community["buyer"])
    for url in (
        "/community/",
        question.get_absolute_url(),
        "/community/notifications/",
        "/faq/?q=배송",
    ):
        page = client.get(url).text
        assert "<img src=x" not in page and 'hx-get="/x"' not in page, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in page, url
