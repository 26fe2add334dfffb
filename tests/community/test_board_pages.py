"""The board's search list: every match counted, the page's questions best first, with their
answer counts, pages past either end as Django's paginator gives them."""

import pytest
from django.core.paginator import Paginator

from community import views
from community.selectors import board

from .conftest import answer, ask


@pytest.fixture
def five_about_delivery(community, categories, clock, settings):
    settings.COMMUNITY_NEW_ACCOUNT_DAYS = 0
    asked = []
    for index in range(5):
        asked.append(ask(community["buyer2"], categories, title=f"배송 질문 {index} 입니다"))
        clock.shift(60)  # the latest activity first: each a minute after the one before
    ask(community["buyer2"], categories, title="환불 문의", body="카드 환불은 언제 되나요?")
    answer(asked[4], community["seller"])
    return asked


@pytest.mark.parametrize("number", ["1", "2", "3", "9", "0", "x", None])
def test_each_page_of_a_search_is_the_page_the_paginator_gives(
    five_about_delivery, community, client, monkeypatch, number
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(community["buyer"])
    response = client.get("/community/", {"q": "배송", **({"page": number} if number else {})})
    page = response.context["page"]
    expected = Paginator(board(community["buyer"], query="배송"), 2).get_page(number)
    assert page.paginator.count == expected.paginator.count == 5
    assert page.number == expected.number
    assert [question.pk for question in page.object_list] == [
        question.pk for question in expected.object_list
    ]


def test_the_first_page_shows_the_latest_matches_with_their_answer_counts(
    five_about_delivery, community, client, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(community["buyer"])
    page = client.get("/community/", {"q": "배송"}).context["page"]
    latest, before = five_about_delivery[4], five_about_delivery[3]
    assert [question.pk for question in page.object_list] == [latest.pk, before.pk]
    assert [question.answer_count for question in page.object_list] == [1, 0]
    assert page.has_next() and not page.has_previous()


def test_a_search_that_matches_nothing_shows_an_empty_first_page(
    five_about_delivery, community, client
):
    client.force_login(community["buyer"])
    page = client.get("/community/", {"q": "교환"}).context["page"]
    assert page.paginator.count == 0 and list(page.object_list) == []
