"""The scorecard pages cost a fixed number of queries, whatever the tickets and stores hold.

As in tests/bench/test_page_queries.py: the counts are pinned, and each page is measured at
N and at 3N inquiries (and three times the stores): a page that starts to make a query per
inquiry or per store costs more the second time and fails.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tests.factories import StoreFactory, UserFactory
from tickets.models import Ticket

from .conftest import at

PAGES = {
    "seller scorecard": ("owner", "/tickets/stats/"),
    "store ranking": ("supervisor", "/agent/reports/stores/"),
    "store ranking csv": ("supervisor", "/agent/reports/stores/?format=csv&sort=-overdue"),
    "store page": ("supervisor", "/agent/reports/stores/haru-living/"),
    "store page (agent)": ("agent", "/agent/reports/stores/haru-living/"),
    "api scorecard": ("api", "/api/v1/stores/haru-living/scorecard/"),
}
# Warm: the session (cached), the categories and calendars from the cache. Each page reads
# the person, then: the seller's page their team memberships, their stores, the scorecard's three grouped queries
# (inquiries filed within 90 days, open inquiries, ratings), the waiting inquiries and the
# period's two (categories by status, ratings), their unread notices. The ranking: the unread notices, the stores,
# the three (the CSV adds its line in the audit trail). A store's page: the store, the three,
# the overdue inquiries, the unread notices (and an agent's own queues). The API: the token
# with its person, their team memberships, the store, the three.
# Each scorecard also reads its stores' claims in one grouped query (claims.reports).
EXPECTED = {
    "seller scorecard": 11,
    "store ranking": 7,
    "store ranking csv": 8,
    "store page": 8,
    "store page (agent)": 9,
    "api scorecard": 7,
}
SQLITE_MEDIAN = 1  # SQLite reads the medians in one more query


def _fill(shop, n):
    """n inquiries of each kind for the seller's store and for n new stores each."""
    stores = [shop.store, shop.other_store] + [StoreFactory() for _ in range(n)]
    for index in range(n):
        for store in stores:
            shop.inquiry(
                at(2026, 11, 20, 9, 0), store=store, store_answer_minutes=30 * index, rating=4
            )
            shop.inquiry(
                at(2026, 11, 26, 9, 0),
                store=store,
                status=Ticket.Status.OPEN,
                store_answer_due_at=at(2026, 11, 27, 9, 0),
                store_missed_at=at(2026, 11, 27, 9, 0),
            )
            shop.inquiry(
                at(2026, 11, 30, 9, 0),
                store=store,
                status=Ticket.Status.NEW,
                store_answer_due_at=at(2026, 12, 1, 9, 0),
            )


def _counts(client, people):
    counts = {}
    token = Token.objects.get_or_create(user=people["owner"])[0]
    for page, (who, url) in PAGES.items():
        client.logout()
        headers = {}
        if who == "api":
            headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        else:
            client.force_login(people[who])
        client.get(url, **headers)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code == 200, (page, response.status_code)
        counts[page] = len(queries)
    return counts


@pytest.fixture
def measured(shop, client):
    from catalog.models import Queue
    from tests.factories import member

    people = {
        "owner": shop.store.owner,
        "supervisor": UserFactory(supervisor=True),
        "agent": member(UserFactory(agent=True), Queue.objects.get(pk=shop.category.queue_id)),
    }
    _fill(shop, 2)
    at_n = _counts(client, people)
    _fill(shop, 4)
    return at_n, _counts(client, people)


@pytest.mark.parametrize("page", PAGES)
def test_each_scorecard_page_makes_its_pinned_number_of_queries(measured, page, settings):
    at_n, _at_3n = measured
    extra = 0 if settings.IS_POSTGRES else SQLITE_MEDIAN
    assert at_n[page] == EXPECTED[page] + extra


@pytest.mark.parametrize("page", PAGES)
def test_no_scorecard_page_makes_a_query_per_inquiry_or_store(measured, page):
    at_n, at_3n = measured
    assert at_3n[page] == at_n[page]
