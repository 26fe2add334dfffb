"""A store's scorecard, for the store's members and for the help center."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from reports.scorecard import Scorecard, scorecard_stores, store_scorecard

from ..schema import errors
from ..serializers import StoreScorecardSerializer
from ..throttling import ScopedThrottle
from .base import PreferredLanguageMixin

SELLER_ID = OpenApiParameter(
    "seller_id",
    str,
    OpenApiParameter.PATH,
    description="The store's seller ID.",
    examples=[OpenApiExample("A store", value="haru-living")],
)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def scorecard_data(card: Scorecard) -> dict[str, Any]:
    """The scorecard in the API's names (PRODUCT.md, "Three parties")."""
    median = card.median_first_answer_minutes
    average = card.satisfaction.average
    return {
        "answered_on_time_7d": _share(card.on_time_7d.share),
        "answered_on_time_30d": _share(card.on_time_30d.share),
        "answered_on_time_90d": _share(card.on_time_90d.share),
        "median_first_answer_minutes": None if median is None else round(median),
        "escalations_30d": card.escalations,
        "satisfaction_30d": {
            "mean_score": None if average is None else round(average, 2),
            "share_4_or_5": _share(card.satisfaction.good_share),
            "ratings": card.satisfaction.count,
        },
        "open": {
            "total": card.open.total,
            "overdue": card.open.overdue,
            "due_soon": card.open.soon,
            "due_today": card.open.today,
            "due_later": card.open.later,
        },
    }


class StoreScorecardView(PreferredLanguageMixin, APIView):
    permission_classes = [IsAuthenticated]
    # Each call aggregates the store's last 90 days: a limit of its own, per person.
    throttle_scope = "store_scorecard"

    def get_throttles(self) -> list[BaseThrottle]:
        return [*super().get_throttles(), ScopedThrottle()]

    @extend_schema(
        summary="A store's scorecard",
        description=(
            "How the store answers the inquiries about its orders: the share answered on "
            "time over 7, 30 and 90 days, the median first answer in business minutes, "
            "escalations to the help center, satisfaction and the open inquiries by time "
            "left. For the store's members and the help center's staff; for anyone else the "
            "store does not exist (404)."
        ),
        parameters=[SELLER_ID],
        responses={200: StoreScorecardSerializer, **errors(404)},
        examples=[
            OpenApiExample(
                "A store",
                value={
                    "answered_on_time_7d": 0.9,
                    "answered_on_time_30d": 0.8667,
                    "answered_on_time_90d": None,
                    "median_first_answer_minutes": 95,
                    "escalations_30d": 2,
                    "satisfaction_30d": {"mean_score": 4.4, "share_4_or_5": 0.85, "ratings": 20},
                    "open": {
                        "total": 4,
                        "overdue": 1,
                        "due_soon": 1,
                        "due_today": 0,
                        "due_later": 2,
                    },
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, seller_id: str) -> Response:
        store = get_object_or_404(scorecard_stores(request.user), seller_id=seller_id)
        return Response(StoreScorecardSerializer(scorecard_data(store_scorecard(store))).data)
