"""FAQ articles, written in Korean and English, and what readers say of them."""

from __future__ import annotations

from django.db import models
from django.db.models import Func, Q, Value
from django.db.models.functions import Cast, Concat, Lower, Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from catalog.models import Audience, localized

from .rendering import excerpt, render_markdown

# Removed from text and query alike, so "배송지연" finds "배송 지연" (and **bold** words).
SQUEEZED_CHARACTERS = (" ", "\n", "\r", "\t", "*")


def squeezed(expression: Func) -> Func:
    """The expression with whitespace and Markdown emphasis removed."""
    for character in SQUEEZED_CHARACTERS:
        expression = Replace(
            expression,
            Value(character, output_field=models.TextField()),
            Value("", output_field=models.TextField()),
        )
    return expression


def searchable(*fields: str) -> Lower:
    parts: list[Value | Cast] = []
    for field in fields:
        parts += [Cast(field, models.TextField()), Value(" ", output_field=models.TextField())]
    return Lower(Concat(*parts[:-1], output_field=models.TextField()))


SEARCH_FIELDS = ("question_ko", "question_en", "tags", "answer_ko", "answer_en")
TITLE_FIELDS = ("question_ko", "question_en", "tags")


class Article(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    category = models.ForeignKey(
        "catalog.Category",
        models.PROTECT,
        related_name="articles",
        verbose_name=_("category"),
    )
    question_ko = models.CharField(_("question (Korean)"), max_length=200)
    question_en = models.CharField(_("question (English)"), max_length=200)
    answer_ko = models.TextField(_("answer (Korean, Markdown)"))
    answer_en = models.TextField(_("answer (English, Markdown)"))
    tags = models.CharField(_("tags"), max_length=200, blank=True, help_text=_("Comma-separated."))
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience, default=Audience.BUYER
    )
    is_published = models.BooleanField(_("published"), default=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0, editable=False)
    not_helpful_count = models.PositiveIntegerField(_("not helpful"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # Search reads these two columns, kept by the database itself: both languages, lower case,
    # and once more without spaces. On PostgreSQL, migration 0002 adds trigram and full-text
    # GIN indexes over them (PostgreSQL only, so they live in the migration, not in Meta).
    search_text = models.GeneratedField(
        expression=searchable(*SEARCH_FIELDS), output_field=models.TextField(), db_persist=True
    )
    search_compact = models.GeneratedField(
        expression=squeezed(searchable(*SEARCH_FIELDS)),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("FAQ article")
        verbose_name_plural = _("FAQ articles")
        ordering = ["category__sort_order", "-helpful_count", "slug"]
        # Help centre: published articles of a category, most helpful first.
        indexes = [
            models.Index(
                fields=["category", "is_published", "helpful_count"], name="article_category"
            )
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("faq:article", args=[self.slug])

    @property
    def question(self) -> str:
        return localized(self, "question")

    @property
    def answer(self) -> str:
        return localized(self, "answer")

    @property
    def answer_html(self) -> SafeString:
        return render_markdown(self.answer)

    @property
    def summary(self) -> str:
        return excerpt(self.answer)

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    @property
    def helpfulness(self) -> float:
        """Share of helpful votes, pulled towards one half while there are few votes."""
        return (self.helpful_count + 1) / (self.helpful_count + self.not_helpful_count + 2)


class ArticleVote(models.Model):
    """One "was this helpful?" answer; one per browser session and article."""

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="votes", verbose_name=_("article")
    )
    # A keyed hash of the session key: enough to refuse a second vote, useless to anyone else.
    voter = models.CharField(_("voter"), max_length=64, editable=False)
    is_helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("article vote")
        verbose_name_plural = _("article votes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "voter"], name="one_vote_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.article.slug}: {'+' if self.is_helpful else '-'}"


class SearchLog(models.Model):
    """Searches that found nothing, counted per day: what the FAQ still lacks.

    Only the normalised words are kept, never who searched.
    """

    class Source(models.TextChoices):
        FAQ = "faq", _("FAQ search")
        INQUIRY = "inquiry", _("Inquiry form")
        API = "api", _("API")

    query = models.CharField(_("search words"), max_length=100)
    category = models.ForeignKey(
        "catalog.Category",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    source = models.CharField(_("where"), max_length=16, choices=Source, default=Source.FAQ)
    day = models.DateField(_("day"), default=timezone.localdate)
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search with no result")
        verbose_name_plural = _("searches with no result")
        ordering = ["-day", "-count"]
        constraints = [
            # One counter per day, words, category and source: a repeat is an F() increment.
            # Two partial constraints, as SQLite cannot treat NULL categories as equal.
            models.UniqueConstraint(
                fields=["day", "query", "category", "source"],
                condition=Q(category__isnull=False),
                name="one_search_log_per_day",
            ),
            models.UniqueConstraint(
                fields=["day", "query", "source"],
                condition=Q(category__isnull=True),
                name="one_uncategorised_search_log_per_day",
            ),
        ]

    def __str__(self) -> str:
        return self.query


class Deflection(models.Model):
    """A step of the self-service funnel started from the inquiry form.

    ``opened``: a suggested article was opened while writing an inquiry; ``solved``: the
    person said it answered their question, an inquiry avoided.
    """

    class Kind(models.TextChoices):
        OPENED = "opened", _("Suggestion opened")
        SOLVED = "solved", _("Inquiry avoided")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    category = models.ForeignKey(
        "catalog.Category",
        models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    article = models.ForeignKey(
        Article,
        models.SET_NULL,
        null=True,
        related_name="deflections",
        verbose_name=_("article"),
    )
    # Keyed hash of the session, as for votes: one count per person, article and step.
    visitor = models.CharField(_("visitor"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("deflection")
        verbose_name_plural = _("deflections")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "article", "visitor"], name="one_deflection_per_session"
            ),
        ]
        # Supervisors' numbers: per category and kind over a period.
        indexes = [
            models.Index(fields=["category", "kind", "created_at"], name="deflection_funnel")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.category}"
