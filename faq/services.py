"""Every change the FAQ makes: views, votes, searches that found nothing, deflections."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Category
from helpdesk.errors import DomainError
from helpdesk.text import as_written

from .models import Article, ArticleVote, Deflection, SearchLog
from .search import search_terms


class AlreadyVoted(DomainError):
    pass


def record_view(article: Article) -> None:
    """One more view; F() so that simultaneous readers all count."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def vote(article: Article, *, voter: str, is_helpful: bool, comment: str = "") -> ArticleVote:
    """Record one "was this helpful?" answer per voter and article; counters move with F()."""
    try:
        # The savepoint keeps the outer transaction usable after a duplicate.
        with transaction.atomic():
            ballot = ArticleVote.objects.create(
                article=article,
                voter=voter,
                is_helpful=is_helpful,
                comment=as_written(comment).strip(),
            )
    except IntegrityError:
        raise AlreadyVoted(_("You have already told us about this answer. Thank you!")) from None
    counter = "helpful_count" if is_helpful else "not_helpful_count"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    return ballot


def record_search_without_result(
    query: str, *, category: Category | None = None, source: str = SearchLog.Source.FAQ
) -> SearchLog | None:
    """Count a search that found nothing, by its normalised words only (no person, no IP)."""
    words = search_terms(query).text[:100]
    if len(words) < 2:
        return None
    log, _created = SearchLog.objects.get_or_create(
        day=timezone.localdate(), query=words, category=category, source=source
    )
    SearchLog.objects.filter(pk=log.pk).update(count=F("count") + 1)
    return log


def record_deflection(
    kind: str, *, article: Article, visitor: str, category: Category | None = None
) -> bool:
    """Count a step of the funnel once per visitor and article; True if it was new."""
    _event, created = Deflection.objects.get_or_create(
        kind=kind,
        article=article,
        visitor=visitor,
        defaults={"category": category or article.category},
    )
    return created
