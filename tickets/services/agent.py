"""What agents do to tickets from the workspace: take, move, merge, mark spam, canned
responses, bulk changes, and reading their notifications."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from catalog.models import QueueMembership
from helpdesk.errors import DomainError

from .. import history, notifications, signals
from ..macros import macro_text
from ..models import Macro, Message, Notification, Reminder, Tag, Ticket, TicketEvent
from ..transitions import Party
from . import case
from .core import (
    InvalidTicket,
    InvalidTransition,
    NotAllowed,
    _move_status,
    add_message,
    record,
)

BULK_LIMIT = 100
BULK_ACTIONS = ("assign", "status", "priority", "close")


class TicketTaken(InvalidTransition):
    """Someone else took the ticket first."""


def _require_agent(by: User) -> None:
    if not by.is_agent:
        raise NotAllowed(_("Only agents can do this."))


@transaction.atomic
def take_ticket(ticket: Ticket, *, by: User) -> Ticket:
    """An agent of the ticket's queue takes it while nobody owns it; of two at once, one wins."""
    _require_agent(by)
    if not (
        by.is_supervisor
        or QueueMembership.objects.filter(queue_id=ticket.queue_id, user=by).exists()
    ):
        raise NotAllowed(_("Only agents of this ticket's queue can take it."))
    if ticket.status == Ticket.Status.CLOSED:
        raise InvalidTransition(_("This ticket is closed."))
    # A conditional update, not read-then-write: when two agents press "Take" together the
    # database lets exactly one UPDATE match "nobody owns it".
    claimed = Ticket.objects.filter(pk=ticket.pk, assignee__isnull=True).update(
        assignee=by, updated_at=timezone.now()
    )
    current = Ticket.objects.select_related("assignee").get(pk=ticket.pk)
    if not claimed:
        if current.assignee_id == by.pk:
            return current
        raise TicketTaken(_("%(name)s already took this ticket.") % {"name": str(current.assignee)})
    record(
        current,
        TicketEvent.Kind.ASSIGNEE,
        by=by,
        new=by,
        reason=history.text(gettext_noop("Taken")),
    )
    return current


@transaction.atomic
def merge_tickets(ticket: Ticket, *, into: Ticket, by: User) -> Ticket:
    """Close a duplicate into another ticket; both threads point at each other, nothing is
    deleted; the duplicate's reminders stop (no survey for a ticket nobody answered) and its
    requester is told where it continues. Returns the ticket merged into."""
    _require_agent(by)
    if ticket.pk == into.pk:
        raise InvalidTransition(_("A ticket cannot be merged into itself."))
    # Lock both rows in primary-key order: two merges crossing each other cannot deadlock.
    locked = {
        row.pk: row
        for row in Ticket.objects.select_for_update()
        .filter(pk__in=[ticket.pk, into.pk])
        .order_by("pk")
    }
    source, target = locked[ticket.pk], locked[into.pk]
    if source.merged_into_id is not None:
        raise InvalidTransition(_("This ticket was already merged into another one."))
    if target.merged_into_id is not None or target.status == Ticket.Status.CLOSED:
        raise InvalidTransition(_("Merge into an open ticket that was not merged itself."))
    now = timezone.now()
    source.merged_into = target
    fields = ["merged_into", "updated_at"]
    _move_status(
        source,
        Ticket.Status.CLOSED,
        by=by,
        party=Party.AGENT,
        fields=fields,
        reason=history.text(gettext_noop("Merged into %(reference)s"), reference=target.reference),
    )
    source.save(update_fields=sorted(set(fields)))
    Message.objects.create(
        ticket=source,
        author=by,
        author_name=str(by),
        kind=Message.Kind.SYSTEM,
        visibility=Message.Visibility.INTERNAL,
        body=_("Merged into %(reference)s.") % {"reference": target.reference},
        created_at=now,
    )
    Message.objects.create(
        ticket=target,
        author=by,
        author_name=str(by),
        kind=Message.Kind.SYSTEM,
        visibility=Message.Visibility.INTERNAL,
        body=_("%(reference)s “%(subject)s” was merged into this ticket.")
        % {"reference": source.reference, "subject": source.subject},
        created_at=now,
    )
    record(source, TicketEvent.Kind.MERGED, by=by, new=target.reference)
    record(target, TicketEvent.Kind.MERGED, by=by, old=source.reference)
    target.save(update_fields=["updated_at"])
    # Targets, nudges, automatic closing and the survey: the merged ticket needs none of them.
    Reminder.objects.filter(ticket=source, state=Reminder.State.SCHEDULED).update(
        state=Reminder.State.CANCELLED
    )
    notifications.ticket_merged(source, target)
    signals.ticket_merged.send(sender=Ticket, ticket=source, into=target, by=by)
    return target


@transaction.atomic
def mark_spam(ticket: Ticket, *, by: User) -> Ticket:
    """Spam is closed quietly and left out of every workspace view; nobody is told."""
    _require_agent(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.is_spam:
        raise InvalidTransition(_("This ticket is already marked as spam."))
    ticket.is_spam = True
    fields = ["is_spam", "updated_at"]
    _move_status(
        ticket,
        Ticket.Status.CLOSED,
        by=by,
        party=Party.AGENT,
        fields=fields,
        reason=history.text(gettext_noop("Spam")),
    )
    record(ticket, TicketEvent.Kind.SPAM, by=by)
    ticket.save(update_fields=sorted(set(fields)))
    return ticket


@transaction.atomic
def add_tags(ticket: Ticket, *, by: User | None, tags: Iterable[Tag]) -> list[Tag]:
    """Tag a ticket; only tags it did not have yet are added and recorded."""
    have = set(ticket.tags.values_list("pk", flat=True))
    new = [tag for tag in tags if tag.pk not in have]
    if new:
        ticket.tags.add(*new)
        record(ticket, TicketEvent.Kind.TAGS, by=by, new=", ".join(tag.name for tag in new))
    return new


@transaction.atomic
def apply_macro(
    ticket: Ticket,
    *,
    by: User,
    macro: Macro,
    body: str | None = None,
    kind: str = Message.Kind.REPLY,
    visibility: str | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
    new_status: str | None = None,
) -> Message:
    """Send a canned response, as it is or as edited, and apply its status, priority and tags;
    a status the agent picked while sending wins over the response's own."""
    _require_agent(by)
    if not macro.is_active or (macro.queue_id is not None and macro.queue_id != ticket.queue_id):
        raise NotAllowed(_("This canned response cannot be used on this ticket."))
    text = body if body is not None and body.strip() else macro_text(macro, ticket, agent=by)
    message = add_message(
        ticket,
        by=by,
        body=text,
        kind=kind,
        visibility=visibility,
        attachments=attachments,
        new_status=new_status or macro.set_status or None,
    )
    reason = history.text(gettext_noop("Canned response: %(name)s"), name=macro.name)
    if macro.set_priority:
        case.change_case(
            ticket, by=by, change=case.CaseChange(priority=macro.set_priority), reason=reason
        )
    add_tags(ticket, by=by, tags=macro.add_tags.all())
    return message


@dataclass
class BulkOutcome:
    """How a bulk change went: how many tickets changed, and why others did not."""

    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def _bulk_assignee(by: User, value: str) -> User | None:
    if value in ("", "none"):
        return None
    if value == "me":
        return by
    assignee = User.objects.filter(pk=int(value) if value.isdigit() else 0).first()
    if assignee is None or not assignee.is_agent:
        raise InvalidTicket({"value": [_("Choose an agent to assign the tickets to.")]})
    return assignee


def bulk_update(
    tickets: Sequence[Ticket], *, by: User, action: str, value: str = ""
) -> BulkOutcome:
    """Apply one change to many tickets, each through its own service and transaction, so
    every ticket gets its history row and one refusal does not undo the others."""
    _require_agent(by)
    if not tickets:
        raise InvalidTicket({"tickets": [_("Select at least one ticket.")]})
    if len(tickets) > BULK_LIMIT:
        raise InvalidTicket(
            {"tickets": [_("Change at most %(count)d tickets at once.") % {"count": BULK_LIMIT}]}
        )
    if action not in BULK_ACTIONS:
        raise InvalidTicket({"action": [_("Choose what to change.")]})
    assignee = _bulk_assignee(by, value) if action == "assign" else None
    if action == "status" and value not in Ticket.Status.values:
        raise InvalidTicket({"value": [_("Choose a status.")]})
    if action == "priority" and value not in Ticket.Priority.values:
        raise InvalidTicket({"value": [_("Choose a priority.")]})
    outcome = BulkOutcome()
    reason = history.text(gettext_noop("Bulk change"))
    for ticket in tickets:
        current = {
            "assign": ticket.assignee_id == (assignee.pk if assignee else None),
            "status": ticket.status == value,
            "priority": ticket.priority == value,
            "close": ticket.status == Ticket.Status.CLOSED,
        }[action]
        if current:
            outcome.unchanged += 1
            continue
        change = {
            "assign": lambda: case.CaseChange(assignee=assignee),
            "status": lambda: case.CaseChange(status=value),
            "priority": lambda: case.CaseChange(priority=value),
            "close": lambda: case.CaseChange(status=Ticket.Status.CLOSED),
        }[action]()
        try:
            # Each ticket in its own transaction: one refusal does not undo the others.
            case.change_case(ticket, by=by, change=change, reason=reason)
        except DomainError as error:
            outcome.failed.append((ticket.reference or "", str(error)))
        else:
            outcome.changed += 1
    return outcome


def mark_notifications_read(user: User, *, ids: Iterable[int] | None = None) -> int:
    """Mark this person's unread notices (all, or the given ones) as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
