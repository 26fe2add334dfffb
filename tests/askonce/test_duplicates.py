"""Before filing: the same person's open or lately resolved inquiry about the same order is
offered instead of a second one, on the web form and in the API, for accounts and guests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outbox.models import OutboundEmail
from tests.api.helpers import client_for
from tickets import services
from tickets.models import Message, Ticket
from tickets.selectors import earlier_inquiry

from .conftest import DASHED, ORDER, file

URL = "/api/v1/tickets/"


def _resolved(ticket, *, ago):
    Ticket.objects.filter(pk=ticket.pk).update(
        status=Ticket.Status.RESOLVED, resolved_at=timezone.now() - ago
    )


# --- The rule -------------------------------------------------------------------------------


def test_an_open_inquiry_about_the_same_order_is_found_in_any_spelling(people, reference_data):
    ticket = file(people, reference_data)
    found = earlier_inquiry(requester=people["buyer"], order_number=DASHED)
    assert found == ticket


def test_another_order_or_another_person_is_not_a_duplicate(people, reference_data):
    file(people, reference_data)
    assert earlier_inquiry(requester=people["buyer"], order_number="2026111499999999") is None
    assert earlier_inquiry(requester=people["buyer2"], order_number=ORDER) is None
    assert earlier_inquiry(requester=people["buyer"], order_number="") is None


@pytest.mark.parametrize(
    ("ago", "found"),
    [
        (timedelta(days=14) - timedelta(seconds=1), True),
        (timedelta(days=14), True),
        (timedelta(days=14, seconds=1), False),
    ],
)
def test_a_resolved_inquiry_counts_for_the_window_and_not_a_second_longer(
    people, reference_data, ago, found
):
    ticket = file(people, reference_data)
    _resolved(ticket, ago=ago)
    assert (earlier_inquiry(requester=people["buyer"], order_number=ORDER) == ticket) is found


def test_the_window_is_a_setting(people, reference_data, settings):
    settings.HELPDESK_DUPLICATE_WINDOW_DAYS = 3
    ticket = file(people, reference_data)
    _resolved(ticket, ago=timedelta(days=4))
    assert earlier_inquiry(requester=people["buyer"], order_number=ORDER) is None


def test_merged_and_spam_inquiries_are_not_offered(people, reference_data):
    first, second = file(people, reference_data), file(people, reference_data)
    services.merge_tickets(second, into=first, by=people["agent"])
    assert earlier_inquiry(requester=people["buyer"], order_number=ORDER) == first
    services.mark_spam(first, by=people["agent"])
    assert earlier_inquiry(requester=people["buyer"], order_number=ORDER) is None


def test_a_guest_is_known_by_their_address_as_a_guest_only(people, reference_data):
    ticket = file(people, reference_data, who=None)
    found = earlier_inquiry(requester=None, requester_email="MINJI@example.com", order_number=ORDER)
    assert found == ticket
    assert (
        earlier_inquiry(requester=None, requester_email="x@example.com", order_number=ORDER) is None
    )
    # An account with the same address is another requester.
    assert earlier_inquiry(requester=people["buyer"], order_number=ORDER) is None


# --- API ------------------------------------------------------------------------------------


def _body(**extra):
    return {
        "category": "delivery",
        "subject": "Parcel stuck",
        "body": "Still nothing.",
        "details": {"order_number": DASHED, "store_id": "haru-living"},
        **extra,
    }


def test_the_api_answers_409_with_the_earlier_reference(people, reference_data):
    ticket = file(people, reference_data)
    response = client_for(people["buyer"]).post(URL, _body(), format="json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert (error["code"], error["reference"], error["fields"]) == (
        "duplicate",
        ticket.reference,
        {},
    )
    assert ticket.reference in error["message"]
    assert Ticket.objects.count() == 1


def test_the_api_files_anyway_when_confirmed(people, reference_data):
    file(people, reference_data)
    response = client_for(people["buyer"]).post(URL, _body(confirm_new=True), format="json")
    assert response.status_code == 201
    assert Ticket.objects.count() == 2


def test_the_api_files_when_the_earlier_one_is_past_the_window(people, reference_data):
    _resolved(file(people, reference_data), ago=timedelta(days=15))
    assert client_for(people["buyer"]).post(URL, _body(), format="json").status_code == 201


def test_a_retry_with_the_same_key_gets_its_ticket_not_a_409(people):
    api = client_for(people["buyer"])
    first = api.post(URL, _body(), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = api.post(URL, _body(), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]


def test_a_guest_gets_409_without_the_reference(people, reference_data):
    file(people, reference_data, who=None)
    guest = _body(requester_name="Minji", requester_email="minji@example.com")
    response = client_for(None).post(URL, guest, format="json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "duplicate" and error["reference"] is None
    assert "HD-" not in error["message"]
    other = _body(requester_name="Other", requester_email="other@example.com")
    assert client_for(None).post(URL, other, format="json").status_code == 201


def test_the_409_speaks_the_callers_language(people, reference_data):
    file(people, reference_data)
    korean = client_for(people["buyer"], language="ko").post(URL, _body(), format="json")
    english = client_for(people["buyer"], language="en").post(URL, _body(), format="json")
    assert korean.json()["error"]["message"] != english.json()["error"]["message"]
    assert "already asked" in english.json()["error"]["message"]


# --- Web form -------------------------------------------------------------------------------


def _form(n=2, **extra):
    return {
        "submission_id": f"00000000-0000-4000-8000-{n:012d}",
        "category": "delivery",
        "subject": "아직도 안 와요",
        "body": "택배가 아직도 오지 않았어요.",
        "details-order_number": DASHED,
        "details-store_id": "haru-living",
        **extra,
    }


def test_the_form_says_so_and_files_nothing(people, reference_data, client):
    ticket = file(people, reference_data)
    client.force_login(people["buyer"])
    response = client.post("/tickets/new/", _form())
    assert response.status_code == 200
    page = response.text
    assert "이미 문의하신 건이 있어요" in page
    assert ticket.reference in page and f"/tickets/{ticket.reference}/" in page
    assert 'name="duplicate" value="continue"' in page and 'value="new"' in page
    assert Ticket.objects.count() == 1


def test_the_form_speaks_english_too(people, reference_data, client):
    file(people, reference_data, who="buyer2")
    client.force_login(people["buyer2"])
    page = client.post("/tickets/new/", _form(), HTTP_ACCEPT_LANGUAGE="en").text
    assert "You have already asked about this order" in page


def test_continuing_there_adds_the_message_to_the_earlier_inquiry(people, reference_data, client):
    ticket = file(people, reference_data)
    client.force_login(people["buyer"])
    response = client.post("/tickets/new/", _form(duplicate="continue"))
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.reference}/"
    assert Ticket.objects.count() == 1
    last = Message.objects.filter(ticket=ticket).order_by("pk").last()
    assert last.body == "택배가 아직도 오지 않았어요." and last.author == people["buyer"]


def test_continuing_a_resolved_one_reopens_it(people, reference_data, client):
    ticket = file(people, reference_data)
    services.change_status(ticket, by=people["agent"], status=Ticket.Status.RESOLVED)
    client.force_login(people["buyer"])
    client.post("/tickets/new/", _form(duplicate="continue"))
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN


def test_filing_anyway_files_a_second_inquiry(people, reference_data, client):
    file(people, reference_data)
    client.force_login(people["buyer"])
    response = client.post("/tickets/new/", _form(duplicate="new"))
    assert response.status_code == 302
    assert Ticket.objects.count() == 2


def test_a_double_click_still_gets_the_first_ticket(people, client):
    client.force_login(people["buyer"])
    first = client.post("/tickets/new/", _form(n=7))
    again = client.post("/tickets/new/", _form(n=7))
    assert first.status_code == again.status_code == 302
    assert Ticket.objects.count() == 1


def test_a_guest_is_told_without_the_reference_and_gets_the_link_by_mail(
    people, reference_data, client, django_capture_on_commit_callbacks
):
    ticket = file(people, reference_data, who=None)
    data = _form(requester_name="Minji", requester_email="minji@example.com")
    page = client.post("/tickets/new/", data).text
    assert "이미 문의하신 건이 있어요" in page
    assert ticket.reference not in page and ticket.guest_token not in page
    before = OutboundEmail.objects.count()
    response = client.post("/tickets/new/", {**data, "duplicate": "continue"})
    assert response.status_code == 302
    assert Ticket.objects.count() == 1
    assert not Message.objects.filter(ticket=ticket, body=data["body"]).exists()
    sent = OutboundEmail.objects.order_by("pk")[before:]
    assert [row.to for row in sent] == ["minji@example.com"]
    assert ticket.guest_token in sent[0].body_text


def test_pressing_continue_twice_adds_the_message_once(people, reference_data, client):
    ticket = file(people, reference_data)
    client.force_login(people["buyer"])
    first = client.post("/tickets/new/", _form(duplicate="continue"))
    again = client.post("/tickets/new/", _form(duplicate="continue"))
    assert first["Location"] == again["Location"] == f"/tickets/{ticket.reference}/"
    assert Message.objects.filter(ticket=ticket, body="택배가 아직도 오지 않았어요.").count() == 1


def test_a_guest_pressing_twice_gets_one_e_mail(people, reference_data, client):
    file(people, reference_data, who=None)
    data = _form(requester_name="Minji", requester_email="minji@example.com", duplicate="continue")
    before = OutboundEmail.objects.count()
    client.post("/tickets/new/", data)
    client.post("/tickets/new/", data)
    assert OutboundEmail.objects.count() == before + 1
