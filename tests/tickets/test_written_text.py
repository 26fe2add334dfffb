"""What people write is stored in Unicode NFC whatever sends it (Korean typed on macOS arrives
decomposed), and shown with dir="auto" so a right-to-left line keeps its own direction."""

import re
import unicodedata
import uuid

from django.test import Client

from accounts import services as accounts_services
from catalog.models import Category
from faq import services as faq_services
from faq.models import Article
from tests.api.helpers import client_for
from tickets import services
from tickets.models import Ticket
from tickets.selectors import search_tickets

HOST = {"HTTP_HOST": "127.0.0.1"}
SUBJECT, BODY, NAME = "택배가 안 와요", "일주일째 그대로입니다.", "홍길동"


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


def test_the_decomposed_form_is_really_different():
    assert nfd(SUBJECT) != SUBJECT and len(nfd(SUBJECT)) > len(SUBJECT)


def test_the_web_form_stores_nfc(client, reference_data):
    client.post(
        "/tickets/new/",
        {
            "category": "feedback",
            "submission_id": str(uuid.uuid4()),
            "subject": nfd(SUBJECT),
            "body": nfd(BODY),
            "requester_name": nfd(NAME),
            "requester_email": "hong@example.com",
        },
        **HOST,
    )
    ticket = Ticket.objects.get(requester_email="hong@example.com")
    assert (ticket.subject, ticket.requester_name) == (SUBJECT, NAME)
    assert ticket.messages.get().body == BODY


def test_the_api_stores_nfc_and_replies_too(people):
    api = client_for(people["buyer"])
    data = {"category": "feedback", "subject": nfd(SUBJECT), "body": nfd(BODY)}
    reference = api.post("/api/v1/tickets/", data, format="json").json()["reference"]
    api.post(f"/api/v1/tickets/{reference}/messages/", {"body": nfd(BODY)}, format="json")
    ticket = Ticket.objects.get(reference=reference)
    assert ticket.subject == SUBJECT
    assert [m.body for m in ticket.messages.all()] == [BODY, BODY]


def test_names_ratings_and_votes_are_stored_nfc(people):
    seller = accounts_services.register_person(
        username="macuser",
        password="a-long-Passw0rd!",
        email="mac@example.com",
        display_name=nfd(NAME),
        role="seller",
        preferred_language="ko",
        store_name=nfd("홍길동 상회"),
        seller_id="hong-shop",
    )
    assert seller.display_name == NAME and seller.stores.get().name == "홍길동 상회"
    ballot = faq_services.vote(
        Article.objects.first(), voter="v1", is_helpful=False, comment=nfd(BODY)
    )
    assert ballot.comment == BODY
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject="Thanks",
        body="Thanks",
    ).ticket
    services.close_ticket(ticket, by=people["buyer"])
    ticket.refresh_from_db()
    rating = services.rate_ticket(ticket, by=people["buyer"], score=5, comment=nfd(BODY))
    assert is_nfc(rating.comment) and rating.comment == BODY


def test_a_decomposed_search_finds_the_composed_ticket(people):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject=SUBJECT,
        body=BODY,
    ).ticket
    assert list(search_tickets(Ticket.objects.all(), nfd("택배가"))) == [ticket]


def test_user_text_is_shown_with_dir_auto(people):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject="مرحبا RTL subject",
        body="שלום body",
    ).ticket
    buyer = Client(**HOST)
    buyer.force_login(people["buyer"])
    page = buyer.get(ticket.get_absolute_url()).text
    assert '<h1 dir="auto">مرحبا RTL subject</h1>' in page
    assert '<div class="msg-body" dir="auto">שלום body</div>' in page
    assert re.search(r'<textarea[^>]*name="body"[^>]*dir="auto"', page)
    listing = buyer.get("/tickets/").text
    assert '<span dir="auto">مرحبا RTL subject</span>' in listing
    agent = Client(**HOST)
    agent.force_login(people["agent"])
    workspace = agent.get(f"/agent/tickets/{ticket.reference}/").text
    assert '<h1 dir="auto">مرحبا RTL subject</h1>' in workspace
    assert '<div class="msg-body" dir="auto">שלום body</div>' in workspace
