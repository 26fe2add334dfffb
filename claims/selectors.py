"""Reads of claims scoped to the person asking, and what a claim's history and next step say
to each reader, in the reader's language at read time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import masked_name, member_store_ids
from helpdesk import particles
from tickets.selectors import agent_queue_ids

from . import deadlines, transitions
from .models import Claim, ClaimEvent
from .transitions import Party

S = Claim.State


def visible_claims(user: User | AnonymousUser) -> QuerySet[Claim]:
    """Buyers see their own claims; sellers theirs and their stores' (store membership);
    agents the claims whose inquiry is in their queues; supervisors all. Anyone else none:
    someone else's claim is a 404 everywhere."""
    claims = Claim.objects.select_related("store", "ticket", "buyer")
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return claims.none()
    if user.is_supervisor:
        return claims
    if user.is_agent:
        return claims.filter(ticket__queue_id__in=agent_queue_ids(user))
    if user.is_seller:
        store_ids = member_store_ids(user)
        if store_ids:
            return claims.filter(Q(buyer=user) | Q(store_id__in=store_ids))
    return claims.filter(buyer=user)


# What the claims lists show of a claim (claims/rows.py): its own fields (Claim.due_of reads
# the state and the deadlines) and the store's name; the buyer's names where a list shows the
# buyer. Values, not claims: a hundred model objects cost more than the rest of the list.
LIST_FIELDS = (
    "reference",
    "kind",
    "state",
    "order_number",
    "amount",
    "buyer_id",
    "seller_answer_due_at",
    "refund_due_at",
    "refunded_at",
    "is_escalated",
)


def listed(claims: QuerySet[Claim], *, with_buyer: bool = False) -> QuerySet[Claim, dict[str, Any]]:
    """These claims (from visible_claims or agent_claims) as the values a list shows."""
    names = {"store_name": F("store__name")}
    if with_buyer:
        names |= {"buyer_display_name": F("buyer__display_name")}
        names |= {"buyer_username": F("buyer__username")}
    values: QuerySet[Claim, dict[str, Any]] = claims.values(*LIST_FIELDS, **names)
    return values


def buyer_name(claim: Claim, *, to: User | AnonymousUser | None) -> str:
    """The buyer as this reader may see them (shown_buyer)."""
    return shown_buyer(claim.buyer.display_name, claim.buyer.username, claim.buyer_id, to=to)


def shown_buyer(
    display_name: str, username: str, buyer_id: int, *, to: User | AnonymousUser | None
) -> str:
    """The buyer as this reader may see them: in full to themselves and to the help center,
    masked to a store (sellers never see a buyer's full name, e-mail or phone)."""
    name = display_name or username
    if isinstance(to, User) and (to.is_agent or to.pk == buyer_id):
        return name
    return masked_name(name)


def _when(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) and value else None
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


PARTY_NAMES = {
    "buyer": gettext_lazy("The buyer"),
    "store": gettext_lazy("The store"),
    "agent": gettext_lazy("The help center"),
    "system": gettext_lazy("The system"),
}

WHY = {
    "store_silent": gettext_lazy("the store did not answer in time"),
    "late_refund": gettext_lazy("the refund was not made in time"),
    "late_answer": gettext_lazy("the store did not answer in time and the claim needs a review"),
    "no_objection": gettext_lazy("a week passed without a problem"),
    "inactive": gettext_lazy("nothing happened for a long time"),
}


def event_text(event: ClaimEvent) -> str:
    """One history line, said now, in the active language."""
    who = str(PARTY_NAMES.get(event.party, event.party))
    params = event.params or {}
    if event.kind == ClaimEvent.Kind.CREATED:
        text = _("%(who)s made a claim (%(kind)s); the store answers by %(due)s.") % {
            "who": who,
            "kind": Claim.Kind(params.get("kind", "return")).label,
            "due": _when(params.get("due")),
        }
    elif event.kind == ClaimEvent.Kind.REMINDED:
        text = _("The store was reminded that the refund is due by %(due)s.") % {
            "due": _when(params.get("due"))
        }
    else:
        text = _("%(who)s moved the claim from “%(old)s” to “%(new)s”.") % {
            "who": who,
            "old": Claim.State(event.old_state).label,
            "new": Claim.State(event.new_state).label,
        }
        if params.get("why") in WHY:
            text += " " + _("(Because %(why)s.)") % {"why": WHY[params["why"]]}
        if params.get("tracking_number"):
            text += " " + _("Tracking number: %(number)s.") % {"number": params["tracking_number"]}
        if params.get("refund_due"):
            text += " " + _("Refund due by %(due)s.") % {"due": _when(params["refund_due"])}
    return particles.resolve(text)  # Korean: "(으)로" after the state's name, said right


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    party: str
    text: str
    note: str


def timeline(claim: Claim) -> list[TimelineEntry]:
    """The claim's history, oldest first, said in the active language (one query)."""
    return [
        TimelineEntry(event.created_at, event.party, event_text(event), event.note)
        for event in claim.events.all()
    ]


@dataclass(frozen=True)
class NextStep:
    text: str
    due_at: datetime | None


def next_step(claim: Claim, party: Party) -> NextStep:
    """What happens next and by when, as this reader is told."""
    state, due = claim.state, claim.next_due_at
    if state == S.REQUESTED:
        if party is Party.STORE:
            text = _("Accept or reject the claim by the deadline.")
        elif claim.is_in_policy:
            text = _("The store answers by the deadline; otherwise the claim is accepted for it.")
        else:
            text = _("The store answers by the deadline; otherwise the help center decides.")
        return NextStep(text, due)
    if state == S.ACCEPTED:
        if claim.kind in transitions.NOTHING_BACK or claim.received_at is not None:
            return NextStep(_("The store refunds the payment by the deadline."), due)
        if party is Party.BUYER:
            return NextStep(
                _("Send the goods back and enter the parcel's tracking number here."), None
            )
        return NextStep(_("The buyer sends the goods back."), None)
    if state == S.RETURN_SHIPPED:
        return NextStep(_("The store confirms the goods arrived."), None)
    if state == S.RECEIVED:
        if claim.kind == Claim.Kind.EXCHANGE:
            return NextStep(_("The store sends the exchange."), None)
        return NextStep(_("The store refunds the payment by the deadline."), due)
    if state == S.REJECTED:
        return NextStep(
            _("The store rejected the claim. The buyer may ask the help center to review it."),
            None,
        )
    if state == S.ESCALATED:
        return NextStep(_("The help center reviews the claim and decides."), None)
    if state in (S.REFUNDED, S.EXCHANGE_SHIPPED):
        done = deadlines.complete_at(claim.refunded_at or claim.updated_at or timezone.now())
        return NextStep(
            _("Confirm when everything is in order; the claim completes by itself after a week."),
            done,
        )
    return NextStep(_("This claim is finished."), None)


# --- The agents' views ------------------------------------------------------------------------

AGENT_VIEWS: dict[str, Any] = {
    "open": gettext_lazy("All open"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
    "escalated": gettext_lazy("Escalated"),
}
DUE_SOON = timedelta(days=1)


def _due_q(start: datetime | None, end: datetime) -> Q:
    answer = Q(state=S.REQUESTED, seller_answer_due_at__lte=end)
    refund = Q(
        state__in=[S.ACCEPTED, S.RECEIVED, S.ESCALATED],
        refunded_at__isnull=True,
        refund_due_at__lte=end,
    )
    if start is not None:
        answer &= Q(seller_answer_due_at__gt=start)
        refund &= Q(refund_due_at__gt=start)
    return answer | refund


def agent_claims(user: User, view: str, *, now: datetime | None = None) -> QuerySet[Claim]:
    """The claims of one agent view: open, due within a day, overdue, or with the help center."""
    now = now or timezone.now()
    claims = visible_claims(user).exclude(state__in=Claim.DONE_STATES)
    if view == "due_soon":
        claims = claims.filter(_due_q(now, now + DUE_SOON))
    elif view == "overdue":
        claims = claims.filter(_due_q(None, now))
    elif view == "escalated":
        claims = claims.filter(Q(state=S.ESCALATED) | Q(is_escalated=True))
    return claims.order_by("seller_answer_due_at", "refund_due_at", "pk")
