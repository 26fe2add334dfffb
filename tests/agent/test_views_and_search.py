"""Views with live counts, filters, search, sort and keyset pagination."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CategoryFactory, StoreFactory, TicketFactory, UserFactory
from tickets import selectors
from tickets.models import Message, Tag, Ticket


@pytest.fixture
def category(queue):
    return CategoryFactory(queue=queue)


def test_views_hold_the_right_tickets(category, agent):
    now = timezone.now()
    mine = TicketFactory(category=category, assignee=agent, status="open")
    unassigned = TicketFactory(category=category, status="new")
    soon = TicketFactory(
        category=category, status="open", first_response_due_at=now + timedelta(minutes=30)
    )
    late = TicketFactory(
        category=category,
        status="open",
        first_response_at=now - timedelta(hours=5),
        first_response_due_at=now - timedelta(hours=6),
        resolution_due_at=now - timedelta(minutes=5),
    )
    pending = TicketFactory(category=category, status="pending", resolution_due_at=now)
    resolved = TicketFactory(category=category, resolved=True)

    def refs(view):
        return {t.reference for t in selectors.agent_view(agent, view, now=now)}

    assert refs("mine") == {mine.reference}
    assert refs("unassigned") == {
        unassigned.reference,
        soon.reference,
        late.reference,
        pending.reference,
    }
    assert refs("due_soon") == {soon.reference}
    assert refs("breached") == {late.reference}
    assert refs("pending") == {pending.reference}
    assert refs("resolved") == {resolved.reference}
    counts = selectors.agent_view_counts(agent, now=now)
    assert counts["open"] == 5 and counts["breached"] == 1 and counts["resolved"] == 1


def test_counts_stop_at_their_bound(category, agent):
    for _ in range(4):
        TicketFactory(category=category)
    assert selectors.agent_view_counts(agent, limit=2)["open"] == 3  # shown as "2+"


def test_the_sidebar_counts_are_counted_once_per_interval(category, agent):
    TicketFactory(category=category, status="open")
    assert selectors.recent_agent_view_counts(agent)["open"] == 1
    TicketFactory(category=category, status="open")
    with CaptureQueriesContext(connection) as queries:
        assert selectors.recent_agent_view_counts(agent)["open"] == 1  # up to 15 s old
    assert len(queries) == 0
    cache.delete(selectors.view_counts_key(agent))  # the interval is over
    assert selectors.recent_agent_view_counts(agent)["open"] == 2


def test_keyset_pages_walk_every_ticket_once_in_each_sort(category, agent):
    now = timezone.now()
    for index in range(7):
        TicketFactory(
            category=category,
            priority=["low", "normal", "high", "urgent"][index % 4],
            resolution_due_at=now + timedelta(hours=index % 3) if index % 2 else None,
        )
    expected = set(Ticket.objects.values_list("pk", flat=True))
    for sort in selectors.SORTS:
        seen, after = [], ""
        while True:
            page = selectors.agent_ticket_list(
                agent, view="open", filters={}, sort=sort, after=after, page_size=3
            )
            seen += [t.pk for t in page.tickets]
            if not page.next_cursor:
                break
            after = page.next_cursor
        assert sorted(seen) == sorted(expected), sort
        assert len(seen) == len(set(seen)), sort


def test_every_page_of_a_list_carries_the_count_of_the_whole_list(category, agent):
    for _ in range(5):
        TicketFactory(category=category)
    first = selectors.agent_ticket_list(agent, view="open", filters={}, sort="due", page_size=2)
    assert (len(first.tickets), first.count) == (2, 5)
    last = first
    while last.next_cursor:
        after = last.next_cursor
        last = selectors.agent_ticket_list(
            agent, view="open", filters={}, sort="due", after=after, page_size=2
        )
        assert last.count == 5
    past_the_end = selectors.cursor_after(last.tickets[-1], "due")
    beyond = selectors.agent_ticket_list(
        agent, view="open", filters={}, sort="due", after=past_the_end, page_size=2
    )
    assert (beyond.tickets, beyond.count) == ([], 5)
    empty = selectors.agent_ticket_list(agent, view="pending", filters={}, sort="due")
    assert (empty.tickets, empty.count) == ([], 0)


def test_an_assignee_no_longer_in_any_queue_is_still_named_in_the_list(category, agent):
    former = UserFactory(agent=True, display_name="Former Colleague")
    TicketFactory(category=category, assignee=former)
    TicketFactory(category=category, assignee=agent)
    page = selectors.agent_ticket_list(agent, view="open", filters={}, sort="due")
    assert {str(ticket.assignee) for ticket in page.tickets} == {"Former Colleague", str(agent)}


def test_each_row_carries_its_tags_by_name(category, agent):
    tagged = TicketFactory(category=category)
    tagged.tags.add(Tag.objects.create(name="zeta"), Tag.objects.create(name="alpha"))
    TicketFactory(category=category)
    page = selectors.agent_ticket_list(agent, view="open", filters={}, sort="due")
    shown = {ticket.pk: ticket.tag_names for ticket in page.tickets}
    assert shown.pop(tagged.pk) == ["alpha", "zeta"]
    assert list(shown.values()) == [[]]


def test_a_renamed_store_is_named_anew_in_the_next_list(category, agent):
    store = StoreFactory(name="Haru Living")
    TicketFactory(category=category, store=store)
    TicketFactory(category=category, store=None)

    def names():
        page = selectors.agent_ticket_list(agent, view="open", filters={}, sort="due")
        return sorted(ticket.store.name if ticket.store else "" for ticket in page.tickets)

    assert names() == ["", "Haru Living"]
    with CaptureQueriesContext(connection) as queries:
        assert names() == ["", "Haru Living"]  # this process holds the store now
    assert not [one for one in queries.captured_queries if "accounts_store" in one["sql"]]
    store.name = "Haru Home"
    store.save()
    assert names() == ["", "Haru Home"]


def test_priority_sort_puts_urgent_first(category, agent):
    TicketFactory(category=category, priority="low")
    urgent = TicketFactory(category=category, priority="urgent")
    page = selectors.agent_ticket_list(agent, view="open", filters={}, sort="priority")
    assert page.tickets[0] == urgent


def test_a_malformed_cursor_starts_from_the_first_page(agent_client, category):
    ticket = TicketFactory(category=category)
    response = agent_client.get("/agent/?view=open&after=garbage_x")
    assert response.status_code == 200
    assert ticket.reference in response.text


@pytest.mark.parametrize(
    "query",
    ["HD-777", "hd-777", "jamie@example.com", "ORD-2024-1", "blender", "cracked jar", "Jamie"],
)
def test_search_finds_by_reference_email_order_number_and_words(category, agent, query):
    requester = UserFactory(email="jamie@example.com", display_name="Jamie Lee")
    ticket = TicketFactory(
        category=category,
        reference="HD-777",
        requester=requester,
        subject="The blender arrived",
        order_number="ORD20241",
    )
    Message.objects.create(ticket=ticket, author_name="Jamie", body="The jar is cracked")
    TicketFactory(category=category, subject="Something else")
    found = selectors.search_tickets(selectors.agent_view(agent, "open"), query)
    assert list(found) == [ticket]


def test_filters_narrow_the_list(agent_client, category, agent):
    urgent = TicketFactory(category=category, priority="urgent", channel="email")
    TicketFactory(category=category, priority="low", channel="email")
    response = agent_client.get("/agent/?view=open&priority=urgent&channel=email")
    assert urgent.subject in response.text
    assert response.text.count('name="ticket"') == 1


def test_an_htmx_filter_returns_only_the_results(agent_client, category):
    TicketFactory(category=category)
    response = agent_client.get(
        "/agent/?view=open", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert response.text.lstrip().startswith('<div id="results">')
    assert "<html" not in response.text


def test_the_counts_endpoint_renders_the_views(agent_client, category):
    TicketFactory(category=category)
    response = agent_client.get("/agent/counts/?view=open")
    assert 'id="views-nav"' in response.text
