"""Canned responses as inserted on a ticket: the text in the ticket's language, with its
placeholders filled for this ticket."""

from __future__ import annotations

import re

from django.conf import settings

from accounts.models import User
from accounts.selectors import masked_name

from . import sla
from .models import Macro, Ticket

PLACEHOLDER = re.compile(r"\{(requester|reference|due|agent)\}")


def requester_name_for_all(ticket: Ticket) -> str:
    """The requester's name as every reader of a public reply may see it: masked when a
    store follows the inquiry (its seller reads the reply too), in full otherwise."""
    name = ticket.requester_display
    return masked_name(ticket.requester_name) if ticket.store_id is not None else name


def macro_text(macro: Macro, ticket: Ticket, *, agent: User) -> str:
    """The canned response's text in the ticket's language with {requester}, {reference},
    {due} and {agent} filled; any other brace is left as written."""
    language = ticket.language if ticket.language in dict(settings.LANGUAGES) else "ko"
    values: dict[str, str] = {
        "requester": requester_name_for_all(ticket),
        "reference": ticket.reference or "",
        "due": sla.local_text(None, ticket.resolution_due_at) or "-",
        "agent": str(agent),
    }
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], macro.body_in(language))
