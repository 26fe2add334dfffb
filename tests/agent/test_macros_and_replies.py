"""Replies, notes and canned responses from the ticket page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CategoryFactory, QueueFactory, TicketFactory
from tickets import services
from tickets.models import Macro, Message, Tag, Ticket, TicketEvent

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.fixture
def ticket(queue):
    return TicketFactory(category=CategoryFactory(queue=queue), status=Ticket.Status.OPEN)


@pytest.fixture
def macro(db):
    macro = Macro.objects.create(
        name="Tracking", body="Follow the parcel here.", set_status="pending", set_priority="high"
    )
    macro.add_tags.add(Tag.objects.create(name="tracking"))
    return macro


def test_a_canned_response_sends_its_text_and_sets_status_priority_and_tags(ticket, agent, macro):
    message = services.apply_macro(ticket, by=agent, macro=macro)
    ticket.refresh_from_db()
    assert message.body == "Follow the parcel here." and message.kind == "reply"
    assert (ticket.status, ticket.priority) == ("pending", "high")
    assert list(ticket.tags.values_list("name", flat=True)) == ["tracking"]
    assert TicketEvent.objects.filter(ticket=ticket, kind="tags", actor=agent).exists()


def test_the_status_picked_when_sending_wins_over_the_canned_one(ticket, agent, macro):
    services.apply_macro(ticket, by=agent, macro=macro, body="Edited text", new_status="resolved")
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    assert ticket.messages.last().body == "Edited text"


def test_a_canned_response_of_another_queue_is_refused(ticket, agent, macro):
    macro.queue = QueueFactory(slug="elsewhere")
    macro.save()
    with pytest.raises(services.NotAllowed):
        services.apply_macro(ticket, by=agent, macro=macro)
    assert ticket.messages.count() == 1


def test_inserting_a_canned_response_fills_the_reply_box_without_sending(
    agent_client, ticket, macro
):
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/macro/",
        {"pick": macro.pk, "body": "Hello,", "kind": "reply"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="reply-box"' in response.text
    assert "Hello,\n\nFollow the parcel here." in response.text
    assert f'name="macro" value="{macro.pk}"' in response.text
    assert ticket.messages.count() == 1


def test_send_and_set_pending_posts_the_reply_and_moves_the_status(agent_client, ticket):
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/reply/",
        {"kind": "reply", "body": "We are on it.", "then": "pending"},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "pending"
    assert ticket.messages.last().body == "We are on it."


def test_a_note_with_an_attachment_stays_internal(agent_client, ticket, client):
    upload = SimpleUploadedFile("screen.png", PNG, content_type="image/png")
    agent_client.post(
        f"/agent/tickets/{ticket.reference}/reply/",
        {"kind": "note", "body": "Checked with the carrier.", "attachments": upload},
    )
    note = Message.objects.get(ticket=ticket, kind="note")
    attachment = note.attachments.get()
    url = f"/agent/tickets/{ticket.reference}/files/{attachment.pk}/"
    assert agent_client.get(url).status_code == 200
    client.force_login(ticket.requester)
    assert client.get(url).status_code == 404
    assert client.get(f"/tickets/{ticket.reference}/files/{attachment.pk}/").status_code == 404
    assert "Checked with the carrier." not in client.get(f"/tickets/{ticket.reference}/").text


def test_an_empty_reply_is_refused_with_a_message(agent_client, ticket):
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/reply/", {"kind": "reply", "body": "  "}
    )
    assert response.status_code == 400
    assert ticket.messages.count() == 1
