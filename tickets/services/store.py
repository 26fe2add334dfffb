"""The three parties' own moves: the platform asks the store (``core.add_message`` with the
store visibility), the store marks a buyer message as needing no answer, the buyer asks the
help center to step in, and the system flags a store that let its deadline pass."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from catalog.models import Priority

from .. import history, notifications, sla, store_clock, transitions
from ..models import Message, Ticket, TicketEvent
from ..transitions import Party
from .core import InvalidTransition, NotAllowed, add_message, change_priority, record


def _locked(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("category", "store", "queue", "assignee", "requester")
        .get(pk=ticket.pk)
    )


def request_store_answer(ticket: Ticket, *, by: User, body: str) -> Message:
    """An agent asks the store for its answer (or for facts the buyer must not see): a
    message in the side conversation, a deadline in the store's business time, a notice and
    an e-mail to the store, reminders before and at the deadline."""
    if not by.is_agent:
        raise NotAllowed(_("Only the help center asks a store to answer."))
    return add_message(ticket, by=by, body=body, visibility=Message.Visibility.STORE)


@transaction.atomic
def mark_no_answer_needed(message: Message, *, by: User) -> Message:
    """The store marks a buyer's message as needing no answer ("thank you!"): recorded, the
    store's deadline stops, and an inquiry the store had not yet answered is left out of its
    on-time share."""
    ticket = _locked(message.ticket)
    message = Message.objects.select_for_update().get(pk=message.pk, ticket=ticket)
    if transitions.party_of(ticket, by) is not Party.STORE:
        raise NotAllowed(_("Only the store marks a buyer's message as needing no answer."))
    if (
        not message.is_public
        or message.as_store
        or (message.author_id is not None and message.author_id != ticket.requester_id)
    ):
        raise InvalidTransition(_("Only the buyer's messages can be marked."))
    if message.no_answer_needed_at is not None:
        raise InvalidTransition(_("This message is already marked as needing no answer."))
    if ticket.status not in Ticket.OPEN_STATUSES:
        raise InvalidTransition(_("This inquiry is no longer open."))
    now = timezone.now()
    message.no_answer_needed_at = now
    message.save(update_fields=["no_answer_needed_at"])
    fields = ["updated_at"]
    store_clock.stop(ticket, fields=fields)
    if ticket.store_answered_at is None and not ticket.store_answer_not_needed:
        ticket.store_answer_not_needed = True
        fields.append("store_answer_not_needed")
    record(
        ticket,
        TicketEvent.Kind.NO_ANSWER,
        by=by,
        new=history.when(sla.calendar_for(ticket), message.created_at),
    )
    ticket.save(update_fields=sorted(set(fields)))
    return message


@transaction.atomic
def ask_help_center(ticket: Ticket, *, by: User | None, reason: str = "") -> Ticket:
    """The buyer asks the help center to step in once the store's deadline has passed: the
    platform takes the inquiry over (the store's clock stops, the priority goes one step
    up) and the queue's agents hear of it. ``None`` is the guest through their link."""
    ticket = _locked(ticket)
    if transitions.party_of(ticket, by) is not Party.REQUESTER:
        raise NotAllowed(_("Only the person who asked can ask the help center to step in."))
    if ticket.escalated_at is not None:
        raise InvalidTransition(_("You already asked the help center to step in."))
    if not store_clock.deadline_passed(ticket, now=timezone.now()):
        raise InvalidTransition(
            _("You can ask the help center to step in once the store's answer time has passed.")
        )
    reason = " ".join(reason.split())[:300]
    now = timezone.now()
    fields = ["updated_at", "escalated_at"]
    ticket.escalated_at = now
    store_clock.stop(ticket, fields=fields)
    record(ticket, TicketEvent.Kind.STEP_IN, by=by, reason=reason)
    raised = Priority.raised(ticket.priority)
    ticket.save(update_fields=sorted(set(fields)))
    if raised != ticket.priority:
        change_priority(
            ticket,
            by=None,
            priority=raised,
            reason=history.text(gettext_noop("The buyer asked the help center to step in")),
        )
    notifications.help_center_asked(ticket, reason=reason)
    return ticket


def store_missed(ticket: Ticket, *, calendar_text: str) -> None:
    """The system, at the store's deadline (the reminder sweep, ticket locked): the inquiry
    comes back to the platform flagged, its agents hear of it, and the buyer is told they
    may ask the help center to step in."""
    fields = ["updated_at"]
    if ticket.store_missed_at is None:
        ticket.store_missed_at = timezone.now()
        fields.append("store_missed_at")
    due: history.Term = calendar_text
    if ticket.store is not None and ticket.store_answer_due_at is not None:
        due = history.when(store_clock.store_calendar(ticket.store), ticket.store_answer_due_at)
    record(ticket, TicketEvent.Kind.STORE_MISSED, by=None, old=due)
    ticket.save(update_fields=fields)
    notifications.store_missed(ticket, due=calendar_text, due_term=due)


def store_warning(
    ticket: Ticket, *, due_text: str, dedupe_key: str, due_term: history.Term | None = None
) -> None:
    """The system, before the store's deadline: the store's people are reminded."""
    notifications.store_reminder(ticket, due=due_text, dedupe_key=dedupe_key, due_term=due_term)


__all__ = [
    "ask_help_center",
    "mark_no_answer_needed",
    "request_store_answer",
    "store_missed",
    "store_warning",
]
