"""Lines the system writes on a ticket for the platform only: what the e-mail channel held,
a bounce, a link to a follow-up ticket. Kind ``system``, so no reader takes one for the
requester's words, and internal, so only agents read them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from helpdesk.text import as_written

from .. import history, notifications
from ..models import Message, Ticket, TicketEvent
from .core import record


@transaction.atomic
def add_system_note(
    ticket: Ticket, *, text: str, notice: notifications.Text | None = None, key: str = ""
) -> Message:
    """Write a system line only the platform reads; with ``notice`` (a term, said in each
    reader's language), the assignee, or the queue's agents, hear of it in the workspace once per
    ``key``."""
    ticket = Ticket.objects.select_for_update(of=("self",)).get(pk=ticket.pk)
    message = Message.objects.create(
        ticket=ticket,
        author=None,
        author_name="-",
        kind=Message.Kind.SYSTEM,
        visibility=Message.Visibility.INTERNAL,
        body=as_written(text).strip()[:20_000],
        created_at=timezone.now(),
    )
    record(ticket, TicketEvent.Kind.NOTED, by=None, new=history.message_kind(message.kind))
    ticket.save(update_fields=["updated_at"])
    if notice is not None:
        notifications.notify_staff(
            notifications.platform_people(ticket),
            ticket,
            kind="system_note",
            text=notice,
            template=None,
            dedupe_key=key or f"system-note:{message.pk}",
        )
    return message
