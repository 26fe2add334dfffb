"""Agents log each call; a failed one tells the requester by e-mail; the number is masked for
everyone but the callback's agents; an incoming call becomes a ticket in two clicks."""

from datetime import timedelta

import pytest

from callbacks import selectors, services
from callbacks.models import Callback, CallbackAttempt
from outbox.models import OutboundEmail
from tests.factories import UserFactory, member
from tickets.models import Message

from .conftest import TUESDAY_10, ask, at


@pytest.fixture
def callback(people, reference_data, tuesday):
    return ask(people, reference_data)


def missed_emails():
    return OutboundEmail.objects.filter(dedupe_key__startswith="callback-missed:")


def test_no_answer_tells_the_requester_and_tries_again_inside_the_hours(
    people, callback, time_machine
):
    time_machine.move_to(at(2026, 11, 24, 17, 30), tick=False)
    services.log_attempt(callback, by=people["agent"], outcome="no_answer", note="신호만 감")
    callback.refresh_from_db()
    assert (callback.state, callback.attempt_count) == ("waiting", 1)
    assert callback.due_at == at(2026, 11, 25, 9, 30)  # 60 business minutes later
    (email,) = missed_emails()
    assert email.to == "buyer@example.com" and email.language == "ko"
    assert "010-****-5678" in email.body_text and "010-1234-5678" not in email.body_text
    assert "2026-11-25 09:30" in email.body_text


def test_three_unanswered_calls_give_up_and_each_one_is_told(people, callback):
    for _ in range(3):
        services.log_attempt(callback, by=people["agent"], outcome="no_answer")
    callback.refresh_from_db()
    assert (callback.state, callback.attempt_count) == ("not_reached", 3)
    assert missed_emails().count() == 3
    with pytest.raises(services.CallbackError):
        services.log_attempt(callback, by=people["agent"], outcome="reached")


def test_a_wrong_number_gives_up_at_once_and_says_so(people, reference_data, tuesday):
    callback = ask(people, reference_data, who="buyer2")  # prefers English
    services.log_attempt(callback, by=people["agent"], outcome="wrong_number")
    callback.refresh_from_db()
    assert callback.state == "not_reached"
    (email,) = missed_emails()
    assert email.language == "en" and "The number seems to be wrong" in email.body_text


def test_reaching_them_records_the_wait_and_the_note_on_the_ticket(people, callback, time_machine):
    time_machine.move_to(TUESDAY_10 + timedelta(minutes=25), tick=False)
    services.log_attempt(
        callback, by=people["agent"], outcome="reached", note="환불 처리 안내함", resolve=True
    )
    callback.refresh_from_db()
    assert (callback.state, callback.wait_minutes) == ("reached", 25)
    note = Message.objects.get(ticket=callback.ticket, kind="note")
    assert note.body == "환불 처리 안내함"
    callback.ticket.refresh_from_db()
    assert callback.ticket.status == "resolved"
    assert not missed_emails().exists()


def test_only_agents_log_calls(people, callback):
    with pytest.raises(services.CallbackError):
        services.log_attempt(callback, by=people["buyer"], outcome="reached")
    assert not CallbackAttempt.objects.exists()


def test_the_number_is_whole_only_for_the_callbacks_agents(people, callback, client):
    outsider_supervisor = UserFactory(supervisor=True)  # sees every ticket, works no queue
    assert selectors.shown_phone(callback, to=people["agent"]) == "010-1234-5678"
    for person in (people["buyer"], outsider_supervisor, None):
        assert selectors.shown_phone(callback, to=person) == "010-****-5678"
    assert selectors.shown_phone(callback, to=people["seller"]) == ""

    client.force_login(people["agent"])
    listing = client.get("/agent/callbacks/")
    assert "010-1234-5678" in listing.text
    assert "010-1234-5678" in client.get(f"/agent/tickets/{callback.ticket.reference}/").text
    client.force_login(outsider_supervisor)
    page = client.get(f"/agent/callbacks/{callback.pk}/")
    assert page.status_code == 200
    assert "010-****-5678" in page.text and "010-1234-5678" not in page.text
    client.force_login(people["buyer"])
    mine = client.get(f"/tickets/{callback.ticket.reference}/")
    assert "010-****-5678" in mine.text and "010-1234-5678" not in mine.text


def test_a_seller_never_sees_the_number(people, reference_data, tuesday, client):
    from callbacks import services as callback_services

    reference_data.channels["phone"].categories.add(reference_data.categories["delivery"])
    callback = callback_services.request_callback(
        requester=people["buyer"],
        channel=reference_data.channels["phone"],
        category=reference_data.categories["delivery"],
        phone="010-2222-3333",
        preferred_at=None,
        situation="택배가 안 와요",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    )
    client.force_login(people["seller"])
    page = client.get(f"/tickets/{callback.ticket.reference}/")
    assert page.status_code == 200
    assert "010-2222-3333" not in page.text and "callback-phone" not in page.text


def test_agents_of_other_queues_do_not_reach_the_callback(people, callback, client):
    outsider = member(UserFactory(agent=True), people["admin"].queues.get(slug="voice"))
    client.force_login(outsider)
    assert client.get(f"/agent/callbacks/{callback.pk}/").status_code == 404
    assert (
        client.post(f"/agent/callbacks/{callback.pk}/attempt/", {"outcome": "reached"}).status_code
        == 404
    )
    assert "010-" not in client.get("/agent/callbacks/").text
    client.force_login(people["buyer"])
    assert client.get(f"/agent/callbacks/{callback.pk}/").status_code == 404


def test_the_attempt_form_logs_a_call_and_refuses_bad_input(people, callback, client):
    client.force_login(people["agent"])
    bad = client.post(f"/agent/callbacks/{callback.pk}/attempt/", {"outcome": "maybe"})
    assert bad.status_code == 400 and not CallbackAttempt.objects.exists()
    done = client.post(
        f"/agent/callbacks/{callback.pk}/attempt/", {"outcome": "no_answer", "note": ""}
    )
    assert done.status_code == 302
    assert CallbackAttempt.objects.get().outcome == "no_answer"


def test_an_incoming_call_becomes_a_ticket_in_two_clicks(people, client, tuesday):
    client.force_login(people["agent"])
    assert client.get("/agent/callbacks/incoming/").status_code == 200  # click one
    response = client.post(  # click two
        "/agent/callbacks/incoming/",
        {
            "submission_id": "00000000-0000-4000-8000-000000000009",
            "category": "other",
            "caller_name": "구매자 이서연",
            "caller_email": "buyer@example.com",
            "phone": "01099998888",
            "summary": "포인트 적립 문의",
        },
    )
    assert response.status_code == 302
    callback = Callback.objects.get()
    ticket = callback.ticket
    assert response["Location"] == f"/agent/tickets/{ticket.reference}/"
    assert (ticket.channel, ticket.requester, ticket.assignee) == (
        "phone",
        people["buyer"],
        people["agent"],
    )
    assert (callback.source, callback.state, callback.phone) == (
        "incoming",
        "reached",
        "010-9999-8888",
    )


def test_the_incoming_call_form_shows_what_is_missing(people, client, tuesday):
    client.force_login(people["agent"])
    response = client.post(
        "/agent/callbacks/incoming/",
        {"submission_id": "00000000-0000-4000-8000-000000000010", "category": "other"},
    )
    assert response.status_code == 400 and not Callback.objects.exists()
