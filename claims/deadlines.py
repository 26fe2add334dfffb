"""A claim's clock: deadlines in business days on the platform's calendar (Korean public
holidays, Seollal and Chuseok and their substitute days skipped), and the eligibility windows
of the law (calendar days and months from delivery and discovery). Every duration is a
setting (HELPDESK_CLAIM_*)."""

from __future__ import annotations

import calendar as dates
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from catalog.calendar import default_calendar
from catalog.models import BusinessCalendar
from tickets.sla import add_business_days

from .models import Claim


def platform_calendar() -> BusinessCalendar | None:
    """The help center's calendar: claims run on the platform's business days."""
    return default_calendar()


def _zone() -> ZoneInfo:
    calendar = platform_calendar()
    return ZoneInfo(calendar.time_zone if calendar else settings.BUSINESS_TIME_ZONE)


def business_days_after(start: datetime, days: int) -> datetime:
    """The same time of day ``days`` business days after ``start`` (the next opening when
    that moment is outside business hours)."""
    return add_business_days(platform_calendar(), start, days)


def answer_due(created_at: datetime) -> datetime:
    return business_days_after(created_at, settings.HELPDESK_CLAIM_STORE_ANSWER_BUSINESS_DAYS)


def refund_due(start: datetime) -> datetime:
    return business_days_after(start, settings.HELPDESK_CLAIM_REFUND_BUSINESS_DAYS)


def refund_reminder_at(start: datetime) -> datetime:
    """A business day (HELPDESK_CLAIM_REFUND_REMINDER_BUSINESS_DAYS) before the refund is due."""
    days = settings.HELPDESK_CLAIM_REFUND_BUSINESS_DAYS
    days -= settings.HELPDESK_CLAIM_REFUND_REMINDER_BUSINESS_DAYS
    return business_days_after(start, max(days, 0))


def complete_at(start: datetime) -> datetime:
    return start + timedelta(days=settings.HELPDESK_CLAIM_AUTO_COMPLETE_DAYS)


def inactive_close_at(last_activity: datetime) -> datetime:
    return business_days_after(last_activity, settings.HELPDESK_CLAIM_INACTIVE_BUSINESS_DAYS)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Jan + 1)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, dates.monthrange(year, month)[1]))


def local_date(moment: datetime) -> date:
    return moment.astimezone(_zone()).date()


# --- Eligibility ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Until when (the last day, in Seoul, inclusive) a kind of claim may be made, and which
    rule sets it (``rule``: change_of_mind, not_as_described, discovery)."""

    last_day: date
    rule: str


def is_change_of_mind(kind: str, fault: str) -> bool:
    return fault == Claim.Fault.BUYER and kind in (
        Claim.Kind.CANCEL,
        Claim.Kind.RETURN,
        Claim.Kind.EXCHANGE,
    )


def windows(
    kind: str, fault: str, *, delivered_at: datetime | None, discovered_at: datetime | None
) -> list[Window]:
    """The windows that apply to a claim of this kind and fault: change of mind for 7 days
    after delivery; goods not as described (or faulty goods sent back for the store's fault)
    for 3 months after delivery and 30 days after the problem was found. A parcel that never
    came, or an order cancelled before delivery, has no window."""
    if delivered_at is None:
        return []
    delivered = local_date(delivered_at)
    if is_change_of_mind(kind, fault):
        days = settings.HELPDESK_CLAIM_CHANGE_OF_MIND_DAYS
        return [Window(delivered + timedelta(days=days), "change_of_mind")]
    if kind == Claim.Kind.NOT_RECEIVED or kind == Claim.Kind.CANCEL:
        return []
    months = settings.HELPDESK_CLAIM_NOT_AS_DESCRIBED_MONTHS
    found = [Window(add_months(delivered, months), "not_as_described")]
    if discovered_at is not None:
        days = settings.HELPDESK_CLAIM_DISCOVERY_DAYS
        found.append(Window(local_date(discovered_at) + timedelta(days=days), "discovery"))
    return found


def closed_window(
    kind: str,
    fault: str,
    *,
    delivered_at: datetime | None,
    discovered_at: datetime | None,
    now: datetime,
) -> Window | None:
    """The first window that has closed by ``now``, or None when the claim may be made."""
    today = local_date(now)
    for window in windows(kind, fault, delivered_at=delivered_at, discovered_at=discovered_at):
        if today > window.last_day:
            return window
    return None
