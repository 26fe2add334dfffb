"""Inbound mail for supervisors: everything received, the quarantine with its errors, the
addresses our mail bounced from; quarantined or rate-held mail can be processed again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User

from . import parsing, services
from .models import FailingAddress, InboundMessage, MailboxState


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows the channel writes: read here, changed only through actions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "sender", "subject", "state", "outcome", "ticket", "source"]
    list_filter = ["state", "outcome", "source"]
    search_fields = ["sender", "subject", "message_key"]
    list_select_related = ["ticket"]
    date_hierarchy = "received_at"
    exclude = ["raw"]
    readonly_fields = ["text", "raw_headers"]
    actions = ["process_again"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundMessage]:
        return super().get_queryset(request).defer("raw")

    @admin.display(description=_("text"))
    def text(self, obj: InboundMessage) -> str:
        # Shown escaped, as plain text: HTML mail was turned to text when it was parsed.
        return format_html('<pre class="mail-text">{}</pre>', services.held_text(obj))

    @admin.display(description=_("headers"))
    def raw_headers(self, obj: InboundMessage) -> str:
        head = bytes(obj.raw).split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0][:20_000]
        return format_html('<pre class="mail-text">{}</pre>', parsing.decode_bytes(head, None))

    @admin.action(description=_("Process again"))
    def process_again(self, request: HttpRequest, queryset: QuerySet[InboundMessage]) -> None:
        assert isinstance(request.user, User)  # noqa: S101  (the admin signs supervisors in)
        count = services.process_again(list(queryset.defer("raw")), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d message is processed again.",
                "%(count)d messages are processed again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(FailingAddress)
class FailingAddressAdmin(ReadOnlyAdmin):
    list_display = ["email", "status", "reason", "bounces", "failing_since", "last_bounce_at"]
    search_fields = ["email"]


@admin.register(MailboxState)
class MailboxStateAdmin(ReadOnlyAdmin):
    list_display = ["mailbox", "uidvalidity", "last_uid", "polled_at"]
