"""GET /api/v1/community/questions/ (?search=) and .../<id>/: public, scoped; POST signed in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from community import services
from community.models import Question

from .conftest import answer, ask


@pytest.fixture
def api():
    return APIClient()


def test_anyone_reads_the_list_and_searches_it(community, categories, api):
    found = ask(community["buyer"], categories, title="배송 지연 보상 문의")
    ask(
        community["buyer"],
        categories,
        title="환불 계좌 변경 문의",
        body="환불 받을 계좌를 바꾸고 싶어요.",
        category=categories["refund"],
    )
    services.verify_answer(answer(found, community["seller"]), by=community["agent"])
    response = api.get("/api/v1/community/questions/", {"search": "배송지연"})
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert (item["id"], item["category"], item["answer_count"], item["has_verified_answer"]) == (
        found.pk,
        "delivery",
        1,
        True,
    )
    assert item["author"] == "구*자 이*연"  # masked on a public board


def test_a_question_reads_with_its_answers_verified_first(community, categories, api):
    question = ask(community["buyer"], categories)
    first = answer(question, community["buyer2"], body="판매자에게 먼저 연락해 보세요.")
    checked = answer(question, community["seller"])
    services.verify_answer(checked, by=community["agent"])
    body = api.get(f"/api/v1/community/questions/{question.pk}/").json()
    assert [a["id"] for a in body["answers"]] == [checked.pk, first.pk]
    assert body["answers"][0]["is_verified"] is True


def test_hidden_posts_and_the_seller_board_are_404_for_those_who_may_not_see_them(
    community, categories, api
):
    hidden = ask(community["buyer"], categories)
    services.hide_post(hidden, by=community["agent"])
    board = ask(
        community["seller"], categories, audience="seller", category=categories["sales-statistics"]
    )
    reply = answer(board, community["seller"], body="판매자끼리의 답변입니다. 정산 관련.")
    services.hide_post(reply, by=community["agent"])
    assert api.get(f"/api/v1/community/questions/{hidden.pk}/").status_code == 404
    assert api.get(f"/api/v1/community/questions/{board.pk}/").status_code == 404
    assert api.get("/api/v1/community/questions/").json()["count"] == 0
    api.force_authenticate(community["agent"])
    assert api.get(f"/api/v1/community/questions/{hidden.pk}/").status_code == 404  # never
    body = api.get(f"/api/v1/community/questions/{board.pk}/").json()
    assert body["answers"] == []  # the hidden answer neither
    api.force_authenticate(community["seller"])
    assert api.get(f"/api/v1/community/questions/{board.pk}/").status_code == 200


def test_signed_in_people_ask_and_answer_and_are_told_what_was_masked(community, categories, api):
    assert api.post("/api/v1/community/questions/", {}, format="json").status_code == 401
    api.force_authenticate(community["buyer"])
    response = api.post(
        "/api/v1/community/questions/",
        {
            "title": "주문 2026111412345678 배송이 멈췄어요",
            "body": "연락처 010-9876-5432 입니다. 배송 조회가 멈췄어요.",
            "audience": "buyer",
            "category": "delivery",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["masked"] == {"order_number": 1, "phone": 1}
    assert "2026111412345678" not in body["title"] and "9876" not in body["body"]
    api.force_authenticate(community["seller"])
    response = api.post(
        f"/api/v1/community/questions/{body['id']}/answers/",
        {"body": "택배사에 문의해 보세요. seller@example.com 으로 연락 주세요."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["masked"] == {"email": 1}


def test_bad_input_is_a_400_by_field_and_saves_nothing(community, categories, api):
    api.force_authenticate(community["buyer"])
    response = api.post(
        "/api/v1/community/questions/",
        {"title": "짧", "body": "짧아요", "audience": "seller", "category": "delivery"},
        format="json",
    )
    assert response.status_code == 400
    assert {"title", "body", "audience"} <= set(response.json()["error"]["fields"])
    response = api.post(
        "/api/v1/community/questions/",
        {"title": "정상 제목입니다", "body": "정상 본문입니다 열 글자 이상", "category": "nowhere"},
        format="json",
    )
    assert response.status_code == 400 and "category" in response.json()["error"]["fields"]
    assert not Question.objects.exists()


def test_staff_cannot_post_and_new_accounts_get_429(community, categories, api, settings):
    api.force_authenticate(community["agent"])
    data = {
        "title": "직원 질문입니다",
        "body": "직원은 질문하지 않아요 열 글자",
        "category": "delivery",
    }
    assert api.post("/api/v1/community/questions/", data, format="json").status_code == 403
    settings.COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR = 1
    newcomer = community["buyer2"]
    newcomer.date_joined = timezone.now() - timedelta(hours=2)
    newcomer.save()
    api.force_authenticate(newcomer)
    assert api.post("/api/v1/community/questions/", data, format="json").status_code == 201
    response = api.post("/api/v1/community/questions/", data, format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_the_schema_documents_the_community(client, db):
    schema = client.get("/api/schema/").text
    assert "/api/v1/community/questions/{id}/" in schema
    assert "CommunityAudienceEnum" in schema


def test_a_repeated_idempotency_key_returns_the_first_question(community, categories, api):
    api.force_authenticate(community["buyer"])
    data = {
        "title": "재시도해도 하나만",
        "body": "네트워크 재시도에도 질문은 하나",
        "category": "delivery",
    }
    first = api.post("/api/v1/community/questions/", data, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = api.post("/api/v1/community/questions/", data, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Question.objects.count() == 1
