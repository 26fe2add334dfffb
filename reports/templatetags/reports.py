"""Formatting for the reports: business durations, shares and bar lengths."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from reports.scorecard import OpenByTimeLeft

register = template.Library()
NO_VALUE = "\u2013"  # an en dash: no figure


@register.filter
def business_hours(minutes: float | None) -> str:
    """Business minutes as hours and minutes ("3 h 05 min"); a dash when there is none."""
    if minutes is None:
        return NO_VALUE
    total = round(minutes)
    hours, rest = divmod(total, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": rest}


@register.filter
def percent(share: float | None) -> str:
    if share is None:
        return NO_VALUE
    return f"{share * 100:.0f}%"


@register.filter
def bar_width(value: float | None, largest: float | None) -> str:
    """The length of a bar on a 0-100 scale (an SVG width, never a style attribute)."""
    if not value or not largest:
        return "0"
    return f"{min(100.0, 100.0 * float(value) / float(largest)):.1f}"


@register.filter
def share_width(share: float | None) -> str:
    return bar_width(share, 1.0)


@register.filter
def get_count(counts: dict[str, int], key: str) -> int:
    return counts.get(key, 0)


@register.filter
def bucket_count(open_inquiries: OpenByTimeLeft, bucket: str) -> int:
    """How many open inquiries fall in a time-left bucket (overdue, soon, today, later)."""
    return open_inquiries.count(bucket)


@register.filter
def ranking_cell(value: object, kind: str) -> str:
    """A cell of the store ranking as the page shows it (the CSV has the plain value)."""
    if value is None:
        return NO_VALUE
    if kind == "share" and isinstance(value, int | float):
        return percent(value)
    if kind == "minutes" and isinstance(value, int | float):
        return business_hours(value)
    if kind == "score" and isinstance(value, int | float):
        return f"{value:.1f}"
    return str(value)
