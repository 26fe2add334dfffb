"""The integrator's journey, end to end over HTTP: get a token, file an inquiry with an order
number from an order page, read the agent's answer, close the ticket."""

import uuid

from rest_framework.test import APIClient

from outbox.models import OutboundEmail
from tests.factories import PASSWORD
from tickets.models import Ticket, TicketEvent


def token_client(username):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    response = api.post(
        "/api/v1/auth/token/",
        {"username": username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return api


def test_an_order_page_files_an_inquiry_and_the_buyer_closes_it_after_the_answer(people):
    buyer = token_client("buyer2")

    # 1. The order page learns what the delivery category needs.
    categories = buyer.get("/api/v1/categories/").json()
    delivery = next(c for c in categories if c["slug"] == "delivery")
    required = [f["name"] for f in delivery["fields"] if f["required"]]
    assert required == ["order_number", "store_id"]

    # 2. It files the inquiry, and retries once after a timeout: one ticket.
    key = str(uuid.uuid4())
    inquiry = {
        "category": "delivery",
        "subject": "Parcel stuck at the depot",
        "body": "The tracking page has not changed for five days.",
        "details": {
            "order_number": "2026111412345678",
            "store_id": "haru-living",
            "tracking_number": "612345678901",
        },
    }
    filed = buyer.post("/api/v1/tickets/", inquiry, format="json", HTTP_IDEMPOTENCY_KEY=key)
    retried = buyer.post("/api/v1/tickets/", inquiry, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert filed.status_code == 201, filed.content
    assert retried.status_code == 200
    reference = filed.json()["reference"]
    assert retried.json()["reference"] == reference
    assert filed.json()["details"]["order_number"] == "2026111412345678"
    assert filed.json()["queue"] == "orders"
    assert Ticket.objects.filter(reference=reference).count() == 1
    assert Ticket.objects.count() == 1

    # 3. An agent's tool finds the new ticket in the queue, answers, asks the buyer to confirm.
    agent = token_client("agent")
    queue = agent.get("/api/v1/tickets/", {"queue": "orders", "status": "new"}).json()
    assert reference in [t["reference"] for t in queue["results"]]
    answer = agent.post(
        f"/api/v1/tickets/{reference}/messages/",
        {"body": "The courier found it; it arrives tomorrow."},
        format="json",
    )
    assert answer.status_code == 201
    note = agent.post(
        f"/api/v1/tickets/{reference}/messages/",
        {"body": "Depot mix-up, courier ticket 5521.", "kind": "note"},
        format="json",
    )
    assert note.status_code == 201
    resolved = agent.patch(f"/api/v1/tickets/{reference}/", {"status": "resolved"}, format="json")
    assert resolved.json()["status"] == "resolved"

    # 4. The buyer reads the answer (not the note) and closes the inquiry.
    thread = buyer.get(f"/api/v1/tickets/{reference}/messages/").json()["results"]
    assert [(m["kind"], m["body"]) for m in thread] == [
        ("reply", "The tracking page has not changed for five days."),
        ("reply", "The courier found it; it arrives tomorrow."),
    ]
    closed = buyer.patch(f"/api/v1/tickets/{reference}/", {"status": "closed"}, format="json")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"

    ticket = Ticket.objects.get(reference=reference)
    assert ticket.status == Ticket.Status.CLOSED and ticket.closed_at is not None
    assert ticket.channel == Ticket.Channel.API
    assert TicketEvent.objects.filter(ticket=ticket, kind="status", actor=people["buyer2"]).exists()
    # The acknowledgement and the answer went to the buyer through the outbox, the note not.
    mails = OutboundEmail.objects.filter(to=people["buyer2"].email)
    assert sorted(key.split(":")[0] for key in mails.values_list("dedupe_key", flat=True)) == [
        "answer",
        "received",
    ]
