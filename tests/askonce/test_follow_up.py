"""Writing again after closing: within the reopen window the inquiry opens again; later a new
inquiry follows the old one, with the old thread one click away, on the web and in the API."""

from datetime import timedelta

from django.utils import timezone

from tests.api.helpers import client_for
from tickets import services
from tickets.models import Message, Ticket, TicketEvent

from .conftest import file


def _done(ticket, status, *, ago):
    moment = timezone.now() - ago
    Ticket.objects.filter(pk=ticket.pk).update(
        status=status,
        resolved_at=moment,
        closed_at=moment if status == Ticket.Status.CLOSED else None,
    )
    ticket.refresh_from_db()
    return ticket


def test_within_the_window_a_closed_inquiry_opens_again(people, reference_data):
    ticket = _done(file(people, reference_data), Ticket.Status.CLOSED, ago=timedelta(days=6))
    written = services.write_again(ticket, by=people["buyer"], body="아직 못 받았어요")
    ticket.refresh_from_db()
    assert (written.ticket, written.follow_up, ticket.status) == (ticket, False, "open")
    assert ticket.reopened_count == 1


def test_past_the_window_a_follow_up_is_filed_and_linked_both_ways(people, reference_data):
    old = _done(file(people, reference_data), Ticket.Status.CLOSED, ago=timedelta(days=8))
    written = services.write_again(old, by=people["buyer"], body="또 문제가 생겼어요")
    new = written.ticket
    assert written.follow_up and new.pk != old.pk
    assert (new.follows_id, new.follows_reference) == (old.pk, old.reference)
    assert (new.category, new.order_number, new.requester) == (
        old.category,
        old.order_number,
        old.requester,
    )
    assert written.message.body == "또 문제가 생겼어요"
    old.refresh_from_db()
    assert old.status == Ticket.Status.CLOSED
    assert TicketEvent.objects.get(ticket=new, kind="follow_up").old == old.reference
    assert TicketEvent.objects.get(ticket=old, kind="follow_up").new == new.reference


def test_the_web_reply_past_the_window_goes_to_the_follow_up(people, reference_data, client):
    old = _done(file(people, reference_data), Ticket.Status.RESOLVED, ago=timedelta(days=8))
    client.force_login(people["buyer"])
    page = client.get(f"/tickets/{old.reference}/").text
    assert 'id="follow-up-hint"' in page
    response = client.post(f"/tickets/{old.reference}/reply/", {"body": "다시 문의드려요"})
    new = Ticket.objects.get(follows=old)
    assert response.status_code == 302 and response["Location"] == f"/tickets/{new.reference}/"
    page = client.get(f"/tickets/{new.reference}/").text
    assert f'href="/tickets/{old.reference}/"' in page  # the old thread, one click away
    assert "이전 문의" in page


def test_a_guest_follow_up_links_to_the_old_thread_through_the_private_link(
    people, reference_data, client
):
    old = _done(file(people, reference_data, who=None), Ticket.Status.CLOSED, ago=timedelta(days=9))
    response = client.post(f"/tickets/track/{old.guest_token}/reply/", {"body": "Again"})
    new = Ticket.objects.get(follows=old)
    assert response["Location"] == f"/tickets/track/{new.guest_token}/"
    page = client.get(response["Location"]).text
    assert f'href="/tickets/track/{old.guest_token}/"' in page


def test_the_api_reply_past_the_window_names_the_follow_up(people, reference_data):
    old = _done(file(people, reference_data), Ticket.Status.CLOSED, ago=timedelta(days=8))
    response = client_for(people["buyer"]).post(
        f"/api/v1/tickets/{old.reference}/messages/", {"body": "One more thing"}, format="json"
    )
    new = Ticket.objects.get(follows=old)
    assert response.status_code == 201
    assert response.json()["ticket"] == new.reference
    assert new.channel == Ticket.Channel.API
    assert Message.objects.filter(ticket=new, body="One more thing").exists()


def test_an_agent_page_shows_the_follow_up_link(people, reference_data, client):
    old = _done(file(people, reference_data), Ticket.Status.CLOSED, ago=timedelta(days=8))
    new = services.write_again(old, by=people["buyer"], body="again").ticket
    client.force_login(people["agent"])
    page = client.get(f"/agent/tickets/{new.reference}/").text
    assert f'href="/agent/tickets/{old.reference}/"' in page


def test_someone_else_cannot_write_on_it(people, reference_data, client):
    old = _done(file(people, reference_data), Ticket.Status.CLOSED, ago=timedelta(days=8))
    client.force_login(people["buyer2"])
    assert client.post(f"/tickets/{old.reference}/reply/", {"body": "x"}).status_code == 404
    assert not Ticket.objects.filter(follows=old).exists()


def test_the_api_names_the_inquiry_a_follow_up_follows(people, reference_data):
    old = _done(file(people, reference_data), Ticket.Status.CLOSED, ago=timedelta(days=8))
    new = services.write_again(old, by=people["buyer"], body="again").ticket
    api = client_for(people["buyer"])
    assert api.get(f"/api/v1/tickets/{new.reference}/").json()["follows"] == old.reference
    assert api.get(f"/api/v1/tickets/{old.reference}/").json()["follows"] == ""
