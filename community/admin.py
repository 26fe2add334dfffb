"""Moderation in the admin: posts, reports and posting blocks are read here and changed only
through actions, which call the same services as the community's pages (and so reach the
audit trail); nothing is added or edited by hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk.errors import DomainError

from . import services
from .models import Answer, Block, Question, Report


class ModerationAdmin[M: Model](admin.ModelAdmin[M]):
    """Read-only records; the actions are the only way to change them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _each(
    modeladmin: admin.ModelAdmin[Any],
    request: HttpRequest,
    items: QuerySet[Any],
    act: Callable[[Any, User], object],
) -> None:
    """Apply a service to each selected row; a refusal is reported, the others go on."""
    done = 0
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (the admin is for signed-in supervisors)
    for item in items:
        try:
            act(item, user)
        except DomainError as error:
            modeladmin.message_user(request, f"{item}: {error}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, _("Done: %(n)d.") % {"n": done}, messages.SUCCESS)


@admin.action(description=_("Hide from the community"))
def hide(modeladmin: Any, request: HttpRequest, items: QuerySet[Any]) -> None:
    _each(modeladmin, request, items, lambda post, by: services.hide_post(post, by=by))


@admin.action(description=_("Show again"))
def show(modeladmin: Any, request: HttpRequest, items: QuerySet[Any]) -> None:
    _each(modeladmin, request, items, lambda post, by: services.show_post(post, by=by))


@admin.action(description=_("Block the authors from posting"))
def block_authors(modeladmin: Any, request: HttpRequest, items: QuerySet[Any]) -> None:
    _each(modeladmin, request, items, lambda post, by: services.block_person(post.author, by=by))


@admin.action(description=_("Verify (verified by the help center)"))
def verify(modeladmin: Any, request: HttpRequest, items: QuerySet[Answer]) -> None:
    _each(modeladmin, request, items, lambda answer, by: services.verify_answer(answer, by=by))


@admin.action(description=_("Withdraw verification"))
def withdraw(modeladmin: Any, request: HttpRequest, items: QuerySet[Answer]) -> None:
    _each(
        modeladmin, request, items, lambda answer, by: services.withdraw_verification(answer, by=by)
    )


@admin.action(description=_("Write an FAQ draft from it"))
def faq_draft(modeladmin: Any, request: HttpRequest, items: QuerySet[Question]) -> None:
    _each(modeladmin, request, items, lambda question, by: services.make_faq_draft(question, by=by))


@admin.action(description=_("Make it an inquiry of the asker"))
def inquiry(modeladmin: Any, request: HttpRequest, items: QuerySet[Question]) -> None:
    _each(modeladmin, request, items, lambda question, by: services.file_inquiry(question, by=by))


@admin.action(description=_("Hide the reported posts"))
def hide_reported(modeladmin: Any, request: HttpRequest, items: QuerySet[Report]) -> None:
    posts = {report.post for report in items.select_related("question", "answer")}
    for post in posts:
        try:
            services.hide_post(post, by=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            modeladmin.message_user(request, f"{post}: {error}", messages.WARNING)


@admin.action(description=_("Dismiss the reports"))
def dismiss(modeladmin: Any, request: HttpRequest, items: QuerySet[Report]) -> None:
    posts = {report.post for report in items.select_related("question", "answer")}
    for post in posts:
        services.dismiss_reports(post, by=request.user)  # type: ignore[arg-type]


@admin.action(description=_("Lift the block"))
def lift(modeladmin: Any, request: HttpRequest, items: QuerySet[Block]) -> None:
    people = User.objects.filter(
        pk__in=items.filter(lifted_at__isnull=True).values("user")
    ).order_by("pk")
    _each(modeladmin, request, people, lambda person, by: services.lift_block(person, by=by))


def _page(post: Question | Answer) -> SafeString:
    return format_html('<a href="{}">{}</a>', post.get_absolute_url(), _("Open"))


@admin.register(Question)
class QuestionAdmin(ModerationAdmin[Question]):
    list_display = ["title", "audience", "category", "author", "is_hidden", "created_at", "page"]
    list_filter = ["is_hidden", "audience", "category"]
    search_fields = ["title", "body", "author__username"]
    date_hierarchy = "created_at"
    list_select_related = ["category", "author"]
    actions = [hide, show, block_authors, faq_draft, inquiry]
    readonly_fields = ["page"]

    @admin.display(description=_("page"))
    def page(self, question: Question) -> SafeString:
        return _page(question)


@admin.register(Answer)
class AnswerAdmin(ModerationAdmin[Answer]):
    list_display = ["pk", "question", "author", "is_verified", "is_accepted", "is_hidden", "page"]
    list_filter = ["is_hidden", "is_accepted", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__username", "question__title"]
    list_select_related = ["question", "author"]
    actions = [verify, withdraw, hide, show, block_authors]
    readonly_fields = ["page"]

    @admin.display(description=_("verified by the help center"), boolean=True)
    def is_verified(self, answer: Answer) -> bool:
        return answer.verified_at is not None

    @admin.display(description=_("page"))
    def page(self, answer: Answer) -> SafeString:
        return _page(answer)


@admin.register(Report)
class ReportAdmin(ModerationAdmin[Report]):
    list_display = ["created_at", "reason", "note", "reporter", "post_link", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "reason"]
    list_select_related = ["reporter", "question", "answer", "answer__question"]
    actions = [hide_reported, dismiss]

    @admin.display(description=_("post"))
    def post_link(self, report: Report) -> SafeString:
        return _page(report.post)


@admin.register(Block)
class BlockAdmin(ModerationAdmin[Block]):
    list_display = ["user", "reason", "blocked_by", "created_at", "lifted_at", "lifted_by"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "reason"]
    list_select_related = ["user", "blocked_by", "lifted_by"]
    actions = [lift]
