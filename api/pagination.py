from __future__ import annotations

from rest_framework.pagination import CursorPagination


class TicketCursorPagination(CursorPagination):
    """Newest inquiries first. The cursor runs on created_at, which never changes, so pages
    neither skip nor repeat tickets while they are being updated; the "ticket_created" index
    (and "ticket_requester_created" under a requester's scope) serve it."""

    ordering = ("-created_at", "-id")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class MessageCursorPagination(CursorPagination):
    """The thread in order; the "message_thread" index (ticket, created_at) serves it."""

    ordering = ("created_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
