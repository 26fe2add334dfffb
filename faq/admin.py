from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleVote, Deflection, SearchLog
from .rendering import render_markdown


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = [
        "slug",
        "question_ko",
        "category",
        "audience",
        "is_published",
        "helpful_count",
        "not_helpful_count",
        "view_count",
        "updated_at",
    ]
    list_filter = ["category", "audience", "is_published"]
    search_fields = ["slug", "question_ko", "question_en", "tags"]
    prepopulated_fields = {"slug": ["question_en"]}
    date_hierarchy = "updated_at"
    readonly_fields = [
        "preview_ko",
        "preview_en",
        "helpful_count",
        "not_helpful_count",
        "view_count",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["slug", "category", "audience", "tags", "is_published"]}),
        (_("Korean"), {"fields": ["question_ko", "answer_ko", "preview_ko"]}),
        (_("English"), {"fields": ["question_en", "answer_en", "preview_en"]}),
        (
            _("Readers"),
            {"fields": ["helpful_count", "not_helpful_count", "view_count", "updated_at"]},
        ),
    ]

    def _preview(self, text: str) -> SafeString:
        if not text:
            return format_html("<p>{}</p>", _("Save to see the preview."))
        return format_html('<div class="faq-preview">{}</div>', render_markdown(text))

    @admin.display(description=_("preview (Korean), as readers see it after saving"))
    def preview_ko(self, article: Article) -> SafeString:
        return self._preview(article.answer_ko)

    @admin.display(description=_("preview (English), as readers see it after saving"))
    def preview_en(self, article: Article) -> SafeString:
        return self._preview(article.answer_en)


class ReadOnlyAdmin[M: models.Model](admin.ModelAdmin[M]):
    """Numbers the site records: supervisors read them, nobody edits them by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ArticleVote)
class ArticleVoteAdmin(ReadOnlyAdmin[ArticleVote]):
    list_display = ["created_at", "article", "is_helpful", "comment"]
    list_filter = ["is_helpful", "article__category"]
    search_fields = ["comment", "article__slug"]
    date_hierarchy = "created_at"
    exclude = ["voter"]


@admin.register(SearchLog)
class SearchLogAdmin(ReadOnlyAdmin[SearchLog]):
    list_display = ["day", "query", "category", "source", "count"]
    list_filter = ["category", "source"]
    search_fields = ["query"]
    date_hierarchy = "day"


@admin.register(Deflection)
class DeflectionAdmin(ReadOnlyAdmin[Deflection]):
    list_display = ["created_at", "kind", "category", "article"]
    list_filter = ["kind", "category"]
    date_hierarchy = "created_at"
    exclude = ["visitor"]
