"""Which ticket a mail continues, and as whom: the signed token first, then our Message-IDs,
then [reference] in the subject, never a subject that only looks alike; other senders held."""

from datetime import timedelta

import pytest

from mail.models import InboundMessage
from mail.services import process_again
from outbox.models import OutboundEmail
from tests.factories import UserFactory
from tickets import services
from tickets.models import Message, Ticket
from tickets.reply_address import reply_address, reply_token
from tickets.selectors import author_side

from .conftest import compose

State = InboundMessage.State


def file(reference_data, requester=None, **extra):
    fields = {
        "requester": requester,
        "category": reference_data.categories["other"],
        "subject": "환불 문의",
        "body": "환불은 언제 되나요?",
    }
    if requester is None:
        fields.update(requester_name="게스트", requester_email="guest@example.net")
    fields.update(extra)
    return services.open_ticket(**fields).ticket


def sent_to(ticket, message_id, **token):
    return OutboundEmail.objects.create(
        to=ticket.requester_email,
        subject="-",
        body_text="-",
        message_id=message_id,
        reply_to=reply_address(ticket.pk, **token),
    )


def test_the_token_wins_over_in_reply_to_and_the_subject(reference_data, clock, deliver):
    a, b, c = (file(reference_data) for _ in range(3))
    sent_to(b, "<b@example.com>")
    row = deliver(
        compose(
            sender="guest@example.net",
            to=reply_address(a.pk),
            subject=f"Re: [{c.reference}] 환불 문의",
            in_reply_to="<b@example.com>",
        )
    )
    assert row.ticket == a and a.messages.count() == 2


def test_in_reply_to_wins_over_the_subject(reference_data, clock, deliver):
    b, c = file(reference_data), file(reference_data)
    sent_to(b, "<b@example.com>")
    row = deliver(
        compose(
            sender="guest@example.net", subject=f"[{c.reference}]", references="<b@example.com>"
        )
    )
    assert row.ticket == b


def test_the_reference_in_the_subject_threads_when_nothing_else_does(
    reference_data, clock, deliver
):
    ticket = file(reference_data)
    row = deliver(compose(sender="GUEST@example.net", subject=f"Re: [{ticket.reference}] 환불"))
    assert (row.outcome, row.ticket) == ("replied", ticket)


def test_a_subject_that_only_looks_alike_opens_a_new_ticket(reference_data, clock, deliver):
    ticket = file(reference_data)
    row = deliver(compose(sender="guest@example.net", subject="Re: 환불 문의"))
    assert row.outcome == "opened" and row.ticket != ticket
    assert Ticket.objects.count() == 2


def test_a_forged_or_altered_token_threads_nothing(reference_data, clock, deliver):
    ticket = file(reference_data)
    forged = reply_address(ticket.pk).replace(f"+{ticket.pk}-", f"+{ticket.pk + 1}-")
    row = deliver(compose(sender="guest@example.net", to=forged))
    assert row.outcome == "opened" and row.ticket != ticket


def test_a_token_survives_a_mail_server_that_uppercases_the_address(reference_data, clock, deliver):
    ticket = file(reference_data)
    row = deliver(compose(sender="guest@example.net", to=reply_address(ticket.pk).upper()))
    assert row.ticket == ticket


def test_a_known_address_files_as_that_person(reference_data, clock, deliver):
    buyer = UserFactory(email="Minsu@Example.net")
    row = deliver(compose(sender="minsu@example.net", subject="첫 문의"))
    assert row.ticket.requester == buyer and row.ticket.channel == Ticket.Channel.EMAIL
    assert row.ticket.guest_token is None


def test_an_unknown_address_files_as_a_guest_acknowledged_with_the_private_link(
    reference_data, clock, deliver
):
    row = deliver(
        compose(sender="Jamie Lee <jamie@example.net>", subject="Where is my refund?", body="Hello")
    )
    ticket = row.ticket
    assert ticket.is_guest and ticket.requester_name == "Jamie Lee"
    ack = OutboundEmail.objects.get(to="jamie@example.net")
    assert ticket.guest_token in ack.body_text
    assert ticket.language == "en"  # written in English: answered in English


def test_a_reply_within_the_reopen_window_reopens_a_closed_ticket(
    reference_data, clock, deliver, people
):
    ticket = file(reference_data)
    services.close_ticket(ticket, by=people["agent"])
    clock.shift(timedelta(days=3))
    row = deliver(compose(sender="guest@example.net", to=reply_address(ticket.pk)))
    ticket.refresh_from_db()
    assert row.ticket == ticket and ticket.status == Ticket.Status.OPEN
    assert ticket.reopened_count == 1


def test_a_reply_past_the_reopen_window_opens_a_new_ticket_linked_both_ways(
    reference_data, clock, deliver, people
):
    ticket = file(reference_data)
    services.close_ticket(ticket, by=people["agent"])
    clock.shift(timedelta(days=services.REOPEN_DAYS + 1))
    row = deliver(
        compose(sender="guest@example.net", to=reply_address(ticket.pk), body="또 문제가 생겼어요")
    )
    new = row.ticket
    ticket.refresh_from_db()
    assert row.outcome == "followed_up" and new != ticket
    assert new.follows == ticket  # the follow-up's page links the old thread
    assert ticket.status == Ticket.Status.CLOSED
    assert new.requester_email == "guest@example.net"
    old_line = ticket.messages.get(kind=Message.Kind.SYSTEM)
    new_line = new.messages.get(kind=Message.Kind.SYSTEM)
    assert new.reference in old_line.body and ticket.reference in new_line.body
    assert old_line.visibility == new_line.visibility == Message.Visibility.INTERNAL


def test_a_reply_from_another_address_is_held_never_shown_as_the_requester(
    reference_data, clock, deliver, people
):
    buyer = people["buyer"]
    ticket = file(reference_data, requester=buyer)
    row = deliver(
        compose(sender="stranger@example.net", to=reply_address(ticket.pk), body="제가 대신 씁니다")
    )
    assert (row.state, row.outcome, row.ticket) == (State.HELD, "held_sender", ticket)
    public = ticket.messages.filter(visibility=Message.Visibility.PUBLIC)
    assert not public.filter(body__contains="대신").exists() and public.count() == 1
    line = ticket.messages.get(kind=Message.Kind.SYSTEM)
    assert line.visibility == Message.Visibility.INTERNAL and author_side(line) == "system"
    assert "stranger@example.net" in line.body


def test_more_than_ten_an_hour_from_one_sender_are_held_until_a_supervisor_releases_them(
    reference_data, clock, deliver, people, django_capture_on_commit_callbacks
):
    rows = []
    for number in range(11):
        rows.append(deliver(compose(sender="flood@example.net", subject=f"문의 {number}")))
        clock.shift(timedelta(minutes=1))
    assert [r.state for r in rows[:10]] == [State.PROCESSED] * 10
    assert (rows[10].state, rows[10].outcome) == (State.HELD, "rate_limited")
    assert Ticket.objects.count() == 10
    with django_capture_on_commit_callbacks(execute=True):
        assert process_again([rows[10]], by=people["admin"]) == 1
    rows[10].refresh_from_db()
    assert rows[10].state == State.PROCESSED and Ticket.objects.count() == 11
    # An hour later the sender writes freely again.
    clock.shift(timedelta(hours=1))
    assert deliver(compose(sender="flood@example.net", subject="또")).state == State.PROCESSED


def test_an_agent_answers_from_their_mail_client_through_their_token(
    reference_data, clock, deliver, people
):
    agent = people["agent"]
    ticket = file(reference_data)
    row = deliver(
        compose(
            sender=agent.email,
            to=reply_address(ticket.pk, recipient="agent", user_id=agent.pk),
            body="확인했습니다. 내일 환불됩니다.",
        )
    )
    answer = ticket.messages.order_by("id").last()
    assert row.outcome == "agent_reply"
    assert (answer.author, answer.visibility) == (agent, Message.Visibility.PUBLIC)
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None


@pytest.mark.parametrize("token", ["requester", "someone_elses"])
def test_an_agents_address_without_their_own_token_is_held(
    reference_data, clock, deliver, people, token
):
    agent, other = people["agent"], people["agent2"]
    ticket = file(reference_data)
    to = (
        reply_address(ticket.pk)
        if token == "requester"
        else reply_address(ticket.pk, recipient="agent", user_id=other.pk)
    )
    row = deliver(compose(sender=agent.email, to=to, body="가짜 답변"))
    assert row.state == State.HELD
    assert not ticket.messages.filter(author=agent).exists()


def test_a_seller_answering_the_store_request_mail_writes_in_the_side_conversation(
    reference_data, clock, deliver, people
):
    from tests.parties.conftest import file_store_inquiry

    inquiry = file_store_inquiry(people)
    seller = people["seller"]
    row = deliver(
        compose(
            sender=seller.email,
            to=reply_address(inquiry.pk, recipient="store", user_id=seller.pk),
            body="내일 발송합니다",
        )
    )
    answer = inquiry.messages.order_by("id").last()
    assert row.outcome == "store_reply"
    assert answer.as_store and answer.visibility == Message.Visibility.STORE


def test_the_token_is_short_enough_for_a_local_part():
    assert len("help+" + reply_token(123456789, recipient="agent", user_id=987654)) <= 64
