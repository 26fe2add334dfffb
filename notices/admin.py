"""Supervisors publish notices here; the state moves only through the actions (the service
stamps when it was resolved), and linked tickets are answered from the workspace page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from helpdesk.admin import CHECKBOXES
from helpdesk.errors import DomainError

from . import services
from .models import Notice


def _move(
    modeladmin: NoticeAdmin, request: HttpRequest, notices: QuerySet[Notice], state: str
) -> None:
    for notice in notices:
        try:
            services.change_notice_state(notice, state=state, by=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            modeladmin.message_user(request, f"{notice}: {error}", messages.WARNING)


@admin.action(description=_("Mark as investigating"))
def mark_investigating(modeladmin: NoticeAdmin, request: HttpRequest, notices: Any) -> None:
    _move(modeladmin, request, notices, Notice.State.INVESTIGATING)


@admin.action(description=_("Mark as cause identified"))
def mark_identified(modeladmin: NoticeAdmin, request: HttpRequest, notices: Any) -> None:
    _move(modeladmin, request, notices, Notice.State.IDENTIFIED)


@admin.action(description=_("Mark as resolved"))
def mark_resolved(modeladmin: NoticeAdmin, request: HttpRequest, notices: Any) -> None:
    _move(modeladmin, request, notices, Notice.State.RESOLVED)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    list_display = ["title_ko", "title_en", "state", "starts_at", "ends_at", "workspace_link"]
    list_filter = ["state", "categories"]
    search_fields = ["title_ko", "title_en"]
    formfield_overrides = CHECKBOXES
    readonly_fields = ["state", "resolved_at", "created_by", "created_at"]
    fields = [
        "title_ko",
        "body_ko",
        "title_en",
        "body_en",
        "categories",
        "starts_at",
        "ends_at",
        *readonly_fields,
    ]
    actions = [mark_investigating, mark_identified, mark_resolved]

    @admin.display(description=_("linked tickets"))
    def workspace_link(self, notice: Notice) -> str:
        return format_html('<a href="{}">{}</a>', notice.get_absolute_url(), _("Open"))

    def save_model(self, request: HttpRequest, obj: Notice, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
