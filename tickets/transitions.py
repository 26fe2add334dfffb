"""Which status a ticket may move to, who may move it there, and what the move means.

One table, read by the service that moves tickets (``services.change_status`` and every path
that calls it: the agent's case form, bulk changes, canned responses, replies, the API, the
reminder tasks) and by the pages that decide which buttons to show (``can_move``). A move
from resolved or closed back to an open status is a reopen, whoever makes it and wherever:
it is counted on the ticket and recorded in its history, so reports count the same reopens
whichever interface was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.utils import timezone

from accounts.models import User
from accounts.selectors import member_store_ids

from .models import Ticket

S = Ticket.Status

# A requester may reopen a resolved inquiry for this many days (then it closes by itself).
REOPEN_DAYS = 7

OPEN = frozenset(Ticket.OPEN_STATUSES)
DONE = frozenset({S.RESOLVED, S.CLOSED})
EVERY = OPEN | DONE


class Party(StrEnum):
    """Who is moving the ticket, as the policy sees them."""

    REQUESTER = "requester"  # the person who asked: an account, or a guest by their link
    STORE = "store"  # the seller of the store an order inquiry is about, answering for it
    AGENT = "agent"  # the platform's agents and supervisors
    SYSTEM = "system"  # reminders and other tasks, acting on nobody's behalf
    OTHER = "other"  # anyone else: may move nothing


@dataclass(frozen=True)
class Rule:
    """``parties`` may move a ticket from any of ``sources`` to any of ``targets``; a reopen
    by the requester only within ``within_days`` of its resolution."""

    parties: frozenset[Party]
    sources: frozenset[str]
    targets: frozenset[str]
    within_days: int | None = None
    why: str = ""


RULES: tuple[Rule, ...] = (
    Rule(frozenset({Party.AGENT}), EVERY, EVERY, why="agents set any status"),
    Rule(
        frozenset({Party.REQUESTER}),
        OPEN | {S.RESOLVED},
        frozenset({S.CLOSED}),
        why="the requester closes their own inquiry, also once it is answered",
    ),
    Rule(
        frozenset({Party.REQUESTER}),
        frozenset({S.PENDING}),
        frozenset({S.OPEN}),
        why="the requester answers what was asked of them",
    ),
    Rule(
        frozenset({Party.REQUESTER}),
        DONE,
        frozenset({S.OPEN}),
        within_days=REOPEN_DAYS,
        why="the requester reopens a resolved inquiry (button or reply)",
    ),
    Rule(
        frozenset({Party.STORE}),
        frozenset({S.NEW}),
        frozenset({S.OPEN}),
        why="the store's first answer opens the inquiry",
    ),
    Rule(
        frozenset({Party.SYSTEM}),
        frozenset({S.PENDING}),
        frozenset({S.RESOLVED}),
        why="no reply from the requester: resolved automatically",
    ),
    Rule(
        frozenset({Party.SYSTEM}),
        frozenset({S.RESOLVED}),
        frozenset({S.CLOSED}),
        why="resolved for a week: closed automatically",
    ),
)


def is_reopen(old: str, new: str) -> bool:
    """Back from resolved or closed to an open status: counted and recorded as a reopen."""
    return old in DONE and new in OPEN


def party_of(ticket: Ticket, by: User | None, *, system: bool = False) -> Party:
    """How the policy sees ``by`` on this ticket; ``None`` is the guest who asked (through
    their private link), or the system when ``system`` is set."""
    if system:
        return Party.SYSTEM
    if by is None:
        return Party.REQUESTER if ticket.is_guest else Party.OTHER
    if by.is_agent:
        return Party.AGENT
    if ticket.requester_id == by.pk:
        return Party.REQUESTER
    if can_answer_as_store(ticket, by):
        return Party.STORE
    return Party.OTHER


def same_requester(one: Ticket, other: Ticket) -> bool:
    """Both inquiries are one person's: the same account, or guests with one address."""
    if one.requester_id is not None or other.requester_id is not None:
        return one.requester_id == other.requester_id
    return one.requester_email.casefold() == other.requester_email.casefold()


def can_answer_as_store(ticket: Ticket, user: User) -> bool:
    """A member of the store's team (owner or manager) answers an order inquiry about the
    store for the store (not on an inquiry they filed themselves)."""
    return bool(
        user.is_seller
        and ticket.store_id is not None
        and ticket.category.concerns_store
        and ticket.requester_id != user.pk
        and ticket.store_id in member_store_ids(user)
    )


def resolved_since(ticket: Ticket) -> datetime:
    return ticket.resolved_at or ticket.closed_at or ticket.updated_at


def rule_for(
    ticket: Ticket, target: str, party: Party, *, now: datetime | None = None
) -> Rule | None:
    """The rule that lets ``party`` move this ticket to ``target`` now, or None."""
    now = now or timezone.now()
    for rule in RULES:
        if party not in rule.parties or ticket.status not in rule.sources:
            continue
        if target not in rule.targets:
            continue
        if rule.within_days is not None and now - resolved_since(ticket) > timedelta(
            days=rule.within_days
        ):
            continue
        return rule
    return None


def can_move(ticket: Ticket, target: str, party: Party, *, now: datetime | None = None) -> bool:
    """Whether a button moving this ticket to ``target`` should be shown to ``party``."""
    return ticket.status != target and rule_for(ticket, target, party, now=now) is not None


def reopen_window_passed(ticket: Ticket, party: Party, *, now: datetime | None = None) -> bool:
    """A resolved inquiry whose requester could have reopened it, but no longer can."""
    return (
        party is Party.REQUESTER
        and ticket.status in DONE
        and rule_for(ticket, S.OPEN, party, now=now) is None
    )


def can_rate(ticket: Ticket, party: Party, *, has_rating: bool) -> bool:
    """The requester rates the answer once, when the inquiry is resolved or closed (a merged
    one was answered in the inquiry it went into)."""
    return (
        party is Party.REQUESTER
        and ticket.status in DONE
        and not has_rating
        and ticket.merged_into_id is None
    )
