"""The suggestions' precision on the reports page: ``{% load askonce %}`` and one tag, so the
reports app never imports this one."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import suggestion_precision

register = template.Library()


@register.inclusion_tag("askonce/_precision.html")
def suggestion_report(period: Any) -> dict[str, Any]:
    """What became of the similar-ticket suggestions first shown in the report's period."""
    return {"counts": suggestion_precision(period.start, period.end)}
