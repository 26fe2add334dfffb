"""Merging duplicates and marking spam."""

import pytest

from tests.factories import CategoryFactory, TicketFactory
from tickets import services
from tickets.models import Message, Ticket, TicketEvent


@pytest.fixture
def category(queue):
    return CategoryFactory(queue=queue)


def test_merging_closes_the_duplicate_and_links_both_threads(category, agent):
    duplicate = TicketFactory(category=category, subject="Where is my parcel?")
    target = TicketFactory(category=category, requester=duplicate.requester)
    services.merge_tickets(duplicate, into=target, by=agent)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target
    assert duplicate.status == Ticket.Status.CLOSED
    assert duplicate.messages.filter(kind="reply").exists()  # nothing is deleted
    note = Message.objects.get(ticket=target, kind=Message.Kind.SYSTEM)
    assert duplicate.reference in note.body
    assert TicketEvent.objects.filter(
        ticket=target, kind="merged", old=duplicate.reference
    ).exists()


def test_a_ticket_cannot_be_merged_into_itself_or_twice(category, agent):
    first, second, third = (TicketFactory(category=category) for _ in range(3))
    with pytest.raises(services.InvalidTransition):
        services.merge_tickets(first, into=first, by=agent)
    services.merge_tickets(first, into=second, by=agent)
    with pytest.raises(services.InvalidTransition):
        services.merge_tickets(first, into=third, by=agent)
    with pytest.raises(services.InvalidTransition):
        services.merge_tickets(third, into=first, by=agent)  # first is merged and closed


def test_the_merge_form_leads_to_the_target_ticket(agent_client, category):
    duplicate, target = TicketFactory(category=category), TicketFactory(category=category)
    response = agent_client.post(
        f"/agent/tickets/{duplicate.reference}/merge/", {"into": target.reference.lower()}
    )
    assert response["Location"] == f"/agent/tickets/{target.reference}/"
    page = agent_client.get(response["Location"]).text
    assert f'href="/agent/tickets/{duplicate.reference}/"' in page


def test_merging_into_a_ticket_the_agent_cannot_see_is_refused(agent_client, category):
    duplicate = TicketFactory(category=category)
    hidden = TicketFactory()
    response = agent_client.post(
        f"/agent/tickets/{duplicate.reference}/merge/", {"into": hidden.reference}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/agent/tickets/{duplicate.reference}/"
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_marking_spam_closes_the_ticket_and_hides_it_from_recently_resolved(
    agent_client, category, agent
):
    ticket = TicketFactory(category=category, subject="Cheap watches")
    agent_client.post(f"/agent/tickets/{ticket.reference}/spam/")
    ticket.refresh_from_db()
    assert ticket.is_spam and ticket.status == Ticket.Status.CLOSED
    assert TicketEvent.objects.filter(ticket=ticket, kind="spam", actor=agent).exists()
    assert "Cheap watches" not in agent_client.get("/agent/?view=resolved").text


def test_marking_spam_twice_is_refused(category, agent):
    ticket = TicketFactory(category=category)
    services.mark_spam(ticket, by=agent)
    with pytest.raises(services.InvalidTransition):
        services.mark_spam(ticket, by=agent)


def test_the_target_page_lists_the_duplicates_merged_into_it(category, agent, agent_client):
    duplicate = TicketFactory(category=category, subject="Where is my parcel?")
    target = TicketFactory(category=category, requester=duplicate.requester)
    page = agent_client.get(f"/agent/tickets/{target.reference}/").text
    assert "이 티켓으로 병합된 문의:" not in page
    services.merge_tickets(duplicate, into=target, by=agent)
    page = agent_client.get(f"/agent/tickets/{target.reference}/").text
    start = page.index("이 티켓으로 병합된 문의:")
    line = page[start : page.index("</p>", start)]
    assert duplicate.reference in line and "Where is my parcel?" in line
