"""Which state a claim may move to, who may move it there, and what the move needs.

One table (PRODUCT.md, "Claims"), read by the service that moves claims
(``services.move_claim`` and the functions that call it) and by the pages and the API that
decide which buttons to offer (``moves_for``). A move nobody of this party may make to that
state is refused as not allowed (403); a move the party makes elsewhere but not from this
state, or not for this kind of claim, is refused as a conflict (409).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.selectors import member_store_ids

from .models import Claim

S = Claim.State
K = Claim.Kind

OPEN = frozenset(s for s in S if s not in Claim.DONE_STATES)
# Kinds whose goods come back to the store before the refund or the exchange.
GOODS_BACK = frozenset({K.RETURN, K.EXCHANGE, K.NOT_AS_DESCRIBED})
# Kinds refunded as soon as they are accepted (nothing to send back).
NOTHING_BACK = frozenset({K.CANCEL, K.NOT_RECEIVED})


class Party(StrEnum):
    """Who is moving the claim, as the table sees them."""

    BUYER = "buyer"  # the buyer who made the claim
    STORE = "store"  # a member of the claim's store team
    AGENT = "agent"  # the platform's agents and supervisors
    SYSTEM = "system"  # deadlines swept by beat, on nobody's behalf
    OTHER = "other"


@dataclass(frozen=True)
class Rule:
    """``parties`` move a claim from any of ``sources`` to ``target``; ``kinds`` limits it to
    those kinds (None: any); ``needs`` names an extra condition (see ``condition_met``);
    ``tracking`` asks for a tracking number."""

    parties: frozenset[Party]
    sources: frozenset[str]
    target: str
    kinds: frozenset[str] | None = None
    needs: str = ""
    tracking: str = ""  # "return" or "exchange": which tracking number the move records
    why: str = ""


def _p(*parties: Party) -> frozenset[Party]:
    return frozenset(parties)


def _s(*states: str) -> frozenset[str]:
    return frozenset(states)


RULES: tuple[Rule, ...] = (
    Rule(_p(Party.STORE), _s(S.REQUESTED), S.ACCEPTED, why="the store accepts"),
    Rule(
        _p(Party.SYSTEM),
        _s(S.REQUESTED),
        S.ACCEPTED,
        needs="answer_window_passed_in_policy",
        why="the store's answer window passed on an in-policy claim",
    ),
    Rule(_p(Party.STORE), _s(S.REQUESTED), S.REJECTED, why="the store rejects"),
    Rule(
        _p(Party.BUYER),
        _s(S.REQUESTED, S.ACCEPTED),
        S.WITHDRAWN,
        needs="nothing_shipped",
        why="the buyer withdraws before anything is shipped back",
    ),
    Rule(_p(Party.BUYER), _s(S.REJECTED), S.ESCALATED, why="the buyer disputes a rejection"),
    Rule(
        _p(Party.BUYER),
        OPEN - {S.ESCALATED, S.REJECTED},
        S.ESCALATED,
        needs="deadline_passed",
        why="the buyer asks the help center once a deadline has passed",
    ),
    Rule(
        _p(Party.SYSTEM),
        OPEN - {S.ESCALATED, S.REJECTED},
        S.ESCALATED,
        needs="deadline_passed",
        why="a late refund (or a late answer on a claim out of policy) goes to the platform",
    ),
    Rule(_p(Party.AGENT), _s(S.ESCALATED), S.ACCEPTED, why="the help center decides"),
    Rule(_p(Party.AGENT), _s(S.ESCALATED), S.REJECTED, why="the help center decides"),
    Rule(
        _p(Party.BUYER),
        _s(S.ACCEPTED),
        S.RETURN_SHIPPED,
        kinds=GOODS_BACK,
        needs="not_received_yet",
        tracking="return",
        why="the buyer sends the goods back",
    ),
    Rule(_p(Party.STORE), _s(S.RETURN_SHIPPED), S.RECEIVED, why="the store has the goods back"),
    Rule(
        _p(Party.STORE, Party.AGENT),
        _s(S.ACCEPTED),
        S.REFUNDED,
        needs="nothing_to_send_back",
        why="cancel and not received are refunded once accepted",
    ),
    Rule(
        _p(Party.STORE, Party.AGENT),
        _s(S.RECEIVED),
        S.REFUNDED,
        why="the goods are back: the refund",
    ),
    Rule(
        _p(Party.STORE),
        _s(S.RECEIVED, S.ACCEPTED),
        S.EXCHANGE_SHIPPED,
        kinds=frozenset({K.EXCHANGE}),
        needs="goods_back",
        tracking="exchange",
        why="the store sends the exchange",
    ),
    Rule(
        _p(Party.BUYER, Party.SYSTEM),
        _s(S.REFUNDED, S.EXCHANGE_SHIPPED),
        S.COMPLETED,
        why="the buyer confirms, or the system after a week",
    ),
    Rule(
        _p(Party.AGENT, Party.SYSTEM),
        OPEN,
        S.CLOSED,
        why="the help center closes; the system after long inactivity",
    ),
)


def party_of(claim: Claim, user: User | AnonymousUser | None, *, system: bool = False) -> Party:
    if system:
        return Party.SYSTEM
    if user is None or not user.is_authenticated or not isinstance(user, User):
        return Party.OTHER
    if not user.is_active:
        return Party.OTHER
    if user.is_agent:
        return Party.AGENT
    if claim.buyer_id == user.pk:
        return Party.BUYER
    if user.is_seller and claim.store_id in member_store_ids(user):
        return Party.STORE
    return Party.OTHER


def condition_met(claim: Claim, needs: str, *, now: datetime) -> bool:
    if not needs:
        return True
    if needs == "answer_window_passed_in_policy":
        return (
            claim.is_in_policy
            and claim.seller_answer_due_at is not None
            and claim.seller_answer_due_at <= now
        )
    if needs == "nothing_shipped":
        return not claim.return_tracking_number and claim.received_at is None
    if needs == "deadline_passed":
        return deadline_passed(claim, now=now)
    if needs == "not_received_yet":
        return claim.received_at is None
    if needs == "nothing_to_send_back":
        return claim.kind in NOTHING_BACK or claim.received_at is not None
    if needs == "goods_back":
        return claim.received_at is not None
    raise ValueError(needs)


def deadline_passed(claim: Claim, *, now: datetime) -> bool:
    """A deadline that runs now has passed: the store's answer or the refund."""
    due = claim.next_due_at
    return due is not None and due <= now


def rule_for(claim: Claim, target: str, party: Party, *, now: datetime) -> Rule | None:
    """The rule that lets ``party`` move this claim to ``target`` now, or None."""
    for rule in RULES:
        if party in rule.parties and claim.state in rule.sources and rule.target == target:
            if rule.kinds is not None and claim.kind not in rule.kinds:
                continue
            if condition_met(claim, rule.needs, now=now):
                return rule
    return None


def may_ever(party: Party, target: str) -> bool:
    """Whether this party makes moves to ``target`` at all (else the refusal is a 403)."""
    return any(party in rule.parties and rule.target == target for rule in RULES)


def moves_for(claim: Claim, party: Party, *, now: datetime) -> list[Rule]:
    """The moves this party may make on this claim now, in the table's order, one per target."""
    seen: set[str] = set()
    rules = []
    for rule in RULES:
        if party not in rule.parties or rule.target in seen:
            continue
        found = rule_for(claim, rule.target, party, now=now)
        if found is not None:
            rules.append(found)
            seen.add(rule.target)
    return rules
