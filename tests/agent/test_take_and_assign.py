"""Taking a ticket, assigning it and moving it between queues."""

import pytest

from catalog.models import Queue
from tests.factories import CategoryFactory, QueueFactory, TicketFactory, UserFactory, member
from tickets import services
from tickets.models import Notification, Ticket, TicketEvent


@pytest.fixture
def ticket(queue):
    return TicketFactory(category=CategoryFactory(queue=queue))


def test_taking_an_unassigned_ticket_makes_the_agent_its_owner_and_records_it(ticket, agent):
    services.take_ticket(ticket, by=agent)
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    event = TicketEvent.objects.get(ticket=ticket, kind=TicketEvent.Kind.ASSIGNEE)
    assert (event.actor, event.new) == (agent, str(agent))


def test_of_two_agents_taking_the_same_ticket_the_second_is_refused(ticket, agent, queue):
    second = member(UserFactory(agent=True), queue)
    stale_copy = Ticket.objects.get(pk=ticket.pk)
    services.take_ticket(ticket, by=agent)
    with pytest.raises(services.TicketTaken):
        services.take_ticket(stale_copy, by=second)
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert TicketEvent.objects.filter(ticket=ticket, kind="assignee").count() == 1


def test_taking_your_own_ticket_again_changes_nothing(ticket, agent):
    services.take_ticket(ticket, by=agent)
    services.take_ticket(ticket, by=agent)
    assert TicketEvent.objects.filter(ticket=ticket, kind="assignee").count() == 1


def test_an_agent_outside_the_queue_cannot_take_the_ticket(ticket):
    outsider = UserFactory(agent=True)
    with pytest.raises(services.NotAllowed):
        services.take_ticket(ticket, by=outsider)
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_the_take_button_assigns_and_returns_to_the_ticket(agent_client, ticket, agent):
    response = agent_client.post(f"/agent/tickets/{ticket.reference}/take/")
    assert response.status_code == 302
    assert response["Location"] == f"/agent/tickets/{ticket.reference}/"
    ticket.refresh_from_db()
    assert ticket.assignee == agent


def test_taking_only_answers_post(agent_client, ticket):
    assert agent_client.get(f"/agent/tickets/{ticket.reference}/take/").status_code == 405


def test_assigning_to_someone_else_notifies_them(ticket, agent, queue):
    colleague = member(UserFactory(agent=True), queue)
    services.assign_ticket(ticket, by=agent, assignee=colleague)
    notice = Notification.objects.get(recipient=colleague)
    assert ticket.reference in notice.text
    assert not Notification.objects.filter(recipient=agent).exists()


def test_moving_to_another_queue_releases_an_assignee_who_is_not_in_it(ticket, agent):
    ticket.assignee = agent
    ticket.save()
    elsewhere = QueueFactory(slug="voice")
    services.change_queue(ticket, by=agent, queue=elsewhere)
    ticket.refresh_from_db()
    assert (ticket.queue, ticket.assignee) == (elsewhere, None)
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == ["queue", "assignee"]


def test_a_buyer_cannot_move_a_ticket(ticket):
    with pytest.raises(services.NotAllowed):
        services.change_queue(ticket, by=ticket.requester, queue=QueueFactory())
    assert Queue.objects.get(pk=ticket.queue_id) == ticket.queue


def test_the_take_button_shows_only_while_nobody_owns_the_ticket(agent_client, ticket, queue):
    url = f"/agent/tickets/{ticket.reference}/"
    assert f'action="{url}take/"' in agent_client.get(url).text
    ticket.assignee = member(UserFactory(agent=True), queue)
    ticket.save()
    assert f'action="{url}take/"' not in agent_client.get(url).text
