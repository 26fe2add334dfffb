"""Configuration lives here; tickets are worked in the agent workspace.

Fields the services own (status, assignee, due times) are read-only: changing them here
would skip the history row and the notices.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from helpdesk.admin import CHECKBOXES

from .models import (
    Macro,
    Message,
    Reminder,
    RoutingRule,
    SatisfactionRating,
    SLAPolicy,
    Tag,
    Ticket,
    TicketEvent,
)


class MessageInline(admin.StackedInline[Message, Ticket]):
    model = Message
    extra = 0
    can_delete = False
    readonly_fields = [
        "author",
        "author_name",
        "kind",
        "visibility",
        "as_store",
        "no_answer_needed_at",
        "body",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class EventInline(admin.TabularInline[TicketEvent, Ticket]):
    model = TicketEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "kind", "old", "new", "reason"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin[Ticket]):
    list_display = [
        "reference",
        "subject",
        "category",
        "queue",
        "status",
        "priority",
        "assignee",
        "created_at",
    ]
    list_filter = ["status", "priority", "queue", "category", "channel"]
    search_fields = ["reference", "subject", "requester_email", "order_number"]
    list_select_related = ["category", "queue", "assignee"]
    show_full_result_count = False
    readonly_fields = [
        "reference",
        "requester",
        "requester_kind",
        "requester_name",
        "requester_email",
        "store",
        "category",
        "queue",
        "subject",
        "status",
        "priority",
        "assignee",
        "channel",
        "language",
        "details",
        "order_number",
        "is_spam",
        "reopened_count",
        "created_at",
        "first_response_at",
        "resolved_at",
        "closed_at",
        "first_response_due_at",
        "next_response_due_at",
        "resolution_due_at",
        "sla_paused_at",
        "store_answer_due_at",
        "store_requested_at",
        "store_missed_at",
        "escalated_at",
        "store_answer_not_needed",
    ]
    exclude = ["tags"]
    inlines = [MessageInline, EventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = [
        "name",
        "sort_order",
        "is_active",
        "category",
        "requester_kind",
        "set_queue",
        "set_priority",
    ]
    formfield_overrides = CHECKBOXES


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin[Macro]):
    list_display = ["name", "name_en", "queue", "set_status", "set_priority", "is_active"]
    formfield_overrides = CHECKBOXES


@admin.register(SLAPolicy)
class SLAPolicyAdmin(admin.ModelAdmin[SLAPolicy]):
    list_display = [
        "category",
        "priority",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
    ]
    list_filter = ["priority", "category"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin[Reminder]):
    list_display = ["ticket", "kind", "due_at", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["ticket"]
    readonly_fields = ["ticket", "kind", "due_at", "state", "attempts", "sent_at", "last_error"]
    actions = ["retry_failed"]

    @admin.action(description=_("Retry failed reminders at the next sweep"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        # The sweep re-checks the ticket before acting, so a stale retry sends nothing.
        queryset.filter(state=Reminder.State.FAILED).update(
            state=Reminder.State.SCHEDULED, attempts=0, last_error=""
        )


admin.site.register(Tag)


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(admin.ModelAdmin[SatisfactionRating]):
    list_display = ["ticket", "score", "created_at"]
    list_filter = ["score"]
    raw_id_fields = ["ticket"]
