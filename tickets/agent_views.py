"""The agent workspace: views of the queue, the ticket page and what agents do there.

Only agents and supervisors get in. The workspace's pages answer others with 403; a ticket
URL answers 404 to anyone who may not see that ticket, exactly as an unknown reference does.
Every htmx request has a plain form or link twin, so each page works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from catalog import reference as reference_data
from catalog.models import Category, Queue
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest

from . import parts, presence, rows, selectors, services, store_clock, views
from .agent_forms import CaseForm, MergeForm, ReplyForm, TicketFilterForm
from .details import category_fields, detail_display, detail_label
from .macros import macro_text
from .models import Macro, Message, Ticket

View = Callable[..., HttpResponseBase]


def _agent_only(*, refuse: type[Exception]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not getattr(request.user, "is_agent", False):
                raise refuse
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Workspace pages refuse others plainly; ticket pages never admit that the ticket exists.
workspace_page = _agent_only(refuse=PermissionDenied)
ticket_page = _agent_only(refuse=Http404)


def _header_context(user: User) -> dict[str, Any]:
    return {"unread_count": selectors.unread_notification_count(user)}


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- The queue ------------------------------------------------------------------------------


@workspace_page
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A view of tickets, filtered, searched and sorted, one keyset page at a time."""
    user = request.user
    queues = selectors.agent_queues(user)
    agents = selectors.queue_agents(queues)
    form = TicketFilterForm(
        request.GET, queues=queues, categories=reference_data.all_categories(), agents=agents
    )
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or "mine"
    sort = data.get("sort") or selectors.DEFAULT_SORT.get(view, "due")
    page = selectors.agent_ticket_list(
        user, view=view, filters=data, sort=sort, after=data.get("after", "")
    )
    query = request.GET.copy()
    query.pop("after", None)
    now = timezone.now()
    context = {
        "form": form,
        "view": view,
        "view_label": selectors.AGENT_VIEWS[view],
        "sort": sort,
        "page": page,
        "rows": rows.queue_rows(page.tickets, now),
        "filters_html": rows.queue_filters(form, view, request.GET, user.pk),
        "query": query.urlencode(),
        "is_first_page": not data.get("after"),
        "agents": agents,
        "statuses": Ticket.Status.choices,
        "priorities": Ticket.Priority.choices,
        "bulk_limit": services.BULK_LIMIT,
        "workspace_section": "queue",
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "agent/queue.html#results", context)
    context["views"] = _views_nav(user, view)
    context.update(_header_context(user))
    return render(request, "agent/queue.html", context)


def _views_nav(user: User, current: str) -> list[dict[str, Any]]:
    counts = selectors.recent_agent_view_counts(user)
    return [
        {"slug": slug, "label": label, "count": counts[slug], "current": slug == current}
        for slug, label in selectors.AGENT_VIEWS.items()
    ]


@workspace_page
@require_GET
def counts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The views with live counts: the sidebar polls this."""
    current = request.GET.get("view", "mine")
    return render(
        request,
        "agent/queue.html#views_nav",
        {"views": _views_nav(request.user, current), "view": current},
    )


@workspace_page
@require_POST
def bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One change to the selected tickets; the list comes back with a summary."""
    back = _safe_next(request, reverse("agent:queue"))
    references = request.POST.getlist("ticket")[: services.BULK_LIMIT + 1]
    action = request.POST.get("action", "")
    value = request.POST.get(action, "") if action != "close" else ""
    if len(references) > services.BULK_LIMIT:
        messages.error(
            request,
            _("Change at most %(count)d tickets at once.") % {"count": services.BULK_LIMIT},
        )
        return redirect(back)
    # Only tickets this agent may see; any other reference is silently not there.
    tickets = list(
        selectors.visible_tickets(request.user).filter(reference__in=references).order_by("pk")
    )
    try:
        outcome = services.bulk_update(tickets, by=request.user, action=action, value=value)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(back)
    if outcome.changed:
        messages.success(
            request,
            ngettext("%(count)d ticket changed.", "%(count)d tickets changed.", outcome.changed)
            % {"count": outcome.changed},
        )
    if outcome.unchanged:
        messages.info(
            request,
            ngettext(
                "%(count)d ticket already was that way.",
                "%(count)d tickets already were that way.",
                outcome.unchanged,
            )
            % {"count": outcome.unchanged},
        )
    for reference, problem in outcome.failed:
        messages.error(request, f"{reference}: {problem}")
    return redirect(back)


# --- One ticket ---------------------------------------------------------------------------


def _ticket_or_404(user: User, reference: str) -> Ticket:
    # merged_into is read only when set (rarely): joining the table to itself costs every page.
    return get_object_or_404(selectors.visible_tickets(user), reference=reference)


def _case_form(ticket: Ticket, data: Any = None) -> CaseForm:
    return CaseForm(
        data,
        initial=CaseForm.initial_for(ticket),
        agents=selectors.assignable_agents(ticket),
        categories=reference_data.active_categories(),
        queues=reference_data.all_queues(),
    )


def _ticket_context(
    request: AuthenticatedHttpRequest, ticket: Ticket, **overrides: Any
) -> dict[str, Any]:
    user = request.user
    details = [
        (detail_label(field.name), detail_display(field.name, ticket.details[field.name]))
        for field, _required in category_fields(ticket.category)
        if ticket.details.get(field.name) not in (None, "")
    ]
    history = list(selectors.ticket_history(ticket))
    context: dict[str, Any] = {
        "ticket": ticket,
        "thread": parts.agent_thread(selectors.thread_entries(ticket, user), ticket.reference),
        "details": details,
        "tags": list(ticket.tags.all()),
        "clock": selectors.response_clock(ticket),
        "history": parts.history(history),
        "other_tickets": parts.other_tickets(selectors.requester_other_tickets(user, ticket)),
        "merged_tickets": selectors.tickets_merged_into(ticket, history),
        "macros": selectors.macros_for(ticket),
        "case_form": _case_form(ticket),
        "reply_form": ReplyForm(store_side=store_clock.concerns_store(ticket)),
        "merge_form": MergeForm(),
        "viewers": presence.report(ticket.pk, user, is_typing=False),
        "can_take": ticket.assignee_id is None and ticket.status != Ticket.Status.CLOSED,
        "can_write": ticket.merged_into_id is None,
        "store_overdue": bool(
            ticket.store_answer_due_at and ticket.store_answer_due_at <= timezone.now()
        ),
        **_header_context(user),
    }
    context.update(overrides)
    return context


@ticket_page
@require_GET
def ticket(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    # The page shows the store's name; the assignee is among the cached queue members and
    # the requester's name and address are the ticket's own. Joining the two person rows
    # as well cost the page more than a millisecond of planning and reading.
    tickets = selectors.visible_tickets(request.user).select_related(None).select_related("store")
    item = get_object_or_404(tickets, reference=reference)
    return render(request, "agent/ticket.html", _ticket_context(request, item))


@ticket_page
@require_POST
def reply(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """A public reply or internal note, maybe from a canned response, maybe moving the status."""
    item = _ticket_or_404(request.user, reference)
    form = ReplyForm(request.POST, request.FILES, store_side=store_clock.concerns_store(item))
    if form.is_valid():
        data = form.cleaned_data
        macro: Macro | None = data.get("macro")
        try:
            if macro is not None:
                services.apply_macro(
                    item,
                    by=request.user,
                    macro=macro,
                    body=data["body"],
                    visibility=data["visibility"],
                    attachments=data.get("attachments") or [],
                    new_status=data.get("then") or None,
                )
            else:
                services.add_message(
                    item,
                    by=request.user,
                    body=data["body"],
                    visibility=data["visibility"],
                    attachments=data.get("attachments") or [],
                    new_status=data.get("then") or None,
                )
        except services.InvalidTicket as error:
            for name, problems in error.errors.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            presence.report(item.pk, request.user, is_typing=False)
            if data["visibility"] == Message.Visibility.STORE:
                messages.success(request, _("The store was asked to answer."))
            elif data["kind"] == Message.Kind.NOTE:
                messages.success(request, _("Your note was added."))
            else:
                messages.success(request, _("Your reply was sent."))
            return redirect("agent:ticket", reference=item.reference)
    context = _ticket_context(request, item, reply_form=form)
    return render(request, "agent/ticket.html", context, status=400)


@ticket_page
@require_POST
def insert_macro(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Put a canned response's text into the reply box (nothing is sent or saved)."""
    item = _ticket_or_404(request.user, reference)
    macros = {str(m.pk): m for m in selectors.macros_for(item)}
    macro = macros.get(request.POST.get("pick", ""))
    body = request.POST.get("body", "")[:20_000]
    kind = request.POST.get("kind", Message.Kind.REPLY)
    initial: dict[str, Any] = {"body": body, "kind": kind}
    if macro is not None:
        text = macro_text(macro, item, agent=request.user)
        initial["body"] = f"{body.rstrip()}\n\n{text}" if body.strip() else text
        initial["macro"] = macro.pk
    form = ReplyForm(initial=initial, store_side=store_clock.concerns_store(item))
    overrides = {"reply_form": form, "picked_macro": macro}
    if request.htmx:
        context = {
            "ticket": item,
            "reply_form": form,
            "macros": list(macros.values()),
            "picked_macro": macro,
            "can_write": item.merged_into_id is None,
        }
        return render(request, "agent/ticket.html#reply_box", context)
    return render(request, "agent/ticket.html", _ticket_context(request, item, **overrides))


def _case_change(item: Ticket, form: CaseForm) -> services.CaseChange:
    """What the agent changed in the case form (the fields left as they were stay out)."""
    data = form.cleaned_data
    assignee: Any = services.KEEP
    if data["assignee"] != str(item.assignee_id or ""):
        assignee = User.objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
    return services.CaseChange(
        status=data["status"] if data["status"] != item.status else None,
        priority=data["priority"] if data["priority"] != item.priority else None,
        category=(
            Category.objects.get(pk=data["category"])
            if data["category"] != str(item.category_id)
            else None
        ),
        queue=(
            Queue.objects.get(pk=data["queue"]) if data["queue"] != str(item.queue_id) else None
        ),
        assignee=assignee,
    )


@ticket_page
@require_POST
def update(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Change assignee, status, priority, category or queue in place."""
    item = _ticket_or_404(request.user, reference)
    form = _case_form(item, request.POST)
    if form.is_valid():
        try:
            # All or nothing: a refused change undoes the others made in the same submit.
            services.change_case(item, by=request.user, change=_case_change(item, form))
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Check the values and try again."))
    refreshed = selectors.visible_tickets(request.user).filter(pk=item.pk).first()
    if refreshed is None:
        # Moved to a queue this agent does not work in: back to the list.
        messages.info(request, _("The ticket moved to a queue you do not work in."))
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("agent:queue")
            return response
        return redirect("agent:queue")
    if request.htmx:
        return _case_fragments(request, refreshed)
    return redirect("agent:ticket", reference=item.reference)


def _case_fragments(request: AuthenticatedHttpRequest, item: Ticket) -> HttpResponse:
    """The case box, plus the header and history swapped out of band."""
    context = {
        "ticket": item,
        "case_form": _case_form(item),
        "clock": selectors.response_clock(item),
        "history": parts.history(selectors.ticket_history(item)),
        "can_take": item.assignee_id is None and item.status != Ticket.Status.CLOSED,
        "oob": True,
    }
    fragments = [
        render_to_string(
            "agent/ticket.html#case", {**context, "oob": False, "in_fragment": True}, request
        ),
        render_to_string("agent/ticket.html#header", context, request),
        render_to_string("agent/ticket.html#history", context, request),
    ]
    return HttpResponse("".join(fragments))


def _act(
    request: AuthenticatedHttpRequest,
    reference: str,
    action: Callable[[Ticket], Any],
    done: str,
) -> HttpResponse:
    item = _ticket_or_404(request.user, reference)
    try:
        action(item)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("agent:ticket", reference=item.reference)


@ticket_page
@require_POST
def take(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda item: services.take_ticket(item, by=request.user),
        _("The ticket is yours."),
    )


@ticket_page
@require_POST
def spam(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda item: services.mark_spam(item, by=request.user),
        _("Marked as spam and closed."),
    )


@ticket_page
@require_POST
def merge(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Merge this ticket into another the agent can see."""
    item = _ticket_or_404(request.user, reference)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the reference of the ticket to merge into."))
        return redirect("agent:ticket", reference=item.reference)
    target = (
        selectors.visible_tickets(request.user)
        .filter(reference=form.cleaned_data["into"].strip().upper())
        .first()
    )
    if target is None:
        messages.error(request, _("No ticket you can see has this reference."))
        return redirect("agent:ticket", reference=item.reference)
    try:
        services.merge_tickets(item, into=target, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("agent:ticket", reference=item.reference)
    messages.success(
        request,
        _("%(source)s was merged into %(target)s.")
        % {"source": item.reference, "target": target.reference},
    )
    return redirect("agent:ticket", reference=target.reference)


@ticket_page
@require_POST
def presence_report(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The page reports in every few seconds and learns who else is on the ticket."""
    item = _ticket_or_404(request.user, reference)
    viewers = presence.report(item.pk, request.user, is_typing=request.POST.get("typing") == "1")
    if request.htmx:
        return render(request, "agent/ticket.html#presence", {"ticket": item, "viewers": viewers})
    return redirect("agent:ticket", reference=item.reference)


@ticket_page
@require_GET
def attachment(
    request: AuthenticatedHttpRequest, reference: str, attachment_id: int
) -> HttpResponseBase:
    """Files of notes and replies, through the portal's access-checked view."""
    return views.attachment(request, attachment_id, reference=reference)


# --- Notifications --------------------------------------------------------------------------


@workspace_page
@require_GET
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "notifications": selectors.agent_notifications(request.user),
        "workspace_section": "notifications",
        **_header_context(request.user),
    }
    return render(request, "agent/notifications.html", context)


@workspace_page
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("notification") if pk.isdigit()]
    count = services.mark_notifications_read(
        request.user, ids=ids if "all" not in request.POST else None
    )
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    return redirect(_safe_next(request, reverse("agent:notifications")))
