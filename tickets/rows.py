"""Parts of the agent queue page, of the agent's ticket page (the case form), of the
requester's list and ticket page (its blank forms), each rendered once for what it shows.

The queue page is the agents' home. Its 25 rows and its filter form (some fifty options,
each a widget template) made up most of its time in the template engine, yet each depends
only on a few values: a row on the ticket's shown fields and the language, the filters on
the query string and their choices. Each part is kept in this process under a digest of
exactly those values, so a change to any of them (a status, a tag, a name, the due time
passing, a new queue member) makes a new digest and a fresh render. Like every copy of
reference data (helpdesk.copies) a part also lives for the current generation and
COPY_SECONDS at most, and none is kept while the generation cannot be read. Memory stays
bounded (KEPT parts, least recently used go). tests/agent/test_kept_parts.py renders each
part kept and fresh and compares them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.http import QueryDict
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from helpdesk import copies

from .models import Ticket

KEPT = 5_000  # about 1.5 KB each: under 8 MB per worker
_parts: copies.Copies[SafeString] = copies.Copies("rendered-parts", kept=KEPT)


def _kept(shown: tuple[object, ...], render: Callable[[], str]) -> SafeString:
    key = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return _parts.get_or_build(key, lambda: mark_safe(render()))  # noqa: S308  (our templates, autoescaped)


def _choices(form: Any, *names: str) -> tuple[object, ...]:
    """The values and labels of the form's choice fields (those named, or all): its
    reference data as shown."""
    return tuple(
        (name, tuple((str(value), str(label)) for value, label in field.choices))
        for name, field in form.fields.items()
        if hasattr(field, "choices") and (not names or name in names)
    )


def _row_shows(ticket: Ticket, now: datetime) -> tuple[object, ...]:
    """Every value the row template reads."""
    return (
        "row",
        get_language(),
        timezone.get_current_timezone_name(),
        ticket.pk,
        ticket.reference,
        ticket.subject,
        ticket.requester_display,
        ticket.category.name,
        ticket.queue.name,
        ticket.store.name if ticket.store else None,
        ticket.is_open and ticket.store_missed_at is not None,
        ticket.is_open and ticket.escalated_at is not None,
        tuple(ticket.tag_names),  # type: ignore[attr-defined]  # set by agent_ticket_list
        ticket.status,
        ticket.priority,
        str(ticket.assignee) if ticket.assignee else None,
        ticket.next_due_at if ticket.is_open else None,
        bool(ticket.is_open and ticket.next_due_at and ticket.next_due_at < now),
        ticket.updated_at,
    )


def queue_rows(tickets: list[Ticket], now: datetime) -> list[SafeString]:
    """The rows of the agent queue's table, in order."""
    template = get_template("agent/_queue_row.html")
    rows = []
    for ticket in tickets:
        shown = _row_shows(ticket, now)
        context = {"ticket": ticket, "is_breached": shown[-2]}
        rows.append(_kept(shown, partial(template.render, context)))
    return rows


def queue_filters(form: Any, view: str, query: QueryDict, agent_id: int) -> SafeString:
    """The search box and filters: the query string's values, and the choices that come from
    the reference data (the agent's queues, categories, the agent's colleagues; the others
    are fixed for the language)."""
    context = {"form": form, "view": view}
    template = get_template("agent/_queue_filters.html")
    data = _choices(form, "queue", "category", "assignee")
    shown = ("filters", get_language(), agent_id, view, sorted(query.lists()), data)
    return _kept(shown, partial(template.render, context))


def requester_rows(tickets: list[Ticket], *, user_pk: int, is_seller: bool) -> list[SafeString]:
    """The rows of a requester's list of inquiries, in order; a seller's rows about their
    store (filed by a buyer) say so."""
    template = get_template("tickets/_list_row.html")
    language, zone = get_language(), timezone.get_current_timezone_name()
    rows = []
    for ticket in tickets:
        about_store = is_seller and ticket.requester_id != user_pk
        shown = (
            "requester-row",
            language,
            zone,
            ticket.reference,
            ticket.subject,
            ticket.category.name,
            ticket.status,
            ticket.updated_at,
            about_store,
        )
        context = {
            "ticket": ticket,
            "about_store": about_store,
            "status_label": ticket.status_label_for("store" if about_store else "requester"),
        }
        rows.append(_kept(shown, partial(template.render, context)))
    return rows


def requester_filters(form: Any, query: QueryDict, *, is_seller: bool) -> SafeString:
    """The requester's filters: they show only the query string's values, in the language."""
    context = {"filters": form, "is_seller": is_seller}
    template = get_template("tickets/_list_filters.html")
    shown = ("requester-filters", get_language(), is_seller, sorted(query.lists()))
    return _kept(shown, partial(template.render, context))


def case_fields(form: Any) -> SafeString:
    """The fields of an agent's case form (an unbound CaseForm): some ninety options, the
    assignable agents, categories and queues among them, kept by their values and labels
    and by the ticket's current ones."""
    if form.is_bound:
        return mark_safe(_render_case_fields(form))  # noqa: S308  (our template, autoescaped)
    shown = (
        "case",
        get_language(),
        tuple((name, str(form.initial.get(name, ""))) for name in form.fields),
        _choices(form),
    )
    return _kept(shown, partial(_render_case_fields, form))


def _render_case_fields(form: Any) -> str:
    return get_template("agent/_case_fields.html").render({"form": form})


def blank_form_fields(form: Any, template_name: str = "_form_fields.html") -> SafeString:
    """A form's fields as ``template_name`` lays them out (by default ``_form_fields.html``,
    all of them). A blank form (unbound, with no initial values or prefix: the requester's
    reply box, rating and step-in, the agent's reply box and merge box) shows the same on
    every ticket, so it is kept by its class, its choices, the template and the language;
    any other is rendered afresh."""
    template = get_template(template_name)
    render = partial(template.render, {"form": form})
    if form.is_bound or form.initial or form.prefix:
        return mark_safe(render())  # noqa: S308  (our template, autoescaped)
    kind = type(form)
    # A hidden field shows its (blank) value, never its choices: a canned response's list is
    # not read for the reply box.
    shown_choices = tuple(
        (name, tuple((str(value), str(label)) for value, label in field.choices))
        for name, field in form.fields.items()
        if hasattr(field, "choices") and not field.widget.is_hidden
    )
    shown = ("blank-form", get_language(), template_name, kind.__module__, kind.__qualname__)
    return _kept((*shown, shown_choices), render)
