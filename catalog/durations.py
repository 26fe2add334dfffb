"""Business minutes as people read a promise: "40 minutes", "3 hours", "2 business days"."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

# The default calendar's working day (09:00-18:00): how many business minutes make a day.
BUSINESS_DAY_MINUTES = 9 * 60


def business_duration(minutes: int | None) -> str:
    """Business minutes rounded up to what a promise reads like (in the active language); the
    contact page, the inquiry form and the ticket page say the same number the same way."""
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
