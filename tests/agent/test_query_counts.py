"""The list and ticket pages cost the same number of queries at 10 rows as at 30.

Counted on the second request: the first fills the cache with the reference data every page
shares (categories, queues, memberships, canned responses, the session).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory, TicketFactory, UserFactory
from tickets.models import Macro, Message, Tag, TicketEvent

LIST_QUERIES = 8
TICKET_QUERIES = 10


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fill_queue(category, agent, n):
    tag = Tag.objects.get_or_create(name="vip")[0]
    for index in range(n):
        ticket = TicketFactory(category=category, assignee=agent if index % 2 else None)
        ticket.tags.add(tag)


@pytest.mark.parametrize("rows", [10, 30])
def test_the_list_page_has_a_fixed_number_of_queries(
    agent_client, agent, queue, rows, django_assert_max_num_queries
):
    _fill_queue(CategoryFactory(queue=queue), agent, rows)
    agent_client.get("/agent/?view=open&sort=priority")
    with django_assert_max_num_queries(LIST_QUERIES):
        response = agent_client.get("/agent/?view=open&sort=priority")
    assert response.text.count('name="ticket"') == min(rows, 25)


def test_the_list_page_costs_the_same_at_10_and_30_tickets(agent_client, agent, queue):
    category = CategoryFactory(queue=queue)
    _fill_queue(category, agent, 10)
    at_ten = _count(agent_client, "/agent/?view=open")
    _fill_queue(category, agent, 20)
    assert _count(agent_client, "/agent/?view=open") == at_ten


def _busy_ticket(category, agent, n):
    requester = UserFactory()
    ticket = TicketFactory(category=category, requester=requester)
    for index in range(n):
        TicketFactory(category=category, requester=requester)
        message = Message.objects.create(
            ticket=ticket,
            author=agent,
            author_name=str(agent),
            body=f"Answer {index}",
            kind="note" if index % 2 else "reply",
        )
        TicketEvent.objects.create(ticket=ticket, actor=agent, kind="replied", new=str(index))
        assert message.pk
    Macro.objects.create(name="Thanks", body="Thank you")
    return ticket


@pytest.mark.parametrize("rows", [10, 30])
def test_the_ticket_page_has_a_fixed_number_of_queries(
    agent_client, agent, queue, rows, django_assert_max_num_queries
):
    ticket = _busy_ticket(CategoryFactory(queue=queue), agent, rows)
    cache.clear()
    agent_client.get(f"/agent/tickets/{ticket.reference}/")
    with django_assert_max_num_queries(TICKET_QUERIES):
        response = agent_client.get(f"/agent/tickets/{ticket.reference}/")
    assert response.text.count('class="msg ') == rows + 1


def test_the_ticket_page_costs_the_same_with_10_and_30_messages(agent_client, agent, queue):
    category = CategoryFactory(queue=queue)
    small, big = _busy_ticket(category, agent, 10), _busy_ticket(category, agent, 30)
    assert _count(agent_client, f"/agent/tickets/{small.reference}/") == _count(
        agent_client, f"/agent/tickets/{big.reference}/"
    )
