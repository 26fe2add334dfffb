"""Bulk changes from a view."""

import pytest

from tests.factories import CategoryFactory, TicketFactory, UserFactory, member
from tickets import services
from tickets.models import Ticket, TicketEvent


@pytest.fixture
def tickets(queue):
    category = CategoryFactory(queue=queue)
    return [TicketFactory(category=category, status=Ticket.Status.OPEN) for _ in range(3)]


def test_bulk_assign_to_me_assigns_every_selected_ticket_with_history(agent_client, tickets, agent):
    response = agent_client.post(
        "/agent/bulk/",
        {
            "ticket": [t.reference for t in tickets[:2]],
            "action": "assign",
            "assign": "me",
            "next": "/agent/?view=unassigned",
        },
    )
    assert response["Location"] == "/agent/?view=unassigned"
    assert [t.assignee for t in Ticket.objects.order_by("pk")] == [agent, agent, None]
    assert TicketEvent.objects.filter(kind="assignee", actor=agent).count() == 2


def test_bulk_close_and_priority(agent_client, tickets):
    references = [t.reference for t in tickets]
    agent_client.post(
        "/agent/bulk/", {"ticket": references, "action": "priority", "priority": "high"}
    )
    agent_client.post("/agent/bulk/", {"ticket": references, "action": "close"})
    assert set(Ticket.objects.values_list("priority", "status")) == {("high", "closed")}


def test_bulk_changes_skip_tickets_the_agent_cannot_see(agent_client, tickets):
    hidden = TicketFactory(status=Ticket.Status.OPEN)
    agent_client.post(
        "/agent/bulk/",
        {
            "ticket": [hidden.reference, tickets[0].reference],
            "action": "status",
            "status": "on_hold",
        },
    )
    hidden.refresh_from_db()
    tickets[0].refresh_from_db()
    assert (hidden.status, tickets[0].status) == ("open", "on_hold")


def test_bulk_redirects_only_to_our_own_pages(agent_client, tickets):
    response = agent_client.post(
        "/agent/bulk/",
        {"ticket": [tickets[0].reference], "action": "close", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/agent/"
    tickets[0].refresh_from_db()
    assert tickets[0].status == Ticket.Status.CLOSED  # done, then sent home


def test_bulk_refuses_an_unknown_action_and_a_non_agent(tickets, agent):
    with pytest.raises(services.InvalidTicket):
        services.bulk_update(tickets, by=agent, action="delete")
    with pytest.raises(services.NotAllowed):
        services.bulk_update(tickets, by=UserFactory(), action="close")
    assert not Ticket.objects.filter(status="closed").exists()


def test_bulk_assign_to_a_buyer_is_refused(tickets, agent):
    buyer = UserFactory()
    with pytest.raises(services.InvalidTicket):
        services.bulk_update(tickets, by=agent, action="assign", value=str(buyer.pk))


def test_bulk_counts_what_already_was_so(tickets, agent, queue):
    member(agent, queue)
    outcome = services.bulk_update(tickets, by=agent, action="status", value="open")
    assert (outcome.changed, outcome.unchanged) == (0, 3)
