"""The chat's pages: the requester's window at ``/chat/`` and the agents' console at
``/agent/chat/``. Every action here has its socket twin (consumers.py) and both call the same
services; these pages also work without JavaScript (a send reloads the page)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from catalog.models import Category
from helpdesk import ratelimit
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest, HtmxHttpRequest
from tickets import services as ticket_services
from tickets.details import DetailsForm
from tickets.selectors import macros_for, requester_other_tickets, unread_notification_count

from . import selectors, services
from .forms import FilesForm, LineForm, StartForm, StatusForm, TransferForm
from .models import Chat
from .payloads import requester_state

SESSION_TOKENS = "chat_tokens"


def _person(request: HtmxHttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _guest_token(request: HtmxHttpRequest, key: str) -> str:
    tokens = request.session.get(SESSION_TOKENS) or {}
    return str(tokens.get(key, "")) if isinstance(tokens, dict) else ""


def _requester_chat(request: HtmxHttpRequest, key: str) -> Chat:
    chat = selectors.chat_for_requester(request.user, key, _guest_token(request, key))
    if chat is None:
        raise Http404
    return chat


def _socket(path: str) -> dict[str, str]:
    return {"socket_base": settings.CHAT_SOCKET_URL, "socket_path": path}


@require_http_methods(["GET", "POST"])
def start(request: HtmxHttpRequest) -> HttpResponse:
    """Start a chat: pick the situation, prepare its details, write the first line. While no
    agent can take a chat, the page says so and sends to the inquiry form."""
    user = _person(request)
    if user is not None and user.is_agent:
        return redirect("chat_agent:console")
    live = selectors.live_chat_of(user, request.session.get(SESSION_TOKENS) or {})
    if live is not None:
        return redirect("chat:window", key=live.key)
    categories = selectors.chat_categories()
    data = request.POST if request.method == "POST" else request.GET
    slug = str(data.get("category", ""))
    category = next((item for item in categories if item.slug == slug), None)
    is_post = request.method == "POST"
    form = StartForm(request.POST if is_post else None, guest=user is None)
    details_form = DetailsForm(category, request.POST if is_post else None) if category else None
    offer = selectors.chat_offer()
    category_error = ""
    if is_post:
        refused = (
            ratelimit.check(request, "chat-start-anonymous", ratelimit.client_address(request))
            if user is None
            else ratelimit.check(request, "chat-start-user", str(user.pk))
        )
        if refused:
            return refused
        if category is None:
            category_error = _("Choose what your question is about.")
        elif form.is_valid() and details_form is not None and details_form.is_valid():
            started = _start(request, user, category, form, details_form)
            if started is not None:
                return started
    context: dict[str, Any] = {
        "form": form,
        "offer": offer,
        "categories": categories,
        "category": category,
        "details_form": details_form,
        "category_error": category_error,
        "wait": selectors.measured_chat_wait(offer.channel),
    }
    if request.htmx and request.htmx.target == "chat-case-fields":
        return render(request, "chat/start.html#case_fields", context)
    return render(request, "chat/start.html", context)


def _start(
    request: HtmxHttpRequest,
    user: User | None,
    category: Category,
    form: StartForm,
    details_form: DetailsForm,
) -> HttpResponse | None:
    try:
        chat = services.start_chat(
            requester=user,
            category=category,
            body=form.cleaned_data["body"],
            requester_name=form.cleaned_data.get("requester_name", ""),
            requester_email=form.cleaned_data.get("requester_email", ""),
            details=details_form.cleaned_data,
        )
    except ticket_services.InvalidTicket as error:
        for name, problems in error.errors.items():
            target = name.removeprefix("details.")
            owner = details_form if name.startswith("details.") else form
            for problem in problems:
                owner.add_error(target if target in owner.fields else None, problem)
        return None
    except DomainError as error:
        messages.error(request, str(error))
        return None
    if user is None:
        tokens = dict(request.session.get(SESSION_TOKENS) or {})
        tokens[chat.key] = selectors.guest_token(chat)
        request.session[SESSION_TOKENS] = tokens
    return redirect("chat:window", key=chat.key)


@require_http_methods(["GET"])
def window(request: HtmxHttpRequest, key: str) -> HttpResponse:
    chat = _requester_chat(request, key)
    ticket = chat.ticket
    token = _guest_token(request, key)
    if chat.requester_id is None:
        transcript_url = reverse("tickets:guest", args=[ticket.guest_token])
        file_url = reverse("tickets:guest_attachment", args=[ticket.guest_token, 0])
    else:
        transcript_url = ticket.get_absolute_url()
        file_url = reverse("tickets:attachment", args=[ticket.reference, 0])
    return render(
        request,
        "chat/window.html",
        {
            "chat": chat,
            "ticket": ticket,
            "lines": list(selectors.transcript(chat)),
            "status_text": requester_state(chat)["status_text"],
            "line_form": LineForm(),
            "files_form": FilesForm(),
            "token": token,
            "transcript_url": transcript_url,
            "file_url": file_url,
            **_socket(f"/ws/chat/{chat.key}/"),
        },
    )


@require_POST
def send(request: HtmxHttpRequest, key: str) -> HttpResponse:
    """A line without JavaScript: saved, broadcast, and the page again."""
    chat = _requester_chat(request, key)
    form = LineForm(request.POST)
    if form.is_valid():
        refused = ratelimit.check(request, "chat-message", f"requester:{chat.pk}")
        if refused:
            return refused
        try:
            services.post_message(chat, by=_person(request), body=form.cleaned_data["body"])
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Write a message first."))
    return redirect("chat:window", key=key)


def _upload(request: HtmxHttpRequest, chat: Chat, by: User | None, back: str) -> HttpResponse:
    """Files go up over HTTP, through the usual checks; the socket announces the line."""
    form = FilesForm(request.POST, request.FILES)
    wants_json = "application/json" in request.headers.get("Accept", "")
    error = ""
    if form.is_valid():
        refused = ratelimit.check(request, "chat-message", f"files:{chat.pk}")
        if refused:
            return refused
        try:
            body = form.cleaned_data.get("body") or _("(sent files)")
            services.post_message(
                chat, by=by, body=body, attachments=form.cleaned_data["attachments"]
            )
        except DomainError as refusal:
            error = str(refusal)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if wants_json:
        return JsonResponse({"ok": not error, "error": error}, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(back)


@require_POST
def upload(request: HtmxHttpRequest, key: str) -> HttpResponse:
    chat = _requester_chat(request, key)
    return _upload(request, chat, _person(request), reverse("chat:window", args=[key]))


@require_POST
def leave(request: HtmxHttpRequest, key: str) -> HttpResponse:
    chat = _requester_chat(request, key)
    services.end_chat(chat, reason=Chat.EndReason.LEFT)
    messages.success(
        request, _("You left the chat. Answers still to come are sent to you by e-mail.")
    )
    return redirect("chat:window", key=key)


# --- Agents ----------------------------------------------------------------------------------


def _agent(request: AuthenticatedHttpRequest) -> User:
    # As the rest of the workspace: no secret that the console exists.
    if not request.user.is_agent:
        raise PermissionDenied

    return request.user


def _agent_chat(request: AuthenticatedHttpRequest, key: str) -> Chat:
    chat = selectors.chat_for_agent(_agent(request), key)
    if chat is None:
        raise Http404
    return chat


@login_required
@require_http_methods(["GET"])
def console(request: AuthenticatedHttpRequest) -> HttpResponse:
    agent = _agent(request)
    key = request.GET.get("chat", "")
    current = selectors.chat_for_agent(agent, key) if key else None
    context: dict[str, Any] = {
        "status": selectors.availability_of(agent),
        "status_form": StatusForm(initial={"status": selectors.availability_of(agent)}),
        "waiting": selectors.waiting_chats(agent),
        "held": selectors.held_chats(agent),
        "current": current,
        "limit": settings.CHAT_MAX_PER_AGENT,
        "workspace_section": "chat",
        "unread_count": unread_notification_count(agent),
        **_socket("/ws/agent/chat/"),
    }
    if current is not None:
        ticket = current.ticket
        context.update(
            {
                "ticket": ticket,
                "lines": list(selectors.transcript(current)),
                "others": requester_other_tickets(agent, ticket),
                "macros": macros_for(ticket),
                "line_form": LineForm(),
                "files_form": FilesForm(),
                "transfer_form": TransferForm(agents=selectors.transfer_targets(current, by=agent)),
                "is_holder": current.agent_id == agent.pk,
                "file_url": reverse("agent:attachment", args=[ticket.reference, 0]),
            }
        )
    if request.htmx and request.htmx.target == "chat-lists":
        return render(request, "chat/console.html#lists", context)
    return render(request, "chat/console.html", context)


def _back(key: str | None = None) -> str:
    url = reverse("chat_agent:console")
    return f"{url}?chat={key}" if key else url


@login_required
@require_POST
def set_status(request: AuthenticatedHttpRequest) -> HttpResponse:
    agent = _agent(request)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_availability(agent, form.cleaned_data["status"])
    else:
        messages.error(request, _("Choose online, away or offline."))
    return redirect(_back(request.POST.get("chat") or None))


def _act(request: AuthenticatedHttpRequest, key: str, action: Any, done: str) -> HttpResponse:
    chat = _agent_chat(request, key)
    try:
        action(chat, request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(request, done)
    return redirect(_back(key))


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    return _act(request, key, lambda chat, agent: services.accept_chat(chat, agent=agent), "")


@login_required
@require_POST
def agent_send(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    _agent_chat(request, key)  # someone else's or no chat: 404 before anything is read
    form = LineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
        return redirect(_back(key))
    body = form.cleaned_data["body"]
    return _act(
        request, key, lambda chat, agent: services.post_message(chat, by=agent, body=body), ""
    )


@login_required
@require_POST
def agent_upload(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    chat = _agent_chat(request, key)
    return _upload(request, chat, request.user, _back(key))


@login_required
@require_POST
def transfer(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    chat = _agent_chat(request, key)
    form = TransferForm(request.POST, agents=selectors.transfer_targets(chat, by=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose an online agent of this queue with room for a chat."))
        return redirect(_back(key))
    to = form.cleaned_data["to"]
    return _act(
        request,
        key,
        lambda chat, agent: services.transfer_chat(chat, by=agent, to=to),
        _("The chat was transferred to %(name)s.") % {"name": to},
    )


@login_required
@require_POST
def convert(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    chat = _agent_chat(request, key)
    try:
        services.convert_chat(chat, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_back(key))
    messages.success(request, _("The chat is now an inquiry in your queue."))
    return redirect("agent:ticket", reference=chat.ticket.reference)


@login_required
@require_POST
def end(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    return _act(
        request,
        key,
        lambda chat, agent: services.end_chat(chat, reason=Chat.EndReason.AGENT, by=agent),
        _("The chat has ended."),
    )
