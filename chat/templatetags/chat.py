"""The chat on other apps' pages (``{% load chat %}``): the button on the help center, FAQ and
contact pages, and the offer on the chat channel's card in the contact directory."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.models import User
from contacts.models import ContactChannel
from tickets.models import Message
from tickets.selectors import agent_queue_ids, author_side

from .. import offer, selectors

register = template.Library()


@register.inclusion_tag("chat/_button.html")
def chat_button() -> dict[str, Any]:
    """ "Chat now" while the channel is open and an agent has room; else the inquiry form."""
    return {"offer": offer.current()}


@register.inclusion_tag("chat/_button.html")
def chat_card_offer(card: Any) -> dict[str, Any]:
    """On a contacts.presentation.ChannelCard: the same button, on the chat channel only."""
    if card.channel.kind != ContactChannel.Kind.CHAT:
        return {"offer": None}
    return {"offer": offer.current(), "compact": True}


@register.filter
def line_side(message: Message) -> str:
    """buyer, store, help_center or system (tickets.selectors.author_side)."""
    return author_side(message)


@register.filter
def file_link(url: str, attachment_id: int) -> str:
    """A file's address from the page's pattern, which ends in ``/0/``."""
    return f"{url.removesuffix('0/')}{attachment_id}/"


@register.inclusion_tag("chat/_report.html", takes_context=True)
def chat_report(context: template.Context, period: Any) -> dict[str, Any]:
    """The live chat's figures for the reports' period: waiting now, started, answered,
    missed, and the first answer in seconds (median and 90th percentile)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    queue_ids = None
    if isinstance(user, User) and not user.is_supervisor:
        queue_ids = agent_queue_ids(user)
    figures = selectors.chat_figures(since=period.start, until=period.end, queue_ids=queue_ids)
    return {"figures": figures}
