"""Known-issue notices: what callers can show people before they write."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from catalog.selectors import category_choices
from notices.models import Notice
from notices.selectors import notices_for_categories

from ..schema import errors
from ..serializers import NoticeSerializer
from .base import PreferredLanguageMixin


@extend_schema(
    summary="Known-issue notices",
    description=(
        "The notices shown now (started, not ended; resolved ones for a day after), in the "
        "language asked for, about the categories the caller may file under. Show them "
        "before people write: while a notice is open, new inquiries in its categories are "
        "linked to it and answered together once it is resolved."
    ),
    parameters=[
        OpenApiParameter("category", str, description="Only the notices about this category.")
    ],
    responses={200: NoticeSerializer(many=True), **errors(400)},
)
class NoticeListView(PreferredLanguageMixin, generics.ListAPIView[Notice]):
    serializer_class = NoticeSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends: list[Any] = []

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        categories = category_choices(request.user)
        slug = str(request.query_params.get("category", "")).replace("\x00", "").strip()
        if slug:
            categories = [category for category in categories if category.slug == slug]
            if not categories:
                raise ValidationError(
                    {"category": [_("There is no category “%(slug)s”.") % {"slug": slug[:40]}]}
                )
        notices = notices_for_categories(categories)
        return Response(NoticeSerializer(notices, many=True).data)
