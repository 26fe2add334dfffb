"""Who may see which ticket is read from the database on each request: an agent taken out of
a queue loses its tickets on the very next request, even while this process's copy of the
memberships still lists them."""

from django.db import connection
from rest_framework.authtoken.models import Token

from catalog import reference
from tests.factories import CategoryFactory, TicketFactory


def test_an_agent_removed_from_a_queue_gets_a_404_on_the_very_next_request(
    agent_client, agent, queue
):
    ticket = TicketFactory(category=CategoryFactory(queue=queue), status="open")
    page = f"/agent/tickets/{ticket.reference}/"
    api = f"/api/v1/tickets/{ticket.reference}/"
    token = Token.objects.create(user=agent)
    assert agent_client.get(page).status_code == 200
    assert ticket.reference in agent_client.get("/agent/?view=open").text
    assert agent_client.get(api, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    # Taken out by another process whose change has not reached this one (a Redis outage):
    # the shared generation stays, and the copy still lists the membership.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_queuemembership WHERE user_id = %s", [agent.pk])
    assert any(m.user_id == agent.pk for m in reference.memberships())
    assert agent_client.get(page).status_code == 404
    assert ticket.reference not in agent_client.get("/agent/?view=open").text
    assert agent_client.get(api, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 404
