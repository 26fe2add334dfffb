"""The collision notice and the notification inbox."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import CategoryFactory, TicketFactory, UserFactory, member
from tickets.models import Notification


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ticket(queue):
    return TicketFactory(category=CategoryFactory(queue=queue))


def test_a_second_agent_on_the_ticket_is_told_who_else_is_there_and_writing(
    agent_client, ticket, queue
):
    colleague = member(UserFactory(agent=True, display_name="Agent Park"), queue)
    url = f"/agent/tickets/{ticket.reference}/presence/"
    agent_client.post(url, {"typing": "1"}, headers={"HX-Request": "true"})
    client = Client()
    client.force_login(colleague)
    response = client.post(url, {"typing": "0"}, headers={"HX-Request": "true"})
    assert "Agent Kim" in response.text
    assert "presence-typing" in response.text
    mine = agent_client.post(url, headers={"HX-Request": "true"})
    assert "Agent Park" in mine.text and "presence-typing" not in mine.text


def test_alone_on_a_ticket_nobody_else_is_shown(agent_client, ticket):
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/presence/",
        {"typing": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="presence"')  # the live region, empty
    assert "presence-line" not in response.text
    assert "Agent Kim" not in response.text  # the agent is not told about themselves


def test_presence_of_a_ticket_in_another_queue_is_404(agent_client):
    hidden = TicketFactory()
    assert agent_client.post(f"/agent/tickets/{hidden.reference}/presence/").status_code == 404


def test_the_header_shows_unread_notifications_and_they_can_be_marked_read(
    agent_client, agent, ticket
):
    first = Notification.objects.create(
        recipient=agent, ticket=ticket, kind="x", text="First notice for Kim"
    )
    Notification.objects.create(
        recipient=agent, ticket=ticket, kind="x", text="Second notice for Kim"
    )
    Notification.objects.create(
        recipient=UserFactory(agent=True), kind="x", text="A notice for someone else"
    )
    page = agent_client.get("/agent/notifications/").text
    assert "First notice for Kim" in page and "Second notice for Kim" in page
    assert "A notice for someone else" not in page
    assert 'count-pill count-alert"><span class="visually-hidden">' in page
    agent_client.post("/agent/notifications/read/", {"notification": [first.pk]})
    assert Notification.objects.filter(recipient=agent, read_at__isnull=True).count() == 1
    agent_client.post("/agent/notifications/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=agent, read_at__isnull=True).exists()


def test_marking_someone_elses_notification_read_does_nothing(agent_client):
    other = Notification.objects.create(recipient=UserFactory(agent=True), kind="x", text="Hi")
    agent_client.post("/agent/notifications/read/", {"notification": [other.pk]})
    other.refresh_from_db()
    assert other.read_at is None
