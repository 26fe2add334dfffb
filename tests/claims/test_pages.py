"""The claim pages: making a claim (also from an inquiry), the lists of the buyer, the seller
and the agents, a claim's timeline with the moves its reader may make, refusals shown as a
message, someone else's claim a 404, and a seller who never sees the buyer's contact."""

import pytest

from claims.models import Claim, ClaimEvent
from tests.parties.conftest import file_store_inquiry

from .conftest import HOST, at, claim_in, make_claim


def form(**extra):
    data = {
        "kind": "return",
        "fault": "buyer",
        "order_number": "2026112012345678",
        "store_id": "haru-living",
        "product_name": "스테인리스 냄비",
        "amount": "39000",
        "delivered_on": "2026-11-28",
        "reason": "사이즈가 맞지 않아요",
        "submission_id": "form-1",
    }
    data.update(extra)
    return data


def test_a_buyer_makes_a_claim_from_the_form_once_even_when_sent_twice(client, people, clock):
    client.force_login(people["buyer"])
    page = client.get("/claims/new/", **HOST)
    assert page.status_code == 200 and "클레임 신청" in page.content.decode()
    first = client.post("/claims/new/", form(), **HOST)
    second = client.post("/claims/new/", form(), **HOST)
    claim = Claim.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/claims/{claim.reference}/"
    assert claim.ticket.requester == people["buyer"]
    assert claim.ticket.category.slug == "return-exchange"


def test_bad_input_and_a_closed_window_are_shown_on_the_form(client, people, clock):
    client.force_login(people["buyer"])
    page = client.post("/claims/new/", form(delivered_on="2026-11-01", submission_id="x"), **HOST)
    assert page.status_code == 400
    assert "단순 변심 클레임은 배송 완료 후 7일" in page.content.decode()
    page = client.post("/claims/new/", form(amount="", reason="", submission_id="y"), **HOST)
    assert page.status_code == 400
    assert not Claim.objects.exists()


def test_a_claim_starts_from_the_buyers_inquiry_with_its_order_and_store(client, people, clock):
    ticket = file_store_inquiry(people)
    client.force_login(people["buyer"])
    page = client.get(f"/tickets/{ticket.reference}/", **HOST).content.decode()
    assert f"/claims/new/?ticket={ticket.reference}" in page
    prefilled = client.get(f"/claims/new/?ticket={ticket.reference}", **HOST).content.decode()
    assert 'value="2026111412345678"' in prefilled and 'value="haru-living"' in prefilled
    client.post(
        "/claims/new/",
        form(order_number="2026111412345678", ticket=ticket.reference, submission_id="t"),
        **HOST,
    )
    assert Claim.objects.get().ticket == ticket  # beside the buyer's own inquiry, no new one
    # The seller reading the same inquiry gets no such button.
    client.force_login(people["seller"])
    page = client.get(f"/tickets/{ticket.reference}/", **HOST).content.decode()
    assert "/claims/new/" not in page


def test_the_seller_acts_from_the_page_and_a_refused_move_shows_a_message(client, people, clock):
    claim = make_claim(people)
    client.force_login(people["seller"])
    page = client.get(f"/claims/{claim.reference}/", **HOST).content.decode()
    assert "승인" in page and "거부" in page and "다음 단계" in page
    response = client.post(
        f"/claims/{claim.reference}/move/", {"to": "accepted", "accepted-note": "반품 접수"}, **HOST
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == "accepted"
    assert ClaimEvent.objects.filter(claim=claim, new_state="accepted").get().note == "반품 접수"
    refused = client.post(
        f"/claims/{claim.reference}/move/", {"to": "accepted"}, follow=True, **HOST
    )
    assert (
        "“승인됨” 상태의 클레임은 지금 “승인됨” 상태로 바꿀 수 없습니다."
        in refused.content.decode()
    )
    refused = client.post(
        f"/claims/{claim.reference}/move/", {"to": "completed"}, follow=True, **HOST
    )
    assert "바꿀 권한이 없습니다" in refused.content.decode()


def test_a_seller_sees_the_buyer_masked_and_never_their_contact(client, people, clock):
    claim = make_claim(people)
    client.force_login(people["seller"])
    for url in ("/claims/", f"/claims/{claim.reference}/"):
        page = client.get(url, **HOST).content.decode()
        assert "구*연" in page or "구**" in page or "이*연" in page
        assert "구매자 이서연" not in page
        assert people["buyer"].email not in page
    api = client.get(f"/api/v1/claims/{claim.reference}/", **HOST).json()
    assert people["buyer"].email not in str(api) and "이서연" not in str(api)


@pytest.mark.parametrize("outsider", ["buyer2", "agent_elsewhere", "other_seller"])
def test_someone_elses_claim_is_a_404_everywhere(client, people, clock, outsider):
    from tests.factories import StoreFactory, UserFactory

    claim = make_claim(people)
    person = {
        "buyer2": lambda: people["buyer2"],
        "agent_elsewhere": lambda: UserFactory(agent=True),  # in no queue of the claim's inquiry
        "other_seller": lambda: StoreFactory().owner,
    }[outsider]()
    client.force_login(person)
    assert client.get(f"/claims/{claim.reference}/", **HOST).status_code == 404
    assert (
        client.post(f"/claims/{claim.reference}/move/", {"to": "closed"}, **HOST).status_code == 404
    )
    assert client.get(f"/api/v1/claims/{claim.reference}/", **HOST).status_code == 404
    assert claim.reference not in client.get("/claims/", **HOST).content.decode()
    assert not ClaimEvent.objects.filter(claim=claim).exclude(kind="created").exists()


def test_the_lists_and_the_navigation_of_each_role(client, people, clock):
    claim = make_claim(people)
    client.force_login(people["buyer"])
    page = client.get("/claims/", **HOST).content.decode()
    assert claim.reference in page and 'href="/claims/"' in page and "내 클레임" in page
    client.force_login(people["seller"])
    assert claim.reference in client.get("/claims/", **HOST).content.decode()
    client.force_login(people["agent"])
    page = client.get("/agent/claims/", **HOST).content.decode()
    assert claim.reference in page and 'href="/agent/claims/"' in page
    assert client.get("/agent/claims/", **HOST).status_code == 200
    client.force_login(people["buyer"])
    assert client.get("/agent/claims/", **HOST).status_code == 403


def test_the_agent_views_sort_claims_by_their_deadlines(client, people, clock):
    soon = make_claim(people)  # the store answers by tomorrow 10:00
    overdue = claim_in(people, clock, "accepted_cancel_late")  # the clock is now 10 December
    clock.move_to(at(2026, 12, 10, 10, 0))
    client.force_login(people["admin"])
    views = {
        view: client.get(f"/agent/claims/?view={view}", **HOST).content.decode()
        for view in ("open", "due_soon", "overdue", "escalated")
    }
    assert soon.reference in views["open"] and overdue.reference in views["open"]
    assert overdue.reference in views["overdue"]
    assert soon.reference in views["overdue"]  # its answer deadline passed too
    assert overdue.reference not in views["escalated"]  # the sweep has not run yet
    clock.move_to(at(2026, 12, 1, 9, 30))
    due_soon = client.get("/agent/claims/?view=due_soon", **HOST).content.decode()
    assert soon.reference in due_soon


def test_the_claim_page_costs_the_same_queries_however_long_its_history(
    client, people, clock, django_assert_max_num_queries
):
    short = make_claim(people)
    long = claim_in(people, clock, "refunded")
    client.force_login(people["buyer"])
    client.get(f"/claims/{short.reference}/", **HOST)  # warm the reference caches
    with django_assert_max_num_queries(7):
        client.get(f"/claims/{short.reference}/", **HOST)
    with django_assert_max_num_queries(7):
        client.get(f"/claims/{long.reference}/", **HOST)
    for n in range(5):
        make_claim(people, order_number=f"20261120777777{n:02d}")
    with django_assert_max_num_queries(6):
        client.get("/claims/", **HOST)


def test_each_move_is_a_line_in_the_inquirys_history_said_in_the_readers_language(
    client, people, clock
):
    claim = claim_in(people, clock, "accepted")
    client.force_login(people["admin"])
    page = client.get(f"/agent/tickets/{claim.ticket.reference}/", **HOST).content.decode()
    assert f'href="/claims/{claim.reference}/"' in page
    assert "신청됨" in page and "승인됨" in page
