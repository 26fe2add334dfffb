"""Callbacks on other apps' pages (``{% load callbacks %}``): the offer on a phone channel's
card in the contact directory, and a ticket's callback on its pages."""

from __future__ import annotations

from typing import Any

from django import template

from catalog.models import Category
from tickets.models import Ticket

from .. import selectors

register = template.Library()


@register.inclusion_tag("callbacks/_offer.html")
def callback_offer(card: Any, category: Category | None = None) -> dict[str, Any]:
    """On a contacts.presentation.ChannelCard: "Call me back" when the line is closed or its
    wait is long."""
    status = card.status
    offered = selectors.offers_callback(
        status.channel,
        is_open_now=status.is_open_now,
        wait_minutes=status.expected_wait_minutes,
    )
    return {"offered": offered, "channel": status.channel, "category": category}


@register.inclusion_tag("callbacks/_ticket_callback.html", takes_context=True)
def ticket_callback(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    """A ticket's callback: the number as this viewer may see it, the due time, the calls.
    Only phone tickets have one (callbacks.services files them so): other tickets' pages
    make no query for it."""
    if ticket.channel != Ticket.Channel.PHONE:
        return {"callback": None}
    callback = selectors.callback_for_ticket(ticket.pk)
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if callback is None:
        return {"callback": None}
    is_agent = bool(viewer is not None and getattr(viewer, "is_agent", False))
    return {
        "callback": callback,
        "phone": selectors.shown_phone(callback, to=viewer),
        "attempts": list(callback.attempts.all()) if is_agent else [],
        "is_agent": is_agent,
    }
