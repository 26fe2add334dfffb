"""Changes to the FAQ: what readers say of an article."""

from __future__ import annotations

from django.db.models import F

from .models import Article


def record_vote(
    article: Article, *, helpful: bool, comment: str, session_key: str | None
) -> Article:
    """Count a reader's "was this helpful?" answer; the counters move in the database, so two
    votes at once are both counted."""
    counter = "helpful_count" if helpful else "not_helpful_count"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    article.refresh_from_db(fields=["helpful_count", "not_helpful_count"])
    return article
