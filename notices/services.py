"""Every change notices make: state, links to tickets, the answer to all, the funnel's rows.

Replies go through tickets.services.add_message, so each answered ticket gets its history
row, its status move and its one e-mail through the outbox, as any agent reply does."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalog.models import Category
from helpdesk.errors import DomainError
from helpdesk.text import as_written
from tickets import services as ticket_services
from tickets.models import Ticket
from tickets.selectors import visible_tickets

from .models import Notice, NoticeTicket, NoticeView
from .selectors import notices_filed_about

logger = logging.getLogger(__name__)


class NoticeError(DomainError):
    pass


@transaction.atomic
def change_notice_state(notice: Notice, *, state: str, by: User) -> Notice:
    """Move a notice to investigating, identified or resolved (supervisors); resolving
    stamps the moment, going back from resolved clears it."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not by.is_supervisor:
        raise NoticeError(_("Only supervisors change a notice's state."))
    if state not in Notice.State.values:
        raise NoticeError(_("Unknown state."))
    if notice.state == state:
        raise NoticeError(_("The notice already has this state."))
    notice.state = state
    notice.resolved_at = timezone.now() if state == Notice.State.RESOLVED else None
    notice.save(update_fields=["state", "resolved_at", "updated_at"])
    return notice


def link_ticket(notice: Notice, ticket: Ticket, *, by: User | None = None) -> bool:
    """Link a ticket to a notice once; True if the link is new. ``by`` None: at filing."""
    if by is not None and not by.is_agent:
        raise NoticeError(_("Only agents link tickets to a notice."))
    try:
        with transaction.atomic():
            NoticeTicket.objects.create(notice=notice, ticket=ticket, linked_by=by)
    except IntegrityError:
        return False
    return True


def link_new_ticket(sender: Any, ticket: Ticket, **kwargs: Any) -> None:
    """(tickets.signals.ticket_filed) A new ticket joins the open notices of its category,
    and the inquiry form it was sent from, if it showed a notice, counts as filed."""
    # No query when no notice is shown about the category (nearly always): they are kept.
    shown = notices_filed_about(ticket.category, at=ticket.created_at)
    open_ones = [notice for notice in shown if not notice.is_resolved]
    if open_ones:
        NoticeTicket.objects.bulk_create(
            [NoticeTicket(notice=notice, ticket=ticket) for notice in open_ones]
        )
    if shown and ticket.submission_key:
        NoticeView.objects.filter(
            submission_key=ticket.submission_key, filed_ticket__isnull=True
        ).update(filed_ticket=ticket)


def record_notice_seen(
    notices: list[Notice], *, category: Category, visitor: str, submission_key: str
) -> int:
    """The inquiry form showed these notices to this visitor: one row per notice and form.
    Returns how many rows are new."""
    if not notices or not submission_key or not visitor:
        return 0
    before = NoticeView.objects.filter(
        notice__in=notices, submission_key=submission_key
    ).values_list("notice_id", flat=True)
    seen = set(before)
    new = [
        NoticeView(notice=notice, category=category, visitor=visitor, submission_key=submission_key)
        for notice in notices
        if notice.pk not in seen
    ]
    # Two renders of one form at once (a double htmx pick) may both insert: keep the first.
    NoticeView.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@dataclass
class AnswerOutcome:
    """What answering a notice's linked tickets did."""

    answered: list[str] = field(default_factory=list)  # references
    skipped: list[tuple[str, str]] = field(default_factory=list)  # reference, why
    already: int = 0  # answered by an earlier call


def answer_linked_tickets(
    notice: Notice, *, by: User, body_ko: str, body_en: str, resolve: bool = False
) -> AnswerOutcome:
    """Once the notice is resolved, add one public reply to each linked ticket this agent may
    see, in the language its requester wrote in; each link is answered once, whoever calls
    again (a second call sends nothing). ``resolve`` also marks open tickets resolved (and
    so, as any resolution does, schedules each requester's satisfaction survey)."""
    if not by.is_agent:
        raise NoticeError(_("Only agents answer linked tickets."))
    notice.refresh_from_db(fields=["state"])
    if notice.state != Notice.State.RESOLVED:
        raise NoticeError(_("Answer the linked tickets once the notice is resolved."))
    bodies = {"ko": as_written(body_ko).strip(), "en": as_written(body_en).strip()}
    if not bodies["ko"] or not bodies["en"]:
        raise NoticeError(_("Write the answer in Korean and in English."))
    outcome = AnswerOutcome()
    links = NoticeTicket.objects.filter(notice=notice).select_related("ticket").order_by("pk")
    visible = set(
        visible_tickets(by).filter(pk__in=links.values("ticket_id")).values_list("pk", flat=True)
    )
    for link in links:
        ticket = link.ticket
        if link.answered_at is not None:
            outcome.already += 1
            continue
        if ticket.pk not in visible:
            outcome.skipped.append((ticket.reference or "", _("not in your queues")))
            continue
        if ticket.status == Ticket.Status.CLOSED or ticket.merged_into_id:
            outcome.skipped.append((ticket.reference or "", _("closed or merged")))
            continue
        language = "en" if (ticket.language or "ko").startswith("en") else "ko"
        try:
            with transaction.atomic():
                # Claim the link first: two agents answering at once send one reply.
                claimed = NoticeTicket.objects.filter(pk=link.pk, answered_at=None).update(
                    answered_at=timezone.now()
                )
                if not claimed:
                    outcome.already += 1
                    continue
                new_status = (
                    Ticket.Status.RESOLVED
                    if resolve and ticket.status in Ticket.OPEN_STATUSES
                    else None
                )
                message = ticket_services.add_message(
                    ticket, by=by, body=bodies[language], new_status=new_status
                )
                NoticeTicket.objects.filter(pk=link.pk).update(message=message)
        except DomainError as error:
            outcome.skipped.append((ticket.reference or "", str(error)))
            continue
        outcome.answered.append(ticket.reference or "")
    return outcome
