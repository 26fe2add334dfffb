"""A claim's moves, one function per move of the table, and its reminder rows.

Every change to a claim, in one place: web, API, admin and the deadline sweep call these.

One function per move of the table in ``claims.transitions``; each checks the move against
the table with the claim's row locked (two clicks, two tabs or two sweeps give one move), records
a ``ClaimEvent`` and a history row on the inquiry, plans the deadlines that follow as
reminder rows, and tells the other parties, all in one transaction (e-mail goes through the
outbox rows written in it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEntry
from audit.services import log as audit_log
from helpdesk.text import as_written, one_line
from tickets import services as ticket_services
from tickets.models import TicketEvent

from .. import deadlines, notifications, transitions
from ..errors import ClaimConflict, ClaimNotAllowed, InvalidClaim
from ..models import Claim, ClaimEvent, ClaimReminder
from ..transitions import Party

S = Claim.State
R = ClaimReminder.Kind
REFUND_ROWS = (R.REFUND_REMINDER, R.REFUND_DUE)


# --- Reminder rows ----------------------------------------------------------------------------


def schedule_row(claim: Claim, kind: str, due_at: datetime) -> ClaimReminder:
    """One row per claim, kind and due time: scheduling it again changes nothing, a cancelled
    one comes back."""
    row, created = ClaimReminder.objects.get_or_create(claim=claim, kind=kind, due_at=due_at)
    if not created and row.state == ClaimReminder.State.CANCELLED:
        row.state, row.attempts, row.last_error = ClaimReminder.State.SCHEDULED, 0, ""
        row.save(update_fields=["state", "attempts", "last_error"])
    return row


def _cancel(claim: Claim, kinds: tuple[str, ...] | None = None) -> None:
    rows = ClaimReminder.objects.filter(claim=claim, state=ClaimReminder.State.SCHEDULED)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    rows.update(state=ClaimReminder.State.CANCELLED)


# --- Moves ------------------------------------------------------------------------------------


def _refusal(claim: Claim, target: str, party: Party) -> Exception:
    if party is Party.OTHER or not transitions.may_ever(party, target):
        return ClaimNotAllowed(
            _("You cannot move this claim to “%(new)s”.") % {"new": Claim.State(target).label}
        )
    return ClaimConflict(
        _("A claim that is “%(old)s” cannot become “%(new)s” now.")
        % {"old": Claim.State(claim.state).label, "new": Claim.State(target).label}
    )


def _locked(claim: Claim) -> Claim:
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("store", "ticket", "buyer")
        .get(pk=claim.pk)
    )


def _effects(
    claim: Claim, target: str, *, now: datetime, system: bool, tracking: str, params: dict[str, Any]
) -> list[str]:
    """What the move changes beside the state (in memory) and the rows it plans; the fields."""
    fields: list[str] = []
    if target == S.ACCEPTED:
        claim.accepted_at = now
        claim.auto_accepted = system
        fields += ["accepted_at", "auto_accepted"]
        _cancel(claim, (R.STORE_ANSWER,))
        if claim.kind in transitions.NOTHING_BACK or claim.received_at is not None:
            _plan_refund(claim, now, fields, params)
    elif target == S.REJECTED:
        _cancel(claim, (R.STORE_ANSWER,))
    elif target == S.ESCALATED:
        claim.is_escalated, claim.escalated_at = True, now
        fields += ["is_escalated", "escalated_at"]
        _cancel(claim, (R.STORE_ANSWER,))
        if (
            claim.refund_due_at is not None
            and claim.refunded_at is None
            and now >= claim.refund_due_at
        ):
            claim.refund_late = True
            fields.append("refund_late")
    elif target == S.RETURN_SHIPPED:
        claim.return_tracking_number = tracking
        fields.append("return_tracking_number")
        params["tracking_number"] = tracking
    elif target == S.RECEIVED:
        claim.received_at = now
        fields.append("received_at")
        if claim.kind != Claim.Kind.EXCHANGE:
            _plan_refund(claim, now, fields, params)
    elif target == S.REFUNDED:
        claim.refunded_at = now
        fields.append("refunded_at")
        if claim.refund_due_at is not None and now > claim.refund_due_at:
            claim.refund_late = True
            fields.append("refund_late")
        _cancel(claim, REFUND_ROWS)
        schedule_row(claim, R.AUTO_COMPLETE, deadlines.complete_at(now))
    elif target == S.EXCHANGE_SHIPPED:
        claim.exchange_tracking_number = tracking
        fields.append("exchange_tracking_number")
        params["tracking_number"] = tracking
        schedule_row(claim, R.AUTO_COMPLETE, deadlines.complete_at(now))
    if target in Claim.DONE_STATES:
        claim.done_at = now
        fields.append("done_at")
        _cancel(claim)
    else:
        _cancel(claim, (R.AUTO_CLOSE,))
        schedule_row(claim, R.AUTO_CLOSE, deadlines.inactive_close_at(now))
    return fields


def _plan_refund(claim: Claim, start: datetime, fields: list[str], params: dict[str, Any]) -> None:
    if claim.refund_due_at is not None and claim.refunded_at is None and claim.is_escalated:
        return  # the help center took a late refund over: its deadline stays as it was
    claim.refund_due_at = deadlines.refund_due(start)
    fields.append("refund_due_at")
    params["refund_due"] = claim.refund_due_at.isoformat()
    _cancel(claim, REFUND_ROWS)
    schedule_row(claim, R.REFUND_REMINDER, deadlines.refund_reminder_at(start))
    schedule_row(claim, R.REFUND_DUE, claim.refund_due_at)


def _move(
    claim: Claim,
    target: str,
    *,
    by: User | None,
    note: str = "",
    tracking_number: str = "",
    system: bool = False,
    why: str = "",
) -> Claim:
    """The one place a claim's state moves: the table decides, the effects follow, the move is
    recorded on the claim and its inquiry and the other parties hear of it."""
    with transaction.atomic():
        claim = _locked(claim)
        if target not in Claim.State.values:
            raise InvalidClaim({"to": [_("Unknown state.")]})
        party = transitions.party_of(claim, by, system=system)
        now = timezone.now()
        rule = transitions.rule_for(claim, target, party, now=now)
        if rule is None:
            raise _refusal(claim, target, party)
        note = as_written(note).strip()
        if len(note) > 2000 or "\x00" in note:
            raise InvalidClaim({"note": [_("Keep the note under 2,000 characters.")]})
        tracking = one_line(tracking_number).strip()
        if rule.tracking and not tracking:
            raise InvalidClaim({"tracking_number": [_("Enter the parcel's tracking number.")]})
        if len(tracking) > 40:
            raise InvalidClaim({"tracking_number": [_("The tracking number is too long.")]})
        old = claim.state
        params: dict[str, Any] = {"why": why} if why else {}
        fields = _effects(claim, target, now=now, system=system, tracking=tracking, params=params)
        claim.state = target
        claim.save(update_fields=sorted({*fields, "state", "updated_at"}))
        event = ClaimEvent.objects.create(
            claim=claim,
            kind=ClaimEvent.Kind.MOVED,
            actor=None if system else by,
            party=party.value,
            old_state=old,
            new_state=target,
            params=params,
            note=note,
            created_at=now,
        )
        ticket_services.record(
            claim.ticket,
            TicketEvent.Kind.CLAIM,
            by=None if system else by,
            old=claim.reference,
            new=target,
        )
        # State changes go to the audit trail, as the inquiries' do (the same transaction).
        audit_log(
            AuditEntry.Action.STATUS,
            actor=None if system else by,
            obj=claim,
            object_id=claim.reference,
            summary=f"{old} → {target}",
        )
        notifications.claim_news(claim, event)
        return claim


def accept_claim(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The store accepts a request (or the help center an escalated claim)."""
    return _move(claim, S.ACCEPTED, by=by, note=note)


def reject_claim(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The store rejects a request (or the help center an escalated claim)."""
    return _move(claim, S.REJECTED, by=by, note=note)


def withdraw_claim(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The buyer withdraws, before anything is shipped back."""
    return _move(claim, S.WITHDRAWN, by=by, note=note)


def escalate_claim(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The buyer takes a rejection, or a missed deadline, to the help center."""
    return _move(claim, S.ESCALATED, by=by, note=note)


def ship_return(claim: Claim, *, by: User, tracking_number: str, note: str = "") -> Claim:
    """The buyer sends the goods back, with the parcel's tracking number."""
    return _move(claim, S.RETURN_SHIPPED, by=by, note=note, tracking_number=tracking_number)


def receive_return(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The store has the goods back: the refund falls due in 3 business days."""
    return _move(claim, S.RECEIVED, by=by, note=note)


def refund_claim(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The store (or the help center on its behalf) refunds the buyer."""
    return _move(claim, S.REFUNDED, by=by, note=note)


def ship_exchange(claim: Claim, *, by: User, tracking_number: str, note: str = "") -> Claim:
    """The store sends the exchange, with the parcel's tracking number."""
    return _move(claim, S.EXCHANGE_SHIPPED, by=by, note=note, tracking_number=tracking_number)


def complete_claim(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The buyer confirms the refund or the exchange."""
    return _move(claim, S.COMPLETED, by=by, note=note)


def close_claim(claim: Claim, *, by: User, note: str = "") -> Claim:
    """The help center closes an open claim."""
    return _move(claim, S.CLOSED, by=by, note=note)


# The system's moves, made by the deadline sweep with the claim's row already locked.


def accept_automatically(claim: Claim) -> Claim:
    """The store's answer window passed on an in-policy claim: accepted for the store."""
    return _move(claim, S.ACCEPTED, by=None, system=True, why="store_silent")


def escalate_automatically(claim: Claim, *, why: str) -> Claim:
    """A late refund (or a late answer on a claim out of policy) goes to the help center."""
    return _move(claim, S.ESCALATED, by=None, system=True, why=why)


def complete_automatically(claim: Claim) -> Claim:
    return _move(claim, S.COMPLETED, by=None, system=True, why="no_objection")


def close_automatically(claim: Claim) -> Claim:
    return _move(claim, S.CLOSED, by=None, system=True, why="inactive")


MOVES: dict[str, Callable[..., Claim]] = {
    S.ACCEPTED: accept_claim,
    S.REJECTED: reject_claim,
    S.WITHDRAWN: withdraw_claim,
    S.ESCALATED: escalate_claim,
    S.RETURN_SHIPPED: ship_return,
    S.RECEIVED: receive_return,
    S.REFUNDED: refund_claim,
    S.EXCHANGE_SHIPPED: ship_exchange,
    S.COMPLETED: complete_claim,
    S.CLOSED: close_claim,
}


def transition_claim(
    claim: Claim, *, by: User, to: str, note: str = "", tracking_number: str = ""
) -> Claim:
    """A move named by its target state (the API's ``{"to": ...}`` and the page's buttons)."""
    move = MOVES.get(to)
    if move is None:
        if to in Claim.State.values:  # "requested": nobody moves a claim back there
            raise _refusal(claim, to, transitions.party_of(claim, by))
        raise InvalidClaim({"to": [_("Unknown state.")]})
    if to in (S.RETURN_SHIPPED, S.EXCHANGE_SHIPPED):
        return move(claim, by=by, note=note, tracking_number=tracking_number)
    return move(claim, by=by, note=note)


def remind_refund(claim: Claim, *, reminder: ClaimReminder) -> None:
    """A business day before the refund is due: the store is reminded (the sweep)."""
    event = ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEvent.Kind.REMINDED,
        party=ClaimEvent.Party.SYSTEM,
        params={"due": claim.refund_due_at.isoformat() if claim.refund_due_at else ""},
    )
    notifications.claim_news(claim, event)
