"""FAQ reads, shared by pages and the API."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from catalog.models import Audience

from .models import Article


def published_articles(user: User | AnonymousUser) -> QuerySet[Article]:
    articles = Article.objects.filter(is_published=True, category__is_active=True).select_related(
        "category"
    )
    if user.is_authenticated and isinstance(user, User) and (user.is_seller or user.is_agent):
        return articles
    return articles.exclude(audience=Audience.SELLER)


def popular_articles(user: User | AnonymousUser, *, limit: int) -> list[Article]:
    return list(published_articles(user).order_by("-helpful_count", "-view_count", "slug")[:limit])


def search_articles(user: User | AnonymousUser, query: str) -> QuerySet[Article]:
    """Published articles whose question or answer, in Korean or English, contains the words."""
    articles = published_articles(user)
    for word in query.split()[:8]:
        articles = articles.filter(
            Q(question_ko__icontains=word)
            | Q(question_en__icontains=word)
            | Q(answer_ko__icontains=word)
            | Q(answer_en__icontains=word)
        )
    return articles
