"""How community posts read on a page: their author as the reader may see them, and the
note to an author about what was masked in their post."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.selectors import shown_author
from helpdesk import particles

register = template.Library()


@register.filter
def author_for(post: Any, viewer: Any) -> str:
    """``{{ answer|author_for:user }}``: full name to the author and staff, masked to others."""
    return shown_author(post, to=viewer)


@register.filter
def masked_note(counts: dict[str, int]) -> str:
    return masked_message(counts)


def masked_message(counts: dict[str, int]) -> str:
    """What was masked in a post, told to its author in their language."""
    parts = []
    if n := counts.get("order_number", 0):
        parts.append(ngettext("%(n)d order number", "%(n)d order numbers", n) % {"n": n})
    if n := counts.get("phone", 0):
        parts.append(ngettext("%(n)d phone number", "%(n)d phone numbers", n) % {"n": n})
    if n := counts.get("email", 0):
        parts.append(ngettext("%(n)d e-mail address", "%(n)d e-mail addresses", n) % {"n": n})
    # The Korean text writes the particle after the list in its combined form: resolved here.
    return particles.resolve(
        _(
            "To protect you, we masked %(what)s in your post: the community is public. Send "
            "personal details only in a private inquiry."
        )
        % {"what": ", ".join(parts)}
    )
