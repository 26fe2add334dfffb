"""Input serializers check the shape of what callers send; output serializers shape what they
get back. Neither saves: the views hand validated data to the services."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from accounts.models import Store, User
from catalog import reference
from catalog.models import Category, Priority, Queue
from contacts.models import ContactChannel
from faq.models import Article
from notices.models import Notice
from tickets.details import PaymentMethod, category_fields
from tickets.models import Message, Ticket
from tickets.selectors import shown_name

AnySerializer = serializers.Serializer[Any]


class FieldsBuiltOnce:
    """For output serializers whose fields never depend on the request: the model is read
    for them once per class, and each serializer binds its own shallow copies (DRF would
    rebuild them by introspection for every object shown, a tenth of a ticket's answer)."""

    _built_fields: ClassVar[dict[str, serializers.Field[Any, Any, Any, Any]]]

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._built_fields = built
        return {name: copy.copy(field) for name, field in built.items()}


class _Slow(Exception):
    """A value the direct walk leaves to DRF's own field (a callable source, a missing key)."""


Convert = Callable[[Any], Any]


def _converter(field: serializers.Field[Any, Any, Any, Any]) -> Convert:
    """What the field's to_representation does, for the field types whose answer is one line;
    any other field answers for itself."""
    kind = type(field)
    if kind is serializers.CharField:
        return str
    if kind is serializers.IntegerField:
        return int
    if kind is serializers.ChoiceField:
        strings = field.choice_strings_to_values  # type: ignore[attr-defined]

        def choice(value: Any) -> Any:
            if value == "":
                return value
            if isinstance(value, Enum) and str(value) != str(value.value):
                value = value.value
            return strings.get(str(value), value)

        return choice
    if kind is serializers.SlugRelatedField and "__" not in field.slug_field:  # type: ignore[attr-defined]
        slug = field.slug_field  # type: ignore[attr-defined]
        return lambda value: getattr(value, slug)
    return field.to_representation


def _is_iso_stamp(field: serializers.Field[Any, Any, Any, Any]) -> bool:
    """A date and time shown in ISO 8601 in the current time zone, as DRF does by default."""
    return (
        type(field) is serializers.DateTimeField
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and not hasattr(field, "timezone")
    )


def _source(instance: Any, attrs: list[str]) -> Any:
    for attr in attrs:
        instance = instance[attr] if isinstance(instance, Mapping) else getattr(instance, attr)
        if callable(instance):
            raise _Slow
    return instance


class DirectRepresentation:
    """DRF's to_representation, field for field the same answer, without its generic walk:
    each field's source and conversion are looked up once per serializer, not once per value,
    and the time zone once per object (the walk was two fifths of a 25-ticket list's time).
    A source DRF would treat specially (a callable, a missing key or attribute, a missing
    related row) is still read by the field's own get_attribute."""

    _plan: list[tuple[str, serializers.Field[Any, Any, Any, Any], str | None, Convert, bool]]

    def _planned(self) -> list[Any]:
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = [
                (
                    field.field_name,
                    field,
                    field.source_attrs[0] if len(field.source_attrs) == 1 else None,
                    _converter(field),
                    _is_iso_stamp(field),
                )
                for field in self._readable_fields  # type: ignore[attr-defined]
            ]
            self._plan = plan
        return plan

    def to_representation(self, instance: Any) -> dict[str, Any]:
        mapping = isinstance(instance, Mapping)
        zone = None
        answer: dict[str, Any] = {}
        for name, field, attr, convert, stamp in self._planned():
            try:
                if attr is None:
                    value = _source(instance, field.source_attrs)
                else:
                    value = instance[attr] if mapping else getattr(instance, attr)
                    if callable(value):
                        raise _Slow
            except Exception:  # DRF's own reading decides
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
            if value is None or (isinstance(value, PKOnlyObject) and value.pk is None):
                answer[name] = None
            elif stamp and not isinstance(value, str) and value.tzinfo is not None:
                if zone is None:
                    zone = timezone.get_current_timezone()
                text = value.astimezone(zone).isoformat()
                answer[name] = text[:-6] + "Z" if text.endswith("+00:00") else text
            else:
                answer[name] = convert(value)
        return answer


# --- Tickets ---------------------------------------------------------------------------------
class TicketDetailsSerializer(DirectRepresentation, AnySerializer):
    """The case details; which ones a category needs, and which are required, is listed by
    /api/v1/categories/ and checked when the ticket is filed."""

    order_number = serializers.CharField(
        required=False, allow_blank=True, help_text="8 to 20 digits, as in the order history."
    )
    product_name = serializers.CharField(required=False, allow_blank=True)
    store_id = serializers.CharField(
        required=False, allow_blank=True, help_text="The store's seller ID or name."
    )
    tracking_number = serializers.CharField(
        required=False, allow_blank=True, help_text="8 to 20 letters or digits."
    )
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.CHOICES, required=False, allow_blank=True
    )
    amount = serializers.IntegerField(required=False, help_text="In won.")


class TicketSerializer(DirectRepresentation, FieldsBuiltOnce, serializers.ModelSerializer[Ticket]):
    reference = serializers.CharField(read_only=True, help_text="e.g. HD-000042")
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    queue: serializers.SlugRelatedField[Queue] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug", help_text="The team that handles the ticket."
    )
    assignee: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True, help_text="An agent's username."
    )
    store: serializers.SlugRelatedField[Store] = serializers.SlugRelatedField(
        read_only=True,
        slug_field="seller_id",
        allow_null=True,
        help_text="The store the inquiry concerns, by seller ID.",
    )
    details = TicketDetailsSerializer(read_only=True)
    follows = serializers.CharField(
        source="follows_reference",
        read_only=True,
        help_text="The earlier inquiry this one follows up (written to after it closed), or empty.",
    )

    class Meta:
        model = Ticket
        fields = [
            "reference",
            "category",
            "subject",
            "details",
            "status",
            "priority",
            "queue",
            "assignee",
            "store",
            "channel",
            "created_at",
            "updated_at",
            "first_response_due_at",
            "resolution_due_at",
            "store_answer_due_at",
            "store_missed_at",
            "escalated_at",
            "follows",
        ]
        read_only_fields = fields


class CategorySlugField(serializers.SlugRelatedField[Category]):
    """A category by its slug, found in the cached reference data with its queue (no query);
    inactive ones too, which filing refuses with its own message."""

    def to_internal_value(self, data: Any) -> Category:
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        slug = str(data)
        found = next((one for one in reference.all_categories() if one.slug == slug), None)
        if found is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=slug)
        return found


class TicketCreateSerializer(AnySerializer):
    category = CategorySlugField(
        slug_field="slug",
        queryset=Category.objects.all(),
        help_text="A slug from /api/v1/categories/.",
        error_messages={
            "does_not_exist": _("There is no category “{value}”. Choose one from the list."),
            "invalid": _("Choose a category by its slug."),
        },
    )
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20_000, help_text="The first message.")
    details = TicketDetailsSerializer(required=False)
    requester_name = serializers.CharField(
        required=False, allow_blank=True, max_length=80, help_text="Guests only (no sign-in)."
    )
    requester_email = serializers.EmailField(
        required=False, allow_blank=True, help_text="Guests only: where the answer is sent."
    )
    confirm_new = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "File even though the same requester has an open or recently resolved inquiry "
            "about the same order number (otherwise that answers 409 with its reference)."
        ),
    )


class TicketUpdateSerializer(AnySerializer):
    """Agents change any of these; the requester may only close (status "closed") or reopen
    (status "open") their own inquiry. The services decide who may do what."""

    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(
            is_active=True, role__in=[User.Role.AGENT, User.Role.SUPERVISOR]
        ),
        required=False,
        allow_null=True,
        help_text="An agent's username, or null to unassign.",
        error_messages={"does_not_exist": _("No agent has the username “{value}”.")},
    )
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.filter(is_active=True),
        required=False,
        error_messages={
            "does_not_exist": _("There is no category “{value}”. Choose one from the list.")
        },
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                _("Send at least one of status, priority, assignee or category.")
            )
        return attrs


# --- Messages --------------------------------------------------------------------------------
class MessageSerializer(serializers.ModelSerializer[Message]):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "body", "kind", "visibility", "author", "as_store", "created_at"]
        read_only_fields = fields

    def get_author(self, message: Message) -> str:
        """The name as the caller may see it (tickets.selectors.shown_name): a store's seller
        sees the buyer's name masked."""
        ticket = self.context.get("ticket")
        if ticket is not None:
            message.ticket = ticket  # the thread's ticket, already read
        return shown_name(message, to=self.context.get("viewer"))


class MessageCreateSerializer(AnySerializer):
    body = serializers.CharField(max_length=20_000)
    kind = serializers.ChoiceField(
        choices=[
            (Message.Kind.REPLY.value, _("Public reply")),
            (Message.Kind.NOTE.value, _("Internal note")),
        ],
        default=Message.Kind.REPLY.value,
        help_text="`note` is internal (agents only) and never shown to the requester.",
    )
    visibility = serializers.ChoiceField(
        choices=Message.Visibility.choices,
        required=False,
        help_text=(
            "Who reads it, instead of `kind`: `public` (requester, store and help center), "
            "`store` (help center and store only; an agent writing here asks the store to "
            "answer, with a deadline) or `internal` (help center only)."
        ),
    )


class StoreRequestSerializer(AnySerializer):
    body = serializers.CharField(
        max_length=20_000,
        help_text="What the help center asks the store (the buyer never sees it).",
    )


class EscalateSerializer(AnySerializer):
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="What is still missing."
    )


# --- Categories ------------------------------------------------------------------------------
class ChoiceSerializer(AnySerializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # popped by the metaclass


class CategoryFieldSerializer(AnySerializer):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # These names would shadow attributes of Field itself as class attributes.
        return {
            "name": serializers.CharField(help_text="The key to send in `details`."),
            "required": serializers.BooleanField(),
            "label": serializers.CharField(help_text="In the language asked for."),
            "help_text": serializers.CharField(),
            "choices": ChoiceSerializer(
                many=True, help_text="The allowed values, for payment_method."
            ),
        }


def category_field_data(category: Category) -> list[dict[str, Any]]:
    return [
        {
            "name": field.name,
            "required": required,
            "label": str(field.label),
            "help_text": str(field.help_text),
            "choices": (
                [{"value": value, "label": str(label)} for value, label in PaymentMethod.CHOICES]
                if field.name == "payment_method"
                else []
            ),
        }
        for field, required in category_fields(category)
    ]


class CategorySerializer(serializers.ModelSerializer[Category]):
    name = serializers.CharField(read_only=True, help_text="In the language asked for.")
    description = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = ["slug", "name", "description", "audience", "concerns_store"]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "fields" would shadow Serializer.fields as a class attribute.
        fields = super().get_fields()
        fields["fields"] = serializers.SerializerMethodField(method_name="get_detail_fields")
        return fields

    @extend_schema_field(CategoryFieldSerializer(many=True))
    def get_detail_fields(self, category: Category) -> list[dict[str, Any]]:
        return category_field_data(category)


# --- FAQ -------------------------------------------------------------------------------------
class ArticleSerializer(serializers.ModelSerializer[Article]):
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    question = serializers.CharField(read_only=True, help_text="In the language asked for.")
    answer = serializers.CharField(read_only=True, help_text="Markdown, in the language asked for.")
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "category",
            "question",
            "answer",
            "tags",
            "audience",
            "helpful_count",
            "not_helpful_count",
            "updated_at",
        ]
        read_only_fields = fields

    def get_tags(self, article: Article) -> list[str]:
        return [tag.strip() for tag in article.tags.split(",") if tag.strip()]


class VoteSerializer(AnySerializer):
    helpful = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class VoteCountsSerializer(AnySerializer):
    helpful_count = serializers.IntegerField()
    not_helpful_count = serializers.IntegerField()


# --- Contacts --------------------------------------------------------------------------------
class ContactChannelSerializer(serializers.ModelSerializer[ContactChannel]):
    name = serializers.CharField(read_only=True)
    strengths = serializers.CharField(read_only=True)
    limits = serializers.CharField(read_only=True)
    categories = serializers.SlugRelatedField[Category](
        many=True, read_only=True, slug_field="slug"
    )
    is_open_now = serializers.SerializerMethodField()
    expected_wait_minutes = serializers.SerializerMethodField()

    class Meta:
        model = ContactChannel
        fields = [
            "slug",
            "kind",
            "name",
            "address",
            "audience",
            "strengths",
            "limits",
            "expected_wait_minutes",
            "categories",
            "is_open_now",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_open_now(self, channel: ContactChannel) -> bool:
        """By the channel's opening hours; a channel without hours is always open."""
        is_open: dict[int, bool] = self.context["is_open"]
        return is_open[channel.pk]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_expected_wait_minutes(self, channel: ContactChannel) -> int | None:
        """Minutes until an answer: for online inquiries the median first response of the last
        30 days in business minutes (of the `category` asked for, else of all), or the
        configured figure with too few answers; measured callbacks and chats likewise."""
        waits: dict[int, int | None] = self.context.get("waits", {})
        return waits.get(channel.pk, channel.expected_wait_minutes)


# --- Notices ---------------------------------------------------------------------------------
class NoticeSerializer(serializers.ModelSerializer[Notice]):
    title = serializers.CharField(read_only=True, help_text="In the language asked for.")
    body = serializers.CharField(read_only=True, help_text="Plain text, in the language asked for.")
    categories: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )

    class Meta:
        model = Notice
        fields = [
            "id",
            "title",
            "body",
            "state",
            "categories",
            "starts_at",
            "ends_at",
            "resolved_at",
        ]
        read_only_fields = fields


# --- Auth ------------------------------------------------------------------------------------
class TokenRequestSerializer(AnySerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(AnySerializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


# --- Stores ----------------------------------------------------------------------------------
SHARE_HELP = (
    "Share 0-1 of the inquiries filed in the last {days} days (Seoul days, today included) "
    "that the store answered within its answer window, among those it answered or whose "
    "answer deadline has passed; inquiries marked 'no answer needed' are left out. null when "
    "nothing is counted yet."
)


class ScorecardOpenSerializer(AnySerializer):
    total = serializers.IntegerField(help_text="Open inquiries waiting for the store's answer.")
    overdue = serializers.IntegerField(help_text="Their answer deadline has passed.")
    due_soon = serializers.IntegerField(
        help_text="Due within two business hours (the store's calendar)."
    )
    due_today = serializers.IntegerField(help_text="Due later today.")
    due_later = serializers.IntegerField(help_text="Due after today.")


class ScorecardSatisfactionSerializer(AnySerializer):
    mean_score = serializers.FloatField(
        allow_null=True, help_text="Mean score 1-5 of the ratings; null without ratings."
    )
    share_4_or_5 = serializers.FloatField(
        allow_null=True, help_text="Share 0-1 of the ratings that gave 4 or 5."
    )
    ratings = serializers.IntegerField(help_text="How many ratings.")


class StoreScorecardSerializer(AnySerializer):
    """A store's scorecard (reports.scorecard), read from a plain mapping."""

    answered_on_time_7d = serializers.FloatField(
        allow_null=True, help_text=SHARE_HELP.format(days=7)
    )
    answered_on_time_30d = serializers.FloatField(
        allow_null=True, help_text=SHARE_HELP.format(days=30)
    )
    answered_on_time_90d = serializers.FloatField(
        allow_null=True, help_text=SHARE_HELP.format(days=90)
    )
    median_first_answer_minutes = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "Median business minutes from filing to the store's first answer, over the "
            "inquiries filed in the last 30 days that it answered; null when none."
        ),
    )
    escalations_30d = serializers.IntegerField(
        help_text=(
            "Inquiries (filed in the last 90 days) whose deadline the store let pass, or on "
            "which the buyer asked the help center to step in, in the last 30 days."
        )
    )
    satisfaction_30d = ScorecardSatisfactionSerializer(
        help_text="Ratings given in the last 30 days on the store's inquiries."
    )
    open = ScorecardOpenSerializer(help_text="Open inquiries waiting for the store, by time left.")
