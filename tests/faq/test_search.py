"""Search in Korean and English: partial words, spacing variants, typos, ranking, audience."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from faq.models import Article
from faq.search import allowed_edits, edit_distance, jamo, search_terms
from faq.selectors import search_articles
from tests.factories import CategoryFactory, UserFactory

from .conftest import make_article

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm and full-text search are PostgreSQL's"
)


def slugs(query, **kwargs):
    return [a.slug for a in search_articles(AnonymousUser(), query, **kwargs)]


def test_words_without_a_space_find_the_text_written_with_one(articles):
    assert slugs("배송지연")[0] == "late"


def test_words_with_a_space_find_the_text_written_without_one(delivery):
    make_article(delivery, "compound", "배송지연 보상", "Delay compensation")
    assert "compound" in slugs("배송 지연")


def test_a_long_korean_word_finds_its_parts_apart(delivery):
    make_article(delivery, "apart", "배송이 지연되면 어떻게 하나요", "What if it is late")
    assert slugs("배송지연") == ["apart"]


def test_particles_glued_to_a_korean_word_do_not_hide_it(articles):
    assert slugs("환불은")[0] == "refund-timing"


def test_part_of_an_english_word_is_enough(articles):
    assert slugs("refu") == ["refund-timing"]
    assert slugs("REFUND")[0] == "refund-timing"


def test_an_english_fragment_only_matches_at_the_start_of_a_word(delivery):
    make_article(delivery, "about", "About the service", "About the service")
    assert "about" not in slugs("out")
    assert slugs("abo") == ["about"]


def test_plural_english_words_find_the_singular(articles):
    assert slugs("refunds") == ["refund-timing"]


def test_unrelated_words_find_nothing_and_empty_queries_are_harmless(articles):
    assert slugs("xyzzy") == []
    assert slugs("") == []
    assert slugs("   *?! ") == []
    assert slugs("the of") == []


def test_the_question_counts_more_than_the_answer(delivery):
    make_article(delivery, "in-answer", "다른 질문", "Other", "여기에 송장 이야기가 있습니다", "x")
    make_article(delivery, "in-question", "송장은 어디서 보나요", "Where is the tracking", "x", "x")
    assert slugs("송장") == ["in-question", "in-answer"]


def test_helpfulness_breaks_ties(delivery):
    make_article(delivery, "plain", "택배 문의", "Courier question")
    make_article(delivery, "liked", "택배 문의", "Courier question", helpful_count=40)
    assert slugs("택배") == ["liked", "plain"]


def test_category_keywords_point_to_the_category(db):
    category = CategoryFactory(slug="stock", keywords="품절\nsold out")
    make_article(category, "restock", "재입고 알림", "Restock alert")
    assert slugs("품절") == ["restock"]


def test_search_stays_in_the_category_asked_for(articles, refund):
    assert slugs("3영업일", category=refund) == ["refund-timing"]
    assert slugs("3영업일", category="refund") == ["refund-timing"]


def test_unpublished_and_seller_articles_stay_hidden_from_buyers(delivery):
    make_article(delivery, "draft", "배송 초안", "Draft", is_published=False)
    make_article(delivery, "sellers", "배송 정산", "Seller settlement", audience="seller")
    assert slugs("배송") == []
    seller = UserFactory(seller=True)
    assert [a.slug for a in search_articles(seller, "배송")] == ["sellers"]


def test_search_columns_follow_every_edit(articles):
    Article.objects.filter(pk=articles["address"].pk).update(question_en="Moving house")
    assert slugs("moving") == ["address"]


def test_query_words_are_normalised():
    terms = search_terms(
        "  \uff32\uff25\uff26\uff35\uff2e\uff24   환불은?  the "
    )  # full-width REFUND
    assert terms.text == "refund 환불은 the"
    assert [t.word for t in terms.terms] == ["refund", "환불은"]
    assert terms.terms[1].variants == ("환불은", "환불")
    assert search_terms("배송지연").syllable_pairs == ("배송", "송지", "지연")


@postgres_only
def test_a_typo_still_finds_the_article_on_postgresql(articles):
    assert slugs("refnd") == ["refund-timing"]
    assert slugs("delivry")[0] in {"address", "late"}


@postgres_only
def test_the_postgresql_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'faq_article'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"article_compact_trgm", "article_text_trgm", "article_text_fts"} <= names


def test_a_typo_finds_the_article_on_every_database(articles):
    assert slugs("refnud") == ["refund-timing"]
    assert slugs("홤불") == ["refund-timing"]  # ㅁ typed for ㄴ: one jamo away
    assert set(slugs("벼송")) == {"late", "address"}
    assert slugs("refund") == ["refund-timing"]


def test_one_syllable_being_typed_finds_the_words_it_starts(articles):
    returns = CategoryFactory(slug="returns", name_ko="반품", name_en="Returns", keywords="")
    make_article(returns, "exchange", "교환은 어떻게 하나요?", "How do I exchange an item?")
    assert slugs("환") == ["refund-timing"]  # 환불, not the 환 inside 교환
    assert set(slugs("배")) == {"late", "address"}


def test_a_lone_syllable_before_other_words_is_left_out(articles):
    assert search_terms("환불 안 돼요").terms[-1].word == "돼요"
    assert [t.word for t in search_terms("환불 안").terms] == ["환불", "안"]


def test_an_exact_word_ranks_above_a_typo_of_another(delivery):
    make_article(delivery, "exact", "배상 안내", "Compensation", "보상", "Compensation")
    make_article(delivery, "near", "배송 안내", "Delivery guide", "택배", "Parcel")
    assert slugs("배상") == ["exact"]  # a word found as typed is not corrected


def test_synonyms_search_as_the_words_the_articles_use(articles):
    assert slugs("reimbursement") == ["refund-timing"]
    assert slugs("package")[0] == "late"
    assert slugs("주소 변경") == ["address"]  # 배송지를 바꿀 수 있나요?


def test_jamo_edit_distance():
    assert jamo("환") == "\u1112\u116a\u11ab"
    assert edit_distance(jamo("홤불"), jamo("환불")) == 1
    assert edit_distance(jamo("벼송"), jamo("배송")) == 1
    assert edit_distance("refnud", "refund") == 1  # a swap of neighbours is one edit
    assert edit_distance("deliverry", "delivery") == 1
    assert edit_distance("", "abc") == 3
    assert edit_distance("abcdef", "uvwxyz", limit=1) == 2  # stops once past the limit
    assert allowed_edits(jamo("환")) == 0  # one syllable: too many words are one jamo away


def test_the_faq_page_and_the_api_forgive_a_typo(client, articles):
    page = client.get("/faq/", {"q": "홤불"}).content.decode()
    assert "/faq/refund-timing/" in page
    assert "/faq/late/" not in page
    found = client.get("/api/v1/faq/articles/", {"search": "벼송"}).json()
    rows = found["results"] if isinstance(found, dict) else found
    assert {row["slug"] for row in rows} == {"late", "address"}
