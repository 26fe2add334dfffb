"""The e-mail channel: store each raw message once, then turn it into a ticket or a message on
one, through tickets.services like every other channel.

Threading, in this order and never by a subject that merely looks alike: the signed token
of a reply address (help+<token>@...), then In-Reply-To and References against our own
Message-IDs (their outbox rows name the reply address), then ``[HD-000123]`` in the subject.
Automatic mail (auto-replies, lists, bounces) never opens a ticket nor gets an answer; a
reply from an address that is not the requester's is held for an agent.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Store, User
from accounts.selectors import store_people
from catalog.models import Category
from helpdesk.errors import DomainError
from helpdesk.queueing import enqueue_on_commit
from helpdesk.text import one_line
from outbox.models import OutboundEmail
from tickets import history, transitions
from tickets import services as tickets
from tickets.attachments import check_upload
from tickets.details import validate_details
from tickets.models import Message, RelayAddress, Ticket
from tickets.relay import pair_of
from tickets.reply_address import ReplyToken, read_reply_address
from tickets.selectors import visible_tickets
from tickets.transitions import Party

from . import parsing
from .models import FailingAddress, InboundMessage
from .parsing import ParsedMail

logger = logging.getLogger(__name__)

State = InboundMessage.State
REFERENCE = re.compile(r"\[(HD-\d{6,})\]")
# An order number in a mail: digits, or groups of four joined by dashes as the order page
# shows them ("2026-1114-1234-5678"); validate_details stores it as digits.
ORDER_NUMBER = re.compile(r"(?<![\d-])(\d{4}(?:-\d{4}){2,4}|\d{10,20})(?![\d-])")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
TRANSIENT_ATTEMPTS = 5


class MailRefused(DomainError):
    """The channel will not take this message (an agent's new mail, a relay with no inquiry)."""


# --- Storing ----------------------------------------------------------------------------------


def store_raw(
    raw: bytes,
    *,
    source: str,
    envelope_from: str | None = None,
    envelope_to: Iterable[str] = (),
) -> tuple[InboundMessage, bool]:
    """Store a raw message once (by Message-ID, else by hash) and queue its processing after
    commit; returns the row and whether it is new. ``envelope_from`` "" is the null sender
    (<>), None unknown."""
    key = parsing.message_key(raw)
    headers = parsing.head_of(raw)
    sender = parsing.parse_sender(headers)
    subject = one_line(parsing.header_text(headers.get("Subject")))[:250]
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = InboundMessage.objects.create(
                    message_key=key,
                    raw=raw,
                    source=source,
                    envelope_from="<>" if envelope_from == "" else (envelope_from or "")[:250],
                    envelope_to=", ".join(envelope_to),
                    sender=sender[:250],
                    subject=subject,
                )
        except IntegrityError:
            existing = InboundMessage.objects.filter(message_key=key).first()
            if existing is None:
                raise
            return existing, False
        # Robust: with the broker down the row waits for the sweep (process_pending_mail).
        enqueue_on_commit("mail.tasks.process_mail", row.pk)
    return row, True


def pending_mail_ids(limit: int = 100) -> list[int]:
    """Rows the sweep processes: received, and not held by a worker right now."""
    now = timezone.now()
    return list(
        InboundMessage.objects.filter(state=State.RECEIVED)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )


# --- Processing -------------------------------------------------------------------------------


def process_mail(inbound_id: int) -> str:
    """Process one stored message; returns its new state ("" when another worker has it or it
    was done). Any error quarantines this message with the error and nothing else."""
    now = timezone.now()
    claimed = (
        InboundMessage.objects.filter(pk=inbound_id, state=State.RECEIVED)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(
            claimed_until=now + timedelta(seconds=settings.HELPDESK_MAIL_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return ""
    row = InboundMessage.objects.get(pk=inbound_id)
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            _route(row)
            row.processed_at = timezone.now()
            row.claimed_until = None
            row.save(
                update_fields=[
                    "state",
                    "outcome",
                    "error",
                    "ticket",
                    "processed_at",
                    "claimed_until",
                ]
            )
    except OperationalError as error:
        # The database itself failed: the sweep tries again once the claim runs out.
        if row.attempts < TRANSIENT_ATTEMPTS:
            logger.warning("Inbound mail %s: database error, retried later: %r", row.pk, error)
            return State.RECEIVED
        _quarantine(row, error)
        return State.QUARANTINED
    except Exception as error:
        _quarantine(row, error)
        return State.QUARANTINED
    return row.state


def _quarantine(row: InboundMessage, error: Exception) -> None:
    logger.exception("Inbound mail %s quarantined", row.pk, exc_info=error)
    text = str(error) if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
    InboundMessage.objects.filter(pk=row.pk).update(
        state=State.QUARANTINED,
        error=text[:2000],
        claimed_until=None,
        processed_at=timezone.now(),
    )


def _finish(
    row: InboundMessage, state: str, outcome: str, *, ticket: Ticket | None = None, error: str = ""
) -> None:
    row.state, row.outcome, row.error = state, outcome, error
    if ticket is not None:
        row.ticket = ticket


@dataclass(frozen=True)
class Thread:
    ticket: Ticket
    token: ReplyToken | None
    via: str  # token, in-reply-to, references, subject


def _route(row: InboundMessage) -> None:
    raw = bytes(row.raw)
    envelope_from = "" if row.envelope_from == "<>" else None
    parsed = parsing.parse(raw, envelope_from=envelope_from, envelope_to=row.envelope_to)
    if _is_our_own(parsed):
        _finish(row, State.IGNORED, "own_mail")
        return
    if parsed.automatic:
        if parsed.automatic == "bounce":
            _bounce(row, parsed)
        else:
            thread = find_thread(parsed)
            _finish(row, State.IGNORED, parsed.automatic, ticket=thread.ticket if thread else None)
        return
    if not parsed.sender:
        _finish(row, State.IGNORED, "no_sender", error=_("The message names no sender."))
        return
    if _over_hourly_limit(row):
        _finish(
            row,
            State.HELD,
            "rate_limited",
            error=_("More than %(count)d messages in an hour from this sender: held.")
            % {"count": settings.HELPDESK_MAIL_SENDER_HOURLY_LIMIT},
        )
        return
    FailingAddress.objects.filter(email=parsed.sender).delete()  # they can receive again
    thread = find_thread(parsed)
    pair = _relay_pair(parsed)
    if pair is not None:
        _relay(row, parsed, pair, thread)
    elif thread is not None:
        _reply(row, parsed, thread)
    else:
        _open(row, parsed)


def _is_our_own(parsed: ParsedMail) -> bool:
    """Our own mail come back (a forward loop, a misconfigured alias)."""
    help_local, _, help_domain = settings.HELPDESK_HELP_ADDRESS.partition("@")
    local, _, domain = parsed.sender.partition("@")
    if domain == help_domain and local.partition("+")[0] == help_local:
        return True
    return bool(
        parsed.message_id and OutboundEmail.objects.filter(message_id=parsed.message_id).exists()
    )


def _over_hourly_limit(row: InboundMessage) -> bool:
    if row.decided_by_id is not None:  # a supervisor released it
        return False
    earlier = InboundMessage.objects.filter(
        sender=row.sender,
        received_at__gte=row.received_at - timedelta(hours=1),
        received_at__lte=row.received_at,
    ).exclude(pk=row.pk)
    limit: int = settings.HELPDESK_MAIL_SENDER_HOURLY_LIMIT
    return earlier.count() >= limit


def _live(ticket: Ticket) -> Ticket:
    """The ticket a merged one was merged into (a reply to it continues there)."""
    seen = set()
    while ticket.merged_into_id is not None and ticket.pk not in seen:
        seen.add(ticket.pk)
        ticket = Ticket.objects.get(pk=ticket.merged_into_id)
    return ticket


def find_thread(parsed: ParsedMail) -> Thread | None:
    """The ticket a message continues: by signed token, In-Reply-To, References, subject."""
    for address in parsed.recipients:
        token = read_reply_address(address)
        if token is not None:
            ticket = Ticket.objects.filter(pk=token.ticket_id).first()
            if ticket is not None:
                return Thread(_live(ticket), token, "token")
    for via, ids in (("in-reply-to", parsed.in_reply_to), ("references", parsed.references)):
        if not ids:
            continue
        for email in OutboundEmail.objects.filter(message_id__in=ids).exclude(reply_to=""):
            token = read_reply_address(email.reply_to)
            ticket = Ticket.objects.filter(pk=token.ticket_id).first() if token else None
            if ticket is not None:
                return Thread(_live(ticket), token, via)
    found = REFERENCE.search(parsed.subject)
    if found:
        ticket = Ticket.objects.filter(reference=found.group(1)).first()
        if ticket is not None:
            return Thread(_live(ticket), None, "subject")
    return None


def _relay_pair(parsed: ParsedMail) -> RelayAddress | None:
    domain = settings.HELPDESK_RELAY_DOMAIN.lower()
    for address in parsed.recipients:
        if address.endswith("@" + domain):
            pair = pair_of(address)
            if pair is not None:
                return pair
    return None


# --- Files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    accepted: list[UploadedFile[bytes]]
    refused: list[str]  # "name: why", for the system line


def _files(parsed: ParsedMail) -> Files:
    """The attachments the web form would take (the same checks), at most as many as it
    takes; the rest are named with the reason."""
    accepted: list[UploadedFile[bytes]] = []
    refused: list[str] = []
    for item in parsed.attachments:
        upload = SimpleUploadedFile(item.name, item.data, content_type=item.content_type)
        try:
            check_upload(upload)
        except DomainError as error:
            refused.append(str(error))
            continue
        if len(accepted) >= settings.ATTACHMENT_MAX_COUNT:
            refused.append(
                _("%(name)s: attach at most %(count)d files.")
                % {"name": item.name, "count": settings.ATTACHMENT_MAX_COUNT}
            )
            continue
        upload.seek(0)
        accepted.append(upload)
    return Files(accepted, refused)


def _note_refused(ticket: Ticket, files: Files) -> None:
    if files.refused:
        tickets.add_system_note(
            ticket,
            text=_("E-mail attachments not kept: %(list)s") % {"list": "; ".join(files.refused)},
        )


def _body(parsed: ParsedMail) -> str:
    return parsed.text.strip() or _("(The e-mail had no text.)")


# --- Replies ----------------------------------------------------------------------------------


def _is_requester(ticket: Ticket, address: str) -> bool:
    emails = {ticket.requester_email.lower()}
    if ticket.requester is not None:
        emails.add(ticket.requester.email.lower())
    return address in emails


def _named_person(token: ReplyToken | None, address: str) -> User | None:
    """The agent or store person the answered e-mail went to, if this mail is from them."""
    if token is None or token.user_id is None:
        return None
    user = User.objects.filter(pk=token.user_id, is_active=True).first()
    if user is None or user.email.lower() != address:
        return None
    return user


def _reply(row: InboundMessage, parsed: ParsedMail, thread: Thread) -> None:
    ticket, token = thread.ticket, thread.token
    if _is_requester(ticket, parsed.sender):
        _requester_writes(row, parsed, ticket)
        return
    person = _named_person(token, parsed.sender)
    if person is not None and token is not None:
        party = transitions.party_of(ticket, person)
        if token.recipient == "agent" and party is Party.AGENT:
            files = _files(parsed)
            tickets.add_message(ticket, by=person, body=_body(parsed), attachments=files.accepted)
            _note_refused(ticket, files)
            _finish(row, State.PROCESSED, "agent_reply", ticket=ticket)
            return
        if token.recipient == "store" and party is Party.STORE:
            _store_writes(row, parsed, ticket, person, visibility=Message.Visibility.STORE)
            return
    _hold(row, parsed, ticket)


def _requester_writes(row: InboundMessage, parsed: ParsedMail, ticket: Ticket) -> None:
    """The requester's reply: on the ticket, reopening it within the reopen window; past the
    window (or on a ticket that can take no more), a new ticket that links to the old one."""
    by = ticket.requester
    party = transitions.party_of(ticket, by)
    if (
        ticket.status in transitions.DONE and transitions.reopen_window_passed(ticket, party)
    ) or ticket.is_spam:
        _open(row, parsed, follows=ticket)
        return
    if ticket.status == Ticket.Status.CLOSED:
        tickets.reopen_ticket(ticket, by=by)
    files = _files(parsed)
    tickets.add_message(ticket, by=by, body=_body(parsed), attachments=files.accepted)
    _note_refused(ticket, files)
    _finish(row, State.PROCESSED, "replied", ticket=ticket)


def _store_writes(
    row: InboundMessage, parsed: ParsedMail, ticket: Ticket, person: User, *, visibility: str
) -> None:
    files = _files(parsed)
    tickets.add_message(
        ticket, by=person, body=_body(parsed), visibility=visibility, attachments=files.accepted
    )
    _note_refused(ticket, files)
    _finish(row, State.PROCESSED, "store_reply", ticket=ticket)


def _hold(row: InboundMessage, parsed: ParsedMail, ticket: Ticket) -> None:
    """A reply from an address that is not the requester's (nor the store's, nor the agent's
    the answered mail went to): an internal line for an agent to accept or dismiss."""
    sender = parsed.sender

    notice = history.text(
        gettext_noop("%(reference)s: an e-mail from %(sender)s is held for you to accept"),
        reference=ticket.reference,
        sender=sender,
    )

    tickets.add_system_note(
        ticket,
        text=_(
            "E-mail from %(sender)s held: it is not the requester's address. "
            "Accept it or dismiss it under Held e-mail. Subject: %(subject)s"
        )
        % {"sender": sender, "subject": parsed.subject or "-"},
        notice=notice,
        key=f"mail-held:{row.pk}",
    )
    _finish(row, State.HELD, "held_sender", ticket=ticket)


# --- New tickets ------------------------------------------------------------------------------


def _person(address: str) -> User | None:
    people = list(User.objects.filter(email__iexact=address, is_active=True)[:2])
    return people[0] if len(people) == 1 else None


def _language(parsed: ParsedMail) -> str:
    """A guest's e-mail is answered in the language they wrote in."""
    return "ko" if HANGUL.search(parsed.subject + parsed.text) else "en"


def _open(
    row: InboundMessage,
    parsed: ParsedMail,
    *,
    follows: Ticket | None = None,
    store: Store | None = None,
) -> Ticket:
    """A new ticket from the sender: their own if the address is a person's, else a guest's
    (acknowledged with the private link, as open_ticket does)."""
    requester = _person(parsed.sender)
    if requester is not None and requester.is_agent:
        raise MailRefused(_("An agent's e-mail that answers no ticket opens none."))
    category, details = _category(parsed, store)
    files = _files(parsed)
    name = parsed.sender_name or parsed.sender.partition("@")[0]
    with translation.override(_language(parsed)):
        intake = tickets.open_ticket(
            requester=requester,
            category=category,
            subject=parsed.subject or _("(no subject)"),
            body=_body(parsed),
            details=details,
            requester_name=name[:80],
            requester_email=parsed.sender,
            channel=Ticket.Channel.EMAIL,
            attachments=files.accepted,
            follows=follows,
        )
    ticket = intake.ticket
    _note_refused(ticket, files)
    if follows is not None:
        tickets.add_system_note(
            ticket,
            text=_("A reply by e-mail to %(reference)s, closed past its reopen window.")
            % {"reference": follows.reference},
        )
        tickets.add_system_note(
            follows,
            text=_("The requester wrote again by e-mail: continued in %(reference)s.")
            % {"reference": ticket.reference},
        )
    if store is not None and ticket.store_id != store.pk:
        tickets.add_system_note(
            ticket,
            text=_(
                "Written to the relay address of the store %(store)s; no order number was "
                "found, so the help center answers."
            )
            % {"store": store.name},
        )
    _finish(row, State.PROCESSED, "followed_up" if follows else "opened", ticket=ticket)
    return ticket


def _category(parsed: ParsedMail, store: Store | None) -> tuple[Category, dict[str, str]]:
    """The mail category; for mail to a store's relay address, the first category about a
    store's order whose required details the mail gives (the store, an order number)."""
    if store is not None:
        details = {"store_id": store.seller_id}
        found = ORDER_NUMBER.search(f"{parsed.subject}\n{parsed.text}")
        if found:
            details["order_number"] = found.group(1)
        candidates = Category.objects.filter(is_active=True, concerns_store=True).exclude(
            audience="seller"
        )
        for category in candidates.order_by("sort_order", "pk"):
            clean, errors = validate_details(category, details)
            if not errors:
                return category, {key: str(value) for key, value in clean.items()}
    return Category.objects.get(slug=settings.HELPDESK_MAIL_CATEGORY), {}


# --- The store's relay ------------------------------------------------------------------------


def _relay(
    row: InboundMessage, parsed: ParsedMail, pair: RelayAddress, thread: Thread | None
) -> None:
    """Mail to a buyer-store relay address: the store's people write as the store, the buyer
    on their latest open inquiry with the store (or a new one); anyone else is held."""
    store = pair.store
    ticket = thread.ticket if thread else None
    if ticket is not None and (
        ticket.store_id != store.pk or ticket.requester_email.lower() != pair.buyer_email
    ):
        ticket = None
    ticket = ticket or _latest_open(pair)
    store_person = next((p for p in store_people(store) if p.email.lower() == parsed.sender), None)
    if store_person is not None:
        if ticket is None:
            raise MailRefused(_("The buyer has no open inquiry with this store to answer."))
        _store_writes(row, parsed, ticket, store_person, visibility=Message.Visibility.PUBLIC)
    elif parsed.sender == pair.buyer_email:
        if ticket is None:
            _open(row, parsed, store=store)
        else:
            _requester_writes(row, parsed, ticket)
    elif ticket is not None:
        _hold(row, parsed, ticket)
    else:
        _finish(
            row,
            State.IGNORED,
            "relay_stranger",
            error=_("Neither the buyer nor the store wrote this."),
        )


def _latest_open(pair: RelayAddress) -> Ticket | None:
    return (
        Ticket.objects.filter(
            store=pair.store,
            requester_email__iexact=pair.buyer_email,
            status__in=Ticket.OPEN_STATUSES,
            merged_into__isnull=True,
        )
        .order_by("-updated_at", "-pk")
        .first()
    )


# --- Bounces ----------------------------------------------------------------------------------


def _bounce(row: InboundMessage, parsed: ParsedMail) -> None:
    """A delivery report: a permanent failure marks the address failing; the report goes on
    the ticket whose mail bounced, as a line only agents read. Nobody is answered."""
    bounce = parsed.bounce
    if bounce is None:
        _finish(row, State.IGNORED, "bounce")
        return
    original = None
    if bounce.original_message_id:
        original = OutboundEmail.objects.filter(message_id=bounce.original_message_id).first()
    if original is None and bounce.recipients:
        original = (
            OutboundEmail.objects.filter(to__in=bounce.recipients).order_by("-created_at").first()
        )
    recipients = bounce.recipients or ([original.to.lower()] if original else [])
    now = timezone.now()
    if bounce.is_permanent:
        for address in recipients:
            failing, created = FailingAddress.objects.get_or_create(
                email=address,
                defaults={"status": bounce.status, "reason": bounce.diagnostic, "bounces": 1},
            )
            if not created:
                FailingAddress.objects.filter(pk=failing.pk).update(
                    status=bounce.status,
                    reason=bounce.diagnostic,
                    bounces=F("bounces") + 1,
                    last_bounce_at=now,
                )
    token = read_reply_address(original.reply_to) if original and original.reply_to else None
    ticket = Ticket.objects.filter(pk=token.ticket_id).first() if token else None
    if ticket is not None:
        tickets.add_system_note(
            ticket,
            text=_("Our e-mail to %(address)s was not delivered (%(status)s): %(reason)s")
            % {
                "address": ", ".join(recipients) or "-",
                "status": bounce.status or "?",
                "reason": bounce.diagnostic or "-",
            },
        )
    _finish(row, State.PROCESSED, "bounce", ticket=ticket)


def is_failing(address: str) -> bool:
    return FailingAddress.objects.filter(email=address.strip().lower()).exists()


# --- What people do with held and quarantined mail --------------------------------------------


def held_mail_for(ticket: Ticket) -> list[InboundMessage]:
    return list(
        InboundMessage.objects.filter(
            ticket=ticket, state=State.HELD, outcome="held_sender"
        ).order_by("received_at")
    )


def held_text(row: InboundMessage) -> str:
    """The message's text as the channel reads it (or why it cannot be read)."""
    try:
        return parsing.parse(bytes(row.raw)).text
    except Exception as error:
        return f"({type(error).__name__})"


@transaction.atomic
def accept_held(row: InboundMessage, *, by: User) -> Message | None:
    """An agent accepts a held reply as the requester's message on its ticket (the agent has
    made sure it is theirs); its attachments go through the same checks."""
    row = InboundMessage.objects.select_for_update().get(pk=row.pk)
    if row.state != State.HELD or row.ticket_id is None:
        raise MailRefused(_("This e-mail is no longer held."))
    ticket = visible_tickets(by).filter(pk=row.ticket_id).first()
    if ticket is None or not by.is_agent:
        raise MailRefused(_("This e-mail is no longer held."))
    parsed = parsing.parse(bytes(row.raw))
    ticket = _live(ticket)
    files = _files(parsed)
    by_requester = ticket.requester
    if ticket.status in transitions.DONE:  # the agent reopens it: the requester wrote again
        tickets.reopen_ticket(ticket, by=by)
    message = tickets.add_message(
        ticket, by=by_requester, body=_body(parsed), attachments=files.accepted
    )
    _note_refused(ticket, files)
    tickets.add_system_note(
        ticket,
        text=_("%(agent)s accepted the e-mail from %(sender)s as the requester's message.")
        % {"agent": str(by), "sender": row.sender},
    )
    row.state, row.outcome, row.decided_by = State.PROCESSED, "accepted", by
    row.processed_at = timezone.now()
    row.save(update_fields=["state", "outcome", "decided_by", "processed_at"])
    return message


@transaction.atomic
def dismiss_held(row: InboundMessage, *, by: User) -> None:
    """An agent dismisses a held reply: it stays stored, and nothing is added to the ticket."""
    row = InboundMessage.objects.select_for_update().get(pk=row.pk)
    if row.state != State.HELD:
        raise MailRefused(_("This e-mail is no longer held."))
    if row.ticket_id is None or not visible_tickets(by).filter(pk=row.ticket_id).exists():
        raise MailRefused(_("This e-mail is no longer held."))
    row.state, row.outcome, row.decided_by = State.IGNORED, "dismissed", by
    row.save(update_fields=["state", "outcome", "decided_by"])


def process_again(rows: Sequence[InboundMessage], *, by: User) -> int:
    """A supervisor sends quarantined mail, or mail held for the hourly limit (released), through
    the channel again. Processed mail is never processed twice; held replies are the agents'."""
    count = 0
    again = Q(state=State.QUARANTINED) | Q(state=State.HELD, outcome="rate_limited")
    for row in rows:
        with transaction.atomic():
            updated = InboundMessage.objects.filter(again, pk=row.pk).update(
                state=State.RECEIVED,
                error="",
                outcome="",
                claimed_until=None,
                decided_by=by,
            )
            if updated:
                enqueue_on_commit("mail.tasks.process_mail", row.pk)
                count += 1
    return count
