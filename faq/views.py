"""The knowledge base: browse, search as you type, read, vote, and deflection from inquiries."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from catalog.models import Category
from catalog.selectors import category_choices, category_named
from helpdesk.http import HtmxHttpRequest

from . import services
from .forms import VoteForm
from .models import Deflection, SearchLog
from .selectors import popular_articles, published_articles, related_articles
from .sources import search_everything

SEARCH_LIMIT = 30
SUGGESTION_LIMIT = 5
VOTED_KEY = "faq_voted"
SOLVED_KEY = "faq_solved"


def _visitor(request: HttpRequest) -> str:
    """A keyed hash of the session: one vote or count per browser, without storing the key."""
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key or ""
    return salted_hmac("faq.visitor", key, algorithm="sha256").hexdigest()


def _category(request: HttpRequest, slug: str) -> Category | None:
    if not slug:
        return None
    return category_named(request.user, slug)


def _remember(request: HttpRequest, key: str, article_id: int) -> None:
    seen = [int(pk) for pk in request.session.get(key, [])][-200:]
    if article_id not in seen:
        request.session[key] = [*seen, article_id]


@require_GET
@vary_on_headers("HX-Request")
def index(request: HtmxHttpRequest) -> HttpResponse:
    category = _category(request, request.GET.get("category", ""))
    query = request.GET.get("q", "").strip()[:100]
    results = search_everything(request.user, query, category=category, limit=SEARCH_LIMIT)
    if query and not results:
        services.record_search_without_result(query, category=category)
    groups: list[tuple[Category, list[object]]] = []
    if not query:
        articles = published_articles(request.user)
        if category:
            articles = articles.filter(category=category)
        by_category: dict[int, list[object]] = {}
        for article in articles.order_by("-helpful_count", "slug"):
            by_category.setdefault(article.category_id, []).append(article)
        groups = [
            (item, by_category[item.pk])
            for item in category_choices(request.user)
            if item.pk in by_category
        ]
    context = {
        "query": query,
        "results": results,
        "groups": groups,
        "category": category,
        "category_slug": category.slug if category else "",
        "categories": category_choices(request.user),
    }
    if request.htmx and request.htmx.target == "faq-results":
        return render(request, "faq/index.html#results", context)
    return render(request, "faq/index.html", context)


@require_GET
def article(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(published_articles(request.user), slug=slug)
    services.record_view(item)
    from_inquiry = request.GET.get("from") == "inquiry"
    inquiry_category = _category(request, request.GET.get("category", "")) or item.category
    if from_inquiry:
        services.record_deflection(
            Deflection.Kind.OPENED,
            article=item,
            category=inquiry_category,
            visitor=_visitor(request),
        )
    return render(
        request,
        "faq/article.html",
        {
            "article": item,
            "related": related_articles(item, request.user),
            "form": VoteForm(),
            "has_voted": item.pk in request.session.get(VOTED_KEY, []),
            "from_inquiry": from_inquiry,
            "is_solved": item.pk in request.session.get(SOLVED_KEY, []),
            "inquiry_category": inquiry_category,
        },
    )


@require_POST
def vote(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(published_articles(request.user), slug=slug)
    form = VoteForm(request.POST)
    has_voted = item.pk in request.session.get(VOTED_KEY, [])
    if form.is_valid():
        try:
            services.vote(
                item,
                voter=_visitor(request),
                is_helpful=form.cleaned_data["helpful"] == "yes",
                comment=form.cleaned_data["comment"],
            )
        except services.AlreadyVoted as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("Thank you! Your answer helps us improve this page."))
        _remember(request, VOTED_KEY, item.pk)
        has_voted = True
    if request.htmx:
        return render(
            request,
            "faq/article.html#vote",
            {"article": item, "form": form, "has_voted": has_voted},
        )
    if not form.is_valid():
        messages.error(request, _("Choose yes or no, and keep the comment under 1,000 characters."))
    return redirect(f"{item.get_absolute_url()}#vote-box")


@require_POST
def solved(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The person read a suggested article and needs no inquiry any more."""
    item = get_object_or_404(published_articles(request.user), slug=slug)
    category = _category(request, request.POST.get("category", "")) or item.category
    services.record_deflection(
        Deflection.Kind.SOLVED, article=item, category=category, visitor=_visitor(request)
    )
    _remember(request, SOLVED_KEY, item.pk)
    messages.success(
        request,
        _("Glad it is solved! You do not need to send your inquiry; you can close its form."),
    )
    query = urlencode({"from": "inquiry", "category": category.slug})
    return redirect(f"{item.get_absolute_url()}?{query}#solved")


@require_GET
@vary_on_headers("HX-Request")
def suggest(request: HtmxHttpRequest) -> HttpResponse:
    """Answers that may settle an inquiry while it is being written: for the subject so far,
    or for the description while the subject is still empty."""
    typed = (request.GET.get("q") or request.GET.get("subject") or "").strip()
    from_body = not typed
    query = (typed or (request.GET.get("body") or "").strip())[:100]
    category = _category(request, request.GET.get("category", ""))
    if not request.htmx:
        slug = request.GET.get("category", "")
        params = {key: value for key, value in (("q", query), ("category", slug)) if value}
        return redirect(f"{reverse('faq:index')}?{urlencode(params)}")
    if query:
        articles = search_everything(request.user, query, category=category, limit=SUGGESTION_LIMIT)
        # A description is not a search someone typed (and may be private): not logged.
        if not articles and not from_body:
            services.record_search_without_result(
                query, category=category, source=SearchLog.Source.INQUIRY
            )
    elif category:
        articles = list(popular_articles(request.user, limit=SUGGESTION_LIMIT, category=category))
    else:
        articles = []
    return render(
        request,
        "faq/_suggestions.html",
        {"articles": articles, "query": query, "category": category},
    )
