"""Order numbers are accepted in any spelling and stored as digits, on every way in."""

import importlib

import pytest
from django.apps import apps

from mail.services import ORDER_NUMBER
from tests.api.helpers import client_for
from tickets.details import normalise_order_number
from tickets.models import Ticket

from .conftest import DASHED, ORDER, file


@pytest.mark.parametrize(
    "typed",
    [DASHED, "2026 1114 1234 5678", " 2026111412345678 ", "2026\u20131114\uff0d1234 5678", ORDER],
)
def test_spaces_and_dashes_are_removed(typed):
    assert normalise_order_number(typed) == ORDER


def test_the_web_form_takes_a_dashed_order_number_and_stores_digits(people, client):
    client.force_login(people["buyer"])
    response = client.post(
        "/tickets/new/",
        {
            "submission_id": "00000000-0000-4000-8000-000000000001",
            "category": "delivery",
            "subject": "택배가 안 와요",
            "body": "일주일째 그대로예요.",
            "details-order_number": DASHED,
            "details-store_id": "haru-living",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.order_number, ticket.details["order_number"]) == (ORDER, ORDER)


def test_the_api_takes_a_spaced_order_number_and_stores_digits(people):
    response = client_for(people["buyer"]).post(
        "/api/v1/tickets/",
        {
            "category": "delivery",
            "subject": "Parcel stuck",
            "body": "No movement.",
            "details": {"order_number": "2026 1114 1234 5678", "store_id": "haru-living"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["details"]["order_number"] == ORDER
    assert Ticket.objects.get().order_number == ORDER


def test_letters_are_still_refused(people):
    response = client_for(people["buyer"]).post(
        "/api/v1/tickets/",
        {
            "category": "delivery",
            "subject": "Parcel stuck",
            "body": "No movement.",
            "details": {"order_number": "2026-ABCD-1234", "store_id": "haru-living"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "details.order_number" in response.json()["error"]["fields"]


def test_mail_finds_an_order_number_written_with_dashes():
    found = ORDER_NUMBER.search(f"주문번호 {DASHED} 배송 문의")
    assert found is not None and normalise_order_number(found.group(1)) == ORDER
    assert ORDER_NUMBER.search(f"order {ORDER} please").group(1) == ORDER


def test_the_data_migration_normalises_existing_rows(people, reference_data):
    ticket = file(people, reference_data)
    Ticket.objects.filter(pk=ticket.pk).update(
        order_number=DASHED, details={"order_number": DASHED, "store_id": "haru-living"}
    )
    migration = importlib.import_module("tickets.migrations.0012_ask_once")
    migration.normalise_order_numbers(apps, None)
    ticket.refresh_from_db()
    assert ticket.order_number == ORDER
    assert ticket.details == {"order_number": ORDER, "store_id": "haru-living"}


def test_my_inquiries_find_an_order_number_in_any_spelling(people, reference_data, client):
    ticket = file(people, reference_data)
    other = file(people, reference_data, order="2026111400000042")
    client.force_login(people["buyer"])
    for typed in (DASHED, "2026 1114 1234 5678"):
        page = client.get("/tickets/", {"q": typed}).text
        assert ticket.reference in page and other.reference not in page
