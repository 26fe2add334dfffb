"""What callers read before they write: categories, FAQ articles and contact channels."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from catalog.models import Category
from catalog.selectors import categories_for
from contacts.models import ContactChannel
from contacts.selectors import active_channels, channel_status, measured_wait_source
from faq import services as faq_services
from faq.models import Article, SearchLog
from faq.selectors import published_articles, search_articles
from helpdesk.ratelimit import client_address

from ..schema import ARTICLE_SLUG, errors
from ..serializers import (
    ArticleSerializer,
    CategorySerializer,
    ContactChannelSerializer,
    VoteCountsSerializer,
    VoteSerializer,
)
from ..throttling import ScopedThrottle
from .base import PreferredLanguageMixin


def _param(request: Request, name: str) -> str:
    # NUL cannot reach a PostgreSQL query; nothing meaningful contains it.
    return str(request.query_params.get(name, "")).replace("\x00", "").strip()


@extend_schema(
    summary="Inquiry categories",
    description=(
        "The categories you may file under (sellers see the seller ones), each with the "
        "details it asks for: name, whether required, and a label in the language asked for."
    ),
    responses={200: CategorySerializer(many=True)},
)
class CategoryListView(PreferredLanguageMixin, generics.ListAPIView[Category]):
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Category]:
        return categories_for(self.request.user)


SEARCH_LIMIT = 50


def _voter(request: Request) -> str:
    """One vote per article and person (signed in) or address (anonymous), kept as a keyed
    hash like the web's per-session one."""
    user = request.user
    key = f"user:{user.pk}" if user.is_authenticated else f"addr:{client_address(request._request)}"
    return salted_hmac("faq.visitor", key, algorithm="sha256").hexdigest()


SEARCH = OpenApiParameter("search", str, description="Words to find, in Korean or English.")
ARTICLE_CATEGORY = OpenApiParameter("category", str, description="Only this category's articles.")


@extend_schema_view(
    list=extend_schema(
        summary="FAQ articles",
        parameters=[SEARCH, ARTICLE_CATEGORY],
        responses={200: ArticleSerializer(many=True), **errors(404)},
    ),
    retrieve=extend_schema(
        summary="Read a FAQ article",
        parameters=[ARTICLE_SLUG],
        responses={200: ArticleSerializer, **errors(404)},
    ),
)
class ArticleViewSet(PreferredLanguageMixin, viewsets.ReadOnlyModelViewSet[Article]):
    serializer_class = ArticleSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,80}"
    filter_backends: list[Any] = []
    throttle_scope = "faq_vote"

    def get_queryset(self) -> QuerySet[Article]:
        articles = published_articles(self.request.user)
        category = _param(self.request, "category")
        if self.action == "list" and category:
            articles = articles.filter(category__slug=category)
        return articles

    def get_throttles(self) -> list[BaseThrottle]:
        throttles = super().get_throttles()
        if self.action == "vote":
            throttles.append(ScopedThrottle())
        return throttles

    def list(self, request: Request) -> Response:
        query = _param(request, "search")[:100]
        if not query:
            return super().list(request)
        # The FAQ's own ranked search (Korean and English, partial words, typos), best first.
        category = _param(request, "category") or None
        found = search_articles(request.user, query, category=category, limit=SEARCH_LIMIT)
        if not found:
            faq_services.record_search_without_result(query, source=SearchLog.Source.API)
        page = self.paginate_queryset(found)
        return self.get_paginated_response(ArticleSerializer(page, many=True).data)

    @extend_schema(
        summary="Say whether an article helped",
        description="One vote per article for each person, or each address when anonymous; "
        "a second one is refused with 400.",
        parameters=[ARTICLE_SLUG],
        request=VoteSerializer,
        responses={200: VoteCountsSerializer, **errors(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def vote(self, request: Request, slug: str) -> Response:
        article = self.get_object()
        data = VoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        faq_services.vote(
            article,
            voter=_voter(request),
            is_helpful=data.validated_data["helpful"],
            comment=data.validated_data["comment"],
        )
        article.refresh_from_db(fields=["helpful_count", "not_helpful_count"])
        return Response(
            VoteCountsSerializer(
                {
                    "helpful_count": article.helpful_count,
                    "not_helpful_count": article.not_helpful_count,
                }
            ).data
        )


@extend_schema(
    summary="Contact channels",
    description=(
        "Phone, chat, online inquiry, e-mail and more, with whether each is open now by its "
        "opening hours (Asia/Seoul, Korean public holidays)."
    ),
    parameters=[
        OpenApiParameter("category", str, description="Only the channels that serve this category.")
    ],
    responses={200: ContactChannelSerializer(many=True), **errors(400)},
)
class ContactChannelListView(PreferredLanguageMixin, generics.ListAPIView[ContactChannel]):
    serializer_class = ContactChannelSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[ContactChannel]:
        channels = active_channels().prefetch_related("categories")
        slug = _param(self.request, "category")
        if slug:
            if not Category.objects.filter(slug=slug, is_active=True).exists():
                raise ValidationError(
                    {"category": [_("There is no category “%(slug)s”.") % {"slug": slug[:40]}]}
                )
            channels = channels.filter(categories__slug=slug)
        return channels

    def list(self, request: Request) -> Response:
        channels = list(self.get_queryset())
        now = timezone.now()
        slug = _param(self.request, "category")
        category = Category.objects.filter(slug=slug).first() if slug else None
        # The wait as the contact page shows it: measured where there is data (one selector).
        measured_wait = measured_wait_source()
        statuses = [
            channel_status(channel, now, category=category, measured_wait=measured_wait)
            for channel in channels
        ]
        context = {
            **self.get_serializer_context(),
            "is_open": {status.channel.pk: status.is_open_now for status in statuses},
            "waits": {status.channel.pk: status.expected_wait_minutes for status in statuses},
        }
        return Response(ContactChannelSerializer(channels, many=True, context=context).data)
