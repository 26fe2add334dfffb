"""Relay addresses per buyer and store, and the buyer's privacy wherever a seller looks."""

from outbox.models import OutboundEmail
from tickets import services
from tickets.models import Notification
from tickets.relay import pair_of, relay_for

from .conftest import HOST


def test_each_buyer_and_store_pair_has_one_stable_relay_address(people, settings):
    settings.HELPDESK_RELAY_DOMAIN = "relay.example.com"
    store = people["seller"].stores.get()
    first = relay_for(store, "Buyer@Example.com")
    assert relay_for(store, "buyer@example.com ") == first
    assert first.address == f"relay-{first.token}@relay.example.com"
    assert relay_for(store, "other@example.com") != first
    assert pair_of(first.address.upper()) == first
    assert pair_of("someone@example.com") is None and pair_of("relay-nope@x") is None


def test_a_seller_never_sees_the_buyers_contact_details_or_full_name(client, people, inquiry):
    buyer = people["buyer"]
    services.request_store_answer(inquiry, by=people["agent"], body="확인 부탁드립니다")
    client.force_login(people["seller"])
    surfaces = [
        client.get(f"/tickets/{inquiry.reference}/", **HOST).content.decode(),
        client.get("/tickets/?scope=store", **HOST).content.decode(),
        client.get("/tickets/notifications/", **HOST).content.decode(),
        client.get(f"/api/v1/tickets/{inquiry.reference}/", **HOST).content.decode(),
        client.get(f"/api/v1/tickets/{inquiry.reference}/messages/", **HOST).content.decode(),
        client.get("/api/v1/tickets/", **HOST).content.decode(),
        client.get("/tickets/stats/", **HOST).content.decode(),
    ]
    mails = OutboundEmail.objects.filter(to=people["seller"].email)
    surfaces += [m.subject + m.body_text + m.body_html for m in mails]
    surfaces += list(
        Notification.objects.filter(recipient=people["seller"]).values_list("text", flat=True)
    )
    assert inquiry.reference in surfaces[0] and "구*자 이*연" in surfaces[0]
    for text in surfaces:
        assert buyer.email not in text
        assert "이서연" not in text and "구매자 이서연" not in text
