"""The store's answer clock: by when the store answers an inquiry about its order.

A marketplace inquiry has three parties. When a buyer's inquiry concerns a store's order,
and whenever an agent asks the store for facts, the store owes an answer within its answer
window (business minutes on the store's own calendar, else the help center's). Two reminder
rows carry the clock, sent exactly once by the sweep like every other reminder: a warning
to the store when three quarters of the window have passed, and at the deadline the
escalation (the ticket comes back to the platform flagged "store did not answer", and the
buyer may ask the help center to step in).

Services call these inside their transaction with the ticket row locked; they change the
ticket in memory and list the changed fields in ``fields``.
"""

from __future__ import annotations

from datetime import datetime

from accounts.models import Store
from catalog.calendar import add_business_minutes, calendar_by_id, default_calendar
from catalog.models import BusinessCalendar

from . import sla
from .models import Reminder, Ticket

KINDS = (Reminder.Kind.STORE_ANSWER_WARNING, Reminder.Kind.STORE_ANSWER_MISSED)


def store_calendar(store: Store) -> BusinessCalendar | None:
    """The store's own calendar, else the help center's default one."""
    return calendar_by_id(store.calendar_id) or default_calendar()


def concerns_store(ticket: Ticket) -> bool:
    """An inquiry the store answers for: about its order, in a category that concerns stores."""
    return ticket.store_id is not None and ticket.category.concerns_store


def answer_due(store: Store, start: datetime) -> datetime:
    """When the store's answer window, counted from ``start``, runs out."""
    return add_business_minutes(store_calendar(store), start, store.answer_target_minutes)


def _rows(ticket: Ticket, store: Store, due: datetime) -> list[tuple[str, datetime]]:
    calendar = store_calendar(store)
    warn = sla.warning_at(calendar, due, store.answer_target_minutes)
    rows = [(Reminder.Kind.STORE_ANSWER_MISSED.value, due)]
    if warn < due:
        rows.insert(0, (Reminder.Kind.STORE_ANSWER_WARNING.value, warn))
    return rows


def plan(ticket: Ticket, store: Store, *, at: datetime) -> None:
    """A new inquiry about a store's order (not yet saved): its deadline for the store."""
    ticket.store_answer_due_at = answer_due(store, at)


def new_rows(ticket: Ticket, store: Store | None) -> list[Reminder]:
    """The reminder rows of a ticket being filed, to insert with its other ones."""
    if store is None or ticket.store_answer_due_at is None:
        return []
    return [
        Reminder(ticket=ticket, kind=kind, due_at=due_at)
        for kind, due_at in _rows(ticket, store, ticket.store_answer_due_at)
    ]


def start(ticket: Ticket, store: Store, *, at: datetime, fields: list[str]) -> datetime:
    """The store is asked (again): a new deadline from ``at`` replaces any earlier one."""
    stop(ticket, fields=fields)
    due = answer_due(store, at)
    ticket.store_answer_due_at = due
    ticket.store_requested_at = at
    fields.extend(["store_answer_due_at", "store_requested_at"])
    for kind, due_at in _rows(ticket, store, due):
        sla.schedule(ticket, kind, due_at)
    return due


def stop(ticket: Ticket, *, fields: list[str]) -> bool:
    """The store answered (or no answer is needed, or the ticket is done): no more reminders.
    True when a deadline was running."""
    running = ticket.store_answer_due_at is not None
    if running:
        ticket.store_answer_due_at = None
        fields.append("store_answer_due_at")
    sla.cancel(ticket, KINDS)
    return running


def is_still_due(ticket: Ticket, reminder: Reminder) -> bool:
    """Re-checked by the sweep: the reminder belongs to the deadline that runs now."""
    if ticket.status not in Ticket.OPEN_STATUSES or ticket.store_answer_due_at is None:
        return False
    if reminder.kind == Reminder.Kind.STORE_ANSWER_MISSED:
        return reminder.due_at == ticket.store_answer_due_at
    return reminder.due_at < ticket.store_answer_due_at


def deadline_passed(ticket: Ticket, *, now: datetime) -> bool:
    """The buyer may ask the help center to step in: the store's deadline has passed without
    an answer (or the store was flagged for it), and nobody asked yet."""
    return (
        ticket.status in Ticket.OPEN_STATUSES
        and ticket.escalated_at is None
        and ticket.store_answer_due_at is not None
        and ticket.store_answer_due_at <= now
    )
