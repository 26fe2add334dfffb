"""The words of a ticket's history and notices, stored as terms and said in the reader's language.

Services build terms here (``status("pending")``, ``named(category)``, ``due(clock, ...)``) and
pass them to ``record``; pages render them with ``render`` in whatever language is active when
they are read. See helpdesk/terms.py for the shapes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import gettext_noop

from catalog.models import BusinessCalendar
from helpdesk.terms import Term, choice, is_term, join, moment, names, render, text

__all__ = [
    "Term",
    "channel",
    "choice",
    "clock_name",
    "clock_title",
    "due",
    "is_term",
    "join",
    "message_kind",
    "moment",
    "named",
    "names",
    "plain",
    "priority",
    "reminder_kind",
    "render",
    "status",
    "text",
    "visibility",
    "when",
]


class Named(Protocol):
    name_ko: str
    name_en: str


def status(value: str) -> dict[str, Any]:
    return choice("tickets.Ticket.status", value)


def priority(value: str) -> dict[str, Any]:
    return choice("tickets.Ticket.priority", value)


def channel(value: str) -> dict[str, Any]:
    return choice("tickets.Ticket.channel", value)


def message_kind(value: str) -> dict[str, Any]:
    return choice("tickets.Message.kind", value)


def visibility(value: str) -> dict[str, Any]:
    return choice("tickets.Message.visibility", value)


def reminder_kind(value: str) -> dict[str, Any]:
    return choice("tickets.Reminder.kind", value)


def named(thing: Named) -> dict[str, Any]:
    """A category or a queue by both its names, as they are now."""
    return names(thing.name_ko, thing.name_en)


def when(calendar: BusinessCalendar | None, value: datetime) -> dict[str, Any]:
    """A moment in the business time zone of ``calendar``."""
    return moment(value, calendar.time_zone if calendar else settings.BUSINESS_TIME_ZONE)


# The clocks' names as a history line starts with them ("First response: ...").
CLOCK_TITLES = {
    "first_response_due_at": gettext_noop("First response"),
    "next_response_due_at": gettext_noop("Next response"),
    "resolution_due_at": gettext_noop("Resolution"),
}


class HasDueField(Protocol):
    @property
    def due_field(self) -> str: ...


def clock_title(clock: HasDueField) -> dict[str, Any]:
    return text(CLOCK_TITLES[clock.due_field])


# The same in a sentence ("HD-000013: first response due by ...").
CLOCK_NAMES = {
    "first_response_due_at": gettext_noop("first response"),
    "next_response_due_at": gettext_noop("next response"),
    "resolution_due_at": gettext_noop("resolution"),
}


def clock_name(clock: HasDueField) -> dict[str, Any]:
    return text(CLOCK_NAMES[clock.due_field])


def due(
    clock: HasDueField, calendar: BusinessCalendar | None, value: datetime | None
) -> dict[str, Any] | str:
    """A due time as the history shows it (First response: 2026-11-23 17:00); "" for none."""
    if value is None:
        return ""
    return text(
        gettext_noop("%(target)s: %(due)s"), target=clock_title(clock), due=when(calendar, value)
    )


def plain(value: Any) -> str:
    """A value as the text columns keep it: a term rendered in the active language (what the
    writer read), anything else as its string."""
    if is_term(value):
        return render(value)
    return "" if value is None else str(value)


def terms_of(**values: Any) -> dict[str, Term]:
    """The structured terms among ``values`` (plain strings stay in the text columns only)."""
    return {name: value for name, value in values.items() if is_term(value)}
