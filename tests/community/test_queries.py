"""The board and a question's page cost the same number of queries at N and 3N rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import services

from .conftest import answer, ask


def _count(client, url):
    client.get(url)  # warm the caches (session, categories)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fill(question, community, categories, n):
    for index in range(n):
        other = ask(community["buyer2"], categories, title=f"다른 질문 {index} 입니다")
        reply = answer(other, community["seller"])
        services.vote_for_answer(reply, by=community["buyer"])
        reply = answer(question, community["seller"], body=f"답변 {index}: 판매자에게 문의하세요.")
        if index == 0:
            services.verify_answer(reply, by=community["agent"])
        services.report_post(reply, by=community["buyer2"], reason="wrong")


def test_no_community_page_makes_a_query_per_row(community, categories, client, settings):
    settings.COMMUNITY_NEW_ACCOUNT_DAYS = 0
    question = ask(community["buyer"], categories)
    client.force_login(community["agent"])
    _fill(question, community, categories, 2)
    pages = ["/community/", "/community/?q=질문", question.get_absolute_url()]
    small = [_count(client, url) for url in pages]
    _fill(question, community, categories, 4)
    assert [_count(client, url) for url in pages] == small
    assert max(small) <= 12, small
