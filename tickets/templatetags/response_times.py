"""Response times as people read them: ``{{ minutes|business_duration }}`` and the expected
wait of a category (``{% expected_wait category as wait %}``)."""

from __future__ import annotations

import math

from django import template
from django.utils.translation import gettext as _

from catalog.models import Category

from ..selectors import ExpectedWait, expected_first_response

register = template.Library()

# The default calendar's working day (09:00-18:00): how many business minutes make a day.
BUSINESS_DAY_MINUTES = 9 * 60


@register.filter
def business_duration(minutes: int | None) -> str:
    """Business minutes rounded up to what a promise reads like: "40 minutes", "3 hours",
    "2 business days" (in the active language)."""
    if minutes is None or minutes < 0:
        return ""
    if minutes < 60:
        count = max(10, math.ceil(minutes / 10) * 10)
        return _("%(count)d minutes") % {"count": count}
    if minutes < BUSINESS_DAY_MINUTES:
        count = math.ceil(minutes / 60)
        return _("1 hour") if count == 1 else _("%(count)d hours") % {"count": count}
    count = math.ceil(minutes / BUSINESS_DAY_MINUTES)
    if count == 1:
        return _("1 business day")
    return _("%(count)d business days") % {"count": count}


@register.simple_tag
def expected_wait(category: Category | None) -> ExpectedWait | None:
    """The measured (or target) first-response time of a category, for the template."""
    if category is None:
        return None
    return expected_first_response(category)
