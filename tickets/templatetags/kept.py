"""Parts that a page keeps once rendered (tickets/rows.py), for the requester's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from tickets import rows

register = template.Library()


@register.simple_tag
def form_fields(form: Any) -> SafeString:
    """``{% form_fields form %}``: ``_form_fields.html`` for ``form``, kept while it is blank."""
    return rows.blank_form_fields(form)
