"""The agent's similar-tickets panel (a fragment the ticket page loads after itself, so the
page makes no more queries than before) with its merge, link and dismiss buttons, and the
category suggested while a person writes an inquiry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from catalog.selectors import category_choices, category_named
from helpdesk import particles
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest, HtmxHttpRequest
from tickets.agent_views import ticket_page
from tickets.models import Ticket
from tickets.routing import classify
from tickets.selectors import unread_notification_count, visible_tickets

from . import selectors, services

# Fewer letters than this say nothing about a category yet.
SUGGEST_MIN_CHARS = 4
ACTIONS = {
    "merge": services.merge_similar,
    "link": services.link_tickets,
    "dismiss": services.dismiss_suggestion,
}


def _panel_context(request: AuthenticatedHttpRequest, ticket: Ticket) -> dict[str, Any]:
    suggestions = selectors.similar_tickets(ticket, request.user)
    services.record_shown(ticket, suggestions)
    return {
        "ticket": ticket,
        "suggestions": suggestions,
        "related": selectors.related_tickets(ticket, request.user),
    }


@ticket_page
@require_GET
@vary_on_headers("HX-Request")
def similar(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The panel; without htmx, a page of its own (the ticket page links to it)."""
    ticket = get_object_or_404(visible_tickets(request.user), reference=reference)
    context = _panel_context(request, ticket)
    if request.htmx:
        return render(request, "askonce/_similar.html", context)
    context["unread_count"] = unread_notification_count(request.user)
    return render(request, "askonce/similar.html", context)


@ticket_page
@require_POST
def decide(
    request: AuthenticatedHttpRequest, reference: str, other: str, action: str
) -> HttpResponse:
    """Merge, link or dismiss one suggestion; both tickets must be the agent's to see."""
    act = ACTIONS.get(action)
    if act is None:
        raise Http404
    visible = visible_tickets(request.user)
    ticket = get_object_or_404(visible, reference=reference)
    suggested = get_object_or_404(visible, reference=other.upper())
    if suggested.pk == ticket.pk:
        raise Http404
    back = reverse("agent:ticket", args=[ticket.reference])
    try:
        result = act(ticket, suggested, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if action == "merge":
            assert isinstance(result, Ticket)  # noqa: S101  (merge returns the ticket kept)
            messages.success(
                request,
                _("Merged: the conversation continues in %(ref)s.") % {"ref": result.reference},
            )
            back = reverse("agent:ticket", args=[result.reference])
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = back
                return response
        elif action == "link":
            messages.success(
                request, particles.resolve(_("Linked with %(ref)s.") % {"ref": suggested.reference})
            )
        else:
            messages.success(
                request,
                particles.resolve(
                    _("%(ref)s will not be suggested here again.") % {"ref": suggested.reference}
                ),
            )
    if request.htmx:
        ticket.refresh_from_db()
        return render(request, "askonce/_similar.html", _panel_context(request, ticket))
    return redirect(back)


@require_GET
@vary_on_headers("HX-Request")
def category_suggestion(request: HtmxHttpRequest) -> HttpResponse:
    """The category the classifier picks for what the person has written so far."""
    subject = (request.GET.get("subject") or "")[:200]
    body = (request.GET.get("body") or "")[:2000]
    chosen = category_named(request.user, str(request.GET.get("category", "")))
    text = f"{subject}\n{body}".strip()
    found = (
        classify(text, category_choices(request.user)) if len(text) >= SUGGEST_MIN_CHARS else None
    )
    category = found[0] if found else None
    if not request.htmx:
        query = urlencode({"category": category.slug}) if category else ""
        return redirect(f"{reverse('tickets:new')}{'?' + query if query else ''}")
    return render(
        request,
        "askonce/_category_suggestion.html",
        {"suggested": category, "chosen": chosen},
    )
