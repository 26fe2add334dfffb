"""What agents do with a similar-ticket suggestion (merge, link, dismiss), each recorded in
both tickets' history and counted for the reports; and what the panel records as shown."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from tickets import services as tickets
from tickets.models import Ticket, TicketEvent

from .models import Suggestion, TicketLink
from .selectors import Similar


def record_shown(ticket: Ticket, shown: Iterable[Similar]) -> None:
    """Each pair counts as shown once, the first time the panel lists it."""
    Suggestion.objects.bulk_create(
        [
            Suggestion(ticket=ticket, suggested=item.ticket, reason=item.reason, score=item.score)
            for item in shown
        ],
        ignore_conflicts=True,
    )


def _require_agent(by: User) -> None:
    if not by.is_agent:
        raise tickets.NotAllowed(_("Only agents can do this."))


def _decide(ticket: Ticket, other: Ticket, *, state: str, by: User) -> None:
    """The pair's suggestion takes the agent's decision (whichever way round it was shown; a
    pair decided without the panel is recorded as shown and decided at once)."""
    now = timezone.now()
    updated = Suggestion.objects.filter(
        ticket__in=[ticket, other], suggested__in=[ticket, other]
    ).update(state=state, decided_at=now, decided_by=by)
    if not updated:
        Suggestion.objects.create(
            ticket=ticket,
            suggested=other,
            reason=Suggestion.Reason.TEXT,
            state=state,
            decided_at=now,
            decided_by=by,
        )


def merged_elsewhere(
    sender: object, *, ticket: Ticket, into: Ticket, by: User, **kwargs: object
) -> None:
    """A merge of a pair the panel showed, made from anywhere, is the suggestion accepted."""
    Suggestion.objects.filter(
        ticket__in=[ticket, into], suggested__in=[ticket, into], state=Suggestion.State.SHOWN
    ).update(state=Suggestion.State.MERGED, decided_at=timezone.now(), decided_by=by)


@transaction.atomic
def merge_similar(ticket: Ticket, other: Ticket, *, by: User) -> Ticket:
    """Merge the pair: the later ticket goes into the earlier one, unless that one is closed
    or merged itself, then the other way round. Returns the ticket merged into."""
    _require_agent(by)
    first, second = sorted([ticket, other], key=lambda item: (item.created_at, item.pk))
    if first.status == Ticket.Status.CLOSED or first.merged_into_id is not None:
        first, second = second, first
    target = tickets.merge_tickets(second, into=first, by=by)
    _decide(ticket, other, state=Suggestion.State.MERGED, by=by)
    return target


@transaction.atomic
def link_tickets(ticket: Ticket, other: Ticket, *, by: User) -> TicketLink:
    """Tie two related tickets together without merging: each lists the other."""
    _require_agent(by)
    if ticket.pk == other.pk:
        raise tickets.InvalidTransition(_("A ticket cannot be linked to itself."))
    low, high = sorted([ticket, other], key=lambda item: item.pk)
    link, created = TicketLink.objects.get_or_create(
        ticket=low, other=high, defaults={"created_by": by}
    )
    if created:
        tickets.record(ticket, TicketEvent.Kind.LINKED, by=by, new=other.reference)
        tickets.record(other, TicketEvent.Kind.LINKED, by=by, new=ticket.reference)
    _decide(ticket, other, state=Suggestion.State.LINKED, by=by)
    return link


@transaction.atomic
def dismiss_suggestion(ticket: Ticket, other: Ticket, *, by: User) -> None:
    """The agent says the suggested ticket is about something else: it is not suggested
    beside this one again."""
    _require_agent(by)
    tickets.record(ticket, TicketEvent.Kind.NOT_SIMILAR, by=by, new=other.reference)
    _decide(ticket, other, state=Suggestion.State.DISMISSED, by=by)
