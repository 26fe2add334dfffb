from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from catalog.selectors import categories_for

from .models import Article
from .selectors import published_articles


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    articles = published_articles(request.user)
    category_slug = request.GET.get("category", "")
    query = request.GET.get("q", "").strip()[:100]
    if category_slug:
        articles = articles.filter(category__slug=category_slug)
    if query:
        articles = articles.filter(
            Q(question_ko__icontains=query)
            | Q(question_en__icontains=query)
            | Q(answer_ko__icontains=query)
            | Q(answer_en__icontains=query)
        )
    return render(
        request,
        "faq/index.html",
        {
            "articles": articles[:50],
            "categories": categories_for(request.user),
            "category_slug": category_slug,
            "query": query,
        },
    )


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(published_articles(request.user), slug=slug)
    Article.objects.filter(pk=item.pk).update(view_count=F("view_count") + 1)
    return render(request, "faq/article.html", {"article": item})
