"""Who reads each message: the thread, the API and the e-mails, for every reader."""

from importlib import import_module

import pytest
from django.apps import apps

from catalog.models import Category
from outbox.models import OutboundEmail
from tickets import services
from tickets.models import Message, Notification
from tickets.services import NotAllowed

from .conftest import HOST

PUBLIC, SIDE, NOTE = (
    "모두에게: 다시 보내드릴게요",
    "스토어에만: 송장번호 알려주세요",
    "메모: 재고 확인",
)


@pytest.fixture
def thread(people, inquiry):
    """One message of each visibility from the agent, and the store's answer to the side
    conversation."""
    agent = people["agent"]
    services.add_message(inquiry, by=agent, body=PUBLIC)
    services.request_store_answer(inquiry, by=agent, body=SIDE)
    services.add_message(inquiry, by=agent, body=NOTE, kind=Message.Kind.NOTE)
    services.add_message(
        inquiry, by=people["seller"], body="고객센터에만: 1234567890", visibility="store"
    )
    return inquiry


READS = {
    # reader: (public, side conversation, note)
    "buyer": (True, False, False),
    "seller": (True, True, False),
    "agent": (True, True, True),
    "admin": (True, True, True),
}


@pytest.mark.parametrize("reader", READS)
def test_each_reader_sees_what_they_may_on_the_ticket_page(client, people, thread, reader):
    client.force_login(people[reader])
    url = f"/agent/tickets/{thread.reference}/" if reader in ("agent", "admin") else None
    page = client.get(url or f"/tickets/{thread.reference}/", **HOST).content.decode()
    public, side, note = READS[reader]
    assert (PUBLIC in page) is public
    assert (SIDE in page) is side and ("고객센터에만: 1234567890" in page) is side
    assert (NOTE in page) is note


@pytest.mark.parametrize("reader", READS)
def test_each_reader_reads_the_same_through_the_api(client, people, thread, reader):
    client.force_login(people[reader])
    rows = client.get(f"/api/v1/tickets/{thread.reference}/messages/", **HOST).json()["results"]
    bodies = {row["body"]: row["visibility"] for row in rows}
    public, side, note = READS[reader]
    assert (bodies.get(PUBLIC) == "public") is public
    assert (bodies.get(SIDE) == "store") is side
    assert (bodies.get(NOTE) == "internal") is note
    kinds = {row["visibility"]: row["kind"] for row in rows}
    assert kinds["public"] == "reply" and kinds.get("internal", "note") == "note"


def test_a_guest_link_shows_the_public_thread_only(client, people, clock):
    ticket = services.open_ticket(
        requester=None,
        requester_name="최민수",
        requester_email="minsu@example.com",
        category=Category.objects.get(slug="delivery"),
        subject="배송",
        body="언제 오나요",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket
    services.request_store_answer(ticket, by=people["agent"], body=SIDE)
    page = client.get(f"/tickets/track/{ticket.guest_token}/", **HOST).content.decode()
    assert "언제 오나요" in page and SIDE not in page


def test_the_buyer_is_mailed_public_answers_only(people, thread):
    to_buyer = OutboundEmail.objects.filter(to=people["buyer"].email)
    bodies = " ".join(to_buyer.values_list("body_text", flat=True))
    assert PUBLIC in bodies
    assert SIDE not in bodies and NOTE not in bodies and "1234567890" not in bodies


def test_asking_the_store_tells_the_store_in_app_and_by_mail_with_the_buyer_masked(people, thread):
    notice = Notification.objects.get(recipient=people["seller"], kind="store_asked")
    assert thread.reference in notice.text and "까지" in notice.text
    mail = OutboundEmail.objects.get(to=people["seller"].email, subject__contains="고객센터")
    assert SIDE in mail.body_text
    assert "구*자 이*연" in mail.body_text
    assert "구매자 이서연" not in mail.body_text + mail.body_html
    assert people["buyer"].email not in mail.body_text + mail.body_html


def test_the_store_answering_the_side_conversation_tells_the_assignee(people, thread):
    assert Notification.objects.filter(kind="store_answered", ticket=thread).exists()


def test_buyers_cannot_write_in_the_side_conversation_nor_notes(people, inquiry):
    with pytest.raises(NotAllowed):
        services.add_message(inquiry, by=people["buyer"], body="x", visibility="store")
    with pytest.raises(NotAllowed):
        services.add_message(inquiry, by=people["seller"], body="x", visibility="internal")
    with pytest.raises(NotAllowed):
        services.request_store_answer(inquiry, by=people["seller"], body="x")
    assert not Message.objects.filter(body="x").exists()


def test_the_api_refuses_a_store_request_from_anyone_but_agents(client, people, inquiry):
    client.force_login(people["buyer"])
    url = f"/api/v1/tickets/{inquiry.reference}/store-request/"
    refused = client.post(url, {"body": "please"}, content_type="application/json", **HOST)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_allowed"
    client.force_login(people["buyer2"])
    assert (
        client.post(url, {"body": "x"}, content_type="application/json", **HOST).status_code == 404
    )
    client.force_login(people["agent"])
    asked = client.post(url, {"body": "송장번호?"}, content_type="application/json", **HOST)
    assert asked.status_code == 201 and asked.json()["visibility"] == "store"
    empty = client.post(url, {"body": ""}, content_type="application/json", **HOST)
    assert empty.status_code == 400


def test_old_notes_became_internal_and_replies_public(people, inquiry):
    """What the migration did to rows written before visibility: kind decides."""
    migration = import_module("tickets.migrations.0010_three_parties")
    note = Message.objects.create(ticket=inquiry, author_name="a", body="n", kind="note")
    system = Message.objects.create(ticket=inquiry, author_name="a", body="s", kind="system")
    migration.notes_are_internal(apps, None)
    note.refresh_from_db()
    system.refresh_from_db()
    assert note.visibility == system.visibility == "internal"
    assert inquiry.messages.get(body="일주일째 배송 준비 중이에요").visibility == "public"
