"""The agent's ticket page shows the e-mail held on the ticket, with Accept and Dismiss."""

from __future__ import annotations

from typing import Any

from django import template

from tickets.models import Ticket

from .. import services

register = template.Library()


@register.inclusion_tag("mail/_held.html")
def held_mail(ticket: Ticket) -> dict[str, Any]:
    rows = services.held_mail_for(ticket)
    return {"held": [(row, services.held_text(row)) for row in rows]}
