"""Reads scoped to the person asking: the one place that decides who sees which ticket."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User

from .models import Message, Ticket


def visible_tickets(user: User | AnonymousUser) -> QuerySet[Ticket]:
    """Buyers see their own; sellers theirs and their stores' order inquiries; agents their
    queues; supervisors everything."""
    tickets = Ticket.objects.select_related("category", "queue", "store", "assignee", "requester")
    if not user.is_authenticated or not user.is_active:
        return tickets.none()
    assert isinstance(user, User)
    if user.is_supervisor:
        return tickets
    if user.is_agent:
        return tickets.filter(queue__memberships__user=user)
    if user.is_seller:
        return tickets.filter(
            Q(requester=user) | Q(store__owner=user, category__concerns_store=True)
        )
    return tickets.filter(requester=user)


def ticket_for_guest(token: str) -> Ticket | None:
    if not token or len(token) > 100:
        return None
    return (
        Ticket.objects.select_related("category", "queue", "store")
        .filter(guest_token=token, requester__isnull=True)
        .first()
    )


def visible_messages(ticket: Ticket, user: User | AnonymousUser | None) -> QuerySet[Message]:
    """The thread as this person may read it: notes and system lines only for agents."""
    messages = ticket.messages.select_related("author").prefetch_related("attachments")
    if user is not None and user.is_authenticated and isinstance(user, User) and user.is_agent:
        return messages
    return messages.filter(kind=Message.Kind.REPLY)
