"""Who sees which ticket through the API: the same rule as the web, and 404 for the rest."""

import pytest

from tickets.models import Message
from tickets.services import add_message

from .helpers import client_for, error_of

ALL = {"buyer_delivery", "buyer_payment", "buyer2_delivery", "seller_own"}
SEES = {
    "buyer": {"buyer_delivery", "buyer_payment"},
    "buyer2": {"buyer2_delivery"},
    # Their own inquiry, and the buyer's order inquiry about their store; not the payment one.
    "seller": {"seller_own", "buyer_delivery"},
    # Members of orders and payments, not of seller-success.
    "agent": {"buyer_delivery", "buyer_payment", "buyer2_delivery"},
    "outsider": {"seller_own"},
    "admin": ALL,
}


def _user(people, outsider_agent, name):
    return outsider_agent if name == "outsider" else people[name]


def _list(api, **params):
    response = api.get("/api/v1/tickets/", params)
    assert response.status_code == 200, response.content
    return {ticket["reference"] for ticket in response.json()["results"]}


@pytest.mark.parametrize("name", sorted(SEES))
def test_each_role_lists_exactly_the_tickets_it_may_see(people, outsider_agent, tickets, name):
    api = client_for(_user(people, outsider_agent, name))
    expected = {tickets[key].reference for key in SEES[name]}
    assert _list(api) & {t.reference for t in tickets.values()} == expected


@pytest.mark.parametrize("name", sorted(SEES))
def test_each_role_reads_its_tickets_and_gets_404_for_the_others(
    people, outsider_agent, tickets, name
):
    api = client_for(_user(people, outsider_agent, name))
    for key, ticket in tickets.items():
        detail = api.get(f"/api/v1/tickets/{ticket.reference}/")
        thread = api.get(f"/api/v1/tickets/{ticket.reference}/messages/")
        write = api.post(
            f"/api/v1/tickets/{ticket.reference}/messages/", {"body": "Hello?"}, format="json"
        )
        change = api.patch(
            f"/api/v1/tickets/{ticket.reference}/", {"status": "closed"}, format="json"
        )
        if key in SEES[name]:
            assert detail.status_code == 200
            assert detail.json()["reference"] == ticket.reference
            assert thread.status_code == 200
        else:
            for response in (detail, thread, write, change):
                assert response.status_code == 404, (key, response.content)
                assert error_of(response)[0] == "not_found"


def test_an_unknown_reference_answers_like_someone_elses(people, tickets):
    api = client_for(people["buyer2"])
    unknown = api.get("/api/v1/tickets/HD-999999/")
    foreign = api.get(f"/api/v1/tickets/{tickets['buyer_delivery'].reference}/")
    assert unknown.status_code == foreign.status_code == 404
    assert unknown.json() == foreign.json()


def test_anonymous_callers_must_sign_in_to_read_tickets(people, tickets):
    api = client_for(None)
    reference = tickets["buyer_delivery"].reference
    for response in (
        api.get("/api/v1/tickets/"),
        api.get(f"/api/v1/tickets/{reference}/"),
        api.get(f"/api/v1/tickets/{reference}/messages/"),
        api.post(f"/api/v1/tickets/{reference}/messages/", {"body": "hi"}, format="json"),
        api.patch(f"/api/v1/tickets/{reference}/", {"status": "closed"}, format="json"),
    ):
        assert response.status_code == 401
        assert error_of(response)[0] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_refused_with_401(db):
    api = client_for(None)
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/categories/")
    assert response.status_code == 401
    assert error_of(response)[0] == "authentication_failed"


def test_requesters_never_see_internal_notes_but_agents_do(people, tickets):
    ticket = tickets["buyer_delivery"]
    add_message(ticket, by=people["agent"], body="Courier is slow this week.", kind="note")
    add_message(ticket, by=people["agent"], body="We chased the courier for you.")
    for name, kinds in (
        ("buyer", ["reply", "reply"]),
        ("seller", ["reply", "reply"]),
        ("agent", ["reply", "note", "reply"]),
        ("admin", ["reply", "note", "reply"]),
    ):
        response = client_for(people[name]).get(f"/api/v1/tickets/{ticket.reference}/messages/")
        assert [m["kind"] for m in response.json()["results"]] == kinds, name


def test_a_seller_sees_the_buyers_name_masked(people, tickets):
    ticket = tickets["buyer_delivery"]
    seller_view = client_for(people["seller"]).get(f"/api/v1/tickets/{ticket.reference}/messages/")
    buyer_view = client_for(people["buyer"]).get(f"/api/v1/tickets/{ticket.reference}/messages/")
    name = str(people["buyer"])
    assert buyer_view.json()["results"][0]["author"] == name
    masked = seller_view.json()["results"][0]["author"]
    assert (name, masked) == ("구매자 이서연", "구*자 이*연")


def test_only_agents_write_internal_notes(people, tickets):
    ticket = tickets["buyer_delivery"]
    buyer = client_for(people["buyer"]).post(
        f"/api/v1/tickets/{ticket.reference}/messages/",
        {"body": "secret", "kind": "note"},
        format="json",
    )
    assert buyer.status_code == 403
    assert error_of(buyer)[0] == "not_allowed"
    agent = client_for(people["agent"]).post(
        f"/api/v1/tickets/{ticket.reference}/messages/",
        {"body": "Checked the courier.", "kind": "note"},
        format="json",
    )
    assert agent.status_code == 201
    assert agent.json()["kind"] == "note"
    assert not Message.objects.filter(ticket=ticket, body="secret").exists()
