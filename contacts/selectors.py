"""Contact channel reads, shared by pages and the API.

Which channels serve a situation, whether each is open now (Asia/Seoul, Korean public
holidays, closures), and how long an answer takes. The measured wait of online inquiries
comes from real tickets; contacts never imports tickets, so the function that measures it is
named in settings (``CONTACTS_MEASURED_WAIT``) and passed in by the caller.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol

import holidays
from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from catalog import calendar as business
from catalog.models import BusinessCalendar, Category

from .models import ContactChannel


class WaitEstimate(Protocol):
    """An estimate in minutes that says whether it was measured or is the configured target."""

    @property
    def minutes(self) -> int | None: ...

    @property
    def measured(self) -> bool: ...


# What a measuring function may return: an estimate, a duration, minutes, or None.
MeasuredWait = Callable[[Category | None], WaitEstimate | timedelta | int | float | None]


def active_channels() -> QuerySet[ContactChannel]:
    return ContactChannel.objects.filter(is_active=True).select_related("calendar")


def contact_teaser() -> list[ContactChannel]:
    return list(active_channels()[:4])


def measured_wait_source() -> MeasuredWait | None:
    """The configured function measuring online answers per category, if it is installed."""
    path = getattr(settings, "CONTACTS_MEASURED_WAIT", "")
    if not path:
        return None
    try:
        function: MeasuredWait = import_string(path)
    except ImportError:
        return None
    return function


def measured_phone_wait_source() -> Callable[[ContactChannel], WaitEstimate | None] | None:
    """The configured function measuring a phone channel's wait (from callbacks), if any."""
    path = getattr(settings, "CONTACTS_MEASURED_PHONE_WAIT", "")
    if not path:
        return None
    try:
        function: Callable[[ContactChannel], WaitEstimate | None] = import_string(path)
    except ImportError:
        return None
    return function


def measured_chat_wait_source() -> Callable[[ContactChannel], WaitEstimate | None] | None:
    """The configured function measuring the chat channel's wait (from chats), if any."""
    path = getattr(settings, "CONTACTS_MEASURED_CHAT_WAIT", "")
    if not path:
        return None
    try:
        function: Callable[[ContactChannel], WaitEstimate | None] = import_string(path)
    except ImportError:
        return None
    return function


def _minutes(value: timedelta | int | float | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return max(1, round(value.total_seconds() / 60))
    return max(1, round(value))


@dataclass(frozen=True)
class ChannelStatus:
    """A channel as it stands at one moment."""

    channel: ContactChannel
    is_open_now: bool
    is_always_open: bool
    closes_at: datetime | None  # end of the current opening, when open now with hours
    next_opening_at: datetime | None  # when closed now; None if it never opens again
    expected_wait_minutes: int | None
    wait_is_measured: bool  # measured from real tickets rather than configured


def channel_status(
    channel: ContactChannel,
    at: datetime,
    *,
    category: Category | None = None,
    measured_wait: MeasuredWait | None = None,
) -> ChannelStatus:
    calendar = channel.calendar
    is_open_now = business.is_open(calendar, at)
    wait = channel.expected_wait_minutes
    measured = False
    if channel.kind == ContactChannel.Kind.ONLINE and measured_wait:
        # Of the situation's inquiries when one is chosen, of all online inquiries otherwise.
        result = measured_wait(category)
        if isinstance(result, timedelta | int | float) or result is None:
            estimate, is_measured = _minutes(result), True
        else:  # tickets.selectors.ExpectedWait: the median, or the target with too few answers
            estimate, is_measured = result.minutes, result.measured
        if estimate is not None:
            wait, measured = estimate, is_measured
    elif channel.kind == ContactChannel.Kind.PHONE:
        # Measured from callbacks where there are enough; the configured wait otherwise.
        phone_wait = measured_phone_wait_source()
        phone_estimate = phone_wait(channel) if phone_wait else None
        if phone_estimate is not None and phone_estimate.measured and phone_estimate.minutes:
            wait, measured = phone_estimate.minutes, True
    elif channel.kind == ContactChannel.Kind.CHAT:
        # Measured from chats (time to the first answer) where there are enough.
        chat_wait = measured_chat_wait_source()
        chat_estimate = chat_wait(channel) if chat_wait else None
        if chat_estimate is not None and chat_estimate.measured and chat_estimate.minutes:
            wait, measured = chat_estimate.minutes, True
    return ChannelStatus(
        channel=channel,
        is_open_now=is_open_now,
        is_always_open=calendar is None,
        closes_at=business.closes_at(calendar, at) if is_open_now else None,
        next_opening_at=None if is_open_now else business.next_opening(calendar, at),
        expected_wait_minutes=wait,
        wait_is_measured=measured,
    )


def _rank(status: ChannelStatus) -> tuple[bool, bool, int, float, int, str]:
    """Open now first; then the shortest expected wait (unknown last); then the soonest open."""
    opens = status.next_opening_at.timestamp() if status.next_opening_at else math.inf
    return (
        not status.is_open_now,
        status.expected_wait_minutes is None,
        status.expected_wait_minutes or 0,
        0.0 if status.is_open_now else opens,
        status.channel.sort_order,
        status.channel.slug,
    )


def channels_for_category(
    category: Category, at: datetime, *, measured_wait: MeasuredWait | None = None
) -> list[ChannelStatus]:
    """The active channels serving this situation, best first at the moment ``at``."""
    channels = active_channels().filter(categories=category)
    statuses = [
        channel_status(channel, at, category=category, measured_wait=measured_wait)
        for channel in channels
    ]
    return sorted(statuses, key=_rank)


def channel_statuses(
    at: datetime, *, measured_wait: MeasuredWait | None = None
) -> list[ChannelStatus]:
    """Every active channel at the moment ``at``, in the supervisors' order."""
    channels = active_channels().prefetch_related("categories")
    return [channel_status(channel, at, measured_wait=measured_wait) for channel in channels]


@dataclass(frozen=True)
class HoursRow:
    weekdays: tuple[int, ...]  # 0 = Monday
    spans: tuple[tuple[time, time], ...]


def weekly_hours(calendar: BusinessCalendar) -> list[HoursRow]:
    """Opening hours with the weekdays that share them grouped: Mon-Fri 09-18, Sat-Sun 10-17."""
    schedule = business.schedule_for(calendar)
    rows: list[HoursRow] = []
    for weekday in range(7):
        spans = schedule.weekly.get(weekday, ())
        if not spans:
            continue
        if rows and rows[-1].spans == spans and rows[-1].weekdays[-1] == weekday - 1:
            rows[-1] = HoursRow((*rows[-1].weekdays, weekday), spans)
        else:
            rows.append(HoursRow((weekday,), spans))
    return rows


@lru_cache(maxsize=8)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    names = holidays.country_holidays("KR", years=year, language=language)
    return dict(names.items())


def upcoming_closures(
    calendar: BusinessCalendar, at: datetime, *, days: int = 60
) -> list[tuple[date, str]]:
    """Days ahead when the channel would be open by the week but is closed, with the reason."""
    schedule = business.schedule_for(calendar)
    language = "ko" if (get_language() or "ko").startswith("ko") else "en_US"
    reasons = dict(calendar.closures.values_list("date", "reason"))
    today = at.astimezone(schedule.zone).date()
    found = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        if not schedule.weekly.get(day.weekday()) or not schedule.is_closed_day(day):
            continue
        reason = reasons.get(day) or _holiday_names(day.year, language).get(day, "")
        found.append((day, reason))
    return found
