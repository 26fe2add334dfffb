"""Making a claim: eligibility, the inquiry beside it, the store's answer deadline.

Every change to a claim, in one place: web, API, admin and the deadline sweep call these.

One function per move of the table in ``claims.transitions``; each checks the move against
the table with the claim's row locked (two clicks, two tabs or two sweeps give one move), records
a ``ClaimEvent`` and a history row on the inquiry, plans the deadlines that follow as
reminder rows, and tells the other parties, all in one transaction (e-mail goes through the
outbox rows written in it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from catalog.models import Category
from contacts.selectors import channels_for_category
from helpdesk import particles
from helpdesk.text import as_written, one_line
from tickets import services as ticket_services
from tickets.details import find_store
from tickets.models import Ticket, TicketEvent

from .. import deadlines, notifications
from ..errors import ClaimConflict, ClaimTooLate, InvalidClaim
from ..models import Claim, ClaimEvent, ClaimReminder
from .moves import schedule_row

R = ClaimReminder.Kind

# The inquiry beside a claim: parcels that never came are delivery matters, the rest returns.
CATEGORY_OF_KIND: dict[str, str] = {
    Claim.Kind.NOT_RECEIVED: "delivery",
    Claim.Kind.CANCEL: "return-exchange",
    Claim.Kind.RETURN: "return-exchange",
    Claim.Kind.EXCHANGE: "return-exchange",
    Claim.Kind.NOT_AS_DESCRIBED: "return-exchange",
}


# --- Making a claim ---------------------------------------------------------------------------


def _too_late_message(window: deadlines.Window, category: Category | None, now: datetime) -> str:
    last = window.last_day.isoformat()
    if window.rule == "change_of_mind":
        text = _(
            "A change-of-mind claim can be made until %(days)d days after delivery "
            "(here until %(last)s), so it is too late for this order."
        ) % {"days": settings.HELPDESK_CLAIM_CHANGE_OF_MIND_DAYS, "last": last}
    elif window.rule == "not_as_described":
        text = _(
            "A claim for goods that differ from the listing can be made until %(months)d "
            "months after delivery (here until %(last)s), so it is too late for this order."
        ) % {"months": settings.HELPDESK_CLAIM_NOT_AS_DESCRIBED_MONTHS, "last": last}
    else:
        text = _(
            "A claim for goods that differ from the listing must be made within %(days)d days "
            "of finding the problem (here until %(last)s)."
        ) % {"days": settings.HELPDESK_CLAIM_DISCOVERY_DAYS, "last": last}
    contact = _contact_to_try(category, now)
    if contact:
        text += " " + _("You can still ask us through %(contact)s.") % {"contact": contact}
    return particles.resolve(text)


def _contact_to_try(category: Category | None, now: datetime) -> str:
    """The best channel for the situation now (contacts app): its name and address."""
    if category is None:
        return ""
    statuses = channels_for_category(category, now)
    if not statuses:
        return ""
    channel = statuses[0].channel
    return f"{channel.name} ({channel.address})"


def _claim_category(kind: str) -> Category | None:
    return Category.objects.filter(slug=CATEGORY_OF_KIND.get(kind, "return-exchange")).first()


def _validate(
    *,
    buyer: User,
    kind: str,
    fault: str,
    reason: str,
    order_number: str,
    amount: Any,
    delivered_at: datetime | None,
    discovered_at: datetime | None,
    now: datetime,
) -> tuple[dict[str, list[str]], int]:
    errors: dict[str, list[str]] = {}
    if buyer.is_agent or not buyer.is_active:
        errors["kind"] = [_("Only buyers make claims about their orders.")]
    if kind not in Claim.Kind.values:
        errors["kind"] = [_("Choose what you want: cancel, return, exchange, or report.")]
    if fault not in Claim.Fault.values:
        errors["fault"] = [_("Say whether you changed your mind or the goods were at fault.")]
    if not reason.strip():
        errors["reason"] = [_("Tell the store why.")]
    elif len(reason) > 2000 or "\x00" in reason:
        errors["reason"] = [_("Keep the reason under 2,000 characters.")]
    if not order_number.strip() or len(order_number) > 40:
        errors["order_number"] = [_("Enter the order number (up to 40 characters).")]
    try:
        won = int(amount)
    except (TypeError, ValueError):
        won = 0
    if not 1 <= won <= 100_000_000:
        errors["amount"] = [_("Enter the amount paid, in won.")]
    for name, moment in (("delivered_at", delivered_at), ("discovered_at", discovered_at)):
        if moment is not None and moment.year < 2000:
            errors[name] = [_("Enter a real date.")]
    if delivered_at is not None and delivered_at > now:
        errors["delivered_at"] = [_("The delivery date cannot be in the future.")]
    if delivered_at is None and kind in (
        Claim.Kind.RETURN,
        Claim.Kind.EXCHANGE,
        Claim.Kind.NOT_AS_DESCRIBED,
    ):
        errors["delivered_at"] = [_("Enter when the order was delivered.")]
    if discovered_at is not None:
        if kind != Claim.Kind.NOT_AS_DESCRIBED:
            discovered_at = None
        elif discovered_at.year < 2000 or discovered_at > now:
            errors["discovered_at"] = [_("The date you found the problem cannot be in the future.")]
        elif (
            delivered_at is not None and delivered_at.year >= 2000 and discovered_at < delivered_at
        ):
            errors["discovered_at"] = [_("You cannot find a problem before the delivery.")]
    return errors, won


def _next_claim_id() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Claim._meta.db_table])
        row = cursor.fetchone()
    return int(row[0])


def _ticket_for(
    *, buyer: User, given: Ticket | None, kind: str, store_seller_id: str, details: dict[str, Any]
) -> Ticket:
    """The buyer's own inquiry about this order, or a new one beside the claim."""
    if given is not None:
        if given.requester_id != buyer.pk:
            raise InvalidClaim({"ticket": [_("Start a claim from one of your own inquiries.")]})
        return given
    category = _claim_category(kind)
    if category is None:
        raise InvalidClaim({"kind": [_("Claims cannot be made just now. Try again later.")]})
    with translation.override(buyer.preferred_language or settings.LANGUAGE_CODE):
        subject = _("%(kind)s: order %(order)s") % {
            "kind": Claim.Kind(kind).label,
            "order": details["order_number"],
        }
        body = details.pop("reason")
    try:
        intake = ticket_services.open_ticket(
            requester=buyer, category=category, subject=subject, body=body, details=details
        )
    except ticket_services.InvalidTicket as error:
        raise InvalidClaim(
            {name.removeprefix("details."): messages for name, messages in error.errors.items()}
        ) from error
    return intake.ticket


def make_claim(
    *,
    buyer: User,
    kind: str,
    fault: str,
    reason: str,
    order_number: str,
    store_id: str,
    amount: Any,
    delivered_at: datetime | None = None,
    discovered_at: datetime | None = None,
    product_name: str = "",
    ticket: Ticket | None = None,
    submission_key: str | None = None,
) -> Claim:
    """The buyer makes a claim about an order, within its eligibility window: the claim (state
    requested) and its inquiry, the store's answer deadline, the store told. A repeated
    submission key returns the first claim."""
    if submission_key:
        existing = Claim.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    now = timezone.now()
    reason, order_number = as_written(reason).strip(), one_line(order_number).strip()
    product_name = one_line(product_name).strip()[:120]
    if kind == Claim.Kind.NOT_AS_DESCRIBED and discovered_at is None and delivered_at is not None:
        discovered_at = now
    errors, won = _validate(
        buyer=buyer,
        kind=kind,
        fault=fault,
        reason=reason,
        order_number=order_number,
        amount=amount,
        delivered_at=delivered_at,
        discovered_at=discovered_at,
        now=now,
    )
    if kind != Claim.Kind.NOT_AS_DESCRIBED:
        discovered_at = None
    store = find_store(store_id) if store_id.strip() else None
    if store is None and ticket is not None and ticket.store_id is not None:
        store = ticket.store
    if store is None:
        errors["store_id"] = [_("Enter the store's seller ID as shown on your order.")]
    elif ticket is not None and ticket.store_id not in (None, store.pk):
        errors["store_id"] = [_("This inquiry is about another store's order.")]
    if errors:
        raise InvalidClaim(errors)
    assert store is not None  # noqa: S101  (checked above; narrows for mypy)
    closed = deadlines.closed_window(
        kind, fault, delivered_at=delivered_at, discovered_at=discovered_at, now=now
    )
    if closed is not None:
        field = "discovered_at" if closed.rule == "discovery" else "delivered_at"
        message = _too_late_message(closed, _claim_category(kind), now)
        raise ClaimTooLate({field: [message]})
    limit = settings.HELPDESK_CLAIM_AUTO_ACCEPT_MAX_AMOUNT
    try:
        with transaction.atomic():
            ticket = _ticket_for(
                buyer=buyer,
                given=ticket,
                kind=kind,
                store_seller_id=store.seller_id,
                details={
                    "order_number": order_number,
                    "store_id": store.seller_id,
                    "product_name": product_name or order_number,
                    "reason": reason,
                },
            )
            claim = Claim(
                kind=kind,
                fault=fault,
                reason=reason,
                buyer=buyer,
                store=store,
                ticket=ticket,
                order_number=order_number,
                product_name=product_name,
                amount=won,
                delivered_at=delivered_at,
                discovered_at=discovered_at,
                is_in_policy=not limit or won <= limit,
                seller_answer_due_at=deadlines.answer_due(now),
                submission_key=submission_key or None,
                created_at=now,
            )
            claim.pk = _next_claim_id()
            if claim.pk is not None:
                claim.reference = f"CL-{claim.pk:06d}"
                claim.save(force_insert=True)
            else:
                claim.save(force_insert=True)
                claim.reference = f"CL-{claim.pk:06d}"
                claim.save(update_fields=["reference"])
            assert claim.seller_answer_due_at is not None  # noqa: S101  (set above)
            schedule_row(claim, R.STORE_ANSWER, claim.seller_answer_due_at)
            schedule_row(claim, R.AUTO_CLOSE, deadlines.inactive_close_at(now))
            event = ClaimEvent.objects.create(
                claim=claim,
                kind=ClaimEvent.Kind.CREATED,
                actor=buyer,
                party=ClaimEvent.Party.BUYER,
                new_state=claim.state,
                params={
                    "kind": kind,
                    "fault": fault,
                    "due": claim.seller_answer_due_at.isoformat(),
                },
                created_at=now,
            )
            ticket_services.record(
                ticket, TicketEvent.Kind.CLAIM, by=buyer, old=claim.reference, new=claim.state
            )
            notifications.claim_news(claim, event)
    except IntegrityError as error:
        if submission_key:
            existing = Claim.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing
        open_one = (
            Claim.objects.filter(buyer=buyer, store=store, order_number=order_number)
            .exclude(state__in=Claim.DONE_STATES)
            .first()
        )
        if open_one is not None:
            raise ClaimConflict(
                _("You already have an open claim for this order: %(reference)s.")
                % {"reference": open_one.reference}
            ) from error
        raise
    return claim
