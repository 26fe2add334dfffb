"""A message's files are listed under it on both ticket pages, linked through the views that
check who asks; a thread whose messages have none reads no file rows at all."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Category
from tests.hardening.conftest import attach
from tickets import services

HOST = {"HTTP_HOST": "127.0.0.1"}


def _ticket(people):
    return services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="delivery"),
        subject="냄비가 안 와요",
        body="일주일째입니다",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket


def _page(client, user, url):
    client.force_login(user)
    client.get(url, **HOST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **HOST)
    assert response.status_code == 200
    return response.text, len(queries)


def test_files_are_listed_under_their_message_for_the_requester_and_the_agent(client, people):
    ticket = _ticket(people)
    mine, agents = f"/tickets/{ticket.reference}/", f"/agent/tickets/{ticket.reference}/"
    before = {
        who: _page(client, people[who], url) for who, url in (("buyer", mine), ("admin", agents))
    }
    item = attach(ticket, name="송장 <사진>.png")
    for who, url, link in (
        ("buyer", mine, f"/tickets/{ticket.reference}/files/{item.pk}/"),
        ("admin", agents, f"/agent/tickets/{ticket.reference}/files/{item.pk}/"),
    ):
        text, queries = _page(client, people[who], url)
        assert 'class="attachments"' not in before[who][0]
        assert 'class="attachments"' in text
        assert f'<a href="{link}"><span dir="auto">송장 &lt;사진&gt;.png</span></a>' in text
        assert queries == before[who][1] + 1  # the files, read once for the whole thread
