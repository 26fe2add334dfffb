"""A kept part of a page (tickets/rows.py) equals a fresh render of it: the agent queue's rows
and filters, the requester's rows and the case form, for several tickets and in both
languages, after every value they show has changed."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone, translation

from accounts.models import User
from helpdesk import copies
from tests.factories import CategoryFactory, StoreFactory, TicketFactory, UserFactory, member
from tickets import rows, selectors
from tickets.agent_forms import TicketFilterForm
from tickets.agent_views import _case_form
from tickets.models import Tag, Ticket


@contextmanager
def no_copies():
    """Render as a process that has kept nothing yet."""
    saved = copies._memory
    copies._memory = copies._Memory()
    try:
        yield
    finally:
        copies._memory = saved


def kept_and_fresh(render):
    kept = render()
    again = render()
    with no_copies():
        fresh = render()
    assert again == kept  # the second render is the kept one
    return kept, fresh


@pytest.fixture
def tickets(queue, agent):
    category = CategoryFactory(queue=queue)
    vip = Tag.objects.create(name="vip")
    now = timezone.now()
    first = TicketFactory(
        category=category,
        status=Ticket.Status.OPEN,
        assignee=agent,
        store=StoreFactory(name="Haru Living"),
        first_response_due_at=now + timedelta(hours=1),
    )
    first.tags.add(vip)
    second = TicketFactory(category=category, status=Ticket.Status.NEW, guest=True)
    third = TicketFactory(category=category, status=Ticket.Status.PENDING, priority="urgent")
    return [first, second, third]


def single_changes(tickets, colleague):
    """What agents do all day, one shown value at a time; QuerySet.update() leaves
    updated_at alone, so only the value itself moves."""
    first, second, third = tickets

    def update(ticket, **values):
        return lambda: Ticket.objects.filter(pk=ticket.pk).update(**values)

    return [
        update(first, subject="Parcel never came"),
        update(first, priority="high"),
        update(first, assignee=colleague),
        update(first, store=None),
        lambda: first.tags.clear(),
        lambda: second.tags.add(Tag.objects.create(name="refund")),
        update(second, status=Ticket.Status.OPEN),
        update(third, requester_name="Lee"),
        update(third, status=Ticket.Status.ON_HOLD),
    ]


def queue_rows(agent, now):
    page = selectors.agent_ticket_list(agent, view="open", filters={}, sort="due", now=now)
    return rows.queue_rows(page.tickets, now)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_queue_rows_equal_fresh_renders(agent, queue, tickets, language):
    colleague = member(UserFactory(agent=True, display_name="Agent Park"), queue)
    now = timezone.now()
    with translation.override(language):
        kept, fresh = kept_and_fresh(lambda: queue_rows(agent, now))
        assert kept == fresh and len(kept) == 3
        for change in single_changes(tickets, colleague):
            change()
            kept, fresh = kept_and_fresh(lambda: queue_rows(agent, now))
            assert kept == fresh
        later = now + timedelta(hours=2)  # the first ticket's due time has passed
        kept, fresh = kept_and_fresh(lambda: queue_rows(agent, later))
        assert kept == fresh
    shown = "".join(kept)
    assert "Parcel never came" in shown and "#refund" in shown and "#vip" not in shown
    assert "text-breached" in shown and "Haru Living" not in shown


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_queue_filters_equal_fresh_renders(agent, other_queue, tickets, language):
    def filters(query):
        person = User.objects.get(pk=agent.pk)  # as a request loads it
        queues = selectors.agent_queues(person)
        form = TicketFilterForm(
            query,
            queues=queues,
            categories=selectors.reference.all_categories(),
            agents=selectors.queue_agents(queues),
        )
        form.is_valid()
        return rows.queue_filters(form, "open", query, agent.pk)

    with translation.override(language):
        for query in (QueryDict("view=open"), QueryDict("view=open&q=refund&priority=high")):
            kept, fresh = kept_and_fresh(lambda query=query: filters(query))
            assert kept == fresh
        # The agent joins a queue by SQL: no new generation, yet the choices move.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO catalog_queuemembership (queue_id, user_id, is_available)"
                " VALUES (%s, %s, true)",
                [other_queue.pk, agent.pk],
            )
        kept, fresh = kept_and_fresh(lambda: filters(QueryDict("view=open")))
        assert kept == fresh and other_queue.name in kept


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_requester_rows_equal_fresh_renders(db, language):
    seller = UserFactory(seller=True)
    store = StoreFactory(owner=seller)
    own = TicketFactory(requester=seller, status=Ticket.Status.OPEN)
    about = TicketFactory(store=store, category=CategoryFactory(concerns_store=True))

    def render():
        listed = list(selectors.visible_tickets(seller).order_by("pk"))
        return rows.requester_rows(listed, user_pk=seller.pk, is_seller=True)

    with translation.override(language):
        kept, fresh = kept_and_fresh(render)
        assert kept == fresh and len(kept) == 2
        for ticket, values in (
            (own, {"status": Ticket.Status.RESOLVED}),
            (own, {"subject": "Thanks"}),
            (about, {"status": Ticket.Status.PENDING}),
        ):
            Ticket.objects.filter(pk=ticket.pk).update(**values)
            kept, fresh = kept_and_fresh(render)
            assert kept == fresh
        assert "Thanks" in kept[0]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_case_forms_equal_fresh_renders(agent, queue, tickets, language):
    def render():
        return [
            rows.case_fields(_case_form(ticket))
            for ticket in selectors.visible_tickets(agent).order_by("pk")
        ]

    colleague = member(UserFactory(agent=True), queue)
    with translation.override(language):
        kept, fresh = kept_and_fresh(render)
        assert kept == fresh and len(kept) == 3
        for change in single_changes(tickets, colleague):
            change()
            kept, fresh = kept_and_fresh(render)
            assert kept == fresh


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_blank_forms_equal_fresh_renders_and_filled_ones_are_never_kept(db, language):
    from tickets.forms import RatingForm, ReplyForm, StepInForm, StoreReplyForm

    def render():
        return [rows.blank_form_fields(form()) for form in forms]

    forms = [ReplyForm, StoreReplyForm, RatingForm, StepInForm]
    with translation.override(language):
        kept, fresh = kept_and_fresh(render)
        assert kept == fresh and len(set(kept)) == 4  # one part per form, none shared
        assert 'name="visibility"' in kept[1] and 'name="visibility"' not in kept[0]
        refused = rows.blank_form_fields(ReplyForm({"body": ""}))
        assert 'class="errorlist' in refused and refused not in kept
        assert rows.blank_form_fields(ReplyForm()) == kept[0]  # the error was not kept


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_agent_reply_and_merge_boxes_equal_fresh_renders(db, language):
    from tickets.agent_forms import MergeForm, ReplyForm

    def render():
        return [
            rows.blank_form_fields(form, template)
            for form in (ReplyForm(), ReplyForm(store_side=True))
            for template in ("agent/_reply_kinds.html", "agent/_reply_fields.html")
        ] + [rows.blank_form_fields(MergeForm())]

    with translation.override(language):
        kept, fresh = kept_and_fresh(render)
        assert kept == fresh
        assert 'value="store"' in kept[2] and 'value="store"' not in kept[0]  # by its choices
        with_text = ReplyForm(initial={"body": "From a canned response"})
        assert "From a canned response" in rows.blank_form_fields(
            with_text, "agent/_reply_fields.html"
        )
