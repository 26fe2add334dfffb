"""Every change to a ticket, in one place: web, API, admin and tasks all call these.

core: filing, messages, status moves (through the transition policy), assignment, priority,
category and rating; case: one change of a ticket's case fields from any interface; agent:
what agents do from the workspace (take, merge, spam, canned responses, bulk changes); store:
the three parties' own moves (ask the store, no answer needed, ask the help center to step
in, the store's missed deadline)."""

from ..transitions import REOPEN_DAYS, can_answer_as_store, same_requester
from .agent import (
    BULK_ACTIONS,
    BULK_LIMIT,
    BulkOutcome,
    TicketTaken,
    add_tags,
    apply_macro,
    bulk_update,
    mark_notifications_read,
    mark_spam,
    merge_tickets,
    take_ticket,
)
from .case import KEEP, CaseChange, change_case, change_queue
from .core import (
    Intake,
    InvalidTicket,
    InvalidTransition,
    NotAllowed,
    Written,
    add_message,
    assign_ticket,
    change_category,
    change_priority,
    change_status,
    close_ticket,
    live_ticket,
    open_ticket,
    opens_follow_up,
    rate_ticket,
    record,
    reopen_ticket,
    send_earlier_inquiry_link,
    write_again,
)
from .store import (
    ask_help_center,
    mark_no_answer_needed,
    request_store_answer,
    store_missed,
    store_warning,
)
from .system import add_system_note

__all__ = [
    "BULK_ACTIONS",
    "BULK_LIMIT",
    "KEEP",
    "REOPEN_DAYS",
    "BulkOutcome",
    "CaseChange",
    "Intake",
    "InvalidTicket",
    "InvalidTransition",
    "NotAllowed",
    "TicketTaken",
    "Written",
    "add_message",
    "add_system_note",
    "add_tags",
    "apply_macro",
    "ask_help_center",
    "assign_ticket",
    "bulk_update",
    "can_answer_as_store",
    "change_case",
    "change_category",
    "change_priority",
    "change_queue",
    "change_status",
    "close_ticket",
    "live_ticket",
    "mark_no_answer_needed",
    "mark_notifications_read",
    "mark_spam",
    "merge_tickets",
    "open_ticket",
    "opens_follow_up",
    "rate_ticket",
    "record",
    "reopen_ticket",
    "request_store_answer",
    "same_requester",
    "send_earlier_inquiry_link",
    "store_missed",
    "store_warning",
    "take_ticket",
    "write_again",
]
