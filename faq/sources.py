"""The help center's one search: the FAQ's articles and the answers other apps hold.

An app with answers of its own (the community) registers a source when it starts; the FAQ
search page, the help center's search box and the inquiry form's suggestions then show its
results among the articles, without the FAQ importing that app. Articles and results marked
``is_verified`` (checked by the help center) come first, each group best first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from catalog.models import Category

from .models import Article
from .selectors import search_articles


class Result(Protocol):
    """A search result from another source; templates read ``title``, ``summary``,
    ``category``, ``is_verified`` and ``get_absolute_url``."""

    @property
    def is_community(self) -> bool: ...

    @property
    def is_verified(self) -> bool: ...

    @property
    def score(self) -> float: ...

    def get_absolute_url(self) -> str: ...


Source = Callable[..., Sequence[Result]]
_sources: list[Source] = []


def register(source: Source) -> None:
    """``source(user, query, *, category, limit)`` joins the search (once)."""
    if source not in _sources:
        _sources.append(source)


def _rank(result: Article | Result) -> tuple[int, float]:
    verified = isinstance(result, Article) or bool(getattr(result, "is_verified", False))
    return (0 if verified else 1, -float(getattr(result, "score", 0.0) or 0.0))


def search_everything(
    user: User | AnonymousUser,
    query: str,
    *,
    category: Category | str | None = None,
    limit: int = 20,
) -> list[Article | Result]:
    """FAQ articles and every registered source's results for the query: the FAQ and
    verified answers first, then the others, each group by relevance."""
    articles: list[Article | Result] = list(
        search_articles(user, query, category=category, limit=limit)
    )
    others: list[Article | Result] = [
        result
        for source in _sources
        for result in source(user, query, category=category, limit=limit)
    ]
    if not others:
        return articles
    # sorted() is stable: equal ranks keep the FAQ's own order.
    return sorted([*articles, *others], key=_rank)[:limit]
