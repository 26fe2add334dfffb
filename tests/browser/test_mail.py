"""E-mail as a channel in a real browser: a Korean e-mail opens a ticket the agent reads in
the workspace; the agent's answer goes out with a signed reply address; the requester's
reply by mail lands in the thread, and a reply from another address waits under held
e-mail until the agent accepts it; in Korean and in English, each page axe-clean."""

from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from playwright.sync_api import expect

from mail.models import InboundMessage
from mail.services import store_raw
from outbox.models import OutboundEmail
from tickets.models import Message, Ticket
from tickets.reply_address import read_reply_address

from .conftest import check_accessibility, login

WORDS = {
    "ko": {
        "send": "보내기",
        "channel": "이메일",
        "held": "보류된 이메일",
        "accept": "문의자의 메시지로 수락",
    },
    "en": {
        "send": "Send",
        "channel": "E-mail",
        "held": "Held e-mail",
        "accept": "Accept as the requester's message",
    },
}
AGENT = {"ko": "agent", "en": "agent2"}


def receive(sender, to, subject, body, **headers):
    """Mail as the SMTP receiver stores it; the worker (eager here) processes it."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = make_msgid(domain="client.example.net")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    row, _new = store_raw(
        message.as_bytes(),
        source=InboundMessage.Source.SMTP,
        envelope_from=sender,
        envelope_to=[to],
    )
    row.refresh_from_db()
    return row


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.django_db(transaction=True)
def test_an_emailed_inquiry_is_answered_in_the_workspace_and_the_reply_by_mail_threads(
    page, people, language
):
    words = WORDS[language]
    receive(
        "김민지 <minji.kim@example.net>",
        "help@example.com",
        "머그컵이 깨져서 왔어요",
        "주문한 머그컵이 깨진 채로 도착했습니다. 교환 가능할까요?",
    )
    ticket = Ticket.objects.get(requester_email="minji.kim@example.net")
    assert ticket.channel == "email"

    page.context.clear_cookies()
    login(page, AGENT[language])
    if language != "ko":
        with page.expect_navigation():
            page.select_option("#language-select", language)
    page.goto(f"{page.base}/agent/tickets/{ticket.reference}/")
    expect(page.get_by_text("주문한 머그컵이 깨진 채로 도착했습니다.")).to_be_visible()
    expect(page.locator("dd", has_text=words["channel"]).first).to_be_visible()
    check_accessibility(page, f"mail-ticket-{language}")

    page.locator("#reply-form textarea[name=body]").fill("깨진 부분의 사진을 답장으로 보내주세요.")
    page.locator("#reply-form").get_by_role("button", name=words["send"], exact=True).click()
    page.wait_for_load_state()
    answer = OutboundEmail.objects.filter(
        to="minji.kim@example.net", body_text__contains="깨진 부분의 사진"
    ).get()
    token = read_reply_address(answer.reply_to)
    assert token is not None and token.ticket_id == ticket.pk
    assert answer.message_id.endswith("@example.com>")

    receive(
        "김민지 <minji.kim@example.net>",
        answer.reply_to,
        f"RE: {answer.subject}",
        "사진 보내드려요. 손잡이가 떨어졌어요.\n\n> 깨진 부분의 사진을 답장으로 보내주세요.",
        In_Reply_To=answer.message_id,
    )
    receive(
        "누나 <sister@example.org>",
        answer.reply_to,
        f"RE: {answer.subject}",
        "동생 대신 연락드립니다. 계좌번호는 나중에 드릴게요.",
    )
    page.reload()
    expect(page.get_by_text("사진 보내드려요. 손잡이가 떨어졌어요.")).to_be_visible()
    assert page.get_by_text("> 깨진 부분의 사진을").count() == 0  # the quote is folded away
    held = page.get_by_role("region", name=words["held"])
    expect(held.get_by_text("동생 대신 연락드립니다.")).to_be_visible()
    check_accessibility(page, f"mail-held-{language}")
    held.get_by_role("button", name=words["accept"]).click()
    page.wait_for_load_state()
    expect(page.get_by_role("region", name=words["held"])).to_have_count(0)
    accepted = ticket.messages.filter(body__startswith="동생 대신").get()
    assert accepted.visibility == Message.Visibility.PUBLIC

    # The requester follows the same thread on the private link from the acknowledgement.
    page.context.clear_cookies()
    link = OutboundEmail.objects.filter(to="minji.kim@example.net").earliest("created_at")
    track = next(w for w in link.body_text.split() if "/tickets/track/" in w)
    page.goto(page.base + track[track.index("/tickets/track/") :])
    expect(page.get_by_text("깨진 부분의 사진을 답장으로 보내주세요.")).to_be_visible()
    expect(page.get_by_text("사진 보내드려요. 손잡이가 떨어졌어요.")).to_be_visible()
    check_accessibility(page, f"mail-requester-thread-{language}")
