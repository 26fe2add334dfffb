"""Every change callbacks make: a request becomes a ticket (channel ``phone``) with its
callback; each call attempt is a row; a failed one tells the requester by e-mail; an incoming
call is logged as a ticket. Tickets are filed and written through tickets.services."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from catalog import calendar as business
from catalog.models import Category
from contacts.models import ContactChannel
from helpdesk.errors import DomainError
from helpdesk.text import one_line
from tickets import history, notifications
from tickets import services as ticket_services
from tickets.models import Message, Ticket

from .models import Callback, CallbackAttempt
from .phones import masked_phone, normalize_phone
from .selectors import due_at_for, inside_hours, preferred_time_problem

# After this many unanswered calls the callback is given up (the requester was told each time).
MAX_ATTEMPTS = 3
# An unanswered call is tried again this much business time later.
RETRY_MINUTES = 60


class InvalidCallback(ticket_services.InvalidTicket):
    """Input a callback cannot be made of; ``errors`` maps field names to messages."""


class CallbackError(DomainError):
    pass


def _subject(situation: str) -> str:
    first = one_line(situation.strip().splitlines()[0] if situation.strip() else "")
    return (_("Callback request: %(summary)s") % {"summary": first[:80]})[:200]


def request_callback(
    *,
    requester: User | None,
    channel: ContactChannel,
    category: Category,
    phone: str,
    preferred_at: datetime | None,
    situation: str,
    details: Mapping[str, Any] | None = None,
    requester_name: str = "",
    requester_email: str = "",
    submission_key: str | None = None,
) -> Callback:
    """Ask to be called back: a ticket with channel ``phone`` (filed as any inquiry is) and
    its callback, due at the preferred time inside the channel's hours, or as soon as
    possible within them. A repeated submission key returns the first callback."""
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    try:
        phone = normalize_phone(phone)
    except ValidationError as error:
        errors["phone"] = list(error.messages)
    if channel.kind != ContactChannel.Kind.PHONE or not channel.is_active:
        errors["channel"] = [_("This channel does not call back.")]
    elif not channel.categories.filter(pk=category.pk).exists():
        errors["category"] = [_("This phone line does not handle this situation.")]
    if preferred_at is not None and preferred_time_problem(channel.calendar, preferred_at, now=now):
        errors["preferred_at"] = [
            _("Choose a time when the phone line is open, within the next two weeks.")
        ]
    if errors:
        raise InvalidCallback(errors)
    with transaction.atomic():
        intake = ticket_services.open_ticket(
            requester=requester,
            category=category,
            subject=_subject(situation),
            body=situation,
            details=details,
            requester_name=requester_name,
            requester_email=requester_email,
            channel=Ticket.Channel.PHONE,
            submission_key=submission_key,
        )
        if not intake.created:
            existing = Callback.objects.filter(ticket=intake.ticket).first()
            if existing is not None:
                return existing
            raise CallbackError(_("This inquiry was already filed without a callback."))
        try:
            due_at = due_at_for(channel.calendar, preferred_at=preferred_at, now=now)
        except business.NeverOpen as error:
            raise InvalidCallback(
                {"channel": [_("This phone line has no opening hours.")]}
            ) from error
        return Callback.objects.create(
            ticket=intake.ticket,
            channel=channel,
            source=Callback.Source.REQUESTED,
            phone=phone,
            preferred_at=preferred_at,
            due_at=due_at,
        )


@transaction.atomic
def log_attempt(
    callback: Callback, *, by: User, outcome: str, note: str = "", resolve: bool = False
) -> CallbackAttempt:
    """One call to the requester and how it went. Reached: the callback is done and the note
    joins the ticket as an internal note (``resolve`` also resolves it). No answer: tried
    again later, given up after MAX_ATTEMPTS; wrong number: given up. Either way the
    requester is told by e-mail that no one reached them."""
    callback = (
        Callback.objects.select_for_update().select_related("ticket", "channel").get(pk=callback.pk)
    )
    if not by.is_agent:
        raise CallbackError(_("Only agents log calls."))
    if outcome not in CallbackAttempt.Outcome.values:
        raise InvalidCallback({"outcome": [_("Choose how the call went.")]})
    if not callback.is_waiting:
        raise CallbackError(_("This callback is already done."))
    note = one_line(note)[:1000]
    now = timezone.now()
    attempt = CallbackAttempt.objects.create(
        callback=callback, outcome=outcome, note=note, agent=by
    )
    fields = ["attempt_count"]
    callback.attempt_count += 1
    if callback.first_attempt_at is None:
        callback.first_attempt_at = now
        wanted = max(callback.created_at, callback.preferred_at or callback.created_at)
        callback.wait_minutes = business.business_minutes_between(
            callback.channel.calendar, wanted, now
        )
        fields += ["first_attempt_at", "wait_minutes"]
    ticket = callback.ticket
    if outcome == CallbackAttempt.Outcome.REACHED:
        callback.state, callback.reached_at = Callback.State.REACHED, now
        fields += ["state", "reached_at"]
        callback.save(update_fields=fields)
        body = note or _("Called the requester back and spoke with them.")
        new_status = (
            Ticket.Status.RESOLVED if resolve and ticket.status != Ticket.Status.RESOLVED else None
        )
        ticket_services.add_message(
            ticket, by=by, body=body, kind=Message.Kind.NOTE, new_status=new_status
        )
        return attempt
    gives_up = (
        outcome == CallbackAttempt.Outcome.WRONG_NUMBER or callback.attempt_count >= MAX_ATTEMPTS
    )
    next_at = None
    if gives_up:
        callback.state = Callback.State.NOT_REACHED
        fields.append("state")
    else:
        calendar = callback.channel.calendar
        next_at = inside_hours(
            calendar, business.add_business_minutes(calendar, now, RETRY_MINUTES)
        )
        callback.due_at = next_at
        fields.append("due_at")
    callback.save(update_fields=fields)
    notifications.send_to_requester(
        ticket,
        "callback_missed",
        dedupe_key=f"callback-missed:{attempt.pk}",
        attempt=attempt,
        phone=masked_phone(callback.phone),
        wrong_number=outcome == CallbackAttempt.Outcome.WRONG_NUMBER,
        next_at=next_at,
    )
    return attempt


def log_incoming_call(
    *,
    by: User,
    category: Category,
    channel: ContactChannel,
    caller_name: str,
    caller_email: str,
    phone: str = "",
    summary: str,
    details: Mapping[str, Any] | None = None,
    submission_key: str | None = None,
) -> Callback:
    """An agent logs a call they answered as a ticket with channel ``phone``: filed for the
    caller (their account when the e-mail is one, else as a guest), the call recorded as
    reached, and the ticket given to the agent when it lands in one of their queues."""
    if not by.is_agent:
        raise CallbackError(_("Only agents log calls."))
    errors: dict[str, list[str]] = {}
    if phone.strip():
        try:
            phone = normalize_phone(phone)
        except ValidationError as error:
            errors["phone"] = list(error.messages)
    if channel.kind != ContactChannel.Kind.PHONE:
        errors["channel"] = [_("This channel does not call back.")]
    if errors:
        raise InvalidCallback(errors)
    email = caller_email.strip()
    account = (
        User.objects.filter(
            email__iexact=email, is_active=True, role__in=[User.Role.BUYER, User.Role.SELLER]
        )
        .order_by("pk")
        .first()
        if email
        else None
    )
    now = timezone.now()
    with transaction.atomic():
        intake = ticket_services.open_ticket(
            requester=account,
            category=category,
            subject=_("Phone call: %(summary)s")
            % {
                "summary": one_line(summary.strip().splitlines()[0] if summary.strip() else "")[:80]
            },
            body=summary,
            details=details,
            requester_name=caller_name,
            requester_email=email,
            channel=Ticket.Channel.PHONE,
            submission_key=submission_key,
        )
        existing = Callback.objects.filter(ticket=intake.ticket).first()
        if existing is not None:
            return existing
        callback = Callback.objects.create(
            ticket=intake.ticket,
            channel=channel,
            source=Callback.Source.INCOMING,
            phone=phone,
            due_at=now,
            state=Callback.State.REACHED,
            attempt_count=1,
            first_attempt_at=now,
            reached_at=now,
        )
        CallbackAttempt.objects.create(
            callback=callback, outcome=CallbackAttempt.Outcome.REACHED, agent=by, note=""
        )
        ticket = intake.ticket
        if ticket.assignee_id is None and (
            by.is_supervisor or ticket.queue.memberships.filter(user=by).exists()
        ):
            ticket_services.assign_ticket(
                ticket,
                by=by,
                assignee=by,
                reason=history.text(gettext_noop("Logged the incoming call")),
            )
        return callback
