"""Response-time targets: due times in business minutes, the paused clock and reminder rows.

Services call these inside their transaction, with the ticket row locked. They change the
ticket in memory and list the changed fields in ``fields`` (the caller saves them), and
write the history and the reminder rows beside it. The sweep in ``reminders.py`` sends
what falls due.

Three clocks run on a ticket: the first response and the resolution from filing, the next
response from when the requester writes again after an answer. All of them stop while the
ticket waits on the requester or is on hold; when it moves on, every due time moves
forward by the business minutes it stood still.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import User
from catalog import reference
from catalog.calendar import (
    SEARCH_DAYS,
    NeverOpen,
    add_business_minutes,
    business_minutes_between,
    default_calendar,
    next_opening,
    schedule_for,
)
from catalog.models import BusinessCalendar
from helpdesk.queueing import enqueue_on_commit

from . import history
from .models import Reminder, SatisfactionRating, SLAPolicy, Ticket, TicketEvent

# A warning goes out when this share of a target has passed.
WARNING_PERCENT = 75
# Waiting on the requester: a reminder after 3 business days, resolved after 7.
PENDING_NUDGE_BUSINESS_DAYS = 3
PENDING_RESOLVE_BUSINESS_DAYS = 7
# A resolved inquiry closes itself a week later (the requester can reopen it until then).
AUTO_CLOSE_DAYS = 7

RUNNING = (Ticket.Status.NEW, Ticket.Status.OPEN)
PAUSED = (Ticket.Status.PENDING, Ticket.Status.ON_HOLD)
DONE = (Ticket.Status.RESOLVED, Ticket.Status.CLOSED)


@dataclass(frozen=True)
class Clock:
    """One response-time target: where its due time lives and which reminders it has."""

    due_field: str
    target_field: str  # on SLAPolicy, in business minutes
    warning: str
    breach: str
    name: Promise  # "first response": for history, notices and e-mail

    def target(self, policy: SLAPolicy) -> int:
        return int(getattr(policy, self.target_field))

    def due(self, ticket: Ticket) -> datetime | None:
        value: datetime | None = getattr(ticket, self.due_field)
        return value

    def is_running(self, ticket: Ticket) -> bool:
        """The target is still to be met (whether or not the clock is paused)."""
        if self.due(ticket) is None:
            return False
        if self is FIRST_RESPONSE:
            return ticket.first_response_at is None
        if self is RESOLUTION:
            return ticket.resolved_at is None
        return True


FIRST_RESPONSE = Clock(
    "first_response_due_at",
    "first_response_minutes",
    Reminder.Kind.FIRST_RESPONSE_WARNING,
    Reminder.Kind.FIRST_RESPONSE_BREACH,
    gettext_lazy("first response"),
)
NEXT_RESPONSE = Clock(
    "next_response_due_at",
    "next_response_minutes",
    Reminder.Kind.NEXT_RESPONSE_WARNING,
    Reminder.Kind.NEXT_RESPONSE_BREACH,
    gettext_lazy("next response"),
)
RESOLUTION = Clock(
    "resolution_due_at",
    "resolution_minutes",
    Reminder.Kind.RESOLUTION_WARNING,
    Reminder.Kind.RESOLUTION_BREACH,
    gettext_lazy("resolution"),
)
CLOCKS = (FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION)
TARGET_KINDS = frozenset(kind for clock in CLOCKS for kind in (clock.warning, clock.breach))
PENDING_KINDS = (Reminder.Kind.PENDING_NUDGE, Reminder.Kind.AUTO_RESOLVE)


def clock_for(kind: str) -> Clock | None:
    return next((c for c in CLOCKS if kind in (c.warning, c.breach)), None)


# --- Reading the rules ---------------------------------------------------------------------


def calendar_for(ticket: Ticket) -> BusinessCalendar | None:
    """The queue's own calendar, else the default one; None counts every minute."""
    if ticket.queue.calendar_id is not None:
        return ticket.queue.calendar
    return default_calendar()


def policy_for(category_id: int | None, priority: str) -> SLAPolicy | None:
    """The category's own targets for this priority, else the default row (category empty)."""
    policies = reference.cached_list("sla-policies", lambda: list(SLAPolicy.objects.all()))
    matching = [p for p in policies if p.priority == priority]
    own = next(
        (p for p in matching if category_id is not None and p.category_id == category_id), None
    )
    return own or next((p for p in matching if p.category_id is None), None)


def shift(calendar: BusinessCalendar | None, moment: datetime, minutes: int) -> datetime:
    """``moment`` moved by ``minutes`` of business time, forward or (if negative) back."""
    if minutes >= 0:
        return add_business_minutes(calendar, moment, minutes)
    if calendar is None:
        return moment + timedelta(minutes=minutes)
    remaining = timedelta(minutes=-minutes)
    schedule = schedule_for(calendar)
    day = moment.astimezone(schedule.zone).date()
    for offset in range(SEARCH_DAYS):
        for opens, closes in reversed(list(schedule.intervals(day - timedelta(days=offset)))):
            end = min(closes, moment)
            if end <= opens:
                continue
            # Strictly less: a due time used up exactly at an opening reads as the previous
            # closing time, as add_business_minutes gives it.
            if remaining < end - opens:
                return end - remaining
            remaining -= end - opens
    raise NeverOpen(calendar.name)


def add_business_days(calendar: BusinessCalendar | None, start: datetime, days: int) -> datetime:
    """The same time of day ``days`` working days later (or the next opening after it)."""
    if calendar is None:
        return start + timedelta(days=days)
    schedule = schedule_for(calendar)
    local = start.astimezone(schedule.zone)
    day, counted = local.date(), 0
    for _step in range(SEARCH_DAYS):
        if counted == days:
            break
        day += timedelta(days=1)
        if next(schedule.intervals(day), None) is not None:
            counted += 1
    else:
        raise NeverOpen(calendar.name)
    moment = datetime.combine(day, local.timetz())
    return next_opening(calendar, moment) or moment


def warning_at(calendar: BusinessCalendar | None, due: datetime, target_minutes: int) -> datetime:
    """When ``WARNING_PERCENT`` of the target has passed: the rest counted back from ``due``."""
    return shift(calendar, due, -(target_minutes * (100 - WARNING_PERCENT) // 100))


def local_text(calendar: BusinessCalendar | None, moment: datetime | None) -> str:
    """A due time as people read it: in the business time zone, to the minute."""
    if moment is None:
        return ""
    zone = ZoneInfo(calendar.time_zone if calendar else settings.BUSINESS_TIME_ZONE)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


# --- History --------------------------------------------------------------------------------


def _due_event(
    ticket: Ticket,
    *,
    by: User | None,
    old: history.Term,
    new: history.Term,
    reason: history.Term,
) -> TicketEvent:
    """A history row about due times, unsaved; its words are terms, rendered when read."""
    return TicketEvent(
        ticket=ticket,
        actor=by,
        kind=TicketEvent.Kind.DUE,
        old=history.plain(old)[:200],
        new=history.plain(new)[:200],
        reason=history.plain(reason)[:300],
        params=history.terms_of(old=old, new=new, reason=reason),
    )


def _record(
    ticket: Ticket,
    *,
    by: User | None,
    old: history.Term,
    new: history.Term,
    reason: history.Term,
) -> None:
    _due_event(ticket, by=by, old=old, new=new, reason=reason).save()


def _set_due(
    ticket: Ticket,
    clock: Clock,
    value: datetime | None,
    *,
    calendar: BusinessCalendar | None,
    by: User | None,
    reason: history.Term,
    fields: list[str],
) -> None:
    old = clock.due(ticket)
    if old == value:
        return
    setattr(ticket, clock.due_field, value)
    fields.append(clock.due_field)
    _record(
        ticket,
        by=by,
        old=history.due(clock, calendar, old),
        new=history.due(clock, calendar, value),
        reason=reason,
    )


def met_term(clock: Clock, on_time: bool) -> history.Term:
    """ "First response target met" (or missed), for the reader's language."""
    if on_time:
        return history.text(
            gettext_noop("%(target)s target met"), target=history.clock_title(clock)
        )
    return history.text(gettext_noop("%(target)s target missed"), target=history.clock_title(clock))


# --- Reminder rows --------------------------------------------------------------------------


def schedule(ticket: Ticket, kind: str, due_at: datetime) -> Reminder:
    """One reminder row per ticket, kind and due time: scheduling it again changes nothing,
    a cancelled one comes back, a sent one stays sent."""
    reminder, created = Reminder.objects.get_or_create(ticket=ticket, kind=kind, due_at=due_at)
    if not created and reminder.state == Reminder.State.CANCELLED:
        reminder.state, reminder.attempts, reminder.last_error = Reminder.State.SCHEDULED, 0, ""
        reminder.save(update_fields=["state", "attempts", "last_error"])
    if reminder.state == Reminder.State.SCHEDULED and due_at <= timezone.now():
        _send_soon(reminder)
    return reminder


def _send_soon(reminder: Reminder) -> None:
    # Already due: send it now rather than at the next sweep. With the broker down the row
    # simply waits for the sweep.
    enqueue_on_commit("tickets.tasks.send_reminder", reminder.pk)


def cancel(ticket: Ticket, kinds: frozenset[str] | tuple[str, ...]) -> int:
    return Reminder.objects.filter(
        ticket=ticket, kind__in=kinds, state=Reminder.State.SCHEDULED
    ).update(state=Reminder.State.CANCELLED)


def sync_target_reminders(
    ticket: Ticket,
    *,
    calendar: BusinessCalendar | None,
    is_new: bool = False,
    also: Sequence[Reminder] = (),
) -> None:
    """Make the scheduled warning and breach rows match the due times that run now (a new
    ticket has none yet to read; its other reminder rows, ``also``, go in the same insert)."""
    wanted: set[tuple[str, datetime]] = set()
    policy = policy_for(ticket.category_id, ticket.priority)
    if ticket.status in RUNNING:
        now = timezone.now()
        for clock in CLOCKS:
            due = clock.due(ticket)
            if due is None or not clock.is_running(ticket):
                continue
            wanted.add((clock.breach, due))
            if policy is not None and due > now:
                warn = warning_at(calendar, due, clock.target(policy))
                if warn < due:
                    wanted.add((clock.warning, warn))
    existing = {
        (reminder.kind, reminder.due_at): reminder
        for reminder in (
            [] if is_new else Reminder.objects.filter(ticket=ticket, kind__in=TARGET_KINDS)
        )
    }
    stale = [
        reminder.pk
        for key, reminder in existing.items()
        if reminder.state == Reminder.State.SCHEDULED and key not in wanted
    ]
    if stale:
        Reminder.objects.filter(pk__in=stale).update(state=Reminder.State.CANCELLED)
    missing = [key for key in wanted if key not in existing]
    if missing or also:
        rows = [Reminder(ticket=ticket, kind=kind, due_at=due_at) for kind, due_at in missing]
        if is_new:
            # The ticket was inserted in this transaction: no one else can hold its rows yet.
            created = Reminder.objects.bulk_create([*rows, *also])
        else:
            # In one insert; should another transaction have written one of them meanwhile,
            # schedule() below finds it row by row.
            try:
                with transaction.atomic():
                    created = Reminder.objects.bulk_create(rows)
            except IntegrityError:
                created = []
        existing.update({(row.kind, row.due_at): row for row in created if row.pk is not None})
    for kind, due_at in sorted(wanted, key=lambda item: item[1]):
        reminder = existing.get((kind, due_at))
        if reminder is None or reminder.state == Reminder.State.CANCELLED:
            schedule(ticket, kind, due_at)
        elif reminder.state == Reminder.State.SCHEDULED and due_at <= timezone.now():
            _send_soon(reminder)


# --- Hooks the services call ----------------------------------------------------------------


def plan_clocks(ticket: Ticket) -> list[TicketEvent]:
    """A new ticket's first-response and resolution due times from its filing time, set on
    the (possibly unsaved) ticket; returns the history rows that say so, unsaved."""
    policy = policy_for(ticket.category_id, ticket.priority)
    if policy is None:
        return []
    calendar = calendar_for(ticket)
    reason = history.text(
        gettext_noop("Targets for %(priority)s priority"),
        priority=history.priority(ticket.priority),
    )
    events = []
    for clock in (FIRST_RESPONSE, RESOLUTION):
        due = add_business_minutes(calendar, ticket.created_at, clock.target(policy))
        setattr(ticket, clock.due_field, due)
        events.append(
            _due_event(
                ticket, by=None, old="", new=history.due(clock, calendar, due), reason=reason
            )
        )
    return events


def start_clocks(ticket: Ticket) -> None:
    """A saved ticket's clocks (re)started from its filing time: its due times, their
    history, and its reminder rows, replacing any it had."""
    events = plan_clocks(ticket)
    if not events:
        return
    ticket.save(
        update_fields=[*(clock.due_field for clock in (FIRST_RESPONSE, RESOLUTION)), "updated_at"]
    )
    TicketEvent.objects.bulk_create(events)
    sync_target_reminders(ticket, calendar=calendar_for(ticket))


def targets_changed(
    ticket: Ticket,
    *,
    old_category_id: int,
    old_priority: str,
    by: User | None,
    reason: history.Term,
    fields: list[str],
) -> None:
    """Priority or category changed: each running due time moves by the difference between
    the old and the new target. A target already missed stays missed unless the new one
    lies ahead (so an escalation never makes its own breach fire again)."""
    new = policy_for(ticket.category_id, ticket.priority)
    if new is None:
        return
    old = policy_for(old_category_id, old_priority)
    calendar = calendar_for(ticket)
    now = timezone.now()
    for clock in CLOCKS:
        current = clock.due(ticket)
        if current is None:
            if clock is NEXT_RESPONSE or (clock is FIRST_RESPONSE and ticket.first_response_at):
                continue
            if clock is RESOLUTION and ticket.resolved_at:
                continue
            due = add_business_minutes(calendar, ticket.created_at, clock.target(new))
        elif not clock.is_running(ticket) or old is None:
            continue
        else:
            due = shift(calendar, current, clock.target(new) - clock.target(old))
            if current <= now and due <= now:
                continue
        _set_due(ticket, clock, due, calendar=calendar, by=by, reason=reason, fields=fields)
    sync_target_reminders(ticket, calendar=calendar)


def status_changed(
    ticket: Ticket, *, old: str, new: str, by: User | None, fields: list[str]
) -> None:
    """Pause, resume, stop or restart the clocks, and (re)schedule what the new status needs."""
    calendar = calendar_for(ticket)
    now = timezone.now()
    paused_at = ticket.sla_paused_at
    if old in DONE and new not in DONE:
        ticket.resolution_minutes = None
        fields.append("resolution_minutes")
        _reopened(ticket, calendar=calendar, by=by, fields=fields, now=now)
    if new in PAUSED and paused_at is None:
        ticket.sla_paused_at = now
        fields.append("sla_paused_at")
        _record(
            ticket,
            by=by,
            old="",
            new=history.text(gettext_noop("Clock paused")),
            reason=history.status(new),
        )
    elif new not in PAUSED and paused_at is not None:
        ticket.sla_paused_at = None
        fields.append("sla_paused_at")
        minutes = business_minutes_between(calendar, paused_at, now)
        if new in RUNNING:
            reason = history.text(
                gettext_noop("Clock resumed after %(minutes)d business minutes paused"),
                minutes=minutes,
            )
            for clock in CLOCKS:
                due = clock.due(ticket)
                if due is not None and clock.is_running(ticket) and minutes:
                    _set_due(
                        ticket,
                        clock,
                        shift(calendar, due, minutes),
                        calendar=calendar,
                        by=by,
                        reason=reason,
                        fields=fields,
                    )
        elif ticket.resolution_due_at is not None:
            # Resolved while paused: the target counts the paused time as stopped.
            ticket.resolution_due_at = shift(calendar, ticket.resolution_due_at, minutes)
            fields.append("resolution_due_at")
    if new in DONE and old not in DONE:
        _finished(ticket, new=new, by=by, calendar=calendar, fields=fields, now=now)
    if new == Ticket.Status.PENDING and old != Ticket.Status.PENDING:
        schedule(
            ticket,
            Reminder.Kind.PENDING_NUDGE,
            add_business_days(calendar, now, PENDING_NUDGE_BUSINESS_DAYS),
        )
        schedule(
            ticket,
            Reminder.Kind.AUTO_RESOLVE,
            add_business_days(calendar, now, PENDING_RESOLVE_BUSINESS_DAYS),
        )
    elif old == Ticket.Status.PENDING:
        cancel(ticket, PENDING_KINDS)
    if new == Ticket.Status.RESOLVED:
        schedule(ticket, Reminder.Kind.AUTO_CLOSE, now + timedelta(days=AUTO_CLOSE_DAYS))
    else:
        cancel(ticket, (Reminder.Kind.AUTO_CLOSE,))
    if new not in DONE:
        cancel(ticket, (Reminder.Kind.SATISFACTION,))
    sync_target_reminders(ticket, calendar=calendar)


def _reopened(
    ticket: Ticket,
    *,
    calendar: BusinessCalendar | None,
    by: User | None,
    fields: list[str],
    now: datetime,
) -> None:
    """The requester is waiting again: a next response and a new resolution target."""
    policy = policy_for(ticket.category_id, ticket.priority)
    if policy is None:
        return
    reason = history.text(gettext_noop("Reopened"))
    if ticket.first_response_at is not None:
        due = add_business_minutes(calendar, now, NEXT_RESPONSE.target(policy))
        _set_due(ticket, NEXT_RESPONSE, due, calendar=calendar, by=by, reason=reason, fields=fields)
    due = add_business_minutes(calendar, now, RESOLUTION.target(policy))
    _set_due(ticket, RESOLUTION, due, calendar=calendar, by=by, reason=reason, fields=fields)


def _finished(
    ticket: Ticket,
    *,
    new: str,
    by: User | None,
    calendar: BusinessCalendar | None,
    fields: list[str],
    now: datetime,
) -> None:
    """Resolved or closed: the resolution target is met or missed, the rest stop."""
    ticket.resolution_minutes = business_minutes_between(
        calendar, ticket.created_at, ticket.resolved_at or now
    )
    fields.append("resolution_minutes")
    if ticket.resolution_due_at is not None:
        _record(
            ticket,
            by=by,
            old=history.when(calendar, ticket.resolution_due_at),
            new=history.when(calendar, now),
            reason=met_term(RESOLUTION, now <= ticket.resolution_due_at),
        )
    if ticket.next_response_due_at is not None:
        _set_due(
            ticket,
            NEXT_RESPONSE,
            None,
            calendar=calendar,
            by=by,
            reason=history.status(new),
            fields=fields,
        )
    cancel(ticket, PENDING_KINDS)
    # Ask how we did once per ticket; a requester who closes it themselves rates on the page.
    asked = Reminder.objects.filter(
        ticket=ticket, kind=Reminder.Kind.SATISFACTION, state=Reminder.State.SENT
    ).exists()
    by_requester = by is not None and by.pk == ticket.requester_id
    rated = SatisfactionRating.objects.filter(ticket=ticket).exists()
    # A merged ticket was answered in the one it went into: nothing to rate here.
    if not (asked or by_requester or rated or ticket.merged_into_id):
        schedule(ticket, Reminder.Kind.SATISFACTION, now)


def agent_replied(ticket: Ticket, *, first: bool, by: User | None, fields: list[str]) -> None:
    """A public answer from an agent or the store: the first or the next response is given."""
    calendar = calendar_for(ticket)
    now = ticket.first_response_at if first and ticket.first_response_at else timezone.now()
    if first:
        ticket.first_response_minutes = business_minutes_between(calendar, ticket.created_at, now)
        fields.append("first_response_minutes")
        if ticket.first_response_due_at is not None:
            _record(
                ticket,
                by=by,
                old=history.when(calendar, ticket.first_response_due_at),
                new=history.when(calendar, now),
                reason=met_term(FIRST_RESPONSE, now <= ticket.first_response_due_at),
            )
    due = ticket.next_response_due_at
    if due is not None:
        _set_due(
            ticket,
            NEXT_RESPONSE,
            None,
            calendar=calendar,
            by=by,
            reason=met_term(NEXT_RESPONSE, now <= due),
            fields=fields,
        )
    sync_target_reminders(ticket, calendar=calendar)


def store_answered(ticket: Ticket, *, at: datetime, fields: list[str]) -> None:
    """The store's first public answer: when, and in how many business minutes."""
    if ticket.store_answered_at is not None:
        return
    ticket.store_answered_at = at
    ticket.store_answer_minutes = business_minutes_between(
        calendar_for(ticket), ticket.created_at, at
    )
    fields.extend(["store_answered_at", "store_answer_minutes"])


def requester_replied(ticket: Ticket, *, by: User | None, fields: list[str]) -> None:
    """The requester wrote again after an answer: the next-response clock starts (once;
    more messages before our answer do not move it)."""
    if ticket.first_response_at is None or ticket.next_response_due_at is not None:
        return
    if ticket.status not in Ticket.OPEN_STATUSES:
        return
    policy = policy_for(ticket.category_id, ticket.priority)
    if policy is None:
        return
    calendar = calendar_for(ticket)
    # Still on hold: count from the pause, so resuming shifts it to start from the resume.
    start = ticket.sla_paused_at or timezone.now()
    due = add_business_minutes(calendar, start, NEXT_RESPONSE.target(policy))
    reason = history.text(gettext_noop("The requester wrote again"))
    _set_due(ticket, NEXT_RESPONSE, due, calendar=calendar, by=by, reason=reason, fields=fields)
    sync_target_reminders(ticket, calendar=calendar)


def is_still_due(ticket: Ticket, reminder: Reminder, *, now: datetime) -> bool:
    """Re-checked by the sweep before it acts: does this warning or breach still apply?"""
    clock = clock_for(reminder.kind)
    if clock is None or ticket.status not in RUNNING or not clock.is_running(ticket):
        return False
    due = clock.due(ticket)
    if due is None:
        return False
    if reminder.kind == clock.breach:
        return reminder.due_at == due
    # A warning is pointless once the target is missed: the breach notice says more.
    return reminder.due_at < due and now < due
