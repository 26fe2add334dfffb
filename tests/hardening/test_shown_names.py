"""How a person appears to another is decided once (tickets.selectors.shown_name): a store's
seller following an inquiry about their orders sees the buyer's name masked on every surface,
and never the buyer's e-mail; agents and the buyer themselves see it in full."""

import pytest
from django.core import mail
from django.test import Client

from accounts.selectors import masked_name
from catalog.models import Category
from outbox.models import OutboundEmail
from tickets import services
from tickets.models import Notification

HOST = {"HTTP_HOST": "127.0.0.1"}
FULL, MASKED, EMAIL = "Buyer Jamie Lee", "B**** J**** L**", "buyer2@example.com"
GUEST_FULL, GUEST_MASKED, GUEST_EMAIL = "홍길동", "홍*동", "hong@example.com"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("홍길동", "홍*동"),
        ("남궁민수", "남**수"),
        ("서연", "서*"),
        ("Jane Lee", "J*** L**"),
        ("  Jamie   Lee ", "J**** L**"),
        ("", ""),
    ],
)
def test_names_are_masked_word_by_word(name, shown):
    assert masked_name(name) == shown


@pytest.fixture
def store_inquiries(people, django_capture_on_commit_callbacks):
    delivery = Category.objects.get(slug="delivery")
    details = {"order_number": "2026111412345678", "store_id": "haru-living"}
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.open_ticket(
            requester=people["buyer2"],
            category=delivery,
            subject="Parcel stuck",
            body="No movement for 5 days.",
            details=details,
        ).ticket
        guest = services.open_ticket(
            requester=None,
            requester_name=GUEST_FULL,
            requester_email=GUEST_EMAIL,
            category=delivery,
            subject="Broken lid",
            body="The lid arrived cracked.",
            details=details,
        ).ticket
        for item in (ticket, guest):
            services.add_message(
                item, by=people["seller"], body="We are checking with the courier."
            )
            services.add_message(item, by=people["agent"], body="We asked the store to check.")
    return ticket, guest


def seller_client(people):
    client = Client(**HOST)
    client.force_login(people["seller"])
    return client


def assert_private(text, *, masked=True):
    for secret in (FULL, "Jamie", EMAIL, GUEST_FULL, GUEST_EMAIL):
        assert secret not in text, secret
    if masked:
        assert MASKED in text or GUEST_MASKED in text


def test_the_web_pages_and_fragments_mask_the_buyer_for_the_seller(people, store_inquiries):
    client = seller_client(people)
    for ticket in store_inquiries:
        url = ticket.get_absolute_url()
        page = client.get(url)
        assert page.status_code == 200
        assert_private(page.text)
        # The "just filed" confirmation names the requester's e-mail: never for the seller.
        assert_private(client.get(f"{url}?filed=1").text)
        # A refused reply re-renders the page (as htmx does too) with the thread.
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            refused = client.post(f"{url}reply/", {"body": ""}, **headers)
            assert refused.status_code == 400
            assert_private(refused.text)
    assert_private(client.get("/tickets/").text, masked=False)
    assert_private(client.get("/tickets/?about=store").text, masked=False)
    stats = client.get("/tickets/stats/")
    assert stats.status_code == 200
    assert_private(stats.text, masked=False)
    assert client.get("/agent/reports/?format=csv&table=volume").status_code in (302, 403, 404)


def test_the_api_masks_the_buyer_for_the_seller(people, store_inquiries):
    client = seller_client(people)
    for ticket in store_inquiries:
        listing = client.get("/api/v1/tickets/")
        one = client.get(f"/api/v1/tickets/{ticket.reference}/")
        thread = client.get(f"/api/v1/tickets/{ticket.reference}/messages/")
        assert thread.status_code == one.status_code == listing.status_code == 200
        for response in (listing, one):
            assert_private(response.text, masked=False)
        assert_private(thread.text)
    authors = [m["author"] for m in thread.json()["results"]]
    assert authors[0] == GUEST_MASKED and "하루살림 생활용품" in authors


def test_no_mail_or_notice_to_the_seller_names_the_buyer(people, store_inquiries):
    to_seller = OutboundEmail.objects.filter(to=people["seller"].email)
    for email in to_seller:
        assert_private(f"{email.subject}{email.body_text}{email.body_html}", masked=False)
    for message in mail.outbox:
        if people["seller"].email in message.to:
            assert_private(f"{message.subject}{message.body}", masked=False)
    for notice in Notification.objects.filter(recipient=people["seller"]):
        assert_private(notice.text, masked=False)


def test_agents_and_the_buyer_see_the_name_in_full(people, store_inquiries):
    ticket, guest = store_inquiries
    buyer = Client(**HOST)
    buyer.force_login(people["buyer2"])
    assert FULL in buyer.get(ticket.get_absolute_url()).text
    assert GUEST_FULL in Client(**HOST).get(f"/tickets/track/{guest.guest_token}/").text
    agent = Client(**HOST)
    agent.force_login(people["agent"])
    page = agent.get(f"/agent/tickets/{ticket.reference}/").text
    assert FULL in page and EMAIL in page
    thread = agent.get(f"/api/v1/tickets/{guest.reference}/messages/").json()["results"]
    assert thread[0]["author"] == GUEST_FULL
    # The buyer's own mail greets them by their full name.
    received = OutboundEmail.objects.get(dedupe_key=f"received:{ticket.pk}")
    assert FULL in received.body_text
