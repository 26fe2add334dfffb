"""Ticket lists filter by status, category, priority, queue, assignee and update time, and
page with a cursor."""

from datetime import timedelta

from django.utils import timezone

from tickets import services
from tickets.models import Ticket

from .helpers import client_for, error_of


def references(response):
    assert response.status_code == 200, response.content
    return {ticket["reference"] for ticket in response.json()["results"]}


def test_filters_narrow_the_list(people, tickets):
    api = client_for(people["admin"])
    delivery, payment = tickets["buyer_delivery"], tickets["buyer_payment"]
    services.change_status(payment, by=people["agent"], status="pending")
    services.change_priority(delivery, by=people["agent"], priority="urgent")
    services.assign_ticket(delivery, by=people["agent"], assignee=people["agent2"])
    services.assign_ticket(payment, by=people["agent"], assignee=people["agent"])
    assert references(api.get("/api/v1/tickets/", {"status": "pending"})) == {payment.reference}
    assert references(api.get("/api/v1/tickets/", {"category": "payment"})) == {payment.reference}
    assert references(api.get("/api/v1/tickets/", {"priority": "urgent"})) == {delivery.reference}
    assert references(api.get("/api/v1/tickets/", {"queue": "seller-success"})) == {
        tickets["seller_own"].reference
    }
    assert delivery.reference in references(api.get("/api/v1/tickets/", {"assignee": "agent2"}))
    assert payment.reference not in references(api.get("/api/v1/tickets/", {"assignee": "agent2"}))


def test_updated_since_lists_only_recent_changes(people, tickets):
    api = client_for(people["admin"])
    long_ago = timezone.now() - timedelta(days=3)
    Ticket.objects.exclude(pk=tickets["buyer_payment"].pk).update(updated_at=long_ago)
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    assert references(api.get("/api/v1/tickets/", {"updated_since": since})) == {
        tickets["buyer_payment"].reference
    }


def test_updated_since_takes_any_offset_iso_8601_allows(people, tickets):
    api = client_for(people["admin"])
    Ticket.objects.update(updated_at=timezone.now() - timedelta(days=3))
    # 23:21 behind UTC: further than PostgreSQL's offsets go, the same instant in UTC.
    since = "2000-01-01T00:00:00-23:21"
    assert len(references(api.get("/api/v1/tickets/", {"updated_since": since}))) == len(tickets)
    assert (
        references(api.get("/api/v1/tickets/", {"updated_since": "2999-01-01T00:00:00+23:00"}))
        == set()
    )


def test_a_bad_filter_value_is_a_field_error(people, tickets):
    response = client_for(people["admin"]).get(
        "/api/v1/tickets/", {"status": "finished", "updated_since": "yesterday"}
    )
    assert response.status_code == 400
    code, fields = error_of(response)
    assert code == "invalid"
    assert set(fields) == {"status", "updated_since"}


def test_filters_never_widen_what_a_person_sees(people, tickets):
    response = client_for(people["buyer2"]).get("/api/v1/tickets/", {"queue": "orders"})
    assert references(response) == {tickets["buyer2_delivery"].reference}


def test_the_cursor_walks_every_ticket_once_newest_first(people, tickets):
    api = client_for(people["admin"])
    seen, url = [], "/api/v1/tickets/?page_size=2"
    while url:
        page = api.get(url).json()
        seen += [ticket["reference"] for ticket in page["results"]]
        url = page["next"]
    expected = list(
        Ticket.objects.order_by("-created_at", "-id").values_list("reference", flat=True)
    )
    assert seen == expected
    assert len(seen) == len(set(seen)) == 4


def test_a_forged_cursor_is_a_404_in_the_error_shape(people):
    response = client_for(people["admin"]).get("/api/v1/tickets/", {"cursor": "forged"})
    assert response.status_code == 404
    assert error_of(response)[0] == "not_found"
