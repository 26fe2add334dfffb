"""The issue's .eml fixtures, each through the whole channel: stored raw once, processed by
the task, and what became of it (a ticket, a message, nothing, a quarantine)."""

from mail.models import FailingAddress, InboundMessage
from mail.services import store_raw
from mail.tasks import process_pending_mail
from outbox.models import OutboundEmail
from outbox.services import deliver_email
from tests.factories import UserFactory
from tickets import services
from tickets.models import Message, Ticket
from tickets.reply_address import read_reply_address, reply_address

from .conftest import compose, eml

State = InboundMessage.State


def test_an_outlook_message_in_ks_c_5601_1987_opens_a_guest_ticket_with_its_korean_intact(
    reference_data, clock, deliver
):
    row = deliver(eml("outlook_ks_c_5601.eml"))
    assert (row.state, row.outcome) == (State.PROCESSED, "opened")
    ticket = row.ticket
    assert ticket.subject == "똠양꿍 소스 배송 문의"
    assert ticket.channel == Ticket.Channel.EMAIL
    assert ticket.is_guest and ticket.requester_email == "minji.kim@outlook.kr"
    assert ticket.requester_name == "김민지"
    body = ticket.messages.get().body
    assert "주문한 똠양꿍 소스가 아직 도착하지 않았습니다." in body
    assert "\ufffd" not in body + ticket.subject  # no replacement character anywhere
    # Acknowledged once, in Korean, with the private link and a reply address for the ticket.
    ack = OutboundEmail.objects.get(to="minji.kim@outlook.kr")
    assert ticket.reference in ack.subject
    assert f"/tickets/guest/{ticket.guest_token}/" in ack.body_text or ticket.guest_token in (
        ack.body_text
    )
    assert read_reply_address(ack.reply_to).ticket_id == ticket.pk
    assert ack.message_id.endswith("@example.com>")


def test_a_gmail_reply_without_references_threads_by_in_reply_to_and_drops_the_quote(
    reference_data, clock, deliver
):
    buyer = UserFactory(email="seoyeon.lee@gmail.com", display_name="이서연")
    ticket = services.open_ticket(
        requester=buyer,
        category=reference_data.categories["other"],
        subject="주소 변경",  # the reply's subject says nothing of it: In-Reply-To decides
        body="배송지를 바꾸고 싶어요",
    ).ticket
    OutboundEmail.objects.create(
        to=buyer.email,
        subject="[HD] 답변",
        body_text="배송지 주소를 알려주시겠어요?",
        message_id="<176451000000.4242.1234567890123456789@example.com>",
        reply_to=reply_address(ticket.pk),
    )
    row = deliver(eml("gmail_reply_no_references.eml"))
    assert (row.state, row.outcome, row.ticket) == (State.PROCESSED, "replied", ticket)
    reply = ticket.messages.order_by("created_at", "id").last()
    assert reply.author == buyer and reply.visibility == Message.Visibility.PUBLIC
    assert reply.body == "네, 주소는 서울시 마포구 월드컵로 12 입니다.\n확인 부탁드려요."
    assert Ticket.objects.count() == 1


def test_an_exchange_out_of_office_opens_nothing_and_is_never_answered(
    reference_data, clock, deliver
):
    before = OutboundEmail.objects.count()
    row = deliver(eml("exchange_ooo.eml"))
    assert (row.state, row.outcome) == (State.IGNORED, "auto_reply")
    assert not Ticket.objects.exists()
    assert OutboundEmail.objects.count() == before


def test_a_5_1_1_bounce_marks_the_address_failing_and_goes_on_its_ticket(
    reference_data, clock, deliver
):
    ticket = services.open_ticket(
        requester=None,
        requester_name="없는 사람",
        requester_email="nobody.here@naver.com",
        category=reference_data.categories["other"],
        subject="문의",
        body="본문",
    ).ticket
    OutboundEmail.objects.create(
        to="nobody.here@naver.com",
        subject="[HD] 접수",
        body_text="-",
        message_id="<176449860000.777.9876543210987654321@example.com>",
        reply_to=reply_address(ticket.pk),
    )
    mails_before = OutboundEmail.objects.count()
    row = deliver(eml("bounce_511.eml"), envelope_from="")
    assert (row.state, row.outcome, row.ticket) == (State.PROCESSED, "bounce", ticket)
    failing = FailingAddress.objects.get(email="nobody.here@naver.com")
    assert failing.status == "5.1.1" and "User unknown" in failing.reason
    note = ticket.messages.get(kind=Message.Kind.SYSTEM)
    assert note.visibility == Message.Visibility.INTERNAL
    assert "nobody.here@naver.com" in note.body and "5.1.1" in note.body
    assert Ticket.objects.count() == 1 and OutboundEmail.objects.count() == mails_before


def test_a_mailing_list_message_opens_nothing(reference_data, clock, deliver):
    row = deliver(eml("list_message.eml"))
    assert (row.state, row.outcome) == (State.IGNORED, "list")
    assert not Ticket.objects.exists() and not OutboundEmail.objects.exists()


def test_the_same_mail_delivered_twice_is_stored_once_and_files_one_ticket(
    reference_data, clock, deliver
):
    first = deliver(eml("new_inquiry.eml"))
    second = deliver(eml("new_inquiry.eml"))
    assert first.pk == second.pk
    assert InboundMessage.objects.count() == 1
    assert Ticket.objects.count() == 1
    assert OutboundEmail.objects.filter(to="jihoon.park@naver.com").count() == 1
    # HTML only: safe text, the script and the image's handler gone, the paragraphs kept.
    body = first.ticket.messages.get().body
    assert (
        body
        == "안녕하세요. 어제 결제한 주문이 취소되었다고 나옵니다.\n\n확인 부탁드립니다.\n박지훈"
    )


def test_a_mail_without_message_id_is_stored_once_by_its_hash(reference_data, clock, deliver):
    first = deliver(eml("no_message_id.eml"))
    again = deliver(eml("no_message_id.eml"))
    assert first.pk == again.pk and first.message_key.startswith("sha256:")
    assert first.state == State.PROCESSED
    assert Ticket.objects.get().subject == "Question about settlement dates"


def test_a_poison_message_is_quarantined_and_the_good_ones_after_it_go_through(
    reference_data, clock, deliver
):
    poison = deliver(eml("poison.eml"))
    good = [deliver(eml(name)) for name in ("new_inquiry.eml", "no_message_id.eml")]
    assert poison.state == State.QUARANTINED and "RecursionError" in poison.error
    assert poison.ticket is None
    assert [row.state for row in good] == [State.PROCESSED, State.PROCESSED]
    assert Ticket.objects.count() == 2


def test_with_the_broker_down_the_sweep_processes_every_stored_message_past_the_poison(
    reference_data, clock
):
    # No on-commit callback runs: as if every task message were lost.
    for name in ("poison.eml", "outlook_ks_c_5601.eml", "new_inquiry.eml", "list_message.eml"):
        store_raw(eml(name), source=InboundMessage.Source.IMAP)
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {State.RECEIVED}
    assert process_pending_mail() == 4
    states = dict(InboundMessage.objects.values_list("subject", "state"))
    assert states["nested"] == State.QUARANTINED
    assert states["똠양꿍 소스 배송 문의"] == State.PROCESSED
    assert states["이번 주 특가 소식"] == State.IGNORED
    assert Ticket.objects.count() == 2
    assert process_pending_mail() == 0  # nothing is processed twice


def test_mail_to_a_bounced_address_is_not_sent_until_the_person_writes_again(
    reference_data, clock, deliver, mailoutbox
):
    FailingAddress.objects.create(email="nobody.here@naver.com", status="5.1.1")
    held = OutboundEmail.objects.create(to="Nobody.Here@naver.com", subject="s", body_text="-")
    assert deliver_email(held.pk) is False
    held.refresh_from_db()
    assert held.state == OutboundEmail.State.FAILED and "bounced" in held.last_error
    assert mailoutbox == []

    deliver(compose(sender="nobody.here@naver.com", subject="다시 연락드려요"))
    assert not FailingAddress.objects.exists()
    again = OutboundEmail.objects.create(to="nobody.here@naver.com", subject="s", body_text="-")
    assert deliver_email(again.pk) is True
    assert [m.to for m in mailoutbox][-1] == ["nobody.here@naver.com"]
