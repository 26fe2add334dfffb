"""Small display helpers for the agent workspace."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils.translation import gettext as _

from tickets import rows

register = template.Library()


@register.filter
def span(value: timedelta | None) -> str:
    """A duration as an agent reads it at a glance: "2h 15m", "3d 4h", "12m"."""
    if value is None:
        return ""
    minutes = int(abs(value).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)dd %(hours)dh") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)dh %(minutes)dm") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)dm") % {"minutes": minutes}


@register.filter
def capped(value: int, limit: int = 500) -> str:
    """A bounded count: the number, or "500+" once it reaches past the bound."""
    return f"{limit}+" if value > limit else str(value)


@register.filter
def field_named(form: Any, name: str) -> Any:
    """``form[name]`` for a name held in a variable."""
    return form[name]


@register.simple_tag
def case_fields(form: Any) -> str:
    """The case form's fields, rendered once for the values they show (tickets/rows.py)."""
    return rows.case_fields(form)
