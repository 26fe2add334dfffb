"""Every change to a ticket, in one place: web, API, admin and tasks all call these."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Store, User
from audit.models import AuditEntry
from audit.services import log as audit_log
from catalog.models import Category, Queue
from helpdesk.errors import DomainError
from helpdesk.text import as_written, one_line

from .. import history, notifications, routing, signals, sla, store_clock, transitions
from ..attachments import AttachmentRejected, check_upload, clean_filename
from ..details import find_store, normalise_order_number, validate_details
from ..models import Attachment, Message, Reminder, SatisfactionRating, Ticket, TicketEvent
from ..transitions import REOPEN_DAYS, Party, same_requester

logger = logging.getLogger(__name__)


class InvalidTicket(DomainError):
    """Input that a ticket cannot be made of; ``errors`` maps field names to messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = dict(errors)
        first = next(iter(self.errors.values()), [""])
        super().__init__(first[0] if first else _("Check the form."))


class NotAllowed(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


@dataclass(frozen=True)
class Intake:
    """What filing returns: the ticket, the guest's secret (once), and whether it is new."""

    ticket: Ticket
    guest_token: str | None
    created: bool


def _requester_kind(requester: User | None) -> str:
    if requester is None:
        return Ticket.RequesterKind.GUEST
    if requester.role == User.Role.SELLER:
        return Ticket.RequesterKind.SELLER
    return Ticket.RequesterKind.BUYER


def _validate_text(subject: str, body: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not subject.strip():
        errors["subject"] = [_("Write a short subject.")]
    elif len(subject) > 200:
        errors["subject"] = [_("Keep the subject under 200 characters.")]
    if not body.strip():
        errors["body"] = [_("Describe what happened.")]
    elif len(body) > 20_000:
        errors["body"] = [_("Keep the message under 20,000 characters.")]
    for name, value in (("subject", subject), ("body", body)):
        if "\x00" in value:
            errors[name] = [_("The text contains a character that cannot be saved.")]
    return errors


def _save_attachments(
    ticket: Ticket, message: Message, uploads: Sequence[UploadedFile[bytes]], saved: list[str]
) -> None:
    for upload in uploads:
        content_type = check_upload(upload)
        attachment = Attachment(
            ticket=ticket,
            message=message,
            original_name=clean_filename(upload.name or ""),
            content_type=content_type,
            size_bytes=upload.size or 0,
        )
        try:
            attachment.file.save(upload.name or "file", upload, save=False)
        except OSError as error:  # a full disk, a quota: the storage kept nothing of it
            logger.error("Could not store an attachment of ticket %s: %r", ticket.pk, error)
            raise AttachmentRejected(
                _("We could not store %(name)s just now. Try again later, or send without it.")
                % {"name": attachment.original_name},
                field="attachments",
            ) from error
        saved.append(str(attachment.file.name))
        attachment.save()


def _check_attachment_count(uploads: Sequence[UploadedFile[bytes]]) -> None:
    from django.conf import settings

    if len(uploads) > settings.ATTACHMENT_MAX_COUNT:
        raise InvalidTicket(
            {
                "attachments": [
                    _("Attach at most %(count)d files.") % {"count": settings.ATTACHMENT_MAX_COUNT}
                ]
            }
        )
    for upload in uploads:
        check_upload(upload)


def _remove_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# Ticket history kinds that also go to the audit trail (the same transaction, the same actor).
AUDITED_KINDS = {
    TicketEvent.Kind.ASSIGNEE: AuditEntry.Action.ASSIGNMENT,
    TicketEvent.Kind.STATUS: AuditEntry.Action.STATUS,
}


def _event(
    ticket: Ticket, kind: str, *, by: User | None, old: Any = "", new: Any = "", reason: Any = ""
) -> TicketEvent:
    """An unsaved history row. ``old``, ``new`` and ``reason`` are terms (tickets/history.py),
    kept as such for each reader's language, or plain values (a name, a reference)."""
    return TicketEvent(
        ticket=ticket,
        actor=by,
        kind=kind,
        old=history.plain(old)[:200],
        new=history.plain(new)[:200],
        reason=history.plain(reason)[:300],
        params=history.terms_of(old=old, new=new, reason=reason),
    )


def _audit(event: TicketEvent) -> None:
    """Assignments and status changes are copied to the audit trail."""
    if event.kind in AUDITED_KINDS:
        said = {
            name: event.params.get(name) or getattr(event, name) or "-" for name in ("old", "new")
        }
        reason = event.params.get("reason") or event.reason
        audit_log(
            AUDITED_KINDS[TicketEvent.Kind(event.kind)],
            actor=event.actor,
            obj=event.ticket,
            object_id=event.ticket.reference or event.ticket.pk,
            summary=f"{event.old or '-'} → {event.new or '-'}"
            + (f" ({event.reason})" if event.reason else ""),
            params=history.text(
                gettext_noop("%(old)s → %(new)s (%(reason)s)"), **said, reason=reason
            )
            if reason
            else history.text(gettext_noop("%(old)s → %(new)s"), **said),
        )


def record(
    ticket: Ticket, kind: str, *, by: User | None, old: Any = "", new: Any = "", reason: Any = ""
) -> None:
    """One history row; assignments and status changes are copied to the audit trail."""
    event = _event(ticket, kind, by=by, old=old, new=new, reason=reason)
    event.save()
    _audit(event)


def _next_ticket_id() -> int | None:
    """PostgreSQL hands out the new ticket's id first, so its reference goes in with the row:
    writing the row a second time would update each of the table's indexes again. (SQLite
    has no sequence to ask: there the reference follows in an update.)"""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Ticket._meta.db_table])
        row = cursor.fetchone()
    return int(row[0])


def open_ticket(
    *,
    requester: User | None,
    category: Category,
    subject: str,
    body: str,
    details: Mapping[str, Any] | None = None,
    requester_name: str = "",
    requester_email: str = "",
    channel: str = Ticket.Channel.WEB,
    attachments: Sequence[UploadedFile[bytes]] = (),
    submission_key: str | None = None,
    follows: Ticket | None = None,
    auto_assign: bool = True,
) -> Intake:
    """File an inquiry: validate, route, record, acknowledge; a repeated submission key
    returns the first ticket instead of a second one. ``follows``: the closed inquiry the
    requester wrote again on, linked both ways."""
    # A repeated submission key is told by the ticket's unique constraint, at the insert
    # (IntegrityError below): a first submission, nearly all of them, reads nothing before.
    # One line for the subject (it becomes an e-mail header), NFC for all, from any interface.
    subject, body = one_line(subject), as_written(body)
    requester_name, requester_email = one_line(requester_name), one_line(requester_email)
    errors = _validate_text(subject, body)
    if requester is None:
        if not requester_name.strip():
            errors["requester_name"] = [_("Tell us your name.")]
        if not requester_email.strip() or "@" not in requester_email:
            errors["requester_email"] = [_("Enter the e-mail address where we can reach you.")]
    elif requester.is_agent:
        errors["category"] = [_("Agents file inquiries on behalf of customers from the workspace.")]
    if not category.is_active:
        errors["category"] = [_("This category no longer takes inquiries.")]
    elif category.audience == "seller" and requester is not None and not requester.is_seller:
        errors["category"] = [_("This category is for sellers. Sign in with a seller account.")]
    clean_details, detail_errors = validate_details(category, details or {})
    errors.update({f"details.{name}": messages for name, messages in detail_errors.items()})
    try:
        _check_attachment_count(attachments)
    except DomainError as error:
        errors["attachments"] = [str(error)]
    if errors:
        raise InvalidTicket(errors)

    store: Store | None = find_store(str(clean_details.get("store_id", "")))
    if store is None and requester is not None and requester.is_seller:
        store = requester.stores.first()
    requester_kind = _requester_kind(requester)
    decision = routing.route(
        category=category,
        requester_kind=requester_kind,
        store=store,
        subject=subject,
        body=body,
        details=clean_details,
    )
    saved_files: list[str] = []
    guest_token = secrets.token_urlsafe(32) if requester is None else None
    # Who answers and by when are decided before the row is written, so the ticket is inserted
    # once, whole, and its history in one more insert. A live chat is taken by an agent who is
    # online (chat/), not handed out here.
    assignee = decision.assignee if auto_assign else None
    assign_reason: history.Term = ""
    # Round-robin hands the queue's turn on in one statement of its own, ahead of the filing's
    # transaction (when no caller's surrounds it): filings into one queue then wait for each
    # other during that statement only, not through all their inserts and the commit. (A
    # filing that fails later has still used its turn.)
    in_turn = (
        auto_assign
        and assignee is None
        and decision.queue.auto_assign == Queue.AutoAssign.ROUND_ROBIN
    )
    if in_turn and (picked := routing.pick_assignee(decision.queue)) is not None:
        assignee, assign_reason = picked
    try:
        with transaction.atomic():
            # The fewest open tickets: counted under the queue's lock, held until commit.
            if auto_assign and assignee is None and not in_turn:
                picked = routing.pick_assignee(decision.queue)
                if picked is not None:
                    assignee, assign_reason = picked
            ticket = Ticket(
                requester=requester,
                requester_kind=requester_kind,
                requester_name=(requester_name.strip() if requester is None else str(requester))[
                    :80
                ],
                requester_email=(requester_email.strip() if requester is None else requester.email),
                guest_token=guest_token,
                store=store,
                category=decision.category,
                queue=decision.queue,
                subject=subject.strip(),
                priority=decision.priority,
                assignee=assignee,
                channel=channel,
                language=(
                    requester.preferred_language
                    if requester is not None
                    else (translation.get_language() or "ko")[:2]
                ),
                details=clean_details,
                order_number=normalise_order_number(clean_details.get("order_number", "")),
                submission_key=submission_key or None,
                follows=follows,
            )
            due_events = sla.plan_clocks(ticket)
            if store is not None and store_clock.concerns_store(ticket):
                # An inquiry about the store's order: the store answers first, by its deadline.
                store_clock.plan(ticket, store, at=ticket.created_at)
            ticket.pk = _next_ticket_id()
            if ticket.pk is not None:
                ticket.reference = f"HD-{ticket.pk:06d}"
                ticket.save(force_insert=True)
            else:
                ticket.save(force_insert=True)
                ticket.reference = f"HD-{ticket.pk:06d}"
                ticket.save(update_fields=["reference"])
            message = Message.objects.create(
                ticket=ticket,
                author=requester,
                author_name=ticket.requester_name,
                kind=Message.Kind.REPLY,
                body=body.strip(),
                created_at=ticket.created_at,
            )
            _save_attachments(ticket, message, attachments, saved_files)
            events = [
                _event(
                    ticket, TicketEvent.Kind.CREATED, by=requester, new=history.channel(channel)
                ),
                *(
                    _event(
                        ticket,
                        TicketEvent.Kind.ROUTED,
                        by=None,
                        new=decision.queue.slug,
                        reason=reason,
                    )
                    for reason in decision.reasons
                ),
            ]
            if follows is not None:
                events.append(
                    _event(ticket, TicketEvent.Kind.FOLLOW_UP, by=requester, old=follows.reference)
                )
            if assignee is not None:
                events.append(
                    _event(
                        ticket,
                        TicketEvent.Kind.ASSIGNEE,
                        by=None,
                        new=assignee,
                        reason=assign_reason,
                    )
                )
            events.extend(due_events)
            if ticket.store_answer_due_at is not None and store is not None:
                events.append(
                    _event(
                        ticket,
                        TicketEvent.Kind.STORE_ASKED,
                        by=None,
                        new=history.when(
                            store_clock.store_calendar(store), ticket.store_answer_due_at
                        ),
                        reason=history.text(gettext_noop("An inquiry about the store's order")),
                    )
                )
            for event in events:  # one moment, in this order (history sorts by time, then id)
                event.created_at = ticket.created_at
            TicketEvent.objects.bulk_create(events)
            for event in events:
                _audit(event)
            if decision.tags:
                ticket.tags.add(*decision.tags)
            store_rows = store_clock.new_rows(ticket, store)
            if due_events:
                sla.sync_target_reminders(
                    ticket, calendar=sla.calendar_for(ticket), is_new=True, also=store_rows
                )
            elif store_rows:
                Reminder.objects.bulk_create(store_rows)
            if follows is not None:
                record(follows, TicketEvent.Kind.FOLLOW_UP, by=requester, new=ticket.reference)
            notifications.ticket_received(ticket)
            signals.ticket_filed.send(sender=Ticket, ticket=ticket)
    except IntegrityError:
        _remove_files(saved_files)
        if submission_key:
            existing = Ticket.objects.filter(submission_key=submission_key).first()
            if existing is not None:  # the same form or request again, or twice at once
                return Intake(existing, None, created=False)
        raise
    except BaseException:
        _remove_files(saved_files)
        raise
    return Intake(ticket, guest_token, created=True)


def _visibility(kind: str, visibility: str | None) -> tuple[str, str]:
    """The message's kind and visibility from either: ``visibility`` decides when given
    (public is a reply, store and internal are notes), else the kind does (a note is internal)."""
    if visibility is None:
        if kind not in (Message.Kind.REPLY, Message.Kind.NOTE):
            raise InvalidTicket({"kind": [_("Choose a public reply or an internal note.")]})
        internal = kind == Message.Kind.NOTE
        return kind, Message.Visibility.INTERNAL if internal else Message.Visibility.PUBLIC
    if visibility not in Message.Visibility.values:
        raise InvalidTicket(
            {"visibility": [_("Choose who reads the message: everyone, the store, or staff.")]}
        )
    public = visibility == Message.Visibility.PUBLIC
    return (Message.Kind.REPLY if public else Message.Kind.NOTE), visibility


def _may_write(ticket: Ticket, party: Party, visibility: str) -> None:
    """Who may write for whom: notes are the platform's, the side conversation the platform's
    and the store's, the public thread everyone's on the inquiry."""
    if party not in (Party.AGENT, Party.STORE, Party.REQUESTER):
        raise NotAllowed(_("You cannot write on this ticket."))
    if visibility == Message.Visibility.INTERNAL and party is not Party.AGENT:
        raise NotAllowed(_("Only agents can write internal notes."))
    if visibility == Message.Visibility.STORE:
        if party is Party.REQUESTER:
            raise NotAllowed(_("Only the help center and the store write in this conversation."))
        if not store_clock.concerns_store(ticket):
            raise InvalidTransition(_("This inquiry is not about a store's order."))


@transaction.atomic
def add_message(
    ticket: Ticket,
    *,
    by: User | None,
    body: str,
    kind: str = Message.Kind.REPLY,
    visibility: str | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
    new_status: str | None = None,
    notify: bool = True,
) -> Message:
    """Add a message for everyone (a reply), for the platform and the store (the side
    conversation; an agent writing there asks the store, with a deadline) or for the platform
    only (a note). Who may write what is decided here, and the ticket's clocks and status move
    on. ``notify`` off: the line of a live chat, read as it is written (chat/ e-mails what
    the requester missed, in one batch)."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("category", "store")
        .get(pk=ticket.pk)
    )
    kind, visibility = _visibility(kind, visibility)
    body = as_written(body)
    errors = _validate_text("-", body)
    if errors:
        raise InvalidTicket({"body": errors.get("body", [])})
    _check_attachment_count(attachments)
    party = transitions.party_of(ticket, by)
    is_agent, as_store = party is Party.AGENT, party is Party.STORE
    is_requester = party is Party.REQUESTER
    _may_write(ticket, party, visibility)
    if ticket.status == Ticket.Status.CLOSED and not is_agent:
        raise InvalidTransition(_("This inquiry is closed. File a new inquiry to write again."))
    if ticket.merged_into_id:
        raise InvalidTransition(_("This inquiry was merged into another one."))

    now = timezone.now()
    message = Message.objects.create(
        ticket=ticket,
        author=by,
        author_name=(ticket.store.name if as_store and ticket.store else str(by))
        if by
        else ticket.requester_name,
        kind=kind,
        visibility=visibility,
        as_store=as_store,
        body=body.strip(),
        created_at=now,
    )
    saved: list[str] = []
    try:
        _save_attachments(ticket, message, attachments, saved)
    except BaseException:
        _remove_files(saved)
        raise
    record(
        ticket,
        TicketEvent.Kind.NOTED if kind == Message.Kind.NOTE else TicketEvent.Kind.REPLIED,
        by=by,
        new=history.visibility(visibility)
        if visibility == Message.Visibility.STORE
        else history.message_kind(kind),
    )
    fields = ["updated_at"]
    public = visibility == Message.Visibility.PUBLIC
    if as_store:
        # Any answer of the store, to the buyer or to the platform, is the answer it owed.
        sla.store_answered(ticket, at=now, fields=fields)
        if store_clock.stop(ticket, fields=fields):
            record(ticket, TicketEvent.Kind.STORE_ANSWERED, by=by)
        if not public:
            notifications.store_answered_platform(ticket, message)
    if visibility == Message.Visibility.STORE and is_agent and ticket.store is not None:
        due = store_clock.start(ticket, ticket.store, at=now, fields=fields)
        calendar = store_clock.store_calendar(ticket.store)
        record(ticket, TicketEvent.Kind.STORE_ASKED, by=by, new=history.when(calendar, due))
        notifications.store_asked(
            ticket, message, due=sla.local_text(calendar, due), due_term=history.when(calendar, due)
        )
    if public and (is_agent or as_store):
        is_first = ticket.first_response_at is None
        if is_first:
            ticket.first_response_at = now
            fields.append("first_response_at")
        sla.agent_replied(ticket, first=is_first, by=by, fields=fields)
        target = new_status or (Ticket.Status.OPEN if ticket.status == Ticket.Status.NEW else None)
        if target and target != ticket.status:
            _move_status(ticket, target, by=by, party=party, fields=fields)
        if notify:
            notifications.answer_posted(ticket, message)
    elif public and is_requester:
        # Writing back after the answer reopens the inquiry, as Reopen would; answering what
        # was asked of them gives it back to the agents.
        if ticket.status in (Ticket.Status.PENDING, Ticket.Status.RESOLVED):
            _move_status(ticket, Ticket.Status.OPEN, by=by, party=party, fields=fields)
        sla.requester_replied(ticket, by=by, fields=fields)
        _buyer_wrote_to_store(ticket, by=by, at=now, fields=fields)
        if notify:
            notifications.requester_replied(ticket, message)
    elif not public and is_agent and new_status and new_status != ticket.status:
        _move_status(ticket, new_status, by=by, party=party, fields=fields)
    ticket.save(update_fields=sorted(set(fields)))
    return message


@dataclass(frozen=True)
class Written:
    """Where the requester's message went: the ticket (a new follow-up when ``follow_up``),
    and a guest's private token for it when it is new."""

    ticket: Ticket
    message: Message
    follow_up: bool
    guest_token: str | None = None


def live_ticket(ticket: Ticket) -> Ticket:
    """The ticket a merged one continues in (merges can chain), else the ticket itself."""
    seen: set[int] = set()
    while ticket.merged_into_id is not None and ticket.pk not in seen:
        seen.add(ticket.pk)
        ticket = (
            Ticket.objects.select_related("store").with_reference().get(pk=ticket.merged_into_id)
        )
    return ticket


def opens_follow_up(ticket: Ticket, by: User | None) -> bool:
    """The requester writing now would open a new inquiry that follows this one: it is
    resolved or closed and its reopen window has passed."""
    party = transitions.party_of(ticket, by)
    return party is Party.REQUESTER and transitions.reopen_window_passed(ticket, party)


def send_earlier_inquiry_link(ticket: Ticket, *, form_key: str) -> None:
    """A guest told on the form of their earlier inquiry about the order gets its private link
    by e-mail, once per form; only the address's owner can open it."""
    notifications.earlier_inquiry_link(ticket, dedupe_key=f"earlier:{ticket.pk}:{form_key}"[:120])


def write_again(
    ticket: Ticket,
    *,
    by: User | None,
    body: str,
    attachments: Sequence[UploadedFile[bytes]] = (),
    channel: str = Ticket.Channel.WEB,
) -> Written:
    """The requester writes on their inquiry, wherever it stands: on a merged one it goes to
    the inquiry it continues in (theirs too); within the reopen window a resolved or closed
    one opens again; past it, a new inquiry follows the old one, linked both ways. Anyone
    else's message goes through add_message as it is."""
    if ticket.merged_into_id is not None and transitions.party_of(ticket, by) is Party.REQUESTER:
        live = live_ticket(ticket)
        if same_requester(ticket, live):
            ticket = live
    if opens_follow_up(ticket, by):
        intake = open_ticket(
            requester=ticket.requester,
            category=ticket.category,
            subject=ticket.subject,
            body=body,
            details=ticket.details,
            requester_name=ticket.requester_name if ticket.is_guest else "",
            requester_email=ticket.requester_email if ticket.is_guest else "",
            channel=channel,
            attachments=attachments,
            follows=ticket,
        )
        first = intake.ticket.messages.order_by("pk").first()
        assert first is not None  # noqa: S101  (open_ticket writes the first message)
        return Written(intake.ticket, first, follow_up=True, guest_token=intake.guest_token)
    if (
        ticket.status == Ticket.Status.CLOSED
        and transitions.party_of(ticket, by) is Party.REQUESTER
        and not ticket.merged_into_id
    ):
        # Within the window a closed inquiry opens again, as a reply by e-mail does.
        reopen_ticket(ticket, by=by)
    message = add_message(ticket, by=by, body=body, attachments=attachments)
    return Written(ticket, message, follow_up=False)


def _buyer_wrote_to_store(
    ticket: Ticket, *, by: User | None, at: datetime, fields: list[str]
) -> None:
    """A buyer writing again on an inquiry the store answers for is owed an answer too,
    unless the help center has taken the inquiry over."""
    if (
        ticket.store is None
        or not store_clock.concerns_store(ticket)
        or ticket.status not in Ticket.OPEN_STATUSES
        or ticket.escalated_at is not None
        or ticket.store_missed_at is not None
        or ticket.store_answer_due_at is not None
    ):
        return
    due = store_clock.start(ticket, ticket.store, at=at, fields=fields)
    record(
        ticket,
        TicketEvent.Kind.STORE_ASKED,
        by=by,
        new=history.when(store_clock.store_calendar(ticket.store), due),
        reason=history.text(gettext_noop("The buyer wrote again")),
    )


def _refusal(ticket: Ticket, status: str, party: Party) -> DomainError:
    """Why the policy refuses this move, in the person's words."""
    if party is Party.REQUESTER and status == Ticket.Status.OPEN:
        if ticket.status not in transitions.DONE:
            return InvalidTransition(_("Only a resolved inquiry can be reopened."))
        if transitions.reopen_window_passed(ticket, party):
            return InvalidTransition(
                _(
                    "This inquiry was resolved more than %(days)d days ago. "
                    "Please file a new inquiry."
                )
                % {"days": REOPEN_DAYS}
            )
    if any(
        party in rule.parties and status in rule.targets for rule in transitions.RULES
    ):  # the person may make such a move, just not from this status
        return InvalidTransition(
            _("An inquiry that is “%(old)s” cannot become “%(new)s”.")
            % {"old": Ticket.Status(ticket.status).label, "new": Ticket.Status(status).label}
        )
    if party is Party.REQUESTER:
        return NotAllowed(_("You cannot change the status of this inquiry."))
    return NotAllowed(_("You cannot change the status of this ticket."))


def _move_status(
    ticket: Ticket,
    status: str,
    *,
    by: User | None,
    party: Party,
    fields: list[str],
    reason: history.Term = "",
) -> None:
    """The one place a ticket's status moves (no save): the policy decides whether it may,
    the timestamps follow, the move and any reopen are recorded, the clocks are replanned."""
    old = ticket.status
    if old == status:
        return
    if status not in Ticket.Status.values:
        raise InvalidTransition(_("Unknown status."))
    if transitions.rule_for(ticket, status, party) is None:
        raise _refusal(ticket, status, party)
    now = timezone.now()
    ticket.status = status
    fields.append("status")
    if status in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED) and ticket.resolved_at is None:
        ticket.resolved_at = now
        fields.append("resolved_at")
    if status == Ticket.Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    elif ticket.closed_at is not None:
        ticket.closed_at = None
        fields.append("closed_at")
    if status in Ticket.OPEN_STATUSES and ticket.resolved_at is not None:
        ticket.resolved_at = None
        fields.append("resolved_at")
    if status in transitions.DONE:
        store_clock.stop(ticket, fields=fields)
    record(
        ticket,
        TicketEvent.Kind.STATUS,
        by=by,
        old=history.status(old),
        new=history.status(status),
        reason=reason,
    )
    if transitions.is_reopen(old, status):
        ticket.reopened_count += 1
        fields.append("reopened_count")
        record(ticket, TicketEvent.Kind.REOPENED, by=by)
    sla.status_changed(ticket, old=old, new=status, by=by, fields=fields)


@transaction.atomic
def change_status(
    ticket: Ticket,
    *,
    by: User | None,
    status: str,
    reason: history.Term = "",
    system: bool = False,
) -> Ticket:
    """Move a ticket to ``status`` as the transition policy allows ``by`` (``None`` is the
    guest who asked, or the system's tasks with ``system``)."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("category", "store")
        .get(pk=ticket.pk)
    )
    if status not in Ticket.Status.values:
        raise InvalidTransition(_("Unknown status."))
    if ticket.status == status:
        raise InvalidTransition(_("The inquiry already has this status."))
    fields = ["updated_at"]
    party = transitions.party_of(ticket, by, system=system)
    _move_status(ticket, status, by=by, party=party, fields=fields, reason=reason)
    ticket.save(update_fields=sorted(set(fields)))
    return ticket


def close_ticket(ticket: Ticket, *, by: User | None, reason: history.Term = "") -> Ticket:
    """Close a ticket; the requester may close their own, agents any."""
    if ticket.status == Ticket.Status.CLOSED:
        raise InvalidTransition(_("This inquiry is already closed."))
    return change_status(ticket, by=by, status=Ticket.Status.CLOSED, reason=reason)


def reopen_ticket(ticket: Ticket, *, by: User | None) -> Ticket:
    """Open a resolved or closed inquiry again (the requester within seven days of its
    resolution); counted and recorded as every reopen is."""
    ticket.refresh_from_db(fields=["status"])
    if ticket.status not in transitions.DONE:
        raise InvalidTransition(_("Only a resolved inquiry can be reopened."))
    return change_status(ticket, by=by, status=Ticket.Status.OPEN)


@transaction.atomic
def rate_ticket(
    ticket: Ticket, *, by: User | None, score: int, comment: str = ""
) -> SatisfactionRating:
    """The requester rates a resolved inquiry once, 1 to 5."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if transitions.party_of(ticket, by) is not Party.REQUESTER:
        raise NotAllowed(_("Only the person who asked can rate the answer."))
    if ticket.status not in transitions.DONE:
        raise InvalidTransition(_("You can rate the answer once the inquiry is resolved."))
    if not 1 <= int(score) <= 5:
        raise InvalidTicket({"score": [_("Choose a score from 1 to 5.")]})
    if len(comment) > 2000 or "\x00" in comment:
        raise InvalidTicket({"comment": [_("Keep the comment under 2,000 characters.")]})
    if SatisfactionRating.objects.filter(ticket=ticket).exists():
        raise InvalidTransition(_("You have already rated this answer. Thank you!"))
    rating = SatisfactionRating.objects.create(
        ticket=ticket, score=int(score), comment=as_written(comment).strip()
    )
    record(ticket, TicketEvent.Kind.RATED, by=by, new=str(score))
    return rating


@transaction.atomic
def assign_ticket(
    ticket: Ticket, *, by: User, assignee: User | None, reason: history.Term = ""
) -> Ticket:
    """Give a ticket to an agent of its queue (or nobody); only agents assign."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not by.is_agent:
        raise NotAllowed(_("Only agents can assign tickets."))
    if assignee is not None and not assignee.is_agent:
        raise InvalidTicket({"assignee": [_("Tickets can only be assigned to agents.")]})
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return ticket
    old = ticket.assignee
    ticket.assignee = assignee
    ticket.save(update_fields=["assignee", "updated_at"])
    record(
        ticket, TicketEvent.Kind.ASSIGNEE, by=by, old=old or "", new=assignee or "", reason=reason
    )
    notifications.ticket_assigned(ticket, by=by)
    return ticket


@transaction.atomic
def change_priority(
    ticket: Ticket, *, by: User | None, priority: str, reason: history.Term = ""
) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if by is not None and not by.is_agent:
        raise NotAllowed(_("Only agents can change the priority."))
    if priority not in Ticket.Priority.values:
        raise InvalidTicket({"priority": [_("Unknown priority.")]})
    if ticket.priority == priority:
        return ticket
    old = ticket.priority
    ticket.priority = priority
    record(
        ticket,
        TicketEvent.Kind.PRIORITY,
        by=by,
        old=history.priority(old),
        new=history.priority(priority),
        reason=reason,
    )
    fields = ["priority", "updated_at"]
    sla.targets_changed(
        ticket,
        old_category_id=ticket.category_id,
        old_priority=old,
        by=by,
        reason=history.text(
            gettext_noop("Priority changed from %(old)s to %(new)s"),
            old=history.priority(old),
            new=history.priority(priority),
        ),
        fields=fields,
    )
    ticket.save(update_fields=sorted(set(fields)))
    return ticket


@transaction.atomic
def change_category(
    ticket: Ticket, *, by: User, category: Category, move_queue: bool = True
) -> Ticket:
    """Re-categorise a ticket; by default it follows the category to its queue."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("category", "queue")
        .get(pk=ticket.pk)
    )
    if not by.is_agent:
        raise NotAllowed(_("Only agents can change the category."))
    if ticket.category_id == category.pk:
        return ticket
    old = ticket.category
    ticket.category = category
    fields = ["category", "updated_at"]
    record(
        ticket,
        TicketEvent.Kind.CATEGORY,
        by=by,
        old=history.named(old),
        new=history.named(category),
    )
    if move_queue and ticket.queue_id != category.queue_id:
        record(
            ticket,
            TicketEvent.Kind.QUEUE,
            by=by,
            old=history.named(ticket.queue),
            new=history.named(category.queue),
        )
        ticket.queue = category.queue
        fields.append("queue")
    sla.targets_changed(
        ticket,
        old_category_id=old.pk,
        old_priority=ticket.priority,
        by=by,
        reason=history.text(
            gettext_noop("Category changed to %(category)s"), category=history.named(category)
        ),
        fields=fields,
    )
    ticket.save(update_fields=sorted(set(fields)))
    return ticket
