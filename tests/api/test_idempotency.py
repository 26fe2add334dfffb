"""A retried request with the same Idempotency-Key returns the first ticket, never a second."""

from tickets.models import Ticket

from .helpers import client_for, error_of
from .test_ticket_create import URL, delivery


def test_the_same_key_returns_the_first_ticket(people):
    api = client_for(people["buyer"])
    first = api.post(URL, delivery(), format="json", HTTP_IDEMPOTENCY_KEY="order-page-1")
    again = api.post(URL, delivery(), format="json", HTTP_IDEMPOTENCY_KEY="order-page-1")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]
    assert Ticket.objects.count() == 1
    ticket = Ticket.objects.get()
    assert ticket.submission_key == f"api:{people['buyer'].pk}:order-page-1"


def test_another_key_or_no_key_files_another_ticket(people):
    api = client_for(people["buyer"])
    api.post(URL, delivery(), format="json", HTTP_IDEMPOTENCY_KEY="a")
    # The same order again: filed only when the caller confirms (else 409, tests/askonce).
    api.post(URL, delivery(confirm_new=True), format="json", HTTP_IDEMPOTENCY_KEY="b")
    api.post(URL, delivery(confirm_new=True), format="json")
    assert Ticket.objects.count() == 3


def test_keys_are_per_person(people):
    first = client_for(people["buyer"]).post(
        URL, delivery(), format="json", HTTP_IDEMPOTENCY_KEY="same"
    )
    second = client_for(people["buyer2"]).post(
        URL, delivery(), format="json", HTTP_IDEMPOTENCY_KEY="same"
    )
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] != second.json()["reference"]


def test_a_guest_replay_shows_the_ticket_only_to_the_same_address(people):
    guest = delivery(requester_name="Minji", requester_email="minji@example.com")
    api = client_for(None)
    first = api.post(URL, guest, format="json", HTTP_IDEMPOTENCY_KEY="guest-key")
    again = api.post(URL, guest, format="json", HTTP_IDEMPOTENCY_KEY="guest-key")
    other = api.post(
        URL,
        {**guest, "requester_email": "someone.else@example.com"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="guest-key",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]
    assert other.status_code == 400
    assert list(error_of(other)[1]) == ["Idempotency-Key"]
    assert first.json()["subject"] not in other.content.decode()
    assert Ticket.objects.count() == 1


def test_a_malformed_key_is_refused(people):
    response = client_for(people["buyer"]).post(
        URL, delivery(), format="json", HTTP_IDEMPOTENCY_KEY="x" * 81
    )
    assert response.status_code == 400
    assert list(error_of(response)[1]) == ["Idempotency-Key"]
    assert not Ticket.objects.exists()
