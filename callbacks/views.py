"""Callbacks on the web: a person asks to be called back (from /contacts/); agents see the
callbacks of their queues, log each call, and log incoming calls as tickets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from catalog import reference
from catalog.models import Category
from catalog.selectors import category_choices
from contacts.models import ContactChannel
from helpdesk import ratelimit
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest, HtmxHttpRequest
from tickets.agent_views import ticket_page, workspace_page
from tickets.details import DetailsForm
from tickets.selectors import unread_notification_count, visible_tickets
from tickets.services import InvalidTicket

from . import selectors, services
from .forms import AttemptForm, CallbackRequestForm, IncomingCallForm, slot_label
from .models import Callback


def _channel(slug: str) -> ContactChannel:
    channels = list(selectors.callback_channels())
    if not channels:
        raise Http404
    return next((channel for channel in channels if channel.slug == slug), channels[0])


def _raw_details(details_form: DetailsForm) -> dict[str, Any]:
    return {k: v for k, v in details_form.cleaned_data.items() if v not in (None, "")}


def _show_errors(
    error: services.InvalidCallback | InvalidTicket,
    form: Any,
    details_form: DetailsForm | None,
    *,
    renames: dict[str, str],
) -> None:
    for name, problems in error.errors.items():
        for problem in problems:
            if name.startswith("details.") and details_form is not None:
                details_form.add_error(name.removeprefix("details."), problem)
                continue
            target = renames.get(name, name)
            form.add_error(target if target in form.fields else None, problem)


@require_http_methods(["GET", "POST"])
def request_callback(request: HtmxHttpRequest) -> HttpResponse:
    """The "call me back" form: phone, a time within the line's hours, situation, details."""
    user = request.user if request.user.is_authenticated else None
    assert user is None or isinstance(user, User)  # noqa: S101  (narrows for mypy)
    data = request.POST if request.method == "POST" else request.GET
    channel = _channel(str(data.get("channel", "")))
    allowed = {category.pk for category in category_choices(request.user)}
    categories = [c for c in channel.categories.filter(is_active=True) if c.pk in allowed]
    now = timezone.now()
    slots = selectors.preferred_slots(channel.calendar, now=now)
    bound = request.method == "POST"
    form = CallbackRequestForm(
        request.POST if bound else None,
        categories=categories,
        slots=slots,
        guest=user is None,
        initial={"category": data.get("category", "")},
    )
    slug = str(data.get("category", ""))
    category: Category | None = next((c for c in categories if c.slug == slug), None)
    details_form = DetailsForm(category, request.POST if bound else None) if category else None
    if bound:
        refused = (
            ratelimit.check(request, "inquiry-anonymous", ratelimit.client_address(request))
            if user is None
            else ratelimit.check(request, "inquiry-user", str(user.pk))
        )
        if refused:
            return refused
        form_ok = form.is_valid()
        details_ok = details_form.is_valid() if details_form is not None else False
        if form_ok and details_ok and details_form is not None:
            cleaned = form.cleaned_data
            try:
                callback = services.request_callback(
                    requester=user,
                    channel=channel,
                    category=cleaned["category"],
                    phone=cleaned["phone"],
                    preferred_at=cleaned["preferred"],
                    situation=cleaned["situation"],
                    details=_raw_details(details_form),
                    requester_name=cleaned.get("requester_name", ""),
                    requester_email=cleaned.get("requester_email", ""),
                    submission_key=f"callback:{cleaned['submission_id']}",
                )
            except InvalidTicket as error:
                _show_errors(error, form, details_form, renames={"body": "situation"})
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("We will call you around %(time)s (Korea time).")
                    % {"time": slot_label(callback.due_at)},
                )
                ticket = callback.ticket
                if ticket.is_guest and ticket.guest_token:
                    target = reverse("tickets:guest", kwargs={"token": ticket.guest_token})
                else:
                    target = ticket.get_absolute_url()
                return redirect(f"{target}?filed=1")
    context = {
        "form": form,
        "details_form": details_form,
        "channel": channel,
        "category": category,
        "asap_due": slot_label(selectors.due_at_for(channel.calendar, preferred_at=None, now=now))
        if slots
        else "",
        "is_guest": user is None,
    }
    if request.htmx and request.htmx.target == "callback-details":
        return render(request, "callbacks/new.html#details", context)
    return render(request, "callbacks/new.html", context, status=400 if bound else 200)


# --- Agents ---------------------------------------------------------------------------------


def _workspace(request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "workspace_section": "callbacks",
        "unread_count": unread_notification_count(request.user),
        **extra,
    }


def _rows(callbacks: list[Callback], user: User, now: Any) -> list[dict[str, Any]]:
    return [
        {
            "callback": callback,
            "phone": selectors.shown_phone(callback, to=user),
            "is_overdue": callback.is_waiting and callback.due_at < now,
        }
        for callback in callbacks
    ]


@workspace_page
@require_GET
def agent_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Waiting callbacks of the agent's queues, the soonest due first; then recent ones."""
    now = timezone.now()
    waiting = list(selectors.waiting_callbacks(request.user)[:200])
    recent = list(selectors.recent_callbacks(request.user)[:50])
    return render(
        request,
        "callbacks/agent_list.html",
        _workspace(
            request,
            waiting=_rows(waiting, request.user, now),
            recent=_rows(recent, request.user, now),
            now=now,
        ),
    )


def _callback_or_404(user: User, pk: int) -> Callback:
    return get_object_or_404(selectors.agent_callbacks(user), pk=pk)


def _detail(
    request: AuthenticatedHttpRequest, callback: Callback, form: AttemptForm | None = None
) -> HttpResponse:
    return render(
        request,
        "callbacks/agent_callback.html",
        _workspace(
            request,
            callback=callback,
            phone=selectors.shown_phone(callback, to=request.user),
            attempts=list(callback.attempts.select_related("agent")),
            form=form or AttemptForm(),
            now=timezone.now(),
        ),
        status=400 if form is not None else 200,
    )


@ticket_page
@require_GET
def agent_callback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _callback_or_404(request.user, pk))


@ticket_page
@require_POST
def attempt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Log one call and how it went."""
    callback = _callback_or_404(request.user, pk)
    form = AttemptForm(request.POST)
    if not form.is_valid():
        return _detail(request, callback, form)
    try:
        services.log_attempt(
            callback,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            resolve=form.cleaned_data["resolve"],
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _detail(request, callback, form)
    messages.success(request, _("The call is logged."))
    return redirect("callbacks:agent_callback", pk=callback.pk)


@workspace_page
@require_http_methods(["GET", "POST"])
def incoming(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An incoming call as a ticket: fill in, save (two clicks from the callback view)."""
    channels = list(selectors.callback_channels())
    if not channels:
        raise Http404
    bound = request.method == "POST"
    data = request.POST if bound else request.GET
    categories = reference.active_categories()
    form = IncomingCallForm(
        request.POST if bound else None,
        categories=categories,
        initial={"category": data.get("category", "")},
    )
    slug = str(data.get("category", ""))
    category = next((c for c in categories if c.slug == slug), None)
    details_form = DetailsForm(category, request.POST if bound else None) if category else None
    if bound and form.is_valid() and details_form is not None and details_form.is_valid():
        cleaned = form.cleaned_data
        chosen = cleaned["category"]
        channel = next(
            (c for c in channels if c.categories.filter(pk=chosen.pk).exists()), channels[0]
        )
        try:
            callback = services.log_incoming_call(
                by=request.user,
                category=chosen,
                channel=channel,
                caller_name=cleaned["caller_name"],
                caller_email=cleaned["caller_email"],
                phone=cleaned["phone"],
                summary=cleaned["summary"],
                details=_raw_details(details_form),
                submission_key=f"call:{cleaned['submission_id']}",
            )
        except InvalidTicket as error:
            _show_errors(
                error,
                form,
                details_form,
                renames={
                    "body": "summary",
                    "requester_name": "caller_name",
                    "requester_email": "caller_email",
                },
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            ticket = callback.ticket
            messages.success(
                request, _("The call is logged as %(reference)s.") % {"reference": ticket.reference}
            )
            if visible_tickets(request.user).filter(pk=ticket.pk).exists():
                return redirect("agent:ticket", reference=ticket.reference)
            return redirect("callbacks:agent_list")
    context = _workspace(request, form=form, details_form=details_form, category=category)
    if request.htmx and request.htmx.target == "incoming-details":
        return render(request, "callbacks/incoming.html#details", context)
    return render(request, "callbacks/incoming.html", context, status=400 if bound else 200)
