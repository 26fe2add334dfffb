"""Asking to be called back: validation, the ticket it becomes, and a due time inside the
phone line's hours, also across a holiday."""

from datetime import timedelta

import pytest

from callbacks import selectors, services
from callbacks.models import Callback
from tickets.models import Ticket

from .conftest import CHUSEOK_EVE, TUESDAY_10, ask, at


def test_a_request_becomes_a_phone_ticket_with_its_callback(people, reference_data, tuesday):
    callback = ask(people, reference_data, preferred_at=at(2026, 11, 24, 15, 0))
    ticket = callback.ticket
    assert (ticket.channel, ticket.category.slug, ticket.requester) == (
        "phone",
        "refund",
        people["buyer"],
    )
    assert (callback.phone, callback.due_at, callback.state) == (
        "010-1234-5678",
        at(2026, 11, 24, 15, 0),
        "waiting",
    )


def test_as_soon_as_possible_is_due_within_half_an_hour_of_open_time(
    people, reference_data, tuesday
):
    assert ask(people, reference_data).due_at == TUESDAY_10 + timedelta(minutes=30)


def test_due_times_skip_chuseok_and_stay_inside_the_hours(
    people, reference_data, phone, time_machine
):
    time_machine.move_to(CHUSEOK_EVE, tick=False)
    # Ten minutes left today, the rest after the holiday: Monday 09:20.
    assert ask(people, reference_data).due_at == at(2026, 9, 28, 9, 20)
    slots = selectors.preferred_slots(phone.calendar, now=CHUSEOK_EVE)
    assert slots[0] == at(2026, 9, 28, 9, 0)
    assert {slot.date() for slot in slots} == {at(2026, 9, d).date() for d in (28, 29, 30)}
    assert all(at(2026, 9, 28, 9) <= s < at(2026, 10, 1) and 9 <= s.hour < 18 for s in slots)
    with pytest.raises(services.InvalidCallback) as error:
        ask(people, reference_data, preferred_at=at(2026, 9, 24, 10, 0))  # Chuseok
    assert "preferred_at" in error.value.errors
    assert not Callback.objects.filter(preferred_at=at(2026, 9, 24, 10, 0)).exists()


def test_the_last_half_hour_lands_inside_the_hours(people, reference_data, time_machine):
    time_machine.move_to(at(2026, 11, 24, 17, 30), tick=False)
    due = ask(people, reference_data).due_at
    assert due == at(2026, 11, 24, 17, 59)  # not 18:00, when the line is closed


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone_number": "12345"}, "phone"),
        ({"preferred_at": at(2026, 11, 24, 20, 0)}, "preferred_at"),  # after closing
        ({"preferred_at": at(2026, 11, 24, 9, 30)}, "preferred_at"),  # past
        ({"preferred_at": at(2026, 11, 28, 11, 0)}, "preferred_at"),  # Saturday
    ],
)
def test_bad_requests_are_refused_and_save_nothing(people, reference_data, tuesday, changes, field):
    before = Ticket.objects.count()
    with pytest.raises(services.InvalidCallback) as error:
        ask(people, reference_data, **changes)
    assert field in error.value.errors
    assert Ticket.objects.count() == before and not Callback.objects.exists()


def test_the_form_files_a_callback_and_shows_the_number_masked(client, people, tuesday):
    client.force_login(people["buyer"])
    page = client.get("/callbacks/new/?channel=phone&category=refund")
    assert page.status_code == 200 and "10:30" in page.text  # a slot on the half hour
    response = client.post(
        "/callbacks/new/",
        {
            "channel": "phone",
            "submission_id": "00000000-0000-4000-8000-000000000001",
            "category": "refund",
            "phone": "010 1234 5678",
            "preferred": at(2026, 11, 24, 14, 0).isoformat(),
            "situation": "환불이 안 들어왔어요",
            "details-order_number": "2026111412345678",
            "details-payment_method": "card",
            "details-amount": "30000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    callback = Callback.objects.get()
    assert callback.due_at == at(2026, 11, 24, 14, 0) and callback.ticket.channel == "phone"
    page = client.get(response["Location"])
    assert "010-****-5678" in page.text and "010-1234-5678" not in page.text


def test_the_form_refuses_a_bad_number_in_the_persons_language(client, people, tuesday):
    client.force_login(people["buyer"])
    response = client.post(
        "/callbacks/new/",
        {
            "channel": "phone",
            "submission_id": "00000000-0000-4000-8000-000000000002",
            "category": "refund",
            "phone": "555-1234",
            "situation": "환불",
            "details-order_number": "2026111412345678",
            "details-payment_method": "card",
            "details-amount": "30000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "not a Korean phone number" in response.text
    assert not Callback.objects.exists() and not Ticket.objects.exists()


def test_contacts_offer_a_callback_when_the_line_is_closed_or_slow(client, phone, time_machine):
    phone.expected_wait_minutes = 5
    phone.save()
    time_machine.move_to(TUESDAY_10, tick=False)  # open, short wait
    assert "/callbacks/new/?channel=phone" not in client.get("/contacts/?category=refund").text
    time_machine.move_to(at(2026, 11, 24, 20, 0), tick=False)  # closed
    assert (
        "/callbacks/new/?channel=phone&amp;category=refund"
        in client.get("/contacts/?category=refund").text
    )
    phone.expected_wait_minutes = 25
    phone.save()
    time_machine.move_to(TUESDAY_10, tick=False)  # open, long wait
    assert "/callbacks/new/?channel=phone" in client.get("/contacts/?category=refund").text


def test_the_phone_wait_on_contacts_is_measured_from_callbacks(
    client, people, reference_data, time_machine
):
    time_machine.move_to(TUESDAY_10, tick=False)
    agent = people["agent"]
    for minutes in (10, 20, 30, 40, 50):
        callback = ask(people, reference_data)
        time_machine.move_to(TUESDAY_10 + timedelta(minutes=minutes), tick=False)
        services.log_attempt(callback, by=agent, outcome="reached")
        time_machine.move_to(TUESDAY_10, tick=False)
    html = client.get("/contacts/?category=refund", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Called back in about 30 minutes (measured over recent callbacks)" in html


def test_the_api_shows_a_tickets_channel(client, people, reference_data, tuesday):
    callback = ask(people, reference_data)
    client.force_login(people["buyer"])
    data = client.get(f"/api/v1/tickets/{callback.ticket.reference}/").json()
    assert data["channel"] == "phone"
    assert "010" not in str(data)
