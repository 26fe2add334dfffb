"""The reminder sweep: claim due reminder rows, re-check the ticket, act, mark them sent.

Each reminder is sent exactly once however many sweeps run, at once or after a crash: the
claim (a conditional update from scheduled to sent), the e-mail rows, the in-app notices
and the service calls share one transaction per reminder, inside the batch's transaction.
A worker killed half-way rolls all of it back and the next sweep finds the row still
scheduled. On PostgreSQL the batch is taken with ``SELECT ... FOR UPDATE SKIP LOCKED`` so
two sweeps share the work instead of waiting on each other; SQLite serialises writers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import User
from catalog.models import Priority
from helpdesk import sweeps

from . import history, notifications, services, sla, store_clock
from .models import Reminder, SatisfactionRating, Ticket, TicketEvent

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# The beat task's share-out: more than one batch of due reminders is handed to the workers in
# batches of this many (send_batch), so a sweep takes milliseconds however many fell due.
DISPATCH_BATCH = 20
DISPATCH_LIMIT = 20_000
# After this many failures a reminder is marked failed and shown as such in the admin.
MAX_ATTEMPTS = 5
# Well under the task's soft time limit; what is left waits for the next sweep.
TIME_BUDGET_SECONDS = 120.0


@dataclass
class SweepResult:
    sent: int = 0
    cancelled: int = 0  # no longer applied (answered, closed, moved)
    skipped: int = 0  # claimed by another sweep, or its ticket is being changed right now
    failed: int = 0


def sweep(
    *, batch_size: int = BATCH_SIZE, budget_seconds: float = TIME_BUDGET_SECONDS
) -> SweepResult:
    """Send every scheduled reminder whose time has come, in batches, oldest first."""
    result = SweepResult()
    sweeps.sweep_in_batches(
        Reminder,
        lambda reminder: _handle(reminder, result),
        batch_size=batch_size,
        budget_seconds=budget_seconds,
    )
    if result.sent or result.failed:
        logger.info("Reminder sweep: %s", result)
    return result


def send_one(reminder_id: int) -> bool:
    """Send one reminder now if it is due and nobody else has (the on-commit fast path)."""
    result = SweepResult()
    with transaction.atomic():
        reminder = sweeps.due_rows(Reminder, None).filter(pk=reminder_id).first()  # locked, or None
        if reminder is not None:
            _handle(reminder, result)
    return result.sent == 1


def due_ids(limit: int = DISPATCH_LIMIT) -> list[int]:
    """Ids of the reminders due now, oldest first; nothing is locked or claimed here."""
    return list(
        Reminder.objects.filter(state=Reminder.State.SCHEDULED, due_at__lte=sweeps.database_now())
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def send_batch(reminder_ids: Sequence[int]) -> SweepResult:
    """Send these reminders if they are still due and nobody else has (a worker's share of a
    sweep); each is claimed exactly as the sweep claims it."""
    result = SweepResult()
    with transaction.atomic():
        for reminder in sweeps.due_rows(Reminder, None).filter(pk__in=list(reminder_ids)):
            _handle(reminder, result)
    return result


def _handle(reminder: Reminder, result: SweepResult) -> None:
    now = timezone.now()
    try:
        with transaction.atomic():
            # The ticket first, never waiting: services lock the ticket and then touch its
            # reminders, so waiting here could deadlock; a busy ticket waits for the next sweep.
            ticket = (
                Ticket.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("queue", "assignee", "requester", "category", "store")
                .filter(pk=reminder.ticket_id)
                .first()
            )
            if ticket is None:
                result.skipped += 1
                return
            # The claim: exactly one sweep moves the row from scheduled to sent.
            claimed = Reminder.objects.filter(
                pk=reminder.pk, state=Reminder.State.SCHEDULED
            ).update(state=Reminder.State.SENT, sent_at=now, attempts=F("attempts") + 1)
            if not claimed:
                result.skipped += 1
                return
            if _act(reminder, ticket, now):
                services.record(
                    ticket,
                    TicketEvent.Kind.REMINDER,
                    by=None,
                    new=history.reminder_kind(reminder.kind),
                )
                result.sent += 1
            else:
                Reminder.objects.filter(pk=reminder.pk).update(
                    state=Reminder.State.CANCELLED, sent_at=None
                )
                result.cancelled += 1
    except Exception as error:
        logger.exception("Reminder %s failed", reminder.pk)
        attempts = reminder.attempts + 1
        Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.SCHEDULED).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:300],
            state=Reminder.State.FAILED if attempts >= MAX_ATTEMPTS else Reminder.State.SCHEDULED,
        )
        result.failed += 1


def _act(reminder: Reminder, ticket: Ticket, now: datetime) -> bool:
    """Do what the reminder is for; False when the ticket has moved on and it no longer
    applies (answered, resolved, closed, due time moved)."""
    kind = reminder.kind
    clock = sla.clock_for(kind)
    if clock is not None:
        if not sla.is_still_due(ticket, reminder, now=now):
            return False
        if kind == clock.warning:
            _warn(ticket, reminder, clock)
        else:
            _breach(ticket, reminder, clock)
        return True
    key = f"reminder:{reminder.pk}"
    if kind in store_clock.KINDS:
        if ticket.store is None or not store_clock.is_still_due(ticket, reminder):
            return False
        due = sla.local_text(store_clock.store_calendar(ticket.store), ticket.store_answer_due_at)
        if kind == Reminder.Kind.STORE_ANSWER_WARNING:
            services.store_warning(
                ticket,
                due_text=due,
                dedupe_key=key,
                due_term=history.when(
                    store_clock.store_calendar(ticket.store), ticket.store_answer_due_at
                )
                if ticket.store_answer_due_at
                else None,
            )
        else:
            services.store_missed(ticket, calendar_text=due)
        return True
    if kind == Reminder.Kind.PENDING_NUDGE:
        if ticket.status != Ticket.Status.PENDING:
            return False
        resolve = (
            Reminder.objects.filter(
                ticket=ticket, kind=Reminder.Kind.AUTO_RESOLVE, state=Reminder.State.SCHEDULED
            )
            .order_by("-due_at")
            .first()
        )
        calendar = sla.calendar_for(ticket)
        notifications.send_to_requester(
            ticket,
            "pending_nudge",
            dedupe_key=key,
            resolve_at=sla.local_text(calendar, resolve.due_at) if resolve else "",
        )
        return True
    if kind == Reminder.Kind.AUTO_RESOLVE:
        if ticket.status != Ticket.Status.PENDING:
            return False
        services.change_case(
            ticket,
            by=None,
            system=True,
            change=services.CaseChange(status=Ticket.Status.RESOLVED),
            reason=history.text(
                gettext_noop("No reply for %(days)d business days: resolved automatically"),
                days=sla.PENDING_RESOLVE_BUSINESS_DAYS,
            ),
        )
        return True
    if kind == Reminder.Kind.AUTO_CLOSE:
        if ticket.status != Ticket.Status.RESOLVED:
            return False
        services.change_case(
            ticket,
            by=None,
            system=True,
            change=services.CaseChange(status=Ticket.Status.CLOSED),
            reason=history.text(
                gettext_noop("Closed automatically %(days)d days after it was resolved"),
                days=sla.AUTO_CLOSE_DAYS,
            ),
        )
        return True
    if kind == Reminder.Kind.SATISFACTION:
        if (
            ticket.status not in sla.DONE
            or ticket.merged_into_id is not None
            or SatisfactionRating.objects.filter(ticket=ticket).exists()
        ):
            return False
        notifications.send_to_requester(ticket, "satisfaction", dedupe_key=key)
        return True
    return False


def warning_recipients(ticket: Ticket) -> list[User]:
    """The assignee, or every agent of the queue when nobody has the ticket yet."""
    return notifications.platform_people(ticket)


def breach_recipients(ticket: Ticket) -> list[User]:
    """The queue's supervisors, or every supervisor when the queue has none."""
    supervisors = User.objects.filter(is_active=True).order_by("pk")
    of_queue = list(
        supervisors.filter(memberships__queue_id=ticket.queue_id, role=User.Role.SUPERVISOR)
    )
    return of_queue or list(supervisors.filter(Q(role=User.Role.SUPERVISOR) | Q(is_superuser=True)))


def _due_term(ticket: Ticket, clock: sla.Clock) -> history.Term:
    due_at = clock.due(ticket)
    return history.when(sla.calendar_for(ticket), due_at) if due_at else ""


def _warn(ticket: Ticket, reminder: Reminder, clock: sla.Clock) -> None:
    due = sla.local_text(sla.calendar_for(ticket), clock.due(ticket))
    text = history.text(
        gettext_noop("%(reference)s: %(target)s due by %(due)s — %(subject)s"),
        reference=ticket.reference,
        target=history.clock_name(clock),
        due=_due_term(ticket, clock),
        subject=ticket.subject,
    )

    notifications.notify_staff(
        warning_recipients(ticket),
        ticket,
        kind=reminder.kind,
        text=text,
        template="sla_warning",
        dedupe_key=f"reminder:{reminder.pk}",
        target=clock.name,
        due=due,
    )


def _breach(ticket: Ticket, reminder: Reminder, clock: sla.Clock) -> None:
    """Tell the supervisors, tell the requester we are on it (first response), raise the
    priority one step."""
    due = sla.local_text(sla.calendar_for(ticket), clock.due(ticket))
    raised = Priority.raised(ticket.priority)

    text = history.text(
        gettext_noop("%(reference)s: %(target)s target missed (due %(due)s) — %(subject)s"),
        reference=ticket.reference,
        target=history.clock_name(clock),
        due=_due_term(ticket, clock),
        subject=ticket.subject,
    )

    supervisors = breach_recipients(ticket)
    key = f"reminder:{reminder.pk}"
    notifications.notify_staff(
        supervisors,
        ticket,
        kind=reminder.kind,
        text=text,
        template="sla_breach",
        dedupe_key=key,
        target=clock.name,
        due=due,
        raised_to=Priority(raised).label if raised != ticket.priority else None,
    )
    if ticket.assignee is not None and ticket.assignee not in supervisors:
        notifications.notify_staff(
            [ticket.assignee], ticket, kind=reminder.kind, text=text, template=None, dedupe_key=key
        )
    if clock is sla.FIRST_RESPONSE:
        notifications.send_to_requester(ticket, "still_on_it", dedupe_key=key)
    reason = sla.met_term(clock, on_time=False)
    services.record(
        ticket,
        TicketEvent.Kind.ESCALATED,
        by=None,
        new=", ".join(str(person) for person in supervisors),
        reason=reason,
    )
    if raised != ticket.priority:
        services.change_priority(ticket, by=None, priority=raised, reason=reason)
