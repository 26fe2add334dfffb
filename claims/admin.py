"""Claims in the admin: read-mostly. Every field is the services' to change; the actions
below call them, so a change made here is recorded and told like any other."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk.errors import DomainError

from . import services
from .models import Claim, ClaimEvent, ClaimReminder


class ClaimEventInline(admin.TabularInline[ClaimEvent, Claim]):
    model = ClaimEvent
    extra = 0
    can_delete = False
    readonly_fields = [
        "created_at",
        "kind",
        "party",
        "actor",
        "old_state",
        "new_state",
        "params",
        "note",
    ]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin[Claim]):
    list_display = ["reference", "kind", "state", "store", "amount", "is_escalated", "created_at"]
    list_filter = ["state", "kind", "fault", "is_escalated", "auto_accepted", "refund_late"]
    search_fields = ["reference", "order_number", "store__seller_id"]
    list_select_related = ["store"]
    show_full_result_count = False
    readonly_fields = [f.name for f in Claim._meta.fields if f.name != "id"]
    inlines = [ClaimEventInline]
    actions = ["close_claims"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return False

    @admin.action(description=_("Close the selected claims (as the help center)"))
    def close_claims(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        user = request.user
        assert isinstance(user, User)  # noqa: S101  (the admin needs a signed-in person)
        closed = 0
        for claim in queryset.exclude(state__in=Claim.DONE_STATES):
            try:
                services.close_claim(claim, by=user, note=str(_("Closed from the admin")))
            except DomainError as error:
                self.message_user(request, f"{claim.reference}: {error}", messages.ERROR)
            else:
                closed += 1
        self.message_user(request, _("%(count)d claims closed.") % {"count": closed})


@admin.register(ClaimReminder)
class ClaimReminderAdmin(admin.ModelAdmin[ClaimReminder]):
    list_display = ["claim", "kind", "due_at", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["claim"]
    readonly_fields = ["claim", "kind", "due_at", "state", "attempts", "sent_at", "last_error"]
    actions = ["retry_failed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry failed claim deadlines at the next sweep"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[ClaimReminder]) -> None:
        # The sweep re-checks the claim before acting: a stale retry moves nothing.
        queryset.filter(state=ClaimReminder.State.FAILED).update(
            state=ClaimReminder.State.SCHEDULED, attempts=0, last_error=""
        )
