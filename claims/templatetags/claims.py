from typing import Any

from django import template

from claims.models import Claim

register = template.Library()


@register.filter
def claim_state(value: str) -> str:
    """A claim state's slug (as the inquiry's history keeps it) in the reader's language."""
    return str(Claim.State(value).label) if value in Claim.State.values else value


@register.simple_tag
def claims_of(ticket: Any, user: Any) -> list[Claim]:
    """The reader's own claims beside this inquiry, newest first: read only for the buyer of
    an order inquiry (a store and an order number), so other pages pay no query for it."""
    if not (
        getattr(ticket, "store_id", None)
        and getattr(ticket, "order_number", "")
        and getattr(user, "is_authenticated", False)
        and user.pk == ticket.requester_id
    ):
        return []
    return list(Claim.objects.filter(ticket=ticket, buyer=user).order_by("-created_at", "-pk"))
