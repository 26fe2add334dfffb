"""Tickets and their threads: the same services and the same scoping as the web pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts.models import User
from catalog.models import Priority
from helpdesk import particles
from tickets import services, transitions
from tickets.models import Message, Ticket
from tickets.selectors import (
    attach_related,
    earlier_inquiry,
    search_visible_tickets,
    visible_messages,
    visible_tickets,
    without_joins,
)
from tickets.transitions import Party

from ..errors import error_body
from ..pagination import MessageCursorPagination, TicketCursorPagination
from ..schema import IDEMPOTENCY_KEY, REFERENCE, errors
from ..serializers import (
    EscalateSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    StoreRequestSerializer,
    TicketCreateSerializer,
    TicketSerializer,
    TicketUpdateSerializer,
)
from ..throttling import GuestTicketThrottle
from .base import PreferredLanguageMixin

IDEMPOTENCY_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,80}$")


class TicketFilter(filters.FilterSet):  # type: ignore[misc]
    status = filters.ChoiceFilter(choices=Ticket.Status.choices)
    priority = filters.ChoiceFilter(choices=Priority.choices)
    category = filters.CharFilter(field_name="category__slug", help_text="A category slug.")
    queue = filters.CharFilter(field_name="queue__slug", help_text="A queue slug.")
    assignee = filters.CharFilter(field_name="assignee__username", help_text="An agent's username.")
    search = filters.CharFilter(
        method="filter_search",
        help_text=(
            "A reference, an order number (any spelling: dashes and spaces are ignored), an "
            "e-mail address or words, within the tickets you can see. Only agents match other "
            "people's e-mail addresses and names."
        ),
    )
    updated_since = filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        method="filter_updated_since",
        help_text="ISO 8601; only tickets changed at or after this time.",
    )

    class Meta:
        model = Ticket
        fields: list[str] = []

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        return search_visible_tickets(queryset, value, viewer=self.request.user)

    def filter_updated_since(self, queryset: Any, name: str, value: datetime) -> Any:
        # In UTC: any offset Python accepts (up to 24 hours) then reaches the database as one
        # it accepts too (PostgreSQL refuses offsets beyond 15:59).
        try:
            value = value.astimezone(UTC)
        except OverflowError:
            raise ValidationError({"updated_since": [_("Enter a valid date and time.")]}) from None
        return queryset.filter(**{f"{name}__gte": value})


def _earlier(
    user: User | None, values: dict[str, Any], submission_key: str | None
) -> Response | None:
    """409 when the requester already asked about this order (see TicketViewSet.create)."""
    details = values.get("details") or {}
    earlier = earlier_inquiry(
        requester=user,
        requester_email=str(values.get("requester_email") or ""),
        order_number=str(details.get("order_number") or ""),
    )
    if earlier is None or (submission_key and earlier.submission_key == submission_key):
        return None  # none, or this very request retried: open_ticket returns the first
    if user is None:
        # Whoever calls may have typed someone else's address: the reference stays unsaid.
        body = error_body(
            "duplicate",
            _(
                "An inquiry from this e-mail address about this order is already with us; "
                "its private link is in the e-mail we sent. Send “confirm_new”: true to file "
                "another one."
            ),
        )
        body["error"]["reference"] = None
    else:
        body = error_body(
            "duplicate",
            particles.resolve(
                _(
                    "You already asked about this order in %(reference)s. Add to it, or send "
                    "“confirm_new”: true to file another one."
                )
                % {"reference": earlier.reference}
            ),
        )
        body["error"]["reference"] = earlier.reference
    return Response(body, status=status.HTTP_409_CONFLICT)


class TicketPermission(BasePermission):
    """Anyone may file an inquiry (guests give a name and e-mail); everything else needs a
    signed-in person, and then visible_tickets decides what exists for them."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return getattr(view, "action", None) == "create" or bool(request.user.is_authenticated)


def _acting_user(request: Request) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if not IDEMPOTENCY_KEY_PATTERN.match(key):
        raise ValidationError(
            {"Idempotency-Key": [_("Use 1 to 80 visible ASCII characters, such as a UUID.")]}
        )
    return key


@extend_schema_view(
    list=extend_schema(
        summary="List the tickets you can see",
        description=(
            "Buyers see their own inquiries, sellers theirs and those about their store's "
            "orders, agents their queues' tickets, supervisors all. Newest first."
        ),
        responses={200: TicketSerializer(many=True), **errors(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Read a ticket",
        parameters=[REFERENCE],
        responses={200: TicketSerializer, **errors(404)},
    ),
)
class TicketViewSet(PreferredLanguageMixin, viewsets.GenericViewSet[Ticket]):
    serializer_class = TicketSerializer
    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9-]{1,20}"
    permission_classes = [TicketPermission]
    pagination_class = TicketCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = TicketFilter

    def get_queryset(self) -> Any:
        # The serializer shows the store and the assignee, never the requester's account.
        return (
            visible_tickets(self.request.user)
            .select_related(None)
            .select_related("store", "assignee")
        )

    def filter_queryset(self, queryset: Any) -> Any:
        # The list's filters mean nothing to one ticket named by its reference, nor to a list
        # asked for without any (each filter reads the parameter of its own name), and
        # building the filter set costs every call.
        if self.action != "list" or not TicketFilter.base_filters.keys() & self.request.GET.keys():
            return queryset
        return super().filter_queryset(queryset)

    def get_throttles(self) -> list[BaseThrottle]:
        throttles = super().get_throttles()
        if self.action == "create":
            throttles.append(GuestTicketThrottle())
        return throttles

    def list(self, request: Request) -> Response:
        tickets = self.filter_queryset(without_joins(self.get_queryset()))
        page = attach_related(self.paginate_queryset(tickets) or [])
        return self.get_paginated_response(TicketSerializer(page, many=True).data)

    def retrieve(self, request: Request, reference: str) -> Response:
        return Response(TicketSerializer(self.get_object()).data)

    @extend_schema(
        summary="File an inquiry",
        description=(
            "Validated like the web form: the category's required details, their formats, "
            "who may use the category. Signed in, the inquiry is yours; as a guest, give "
            "`requester_name` and `requester_email` (the answer and a private link go there). "
            "With an `Idempotency-Key`, a retry returns the first ticket with 200. When the "
            "requester (the account, or a guest's e-mail) has an open inquiry about the same "
            "`details.order_number`, or one resolved within 14 days "
            "(`HELPDESK_DUPLICATE_WINDOW_DAYS`), it answers 409 `duplicate` with that "
            'inquiry\'s `reference` (not to guests) unless the body says `"confirm_new": true`.'
        ),
        parameters=[IDEMPOTENCY_KEY],
        request=TicketCreateSerializer,
        responses={
            201: OpenApiResponse(TicketSerializer, description="Filed."),
            200: OpenApiResponse(
                TicketSerializer, description="Already filed with this Idempotency-Key."
            ),
            **errors(400, 409),
        },
    )
    def create(self, request: Request) -> Response:
        key = _idempotency_key(request)
        data = TicketCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = _acting_user(request)
        submission_key = f"api:{user.pk if user else 'anon'}:{key}" if key else None
        if not values.get("confirm_new"):
            duplicate = _earlier(user, values, submission_key)
            if duplicate is not None:
                return duplicate
        intake = services.open_ticket(
            requester=user,
            category=values["category"],
            subject=values["subject"],
            body=values["body"],
            details=values.get("details") or {},
            requester_name=values.get("requester_name", ""),
            requester_email=values.get("requester_email", ""),
            channel=Ticket.Channel.API,
            submission_key=submission_key,
        )
        ticket = intake.ticket
        if not intake.created and user is None:
            # Guests share one key space: a replay shows the ticket only to the same address.
            email = str(values.get("requester_email", "")).strip().casefold()
            if not email or email != ticket.requester_email.casefold():
                raise ValidationError(
                    {"Idempotency-Key": [_("This key was already used for another inquiry.")]}
                )
        return Response(
            TicketSerializer(ticket).data,
            status=status.HTTP_201_CREATED if intake.created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="Change a ticket",
        description=(
            "Agents set status, priority, assignee (a username, or null) and category (the "
            "ticket follows it to its queue). The requester may close their inquiry (status "
            "`closed`) or reopen a resolved one (status `open`). Changes apply together or "
            "not at all."
        ),
        parameters=[REFERENCE],
        request=TicketUpdateSerializer,
        examples=[
            OpenApiExample("Resolve", value={"status": "resolved"}, request_only=True),
            OpenApiExample(
                "Triage", value={"priority": "high", "assignee": "agent2"}, request_only=True
            ),
        ],
        responses={200: TicketSerializer, **errors(400, 403, 404)},
    )
    def partial_update(self, request: Request, reference: str) -> Response:
        ticket = self.get_object()
        data = TicketUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = _acting_user(request)
        assert user is not None  # noqa: S101  (TicketPermission let only agents in)
        ticket = services.change_case(
            ticket,
            by=user,
            change=services.CaseChange(
                category=values.get("category"),
                priority=values.get("priority"),
                assignee=values.get("assignee", services.KEEP),
                status=values.get("status"),
            ),
        )
        fresh = Ticket.objects.select_related("category", "queue", "assignee", "store")
        return Response(TicketSerializer(fresh.get(pk=ticket.pk)).data)


class TicketMessagesView(PreferredLanguageMixin, GenericAPIView[Message]):
    serializer_class = MessageSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = MessageCursorPagination
    filter_backends: list[Any] = []

    def get_ticket(self) -> Ticket:
        return get_object_or_404(
            visible_tickets(self.request.user), reference=self.kwargs["reference"]
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "viewer": self.request.user}

    @extend_schema(
        summary="Read a ticket's thread",
        description=(
            "Oldest first, as the caller may read them: agents every message, the store the "
            "public ones and its side conversation with the help center (`visibility` "
            "`store`), the requester the public ones."
        ),
        parameters=[REFERENCE],
        responses={200: MessageSerializer(many=True), **errors(404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        ticket = self.get_ticket()
        page = self.paginate_queryset(visible_messages(ticket, request.user))
        context = {**self.get_serializer_context(), "ticket": ticket}
        return self.get_paginated_response(MessageSerializer(page, many=True, context=context).data)

    @extend_schema(
        summary="Write on a ticket",
        description=(
            "A public `reply` (the requester, the store's seller on an order inquiry, agents) "
            "or an internal `note` (agents only); or give `visibility` instead: `public`, "
            "`store` (help center and store) or `internal`. A requester's reply reopens a resolved "
            "inquiry (a closed one within 7 days of its resolution); later it files a new "
            "inquiry that follows the old one, named by `ticket` in the answer. An agent's "
            "first reply opens a new one."
        ),
        parameters=[REFERENCE],
        request=MessageCreateSerializer,
        examples=[
            OpenApiExample(
                "Answer", value={"body": "It ships today.", "kind": "reply"}, request_only=True
            ),
        ],
        responses={201: MessageSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = self.get_ticket()
        data = MessageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = _acting_user(request)
        public = data.validated_data.get("visibility") in (None, Message.Visibility.PUBLIC)
        if (
            public
            and data.validated_data["kind"] == Message.Kind.REPLY
            and transitions.party_of(ticket, user) is Party.REQUESTER
        ):
            # The requester writes again: reopening, continuing a merge, or a follow-up.
            written = services.write_again(
                ticket, by=user, body=data.validated_data["body"], channel=Ticket.Channel.API
            )
            context = {**self.get_serializer_context(), "ticket": written.ticket}
            answer = Response(MessageSerializer(written.message, context=context).data, status=201)
            if written.ticket.pk != ticket.pk:
                answer.data["ticket"] = written.ticket.reference
                answer["Content-Location"] = f"/api/v1/tickets/{written.ticket.reference}/"
            return answer
        message = services.add_message(
            ticket,
            by=user,
            body=data.validated_data["body"],
            kind=data.validated_data["kind"],
            visibility=data.validated_data.get("visibility"),
        )
        context = {**self.get_serializer_context(), "ticket": ticket}
        return Response(MessageSerializer(message, context=context).data, status=201)


class TicketStoreRequestView(PreferredLanguageMixin, GenericAPIView[Message]):
    """The help center asks the store of an order inquiry to answer."""

    serializer_class = MessageSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []

    @extend_schema(
        summary="Ask the store to answer",
        description=(
            "Agents only. Adds a message in the side conversation with the store (visibility "
            "`store`: the buyer never sees it) and gives the store a deadline in its business "
            "time (its answer window, one business day by default): the store is told in the "
            "product and by e-mail, reminded before the deadline, and when it passes the "
            "ticket is flagged (`store_missed_at`) and the buyer may ask the help center to "
            "step in. Asking again sets a new deadline."
        ),
        parameters=[REFERENCE],
        request=StoreRequestSerializer,
        examples=[
            OpenApiExample(
                "Ask for the tracking number",
                value={"body": "Please send the courier's tracking number for this order."},
                request_only=True,
            ),
        ],
        responses={201: MessageSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = get_object_or_404(visible_tickets(request.user), reference=reference)
        data = StoreRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = _acting_user(request)
        assert user is not None  # noqa: S101  (IsAuthenticated)
        message = services.request_store_answer(ticket, by=user, body=data.validated_data["body"])
        context = {**self.get_serializer_context(), "viewer": user, "ticket": ticket}
        return Response(MessageSerializer(message, context=context).data, status=201)


class TicketEscalateView(PreferredLanguageMixin, GenericAPIView[Ticket]):
    """The buyer asks the help center to step in after the store's deadline."""

    serializer_class = TicketSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []

    @extend_schema(
        summary="Ask the help center to step in",
        description=(
            "The requester only, once the store's deadline (`store_answer_due_at`) has passed "
            "without an answer: the help center takes the inquiry over (`escalated_at` is "
            "set, the priority goes one step up, the queue's agents are told). Asked before "
            "the deadline, or a second time, it answers 400 `invalid_state`."
        ),
        parameters=[REFERENCE],
        request=EscalateSerializer,
        responses={200: TicketSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = get_object_or_404(visible_tickets(request.user), reference=reference)
        data = EscalateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.ask_help_center(
            ticket, by=_acting_user(request), reason=data.validated_data.get("reason", "")
        )
        fresh = Ticket.objects.select_related("category", "queue", "assignee", "store")
        return Response(TicketSerializer(fresh.get(pk=ticket.pk)).data)
