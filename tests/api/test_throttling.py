"""Abuse is capped: past the rate, 429 with Retry-After, in the one error shape."""

from tickets.models import Ticket

from .helpers import client_for, error_of
from .test_ticket_create import delivery


def test_guests_filing_too_often_get_429_with_retry_after(people, rates):
    rates(anon_ticket="2/hour")
    api = client_for(None)
    guest = delivery(requester_name="Minji", requester_email="minji@example.com", confirm_new=True)
    statuses = [api.post("/api/v1/tickets/", guest, format="json").status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    response = api.post("/api/v1/tickets/", guest, format="json")
    assert response.status_code == 429
    assert error_of(response)[0] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Ticket.objects.count() == 2


def test_signed_in_callers_have_their_own_rate(people, rates):
    rates(user="3/minute")
    buyer, buyer2 = client_for(people["buyer"]), client_for(people["buyer2"])
    statuses = [buyer.get("/api/v1/tickets/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(buyer.get("/api/v1/tickets/")["Retry-After"]) > 0
    assert buyer2.get("/api/v1/tickets/").status_code == 200  # counted per person


def test_anonymous_reads_are_rate_limited(db, rates):
    rates(anon="2/minute")
    api = client_for(None)
    statuses = [api.get("/api/v1/categories/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_password_guessing_at_the_token_endpoint_is_capped(people, rates):
    rates(auth_token="3/minute")
    api = client_for(None)
    statuses = [
        api.post(
            "/api/v1/auth/token/", {"username": "buyer", "password": f"guess-{i}"}, format="json"
        ).status_code
        for i in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


def test_an_addresses_forwarded_for_header_does_not_reset_its_count(people, rates):
    rates(anon_ticket="1/hour")
    api = client_for(None)
    guest = delivery(requester_name="Minji", requester_email="minji@example.com")
    assert api.post("/api/v1/tickets/", guest, format="json").status_code == 201
    spoofed = api.post("/api/v1/tickets/", guest, format="json", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert spoofed.status_code == 429


def test_faq_votes_are_capped_per_address(people, rates):
    rates(faq_vote="2/hour")
    api = client_for(None)
    statuses = [
        api.post(f"/api/v1/faq/articles/{slug}/vote/", {"helpful": True}, format="json").status_code
        for slug in ("delivery-delay", "change-address", "restock-alert")
    ]
    assert statuses == [200, 200, 429]
