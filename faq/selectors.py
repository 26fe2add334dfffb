"""FAQ reads, shared by pages and the API."""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat, Greatest, Lower
from django.utils import timezone

from accounts.models import User
from catalog.models import Audience, Category

from .models import TITLE_FIELDS, Article, Deflection, SearchLog, searchable, squeezed
from .search import HANGUL_SYLLABLE, SearchTerms, search_terms, vocabulary, with_fixes

# Trigram word similarity from which a word counts as a typo of another: "refnd" ~ "refund".
TYPO_SIMILARITY = 0.45
# A long Korean word matches when this share of its syllable pairs is in the text.
PAIR_COVERAGE = 0.6


def published_articles(user: User | AnonymousUser) -> QuerySet[Article]:
    articles = Article.objects.filter(is_published=True, category__is_active=True).select_related(
        "category"
    )
    if user.is_authenticated and isinstance(user, User) and (user.is_seller or user.is_agent):
        return articles
    return articles.exclude(audience=Audience.SELLER)


def popular_articles(
    user: User | AnonymousUser, *, limit: int, category: Category | str | None = None
) -> list[Article]:
    articles = _in_category(published_articles(user), category)
    return list(articles.order_by("-helpful_count", "-view_count", "slug")[:limit])


def _in_category(articles: QuerySet[Article], category: Category | str | None) -> QuerySet[Article]:
    if isinstance(category, Category):
        return articles.filter(category=category)
    if category:
        return articles.filter(category__slug=category)
    return articles


LATIN_WORD = re.compile(r"^[a-z0-9]+$")


def _contains(variant: str, *, compact: str, text: str) -> Q:
    """Korean anywhere in the squeezed text (particles, compounds); Latin and a lone Korean
    syllable at a word start ("환" finds 환불, not 교환)."""
    if HANGUL_SYLLABLE.match(variant):
        return Q(**{f"{text}__regex": rf"(^|[^가-힣]){variant}"})
    if LATIN_WORD.match(variant):
        # "out" must not match "about"; "refu" still matches "refund".
        return Q(**{f"{text}__regex": rf"(^|[^a-z0-9]){variant}"})
    return Q(**{f"{compact}__contains": variant})


def _hits(words: Iterable[tuple[str, ...]], *, compact: str, text: str) -> Combinable:
    """How many of the words (each with its variants) the text contains."""
    total: Combinable = Value(0.0)
    for variants in words:
        found = reduce(or_, (_contains(v, compact=compact, text=text) for v in variants))
        total = total + Case(When(found, then=Value(1.0)), default=Value(0.0))
    return total


def _helpfulness() -> Combinable:
    """Share of helpful votes, pulled towards one half while there are few votes."""
    helpful = Cast(F("helpful_count"), FloatField())
    return (helpful + 1.0) / (helpful + Cast(F("not_helpful_count"), FloatField()) + 2.0)


# Search results are cached: the same questions are asked all day, and the ranked query costs
# more to build than to run. A saved article or category starts a new generation of keys;
# helpful votes reorder the cached results within SEARCH_CACHE_SECONDS.
SEARCH_CACHE_SECONDS = 300
SEARCH_GENERATION_KEY = "faq-search:generation"


def forget_searches(**kwargs: object) -> None:
    """An article or category changed: every cached search result is stale."""
    # A cache that is down (ValueError from incr) has nothing stale to serve.
    with contextlib.suppress(ValueError):
        if not cache.add(SEARCH_GENERATION_KEY, 1, None):
            cache.incr(SEARCH_GENERATION_KEY)


def search_articles(
    user: User | AnonymousUser,
    query: str,
    *,
    category: Category | str | None = None,
    limit: int = 20,
) -> list[Article]:
    """Published articles matching the query, best first (cached; see _search_articles)."""
    terms = search_terms(query)
    if not terms:
        return []
    sees_all = (
        user.is_authenticated and isinstance(user, User) and (user.is_seller or user.is_agent)
    )
    where = category.pk if isinstance(category, Category) else (category or "")
    digest = hashlib.sha256(terms.text.encode()).hexdigest()[:32]
    # A cache that is down reads as a miss (helpdesk.cache): the search then runs every time.
    generation = cache.get(SEARCH_GENERATION_KEY, 0)
    key = f"faq-search:v2:{generation}:{int(bool(sees_all))}:{where}:{limit}:{digest}"
    cached = cache.get(key)
    if isinstance(cached, list):
        return cached
    results = _search_articles(user, query, category=category, limit=limit)
    cache.set(key, results, SEARCH_CACHE_SECONDS)
    return results


def title_words() -> frozenset[str]:
    """The words of published titles, tags and category names and keywords: what a typo is
    compared with (cached like the results, and renewed with them)."""
    key = f"faq-search:words:v1:{cache.get(SEARCH_GENERATION_KEY, 0)}"
    cached = cache.get(key)
    if isinstance(cached, list):
        return frozenset(cached)
    rows = Article.objects.filter(is_published=True, category__is_active=True).values_list(
        "question_ko",
        "question_en",
        "tags",
        "category__keywords",
        "category__name_ko",
        "category__name_en",
    )
    words = vocabulary(" ".join(row) for row in rows)
    cache.set(key, sorted(words), SEARCH_CACHE_SECONDS)
    return words


def _search_articles(
    user: User | AnonymousUser,
    query: str,
    *,
    category: Category | str | None = None,
    limit: int = 20,
) -> list[Article]:
    """Published articles matching the query in Korean or English, best first.

    Partial words and spacing variants match everywhere; on PostgreSQL, full-text search and
    trigram similarity add whole-word ranking and typo tolerance. Each result carries its
    ``score``: relevance plus helpfulness.
    """
    terms = with_fixes(search_terms(query), title_words())
    if not terms:
        return []
    articles: QuerySet[Article] = _in_category(published_articles(user), category).annotate(
        title_text=searchable(*TITLE_FIELDS),
        title_compact=squeezed(searchable(*TITLE_FIELDS)),
        category_text=Lower(
            Concat(
                "category__keywords",
                Value(" "),
                "category__name_ko",
                Value(" "),
                "category__name_en",
                output_field=TextField(),
            )
        ),
    )
    words = [term.variants for term in terms.terms]
    articles = articles.annotate(
        title_hits=_hits(words, compact="title_compact", text="title_text"),
        text_hits=_hits(words, compact="search_compact", text="search_text"),
        category_hits=_hits(words, compact="category_text", text="category_text"),
        phrase_hit=_hits([(terms.compact,)], compact="search_compact", text="search_compact"),
        pair_hits=_hits(
            [(pair,) for pair in terms.syllable_pairs], compact="search_compact", text="search_text"
        ),
    )
    # Category keywords ("배송지연" is a delivery word) find the whole category's answers.
    matches = Q(text_hits__gt=0) | Q(phrase_hit__gt=0) | Q(category_hits__gt=0)
    fixes: Combinable = Value(0.0)
    if terms.fixes:
        # A typo's nearest title words: worth less than a word as typed, so exact and
        # prefix hits stay first.
        fixed = [term.variants for term in terms.fixes]
        articles = articles.annotate(
            fixed_title_hits=_hits(fixed, compact="title_compact", text="title_text"),
            fixed_category_hits=_hits(fixed, compact="category_text", text="category_text"),
        )
        matches |= Q(fixed_title_hits__gt=0) | Q(fixed_category_hits__gt=0)
        fixes = F("fixed_title_hits") + 0.5 * F("fixed_category_hits")
    if terms.syllable_pairs:
        needed = max(2, math.ceil(PAIR_COVERAGE * len(terms.syllable_pairs)))
        matches |= Q(pair_hits__gte=needed)
    score: Combinable = (
        3 * F("title_hits")
        + F("text_hits")
        + F("category_hits")
        + 2 * F("phrase_hit")
        + F("pair_hits") / max(1, len(terms.syllable_pairs))
        + fixes
        + _helpfulness()
    )
    connection = connections[articles.db]
    if connection.vendor == "postgresql":
        articles, matches, score = _postgres_search(articles, terms, matches, score)
    ranked = (
        articles.filter(matches)
        .annotate(score=score)
        .order_by("-score", "-helpful_count", "slug")[:limit]
    )
    if connection.vendor != "postgresql":
        return list(ranked)
    # %> compares with a session setting; SET LOCAL keeps our threshold to this transaction.
    with transaction.atomic(using=articles.db), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(TYPO_SIMILARITY)],
        )
        return list(ranked)


def _postgres_search(
    articles: QuerySet[Article], terms: SearchTerms, matches: Q, score: Combinable
) -> tuple[QuerySet[Article], Q, Combinable]:
    """Full-text (whole words, 'simple' config: there is no Korean dictionary) and trigrams."""
    query = reduce(
        or_,
        (
            SearchQuery(variant, config="simple", search_type="plain")
            for term in terms.terms
            for variant in term.variants
        ),
    )
    # The same expression as the GIN index of migration 0003, so the index serves it.
    articles = articles.annotate(document=SearchVector("search_text", config="simple"))
    articles = articles.annotate(text_rank=SearchRank(F("document"), query))
    matches |= Q(document=query)
    score = score + 2 * F("text_rank")
    if terms.typo_words:
        for field in ("search_text", "title_text"):
            similarities = [TrigramWordSimilarity(word, field) for word in terms.typo_words]
            articles = articles.annotate(
                **{
                    f"{field}_similarity": similarities[0]
                    if len(similarities) == 1
                    else Greatest(*similarities)
                }
            )
            score = score + 2 * F(f"{field}_similarity")
        for word in terms.typo_words:
            matches |= Q(search_text__trigram_word_similar=word)
    return articles, matches, score


def related_articles(
    article: Article, user: User | AnonymousUser, *, limit: int = 4
) -> list[Article]:
    """Articles sharing tags first, then the same category, most helpful first."""
    tags = {tag.lower() for tag in article.tag_list}
    nearby = Q(category=article.category_id)
    for tag in tags:
        nearby |= Q(tags__icontains=tag)
    candidates = published_articles(user).filter(nearby).exclude(pk=article.pk)[:50]

    def closeness(other: Article) -> tuple[int, int, int, str]:
        shared = len(tags & {tag.lower() for tag in other.tag_list})
        same_category = int(other.category_id == article.category_id)
        return (-shared, -same_category, -other.helpful_count, other.slug)

    return sorted(candidates, key=closeness)[:limit]


@dataclass(frozen=True)
class CategoryFunnel:
    """Self-service numbers of one category over a period."""

    category: Category
    searches_without_result: int
    suggestions_opened: int
    inquiries_avoided: int


def self_service_funnel(start: datetime, end: datetime) -> list[CategoryFunnel]:
    """Per category: searches that found nothing, suggestions opened, inquiries avoided.

    Searches without a category (the FAQ's own search box) are left out here; the admin's
    "searches with no result" list shows them all.
    """
    deflections = {
        (row["category"], row["kind"]): row["n"]
        for row in Deflection.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("category", "kind")
        .annotate(n=Count("pk"))
    }
    misses: dict[int, int] = {}
    for row in SearchLog.objects.filter(
        day__gte=timezone.localdate(start), day__lte=timezone.localdate(end), category__isnull=False
    ).values("category", "count"):
        misses[row["category"]] = misses.get(row["category"], 0) + row["count"]
    return [
        CategoryFunnel(
            category=category,
            searches_without_result=misses.get(category.pk, 0),
            suggestions_opened=deflections.get((category.pk, Deflection.Kind.OPENED), 0),
            inquiries_avoided=deflections.get((category.pk, Deflection.Kind.SOLVED), 0),
        )
        for category in Category.objects.filter(is_active=True)
    ]
