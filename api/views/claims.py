"""Claims through the API: the same services, scoping and refusals as the web pages.

A move the person may not make answers 403 (``not_allowed``), one the claim's state does not
allow 409 (``conflict``), in the API's one error shape."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from claims import services
from claims.errors import InvalidClaim
from claims.models import Claim
from claims.selectors import visible_claims
from tickets.selectors import visible_tickets

from ..schema import errors
from .base import PreferredLanguageMixin

CLAIM_REFERENCE = OpenApiParameter(
    "reference",
    str,
    OpenApiParameter.PATH,
    description="The claim's reference.",
    examples=[OpenApiExample("A claim", value="CL-000001")],
)


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    """A claim as PRODUCT.md lists its fields; the buyer's account is never shown."""

    store_id = serializers.CharField(source="store.seller_id", read_only=True)
    ticket = serializers.CharField(source="ticket.reference", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "reference",
            "kind",
            "reason",
            "fault",
            "state",
            "order_number",
            "store_id",
            "ticket",
            "amount",
            "delivered_at",
            "seller_answer_due_at",
            "refund_due_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    reason = serializers.CharField(max_length=2000)
    fault = serializers.ChoiceField(choices=Claim.Fault.choices)
    order_number = serializers.CharField(max_length=40)
    store_id = serializers.CharField(max_length=40)
    amount = serializers.IntegerField(min_value=1, max_value=100_000_000)
    delivered_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    discovered_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For not_as_described: when the problem was found (default: now).",
    )
    product_name = serializers.CharField(max_length=120, required=False, default="")
    ticket = serializers.CharField(
        max_length=20,
        required=False,
        default="",
        help_text="The reference of your own inquiry about this order; empty: a new one.",
    )


class TransitionSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=Claim.State.choices)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    tracking_number = serializers.CharField(
        max_length=40,
        required=False,
        default="",
        allow_blank=True,
        help_text="Required for return_shipped and exchange_shipped.",
    )


class ClaimCursorPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class ClaimViewSet(PreferredLanguageMixin, viewsets.GenericViewSet[Claim]):
    serializer_class = ClaimSerializer
    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9-]{1,20}"
    permission_classes = [IsAuthenticated]
    pagination_class = ClaimCursorPagination

    def get_queryset(self) -> Any:
        return (
            visible_claims(self.request.user).select_related(None).select_related("store", "ticket")
        )

    @extend_schema(
        summary="List claims",
        description=(
            "Buyers see their own claims, sellers theirs and their stores', agents those of "
            "their queues' inquiries, supervisors all. Newest first."
        ),
        responses={200: ClaimSerializer(many=True), **errors(400, 401, 404)},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response(ClaimSerializer(page, many=True).data)

    @extend_schema(
        summary="Read a claim",
        parameters=[CLAIM_REFERENCE],
        responses={200: ClaimSerializer, **errors(401, 404)},
    )
    def retrieve(self, request: Request, reference: str) -> Response:
        return Response(ClaimSerializer(self.get_object()).data)

    @extend_schema(
        summary="Make a claim",
        description=(
            "The buyer makes a claim about an order (state `requested`): a change of mind "
            "until 7 days after delivery, goods not as described until 3 months after "
            "delivery and 30 days after the problem was found (the settings "
            "HELPDESK_CLAIM_*). Too late answers 400 with the contact to try instead. An "
            "inquiry ticket is opened beside it unless `ticket` names the buyer's own."
        ),
        request=ClaimCreateSerializer,
        responses={201: ClaimSerializer, **errors(400, 401, 409)},
    )
    def create(self, request: Request) -> Response:
        data = ClaimCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = request.user
        assert isinstance(user, User)  # noqa: S101  (IsAuthenticated; narrows for mypy)
        reference = values.pop("ticket")
        ticket = None
        if reference:
            ticket = visible_tickets(user).filter(requester=user, reference=reference).first()
            if ticket is None:  # not theirs, or none: the same answer
                raise InvalidClaim({"ticket": [_("Start a claim from one of your own inquiries.")]})
        key = request.headers.get("Idempotency-Key", "")[:40]
        claim = services.make_claim(
            buyer=user,
            ticket=ticket,
            submission_key=f"api:{user.pk}:{key}" if key else None,
            **values,
        )
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class ClaimTransitionView(PreferredLanguageMixin, GenericAPIView[Claim]):
    """Move a claim along the table of PRODUCT.md ("Claims")."""

    serializer_class = ClaimSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Move a claim",
        description=(
            "`to` is the state to move to. Who may make which move is PRODUCT.md's table: a "
            "move this person never makes answers 403 `not_allowed`; one their role makes, "
            "but not from the claim's current state (or not for its kind, or before a "
            "deadline has passed), answers 409 `conflict`. `tracking_number` is required "
            "for `return_shipped` and `exchange_shipped`."
        ),
        parameters=[CLAIM_REFERENCE],
        request=TransitionSerializer,
        responses={200: ClaimSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, reference: str) -> Response:
        claim = get_object_or_404(visible_claims(request.user), reference=reference)
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        assert isinstance(user, User)  # noqa: S101  (IsAuthenticated; narrows for mypy)
        moved = services.transition_claim(claim, by=user, **data.validated_data)
        return Response(ClaimSerializer(moved).data)
