"""The seller board is for sellers and staff: everyone else gets a 404, as for a question
that does not exist, on pages and in the list."""

import pytest

from .conftest import answer, ask


@pytest.fixture
def board_question(community, categories):
    question = ask(
        community["seller"],
        categories,
        title="정산 주기가 궁금해요",
        audience="seller",
        category=categories["sales-statistics"],
    )
    answer(question, community["seller"], body="정산은 구매 확정 후 다음 영업일에 됩니다.")
    return question


@pytest.mark.parametrize("who", [None, "buyer"])
def test_buyers_and_anonymous_people_never_see_the_seller_board(
    board_question, community, client, who
):
    if who:
        client.force_login(community[who])
    assert client.get(board_question.get_absolute_url()).status_code == 404
    assert board_question.title not in client.get("/community/").text
    assert board_question.title not in client.get("/community/", {"audience": "seller"}).text
    assert client.post(
        f"/community/question/{board_question.pk}/report/", {"reason": "spam"}
    ).status_code in (302, 404)


@pytest.mark.parametrize("who", ["seller", "agent"])
def test_sellers_and_staff_read_the_seller_board(board_question, community, client, who):
    client.force_login(community[who])
    assert client.get(board_question.get_absolute_url()).status_code == 200
    listed = client.get("/community/", {"audience": "seller"}).text
    assert board_question.title in listed


def test_the_list_filters_by_board_category_and_words(community, categories, client):
    delivery = ask(community["buyer"], categories, title="택배 분실 되었어요")
    refund = ask(
        community["buyer"], categories, title="환불 지연 문의", category=categories["refund"]
    )
    both = ask(community["seller"], categories, title="택배사 변경은 어떻게", audience="both")
    page = client.get("/community/", {"category": "refund"}).text
    assert refund.title in page and delivery.title not in page
    page = client.get("/community/", {"q": "택배"}).text
    assert delivery.title in page and both.title in page and refund.title not in page
    page = client.get("/community/", {"audience": "buyer"}).text
    assert both.title in page  # "both" is on every board
    partial = client.get(
        "/community/", {"q": "택배"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="community-results"
    ).text
    assert "<html" not in partial and delivery.title in partial


def test_the_both_filter_lists_only_questions_for_everyone(community, categories, client):
    buyers = ask(community["buyer"], categories, title="구매자 게시판 질문")
    both = ask(community["seller"], categories, title="모두에게 묻는 질문", audience="both")
    page = client.get("/community/", {"audience": "both"}).text
    assert both.title in page and buyers.title not in page
