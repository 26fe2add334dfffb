"""Changing assignee, status, priority, category and queue in place on the ticket page."""

import pytest

from tests.factories import CategoryFactory, TicketFactory, UserFactory, member
from tickets.models import Ticket, TicketEvent


@pytest.fixture
def ticket(queue):
    return TicketFactory(category=CategoryFactory(queue=queue), status=Ticket.Status.OPEN)


def _form(ticket, **changes):
    data = {
        "assignee": str(ticket.assignee_id or ""),
        "status": ticket.status,
        "priority": ticket.priority,
        "category": str(ticket.category_id),
        "queue": str(ticket.queue_id),
    }
    data.update(changes)
    return data


def test_an_htmx_change_of_priority_saves_it_and_returns_the_case_box(agent_client, ticket, agent):
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/update/",
        _form(ticket, priority="urgent"),
        headers={"HX-Request": "true", "HX-Target": "case"},
    )
    assert response.status_code == 200
    assert 'id="case"' in response.text
    assert 'id="history" class="card"' in response.text and "hx-swap-oob" in response.text
    ticket.refresh_from_db()
    assert ticket.priority == "urgent"
    event = TicketEvent.objects.get(ticket=ticket, kind="priority")
    assert event.actor == agent


def test_without_javascript_the_form_saves_and_redirects(agent_client, ticket, queue):
    colleague = member(UserFactory(agent=True), queue)
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/update/",
        _form(ticket, status="on_hold", assignee=str(colleague.pk)),
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == ("on_hold", colleague)
    kinds = set(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == {"status", "assignee", "due"}  # on hold pauses the response clock


def test_an_unknown_status_is_refused_and_nothing_changes(agent_client, ticket):
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/update/", _form(ticket, status="deleted"), follow=True
    )
    assert "값을 확인한 뒤 다시 시도해 주세요." in response.text
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert not TicketEvent.objects.filter(ticket=ticket).exists()


def test_changing_the_category_moves_the_ticket_to_the_category_queue(agent_client, ticket, agent):
    other = CategoryFactory()
    member(agent, other.queue)
    agent_client.post(
        f"/agent/tickets/{ticket.reference}/update/", _form(ticket, category=str(other.pk))
    )
    ticket.refresh_from_db()
    assert (ticket.category, ticket.queue) == (other, other.queue)


def test_moving_the_ticket_out_of_sight_sends_the_agent_back_to_the_list(agent_client, ticket):
    other = CategoryFactory()
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/update/",
        _form(ticket, queue=str(other.queue_id)),
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == "/agent/"
    ticket.refresh_from_db()
    assert ticket.queue == other.queue
