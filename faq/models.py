"""FAQ articles, written in Korean and English, and what readers say of them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Audience, localized


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
