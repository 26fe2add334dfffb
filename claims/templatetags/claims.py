from django import template

from claims.models import Claim

register = template.Library()


@register.filter
def claim_state(value: str) -> str:
    """A claim state's slug (as the inquiry's history keeps it) in the reader's language."""
    return str(Claim.State(value).label) if value in Claim.State.values else value
