"""How people appear in templates: through tickets.selectors.shown_name, never a raw field."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from tickets.models import Message, Ticket
from tickets.selectors import shown_name as _shown_name

register = template.Library()


@register.filter
def shown_name(item: Ticket | Message, viewer: User | AnonymousUser | None) -> str:
    """``{{ message|shown_name:request.user }}``: the name as this viewer may see it. A missing
    viewer is an error, never the full name (``None`` is the requester's own private link)."""
    if viewer is not None and not isinstance(viewer, User | AnonymousUser):
        raise template.TemplateSyntaxError("shown_name needs the viewer, e.g. request.user")
    return _shown_name(item, to=viewer)
