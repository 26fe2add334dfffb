"""The store's relay address, attachments through the web form's checks, HTML made text."""

from mail.models import InboundMessage
from tests.parties.conftest import file_store_inquiry
from tickets.models import Message, Ticket
from tickets.relay import relay_for

from .conftest import compose

State = InboundMessage.State
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
    + b"\x00" * 40
)


def test_a_sellers_mail_to_the_relay_lands_as_the_stores_public_answer(people, clock, deliver):
    inquiry = file_store_inquiry(people)
    relay = relay_for(inquiry.store, people["buyer"].email)
    row = deliver(
        compose(sender=people["seller"].email, to=relay.address, body="오늘 출고했습니다")
    )
    answer = inquiry.messages.order_by("id").last()
    assert (row.outcome, row.ticket) == ("store_reply", inquiry)
    assert answer.as_store and answer.visibility == Message.Visibility.PUBLIC
    assert answer.author_name == inquiry.store.name
    inquiry.refresh_from_db()
    assert inquiry.store_answered_at is not None and inquiry.store_answer_due_at is None


def test_a_buyers_mail_to_the_relay_lands_on_their_latest_open_inquiry_with_the_store(
    people, clock, deliver
):
    older = file_store_inquiry(people, subject="첫 문의")
    clock.shift(60)
    latest = file_store_inquiry(people, subject="둘째 문의")
    relay = relay_for(latest.store, people["buyer"].email)
    row = deliver(compose(sender=people["buyer"].email, to=relay.address, body="언제 오나요?"))
    assert row.ticket == latest and older.messages.count() == 1
    assert latest.messages.order_by("id").last().author == people["buyer"]


def test_a_buyer_with_no_open_inquiry_opens_one_about_the_store_when_an_order_number_is_given(
    people, clock, deliver
):
    store = people["seller"].stores.get()
    relay = relay_for(store, "newbuyer@example.net")
    row = deliver(
        compose(
            sender="newbuyer@example.net", to=relay.address, body="주문 2026111499998888 배송 문의"
        )
    )
    ticket = row.ticket
    assert row.outcome == "opened" and ticket.store == store
    assert ticket.category.concerns_store and ticket.order_number == "2026111499998888"


def test_a_stranger_writing_to_a_relay_is_not_let_in(people, clock, deliver):
    inquiry = file_store_inquiry(people)
    relay = relay_for(inquiry.store, people["buyer"].email)
    row = deliver(compose(sender="stranger@example.net", to=relay.address))
    assert row.state == State.HELD and row.ticket == inquiry
    assert inquiry.messages.filter(visibility=Message.Visibility.PUBLIC).count() == 1


def test_attachments_pass_the_web_forms_checks_and_the_refused_are_named(
    reference_data, clock, deliver
):
    row = deliver(
        compose(
            sender="guest@example.net",
            body="스크린샷 첨부합니다",
            attachments=[
                ("error.png", PNG, "image/png"),
                ("setup.exe", b"MZ\x90\x00" * 10, "application/octet-stream"),
                ("fake.png", b"%PDF-1.4 not a png", "image/png"),
            ],
        )
    )
    ticket = row.ticket
    assert [a.original_name for a in ticket.attachments.all()] == ["error.png"]
    line = ticket.messages.get(kind=Message.Kind.SYSTEM).body
    assert "setup.exe" in line and "fake.png" in line


def test_html_mail_becomes_inert_text(reference_data, clock, deliver):
    html = (
        "<p>Hello <b>team</b></p><script>alert(1)</script>"
        '<p><a href="javascript:alert(2)" onclick="x()">click</a> &lt;3</p>'
        '<div hx-post="/agent/bulk/">x</div>'
    )
    row = deliver(compose(sender="guest@example.net", body="", html=html))
    body = Ticket.objects.get(pk=row.ticket_id).messages.get().body
    assert "<" not in body.replace("<3", "") and "alert" not in body and "hx-" not in body
    assert "Hello team" in body and "click <3" in body


def test_quoted_history_is_folded_away_in_english_and_korean_clients():
    from mail.parsing import fold_quoted

    english = "Thanks!\n\nOn Mon, Nov 30, 2026 at 10:00 AM Help <help@example.com> wrote:\n> old"
    outlook = "고맙습니다\n\n________________________________\n보낸 사람: 고객센터 <help@example.com>\n보낸 날짜: 2026년 11월 30일 월요일 오전 10:00\n제목: 답변"
    naver = "네 알겠습니다\n\n-----Original Message-----\nFrom: help@example.com"
    only_quote = "> just a quote"
    assert fold_quoted(english) == "Thanks!"
    assert fold_quoted(outlook) == "고맙습니다"
    assert fold_quoted(naver) == "네 알겠습니다"
    assert fold_quoted(only_quote) == only_quote
