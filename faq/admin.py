from django.contrib import admin

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = [
        "slug",
        "question_ko",
        "category",
        "audience",
        "is_published",
        "helpful_count",
        "view_count",
        "updated_at",
    ]
    list_filter = ["category", "audience", "is_published"]
    search_fields = ["slug", "question_ko", "question_en", "tags"]
    prepopulated_fields = {"slug": ["question_en"]}
