"""Parts that a page keeps once rendered (tickets/rows.py), for the ticket pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from tickets import rows

register = template.Library()


@register.simple_tag
def form_fields(form: Any, template_name: str = "_form_fields.html") -> SafeString:
    """``{% form_fields form ["template.html"] %}``: the form's fields laid out by the
    template (``_form_fields.html`` by default), kept while the form is blank."""
    return rows.blank_form_fields(form, template_name)
