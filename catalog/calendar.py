"""Business-time arithmetic: opening hours, Korean public holidays and extra closures.

Response-time targets count only minutes when the team works; channels are "open now" or
open next at some time. A calendar of ``None`` means always open (e.g. online inquiries).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from helpdesk import copies

from . import reference
from .models import BusinessCalendar

SEARCH_DAYS = 400


@dataclass(frozen=True)
class Schedule:
    """A calendar read once from the database, ready for arithmetic."""

    zone: ZoneInfo
    weekly: dict[int, tuple[tuple[time, time], ...]]
    closed_dates: frozenset[date] = field(default_factory=frozenset)
    observes_korean_holidays: bool = True

    def is_closed_day(self, day: date) -> bool:
        return day in self.closed_dates or (
            self.observes_korean_holidays and day in korean_holidays(day.year)
        )

    def intervals(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """The day's opening intervals as aware datetimes, in order."""
        if self.is_closed_day(day):
            return
        for opens, closes in self.weekly.get(day.weekday(), ()):
            yield (
                datetime.combine(day, opens, tzinfo=self.zone),
                datetime.combine(day, closes, tzinfo=self.zone),
            )


@lru_cache(maxsize=16)
def korean_holidays(year: int) -> holidays.HolidayBase:
    """Public holidays of Korea, lunar ones (Seollal, Chuseok) and substitutes included."""
    return holidays.country_holidays("KR", years=year)


# Schedules by calendar, kept in this process for the current reference generation (a
# saved calendar, opening hours or closure starts a new one; helpdesk.copies).
_schedules: copies.Copies[Schedule] = copies.Copies("schedules", kept=64)


def schedule_for(calendar: BusinessCalendar) -> Schedule:
    return _schedules.get_or_build(calendar.pk, lambda: read_schedule(calendar))


def read_schedule(calendar: BusinessCalendar) -> Schedule:
    """The calendar's schedule, from the database."""
    weekly: dict[int, list[tuple[time, time]]] = {}
    for hours in calendar.hours.order_by("weekday", "opens_at"):
        weekly.setdefault(hours.weekday, []).append((hours.opens_at, hours.closes_at))
    return Schedule(
        zone=ZoneInfo(calendar.time_zone),
        weekly={day: tuple(spans) for day, spans in weekly.items()},
        closed_dates=frozenset(calendar.closures.values_list("date", flat=True)),
        observes_korean_holidays=calendar.observes_korean_holidays,
    )


def forget_cached() -> None:
    """Drop this process's schedules (a migration's calendars, and between tests)."""
    _schedules.clear()


def default_calendar() -> BusinessCalendar | None:
    defaults = reference.cached_list(
        "default-calendar", lambda: list(BusinessCalendar.objects.filter(is_default=True)[:1])
    )
    return defaults[0] if defaults else None


def calendar_by_id(pk: int | None) -> BusinessCalendar | None:
    """A calendar by its id, from the reference copies (None: none, or no such calendar)."""
    if pk is None:
        return None
    calendars = reference.cached_list("calendars", lambda: list(BusinessCalendar.objects.all()))
    return next((calendar for calendar in calendars if calendar.pk == pk), None)


def _days_from(schedule: Schedule, moment: datetime) -> Iterator[date]:
    day = moment.astimezone(schedule.zone).date()
    for offset in range(SEARCH_DAYS):
        yield day + timedelta(days=offset)


def is_open(calendar: BusinessCalendar | None, at: datetime) -> bool:
    if calendar is None:
        return True
    schedule = schedule_for(calendar)
    local = at.astimezone(schedule.zone)
    return any(start <= local < end for start, end in schedule.intervals(local.date()))


def next_opening(calendar: BusinessCalendar | None, after: datetime) -> datetime | None:
    """The first moment at or after ``after`` when the calendar is open; None if never."""
    if calendar is None:
        return after
    schedule = schedule_for(calendar)
    for day in _days_from(schedule, after):
        for start, end in schedule.intervals(day):
            if end > after:
                return max(start, after)
    return None


def closes_at(calendar: BusinessCalendar | None, at: datetime) -> datetime | None:
    """When the current opening interval ends, or None if closed now (or always open)."""
    if calendar is None:
        return None
    schedule = schedule_for(calendar)
    local = at.astimezone(schedule.zone)
    for start, end in schedule.intervals(local.date()):
        if start <= local < end:
            return end
    return None


class NeverOpen(ValueError):
    """The calendar has no opening hours in the coming year."""


def add_business_minutes(
    calendar: BusinessCalendar | None, start: datetime, minutes: int
) -> datetime:
    """The moment when ``minutes`` of business time have passed since ``start``."""
    if calendar is None:
        return start + timedelta(minutes=minutes)
    remaining = timedelta(minutes=minutes)
    if remaining <= timedelta(0):
        return start
    schedule = schedule_for(calendar)
    for day in _days_from(schedule, start):
        for opens, closes in schedule.intervals(day):
            begin = max(opens, start)
            if begin >= closes:
                continue
            available = closes - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
    raise NeverOpen(calendar.name)


def business_minutes_between(
    calendar: BusinessCalendar | None, start: datetime, end: datetime
) -> int:
    """Whole business minutes in [start, end); 0 when end is not after start."""
    if end <= start:
        return 0
    if calendar is None:
        return int((end - start).total_seconds() // 60)
    schedule = schedule_for(calendar)
    total = timedelta(0)
    for day in _days_from(schedule, start):
        if datetime.combine(day, time.min, tzinfo=schedule.zone) >= end:
            break
        for opens, closes in schedule.intervals(day):
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta(0):
                total += overlap
    return int(total.total_seconds() // 60)
