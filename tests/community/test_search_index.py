"""The board's search on PostgreSQL narrows by the index of tokens first, then checks the
FAQ's conditions: the same questions in the same order as the conditions alone; the tokens
follow every change; a common word ranks only the newest matches and counts no further."""

import pytest
from django.db import connection
from django.db.models import Q

from community import selectors, services
from community.models import Question
from community.search import needed_grams, search_grams
from community.selectors import board

from .conftest import answer, ask

TEXTS = (
    ("배송 지연 보상 받을 수 있나요?", "주문한 상품이 일주일째 배송 지연 중이에요."),
    ("배송지연 문의", "택배가 안 와요. 배송이 너무 늦어요."),
    ("교환 신청은 어디서 하나요", "교환 신청 방법이 궁금합니다."),
    ("환불은 언제 되나요", "카드 환불 3-7일 걸린다고 들었어요."),
    ("Refund not received", "Refunds take 3 days; my parcel shipping was delayed."),
    ("Where is my parcel", "The about page says nothing, 배송조회 too."),
    ("지연 배송 보상금", "배 송 이 늦으면 보상 받나요? 정산은 별개예요."),
    ("판매자 정산 금액", "정산 예정일은 판매자 센터에서 봐요. abc환불xyz"),
)
QUERIES = (
    *("배송", "배송지연", "배송 지연", "배송이", "지연되면", "배송지연보상", "지연 배송"),
    *("환", "환불은", "교환신청", "교환 신청은", "교환신청방법", "정산", "3-7", "3", "7일"),
    *("refund", "refunds", "ref", "out", "shipping", "parcel late", "ab", "배송 refund"),
    *("abc", "xyz환불", "없는말", "배송조회", "보상 받나요"),
)


@pytest.fixture
def questions(community, categories, settings, clock):
    settings.COMMUNITY_NEW_ACCOUNT_DAYS = 0
    asked = []
    for title, body in TEXTS:
        asked.append(ask(community["buyer2"], categories, title=title, body=body))
        clock.shift(60)
    answer(asked[2], community["seller"], body="주문 상세에서 교환 신청 버튼을 누르세요.")
    return asked


def _unnarrowed(questions, terms, needed):
    return questions, Q()


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_what_the_conditions_alone_find_in_the_same_order(
    questions, community, monkeypatch, query
):
    narrowed = [(q.pk, q.score) for q in board(community["buyer"], query=query)]
    monkeypatch.setattr(selectors, "_narrowed", _unnarrowed)
    plain = [(q.pk, q.score) for q in board(community["buyer"], query=query)]
    assert narrowed == plain, query


def test_every_searched_word_is_in_some_question(questions, community):
    found = {query for query in QUERIES if board(community["buyer"], query=query).exists()}
    assert {"배송", "배송 지연", "환", "refund", "3", "abc", "배송조회"} <= found
    assert "없는말" not in found


def test_the_narrowing_is_applied_on_postgresql(questions, community):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no index of tokens: the conditions alone")
    sql = str(board(community["buyer"], query="배송지연").query)
    assert '"search_grams" @> ' in sql


def test_a_word_start_and_pairs_are_what_a_latin_word_needs():
    grams = search_grams("see refund", "seerefund").split()
    assert set(needed_grams("refund")) <= set(grams)
    assert set(needed_grams("ref")) <= set(grams)
    assert not set(needed_grams("efund")) <= set(grams)  # not at a word start
    assert set(needed_grams("배송지연")) <= set(search_grams("배송 지연", "배송지연").split())


def _grams(question):
    return set(Question.objects.get(pk=question.pk).search_grams.split())


def test_the_tokens_follow_answers_and_hiding(community, categories, settings):
    settings.COMMUNITY_NEW_ACCOUNT_DAYS = 0
    question = ask(community["buyer2"], categories, title="배송 문의", body="배송이 안 와요 언제쯤")
    assert "배송" in _grams(question) and "교환" not in _grams(question)
    reply = answer(question, community["seller"], body="교환 신청을 먼저 해 주세요.")
    assert "교환" in _grams(question)
    assert [q.pk for q in board(community["buyer"], query="교환")] == [question.pk]
    services.hide_post(reply, by=community["agent"])
    assert "교환" not in _grams(question)
    assert list(board(community["buyer"], query="교환")) == []
    services.show_post(reply, by=community["agent"])
    assert [q.pk for q in board(community["buyer"], query="교환")] == [question.pk]


def test_a_common_word_ranks_the_newest_matches_and_counts_one_further(
    questions, community, client, settings
):
    settings.COMMUNITY_SEARCH_RANKED = 2
    newest = [q.pk for q in sorted(questions, key=lambda q: q.last_activity_at, reverse=True)]
    matching = [pk for pk in newest if pk in {q.pk for q in questions[:2] + questions[5:7]}]
    found = [q.pk for q in board(community["buyer"], query="배송")]
    assert sorted(found) == sorted(matching[:3])
    client.force_login(community["buyer"])
    response = client.get("/community/", {"q": "배송"})
    assert response.context["page"].paginator.count == 3
    assert "“배송” 질문 2+개" in response.content.decode()
    settings.COMMUNITY_SEARCH_RANKED = 1000
    response = client.get("/community/", {"q": "배송"})
    assert "“배송” 질문 4개" in response.content.decode()


def test_the_help_center_ranks_only_the_newest_answered_matches(
    questions, community, categories, settings
):
    """As the board: a word thousands of questions hold is ranked over the newest matches
    only, so a search missing the cache reads a bounded number of questions."""
    for asked in (questions[0], questions[1], questions[6]):  # each holds 배송
        answer(asked, community["seller"], body="택배사에 확인해 드릴게요.")
    answered = [questions[0].pk, questions[1].pk, questions[6].pk]
    newest_first = list(
        Question.objects.filter(pk__in=answered).order_by("-last_activity_at", "-pk")
    )
    settings.COMMUNITY_SEARCH_RANKED = 2
    found = {r.question_id for r in selectors._search_answers(community["buyer"], "배송")}
    assert found == {q.pk for q in newest_first[:2]}
    settings.COMMUNITY_SEARCH_RANKED = 1000
    found = {r.question_id for r in selectors._search_answers(community["buyer"], "배송")}
    assert found == {q.pk for q in newest_first}
