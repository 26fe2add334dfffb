"""PATCH on a ticket: agents change status, priority, assignee and category; the requester
closes or reopens; the services decide, and a refused change leaves nothing behind."""

import pytest

from helpdesk.errors import DomainError
from tickets import services
from tickets.models import Ticket, TicketEvent
from tickets.services import case

from .helpers import client_for, error_of


def patch(user, ticket, data):
    return client_for(user).patch(f"/api/v1/tickets/{ticket.reference}/", data, format="json")


def test_an_agent_changes_status_priority_assignee_and_category(people, tickets):
    ticket = tickets["buyer_delivery"]
    response = patch(
        people["agent"],
        ticket,
        {"status": "pending", "priority": "urgent", "assignee": "agent2", "category": "refund"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["priority"], body["assignee"], body["category"]) == (
        "pending",
        "urgent",
        "agent2",
        "refund",
    )
    assert body["queue"] == "payments"  # the ticket follows its new category
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee, ticket.category.slug) == (
        "pending",
        "urgent",
        people["agent2"],
        "refund",
    )
    kinds = set(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert {"status", "priority", "assignee", "category", "queue"} <= kinds


def test_an_agent_unassigns_with_null(people, tickets):
    ticket = tickets["buyer_delivery"]
    services.assign_ticket(ticket, by=people["agent"], assignee=people["agent"])
    response = patch(people["agent"], ticket, {"assignee": None})
    assert response.status_code == 200
    assert response.json()["assignee"] is None


def test_tickets_are_only_assigned_to_agents(people, tickets):
    response = patch(people["agent"], tickets["buyer_delivery"], {"assignee": "buyer2"})
    assert response.status_code == 400
    assert list(error_of(response)[1]) == ["assignee"]


def test_the_requester_closes_and_reopens_their_inquiry(people, tickets):
    ticket = tickets["buyer_delivery"]
    closed = patch(people["buyer"], ticket, {"status": "closed"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    assert patch(people["buyer"], ticket, {"status": "closed"}).status_code == 200  # no-op
    reopened = patch(people["buyer"], ticket, {"status": "open"})
    assert reopened.status_code == 200, reopened.content
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reopened_count) == ("open", 1)


@pytest.mark.parametrize(
    "data",
    [{"priority": "urgent"}, {"assignee": "agent"}, {"category": "refund"}, {"status": "on_hold"}],
)
def test_the_requester_may_not_work_the_ticket(people, tickets, data):
    ticket = tickets["buyer_delivery"]
    before = (ticket.status, ticket.priority, ticket.assignee_id, ticket.category_id)
    response = patch(people["buyer"], ticket, data)
    assert response.status_code == 403
    assert error_of(response)[0] == "not_allowed"
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee_id, ticket.category_id) == before


def test_the_store_seller_reads_but_does_not_close_the_buyers_inquiry(people, tickets):
    ticket = tickets["buyer_delivery"]
    read = client_for(people["seller"]).get(f"/api/v1/tickets/{ticket.reference}/")
    assert read.status_code == 200
    response = patch(people["seller"], ticket, {"status": "closed"})
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == read.json()["status"] != "closed"


def test_an_empty_or_unknown_change_is_bad_input(people, tickets):
    ticket = tickets["buyer_delivery"]
    empty = patch(people["agent"], ticket, {})
    unknown = patch(people["agent"], ticket, {"status": "done", "category": "nope"})
    assert empty.status_code == unknown.status_code == 400
    assert set(error_of(unknown)[1]) == {"status", "category"}


def test_a_refused_change_undoes_the_others(people, tickets, monkeypatch):
    def refuse(*args, **kwargs):
        raise DomainError("no")

    monkeypatch.setattr(case, "change_status", refuse)  # the last step of a case change
    ticket = tickets["buyer_delivery"]
    response = patch(people["agent"], ticket, {"priority": "urgent", "status": "pending"})
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.priority == "normal"
    assert not TicketEvent.objects.filter(ticket=ticket, kind="priority").exists()


def test_put_is_not_offered(people, tickets):
    response = client_for(people["agent"]).put(
        f"/api/v1/tickets/{tickets['buyer_delivery'].reference}/", {}, format="json"
    )
    assert response.status_code == 405
    assert error_of(response)[0] == "method_not_allowed"


def test_an_agents_reply_reaches_the_requester(people, tickets):
    ticket = tickets["buyer_delivery"]
    reply = client_for(people["agent"]).post(
        f"/api/v1/tickets/{ticket.reference}/messages/",
        {"body": "The courier delivers tomorrow."},
        format="json",
    )
    assert reply.status_code == 201, reply.content
    assert reply.json()["author"] == str(people["agent"])
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    thread = client_for(people["buyer"]).get(f"/api/v1/tickets/{ticket.reference}/messages/")
    assert thread.json()["results"][-1]["body"] == "The courier delivers tomorrow."


def test_a_reply_to_a_closed_inquiry_within_the_reopen_window_reopens_it(people, tickets):
    ticket = tickets["buyer_delivery"]
    services.close_ticket(ticket, by=people["buyer"])
    response = client_for(people["buyer"]).post(
        f"/api/v1/tickets/{ticket.reference}/messages/", {"body": "One more thing"}, format="json"
    )
    assert response.status_code == 201
    assert "ticket" not in response.json()  # on the same inquiry (later: a follow-up)
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_a_blank_message_is_refused(people, tickets):
    response = client_for(people["buyer"]).post(
        f"/api/v1/tickets/{tickets['buyer_delivery'].reference}/messages/",
        {"body": "  "},
        format="json",
    )
    assert response.status_code == 400
    assert list(error_of(response)[1]) == ["body"]
