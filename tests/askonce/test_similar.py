"""The agent's similar-tickets panel: what it suggests, to whom, and what merging, linking and
dismissing do and count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from askonce import selectors, services, similarity
from askonce.models import Suggestion, TicketLink
from tickets.models import Ticket, TicketEvent

from .conftest import TUESDAY_10, file


def _panel(client, ticket):
    return client.get(f"/agent/tickets/{ticket.reference}/similar/", HTTP_HX_REQUEST="true")


def _aged(ticket, days):
    Ticket.objects.filter(pk=ticket.pk).update(created_at=TUESDAY_10 - timedelta(days=days))
    ticket.refresh_from_db()
    return ticket


def test_same_requester_and_category_within_seven_days(people, reference_data):
    earlier = _aged(file(people, reference_data, order="2026111400000001"), 7)
    older = _aged(file(people, reference_data, order="2026111400000002", subject="다른 문의"), 8)
    ticket = file(people, reference_data, order="2026111400000003", subject="전혀 무관한 제목")
    found = {
        item.ticket: item.reason for item in selectors.similar_tickets(ticket, people["agent"])
    }
    assert found.get(earlier) == Suggestion.Reason.REQUESTER
    assert older not in found


def test_same_order_number_from_anyone(people, reference_data):
    theirs = file(people, reference_data, who="buyer2", subject="Where is it")
    ticket = file(people, reference_data, subject="다른 제목")
    found = {
        item.ticket: item.reason for item in selectors.similar_tickets(ticket, people["agent"])
    }
    assert found[theirs] == Suggestion.Reason.ORDER


def test_similar_words(people, reference_data):
    alike = file(
        people,
        reference_data,
        who="buyer2",
        order="2026111400000009",
        subject="주문한 상품이 오지 않아요 빨리",
    )
    ticket = file(
        people, reference_data, order="2026111400000008", subject="주문한 상품이 오지 않아요"
    )
    unrelated = file(
        people,
        reference_data,
        who="seller",
        order="2026111400000007",
        subject="Invoice copy please",
    )
    found = {item.ticket: item for item in selectors.similar_tickets(ticket, people["agent"])}
    assert found[alike].reason == Suggestion.Reason.TEXT and found[alike].score >= 0.5
    assert unrelated not in found


def test_the_bigram_fallback_sees_korean_without_spaces():
    assert similarity.similarity("배송 지연", "배송지연") == 1.0
    assert similarity.similarity("배송이 늦어요", "환불해 주세요") == 0.0
    assert similarity.similarity("", "x") == 0.0
    assert 0.5 < similarity.similarity("Parcel is late", "My parcel is late") < 1.0


def test_the_sqlite_fallback_is_used_off_postgresql(people, reference_data, monkeypatch):
    alike = file(
        people,
        reference_data,
        who="buyer2",
        order="2026111400000009",
        subject="주문한 상품이 오지 않아요!",
    )
    ticket = file(
        people, reference_data, order="2026111400000008", subject="주문한 상품이 오지 않아요"
    )
    monkeypatch.setattr(selectors.connection, "vendor", "sqlite")
    found = dict(selectors._by_text(ticket, selectors._candidates(ticket, people["agent"])))
    assert found[alike] == pytest.approx(1.0)


def test_only_tickets_the_agent_may_see(people, reference_data):
    # "refund" lives in the payments queue, "feedback" in voice: agent works payments, not
    # seller-success; a seller-registration ticket is outside the agent's queues.
    outside = file(
        people,
        reference_data,
        who="seller",
        category="seller-registration",
        details={"store_id": "haru-living"},
        subject="주문한 상품이 오지 않아요",
    )
    ticket = file(people, reference_data)
    found = [item.ticket for item in selectors.similar_tickets(ticket, people["agent"])]
    assert outside not in found
    assert outside in [item.ticket for item in selectors.similar_tickets(ticket, people["admin"])]


def test_the_panel_loads_apart_and_counts_what_it_showed(people, reference_data, client):
    other = file(people, reference_data, who="buyer2")
    ticket = file(people, reference_data)
    client.force_login(people["agent"])
    page = client.get(f"/agent/tickets/{ticket.reference}/").text
    assert f'hx-get="/agent/tickets/{ticket.reference}/similar/"' in page
    fragment = _panel(client, ticket).text
    assert other.reference in fragment and "<html" not in fragment
    _panel(client, ticket)
    assert Suggestion.objects.get(ticket=ticket, suggested=other).state == "shown"
    assert Suggestion.objects.count() == 1  # shown once per pair, however often


def test_the_panel_works_without_htmx(people, reference_data, client):
    other = file(people, reference_data, who="buyer2")
    ticket = file(people, reference_data)
    client.force_login(people["agent"])
    page = client.get(f"/agent/tickets/{ticket.reference}/similar/").text
    assert "<html" in page and other.reference in page


def test_someone_elses_ticket_is_a_404(people, reference_data, client):
    ticket = file(people, reference_data)
    client.force_login(people["buyer"])
    assert _panel(client, ticket).status_code == 404
    client.force_login(people["agent"])
    assert client.get("/agent/tickets/HD-999999/similar/").status_code == 404


def test_merging_a_suggestion_merges_the_later_into_the_earlier(people, reference_data, client):
    earlier = _aged(file(people, reference_data, who="buyer2"), 1)
    ticket = file(people, reference_data)
    client.force_login(people["agent"])
    _panel(client, ticket)
    response = client.post(f"/agent/tickets/{ticket.reference}/similar/{earlier.reference}/merge/")
    assert (
        response.status_code == 302
        and response["Location"] == f"/agent/tickets/{earlier.reference}/"
    )
    ticket.refresh_from_db()
    assert ticket.merged_into_id == earlier.pk
    assert Suggestion.objects.get(ticket=ticket).state == Suggestion.State.MERGED
    assert TicketEvent.objects.filter(ticket=ticket, kind="merged").exists()


def test_linking_shows_each_on_the_other_and_stops_suggesting(people, reference_data, client):
    other = file(people, reference_data, who="buyer2")
    ticket = file(people, reference_data)
    client.force_login(people["agent"])
    _panel(client, ticket)
    response = client.post(
        f"/agent/tickets/{ticket.reference}/similar/{other.reference}/link/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert TicketLink.objects.get().ticket_id == min(ticket.pk, other.pk)
    assert TicketEvent.objects.get(ticket=ticket, kind="linked").new == other.reference
    assert TicketEvent.objects.get(ticket=other, kind="linked").new == ticket.reference
    assert Suggestion.objects.get().state == Suggestion.State.LINKED
    assert selectors.similar_tickets(other, people["agent"]) == []
    assert selectors.related_tickets(other, people["agent"])["linked"] == [ticket]


def test_dismissing_records_it_and_never_suggests_it_again(people, reference_data, client):
    other = file(people, reference_data, who="buyer2")
    ticket = file(people, reference_data)
    client.force_login(people["agent"])
    _panel(client, ticket)
    client.post(f"/agent/tickets/{ticket.reference}/similar/{other.reference}/dismiss/")
    assert Suggestion.objects.get().state == Suggestion.State.DISMISSED
    assert TicketEvent.objects.get(ticket=ticket, kind="not_similar").new == other.reference
    assert f'href="/agent/tickets/{other.reference}/"' not in _panel(client, ticket).text


def test_deciding_on_an_invisible_ticket_is_a_404(people, reference_data, client):
    outside = file(
        people,
        reference_data,
        who="seller",
        category="seller-registration",
        details={"store_id": "haru-living"},
    )
    ticket = file(people, reference_data)
    client.force_login(people["agent"])
    url = f"/agent/tickets/{ticket.reference}/similar/{outside.reference}/link/"
    assert client.post(url).status_code == 404
    assert (
        client.post(f"/agent/tickets/{ticket.reference}/similar/{outside.reference}/x/").status_code
        == 404
    )
    assert not TicketLink.objects.exists()


def test_only_agents_decide(people, reference_data):
    other, ticket = file(people, reference_data, who="buyer2"), file(people, reference_data)
    with pytest.raises(services.tickets.NotAllowed):
        services.link_tickets(ticket, other, by=people["buyer"])


def test_precision_counts_what_was_shown_and_decided(people, reference_data):
    tickets = [
        file(people, reference_data, who="buyer2", order=f"20261114000000{n:02d}") for n in range(4)
    ]
    base = file(people, reference_data, order="2026111400000099")
    for other in tickets:
        Suggestion.objects.create(ticket=base, suggested=other, reason="text")
    services.link_tickets(base, tickets[0], by=people["agent"])
    services.merge_similar(base, tickets[1], by=people["agent"])
    services.dismiss_suggestion(base, tickets[2], by=people["agent"])
    now = timezone.now()
    counts = selectors.suggestion_precision(now - timedelta(days=1), now + timedelta(seconds=1))
    assert (counts.shown, counts.merged, counts.linked, counts.dismissed) == (4, 1, 1, 1)
    assert counts.precision == pytest.approx(2 / 3)
    empty = selectors.suggestion_precision(now - timedelta(days=9), now - timedelta(days=8))
    assert empty.shown == 0 and empty.precision is None


def test_the_reports_show_the_precision(people, reference_data, client):
    other, base = file(people, reference_data, who="buyer2"), file(people, reference_data)
    Suggestion.objects.create(ticket=base, suggested=other, reason="order")
    services.link_tickets(base, other, by=people["agent"])
    client.force_login(people["admin"])
    page = client.get("/agent/reports/").text
    assert 'id="suggestions-title"' in page and "100%" in page


def test_a_suggested_pair_merged_from_the_merge_form_counts_as_accepted(
    people, reference_data, client
):
    other = file(people, reference_data, who="buyer2")
    ticket = file(people, reference_data)
    unrelated = file(
        people, reference_data, who="buyer2", order="2026111400000077", subject="Other"
    )
    client.force_login(people["agent"])
    _panel(client, ticket)
    client.post(f"/agent/tickets/{ticket.reference}/merge/", {"into": other.reference})
    assert Suggestion.objects.get(ticket=ticket, suggested=other).state == Suggestion.State.MERGED
    services.tickets.merge_tickets(unrelated, into=other, by=people["agent"])
    pair = [unrelated, other]  # never shown together: nothing to count
    assert not Suggestion.objects.filter(ticket__in=pair, suggested__in=pair).exists()
