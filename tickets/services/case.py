"""A change of a ticket's case (category, queue, assignee, priority, status) from whichever
interface asks for it: the agent's case form, bulk changes, canned responses, the API and the
reminder tasks all call ``change_case``, so the same change leaves the same history."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from catalog.models import Category, Queue, QueueMembership

from .. import history
from ..models import Ticket, TicketEvent
from .core import NotAllowed, assign_ticket, change_category, change_priority, change_status, record


@transaction.atomic
def change_queue(ticket: Ticket, *, by: User, queue: Queue) -> Ticket:
    """Move a ticket to another team; an assignee who is not in that team lets go of it."""
    if not by.is_agent:
        raise NotAllowed(_("Only agents can do this."))
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("queue", "assignee")
        .get(pk=ticket.pk)
    )
    if ticket.queue_id == queue.pk:
        return ticket
    record(
        ticket,
        TicketEvent.Kind.QUEUE,
        by=by,
        old=history.named(ticket.queue),
        new=history.named(queue),
    )
    ticket.queue = queue
    fields = ["queue", "updated_at"]
    assignee = ticket.assignee
    if (
        assignee is not None
        and not assignee.is_supervisor
        and not QueueMembership.objects.filter(queue=queue, user=assignee).exists()
    ):
        record(
            ticket,
            TicketEvent.Kind.ASSIGNEE,
            by=by,
            old=assignee,
            new="",
            reason=history.text(gettext_noop("Not an agent of the new queue")),
        )
        ticket.assignee = None
        fields.append("assignee")
    ticket.save(update_fields=fields)
    return ticket


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # "leave the assignee as it is" (None means nobody)


@dataclass(frozen=True)
class CaseChange:
    """The fields to set; None (KEEP for the assignee) leaves a field as it is."""

    status: str | None = None
    priority: str | None = None
    category: Category | None = None
    queue: Queue | None = None
    assignee: User | Literal[_Keep.KEEP] | None = KEEP


@transaction.atomic
def change_case(
    ticket: Ticket,
    *,
    by: User | None,
    change: CaseChange,
    reason: history.Term = "",
    system: bool = False,
) -> Ticket:
    """Apply each field that differs through its own service, all or nothing: the category
    first (it may move the queue), then the queue, assignee and priority, the status last so
    its clocks follow the final category and priority. A field that already has the value is
    left alone, so sending the same change twice changes nothing the second time."""
    ticket = Ticket.objects.select_for_update(of=("self",)).get(pk=ticket.pk)
    if by is None:
        # The tasks move statuses (resolve, close); everything else is an agent's decision.
        only_status = change == CaseChange(status=change.status)
        if not (system and only_status):
            raise NotAllowed(_("Only agents can change this ticket."))
    else:
        if change.category is not None and change.category.pk != ticket.category_id:
            ticket = change_category(ticket, by=by, category=change.category)
        if change.queue is not None and change.queue.pk != ticket.queue_id:
            ticket = change_queue(ticket, by=by, queue=change.queue)
        assignee = change.assignee
        if assignee is not KEEP and ticket.assignee_id != (
            assignee.pk if assignee is not None else None
        ):
            ticket = assign_ticket(ticket, by=by, assignee=assignee, reason=reason)
        if change.priority is not None and change.priority != ticket.priority:
            ticket = change_priority(ticket, by=by, priority=change.priority, reason=reason)
    if change.status is not None and change.status != ticket.status:
        ticket = change_status(ticket, by=by, status=change.status, reason=reason, system=system)
    return ticket
