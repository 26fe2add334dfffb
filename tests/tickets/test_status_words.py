"""Each audience reads the pending status in its own words: staff see that the ticket waits
on the requester, the requester that it waits for their reply, the store for the buyer's."""

import re

import pytest

from catalog.models import Category
from tickets import services
from tickets.models import Ticket

HOST = {"HTTP_HOST": "127.0.0.1"}
WORDS = {
    "en": {
        "staff": "Pending (waiting on requester)",
        "requester": "Waiting for your reply",
        "store": "Waiting for the buyer&#x27;s reply",
    },
    "ko": {
        "staff": "답변 대기 (문의자 확인 중)",
        "requester": "답변 대기 중",
        "store": "구매자 답변 대기 중",
    },
}


@pytest.fixture
def pending(people):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="delivery"),
        subject="냄비가 안 와요",
        body="일주일째입니다",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.PENDING)
    return ticket


def page(client, user, url, language):
    """The texts of the page's pending badges."""
    client.force_login(user)
    client.cookies["django_language"] = language
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language, **HOST).content.decode()
    return re.findall(r'class="badge badge-pending">([^<]*)<', html)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_staff_requester_and_store_each_read_pending_in_their_words(
    client, people, pending, language
):
    words = WORDS[language]
    agent = people["agent"]
    for url in ("/agent/?view=pending", f"/agent/tickets/{pending.reference}/"):
        assert set(page(client, agent, url, language)) == {words["staff"]}, url
    for url in ("/tickets/", f"/tickets/{pending.reference}/"):
        assert page(client, people["buyer"], url, language) == [words["requester"]], url
        assert page(client, people["seller"], url, language) == [words["store"]], url
