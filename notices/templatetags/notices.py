"""Notices on the pages that name them: ``{% load notices %}`` and one tag per surface, so the
pages' own apps (tickets, faq, contacts) never import this one."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from catalog.models import Category
from tickets.models import Ticket

from .. import selectors, services

register = template.Library()


def _visitor(request: HttpRequest) -> str:
    """A keyed hash of the session, as the FAQ counts its funnel: people, not page loads."""
    if request.session.session_key is None:
        request.session.save()
    return salted_hmac(
        "notices.visitor", request.session.session_key or "", algorithm="sha256"
    ).hexdigest()


@register.inclusion_tag("notices/_notices.html", takes_context=True)
def help_center_notices(context: template.Context) -> dict[str, Any]:
    """Every notice about a category this person may file under (the help center)."""
    request = context["request"]
    return {"notices": selectors.notices_for_person(request.user), "show_categories": True}


@register.inclusion_tag("notices/_notices.html")
def category_notices(category: Category | None) -> dict[str, Any]:
    """The notices about one category (its FAQ and contact pages); none without a category."""
    notices = selectors.notices_for_categories([category]) if category is not None else []
    return {"notices": notices, "show_categories": False}


@register.inclusion_tag("notices/_notices.html", takes_context=True)
def inquiry_notices(
    context: template.Context, category: Category | None, submission_id: Any = ""
) -> dict[str, Any]:
    """The notices about the category picked on the inquiry form, before the person writes.
    Showing them is the deflection funnel's first step: recorded per form (its submission id,
    the key the ticket would be filed with) and visitor."""
    if category is None:
        return {"notices": []}
    notices = selectors.notices_for_categories([category])
    request = context.get("request")
    if not submission_id and request is not None:  # the htmx pick sends the form's id along
        submission_id = request.GET.get("submission_id", "")
    open_ones = [notice for notice in notices if not notice.is_resolved]
    if open_ones and request is not None and submission_id:
        services.record_notice_seen(
            open_ones,
            category=category,
            visitor=_visitor(request),
            submission_key=f"web:{str(submission_id)[:100]}",
        )
    return {"notices": notices, "show_categories": False, "on_form": bool(open_ones)}


@register.inclusion_tag("notices/_ticket_links.html")
def ticket_notice_links(ticket: Ticket) -> dict[str, Any]:
    """On the agent's ticket page: the notices this ticket is linked to."""
    return {"links": selectors.ticket_notices(ticket.pk)}
