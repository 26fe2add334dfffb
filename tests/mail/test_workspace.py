"""Held mail in the agent workspace (accept, dismiss, 404 for others) and inbound mail in the
admin for supervisors (the quarantine, process again)."""

from mail.models import InboundMessage
from tests.factories import CategoryFactory, UserFactory, member
from tickets import services
from tickets.models import Message
from tickets.reply_address import reply_address

from .conftest import compose, eml

State = InboundMessage.State
HOST = {"HTTP_HOST": "127.0.0.1"}


def held(reference_data, people, deliver):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=reference_data.categories["other"],
        subject="환불 문의",
        body="환불은 언제 되나요?",
    ).ticket
    row = deliver(
        compose(
            sender="spouse@example.net",
            to=reply_address(ticket.pk),
            body="아내입니다. 계좌는 국민은행이에요",
        )
    )
    assert row.state == State.HELD
    return ticket, row


def test_the_agent_sees_held_mail_on_the_ticket_and_accepts_it_as_the_requesters_message(
    client, reference_data, people, clock, deliver
):
    ticket, row = held(reference_data, people, deliver)
    client.force_login(people["agent"])
    page = client.get(f"/agent/tickets/{ticket.reference}/", **HOST).content.decode()
    assert "spouse@example.net" in page and "아내입니다. 계좌는 국민은행이에요" in page
    assert f"/agent/mail/held/{row.pk}/accept/" in page
    response = client.post(f"/agent/mail/held/{row.pk}/accept/", **HOST)
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.outcome, row.decided_by) == (
        State.PROCESSED,
        "accepted",
        people["agent"],
    )
    accepted = ticket.messages.filter(visibility=Message.Visibility.PUBLIC).order_by("id").last()
    assert (
        accepted.body == "아내입니다. 계좌는 국민은행이에요" and accepted.author == people["buyer"]
    )
    page = client.get(f"/agent/tickets/{ticket.reference}/", **HOST).content.decode()
    assert f"/agent/mail/held/{row.pk}/accept/" not in page


def test_dismissing_held_mail_adds_nothing_to_the_thread(
    client, reference_data, people, clock, deliver
):
    ticket, row = held(reference_data, people, deliver)
    client.force_login(people["agent"])
    client.post(f"/agent/mail/held/{row.pk}/dismiss/", **HOST)
    row.refresh_from_db()
    assert (row.state, row.outcome) == (State.IGNORED, "dismissed")
    assert ticket.messages.filter(visibility=Message.Visibility.PUBLIC).count() == 1


def test_held_mail_is_404_to_anyone_who_cannot_see_its_ticket(
    client, reference_data, people, clock, deliver
):
    _ticket, row = held(reference_data, people, deliver)
    outsider = member(UserFactory(agent=True), CategoryFactory().queue)
    for person in (outsider, people["buyer"], people["seller"]):
        client.force_login(person)
        for action in ("accept", "dismiss"):
            assert client.post(f"/agent/mail/held/{row.pk}/{action}/", **HOST).status_code == 404
    client.force_login(people["agent"])
    assert client.get(f"/agent/mail/held/{row.pk}/accept/", **HOST).status_code == 405
    row.refresh_from_db()
    assert row.state == State.HELD


def test_supervisors_see_the_quarantine_and_process_a_message_again(
    client, reference_data, people, clock, deliver, monkeypatch, django_capture_on_commit_callbacks
):
    from mail import services as mail_services

    real_route = mail_services._route

    def broken(row):
        raise RuntimeError("the database of categories was being migrated")

    monkeypatch.setattr(mail_services, "_route", broken)
    row = deliver(eml("new_inquiry.eml"))
    assert row.state == State.QUARANTINED and "being migrated" in row.error
    monkeypatch.setattr(mail_services, "_route", real_route)

    client.force_login(people["admin"])
    listing = client.get("/admin/mail/inboundmessage/?state=quarantined", **HOST).content.decode()
    assert "결제한 주문이 취소되었어요" in listing
    detail = client.get(f"/admin/mail/inboundmessage/{row.pk}/change/", **HOST)
    assert detail.status_code == 200 and "being migrated" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/mail/inboundmessage/",
            {"action": "process_again", "_selected_action": [row.pk]},
            **HOST,
        )
    row.refresh_from_db()
    assert row.state == State.PROCESSED and row.ticket is not None
    # Processed mail is never processed twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/mail/inboundmessage/",
            {"action": "process_again", "_selected_action": [row.pk]},
            **HOST,
        )
    assert row.ticket.messages.count() == 1


def test_agents_are_kept_out_of_the_mail_admin(client, reference_data, people):
    client.force_login(people["agent"])
    assert client.get("/admin/mail/inboundmessage/", **HOST).status_code == 302
