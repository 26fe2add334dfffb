"""Who sees which community posts, how a person appears, search, and the numbers."""

from __future__ import annotations

import contextlib
import hashlib
import math
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import masked_name
from catalog.models import Category
from faq.search import SearchTerms, search_terms, with_fixes
from faq.selectors import PAIR_COVERAGE, _contains, _hits, title_words
from faq.selectors import SEARCH_GENERATION_KEY as FAQ_SEARCH_GENERATION_KEY

from .models import Answer, Audience, Block, Deflection, Follow, Notice, Question, Report
from .search import needed_grams, pair_choices


def is_staff(user: User | AnonymousUser | None) -> bool:
    """The help center's people (agents and supervisors): they verify, correct and moderate."""
    return bool(user is not None and user.is_authenticated and getattr(user, "is_agent", False))


def sees_seller_board(user: User | AnonymousUser | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (getattr(user, "is_seller", False) or is_staff(user))
    )


def audiences_for(user: User | AnonymousUser | None) -> list[str]:
    """The boards this person reads: the seller board is for sellers and staff only."""
    if sees_seller_board(user):
        return [Audience.BUYER, Audience.SELLER, Audience.BOTH]
    return [Audience.BUYER, Audience.BOTH]


def audiences_to_ask(user: User) -> list[str]:
    """Where this person may ask: buyers not on the seller board."""
    if user.is_seller:
        return [Audience.BOTH, Audience.SELLER, Audience.BUYER]
    return [Audience.BUYER, Audience.BOTH]


def visible_answers(user: User | AnonymousUser | None) -> QuerySet[Answer]:
    """Answers shown to this person: hidden ones only to staff, who moderate them."""
    answers = Answer.objects.select_related("author", "verified_by", "corrected_by")
    if is_staff(user):
        return answers
    return answers.filter(is_hidden=False)


def visible_questions(user: User | AnonymousUser | None) -> QuerySet[Question]:
    """Questions this person may read, with their category and author: the seller board only
    for sellers and staff, hidden questions only for staff. Everything else is a 404."""
    questions = Question.objects.filter(audience__in=audiences_for(user)).select_related(
        "category", "author"
    )
    if not is_staff(user):
        questions = questions.filter(is_hidden=False)
    return questions


def public_questions(user: User | AnonymousUser | None) -> QuerySet[Question]:
    """As visible_questions, but hidden posts never, for staff neither (the API, search)."""
    return Question.objects.filter(audience__in=audiences_for(user), is_hidden=False)


def board(
    user: User | AnonymousUser | None,
    *,
    audience: str = "",
    category: Category | None = None,
    query: str = "",
    reported: bool = False,
) -> QuerySet[Question]:
    """The list of /community/: visible questions, filtered, latest activity first (or best
    match first with search words), each with its answer count and whether one is verified.
    ``reported`` (staff): only questions with a report still to handle, on them or an answer."""
    questions = visible_questions(user)
    if reported and is_staff(user):
        open_reports = Report.objects.filter(resolved_at__isnull=True)
        questions = questions.filter(
            Q(pk__in=open_reports.values("question"))
            | Q(pk__in=open_reports.filter(answer__isnull=False).values("answer__question"))
        )
    if audience == Audience.BOTH:
        questions = questions.filter(audience=Audience.BOTH)
    elif audience in audiences_for(user):
        # "Buyers" also lists what is asked of both; so does "sellers".
        questions = questions.filter(audience__in=[audience, Audience.BOTH])
    if category is not None:
        questions = questions.filter(category=category)
    questions = _with_answer_marks(questions)
    terms = search_terms(query)
    if not terms:
        return questions.order_by("-last_activity_at", "-pk")
    questions, matches, score = _matching(questions, query)
    # Counted one further than ranked: the page says "1000+".
    newest = _newest(questions.filter(matches), settings.COMMUNITY_SEARCH_RANKED + 1)
    return (
        questions.filter(pk__in=newest)
        .annotate(score=score)
        .order_by("-score", "-last_activity_at", "-pk")
    )


def _shown_answers() -> QuerySet[Answer]:
    """The shown answers of the question in the outer query."""
    return Answer.objects.filter(question=OuterRef("pk"), is_hidden=False).order_by()


def _with_answer_marks(questions: QuerySet[Question]) -> QuerySet[Question]:
    """The questions with their shown answers' count and whether one is verified or accepted.
    Each a scalar subquery of the question, not a join grouped over every match nor an EXISTS
    (planned as a hash of every answer): PostgreSQL works them out for the rows shown only,
    after sorting, and a count leaves them out. The search columns stay behind: the rows
    sorted are the narrower."""
    answers = _shown_answers()
    return questions.defer("search_text", "search_compact", "search_grams").annotate(
        answer_count=Coalesce(
            Subquery(answers.values("question").annotate(shown=Count("pk")).values("shown")), 0
        ),
        has_verified=_any(answers.filter(verified_at__isnull=False)),
        has_accepted=_any(answers.filter(is_accepted=True)),
    )


def _newest(matching: QuerySet[Question], limit: int) -> QuerySet[Question, Any]:
    """The ids of the newest ``limit`` matches: only they are ranked. The latest activity's
    order finds them soon for a word half the questions hold, the index of tokens at once for
    a rare one, and neither reads every match."""
    return matching.order_by("-last_activity_at", "-pk").values("pk")[:limit]


def board_page(questions: QuerySet[Question], number: str | None, per_page: int) -> Page[Any]:
    """The page of the list that Paginator.get_page(number) gives. Its ids are picked with
    the count of the list beside them (a search's list is its newest ranked matches, one more
    than COMMUNITY_SEARCH_RANKED at most: see board), in one pass over the questions (the sort
    keeps twenty narrow rows, not every match whole), then the page's questions are read
    whole."""
    try:
        wanted = int(str(number))
    except ValueError:
        wanted = 1
    paginator: Paginator[Any] = Paginator(questions.values_list("pk", flat=True), per_page)
    if wanted >= 1:
        start = (wanted - 1) * per_page
        found = list(
            questions.annotate(matches=Window(Count("pk"))).values_list("pk", "matches")[
                start : start + per_page
            ]
        )
        if found or wanted == 1:
            paginator.count = found[0][1] if found else 0
            page = paginator.page(wanted)
            page.object_list = _in_order(questions, [pk for pk, _matches in found])
            return page
    page = paginator.get_page(number)  # past either end: the count first, then the last page
    page.object_list = _in_order(questions, list(page.object_list))
    return page


def _in_order(questions: QuerySet[Question], ids: list[int]) -> list[Question]:
    """These questions of the list, in the order of ``ids``."""
    found = {question.pk: question for question in questions.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]


def _any(answers: QuerySet[Answer]) -> Coalesce:
    """Whether there is any such answer, as a subquery run once for each row shown."""
    return Coalesce(
        Subquery(answers.annotate(found=Value(True)).values("found")[:1]),
        Value(False),
        output_field=BooleanField(),
    )


def _matching(
    questions: QuerySet[Question], query: str, *, forgives_typos: bool = False
) -> tuple[QuerySet[Question], Q, Combinable]:
    """The FAQ's Korean-aware matching (spacing, particles, partial words, syllable pairs)
    over a question's search columns; with ``forgives_typos``, also the FAQ title words a
    typo away from a word found in no FAQ title, worth less than a word as typed."""
    terms = search_terms(query)
    if forgives_typos:
        terms = with_fixes(terms, title_words())
    words = [term.variants for term in terms.terms]
    needed = max(2, math.ceil(PAIR_COVERAGE * len(terms.syllable_pairs)))
    narrowing = Q()
    if connections[questions.db].vendor == "postgresql":
        questions, narrowing = _narrowed(questions, terms, needed)
    questions = questions.annotate(
        text_hits=_hits(words, compact="search_compact", text="search_text"),
        phrase_hit=_hits([(terms.compact,)], compact="search_compact", text="search_compact"),
        pair_hits=_hits(
            [(pair,) for pair in terms.syllable_pairs], compact="search_compact", text="search_text"
        ),
    )
    # A word or the phrase found, said as the conditions themselves rather than as their
    # counts above zero: PostgreSQL filters by them before it works out any score.
    found = [_contains(terms.compact, compact="search_compact", text="search_compact")]
    found += [_found(variants) for variants in words]
    if terms.syllable_pairs:
        found.append(Q(pair_hits__gte=needed))
    score: Combinable = (
        F("text_hits") + 2 * F("phrase_hit") + F("pair_hits") / max(1, len(terms.syllable_pairs))
    )
    if terms.fixes:
        fixed = [term.variants for term in terms.fixes]
        questions = questions.annotate(
            fixed_hits=_hits(fixed, compact="search_compact", text="search_text")
        )
        found += [_found(variants) for variants in fixed]
        score = score + 0.5 * F("fixed_hits")
    matches = Q()
    for condition in dict.fromkeys(found):  # "배송" as a word and as the phrase: once
        matches |= condition
    # The conditions first: a walk in order of activity checks the tokens of matches only.
    return questions, matches & narrowing, score


def _narrowed(
    questions: QuerySet[Question], terms: SearchTerms, needed: int
) -> tuple[QuerySet[Question], Q]:
    """The condition that a question holds the tokens some way of matching needs
    (community.search): what _matching finds holds them, so its conditions check only the
    questions the index gives. Nothing when a way of matching needs no token (a lone
    character found anywhere)."""
    ways: list[Q] = []
    variants = [terms.compact] + [v for term in (*terms.terms, *terms.fixes) for v in term.variants]
    for variant in dict.fromkeys(variants):
        grams = needed_grams(variant)
        if grams is None:
            return questions, Q()
        ways.append(Q(search_grams__has_all=grams))
    if terms.syllable_pairs:
        choices = pair_choices(terms.syllable_pairs, needed)
        if choices is None:
            ways.append(Q(search_grams__has_any=list(terms.syllable_pairs)))
        else:
            ways += [Q(search_grams__has_all=chosen) for chosen in choices]
    return questions, reduce(or_, ways)


def _found(variants: tuple[str, ...]) -> Q:
    """A word found in a question's search columns, in any of its spellings (as _hits)."""
    return reduce(
        or_,
        (_contains(variant, compact="search_compact", text="search_text") for variant in variants),
    )


# --- The help center's one search ------------------------------------------------------------


@dataclass(frozen=True)
class CommunityResult:
    """A community question with its best answer, as the help center's search shows it."""

    question_id: int
    title: str
    summary: str
    category: Category
    is_verified: bool
    is_accepted: bool
    answer_count: int
    score: float
    is_community: bool = True

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("community:question", args=[self.question_id])


# Cached as the FAQ's search is: a question, an answer, a verification, hiding or anything
# else that changes what search shows starts a new generation of keys (forget_searches, from
# the services); votes reorder results within SEARCH_CACHE_SECONDS.
SEARCH_CACHE_SECONDS = 300
SEARCH_GENERATION_KEY = "community-search:generation"
# Within the one search, a verified answer counts as much as an FAQ article's title hit.
VERIFIED_BONUS = 3.0


def forget_searches() -> None:
    """Community posts changed: every cached search result is stale."""
    with contextlib.suppress(ValueError):
        if not cache.add(SEARCH_GENERATION_KEY, 1, None):
            cache.incr(SEARCH_GENERATION_KEY)


def search_answers(
    user: User | AnonymousUser,
    query: str,
    *,
    category: Category | str | None = None,
    limit: int = 20,
) -> list[CommunityResult]:
    """Answered, visible community questions matching the query, best first (cached)."""
    terms = search_terms(query)
    if not terms:
        return []
    where = category.pk if isinstance(category, Category) else (category or "")
    digest = hashlib.sha256(terms.text.encode()).hexdigest()[:32]
    # Typos are matched to the FAQ's title words: a changed article renews these results too.
    generations = cache.get_many([SEARCH_GENERATION_KEY, FAQ_SEARCH_GENERATION_KEY])
    own, faq = (generations.get(k, 0) for k in (SEARCH_GENERATION_KEY, FAQ_SEARCH_GENERATION_KEY))
    generation = f"{own}.{faq}"
    scope = int(sees_seller_board(user))
    key = f"community-search:v2:{generation}:{scope}:{where}:{limit}:{digest}"
    cached = cache.get(key)
    if isinstance(cached, list):
        return cached
    results = _search_answers(user, query, category=category, limit=limit)
    cache.set(key, results, SEARCH_CACHE_SECONDS)
    return results


def _search_answers(
    user: User | AnonymousUser,
    query: str,
    *,
    category: Category | str | None = None,
    limit: int = 20,
) -> list[CommunityResult]:
    questions = public_questions(user).select_related("category")
    if isinstance(category, Category):
        questions = questions.filter(category=category)
    elif category:
        questions = questions.filter(category__slug=category)
    questions = questions.filter(Exists(_shown_answers()))
    # The help center's search forgives typos as the FAQ's does; the board finds words as typed.
    questions, matches, score = _matching(questions, query, forgives_typos=True)
    # As on the board, only the newest matches are ranked, and what is shown of them is worked
    # out for those alone: grouping every match's answers to count them took a second for a
    # word thousands of questions hold, each time a search was not in the cache.
    newest = _newest(questions.filter(matches), settings.COMMUNITY_SEARCH_RANKED)
    found = list(
        _with_answer_marks(questions.filter(pk__in=newest))
        .annotate(score=score)
        .order_by(F("has_verified").desc(), F("score").desc(), F("last_activity_at").desc())[:limit]
        .prefetch_related(
            Prefetch(
                "answers", queryset=Answer.objects.filter(is_hidden=False), to_attr="shown_answers"
            )
        )
    )
    results = []
    for question in found:
        best = question.shown_answers[0]  # type: ignore[attr-defined]
        results.append(
            CommunityResult(
                question_id=question.pk,
                title=question.title,
                summary=best.summary,
                category=question.category,
                is_verified=bool(question.has_verified),  # type: ignore[attr-defined]
                is_accepted=bool(question.has_accepted),  # type: ignore[attr-defined]
                answer_count=int(question.answer_count),  # type: ignore[attr-defined]
                score=float(question.score)  # type: ignore[attr-defined]
                + (VERIFIED_BONUS if question.has_verified else 0.0),  # type: ignore[attr-defined]
            )
        )
    return results


# --- People --------------------------------------------------------------------------------


def shown_author(post: Question | Answer, *, to: User | AnonymousUser | None) -> str:
    """How a post's author appears to ``to``: in full to themselves and to staff, masked
    (홍*동, J**** L**) to everyone else: a public board shows no one's full name."""
    author = post.author
    if to is not None and to.is_authenticated and (to.pk == author.pk or is_staff(to)):
        return str(author)
    return masked_name(str(author))


def is_blocked(user: User) -> bool:
    return Block.objects.filter(user=user, lifted_at__isnull=True).exists()


def follows_seller_board(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user_id=user.pk, audience=Audience.SELLER).exists()


def unread_notice_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def person_notices(user: User, *, limit: int = 50) -> list[Notice]:
    return list(
        Notice.objects.filter(recipient=user)
        .select_related("question", "answer")
        .order_by("-created_at", "-pk")[:limit]
    )


# --- Numbers for the reports ---------------------------------------------------------------


@dataclass(frozen=True)
class CommunityNumbers:
    """The community over a period: questions asked, answered, first-answer time, verified."""

    asked: int
    answered: int
    verified: int
    median_first_answer_minutes: int | None

    @property
    def share_answered(self) -> float | None:
        return self.answered / self.asked if self.asked else None

    @property
    def share_verified(self) -> float | None:
        return self.verified / self.asked if self.asked else None


def community_numbers(
    start: datetime, end: datetime, *, category_ids: list[int] | None = None
) -> CommunityNumbers:
    """Of the visible questions asked in [start, end): how many got an answer from someone
    else, how many have a verified answer, and the median time to the first answer."""
    asked = Question.objects.filter(created_at__gte=start, created_at__lt=end, is_hidden=False)
    if category_ids is not None:
        asked = asked.filter(category_id__in=category_ids)
    verified = Exists(
        Answer.objects.filter(question=OuterRef("pk"), verified_at__isnull=False, is_hidden=False)
    )
    figures: dict[str, Any] = {
        "asked": Count("pk"),
        "answered": Count("pk", filter=Q(first_answer_at__isnull=False)),
        "verified": Count("pk", filter=Q(verified)),
    }
    is_postgres = connections[asked.db].vendor == "postgresql"
    if is_postgres:  # the median in the same query
        wait = ExpressionWrapper(
            F("first_answer_at") - F("created_at"), output_field=DurationField()
        )
        figures["median_seconds"] = _Median(_EpochSeconds(wait))
    counts = asked.aggregate(**figures)
    seconds: float | None = counts.get("median_seconds")
    if not is_postgres:
        # Bounded: the latest 5,000 answered questions of the period are plenty for a median.
        waits = sorted(
            (answered_at - created_at).total_seconds()
            for created_at, answered_at in asked.filter(first_answer_at__isnull=False)
            .order_by("-created_at")
            .values_list("created_at", "first_answer_at")[:5000]
            if answered_at is not None
        )
        if waits:
            middle = len(waits) // 2
            seconds = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return CommunityNumbers(
        asked=counts["asked"],
        answered=counts["answered"],
        verified=counts["verified"],
        median_first_answer_minutes=None if seconds is None else round(seconds / 60),
    )


class _Median(Aggregate):
    """PostgreSQL's median (percentile_cont 0.5) of a number."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = FloatField()


class _EpochSeconds(Func):
    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class CommunityFunnel:
    category_id: int
    opened: int
    solved: int


def community_funnel(start: datetime, end: datetime) -> dict[int, CommunityFunnel]:
    """Per category id: community answers opened from the inquiry form, and people who
    ended there instead of filing."""
    rows: dict[int, dict[str, int]] = {}
    for row in (
        Deflection.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("category", "kind")
        .annotate(n=Count("pk"))
    ):
        rows.setdefault(row["category"], {})[row["kind"]] = row["n"]
    return {
        category_id: CommunityFunnel(
            category_id,
            opened=kinds.get(Deflection.Kind.OPENED, 0),
            solved=kinds.get(Deflection.Kind.SOLVED, 0),
        )
        for category_id, kinds in rows.items()
    }
