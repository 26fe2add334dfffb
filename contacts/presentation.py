"""How a channel's state reads to a person: "Open now, until 18:00", "Opens tomorrow at 09:00"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from catalog.durations import business_duration

from .models import ContactChannel
from .selectors import ChannelStatus, HoursRow, upcoming_closures, weekly_hours

SEOUL = ZoneInfo(settings.BUSINESS_TIME_ZONE)
DASH = "\u2013"  # en dash, for ranges


def opening_phrase(status: ChannelStatus, now: datetime) -> str:
    if status.is_always_open:
        return _("Open at any hour")
    if status.is_open_now:
        if status.closes_at is None:
            return _("Open now")
        closes = status.closes_at.astimezone(SEOUL)
        return _("Open now, until %(time)s") % {"time": f"{closes:%H:%M}"}
    opens = status.next_opening_at
    if opens is None:
        return pgettext("contact channel state", "Closed")
    local = opens.astimezone(SEOUL)
    days = (local.date() - now.astimezone(SEOUL).date()).days
    time = f"{local:%H:%M}"
    if days == 0:
        return _("Opens today at %(time)s") % {"time": time}
    if days == 1:
        return _("Opens tomorrow at %(time)s") % {"time": time}
    if days < 7:
        return _("Opens %(weekday)s at %(time)s") % {
            "weekday": WEEKDAYS[local.weekday()],
            "time": time,
        }
    return _("Opens on %(date)s at %(time)s") % {"date": day_label(local.date()), "time": time}


def day_label(day: date) -> str:
    """ "9월 25일 (금)" / "September 25 (Fri)"."""
    return f"{formats.date_format(day, 'MONTH_DAY_FORMAT')} ({WEEKDAYS_ABBR[day.weekday()]})"


def wait_phrase(status: ChannelStatus) -> str:
    minutes = status.expected_wait_minutes
    if minutes is None:
        return ""
    if status.channel.kind == ContactChannel.Kind.ONLINE:
        # In business time, worded as the inquiry form and the ticket page word it.
        duration = business_duration(minutes)
        if status.wait_is_measured:
            return _("Usually answered within %(duration)s (last 30 days)") % {"duration": duration}
        return _("We aim to answer within %(duration)s") % {"duration": duration}
    if minutes < 90:
        amount = ngettext("about %(n)d minute", "about %(n)d minutes", minutes) % {"n": minutes}
    elif minutes < 60 * 36:
        hours = round(minutes / 60)
        amount = ngettext("about %(n)d hour", "about %(n)d hours", hours) % {"n": hours}
    else:
        days = round(minutes / (60 * 24))
        amount = ngettext("about %(n)d day", "about %(n)d days", days) % {"n": days}
    if status.wait_is_measured and status.channel.kind == ContactChannel.Kind.PHONE:
        return _("Called back in %(amount)s (measured over recent callbacks)") % {"amount": amount}
    if status.wait_is_measured and status.channel.kind == ContactChannel.Kind.CHAT:
        return _("First answer in %(amount)s (measured over recent chats)") % {"amount": amount}
    if status.wait_is_measured:
        return _("Answered in %(amount)s (measured over recent inquiries)") % {"amount": amount}
    if status.channel.kind in (ContactChannel.Kind.PHONE, ContactChannel.Kind.SELLER_CENTER):
        return _("Waiting time %(amount)s") % {"amount": amount}
    return _("Answered in %(amount)s") % {"amount": amount}


def hours_lines(rows: list[HoursRow]) -> list[str]:
    lines = []
    for row in rows:
        first, last = row.weekdays[0], row.weekdays[-1]
        days = (
            str(WEEKDAYS_ABBR[first])
            if first == last
            else f"{WEEKDAYS_ABBR[first]}{DASH}{WEEKDAYS_ABBR[last]}"
        )
        spans = ", ".join(f"{opens:%H:%M}{DASH}{closes:%H:%M}" for opens, closes in row.spans)
        lines.append(f"{days} {spans}")
    return lines


def contact_href(channel: ContactChannel) -> str:
    """A link for the number or address, or "" when it is not one."""
    address = channel.address.strip()
    if channel.kind in (ContactChannel.Kind.PHONE, ContactChannel.Kind.SELLER_CENTER):
        digits = "".join(ch for ch in address if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""
    if "@" in address and " " not in address and channel.kind == ContactChannel.Kind.EMAIL:
        return f"mailto:{address}"
    if address.startswith("/") and not address.startswith("//"):
        return address
    if address.startswith("https://"):
        return address
    return ""


def contact_label(channel: ContactChannel) -> str:
    """What the number or address link says: our own pages get words, not a path."""
    if channel.address.startswith("/"):
        if channel.kind == ContactChannel.Kind.ONLINE:
            return _("Write an online inquiry")
        return _("Open this page")
    return channel.address


@dataclass(frozen=True)
class ChannelCard:
    """A channel ready for a template."""

    status: ChannelStatus
    opening: str
    wait: str
    href: str
    label: str
    hours: list[str]
    closures: list[tuple[str, str]]

    @property
    def channel(self) -> ContactChannel:
        return self.status.channel


def channel_card(status: ChannelStatus, now: datetime, *, with_hours: bool = True) -> ChannelCard:
    calendar = status.channel.calendar
    hours: list[str] = []
    closures: list[tuple[str, str]] = []
    if with_hours and calendar is not None:
        hours = hours_lines(weekly_hours(calendar))
        closures = [
            (day_label(day), reason) for day, reason in upcoming_closures(calendar, now)[:3]
        ]
    return ChannelCard(
        status=status,
        opening=opening_phrase(status, now),
        wait=wait_phrase(status),
        href=contact_href(status.channel),
        label=contact_label(status.channel),
        hours=hours,
        closures=closures,
    )
