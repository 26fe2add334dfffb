"""How often the FAQ search puts the right article in its top three, over fifty real-looking
searches in Korean and English (tests/faq/queries.py), on whichever database runs the tests."""

from collections import Counter

from django.db import connection

from faq.selectors import search_articles
from tests.factories import UserFactory

from .queries import QUERIES

# The share of the fifty searches whose expected article is in the top three. Measured at
# 50/50 on PostgreSQL and on SQLite; the floor leaves room for one ranking change.
HIT_RATE_FLOOR = 0.9
# The share whose expected article comes first.
FIRST_RATE_FLOOR = 0.85


def _measure(user):
    misses, hits_by_kind, total_by_kind, first = [], Counter(), Counter(), 0
    for query, kind, expected in QUERIES:
        found = [article.slug for article in search_articles(user, query, limit=3)]
        total_by_kind[kind] += 1
        first += bool(found) and found[0] in expected
        if expected & set(found):
            hits_by_kind[kind] += 1
        else:
            misses.append((query, sorted(expected), found))
    return misses, hits_by_kind, total_by_kind, first / len(QUERIES)


def test_the_fifty_searches_find_their_article_in_the_top_three(reference_data, record_property):
    agent = UserFactory(agent=True)  # sees the seller articles too
    misses, hits_by_kind, total_by_kind, first = _measure(agent)
    rate = (len(QUERIES) - len(misses)) / len(QUERIES)
    kinds = ", ".join(f"{kind} {hits_by_kind[kind]}/{n}" for kind, n in total_by_kind.items())
    summary = (
        f"FAQ search hit rate on {connection.vendor}: {rate:.0%} in the top 3 ({kinds}); "
        f"{first:.0%} first"
    )
    print(summary)
    record_property("faq_search_hit_rate", rate)
    record_property("faq_search_first_rate", first)
    assert len(QUERIES) == 50
    assert rate >= HIT_RATE_FLOOR, (summary, misses)
    assert first >= FIRST_RATE_FLOOR, summary
