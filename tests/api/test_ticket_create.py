"""Filing through the API runs the web form's validation, routing and acknowledgement."""

import pytest

from outbox.models import OutboundEmail
from tickets.models import Ticket

from .helpers import client_for, error_of

URL = "/api/v1/tickets/"


def delivery(**overrides):
    data = {
        "category": "delivery",
        "subject": "My parcel is late",
        "body": "Ordered a week ago, still not here.",
        "details": {"order_number": "2026111412345678", "store_id": "haru-living"},
    }
    data.update(overrides)
    return data


def test_a_buyer_files_an_inquiry_and_gets_the_ticket_back(people):
    response = client_for(people["buyer"]).post(URL, delivery(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get(reference=body["reference"])
    assert ticket.requester == people["buyer"]
    assert ticket.channel == Ticket.Channel.API
    assert ticket.store.seller_id == "haru-living"
    assert ticket.messages.get().body == "Ordered a week ago, still not here."
    assert body["category"] == "delivery"
    assert body["queue"] == "orders"
    assert body["status"] == "new"
    assert body["details"] == {"order_number": "2026111412345678", "store_id": "haru-living"}
    assert body["store"] == "haru-living"
    assert set(body) >= {
        "reference",
        "subject",
        "priority",
        "assignee",
        "created_at",
        "first_response_due_at",
        "resolution_due_at",
    }
    assert OutboundEmail.objects.filter(to=people["buyer"].email).exists()


def test_a_guest_files_with_a_name_and_an_email(people):
    response = client_for(None).post(
        URL,
        delivery(requester_name="Minji Kim", requester_email="minji@example.com"),
        format="json",
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    assert ticket.is_guest
    assert (ticket.requester_name, ticket.requester_email) == ("Minji Kim", "minji@example.com")
    assert ticket.guest_token  # the private link goes out by e-mail
    assert OutboundEmail.objects.filter(to="minji@example.com").exists()


def test_a_guest_without_an_email_is_refused(people):
    response = client_for(None).post(URL, delivery(requester_name="Minji"), format="json")
    assert response.status_code == 400
    code, fields = error_of(response)
    assert code == "invalid"
    assert list(fields) == ["requester_email"]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (delivery(details={"store_id": "haru-living"}), "details.order_number"),
        (
            delivery(details={"order_number": "12-AB", "store_id": "haru-living"}),
            "details.order_number",
        ),
        (
            delivery(details={"order_number": "2026111412345678", "store_id": "no-such-store"}),
            "details.store_id",
        ),
        (delivery(category="no-such-category"), "category"),
        (delivery(category="sales-statistics", details={"store_id": "haru-living"}), "category"),
        (delivery(subject=""), "subject"),
        (delivery(body="x" * 20_001), "body"),
        (
            delivery(category="payment", details={"payment_method": "card", "amount": "lots"}),
            "details.amount",
        ),
    ],
    ids=[
        "missing-required-detail",
        "bad-order-number",
        "unknown-store",
        "unknown-category",
        "seller-category-as-buyer",
        "blank-subject",
        "body-too-long",
        "amount-not-a-number",
    ],
)
def test_bad_input_names_the_field_and_files_nothing(people, data, field):
    response = client_for(people["buyer"]).post(URL, data, format="json")
    assert response.status_code == 400, response.content
    code, fields = error_of(response)
    assert code == "invalid"
    assert field in fields, fields
    assert all(isinstance(m, str) and m for m in fields[field])
    assert not Ticket.objects.exists()


def test_errors_come_in_the_language_asked_for(people):
    data = delivery(details={"store_id": "haru-living"})
    english = client_for(people["buyer"], "en").post(URL, data, format="json")
    korean = client_for(people["buyer"], "ko").post(URL, data, format="json")
    assert english["Content-Language"] == "en"
    assert korean["Content-Language"] == "ko"
    assert english.json()["error"]["fields"]["details.order_number"] == ["This field is required."]
    assert korean.json()["error"]["fields"]["details.order_number"] == [
        "이 필드는 필수 항목입니다."
    ]


def test_without_accept_language_a_person_gets_their_preferred_language(people):
    data = delivery(details={"store_id": "haru-living"})
    english = client_for(people["buyer2"], language=None).post(URL, data, format="json")
    korean = client_for(people["buyer"], language=None).post(URL, data, format="json")
    assert english.json()["error"]["fields"]["details.order_number"] == ["This field is required."]
    assert korean.json()["error"]["fields"]["details.order_number"] == [
        "이 필드는 필수 항목입니다."
    ]


def test_a_seller_may_use_the_seller_categories(people):
    response = client_for(people["seller"]).post(
        URL,
        delivery(category="sales-statistics", details={"store_id": "haru-living"}),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["queue"] == "seller-success"


def test_agents_do_not_file_inquiries_through_the_api(people):
    response = client_for(people["agent"]).post(URL, delivery(), format="json")
    assert response.status_code == 400
    assert "category" in error_of(response)[1]


def test_a_body_that_is_not_json_is_a_parse_error(people):
    response = client_for(people["buyer"]).post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)[0] == "parse_error"
