"""The repeated lines of the ticket pages, rendered in Python: the thread's messages on the
agent's and on the requester's page, the agent's history and the requester's other tickets.

In the template engine each line cost a dozen variable lookups, tags and filters (a fifth of
the agent's ticket page); here a line is one format string, its text escaped the same way.
The markup is the templates' as it was, element for element: the browser and page tests
read it. Words go through gettext like the templates' did, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from helpdesk import terms

from .models import Attachment, Message, Ticket, TicketEvent
from .selectors import ThreadEntry


def _moment(value: datetime, shown: str = "%Y-%m-%d %H:%M") -> SafeString:
    """``<time>`` as the templates wrote it (``|date:'c'`` and ``|date:"Y-m-d H:i"``)."""
    local = timezone.localtime(value)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), local.strftime(shown))


def _attachments(files: tuple[Attachment, ...], url: str, *args: object) -> SafeString:
    if not files:
        return mark_safe("")
    lines = format_html_join(
        "\n",
        '    <li><a href="{}"><span dir="auto">{}</span></a> <span class="muted">({})</span></li>',
        (
            (
                reverse(url, args=[*args, file.pk]),
                file.original_name,
                filesizeformat(file.size_bytes),
            )
            for file in files
        ),
    )
    return format_html('\n<ul class="attachments">\n{}\n</ul>', lines)


def agent_thread(entries: Iterable[ThreadEntry], reference: str | None) -> SafeString:
    """The agent's thread: every message, with who wrote it and who reads it."""
    side_badges = {
        "store": format_html('<span class="badge">{}</span>', _("Store")),
        "help_center": format_html(
            '<span class="badge badge-resolved">{}</span>', _("Help center")
        ),
    }
    requester_badge = format_html('<span class="badge">{}</span>', _("Requester"))
    internal = format_html('<span class="badge badge-note">{}</span>', _("Internal note"))
    everyone = format_html('<span class="badge badge-public">{}</span>', _("Everyone"))
    no_answer = format_html(
        '<span class="muted small">{}</span>', _("The store marked it as needing no answer")
    )
    lines = []
    for entry in entries:
        message = entry.message
        if entry.side == "system":
            lines.append(
                format_html(
                    '<li>\n<p class="msg-system">{} · {}</p>\n</li>',
                    message.body,
                    _moment(message.created_at),
                )
            )
            continue
        if entry.visibility == Message.Visibility.INTERNAL:
            kind, audience = "msg-note", internal
        elif entry.visibility == Message.Visibility.STORE:
            kind = "msg-side"
            audience = format_html(
                '<span class="badge badge-side">{}</span>',
                _("To the help center only") if entry.side == "store" else _("To the store only"),
            )
        else:
            kind, audience = "", everyone
        side = {"store": " msg-store", "help_center": " msg-staff"}.get(entry.side, "")
        lines.append(
            format_html(
                '<li>\n<article class="msg {}{}">\n<header>\n<strong dir="auto">{}</strong>\n'
                "{}\n{}\n{}\n{}\n</header>\n"
                '<div class="msg-body" dir="auto">{}</div>{}\n</article>\n</li>',
                kind,
                side,
                entry.name,
                side_badges.get(entry.side, requester_badge),
                audience,
                no_answer if message.no_answer_needed_at else "",
                _moment(message.created_at),
                message.body,
                _attachments(entry.files, "agent:attachment", reference),
            )
        )
    return mark_safe("\n".join(lines))  # noqa: S308  (each line built by format_html)


def history(events: Iterable[TicketEvent]) -> SafeString:
    """The ticket's history as the agent reads it, oldest first."""
    system = _("System")
    kinds = dict(TicketEvent.Kind.choices)
    lines = []
    for event in events:
        old, new, reason = event.shown_old, event.shown_new, event.shown_reason
        if event.kind == TicketEvent.Kind.CLAIM:
            change = format_html(
                '<span><a href="{}">{}</a>: {}</span>',
                reverse("claims:detail", args=[event.old]),
                event.old,
                terms.render(terms.choice("claims.Claim.state", event.new)),
            )
        elif old or new:
            change = format_html("<span>{}{}</span>", f"{old} → " if old else "", new)
        else:
            change = mark_safe("")
        lines.append(
            format_html(
                "<li>{}\n<strong>{}</strong>\n{}\n"
                '<span class="muted"><span class="history-actor">{}</span>{}</span>\n</li>',
                _moment(event.created_at, "%m-%d %H:%M"),
                kinds.get(event.kind, event.kind),
                change,
                event.actor if event.actor else system,
                f" · {reason}" if reason else "",
            )
        )
    return mark_safe("\n".join(lines))  # noqa: S308  (each line built by format_html)


def other_tickets(tickets: Iterable[Ticket]) -> SafeString:
    """The requester's other tickets, each a link to its page in the workspace."""
    statuses = dict(Ticket.Status.choices)
    return format_html_join(
        "",
        '<li><a href="{}">{} <span dir="auto">{}</span></a> '
        '<span class="badge badge-{}">{}</span></li>',
        (
            (
                reverse("agent:ticket", args=[ticket.reference]),
                ticket.reference,
                ticket.subject,
                ticket.status,
                statuses.get(ticket.status, ticket.status),
            )
            for ticket in tickets
        ),
    )


def requester_thread(
    entries: Iterable[ThreadEntry],
    ticket: Ticket,
    *,
    token: str | None,
    answers_as_store: bool,
    can_mark_no_answer: bool,
    csrf_token: Callable[[], str],
) -> SafeString:
    """The thread as the requester reads it (or, on an order inquiry, the store): the store's
    buyer lines carry "No answer needed". ``csrf_token`` is asked only for that form."""
    side_badges = {
        "store": format_html('<span class="badge">{}</span>', _("Store")),
        "help_center": format_html(
            '<span class="badge badge-resolved">{}</span>', _("Customer Center")
        ),
    }
    buyer_badge = format_html('<span class="badge">{}</span>', _("Buyer"))
    lines = []
    for entry in entries:
        message = entry.message
        side = {"store": "msg-store", "help_center": "msg-staff"}.get(entry.side, "")
        audience = mark_safe("")
        if entry.visibility == Message.Visibility.STORE:
            audience = format_html(
                '<span class="badge badge-side">{}</span>',
                _("To the help center only") if entry.side == "store" else _("To your store only"),
            )
        if token:
            files = _attachments(entry.files, "tickets:guest_attachment", token)
        else:
            files = _attachments(entry.files, "tickets:attachment", ticket.reference)
        store_line = mark_safe("")
        if answers_as_store and entry.side == "buyer":
            if message.no_answer_needed_at:
                store_line = format_html(
                    '\n<p class="muted small">{}</p>', _("Marked as needing no answer")
                )
            elif can_mark_no_answer:
                store_line = format_html(
                    '\n<form method="post" action="{}" class="inline-form">'
                    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                    '<button type="submit" class="button-small button-quiet">{}</button></form>',
                    reverse("tickets:no_answer_needed", args=[ticket.reference, message.pk]),
                    csrf_token(),
                    _("No answer needed"),
                )
        lines.append(
            format_html(
                '<li>\n<article class="msg {}{}">\n<header>\n<strong dir="auto">{}</strong>\n'
                "{}\n{}\n{}\n</header>\n"
                '<div class="msg-body" dir="auto">{}</div>{}{}\n</article>\n</li>',
                side,
                " msg-side" if entry.visibility == Message.Visibility.STORE else "",
                entry.name,
                side_badges.get(entry.side, buyer_badge),
                audience,
                _moment(message.created_at),
                message.body,
                files,
                store_line,
            )
        )
    return mark_safe("\n".join(lines))  # noqa: S308  (each line built by format_html)
