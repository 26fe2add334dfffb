"""Every change to a claim, in one place: web, API, admin and the deadline sweep call these.

making: a buyer makes a claim (eligibility, the inquiry beside it, the store's deadline);
moves: one function per move of the table in ``claims.transitions``, each checked with the
claim's row locked, recorded (a ``ClaimEvent``, a line in the inquiry's history, the audit
trail), its deadlines planned as reminder rows, the other parties told."""

from .making import CATEGORY_OF_KIND, make_claim
from .moves import (
    MOVES,
    accept_automatically,
    accept_claim,
    close_automatically,
    close_claim,
    complete_automatically,
    complete_claim,
    escalate_automatically,
    escalate_claim,
    receive_return,
    refund_claim,
    reject_claim,
    remind_refund,
    ship_exchange,
    ship_return,
    transition_claim,
    withdraw_claim,
)

__all__ = [
    "CATEGORY_OF_KIND",
    "MOVES",
    "accept_automatically",
    "accept_claim",
    "close_automatically",
    "close_claim",
    "complete_automatically",
    "complete_claim",
    "escalate_automatically",
    "escalate_claim",
    "make_claim",
    "receive_return",
    "refund_claim",
    "reject_claim",
    "remind_refund",
    "ship_exchange",
    "ship_return",
    "transition_claim",
    "withdraw_claim",
]
