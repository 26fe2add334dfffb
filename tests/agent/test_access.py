"""Who gets into the workspace: agents of the ticket's queue and supervisors, nobody else."""

import pytest

from tests.factories import CategoryFactory, TicketFactory, UserFactory


@pytest.fixture
def ticket(queue):
    return TicketFactory(category=CategoryFactory(queue=queue))


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/agent/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/agent/")


@pytest.mark.parametrize("role", ["buyer", "seller"])
def test_buyers_and_sellers_are_refused_the_workspace(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/agent/").status_code == 403
    assert client.get("/agent/notifications/").status_code == 403


def test_a_buyer_gets_404_for_the_agent_page_of_their_own_ticket(client, ticket):
    client.force_login(ticket.requester)
    assert client.get(f"/agent/tickets/{ticket.reference}/").status_code == 404
    assert client.post(f"/agent/tickets/{ticket.reference}/take/").status_code == 404


def test_an_agent_opens_a_ticket_of_their_queue(agent_client, ticket):
    response = agent_client.get(f"/agent/tickets/{ticket.reference}/")
    assert response.status_code == 200
    assert ticket.subject in response.text


def test_an_agent_gets_404_for_a_ticket_of_another_queue(agent_client, other_queue):
    elsewhere = TicketFactory(category=CategoryFactory(queue=other_queue))
    assert agent_client.get(f"/agent/tickets/{elsewhere.reference}/").status_code == 404
    assert agent_client.post(f"/agent/tickets/{elsewhere.reference}/take/").status_code == 404
    assert agent_client.get("/agent/tickets/NOPE-1/").status_code == 404


def test_a_supervisor_opens_tickets_of_every_queue(client, other_queue):
    elsewhere = TicketFactory(category=CategoryFactory(queue=other_queue))
    client.force_login(UserFactory(supervisor=True))
    assert client.get(f"/agent/tickets/{elsewhere.reference}/").status_code == 200


def test_the_queue_lists_only_tickets_of_the_agents_queues(agent_client, ticket, other_queue):
    elsewhere = TicketFactory(category=CategoryFactory(queue=other_queue), subject="Hidden one")
    response = agent_client.get("/agent/?view=open")
    assert ticket.reference in response.text
    assert elsewhere.reference not in response.text


def test_the_navigation_offers_the_workspace_to_agents_only(client, agent, db):
    client.force_login(agent)
    assert 'href="/agent/"' in client.get("/").text
    client.force_login(UserFactory())
    assert 'href="/agent/"' not in client.get("/").text
